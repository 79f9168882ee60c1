/* Unit tests for the distribution curve (include/kinerja/domain_distribusi.h,
 * src/domain/distribusi.c, domain.md §6.4). The rule table is built here exactly as
 * sql/migrations/0010_penilaian.sql seeds distribusi_aturan (names, sets and operations as
 * text, converted the way the API converts them), and every expected limit is written out by
 * hand: floor() for maxima, ceil() for minima. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/domain_distribusi.h"

#include <stdio.h>
#include <string.h>


enum { SB = 0, B, BP, K, SK };
#define BIT(p) (1u << (p))

/* ---- the seeded rule table (0010_penilaian.sql, berlaku_mulai 2023-01-01) ---------------- */

typedef struct seed_row {
  const char *org;        /* predikat_organisasi */
  const char *kode;
  const char *predikat[3];
  const char *operasi;
  double nilai;
} seed_row_t;

static const seed_row_t SEED[] = {
  {"ISTIMEWA", "ISTIMEWA_SB_MAKS_70", {"SANGAT_BAIK"}, "MAX_PCT", 70},
  {"ISTIMEWA", "ISTIMEWA_SB_TERBANYAK", {"SANGAT_BAIK"}, "LARGEST", 0},
  {"BAIK", "BAIK_B_MAKS_70", {"BAIK"}, "MAX_PCT", 70},
  {"BAIK", "BAIK_B_TERBANYAK", {"BAIK"}, "LARGEST", 0},
  {"BAIK", "BAIK_MIN_BP_ATAU_K", {"BUTUH_PERBAIKAN", "KURANG"}, "MIN_COUNT", 1},
  {"BUTUH_PERBAIKAN", "BP_SB_MAKS_10", {"SANGAT_BAIK"}, "MAX_PCT", 10},
  {"BUTUH_PERBAIKAN", "BP_BP_MIN_60", {"BUTUH_PERBAIKAN"}, "MIN_PCT", 60},
  {"KURANG", "KURANG_SB_MAKS_10", {"SANGAT_BAIK"}, "MAX_PCT", 10},
  {"KURANG", "KURANG_BP_MIN_10", {"BUTUH_PERBAIKAN"}, "MIN_PCT", 10},
  {"KURANG", "KURANG_K_MIN_60", {"KURANG"}, "MIN_PCT", 60},
  {"SANGAT_KURANG", "SK_SB_NOL", {"SANGAT_BAIK"}, "MAX_PCT", 0},
  {"SANGAT_KURANG", "SK_BP_K_MIN_10", {"BUTUH_PERBAIKAN", "KURANG"}, "MIN_PCT", 10},
  {"SANGAT_KURANG", "SK_SK_MIN_60", {"SANGAT_KURANG"}, "MIN_PCT", 60},
};
#define NSEED ((int)(sizeof SEED / sizeof SEED[0]))

static int predikat_index(const char *name) {
  static const char *const P[] = {"SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG"};
  for (int i = 0; i < DOM_NPREDIKAT; i++) if (strcmp(P[i], name) == 0) return i;
  return -1;
}

static dom_rule_t rule_from_seed(const seed_row_t *s) {
  dom_rule_t r;
  memset(&r, 0, sizeof r);
  snprintf(r.code, sizeof r.code, "%s", s->kode);
  for (int j = 0; j < 3 && s->predikat[j]; j++) {
    int idx = predikat_index(s->predikat[j]);
    assert_true(idx >= 0);
    r.set |= BIT(idx);
  }
  r.op = dom_rule_op_from_name(s->operasi);
  r.value = s->nilai;
  return r;
}

/* The rules of one organisation predikat, in table order. */
static int org_rules(const char *org, dom_rule_t *out) {
  int n = 0;
  for (int i = 0; i < NSEED; i++)
    if (strcmp(SEED[i].org, org) == 0) out[n++] = rule_from_seed(&SEED[i]);
  return n;
}

/* One rule by its code. */
static dom_rule_t seed_rule(const char *kode) {
  for (int i = 0; i < NSEED; i++)
    if (strcmp(SEED[i].kode, kode) == 0) return rule_from_seed(&SEED[i]);
  fail_msg("no seeded rule %s", kode);
  dom_rule_t none;
  memset(&none, 0, sizeof none);
  return none;
}

/* ---- dom_rule_op_from_name ---------------------------------------------------------------- */

static void op_from_name(void **state) {
  (void)state;
  static const struct { const char *name; dom_rule_op_t op; } T[] = {
    {"MAX_PCT", DOM_RULE_MAX_PCT}, {"MIN_PCT", DOM_RULE_MIN_PCT}, {"MIN_COUNT", DOM_RULE_MIN_COUNT},
    {"LARGEST", DOM_RULE_LARGEST}, {"max_pct", 0}, {"MAX_PCT ", 0}, {" MAX_PCT", 0}, {"MAX", 0},
    {"MIN_PCTX", 0}, {"", 0}, {"SMALLEST", 0}, {NULL, 0},
  };
  for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
    if ((int)dom_rule_op_from_name(T[i].name) != (int)T[i].op)
      fail_msg("dom_rule_op_from_name(%s): expected %d, got %d", T[i].name ? T[i].name : "NULL", (int)T[i].op,
               (int)dom_rule_op_from_name(T[i].name));
  assert_int_equal(DOM_RULE_MAX_PCT, 1); /* 0 must stay "unknown" */
}

