/* Unit tests for evaluation periods and dates (include/kinerja/domain_periode.h,
 * src/domain/periode.c, domain.md §5.3, §6.5). Expected periods and day numbers are written
 * out by hand; the day-number conversion is also walked day by day against an independent
 * calendar in this file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/domain_periode.h"

#include <stdio.h>
#include <string.h>


#define D(y, m, d) ((dom_date_t){(y), (m), (d)})

static bool same_date(dom_date_t a, dom_date_t b) { return a.y == b.y && a.m == b.m && a.d == b.d; }

/* ---- dom_periode_generate ----------------------------------------------------------------- */

typedef struct exp_periode {
  int nomor;
  dom_date_t awal, akhir;
  bool akhir_tahun;
} exp_periode_t;

typedef struct gen_case {
  const char *name;
  bool quarterly;
  dom_date_t awal, akhir;
  int cap;
  int n;
  exp_periode_t p[12];
} gen_case_t;

static const gen_case_t GEN[] = {
  {"triwulan full year", true, D(2026, 1, 1), D(2026, 12, 31), 12, 4,
   {{1, D(2026, 1, 1), D(2026, 3, 31), false},
    {2, D(2026, 4, 1), D(2026, 6, 30), false},
    {3, D(2026, 7, 1), D(2026, 9, 30), false},
    {4, D(2026, 10, 1), D(2026, 12, 31), true}}},
  {"bulanan full year", false, D(2026, 1, 1), D(2026, 12, 31), 12, 12,
   {{1, D(2026, 1, 1), D(2026, 1, 31), false},
    {2, D(2026, 2, 1), D(2026, 2, 28), false},
    {3, D(2026, 3, 1), D(2026, 3, 31), false},
    {4, D(2026, 4, 1), D(2026, 4, 30), false},
    {5, D(2026, 5, 1), D(2026, 5, 31), false},
    {6, D(2026, 6, 1), D(2026, 6, 30), false},
    {7, D(2026, 7, 1), D(2026, 7, 31), false},
    {8, D(2026, 8, 1), D(2026, 8, 31), false},
    {9, D(2026, 9, 1), D(2026, 9, 30), false},
    {10, D(2026, 10, 1), D(2026, 10, 31), false},
    {11, D(2026, 11, 1), D(2026, 11, 30), false},
    {12, D(2026, 12, 1), D(2026, 12, 31), true}}},
  {"bulanan leap year", false, D(2024, 1, 1), D(2024, 12, 31), 12, 12,
   {{1, D(2024, 1, 1), D(2024, 1, 31), false},
    {2, D(2024, 2, 1), D(2024, 2, 29), false},
    {3, D(2024, 3, 1), D(2024, 3, 31), false},
    {4, D(2024, 4, 1), D(2024, 4, 30), false},
    {5, D(2024, 5, 1), D(2024, 5, 31), false},
    {6, D(2024, 6, 1), D(2024, 6, 30), false},
    {7, D(2024, 7, 1), D(2024, 7, 31), false},
    {8, D(2024, 8, 1), D(2024, 8, 31), false},
    {9, D(2024, 9, 1), D(2024, 9, 30), false},
    {10, D(2024, 10, 1), D(2024, 10, 31), false},
    {11, D(2024, 11, 1), D(2024, 11, 30), false},
    {12, D(2024, 12, 1), D(2024, 12, 31), true}}},
  {"triwulan leap year", true, D(2024, 1, 1), D(2024, 12, 31), 12, 4,
   {{1, D(2024, 1, 1), D(2024, 3, 31), false},
    {2, D(2024, 4, 1), D(2024, 6, 30), false},
    {3, D(2024, 7, 1), D(2024, 9, 30), false},
    {4, D(2024, 10, 1), D(2024, 12, 31), true}}},
  {"triwulan from mid-March", true, D(2026, 3, 10), D(2026, 12, 31), 12, 4,
   {{1, D(2026, 3, 10), D(2026, 3, 31), false},
    {2, D(2026, 4, 1), D(2026, 6, 30), false},
    {3, D(2026, 7, 1), D(2026, 9, 30), false},
    {4, D(2026, 10, 1), D(2026, 12, 31), true}}},
  {"bulanan from mid-March", false, D(2026, 3, 10), D(2026, 5, 31), 12, 3,
   {{3, D(2026, 3, 10), D(2026, 3, 31), false},
    {4, D(2026, 4, 1), D(2026, 4, 30), false},
    {5, D(2026, 5, 1), D(2026, 5, 31), true}}},
  {"triwulan to mid-August", true, D(2026, 1, 1), D(2026, 8, 15), 12, 3,
   {{1, D(2026, 1, 1), D(2026, 3, 31), false},
    {2, D(2026, 4, 1), D(2026, 6, 30), false},
    {3, D(2026, 7, 1), D(2026, 8, 15), true}}},
  {"bulanan to mid-August", false, D(2026, 1, 1), D(2026, 8, 15), 12, 8,
   {{1, D(2026, 1, 1), D(2026, 1, 31), false},
    {2, D(2026, 2, 1), D(2026, 2, 28), false},
    {3, D(2026, 3, 1), D(2026, 3, 31), false},
    {4, D(2026, 4, 1), D(2026, 4, 30), false},
    {5, D(2026, 5, 1), D(2026, 5, 31), false},
    {6, D(2026, 6, 1), D(2026, 6, 30), false},
    {7, D(2026, 7, 1), D(2026, 7, 31), false},
    {8, D(2026, 8, 1), D(2026, 8, 15), true}}},
  {"triwulan both ends clipped", true, D(2026, 2, 15), D(2026, 5, 10), 12, 2,
   {{1, D(2026, 2, 15), D(2026, 3, 31), false},
    {2, D(2026, 4, 1), D(2026, 5, 10), true}}},
  {"triwulan inside one quarter", true, D(2026, 7, 20), D(2026, 9, 5), 12, 1,
   {{3, D(2026, 7, 20), D(2026, 9, 5), true}}},
  {"triwulan across a boundary by a day each side", true, D(2026, 3, 31), D(2026, 4, 1), 12, 2,
   {{1, D(2026, 3, 31), D(2026, 3, 31), false},
    {2, D(2026, 4, 1), D(2026, 4, 1), true}}},
  {"triwulan last quarter only", true, D(2026, 10, 1), D(2026, 12, 31), 12, 1,
   {{4, D(2026, 10, 1), D(2026, 12, 31), true}}},
  {"triwulan one day", true, D(2026, 5, 20), D(2026, 5, 20), 12, 1,
   {{2, D(2026, 5, 20), D(2026, 5, 20), true}}},
  {"bulanan one day", false, D(2026, 5, 20), D(2026, 5, 20), 12, 1,
   {{5, D(2026, 5, 20), D(2026, 5, 20), true}}},
  {"bulanan leap day only", false, D(2024, 2, 29), D(2024, 2, 29), 12, 1,
   {{2, D(2024, 2, 29), D(2024, 2, 29), true}}},
  {"triwulan leap day only", true, D(2024, 2, 29), D(2024, 2, 29), 12, 1,
   {{1, D(2024, 2, 29), D(2024, 2, 29), true}}},
  {"bulanan from leap day", false, D(2024, 2, 29), D(2024, 3, 1), 12, 2,
   {{2, D(2024, 2, 29), D(2024, 2, 29), false},
    {3, D(2024, 3, 1), D(2024, 3, 1), true}}},
  {"bulanan new year's eve", false, D(2026, 12, 31), D(2026, 12, 31), 12, 1,
   {{12, D(2026, 12, 31), D(2026, 12, 31), true}}},
  {"bulanan Dec clipped", false, D(2026, 11, 15), D(2026, 12, 20), 12, 2,
   {{11, D(2026, 11, 15), D(2026, 11, 30), false},
    {12, D(2026, 12, 1), D(2026, 12, 20), true}}},
  /* invalid */
  {"end before start", true, D(2026, 5, 2), D(2026, 5, 1), 12, 0, {{0}}},
  {"end before start, bulanan", false, D(2026, 12, 31), D(2026, 1, 1), 12, 0, {{0}}},
  {"different years", true, D(2025, 12, 1), D(2026, 1, 31), 12, 0, {{0}}},
  {"different years, bulanan", false, D(2025, 1, 1), D(2026, 12, 31), 12, 0, {{0}}},
  {"cap 0", true, D(2026, 1, 1), D(2026, 12, 31), 0, 0, {{0}}},
  /* cap smaller than needed: the first cap periods */
  {"bulanan cap 3", false, D(2026, 1, 1), D(2026, 12, 31), 3, 3,
   {{1, D(2026, 1, 1), D(2026, 1, 31), false},
    {2, D(2026, 2, 1), D(2026, 2, 28), false},
    {3, D(2026, 3, 1), D(2026, 3, 31), false}}},
  {"triwulan cap 2 from mid-March", true, D(2026, 3, 10), D(2026, 12, 31), 2, 2,
   {{1, D(2026, 3, 10), D(2026, 3, 31), false},
    {2, D(2026, 4, 1), D(2026, 6, 30), false}}},
};
#define NGEN (sizeof GEN / sizeof GEN[0])

