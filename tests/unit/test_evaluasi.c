/* Unit tests for the evaluation workflow (include/kinerja/domain_evaluasi.h,
 * src/domain/evaluasi.c, domain.md §5.3). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/domain_evaluasi.h"

#include <limits.h>
#include <stdio.h>

#define NSTATUS 5

static void names(void **state) {
  (void)state;
  static const struct { dom_eval_status_t s; const char *name; } T[] = {
    {DOM_EVAL_TERBUKA, "TERBUKA"}, {DOM_EVAL_DINILAI, "DINILAI"}, {DOM_EVAL_DITETAPKAN, "DITETAPKAN"},
    {DOM_EVAL_KEBERATAN, "KEBERATAN"}, {DOM_EVAL_FINAL, "FINAL"},
  };
  for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
    assert_int_equal((int)T[i].s, (int)i);
    assert_string_equal(dom_evaluasi_status_name(T[i].s), T[i].name);
    assert_int_equal(dom_evaluasi_status_from_name(T[i].name), T[i].s);
  }
  static const char *const BAD[] = {"terbuka", "Final", "FINAL ", " FINAL", "", "INVALID", "DRAFT",
                                    "TERSINKRON", "DITETAPKA", "KEBERATANX"};
  for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++)
    if (dom_evaluasi_status_from_name(BAD[i]) != DOM_EVAL_INVALID) fail_msg("'%s' should be INVALID", BAD[i]);
  assert_int_equal(dom_evaluasi_status_from_name(NULL), DOM_EVAL_INVALID);
  assert_string_equal(dom_evaluasi_status_name(DOM_EVAL_INVALID), "INVALID");
  assert_string_equal(dom_evaluasi_status_name((dom_eval_status_t)5), "INVALID");
  assert_string_equal(dom_evaluasi_status_name((dom_eval_status_t)-2), "INVALID");
}

/* DITETAPKAN turns FINAL only when MORE than window_days have passed. */
static void effective_status(void **state) {
  (void)state;
  static const struct {
    dom_eval_status_t s;
    int days, window;
    dom_eval_status_t expect;
  } T[] = {
    {DOM_EVAL_DITETAPKAN, 0, 14, DOM_EVAL_DITETAPKAN},
    {DOM_EVAL_DITETAPKAN, 1, 14, DOM_EVAL_DITETAPKAN},
    {DOM_EVAL_DITETAPKAN, 13, 14, DOM_EVAL_DITETAPKAN},
    {DOM_EVAL_DITETAPKAN, 14, 14, DOM_EVAL_DITETAPKAN},
    {DOM_EVAL_DITETAPKAN, 15, 14, DOM_EVAL_FINAL},
    {DOM_EVAL_DITETAPKAN, 400, 14, DOM_EVAL_FINAL},
    {DOM_EVAL_DITETAPKAN, INT_MAX, 14, DOM_EVAL_FINAL},
    {DOM_EVAL_DITETAPKAN, -1, 14, DOM_EVAL_DITETAPKAN},
    {DOM_EVAL_DITETAPKAN, 0, 0, DOM_EVAL_DITETAPKAN},
    {DOM_EVAL_DITETAPKAN, 1, 0, DOM_EVAL_FINAL},
    {DOM_EVAL_DITETAPKAN, 30, 30, DOM_EVAL_DITETAPKAN},
    {DOM_EVAL_DITETAPKAN, 31, 30, DOM_EVAL_FINAL},
    {DOM_EVAL_DITETAPKAN, 7, 7, DOM_EVAL_DITETAPKAN},
    {DOM_EVAL_DITETAPKAN, 8, 7, DOM_EVAL_FINAL},
    /* other states never change, however long ago */
    {DOM_EVAL_TERBUKA, 0, 14, DOM_EVAL_TERBUKA},
    {DOM_EVAL_TERBUKA, 15, 14, DOM_EVAL_TERBUKA},
    {DOM_EVAL_TERBUKA, 1000, 0, DOM_EVAL_TERBUKA},
    {DOM_EVAL_DINILAI, 15, 14, DOM_EVAL_DINILAI},
    {DOM_EVAL_DINILAI, 1000, 0, DOM_EVAL_DINILAI},
    {DOM_EVAL_KEBERATAN, 14, 14, DOM_EVAL_KEBERATAN},
    {DOM_EVAL_KEBERATAN, 15, 14, DOM_EVAL_KEBERATAN},
    {DOM_EVAL_KEBERATAN, 1000, 0, DOM_EVAL_KEBERATAN},
    {DOM_EVAL_FINAL, 0, 14, DOM_EVAL_FINAL},
    {DOM_EVAL_FINAL, 15, 14, DOM_EVAL_FINAL},
    {DOM_EVAL_INVALID, 15, 14, DOM_EVAL_INVALID},
  };
  for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
    dom_eval_status_t got = dom_evaluasi_effective(T[i].s, T[i].days, T[i].window);
    if (got != T[i].expect)
      fail_msg("row %zu: %s after %d days (window %d): expected %s, got %s", i, dom_evaluasi_status_name(T[i].s),
               T[i].days, T[i].window, dom_evaluasi_status_name(T[i].expect), dom_evaluasi_status_name(got));
  }
}