static void seed_table_shape(void **state) {
  (void)state;
  dom_rule_t r[8];
  assert_int_equal(org_rules("ISTIMEWA", r), 2);
  assert_int_equal(org_rules("BAIK", r), 3);
  assert_int_equal(r[2].set, BIT(BP) | BIT(K));
  assert_int_equal(r[2].op, DOM_RULE_MIN_COUNT);
  assert_int_equal(org_rules("BUTUH_PERBAIKAN", r), 2);
  assert_int_equal(org_rules("KURANG", r), 3);
  assert_int_equal(org_rules("SANGAT_KURANG", r), 3);
  assert_int_equal(r[1].set, BIT(BP) | BIT(K));
  assert_int_equal(r[1].op, DOM_RULE_MIN_PCT);
  assert_int_equal(r[0].op, DOM_RULE_MAX_PCT);
  assert_true(r[0].value == 0.0);
}

/* ---- every single-rule boundary for n = 1, 4, 5, 10, 37, 200 ---------------------------- */

#define NSIZES 6
static const int SIZES[NSIZES] = {1, 4, 5, 10, 37, 200};

/* The count each seeded rule allows (MAX_PCT: floor) or requires (MIN_PCT: ceil,
 * MIN_COUNT: the value), per size above. Written out by hand, not computed. */
static const struct {
  const char *kode;
  int limit[NSIZES];
} LIMITS[] = {
  /*                              n=1  4  5  10  37  200 */
  {"ISTIMEWA_SB_MAKS_70", /* 70%*/ {0, 2, 3, 7, 25, 140}},
  {"BAIK_B_MAKS_70", /*     70% */ {0, 2, 3, 7, 25, 140}},
  {"BAIK_MIN_BP_ATAU_K", /* >=1 */ {1, 1, 1, 1, 1, 1}},
  {"BP_SB_MAKS_10", /*      10% */ {0, 0, 0, 1, 3, 20}},
  {"BP_BP_MIN_60", /*       60% */ {1, 3, 3, 6, 23, 120}},
  {"KURANG_SB_MAKS_10", /*  10% */ {0, 0, 0, 1, 3, 20}},
  {"KURANG_BP_MIN_10", /*   10% */ {1, 1, 1, 1, 4, 20}},
  {"KURANG_K_MIN_60", /*    60% */ {1, 3, 3, 6, 23, 120}},
  {"SK_SB_NOL", /*           0% */ {0, 0, 0, 0, 0, 0}},
  {"SK_BP_K_MIN_10", /*     10% */ {1, 1, 1, 1, 4, 20}},
  {"SK_SK_MIN_60", /*       60% */ {1, 3, 3, 6, 23, 120}},
};
#define NLIMITS (sizeof LIMITS / sizeof LIMITS[0])

/* Put `count` pegawai into the rule's set (spread over its predikat, first one first), and
 * nobody else: the remaining n - count are simply not counted (the function only looks at the
 * set). */
static void fill_set(unsigned set, int count, int counts[DOM_NPREDIKAT]) {
  memset(counts, 0, sizeof(int) * DOM_NPREDIKAT);
  int first = -1, second = -1;
  for (int p = 0; p < DOM_NPREDIKAT; p++)
    if (set & BIT(p)) { if (first < 0) first = p; else if (second < 0) second = p; }
  if (second < 0) { counts[first] = count; return; }
  counts[first] = count / 2;
  counts[second] = count - count / 2;
}

static int check1(const dom_rule_t *r, int n, int count, dom_violation_t *v) {
  int counts[DOM_NPREDIKAT];
  fill_set(r->set, count, counts);
  memset(v, 0, sizeof *v);
  return dom_distribusi_check(r, 1, n, counts, v, 1);
}

static void expect_none(const dom_rule_t *r, int n, int count) {
  dom_violation_t v;
  int nv = check1(r, n, count, &v);
  if (nv != 0)
    fail_msg("%s n=%d count=%d: expected no violation, got %d (actual %d, limit %d)", r->code, n, count, nv, v.actual,
             v.limit);
}

static void expect_one(const dom_rule_t *r, int n, int count, int limit) {
  dom_violation_t v;
  int nv = check1(r, n, count, &v);
  if (nv != 1) fail_msg("%s n=%d count=%d: expected 1 violation, got %d", r->code, n, count, nv);
  if (v.rule != r) fail_msg("%s: violation does not point at the rule", r->code);
  if (v.actual != count || v.limit != limit)
    fail_msg("%s n=%d count=%d: expected actual %d limit %d, got actual %d limit %d", r->code, n, count, count, limit,
             v.actual, v.limit);
  bool want_warning = n < 5;
  if (v.warning_only != want_warning)
    fail_msg("%s n=%d: warning_only expected %d, got %d", r->code, n, (int)want_warning, (int)v.warning_only);
}