/* Sentinel so we can see nothing is written past the returned count. */
#define POISON 0x6b

static void check_generated(const gen_case_t *c, bool check_akhir_tahun) {
  dom_periode_t out[13];
  memset(out, POISON, sizeof out);
  int n = dom_periode_generate(c->quarterly, c->awal, c->akhir, out, c->cap);
  if (n != c->n) fail_msg("%s: expected %d periods, got %d", c->name, c->n, n);
  for (int i = 0; i < n; i++) {
    const exp_periode_t *e = &c->p[i];
    if (out[i].nomor != e->nomor || !same_date(out[i].awal, e->awal) || !same_date(out[i].akhir, e->akhir))
      fail_msg("%s [%d]: expected %d %04d-%02d-%02d..%04d-%02d-%02d, got %d %04d-%02d-%02d..%04d-%02d-%02d", c->name,
               i, e->nomor, e->awal.y, e->awal.m, e->awal.d, e->akhir.y, e->akhir.m, e->akhir.d, out[i].nomor,
               out[i].awal.y, out[i].awal.m, out[i].awal.d, out[i].akhir.y, out[i].akhir.m, out[i].akhir.d);
    if (check_akhir_tahun && out[i].akhir_tahun != e->akhir_tahun)
      fail_msg("%s [%d]: akhir_tahun expected %d, got %d", c->name, i, e->akhir_tahun, out[i].akhir_tahun);
  }
  const unsigned char *tail = (const unsigned char *)&out[n];
  for (size_t b = 0; b < sizeof out - (size_t)n * sizeof out[0]; b++)
    if (tail[b] != POISON) fail_msg("%s: byte %zu past the %d periods written", c->name, b, n);
}

