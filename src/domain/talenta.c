/* Talent management: 9-box placement over the mapping table, kinerja axis from the annual
 * predikat, succession fit of a candidate to a post. Pure, no I/O. Owner: domain (talent).
 * Rules: domain.md §16, §6.1 (predikat matrix), README "Talent management". */
#include "kinerja/domain_talenta.h"
#include <stddef.h>
#include <string.h>

static const char *const KINERJA[] = {"DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_ATAS_EKSPEKTASI"};
static const char *const POTENSI[] = {"RENDAH", "MENENGAH", "TINGGI"};

dom_talenta_kinerja_t dom_talenta_kinerja(dom_predikat_t p) {
  switch (p) {
  case DOM_PREDIKAT_SANGAT_BAIK: return DOM_TK_DI_ATAS;
  case DOM_PREDIKAT_BAIK: return DOM_TK_SESUAI;
  case DOM_PREDIKAT_BUTUH_PERBAIKAN:
  case DOM_PREDIKAT_KURANG:
  case DOM_PREDIKAT_SANGAT_KURANG: return DOM_TK_DI_BAWAH;
  default: return DOM_TK_INVALID;
  }
}

static int index_of(const char *const *names, const char *s) {
  for (int i = 0; s && i < 3; i++) if (strcmp(names[i], s) == 0) return i;
  return -1;
}

dom_talenta_kinerja_t dom_talenta_kinerja_from_name(const char *name) { return (dom_talenta_kinerja_t)index_of(KINERJA, name); }
dom_talenta_potensi_t dom_talenta_potensi_from_name(const char *name) { return (dom_talenta_potensi_t)index_of(POTENSI, name); }
const char *dom_talenta_kinerja_name(dom_talenta_kinerja_t k) { return k >= 0 && k < 3 ? KINERJA[k] : NULL; }
const char *dom_talenta_potensi_name(dom_talenta_potensi_t p) { return p >= 0 && p < 3 ? POTENSI[p] : NULL; }

bool dom_talenta_peta_valid(const dom_talenta_peta_t *m) {
  unsigned seen = 0;
  for (int k = 0; k < 3; k++)
    for (int p = 0; p < 3; p++) {
      int n = m->sel[k][p].kotak;
      if (n < 1 || n > 9 || (seen & (1u << n))) return false;
      seen |= 1u << n;
    }
  return true;
}

const char *dom_talenta_status_name(dom_talenta_status_t s) {
  static const char *const N[] = {"DIPETAKAN", "TANPA_PREDIKAT", "TANPA_POTENSI", "TANPA_PREDIKAT_DAN_POTENSI"};
  return s >= 0 && s <= DOM_TALENTA_TANPA_KEDUANYA ? N[s] : NULL;
}

dom_talenta_status_t dom_talenta_place(const dom_talenta_peta_t *m, dom_predikat_t annual, dom_talenta_potensi_t potensi,
                                       const dom_talenta_sel_t **out) {
  dom_talenta_kinerja_t k = dom_talenta_kinerja(annual);
  bool has_p = potensi >= DOM_TP_RENDAH && potensi <= DOM_TP_TINGGI;
  *out = NULL;
  if (k == DOM_TK_INVALID) return has_p ? DOM_TALENTA_TANPA_PREDIKAT : DOM_TALENTA_TANPA_KEDUANYA;
  if (!has_p) return DOM_TALENTA_TANPA_POTENSI;
  *out = &m->sel[k][potensi];
  return DOM_TALENTA_DIPETAKAN;
}

int dom_talenta_level(const char *jenis, const char *jenjang) {
  static const struct { const char *name; int level; } JENIS[] = {
    {"JPT", 4}, {"ADMINISTRATOR", 3}, {"PENGAWAS", 2}, {"PELAKSANA", 1}};
  static const struct { const char *name; int level; } JF[] = {
    {"UTAMA", 5}, {"MADYA", 4}, {"MUDA", 3}, {"PERTAMA", 2},
    {"PENYELIA", 1}, {"MAHIR", 1}, {"TERAMPIL", 1}, {"PEMULA", 1}};
  if (!jenis) return 0;
  for (size_t i = 0; i < sizeof JENIS / sizeof JENIS[0]; i++) if (strcmp(JENIS[i].name, jenis) == 0) return JENIS[i].level;
  if (strcmp(jenis, "FUNGSIONAL") != 0 || !jenjang) return 0;
  for (size_t i = 0; i < sizeof JF / sizeof JF[0]; i++) if (strcmp(JF[i].name, jenjang) == 0) return JF[i].level;
  return 0;
}

int dom_talenta_cocok(int post, int cand) {
  if (post <= 0 || cand <= 0) return 0;
  if (cand == post - 1) return 2;
  if (cand == post) return 1;
  return 0;
}