static void single_rule_boundaries(void **state) {
  (void)state;
  for (size_t i = 0; i < NLIMITS; i++) {
    dom_rule_t r = seed_rule(LIMITS[i].kode);
    for (int s = 0; s < NSIZES; s++) {
      int n = SIZES[s], lim = LIMITS[i].limit[s];
      if (r.op == DOM_RULE_MAX_PCT) {
        /* at the limit and just inside: fine; one over: violated */
        expect_none(&r, n, lim);
        if (lim > 0) expect_none(&r, n, lim - 1);
        expect_one(&r, n, lim + 1, lim);
      } else {
        /* at the minimum and one above: fine; one short: violated (R14b: nobody outside n helps) */
        expect_none(&r, n, lim);
        expect_none(&r, n, lim + 1);
        expect_one(&r, n, lim - 1, lim);
        if (lim >= 1) expect_one(&r, n, 0, lim);
      }
    }
  }
}

/* A few spot values of the arithmetic the table above depends on, named in the brief. */
static void limit_spot_values(void **state) {
  (void)state;
  dom_rule_t max70 = seed_rule("ISTIMEWA_SB_MAKS_70"), min60 = seed_rule("BP_BP_MIN_60");
  dom_rule_t max10 = seed_rule("KURANG_SB_MAKS_10"), min10 = seed_rule("KURANG_BP_MIN_10");
  expect_none(&max70, 37, 25); expect_one(&max70, 37, 26, 25);
  expect_none(&min60, 37, 23); expect_one(&min60, 37, 22, 23);
  expect_none(&max10, 37, 3);  expect_one(&max10, 37, 4, 3);
  expect_none(&min10, 37, 4);  expect_one(&min10, 37, 3, 4);
  expect_none(&max10, 5, 0);   expect_one(&max10, 5, 1, 0);
  expect_none(&min10, 5, 1);   expect_one(&min10, 5, 0, 1);
  /* exact multiples stay exact despite binary floating point */
  expect_none(&max70, 10, 7);  expect_one(&max70, 10, 8, 7);
  expect_none(&min60, 10, 6);  expect_one(&min60, 10, 5, 6);
  expect_none(&max10, 10, 1);  expect_one(&max10, 10, 2, 1);
  expect_none(&min10, 10, 1);  expect_one(&min10, 10, 0, 1);
  expect_none(&max70, 100, 70); expect_one(&max70, 100, 71, 70);
  expect_none(&min60, 100, 60); expect_one(&min60, 100, 59, 60);
  expect_none(&max70, 30, 21); expect_one(&max70, 30, 22, 21);
  expect_none(&min60, 15, 9);  expect_one(&min60, 15, 8, 9);
}

/* ---- whole tables per organisation predikat --------------------------------------------- */

typedef struct expect_v {
  const char *kode;
  int actual, limit;
} expect_v_t;

typedef struct curve_case {
  const char *name;
  const char *org;
  int n;
  int counts[DOM_NPREDIKAT];
  int nv;
  expect_v_t v[4];
} curve_case_t;

