/* Unit tests for NIP parsing (include/kinerja/domain_nip.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/domain_nip.h"

#include <stdio.h>
#include <string.h>

#define TY 2026 /* "today" used by most cases */
#define TM 11

static void valid_pns(void **state) {
  (void)state;
  dom_nip_t n;
  memset(&n, 0x5a, sizeof n);
  assert_int_equal(dom_nip_parse("198504012010031001", TY, TM, &n), DOM_NIP_OK);
  assert_int_equal(n.birth_year, 1985);
  assert_int_equal(n.birth_month, 4);
  assert_int_equal(n.birth_day, 1);
  assert_int_equal(n.tmt_year, 2010);
  assert_int_equal(n.tmt_month, 3);
  assert_int_equal(n.sex, 1);
  assert_int_equal(n.sequence, 1);
  assert_false(n.pppk_code);
}

static void valid_pns_female_other_fields(void **state) {
  (void)state;
  dom_nip_t n;
  memset(&n, 0, sizeof n);
  assert_int_equal(dom_nip_parse("199212312019122999", TY, TM, &n), DOM_NIP_OK);
  assert_int_equal(n.birth_year, 1992);
  assert_int_equal(n.birth_month, 12);
  assert_int_equal(n.birth_day, 31);
  assert_int_equal(n.tmt_year, 2019);
  assert_int_equal(n.tmt_month, 12);
  assert_int_equal(n.sex, 2);
  assert_int_equal(n.sequence, 999);
  assert_false(n.pppk_code);
}

static void valid_pppk(void **state) {
  (void)state;
  dom_nip_t n;
  memset(&n, 0x5a, sizeof n);
  assert_int_equal(dom_nip_parse("199001152021212042", TY, TM, &n), DOM_NIP_OK);
  assert_int_equal(n.birth_year, 1990);
  assert_int_equal(n.birth_month, 1);
  assert_int_equal(n.birth_day, 15);
  assert_int_equal(n.tmt_year, 2021);
  assert_int_equal(n.tmt_month, 0);
  assert_true(n.pppk_code);
  assert_int_equal(n.sex, 2);
  assert_int_equal(n.sequence, 42);
}

/* PPPK code 21 in the current year is not "month 21 > today's month". */
static void valid_pppk_current_year(void **state) {
  (void)state;
  dom_nip_t n;
  memset(&n, 0, sizeof n);
  assert_int_equal(dom_nip_parse("199001152026211001", TY, 1, &n), DOM_NIP_OK);
  assert_true(n.pppk_code);
  assert_int_equal(n.tmt_year, 2026);
  assert_int_equal(n.tmt_month, 0);
  /* ... but a PPPK TMT year in the future is still refused */
  assert_int_equal(dom_nip_parse("199001152027211001", TY, 12, NULL), DOM_NIP_TMT);
}

static void out_may_be_null(void **state) {
  (void)state;
  assert_int_equal(dom_nip_parse("198504012010031001", TY, TM, NULL), DOM_NIP_OK);
}

/* On error the output is left untouched. */
static void out_untouched_on_error(void **state) {
  (void)state;
  dom_nip_t n;
  memset(&n, 0x5a, sizeof n);
  dom_nip_t before = n;
  assert_int_equal(dom_nip_parse("198504012010031000", TY, TM, &n), DOM_NIP_SEQUENCE);
  assert_memory_equal(&n, &before, sizeof n);
}

typedef struct nip_case {
  const char *label;
  const char *nip;
  int today_year, today_month;
  dom_nip_error_t expected;
} nip_case_t;

static void run_cases(const nip_case_t *c, size_t n) {
  for (size_t i = 0; i < n; i++) {
    dom_nip_error_t got = dom_nip_parse(c[i].nip, c[i].today_year, c[i].today_month, NULL);
    if (got != c[i].expected)
      fail_msg("%s: dom_nip_parse(\"%s\", %d, %d) expected %s, got %s", c[i].label,
               c[i].nip ? c[i].nip : "(null)", c[i].today_year, c[i].today_month,
               dom_nip_error_code(c[i].expected), dom_nip_error_code(got));
  }
}