static void generate_table(void **state) {
  (void)state;
  for (size_t i = 0; i < NGEN; i++) {
    /* the capped rows are checked for akhir_tahun separately (periods_truncated_not_year_end) */
    bool capped = GEN[i].cap > 0 && GEN[i].cap < 12;
    check_generated(&GEN[i], !capped);
  }
}

/* When cap cuts the list short, the last period returned is not the end of the segment, so it
 * must not be flagged as the year-end evaluation (header: "the last period of the segment"). */
static void periods_truncated_not_year_end(void **state) {
  (void)state;
  /* regression: periode.c dom_periode_generate flags out[n-1] even when cap cut the list (fixed) */
  for (size_t i = 0; i < NGEN; i++)
    if (GEN[i].cap > 0 && GEN[i].cap < 12) check_generated(&GEN[i], true);
}

/* Periods tile the segment: contiguous, non-overlapping, from awal to akhir; nomor strictly
 * increasing; only the last flagged. Checked over many segments of 2023..2025. */
static void generate_tiles_segments(void **state) {
  (void)state;
  static const int YEARS[] = {2023, 2024, 2025};
  static const int DAYS[] = {1, 2, 15, 28, 29, 30, 31};
  for (int yi = 0; yi < 3; yi++)
    for (int q = 0; q < 2; q++)
      for (int m1 = 1; m1 <= 12; m1++)
        for (int d1 = 0; d1 < 7; d1++)
          for (int m2 = m1; m2 <= 12; m2 += 2)
            for (int d2 = 0; d2 < 7; d2++) {
              int y = YEARS[yi];
              dom_date_t a = D(y, m1, DAYS[d1]), b = D(y, m2, DAYS[d2]), t;
              char sa[16], sb[16];
              snprintf(sa, sizeof sa, "%04d-%02d-%02d", a.y, a.m, a.d);
              snprintf(sb, sizeof sb, "%04d-%02d-%02d", b.y, b.m, b.d);
              if (!dom_date_parse(sa, &t) || !dom_date_parse(sb, &t)) continue; /* e.g. 30 Feb */
              dom_periode_t out[12];
              int n = dom_periode_generate(q, a, b, out, 12);
              long da = dom_date_days(a), db = dom_date_days(b);
              if (db < da) { assert_int_equal(n, 0); continue; }
              if (n < 1) fail_msg("%s..%s: no periods", sa, sb);
              assert_true(same_date(out[0].awal, a));
              assert_true(same_date(out[n - 1].akhir, b));
              for (int i = 0; i < n; i++) {
                assert_true(dom_date_days(out[i].awal) <= dom_date_days(out[i].akhir));
                assert_int_equal(out[i].akhir_tahun, i == n - 1);
                int mo_a = q ? (out[i].nomor - 1) * 3 + 1 : out[i].nomor, mo_b = q ? out[i].nomor * 3 : out[i].nomor;
                assert_true(out[i].awal.m >= mo_a && out[i].awal.m <= mo_b);
                assert_true(out[i].akhir.m >= mo_a && out[i].akhir.m <= mo_b);
                if (i > 0) {
                  assert_int_equal(out[i].nomor, out[i - 1].nomor + 1);
                  assert_int_equal(dom_date_days(out[i].awal), dom_date_days(out[i - 1].akhir) + 1);
                }
              }
              int expect_n = q ? (m2 - 1) / 3 - (m1 - 1) / 3 + 1 : m2 - m1 + 1;
              assert_int_equal(n, expect_n);
            }
}