static const curve_case_t CURVES[] = {
  /* ISTIMEWA: SB at most 70% and the largest group (ties allowed) */
  {"istimewa ok", "ISTIMEWA", 10, {7, 2, 1, 0, 0}, 0, {{0}}},
  {"istimewa SB 8/10", "ISTIMEWA", 10, {8, 2, 0, 0, 0}, 1, {{"ISTIMEWA_SB_MAKS_70", 8, 7}}},
  {"istimewa SB tie with B", "ISTIMEWA", 10, {4, 4, 2, 0, 0}, 0, {{0}}},
  {"istimewa SB tie with SK", "ISTIMEWA", 10, {3, 2, 2, 0, 3}, 0, {{0}}},
  {"istimewa B outnumbers SB", "ISTIMEWA", 10, {4, 5, 1, 0, 0}, 1, {{"ISTIMEWA_SB_TERBANYAK", 4, 5}}},
  {"istimewa K outnumbers SB", "ISTIMEWA", 10, {2, 2, 2, 3, 1}, 1, {{"ISTIMEWA_SB_TERBANYAK", 2, 3}}},
  {"istimewa 37 at max", "ISTIMEWA", 37, {25, 12, 0, 0, 0}, 0, {{0}}},
  {"istimewa 200 at max", "ISTIMEWA", 200, {140, 60, 0, 0, 0}, 0, {{0}}},
  {"istimewa 200 over", "ISTIMEWA", 200, {141, 59, 0, 0, 0}, 1, {{"ISTIMEWA_SB_MAKS_70", 141, 140}}},

  /* BAIK: B at most 70%, the largest, and at least one BP and/or K */
  {"baik ok with BP", "BAIK", 10, {2, 7, 1, 0, 0}, 0, {{0}}},
  {"baik ok with K", "BAIK", 10, {2, 7, 0, 1, 0}, 0, {{0}}},
  {"baik ok with BP and K", "BAIK", 10, {1, 5, 2, 2, 0}, 0, {{0}}},
  {"baik SK does not count", "BAIK", 10, {3, 6, 0, 0, 1}, 1, {{"BAIK_MIN_BP_ATAU_K", 0, 1}}},
  {"baik no BP/K", "BAIK", 10, {3, 7, 0, 0, 0}, 1, {{"BAIK_MIN_BP_ATAU_K", 0, 1}}},
  {"baik B 8/10", "BAIK", 10, {1, 8, 1, 0, 0}, 1, {{"BAIK_B_MAKS_70", 8, 7}}},
  {"baik B tie with SB", "BAIK", 10, {4, 4, 1, 1, 0}, 0, {{0}}},
  {"baik SB outnumbers B", "BAIK", 10, {5, 4, 1, 0, 0}, 1, {{"BAIK_B_TERBANYAK", 4, 5}}},
  {"baik B over max and no BP/K", "BAIK", 37, {0, 26, 0, 0, 11}, 2, {{"BAIK_B_MAKS_70", 26, 25}, {"BAIK_MIN_BP_ATAU_K", 0, 1}}},
  {"baik B outnumbered by SB and SK, no BP/K", "BAIK", 20, {6, 5, 0, 0, 9}, 2,
   {{"BAIK_B_TERBANYAK", 5, 9}, {"BAIK_MIN_BP_ATAU_K", 0, 1}}},
  {"baik n=1 only pegawai is B", "BAIK", 1, {0, 1, 0, 0, 0}, 2,
   {{"BAIK_B_MAKS_70", 1, 0}, {"BAIK_MIN_BP_ATAU_K", 0, 1}}},
  {"baik 200 at max", "BAIK", 200, {59, 140, 1, 0, 0}, 0, {{0}}},

  /* BUTUH_PERBAIKAN: SB at most 10%, BP at least 60% */
  {"bp ok 37", "BUTUH_PERBAIKAN", 37, {3, 11, 23, 0, 0}, 0, {{0}}},
  {"bp SB 4/37", "BUTUH_PERBAIKAN", 37, {4, 10, 23, 0, 0}, 1, {{"BP_SB_MAKS_10", 4, 3}}},
  {"bp BP 22/37", "BUTUH_PERBAIKAN", 37, {3, 12, 22, 0, 0}, 1, {{"BP_BP_MIN_60", 22, 23}}},
  {"bp both", "BUTUH_PERBAIKAN", 10, {2, 3, 5, 0, 0}, 2, {{"BP_SB_MAKS_10", 2, 1}, {"BP_BP_MIN_60", 5, 6}}},
  {"bp n=5 any SB", "BUTUH_PERBAIKAN", 5, {1, 1, 3, 0, 0}, 1, {{"BP_SB_MAKS_10", 1, 0}}},

  /* KURANG: SB at most 10%, BP at least 10%, K at least 60% */
  {"kurang ok 37", "KURANG", 37, {3, 7, 4, 23, 0}, 0, {{0}}},
  {"kurang ok 10", "KURANG", 10, {1, 2, 1, 6, 0}, 0, {{0}}},
  {"kurang BP 3/37", "KURANG", 37, {3, 8, 3, 23, 0}, 1, {{"KURANG_BP_MIN_10", 3, 4}}},
  {"kurang K 22/37", "KURANG", 37, {3, 8, 4, 22, 0}, 1, {{"KURANG_K_MIN_60", 22, 23}}},
  {"kurang all three", "KURANG", 200, {21, 60, 19, 100, 0}, 3,
   {{"KURANG_SB_MAKS_10", 21, 20}, {"KURANG_BP_MIN_10", 19, 20}, {"KURANG_K_MIN_60", 100, 120}}},

  /* SANGAT_KURANG: no SB, BP+K at least 10%, SK at least 60% */
  {"sk ok 10", "SANGAT_KURANG", 10, {0, 3, 0, 1, 6}, 0, {{0}}},
  {"sk ok 37 via BP and K", "SANGAT_KURANG", 37, {0, 10, 2, 2, 23}, 0, {{0}}},
  {"sk one SB", "SANGAT_KURANG", 10, {1, 2, 1, 0, 6}, 1, {{"SK_SB_NOL", 1, 0}}},
  {"sk BP+K 3/37", "SANGAT_KURANG", 37, {0, 11, 1, 2, 23}, 1, {{"SK_BP_K_MIN_10", 3, 4}}},
  {"sk SK 22/37", "SANGAT_KURANG", 37, {0, 11, 4, 0, 22}, 1, {{"SK_SK_MIN_60", 22, 23}}},
  {"sk all three", "SANGAT_KURANG", 5, {1, 2, 0, 0, 2}, 3,
   {{"SK_SB_NOL", 1, 0}, {"SK_BP_K_MIN_10", 0, 1}, {"SK_SK_MIN_60", 2, 3}}},
};
#define NCURVES (sizeof CURVES / sizeof CURVES[0])

static void whole_tables(void **state) {
  (void)state;
  for (size_t i = 0; i < NCURVES; i++) {
    const curve_case_t *c = &CURVES[i];
    dom_rule_t rules[8];
    int nr = org_rules(c->org, rules);
    dom_violation_t v[8];
    memset(v, 0, sizeof v);
    int nv = dom_distribusi_check(rules, nr, c->n, c->counts, v, 8);
    if (nv != c->nv) fail_msg("%s: expected %d violations, got %d", c->name, c->nv, nv);
    for (int j = 0; j < nv; j++) {
      if (!v[j].rule || strcmp(v[j].rule->code, c->v[j].kode) != 0)
        fail_msg("%s: violation %d expected %s, got %s", c->name, j, c->v[j].kode, v[j].rule ? v[j].rule->code : "NULL");
      if (v[j].rule < rules || v[j].rule >= rules + nr) fail_msg("%s: rule pointer outside the table", c->name);
      if (v[j].actual != c->v[j].actual || v[j].limit != c->v[j].limit)
        fail_msg("%s: %s expected actual %d limit %d, got actual %d limit %d", c->name, c->v[j].kode, c->v[j].actual,
                 c->v[j].limit, v[j].actual, v[j].limit);
      if (v[j].warning_only != (c->n < 5)) fail_msg("%s: warning_only wrong for n=%d", c->name, c->n);
    }
  }
}