static void errors_length_and_digits(void **state) {
  (void)state;
  static const nip_case_t C[] = {
    {"NULL", NULL, TY, TM, DOM_NIP_LENGTH},
    {"empty", "", TY, TM, DOM_NIP_LENGTH},
    {"17 digits", "19850401201003100", TY, TM, DOM_NIP_LENGTH},
    {"19 digits", "1985040120100310011", TY, TM, DOM_NIP_LENGTH},
    {"18 + newline", "198504012010031001\n", TY, TM, DOM_NIP_LENGTH},
    {"with spaces (21 chars)", "19850401 201003 1 001", TY, TM, DOM_NIP_LENGTH},
    {"letter first", "A98504012010031001", TY, TM, DOM_NIP_DIGITS},
    {"letter last", "19850401201003100X", TY, TM, DOM_NIP_DIGITS},
    {"space inside", "1985040120100 1001", TY, TM, DOM_NIP_DIGITS},
    {"minus sign", "-98504012010031001", TY, TM, DOM_NIP_DIGITS},
    {"slash (char before '0')", "19850401201003100/", TY, TM, DOM_NIP_DIGITS},
    {"colon (char after '9')", "19850401201003100:", TY, TM, DOM_NIP_DIGITS},
    {"non-ASCII byte", "1985040120100310\xd9\xa1", TY, TM, DOM_NIP_DIGITS},
    /* length is checked before digits */
    {"17 chars with letter", "1985040120100310X", TY, TM, DOM_NIP_LENGTH},
  };
  run_cases(C, sizeof C / sizeof C[0]);
}

static void errors_birth_date(void **state) {
  (void)state;
  static const nip_case_t C[] = {
    {"month 00", "198500012010031001", TY, TM, DOM_NIP_BIRTH_DATE},
    {"month 13", "198513012010031001", TY, TM, DOM_NIP_BIRTH_DATE},
    {"day 00", "198504002010031001", TY, TM, DOM_NIP_BIRTH_DATE},
    {"Apr 31", "198504312010031001", TY, TM, DOM_NIP_BIRTH_DATE},
    {"Jan 32", "198501322010031001", TY, TM, DOM_NIP_BIRTH_DATE},
    {"Feb 30", "198402302010031001", TY, TM, DOM_NIP_BIRTH_DATE},
    {"Feb 29 non-leap 1983", "198302292010031001", TY, TM, DOM_NIP_BIRTH_DATE},
    {"Feb 29 leap 1984", "198402292010031001", TY, TM, DOM_NIP_OK},
    {"Feb 28 non-leap 1983", "198302282010031001", TY, TM, DOM_NIP_OK},
    {"Jan 31", "198501312010031001", TY, TM, DOM_NIP_OK},
    {"Dec 31", "198512312010031001", TY, TM, DOM_NIP_OK},
    {"Jun 30", "198506302010031001", TY, TM, DOM_NIP_OK},
    {"Jun 31", "198506312010031001", TY, TM, DOM_NIP_BIRTH_DATE},
    {"Sep 31", "198509312010031001", TY, TM, DOM_NIP_BIRTH_DATE},
    {"Nov 31", "198511312010031001", TY, TM, DOM_NIP_BIRTH_DATE},
    {"year 0000", "000004012010031001", TY, TM, DOM_NIP_BIRTH_DATE},
    /* range [today-80, today-18] */
    {"born today-81 (1945)", "194504011970031001", TY, TM, DOM_NIP_BIRTH_DATE},
    {"born today-80 (1946)", "194604011970031001", TY, TM, DOM_NIP_OK},
    {"born today-18 (2008)", "200801012026011001", TY, TM, DOM_NIP_OK},
    {"born today-17 (2009)", "200901012026011001", TY, TM, DOM_NIP_BIRTH_DATE},
    {"born in the future", "203001012026011001", TY, TM, DOM_NIP_BIRTH_DATE},
    /* the range follows today, not a fixed year */
    {"born 1945, today 2025", "194504011970031001", 2025, TM, DOM_NIP_OK},
    {"born 2008, today 2025", "200801012025011001", 2025, TM, DOM_NIP_BIRTH_DATE},
    /* Feb 29 in century years: 2000 leap (checked against a late "today") */
    {"Feb 29 2000 (leap)", "200002292018031001", 2030, 1, DOM_NIP_OK},
    /* birth date wins over later errors (sex 0, sequence 000) */
    {"bad birth + bad sex", "198513012010030000", TY, TM, DOM_NIP_BIRTH_DATE},
  };
  run_cases(C, sizeof C / sizeof C[0]);
}

