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
