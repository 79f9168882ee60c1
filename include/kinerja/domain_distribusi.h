/* Distribution curve of employee predikat within a unit (SE MenPANRB 3/2023 as summarised in
 * domain.md §6.4). The rules are DATA (table distribusi_aturan, versioned); this module only
 * evaluates them. Pure. Owner: domain.
 *
 * Counting: percentages become counts of the unit's evaluated population n with floor() for
 * maxima and ceil() for minima. While some evaluations are still unrated, a minimum is only
 * violated when it can no longer be reached. Units under 5 evaluated pegawai get warnings,
 * not blocks. */
#ifndef KINERJA_DOMAIN_DISTRIBUSI_H
#define KINERJA_DOMAIN_DISTRIBUSI_H
#include <stdbool.h>

#define DOM_NPREDIKAT 5  /* index = SIASN id - 1: SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG */

typedef enum dom_rule_op {
  DOM_RULE_MAX_PCT = 1,   /* count(set) <= floor(value% of n) */
  DOM_RULE_MIN_PCT,       /* count(set) >= ceil(value% of n) */
  DOM_RULE_MIN_COUNT,     /* count(set) >= value */
  DOM_RULE_LARGEST,       /* count(set) >= count of every other single predikat */
} dom_rule_op_t;

typedef struct dom_rule {
  char code[48];          /* stable rule code, e.g. "BAIK_MIN_BP_ATAU_K" */
  unsigned set;           /* bit i = predikat index i */
  dom_rule_op_t op;
  double value;
} dom_rule_t;

typedef struct dom_violation {
  const dom_rule_t *rule;
  int actual;             /* count of the set now */
  int limit;              /* the count the rule allows / requires */
  bool warning_only;      /* small unit: reported, not blocking */
} dom_violation_t;

/* Evaluate rules for a unit of n evaluated pegawai with counts[] already rated and `unrated`
 * still open. Returns the number of violations written to out (<= cap). */
int dom_distribusi_check(const dom_rule_t *rules, int nrules, int n, const int counts[DOM_NPREDIKAT],
                         int unrated, dom_violation_t *out, int cap);

/* Allowed count range per predikat implied by the single-predikat MAX/MIN rules for size n
 * (min 0 / max n when unconstrained). */
void dom_distribusi_ranges(const dom_rule_t *rules, int nrules, int n, int min_out[DOM_NPREDIKAT],
                           int max_out[DOM_NPREDIKAT]);

/* Units smaller than this get warnings instead of blocks. */
#define DOM_DISTRIBUSI_MIN_BLOCKING 5

/* Rule op from its table name ("MAX_PCT", ...); 0 when unknown. */
dom_rule_op_t dom_rule_op_from_name(const char *name);
#endif