/* ---- dom_periode_state ------------------------------------------------------------------- */

typedef struct state_case {
  const char *name;
  dom_date_t today, awal, akhir;
  int grace;
  dom_date_t reopened;
  dom_periode_state_t expect;
} state_case_t;

static const state_case_t STATES[] = {
  /* Q2 2026, 10 days grace */
  {"day before start", D(2026, 3, 31), D(2026, 4, 1), D(2026, 6, 30), 10, {0}, DOM_PERIODE_NOT_STARTED},
  {"long before start", D(2025, 12, 31), D(2026, 4, 1), D(2026, 6, 30), 10, {0}, DOM_PERIODE_NOT_STARTED},
  {"start day", D(2026, 4, 1), D(2026, 4, 1), D(2026, 6, 30), 10, {0}, DOM_PERIODE_OPEN},
  {"middle", D(2026, 5, 15), D(2026, 4, 1), D(2026, 6, 30), 10, {0}, DOM_PERIODE_OPEN},
  {"end day", D(2026, 6, 30), D(2026, 4, 1), D(2026, 6, 30), 10, {0}, DOM_PERIODE_OPEN},
  {"end + grace", D(2026, 7, 10), D(2026, 4, 1), D(2026, 6, 30), 10, {0}, DOM_PERIODE_OPEN},
  {"end + grace + 1", D(2026, 7, 11), D(2026, 4, 1), D(2026, 6, 30), 10, {0}, DOM_PERIODE_CLOSED},
  {"long after", D(2027, 1, 1), D(2026, 4, 1), D(2026, 6, 30), 10, {0}, DOM_PERIODE_CLOSED},
  /* no grace */
  {"grace 0 end day", D(2026, 6, 30), D(2026, 4, 1), D(2026, 6, 30), 0, {0}, DOM_PERIODE_OPEN},
  {"grace 0 day after", D(2026, 7, 1), D(2026, 4, 1), D(2026, 6, 30), 0, {0}, DOM_PERIODE_CLOSED},
  /* grace across the year end */
  {"Q4 grace into next year", D(2027, 1, 15), D(2026, 10, 1), D(2026, 12, 31), 15, {0}, DOM_PERIODE_OPEN},
  {"Q4 grace over", D(2027, 1, 16), D(2026, 10, 1), D(2026, 12, 31), 15, {0}, DOM_PERIODE_CLOSED},
  /* grace across February of a leap year */
  {"Jan + 30 in 2024", D(2024, 3, 1), D(2024, 1, 1), D(2024, 1, 31), 30, {0}, DOM_PERIODE_OPEN},
  {"Jan + 30 + 1 in 2024", D(2024, 3, 2), D(2024, 1, 1), D(2024, 1, 31), 30, {0}, DOM_PERIODE_CLOSED},
  {"Jan + 30 in 2026", D(2026, 3, 2), D(2026, 1, 1), D(2026, 1, 31), 30, {0}, DOM_PERIODE_OPEN},
  {"Jan + 30 + 1 in 2026", D(2026, 3, 3), D(2026, 1, 1), D(2026, 1, 31), 30, {0}, DOM_PERIODE_CLOSED},
  /* reopening, inclusive */
  {"reopened last day", D(2026, 8, 20), D(2026, 4, 1), D(2026, 6, 30), 10, {2026, 8, 20}, DOM_PERIODE_OPEN},
  {"reopened day after", D(2026, 8, 21), D(2026, 4, 1), D(2026, 6, 30), 10, {2026, 8, 20},
   DOM_PERIODE_CLOSED},
  {"reopened middle", D(2026, 7, 25), D(2026, 4, 1), D(2026, 6, 30), 10, {2026, 8, 20}, DOM_PERIODE_OPEN},
  {"reopened until within grace", D(2026, 7, 10), D(2026, 4, 1), D(2026, 6, 30), 10, {2026, 7, 5},
   DOM_PERIODE_OPEN},
  {"reopened until within grace, after", D(2026, 7, 11), D(2026, 4, 1), D(2026, 6, 30), 10, {2026, 7, 5},
   DOM_PERIODE_CLOSED},
  {"reopened does not open early", D(2026, 3, 31), D(2026, 4, 1), D(2026, 6, 30), 10, {2026, 8, 20},
   DOM_PERIODE_NOT_STARTED},
  {"no reopening: y == 0 ignores m/d", D(2026, 7, 11), D(2026, 4, 1), D(2026, 6, 30), 10, {0, 12, 31},
   DOM_PERIODE_CLOSED},
  /* one-day period */
  {"one-day period, that day", D(2026, 5, 20), D(2026, 5, 20), D(2026, 5, 20), 0, {0}, DOM_PERIODE_OPEN},
  {"one-day period, next day", D(2026, 5, 21), D(2026, 5, 20), D(2026, 5, 20), 0, {0}, DOM_PERIODE_CLOSED},
  {"one-day period, day before", D(2026, 5, 19), D(2026, 5, 20), D(2026, 5, 20), 0, {0},
   DOM_PERIODE_NOT_STARTED},
};
#define NSTATES (sizeof STATES / sizeof STATES[0])

