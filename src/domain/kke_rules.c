/* KKE rules K03 (recorded appraiser = expected one), K07 (target against last year's realisation,
 * 100 % time-only targets, which indicator is "the same") and the dated exemptions of K01/K21.
 * Leaves the other checks' decisions to src/domain/kke_checks.c and the expected appraiser to
 * src/domain/penilai.c. Pure. Owner: domain. */
#include "kinerja/domain_kke_rules.h"
#include "kinerja/domain_kke.h"
#include <stdio.h>
#include <string.h>

bool dom_kke_status_exempt(const char *status) { return status && strcmp(status, "AKTIF") != 0; }

bool dom_kke_status_in_window(long mulai, long selesai, long a, long b) {
  return mulai <= b && (selesai < 0 || selesai > a);
}

bool dom_kke_penilai_matches(const char *jenis, long pegawai_id, dom_penilai_t expected) {
  const char *want = dom_penilai_kind_name(expected.kind);
  if (!jenis || strcmp(jenis, want) != 0) return false;
  return expected.kind != DOM_PENILAI_PEGAWAI || expected.pegawai_id == pegawai_id;
}

static bool has_word(const char *text, const char *word) {
  char buf[2048], padded[2056], needle[40];
  dom_kke_normalize(text, buf, sizeof buf);
  snprintf(padded, sizeof padded, " %s ", buf);
  snprintf(needle, sizeof needle, " %s ", word);
  return strstr(padded, needle) != NULL;
}

static bool is_percent(const char *satuan) {
  return satuan && (strcmp(satuan, "%") == 0 || has_word(satuan, "persen") || has_word(satuan, "persentase"));
}

bool dom_kke_time_100(const dom_kke_target_t *t) {
  bool time = t->aspek ? strcmp(t->aspek, "WAKTU") == 0 : has_word(t->uraian, "waktu");
  if (!time) return false;
  if (t->has_min && is_percent(t->satuan)) return t->min >= 100.0 && (!t->has_max || t->max >= 100.0);
  return !t->has_min && t->target_teks && has_word(t->target_teks, "100");
}

double dom_kke_target_value(const dom_kke_target_t *t) {
  if (t->turun_baik) return t->has_min ? t->min : t->max;
  return t->has_max ? t->max : t->min;
}

bool dom_kke_below_last_year(const dom_kke_target_t *t, double prev) {
  if (!t->has_min && !t->has_max) return false;
  return t->turun_baik ? dom_kke_target_value(t) > prev : dom_kke_target_value(t) < prev;
}

bool dom_kke_same_indicator(const char *aspek_a, const char *uraian_a, const char *aspek_b, const char *uraian_b) {
  if ((aspek_a || aspek_b) && (!aspek_a || !aspek_b || strcmp(aspek_a, aspek_b) != 0)) return false;
  return dom_kke_same_text(uraian_a, uraian_b);
}
