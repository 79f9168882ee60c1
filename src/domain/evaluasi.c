/* Evaluation workflow. Pure. Owner: domain. */
#include "kinerja/domain_evaluasi.h"
#include <string.h>

static const char *const NAMES[] = {"TERBUKA", "DINILAI", "DITETAPKAN", "KEBERATAN", "FINAL"};

dom_eval_status_t dom_evaluasi_status_from_name(const char *n) {
  for (int i = 0; n && i < 5; i++) if (strcmp(NAMES[i], n) == 0) return (dom_eval_status_t)i;
  return DOM_EVAL_INVALID;
}

const char *dom_evaluasi_status_name(dom_eval_status_t s) { return s >= 0 && s <= 4 ? NAMES[s] : "INVALID"; }

dom_eval_status_t dom_evaluasi_effective(dom_eval_status_t s, int days, int window) {
  return s == DOM_EVAL_DITETAPKAN && days > window ? DOM_EVAL_FINAL : s;
}

bool dom_evaluasi_can_rate(dom_eval_status_t s) { return s == DOM_EVAL_TERBUKA || s == DOM_EVAL_DINILAI; }
bool dom_evaluasi_can_set(dom_eval_status_t s) { return s == DOM_EVAL_DINILAI; }
bool dom_evaluasi_can_object(dom_eval_status_t s) { return s == DOM_EVAL_DITETAPKAN; }
bool dom_evaluasi_can_decide(dom_eval_status_t s) { return s == DOM_EVAL_KEBERATAN; }

dom_keberatan_pemutus_t dom_keberatan_pemutus(const char *atasan_jenis) {
  return atasan_jenis && strcmp(atasan_jenis, "PEGAWAI") == 0 ? DOM_PEMUTUS_ATASAN_PENILAI : DOM_PEMUTUS_PPK;
}

const char *dom_keberatan_pemutus_name(dom_keberatan_pemutus_t p) {
  return p == DOM_PEMUTUS_PPK ? "PPK" : "ATASAN_PENILAI";
}

dom_putus_check_t dom_keberatan_can_decide_as(dom_keberatan_pemutus_t p, bool caller_atasan, bool caller_bkpsdm,
                                              bool nomor_given) {
  if (p == DOM_PEMUTUS_ATASAN_PENILAI) return caller_atasan ? DOM_PUTUS_OK : DOM_PUTUS_NOT_ATASAN;
  if (!caller_bkpsdm) return DOM_PUTUS_NOT_BKPSDM;
  return nomor_given ? DOM_PUTUS_OK : DOM_PUTUS_NOMOR_REQUIRED;
}