static void periode_state_table(void **state) {
  (void)state;
  assert_int_equal(DOM_PERIODE_OPEN, 0);
  for (size_t i = 0; i < NSTATES; i++) {
    const state_case_t *c = &STATES[i];
    dom_periode_state_t got = dom_periode_state(c->today, c->awal, c->akhir, c->grace, c->reopened);
    if (got != c->expect) fail_msg("%s: expected %d, got %d", c->name, (int)c->expect, (int)got);
  }
}

/* ---- dates --------------------------------------------------------------------------------- */

static const struct { dom_date_t d; long days; } KNOWN[] = {
  {{1970, 1, 1}, 0},
  {{1970, 1, 2}, 1},
  {{1969, 12, 31}, -1},
  {{1970, 3, 1}, 59},
  {{1972, 2, 29}, 789},
  {{1900, 1, 1}, -25567},
  {{1900, 3, 1}, -25508},
  {{2000, 1, 1}, 10957},
  {{2000, 2, 29}, 11016},
  {{2000, 3, 1}, 11017},
  {{2024, 2, 29}, 19782},
  {{2026, 1, 1}, 20454},
  {{2038, 1, 19}, 24855},
  {{2100, 2, 28}, 47540},
  {{2100, 3, 1}, 47541},
  {{2101, 1, 1}, 47847},
  {{1, 1, 1}, -719162},
  {{9999, 12, 31}, 2932896},
};