/* LARGEST reports as its limit the size of the largest other group (the count the set must
 * reach), not just some group that outnumbers it. */
static void largest_limit_is_biggest_rival(void **state) {
  (void)state;
  /* regression: distribusi.c LARGEST: limit = the LAST rival that outnumbers the set, not the largest (fixed) */
  static const struct { int counts[DOM_NPREDIKAT]; int limit; } T[] = {
    {{1, 5, 3, 0, 0}, 5},   /* B=5 and BP=3 both outnumber SB: the SB group must reach 5 */
    {{1, 3, 5, 0, 0}, 5},
    {{0, 2, 4, 6, 8}, 8},
    {{0, 8, 6, 4, 2}, 8},
    {{1, 7, 2, 2, 2}, 7},
  };
  dom_rule_t r = seed_rule("ISTIMEWA_SB_TERBANYAK");
  for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
    dom_violation_t v;
    memset(&v, 0, sizeof v);
    assert_int_equal(dom_distribusi_check(&r, 1, 20, T[i].counts, &v, 1), 1);
    assert_int_equal(v.actual, T[i].counts[SB]);
    if (v.limit != T[i].limit) fail_msg("case %zu: expected limit %d (largest rival), got %d", i, T[i].limit, v.limit);
  }
}

/* n < 5 warns, n >= 5 blocks: the same breach at every size. */
static void warning_only_threshold(void **state) {
  (void)state;
  assert_int_equal(DOM_DISTRIBUSI_MIN_BLOCKING, 5);
  dom_rule_t r = seed_rule("SK_SB_NOL");
  for (int n = 1; n <= 12; n++) {
    int counts[DOM_NPREDIKAT] = {1, 0, 0, 0, n - 1};
    dom_violation_t v;
    memset(&v, 0, sizeof v);
    assert_int_equal(dom_distribusi_check(&r, 1, n, counts, &v, 1), 1);
    if (v.warning_only != (n <= 4)) fail_msg("n=%d: warning_only expected %d", n, n <= 4);
  }
  /* the whole BAIK table for n = 4 and 5: both breach the "≥1 BP/K" rule */
  dom_rule_t rules[8];
  int nr = org_rules("BAIK", rules);
  dom_violation_t v[8];
  int c4[DOM_NPREDIKAT] = {2, 2, 0, 0, 0}, c5[DOM_NPREDIKAT] = {2, 3, 0, 0, 0};
  assert_int_equal(dom_distribusi_check(rules, nr, 4, c4, v, 8), 1);
  assert_string_equal(v[0].rule->code, "BAIK_MIN_BP_ATAU_K");
  assert_true(v[0].warning_only);
  assert_int_equal(dom_distribusi_check(rules, nr, 5, c5, v, 8), 1);
  assert_string_equal(v[0].rule->code, "BAIK_MIN_BP_ATAU_K");
  assert_false(v[0].warning_only);
}

/* out holds at most cap entries, and nothing past them is written. */
static void cap_respected(void **state) {
  (void)state;
  dom_rule_t rules[8];
  int nr = org_rules("KURANG", rules);
  int counts[DOM_NPREDIKAT] = {21, 60, 19, 100, 0};
  dom_violation_t v[4];
  for (int cap = 0; cap <= 3; cap++) {
    memset(v, 0x5a, sizeof v);
    int nv = dom_distribusi_check(rules, nr, 200, counts, v, cap);
    assert_int_equal(nv, cap);
    static const char *const CODES[] = {"KURANG_SB_MAKS_10", "KURANG_BP_MIN_10", "KURANG_K_MIN_60"};
    for (int j = 0; j < nv; j++) assert_string_equal(v[j].rule->code, CODES[j]);
    const unsigned char *tail = (const unsigned char *)&v[cap];
    for (size_t b = 0; b < sizeof(dom_violation_t); b++)
      if (tail[b] != 0x5a) fail_msg("cap %d: byte %zu past the cap written", cap, b);
  }
  /* no rules: nothing */
  assert_int_equal(dom_distribusi_check(rules, 0, 200, counts, v, 4), 0);
}

