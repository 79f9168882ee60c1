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

dom_dist_stage_t dom_distribusi_stage(const char *status, const char *predikat) {
  if (!predikat || !predikat[0]) return DOM_DIST_UNRATED;
  if (status && (strcmp(status, "DITETAPKAN") == 0 || strcmp(status, "KEBERATAN") == 0 || strcmp(status, "FINAL") == 0))
    return DOM_DIST_SET;
  return DOM_DIST_PROPOSED;
}

void dom_distribusi_population(const dom_dist_group_t *groups, int ngroups, bool with_proposed,
                               dom_dist_population_t *out) {
  memset(out, 0, sizeof *out);
  for (int i = 0; i < ngroups; i++) {
    const dom_dist_group_t *g = &groups[i];
    bool known = g->predikat >= 0 && g->predikat < DOM_NPREDIKAT;
    dom_dist_stage_t stage = known ? g->stage : DOM_DIST_UNRATED;
    if (stage == DOM_DIST_UNRATED) { out->belum_dinilai += g->jumlah; continue; }
    if (stage == DOM_DIST_SET) out->ditetapkan += g->jumlah;
    else out->diusulkan += g->jumlah;
    if (stage == DOM_DIST_SET || with_proposed) {
      out->n += g->jumlah;
      out->counts[g->predikat] += g->jumlah;
    }
  }
}

int dom_distribusi_check(const dom_rule_t *rules, int nrules, int n, const int counts[DOM_NPREDIKAT],
                         dom_violation_t *out, int cap) {
  int nv = 0;
  bool small = n < DOM_DISTRIBUSI_MIN_BLOCKING;
  for (int i = 0; i < nrules && nv < cap; i++) {
    const dom_rule_t *r = &rules[i];
    int actual = set_count(r->set, counts), limit = rule_limit(r, n);
    bool bad = false;
    switch (r->op) {
      case DOM_RULE_MAX_PCT: bad = actual > limit; break;
      case DOM_RULE_MIN_PCT:
      case DOM_RULE_MIN_COUNT: bad = actual < limit; break;
      case DOM_RULE_LARGEST: {
        /* the set must not be outnumbered by any single other predikat */
        for (int p = 0; p < DOM_NPREDIKAT; p++) {
          if (r->set & (1u << p)) continue;
          if (counts[p] > actual) {
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

unsigned dom_distribusi_blame(const dom_violation_t *v, const int counts[DOM_NPREDIKAT]) {
  const unsigned all = (1u << DOM_NPREDIKAT) - 1;
  if (!v || !v->rule) return 0;
  switch (v->rule->op) {
    case DOM_RULE_MAX_PCT: return v->rule->set & all;
    case DOM_RULE_MIN_PCT:
    case DOM_RULE_MIN_COUNT: return ~v->rule->set & all;
    case DOM_RULE_LARGEST: {
      unsigned m = 0;
      for (int p = 0; p < DOM_NPREDIKAT; p++)
        if (!(v->rule->set & (1u << p)) && counts[p] > v->actual) m |= 1u << p;
      return m;
    }
  }
  return 0;
}
