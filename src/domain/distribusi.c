/* Distribution curve evaluation. Pure. Owner: domain. */
#include "kinerja/domain_distribusi.h"
#include <math.h>
#include <string.h>

dom_rule_op_t dom_rule_op_from_name(const char *s) {
  if (!s) return 0;
  if (strcmp(s, "MAX_PCT") == 0) return DOM_RULE_MAX_PCT;
  if (strcmp(s, "MIN_PCT") == 0) return DOM_RULE_MIN_PCT;
  if (strcmp(s, "MIN_COUNT") == 0) return DOM_RULE_MIN_COUNT;
  if (strcmp(s, "LARGEST") == 0) return DOM_RULE_LARGEST;
  return 0;
}

static int set_count(unsigned set, const int counts[DOM_NPREDIKAT]) {
  int c = 0;
  for (int i = 0; i < DOM_NPREDIKAT; i++) if (set & (1u << i)) c += counts[i];
  return c;
}

/* The count a rule allows (max) or requires (min) for size n. The small epsilon keeps
 * 70% of 10 at exactly 7 despite binary floating point. */
static int rule_limit(const dom_rule_t *r, int n) {
  switch (r->op) {
    case DOM_RULE_MAX_PCT: return (int)floor(r->value * n / 100.0 + 1e-9);
    case DOM_RULE_MIN_PCT: return (int)ceil(r->value * n / 100.0 - 1e-9);
    case DOM_RULE_MIN_COUNT: return n > 0 ? (int)r->value : 0;
    case DOM_RULE_LARGEST: return 0;
  }
  return 0;
}

int dom_distribusi_check(const dom_rule_t *rules, int nrules, int n, const int counts[DOM_NPREDIKAT],
                         int unrated, dom_violation_t *out, int cap) {
  int nv = 0;
  bool small = n < DOM_DISTRIBUSI_MIN_BLOCKING;
  for (int i = 0; i < nrules && nv < cap; i++) {
    const dom_rule_t *r = &rules[i];
    int actual = set_count(r->set, counts), limit = rule_limit(r, n);
    bool bad = false;
    switch (r->op) {
      case DOM_RULE_MAX_PCT: bad = actual > limit; break;
      case DOM_RULE_MIN_PCT:
      case DOM_RULE_MIN_COUNT: bad = actual + unrated < limit; break; /* unreachable even if all open go here */
      case DOM_RULE_LARGEST: {
        /* the set must not be outnumbered by any single other predikat, counting the still
         * unrated as possibly joining the set */
        for (int p = 0; p < DOM_NPREDIKAT; p++) {
          if (r->set & (1u << p)) continue;
          if (counts[p] > actual + unrated) {
            bad = true;
            if (counts[p] > limit) limit = counts[p]; /* report the biggest rival */
          }
        }
        break;
      }
    }
    if (bad) {
      out[nv].rule = r;
      out[nv].actual = actual;
      out[nv].limit = limit;
      out[nv].warning_only = small;
      nv++;
    }
  }
  return nv;
}

void dom_distribusi_ranges(const dom_rule_t *rules, int nrules, int n, int min_out[DOM_NPREDIKAT],
                           int max_out[DOM_NPREDIKAT]) {
  for (int p = 0; p < DOM_NPREDIKAT; p++) { min_out[p] = 0; max_out[p] = n; }
  for (int i = 0; i < nrules; i++) {
    const dom_rule_t *r = &rules[i];
    int single = -1, bits = 0;
    for (int p = 0; p < DOM_NPREDIKAT; p++) if (r->set & (1u << p)) { single = p; bits++; }
    if (bits != 1) continue; /* combined rules have no single-predikat range */
    int limit = rule_limit(r, n);
    if (r->op == DOM_RULE_MAX_PCT && limit < max_out[single]) max_out[single] = limit;
    if ((r->op == DOM_RULE_MIN_PCT || r->op == DOM_RULE_MIN_COUNT) && limit > min_out[single]) min_out[single] = limit;
  }
}