/* MIN_COUNT for an empty unit requires nothing. */
static void empty_unit(void **state) {
  (void)state;
  int zero[DOM_NPREDIKAT] = {0, 0, 0, 0, 0};
  dom_violation_t v[8];
  static const char *const ORGS[] = {"ISTIMEWA", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG"};
  for (int i = 0; i < 5; i++) {
    dom_rule_t rules[8];
    int nr = org_rules(ORGS[i], rules);
    if (dom_distribusi_check(rules, nr, 0, zero, v, 8) != 0) fail_msg("%s: empty unit violated", ORGS[i]);
  }
}

/* ---- R14b: the population (dom_distribusi_stage, dom_distribusi_population) --------------- */

static void R14b_stage_from_status_and_predikat(void **state) {
  (void)state;
  assert_int_equal(dom_distribusi_stage("TERBUKA", NULL), DOM_DIST_UNRATED);
  assert_int_equal(dom_distribusi_stage("DINILAI", NULL), DOM_DIST_UNRATED);
  assert_int_equal(dom_distribusi_stage("DINILAI", ""), DOM_DIST_UNRATED);
  assert_int_equal(dom_distribusi_stage("DINILAI", "BAIK"), DOM_DIST_PROPOSED);
  assert_int_equal(dom_distribusi_stage("DITETAPKAN", "BAIK"), DOM_DIST_SET);
  assert_int_equal(dom_distribusi_stage("KEBERATAN", "KURANG"), DOM_DIST_SET);
  assert_int_equal(dom_distribusi_stage("FINAL", "SANGAT_BAIK"), DOM_DIST_SET);
  assert_int_equal(dom_distribusi_stage(NULL, "BAIK"), DOM_DIST_PROPOSED);
}

static void R14b_population_counts_set_and_proposed_only(void **state) {
  (void)state;
  const dom_dist_group_t g[] = {
    {DOM_DIST_SET, SB, 2}, {DOM_DIST_SET, B, 3}, {DOM_DIST_PROPOSED, B, 4}, {DOM_DIST_PROPOSED, BP, 1},
    {DOM_DIST_UNRATED, -1, 5}, {DOM_DIST_SET, -1, 1} /* a set row without predikat: not countable */,
    {DOM_DIST_PROPOSED, 9, 1} /* an unknown predikat index: not countable */,
  };
  int ng = (int)(sizeof g / sizeof g[0]);
  dom_dist_population_t set, all;
  dom_distribusi_population(g, ng, false, &set);
  dom_distribusi_population(g, ng, true, &all);
  assert_int_equal(set.n, 5);
  int set_counts[DOM_NPREDIKAT] = {2, 3, 0, 0, 0}, all_counts[DOM_NPREDIKAT] = {2, 7, 1, 0, 0};
  for (int p = 0; p < DOM_NPREDIKAT; p++) {
    assert_int_equal(set.counts[p], set_counts[p]);
    assert_int_equal(all.counts[p], all_counts[p]);
  }
  assert_int_equal(all.n, 10);
  for (int i = 0; i < 2; i++) {
    const dom_dist_population_t *x = i ? &all : &set;
    assert_int_equal(x->ditetapkan, 5);
    assert_int_equal(x->diusulkan, 5);
    assert_int_equal(x->belum_dinilai, 7);
  }
  dom_dist_population_t none;
  dom_distribusi_population(g, 0, true, &none);
  assert_int_equal(none.n + none.ditetapkan + none.diusulkan + none.belum_dinilai, 0);
}

/* The two cases of issue 16 item 1: evaluations never rated used to loosen the curve. */
static void R14b_unrated_do_not_loosen_the_curve(void **state) {
  (void)state;
  dom_rule_t rules[8];
  dom_violation_t v[8];
  dom_dist_population_t p;
  /* BAIK: SB 3, B 7 set, one unrated: n = 10, no BP/K -> violated */
  const dom_dist_group_t baik[] = {{DOM_DIST_SET, SB, 3}, {DOM_DIST_SET, B, 7}, {DOM_DIST_UNRATED, -1, 1}};
  dom_distribusi_population(baik, 3, true, &p);
  assert_int_equal(p.n, 10);
  int nr = org_rules("BAIK", rules);
  assert_int_equal(dom_distribusi_check(rules, nr, p.n, p.counts, v, 8), 1);
  assert_string_equal(v[0].rule->code, "BAIK_MIN_BP_ATAU_K");
  assert_false(v[0].warning_only);
  /* ISTIMEWA: SB 8, B 2 set, two unrated: n = 10, SB at most 7 -> violated */
  const dom_dist_group_t ist[] = {{DOM_DIST_SET, SB, 8}, {DOM_DIST_SET, B, 2}, {DOM_DIST_UNRATED, -1, 2}};
  dom_distribusi_population(ist, 3, true, &p);
  assert_int_equal(p.n, 10);
  nr = org_rules("ISTIMEWA", rules);
  assert_int_equal(dom_distribusi_check(rules, nr, p.n, p.counts, v, 8), 1);
  assert_string_equal(v[0].rule->code, "ISTIMEWA_SB_MAKS_70");
  assert_int_equal(v[0].actual, 8);
  assert_int_equal(v[0].limit, 7);
  /* a proposed BP fills the group in the check before setting, not in the set-only view */
  const dom_dist_group_t prop[] = {{DOM_DIST_SET, SB, 3}, {DOM_DIST_SET, B, 6}, {DOM_DIST_PROPOSED, BP, 1}};
  nr = org_rules("BAIK", rules);
  dom_distribusi_population(prop, 3, true, &p);
  assert_int_equal(dom_distribusi_check(rules, nr, p.n, p.counts, v, 8), 0);
  dom_distribusi_population(prop, 3, false, &p);
  assert_int_equal(p.n, 9);
  assert_int_equal(dom_distribusi_check(rules, nr, p.n, p.counts, v, 8), 1);
  assert_string_equal(v[0].rule->code, "BAIK_MIN_BP_ATAU_K");
}

/* ---- dom_distribusi_ranges --------------------------------------------------------------- */

typedef struct range_case {
  const char *org;
  int n;
  int min[DOM_NPREDIKAT], max[DOM_NPREDIKAT];
} range_case_t;

static const range_case_t RANGES[] = {
  /* ISTIMEWA: only SB max; LARGEST gives no range */
  {"ISTIMEWA", 1, {0, 0, 0, 0, 0}, {0, 1, 1, 1, 1}},
  {"ISTIMEWA", 4, {0, 0, 0, 0, 0}, {2, 4, 4, 4, 4}},
  {"ISTIMEWA", 5, {0, 0, 0, 0, 0}, {3, 5, 5, 5, 5}},
  {"ISTIMEWA", 10, {0, 0, 0, 0, 0}, {7, 10, 10, 10, 10}},
  {"ISTIMEWA", 37, {0, 0, 0, 0, 0}, {25, 37, 37, 37, 37}},
  {"ISTIMEWA", 200, {0, 0, 0, 0, 0}, {140, 200, 200, 200, 200}},
  /* BAIK: B max; the combined BP/K minimum gives no range */
  {"BAIK", 1, {0, 0, 0, 0, 0}, {1, 0, 1, 1, 1}},
  {"BAIK", 4, {0, 0, 0, 0, 0}, {4, 2, 4, 4, 4}},
  {"BAIK", 5, {0, 0, 0, 0, 0}, {5, 3, 5, 5, 5}},
  {"BAIK", 10, {0, 0, 0, 0, 0}, {10, 7, 10, 10, 10}},
  {"BAIK", 37, {0, 0, 0, 0, 0}, {37, 25, 37, 37, 37}},
  {"BAIK", 200, {0, 0, 0, 0, 0}, {200, 140, 200, 200, 200}},
  /* BUTUH_PERBAIKAN: SB max 10%, BP min 60% */
  {"BUTUH_PERBAIKAN", 1, {0, 0, 1, 0, 0}, {0, 1, 1, 1, 1}},
  {"BUTUH_PERBAIKAN", 4, {0, 0, 3, 0, 0}, {0, 4, 4, 4, 4}},
  {"BUTUH_PERBAIKAN", 5, {0, 0, 3, 0, 0}, {0, 5, 5, 5, 5}},
  {"BUTUH_PERBAIKAN", 10, {0, 0, 6, 0, 0}, {1, 10, 10, 10, 10}},
  {"BUTUH_PERBAIKAN", 37, {0, 0, 23, 0, 0}, {3, 37, 37, 37, 37}},
  {"BUTUH_PERBAIKAN", 200, {0, 0, 120, 0, 0}, {20, 200, 200, 200, 200}},
  /* KURANG: SB max 10%, BP min 10%, K min 60% */
  {"KURANG", 1, {0, 0, 1, 1, 0}, {0, 1, 1, 1, 1}},
  {"KURANG", 4, {0, 0, 1, 3, 0}, {0, 4, 4, 4, 4}},
  {"KURANG", 5, {0, 0, 1, 3, 0}, {0, 5, 5, 5, 5}},
  {"KURANG", 10, {0, 0, 1, 6, 0}, {1, 10, 10, 10, 10}},
  {"KURANG", 37, {0, 0, 4, 23, 0}, {3, 37, 37, 37, 37}},
  {"KURANG", 200, {0, 0, 20, 120, 0}, {20, 200, 200, 200, 200}},
  /* SANGAT_KURANG: SB max 0, SK min 60%; the combined BP+K minimum gives no range */
  {"SANGAT_KURANG", 1, {0, 0, 0, 0, 1}, {0, 1, 1, 1, 1}},
  {"SANGAT_KURANG", 4, {0, 0, 0, 0, 3}, {0, 4, 4, 4, 4}},
  {"SANGAT_KURANG", 5, {0, 0, 0, 0, 3}, {0, 5, 5, 5, 5}},
  {"SANGAT_KURANG", 10, {0, 0, 0, 0, 6}, {0, 10, 10, 10, 10}},
  {"SANGAT_KURANG", 37, {0, 0, 0, 0, 23}, {0, 37, 37, 37, 37}},
  {"SANGAT_KURANG", 200, {0, 0, 0, 0, 120}, {0, 200, 200, 200, 200}},
  /* empty unit */
  {"KURANG", 0, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}},
  {"BAIK", 0, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}},
};
#define NRANGES (sizeof RANGES / sizeof RANGES[0])