static void date_known_values(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof KNOWN / sizeof KNOWN[0]; i++) {
    dom_date_t d = KNOWN[i].d;
    long got = dom_date_days(d);
    if (got != KNOWN[i].days) fail_msg("%04d-%02d-%02d: expected %ld, got %ld", d.y, d.m, d.d, KNOWN[i].days, got);
    dom_date_t back = dom_date_from_days(KNOWN[i].days);
    if (!same_date(back, d))
      fail_msg("%ld: expected %04d-%02d-%02d, got %04d-%02d-%02d", KNOWN[i].days, d.y, d.m, d.d, back.y, back.m, back.d);
  }
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
static int mdays(int y, int m) {
  static const int MD[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : MD[m - 1];
}

/* Walk every day from 1600-01-01 to 2400-12-31 with an independent calendar. */
static void date_walk_every_day(void **state) {
  (void)state;
  dom_date_t cur = {1600, 1, 1};
  long n = dom_date_days(cur);
  assert_int_equal(n, -135140);
  long count = 0;
  while (cur.y <= 2400) {
    long got = dom_date_days(cur);
    if (got != n) fail_msg("%04d-%02d-%02d: expected %ld, got %ld", cur.y, cur.m, cur.d, n, got);
    dom_date_t back = dom_date_from_days(n);
    if (!same_date(back, cur))
      fail_msg("%ld: expected %04d-%02d-%02d, got %04d-%02d-%02d", n, cur.y, cur.m, cur.d, back.y, back.m, back.d);
    if (++cur.d > mdays(cur.y, cur.m)) { cur.d = 1; if (++cur.m > 12) { cur.m = 1; cur.y++; } }
    n++;
    count++;
  }
  /* 801 years of the Gregorian cycle: 2 × 146097 days for 1600..2399, plus 2400 (leap) */
  assert_int_equal(count, 2 * 146097 + 366);
}

/* from_days then days is the identity over a wide range, including far negatives. */
static void date_round_trip_wide(void **state) {
  (void)state;
  for (long z = -1000000; z <= 3000000; z += 997) {
    dom_date_t d = dom_date_from_days(z);
    if (d.m < 1 || d.m > 12 || d.d < 1 || d.d > mdays(d.y, d.m)) fail_msg("%ld: bad date %d-%d-%d", z, d.y, d.m, d.d);
    if (dom_date_days(d) != z) fail_msg("%ld: round trip gave %ld", z, dom_date_days(d));
  }
}

/* ---- dom_date_parse --------------------------------------------------------------------- */

static const struct { const char *s; bool ok; dom_date_t d; } PARSE[] = {
  {"2026-01-01", true, {2026, 1, 1}},
  {"2026-12-31", true, {2026, 12, 31}},
  {"2024-02-29", true, {2024, 2, 29}},
  {"2000-02-29", true, {2000, 2, 29}},
  {"1970-01-01", true, {1970, 1, 1}},
  {"2026-04-30", true, {2026, 4, 30}},
  {"0001-01-01", true, {1, 1, 1}},
  {"9999-12-31", true, {9999, 12, 31}},
  {"2026-02-29", false, {0}},
  {"1900-02-29", false, {0}},
  {"2100-02-29", false, {0}},
  {"2026-02-30", false, {0}},
  {"2026-04-31", false, {0}},
  {"2026-06-31", false, {0}},
  {"2026-13-01", false, {0}},
  {"2026-00-10", false, {0}},
  {"2026-01-00", false, {0}},
  {"2026-01-32", false, {0}},
  {"2026-1-01", false, {0}},
  {"2026-01-1", false, {0}},
  {"26-01-01", false, {0}},
  {"2026-01-01x", false, {0}},
  {"2026-01-01 ", false, {0}},
  {"2026-01-01T00:00:00", false, {0}},
  {"2026-01-1x", false, {0}},
  {"2026/01/01", false, {0}},
  {"20260101", false, {0}},
  {"2026-0101", false, {0}},
  {"", false, {0}},
  {"abcd-ef-gh", false, {0}},
  {"2026-xx-01", false, {0}},
};

static void parse_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof PARSE / sizeof PARSE[0]; i++) {
    dom_date_t out = {-7, -7, -7};
    bool ok = dom_date_parse(PARSE[i].s, &out);
    if (ok != PARSE[i].ok) fail_msg("'%s': expected %s", PARSE[i].s, PARSE[i].ok ? "valid" : "invalid");
    if (ok && !same_date(out, PARSE[i].d))
      fail_msg("'%s': parsed as %d-%d-%d", PARSE[i].s, out.y, out.m, out.d);
    if (!ok && !same_date(out, D(-7, -7, -7))) fail_msg("'%s': out written on failure", PARSE[i].s);
  }
  dom_date_t out = {-7, -7, -7};
  assert_false(dom_date_parse(NULL, &out));
  assert_true(same_date(out, D(-7, -7, -7)));
}