static void errors_tmt(void **state) {
  (void)state;
  static const nip_case_t C[] = {
    {"TMT month 00", "198504012010001001", TY, TM, DOM_NIP_TMT},
    {"TMT month 13", "198504012010131001", TY, TM, DOM_NIP_TMT},
    {"TMT month 20", "198504012010201001", TY, TM, DOM_NIP_TMT},
    {"TMT month 22", "198504012010221001", TY, TM, DOM_NIP_TMT},
    {"TMT month 99", "198504012010991001", TY, TM, DOM_NIP_TMT},
    {"TMT month 01", "198504012010011001", TY, TM, DOM_NIP_OK},
    {"TMT month 12", "198504012010121001", TY, TM, DOM_NIP_OK},
    {"PPPK code 21", "198504012010211001", TY, TM, DOM_NIP_OK},
    /* age 18 at appointment (year granularity in the implementation) */
    {"TMT at 17 (2002)", "198504012002031001", TY, TM, DOM_NIP_TMT},
    {"TMT at 18 exactly (2003-04)", "198504012003041001", TY, TM, DOM_NIP_OK},
    {"TMT in 18th year, later month", "198504012003121001", TY, TM, DOM_NIP_OK},
    {"TMT before birth", "198504011980031001", TY, TM, DOM_NIP_TMT},
    {"PPPK TMT at 17", "198504012002211001", TY, TM, DOM_NIP_TMT},
    {"PPPK TMT at 18", "198504012003211001", TY, TM, DOM_NIP_OK},
    /* future */
    {"TMT this month", "198504012026111001", TY, TM, DOM_NIP_OK},
    {"TMT next month same year", "198504012026121001", TY, TM, DOM_NIP_TMT},
    {"TMT January today January", "198504012026011001", TY, 1, DOM_NIP_OK},
    {"TMT February today January", "198504012026021001", TY, 1, DOM_NIP_TMT},
    {"TMT December today December", "198504012026121001", TY, 12, DOM_NIP_OK},
    {"TMT next year", "198504012027011001", TY, TM, DOM_NIP_TMT},
    {"TMT next year, today December", "198504012027011001", TY, 12, DOM_NIP_TMT},
    {"TMT far future", "198504019999011001", TY, TM, DOM_NIP_TMT},
    /* youngest possible: born today-18, appointed this year, up to this month */
    {"born 2008-01, TMT 2026-11", "200801012026111001", TY, TM, DOM_NIP_OK},
    {"born 2008-01, TMT 2026-12", "200801012026121001", TY, TM, DOM_NIP_TMT},
    /* TMT wins over later errors */
    {"bad TMT + bad sex + seq 000", "198504012010130000", TY, TM, DOM_NIP_TMT},
  };
  run_cases(C, sizeof C / sizeof C[0]);
}

static void errors_sex_and_sequence(void **state) {
  (void)state;
  static const nip_case_t C[] = {
    {"sex 0", "198504012010030001", TY, TM, DOM_NIP_SEX},
    {"sex 1", "198504012010031001", TY, TM, DOM_NIP_OK},
    {"sex 2", "198504012010032001", TY, TM, DOM_NIP_OK},
    {"sex 3", "198504012010033001", TY, TM, DOM_NIP_SEX},
    {"sex 9", "198504012010039001", TY, TM, DOM_NIP_SEX},
    {"sequence 000", "198504012010031000", TY, TM, DOM_NIP_SEQUENCE},
    {"sequence 000 female", "198504012010032000", TY, TM, DOM_NIP_SEQUENCE},
    {"sequence 001", "198504012010031001", TY, TM, DOM_NIP_OK},
    {"sequence 010", "198504012010031010", TY, TM, DOM_NIP_OK},
    {"sequence 100", "198504012010031100", TY, TM, DOM_NIP_OK},
    {"sequence 999", "198504012010031999", TY, TM, DOM_NIP_OK},
    /* sex is checked before the sequence */
    {"sex 0 + sequence 000", "198504012010030000", TY, TM, DOM_NIP_SEX},
  };
  run_cases(C, sizeof C / sizeof C[0]);
}

/* Documented rule (header + error message): TMT at least 18 years after birth. The
 * implementation compares years only, so an appointment a few months before the 18th birthday
 * was accepted before the month-level check; this pins the fix. */