static void ranges_seeded(void **state) {
  (void)state;
  for (size_t i = 0; i < NRANGES; i++) {
    const range_case_t *c = &RANGES[i];
    dom_rule_t rules[8];
    int nr = org_rules(c->org, rules);
    int mn[DOM_NPREDIKAT], mx[DOM_NPREDIKAT];
    memset(mn, 0x7f, sizeof mn);
    memset(mx, 0x7f, sizeof mx);
    dom_distribusi_ranges(rules, nr, c->n, mn, mx);
    for (int p = 0; p < DOM_NPREDIKAT; p++)
      if (mn[p] != c->min[p] || mx[p] != c->max[p])
        fail_msg("%s n=%d predikat %d: expected [%d,%d], got [%d,%d]", c->org, c->n, p, c->min[p], c->max[p], mn[p],
                 mx[p]);
  }
}

/* Single-predikat MIN_COUNT gives a range; several rules on one predikat keep the tightest;
 * combined sets and LARGEST never constrain. */
static void ranges_synthetic(void **state) {
  (void)state;
  dom_rule_t rules[] = {
    {"BP_MIN_2", BIT(BP), DOM_RULE_MIN_COUNT, 2},
    {"B_MIN_PCT_50", BIT(B), DOM_RULE_MIN_PCT, 50},
    {"B_MAX_PCT_80", BIT(B), DOM_RULE_MAX_PCT, 80},
    {"B_MAX_PCT_90", BIT(B), DOM_RULE_MAX_PCT, 90},
    {"SB_SK_MAX_10", BIT(SB) | BIT(SK), DOM_RULE_MAX_PCT, 10},
    {"K_SK_MIN_50", BIT(K) | BIT(SK), DOM_RULE_MIN_PCT, 50},
    {"K_LARGEST", BIT(K), DOM_RULE_LARGEST, 0},
  };
  int nr = (int)(sizeof rules / sizeof rules[0]);
  int mn[DOM_NPREDIKAT], mx[DOM_NPREDIKAT];
  dom_distribusi_ranges(rules, nr, 3, mn, mx);
  int emin3[] = {0, 2, 2, 0, 0}, emax3[] = {3, 2, 3, 3, 3};   /* B: ceil(1.5)=2, floor(2.4)=2 */
  for (int p = 0; p < DOM_NPREDIKAT; p++) { assert_int_equal(mn[p], emin3[p]); assert_int_equal(mx[p], emax3[p]); }
  dom_distribusi_ranges(rules, nr, 11, mn, mx);
  int emin11[] = {0, 6, 2, 0, 0}, emax11[] = {11, 8, 11, 11, 11}; /* ceil(5.5)=6; floor(8.8)=8 */
  for (int p = 0; p < DOM_NPREDIKAT; p++) { assert_int_equal(mn[p], emin11[p]); assert_int_equal(mx[p], emax11[p]); }
  dom_distribusi_ranges(rules, 0, 7, mn, mx);
  for (int p = 0; p < DOM_NPREDIKAT; p++) { assert_int_equal(mn[p], 0); assert_int_equal(mx[p], 7); }
}