/* "YYYY-MM-DD" means ten characters of which the eight fields are digits: signs and blanks
 * inside a field are malformed. */
static void parse_rejects_non_digits(void **state) {
  (void)state;
  /* regression: periode.c dom_date_parse: sscanf %4d/%2d accept signs and blanks (fixed) */
  static const char *const BAD[] = {
    "2026-+1-01", "2026-01-+1", "2026- 1-01", "2026-01- 1", "+026-01-01", "-026-01-01", " 026-01-01", "2026--1-01",
  };
  for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
    dom_date_t out = {-7, -7, -7};
    if (dom_date_parse(BAD[i], &out))
      fail_msg("'%s' accepted as %d-%02d-%02d; expected invalid", BAD[i], out.y, out.m, out.d);
  }
}

/* Every valid date of 2023..2025 formatted and parsed back. */
static void parse_every_day(void **state) {
  (void)state;
  for (long z = dom_date_days(D(2023, 1, 1)); z <= dom_date_days(D(2025, 12, 31)); z++) {
    dom_date_t d = dom_date_from_days(z), out;
    char s[16];
    snprintf(s, sizeof s, "%04d-%02d-%02d", d.y, d.m, d.d);
    assert_true(dom_date_parse(s, &out));
    assert_true(same_date(out, d));
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(generate_table),
    cmocka_unit_test(periods_truncated_not_year_end),
    cmocka_unit_test(generate_tiles_segments),
    cmocka_unit_test(periode_state_table),
    cmocka_unit_test(date_known_values),
    cmocka_unit_test(date_walk_every_day),
    cmocka_unit_test(date_round_trip_wide),
    cmocka_unit_test(parse_table),
    cmocka_unit_test(parse_rejects_non_digits),
    cmocka_unit_test(parse_every_day),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
