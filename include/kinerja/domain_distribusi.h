/* Distribution curve of employee predikat within a unit (SE MenPANRB 3/2023 as summarised in
 * domain.md §6.4). The rules are DATA (table distribusi_aturan, versioned); this module only
 * evaluates them. Pure. Owner: domain.
 *
 * Population (R14b, domain.md §6.4 step 1): the evaluations that carry a set predikat, or a set
 * or proposed one for the check before setting; an evaluation with no rating yet is not in n and
 * fills no group (dom_distribusi_population).
 * Counting: percentages become counts of the population n with floor() for maxima and ceil() for
 * minima. Units under 5 evaluated pegawai get warnings, not blocks. */
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

/* Evaluate rules for a population of n with counts[] per predikat (sum = n). Returns the number
 * of violations written to out (<= cap). */
int dom_distribusi_check(const dom_rule_t *rules, int nrules, int n, const int counts[DOM_NPREDIKAT],
                         dom_violation_t *out, int cap);

/* Where an evaluation stands for the curve: no predikat yet, proposed (rated, not set), set
 * (DITETAPKAN, KEBERATAN, FINAL). */
typedef enum dom_dist_stage { DOM_DIST_UNRATED = 0, DOM_DIST_PROPOSED, DOM_DIST_SET } dom_dist_stage_t;

/* The stage of an evaluation from its stored status and predikat (NULL when none). */
dom_dist_stage_t dom_distribusi_stage(const char *status, const char *predikat);

/* A group of a unit's evaluations for one period: `jumlah` evaluations at `stage` with predikat
 * index `predikat` (-1: none). */
typedef struct dom_dist_group {
  dom_dist_stage_t stage;
  int predikat;
  int jumlah;
} dom_dist_group_t;

typedef struct dom_dist_population {
  int n;                       /* in the population */
  int counts[DOM_NPREDIKAT];   /* per predikat, summing to n */
  int ditetapkan, diusulkan;   /* set / proposed evaluations of the unit (in n or not) */
  int belum_dinilai;           /* no rating yet: never in n */
} dom_dist_population_t;

/* R14b: the population of the curve from the unit's groups: the set predikat, and with
 * with_proposed also the proposed ones (the check before setting, and what the unit head sees of
 * a proposed distribution). Unrated evaluations only count in belum_dinilai. */
void dom_distribusi_population(const dom_dist_group_t *groups, int ngroups, bool with_proposed,
                               dom_dist_population_t *out);

/* Allowed count range per predikat implied by the single-predikat MAX/MIN rules for size n
 * (min 0 / max n when unconstrained). */
void dom_distribusi_ranges(const dom_rule_t *rules, int nrules, int n, int min_out[DOM_NPREDIKAT],
                           int max_out[DOM_NPREDIKAT]);

/* Units smaller than this get warnings instead of blocks. */
#define DOM_DISTRIBUSI_MIN_BLOCKING 5

/* Rule op from its table name ("MAX_PCT", ...); 0 when unknown. */
dom_rule_op_t dom_rule_op_from_name(const char *name);

/* The predikat (bit i = predikat i) whose evaluations break violated rule v, given the counts it
 * was checked on (domain.md §6.4 item 4, re-check after an org predikat change): MAX_PCT blames
 * its own set (too many of them), MIN_PCT/MIN_COUNT the others (too few of the set: any other
 * one would have to move), LARGEST every rival group larger than the set. */
unsigned dom_distribusi_blame(const dom_violation_t *v, const int counts[DOM_NPREDIKAT]);
#endif