/* ---- dom_distribusi_blame: which set evaluations break a violated rule (§6.4 item 4) ------ */

/* The violations of `counts` under org predikat `org`, and the union of the blamed predikat. */
static unsigned blamed_under(const char *org, const int counts[DOM_NPREDIKAT], int *nv_out) {
  static dom_rule_t rules[8];
  dom_violation_t v[8];
  int nr = org_rules(org, rules), n = 0;
  for (int p = 0; p < DOM_NPREDIKAT; p++) n += counts[p];
  int nv = dom_distribusi_check(rules, nr, n, counts, v, 8);
  unsigned m = 0;
  for (int i = 0; i < nv; i++) m |= dom_distribusi_blame(&v[i], counts);
  *nv_out = nv;
  return m;
}

static void R12_blame_after_org_predikat_change(void **state) {
  (void)state;
  int nv;
  /* ten set under BAIK: 1 SB, 7 B, 2 BP conforms; the org predikat falls to BUTUH_PERBAIKAN:
   * SB over 10% (1 > 1? no: floor(1.0) = 1 allowed), BP under 60% (2 < 6): every non-BP moves */
  const int c1[DOM_NPREDIKAT] = {1, 7, 2, 0, 0};
  assert_int_equal(blamed_under("BAIK", c1, &nv), 0);
  assert_int_equal(nv, 0);
  assert_int_equal(blamed_under("BUTUH_PERBAIKAN", c1, &nv), BIT(SB) | BIT(B) | BIT(K) | BIT(SK));
  assert_int_equal(nv, 1);
  /* the org predikat falls to SANGAT_KURANG: SB none allowed, BP+K >= 10% holds, SK >= 60% fails */
  unsigned m = blamed_under("SANGAT_KURANG", c1, &nv);
  assert_int_equal(nv, 2);
  assert_int_equal(m, BIT(SB) | BIT(B) | BIT(BP) | BIT(K));
  /* the org predikat rises to ISTIMEWA: SB must be the largest group; B (7) and BP (2) outnumber it */
  assert_int_equal(blamed_under("ISTIMEWA", c1, &nv), BIT(B) | BIT(BP));
  assert_int_equal(nv, 1);
  /* MAX_PCT alone blames its own set */
  dom_rule_t r = seed_rule("BAIK_B_MAKS_70");
  dom_violation_t v = {&r, 10, 7, false};
  const int c2[DOM_NPREDIKAT] = {0, 10, 0, 0, 0};
  assert_int_equal(dom_distribusi_blame(&v, c2), BIT(B));
  assert_int_equal(dom_distribusi_blame(NULL, c2), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(op_from_name),
    cmocka_unit_test(seed_table_shape),
    cmocka_unit_test(single_rule_boundaries),
    cmocka_unit_test(limit_spot_values),
    cmocka_unit_test(whole_tables),
    cmocka_unit_test(largest_limit_is_biggest_rival),
    cmocka_unit_test(warning_only_threshold),
    cmocka_unit_test(cap_respected),
    cmocka_unit_test(empty_unit),
    cmocka_unit_test(R14b_stage_from_status_and_predikat),
    cmocka_unit_test(R14b_population_counts_set_and_proposed_only),
    cmocka_unit_test(R14b_unrated_do_not_loosen_the_curve),
    cmocka_unit_test(ranges_seeded),
    cmocka_unit_test(ranges_synthetic),
    cmocka_unit_test(R12_blame_after_org_predikat_change),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