/* What each (effective) state permits. */
static void permissions(void **state) {
  (void)state;
  static const struct {
    dom_eval_status_t s;
    bool rate, set, object, decide;
  } T[] = {
    /*                     rate   set    object decide */
    {DOM_EVAL_TERBUKA,    true,  false, false, false},
    {DOM_EVAL_DINILAI,    true,  true,  false, false},
    {DOM_EVAL_DITETAPKAN, false, false, true,  false},
    {DOM_EVAL_KEBERATAN,  false, false, false, true},
    {DOM_EVAL_FINAL,      false, false, false, false},
    {DOM_EVAL_INVALID,    false, false, false, false},
    {(dom_eval_status_t)5, false, false, false, false},
  };
  for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
    dom_eval_status_t s = T[i].s;
    if (dom_evaluasi_can_rate(s) != T[i].rate) fail_msg("%d: can_rate should be %d", (int)s, T[i].rate);
    if (dom_evaluasi_can_set(s) != T[i].set) fail_msg("%d: can_set should be %d", (int)s, T[i].set);
    if (dom_evaluasi_can_object(s) != T[i].object) fail_msg("%d: can_object should be %d", (int)s, T[i].object);
    if (dom_evaluasi_can_decide(s) != T[i].decide) fail_msg("%d: can_decide should be %d", (int)s, T[i].decide);
  }
}

/* The objection window through the effective status: objecting is possible on the last day of
 * the window and not the day after. */
static void objection_window(void **state) {
  (void)state;
  for (int window = 0; window <= 30; window++)
    for (int days = 0; days <= 40; days++) {
      dom_eval_status_t e = dom_evaluasi_effective(DOM_EVAL_DITETAPKAN, days, window);
      bool inside = days <= window;
      if (dom_evaluasi_can_object(e) != inside) fail_msg("window %d day %d: can_object should be %d", window, days, inside);
      assert_int_equal(e, inside ? DOM_EVAL_DITETAPKAN : DOM_EVAL_FINAL);
      assert_false(dom_evaluasi_can_rate(e));
      assert_false(dom_evaluasi_can_set(e));
      assert_false(dom_evaluasi_can_decide(e));
    }
  /* a pending keberatan can still be decided after the window */
  assert_true(dom_evaluasi_can_decide(dom_evaluasi_effective(DOM_EVAL_KEBERATAN, 100, 14)));
  (void)NSTATUS;
}

/* R14, R14a: the atasan penilai decides when a pegawai, otherwise the PPK through BKPSDM. */
static void R14a_who_decides(void **state) {
  (void)state;
  assert_int_equal(dom_keberatan_pemutus("PEGAWAI"), DOM_PEMUTUS_ATASAN_PENILAI);
  assert_int_equal(dom_keberatan_pemutus("KEPALA_DAERAH"), DOM_PEMUTUS_PPK);
  assert_int_equal(dom_keberatan_pemutus("NONE"), DOM_PEMUTUS_PPK);
  assert_int_equal(dom_keberatan_pemutus(NULL), DOM_PEMUTUS_PPK);
  assert_string_equal(dom_keberatan_pemutus_name(DOM_PEMUTUS_ATASAN_PENILAI), "ATASAN_PENILAI");
  assert_string_equal(dom_keberatan_pemutus_name(DOM_PEMUTUS_PPK), "PPK");
  /* every combination of (atasan, bkpsdm, nomor) for both deciders */
  static const struct { dom_keberatan_pemutus_t p; bool atasan, bkpsdm, nomor; dom_putus_check_t want; } T[] = {
    {DOM_PEMUTUS_ATASAN_PENILAI, true, false, false, DOM_PUTUS_OK},
    {DOM_PEMUTUS_ATASAN_PENILAI, true, false, true, DOM_PUTUS_OK},      /* a letter number may be kept */
    {DOM_PEMUTUS_ATASAN_PENILAI, true, true, false, DOM_PUTUS_OK},
    {DOM_PEMUTUS_ATASAN_PENILAI, false, true, true, DOM_PUTUS_NOT_ATASAN}, /* BKPSDM stays refused */
    {DOM_PEMUTUS_ATASAN_PENILAI, false, true, false, DOM_PUTUS_NOT_ATASAN},
    {DOM_PEMUTUS_ATASAN_PENILAI, false, false, true, DOM_PUTUS_NOT_ATASAN},
    {DOM_PEMUTUS_PPK, false, true, true, DOM_PUTUS_OK},
    {DOM_PEMUTUS_PPK, false, true, false, DOM_PUTUS_NOMOR_REQUIRED},
    {DOM_PEMUTUS_PPK, true, false, true, DOM_PUTUS_NOT_BKPSDM},          /* nobody is atasan then, still */
    {DOM_PEMUTUS_PPK, false, false, true, DOM_PUTUS_NOT_BKPSDM},
    {DOM_PEMUTUS_PPK, false, false, false, DOM_PUTUS_NOT_BKPSDM},
    {DOM_PEMUTUS_PPK, true, true, true, DOM_PUTUS_OK},
  };
  for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
    if (dom_keberatan_can_decide_as(T[i].p, T[i].atasan, T[i].bkpsdm, T[i].nomor) != T[i].want)
      fail_msg("case %zu: expected %d", i, (int)T[i].want);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(names),
    cmocka_unit_test(effective_status),
    cmocka_unit_test(permissions),
    cmocka_unit_test(objection_window),
    cmocka_unit_test(R14a_who_decides),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