static void tmt_before_18th_birthday_month(void **state) {
  (void)state;
  /* born 1985-12-31, appointed 2003-01: 17 years 0 months at TMT */
  dom_nip_error_t got = dom_nip_parse("198512312003011001", TY, TM, NULL);
  assert_int_equal(got, DOM_NIP_TMT);
}

static void error_codes(void **state) {
  (void)state;
  static const struct { dom_nip_error_t e; const char *code; } C[] = {
    {DOM_NIP_OK, "ok"},
    {DOM_NIP_LENGTH, "nip_length"},
    {DOM_NIP_DIGITS, "nip_digits"},
    {DOM_NIP_BIRTH_DATE, "nip_birth_date"},
    {DOM_NIP_TMT, "nip_tmt"},
    {DOM_NIP_SEX, "nip_sex"},
    {DOM_NIP_SEQUENCE, "nip_sequence"},
    {(dom_nip_error_t)99, "nip_invalid"},
  };
  for (size_t i = 0; i < sizeof C / sizeof C[0]; i++)
    assert_string_equal(dom_nip_error_code(C[i].e), C[i].code);
}

/* Each parse error maps to its code end to end. */
static void error_codes_from_parse(void **state) {
  (void)state;
  static const struct { const char *nip; const char *code; } C[] = {
    {"1985", "nip_length"},
    {"19850401201003100A", "nip_digits"},
    {"198513012010031001", "nip_birth_date"},
    {"198504012010131001", "nip_tmt"},
    {"198504012010033001", "nip_sex"},
    {"198504012010031000", "nip_sequence"},
    {"198504012010031001", "ok"},
  };
  for (size_t i = 0; i < sizeof C / sizeof C[0]; i++)
    assert_string_equal(dom_nip_error_code(dom_nip_parse(C[i].nip, TY, TM, NULL)), C[i].code);
}

static void error_messages(void **state) {
  (void)state;
  assert_string_equal(dom_nip_error_message(DOM_NIP_OK, false), "");
  assert_string_equal(dom_nip_error_message(DOM_NIP_OK, true), "");
  assert_string_equal(dom_nip_error_message(DOM_NIP_LENGTH, true), "NIP must be exactly 18 digits");
  assert_string_equal(dom_nip_error_message(DOM_NIP_LENGTH, false), "NIP harus tepat 18 digit");
  assert_string_equal(dom_nip_error_message(DOM_NIP_SEX, true), "Digit 15 (sex) must be 1 or 2");
  assert_string_equal(dom_nip_error_message(DOM_NIP_SEX, false), "Digit 15 (jenis kelamin) harus 1 atau 2");
  /* every error has a distinct non-empty message in both languages */
  for (int e = DOM_NIP_LENGTH; e <= DOM_NIP_SEQUENCE; e++) {
    const char *en = dom_nip_error_message((dom_nip_error_t)e, true);
    const char *id = dom_nip_error_message((dom_nip_error_t)e, false);
    assert_non_null(en);
    assert_non_null(id);
    assert_true(strlen(en) > 0);
    assert_true(strlen(id) > 0);
    assert_string_not_equal(en, id);
    for (int f = DOM_NIP_LENGTH; f < e; f++)
      assert_string_not_equal(en, dom_nip_error_message((dom_nip_error_t)f, true));
  }
  assert_non_null(strstr(dom_nip_error_message(DOM_NIP_TMT, true), "21 for PPPK"));
  assert_non_null(strstr(dom_nip_error_message(DOM_NIP_SEQUENCE, false), "000"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(valid_pns),
    cmocka_unit_test(valid_pns_female_other_fields),
    cmocka_unit_test(valid_pppk),
    cmocka_unit_test(valid_pppk_current_year),
    cmocka_unit_test(out_may_be_null),
    cmocka_unit_test(out_untouched_on_error),
    cmocka_unit_test(errors_length_and_digits),
    cmocka_unit_test(errors_birth_date),
    cmocka_unit_test(errors_tmt),
    cmocka_unit_test(errors_sex_and_sequence),
    cmocka_unit_test(tmt_before_18th_birthday_month),
    cmocka_unit_test(error_codes),
    cmocka_unit_test(error_codes_from_parse),
    cmocka_unit_test(error_messages),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
