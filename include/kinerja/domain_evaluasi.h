/* Evaluation workflow (domain.md §5.3, api.md status_evaluasi): TERBUKA → DINILAI (ratings by
 * the penilai) → DITETAPKAN (predikat set, period frozen) → KEBERATAN (objection within the
 * window) → FINAL (decided, or the window passed). FINAL never changes. Pure. Owner: domain. */
#ifndef KINERJA_DOMAIN_EVALUASI_H
#define KINERJA_DOMAIN_EVALUASI_H
#include <stdbool.h>

typedef enum dom_eval_status {
  DOM_EVAL_INVALID = -1,
  DOM_EVAL_TERBUKA = 0, DOM_EVAL_DINILAI, DOM_EVAL_DITETAPKAN, DOM_EVAL_KEBERATAN, DOM_EVAL_FINAL,
} dom_eval_status_t;

dom_eval_status_t dom_evaluasi_status_from_name(const char *name);
const char *dom_evaluasi_status_name(dom_eval_status_t s);

/* DITETAPKAN turns FINAL when more than window_days have passed since it was set. */
dom_eval_status_t dom_evaluasi_effective(dom_eval_status_t s, int days_since_set, int window_days);

bool dom_evaluasi_can_rate(dom_eval_status_t effective);    /* TERBUKA or DINILAI */
bool dom_evaluasi_can_set(dom_eval_status_t effective);     /* DINILAI */
bool dom_evaluasi_can_object(dom_eval_status_t effective);  /* DITETAPKAN (inside the window) */
bool dom_evaluasi_can_decide(dom_eval_status_t effective);  /* KEBERATAN */
#endif
