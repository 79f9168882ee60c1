/* Unit tests for cron parsing and next occurrences (include/kinerja/domain_cron.h) and the
 * deadline rules and reminder stages (include/kinerja/domain_tenggat.h). Expected instants are
 * written out by hand as UTC calendar times. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/domain_cron.h"
#include "kinerja/domain_periode.h"
#include "kinerja/domain_tenggat.h"

#include <stdio.h>
#include <string.h>

/* UTC y-m-d h:m as epoch seconds */
static long long at(int y, int m, int d, int h, int mi) {
  return (long long)dom_date_days((dom_date_t){y, m, d}) * 86400 + h * 3600 + mi * 60;
}

static long long next_of(const char *expr, long long after, int off) {
  dom_cron_t c;
  char why[160];
  assert_true(dom_cron_parse(expr, &c, why, sizeof why));
  return dom_cron_next(&c, after, off);
}

static void parse_rejects_malformed(void **s) {
  (void)s;
  const char *bad[] = {"", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *",
                       "* * * 13 *", "* * * * 8", "*/0 * * * *", "5-1 * * * *", "a * * * *", "1,,2 * * * *",
                       "1- * * * *", "*/x * * * *", NULL};
  for (int i = 0; bad[i]; i++) {
    dom_cron_t c;
    char why[160] = "";
    assert_false(dom_cron_parse(bad[i], &c, why, sizeof why));
    assert_true(strlen(why) > 0);
  }
}

static void every_minute_is_the_next_whole_minute(void **s) {
  (void)s;
  assert_int_equal(next_of("* * * * *", at(2027, 1, 15, 10, 0) + 5, 0), at(2027, 1, 15, 10, 1));
  /* strictly after: an instant on the minute gives the following one */
  assert_int_equal(next_of("* * * * *", at(2027, 1, 15, 10, 0), 0), at(2027, 1, 15, 10, 1));
}

static void daily_at_wib_is_utc_minus_seven(void **s) {
  (void)s;
  /* 06:00 WIB = 23:00 UTC the day before */
  assert_int_equal(next_of("0 6 * * *", at(2027, 1, 15, 12, 0), 420), at(2027, 1, 15, 23, 0));
  assert_int_equal(next_of("0 6 * * *", at(2027, 1, 15, 23, 0), 420), at(2027, 1, 16, 23, 0));
  assert_int_equal(next_of("30 2 * * *", at(2027, 1, 15, 12, 0), 0), at(2027, 1, 16, 2, 30));
}

static void steps_ranges_and_lists(void **s) {
  (void)s;
  assert_int_equal(next_of("*/15 * * * *", at(2027, 3, 1, 8, 16), 0), at(2027, 3, 1, 8, 30));
  assert_int_equal(next_of("0 8-10/2 * * *", at(2027, 3, 1, 8, 0), 0), at(2027, 3, 1, 10, 0));
  assert_int_equal(next_of("5,50 * * * *", at(2027, 3, 1, 8, 6), 0), at(2027, 3, 1, 8, 50));
  assert_int_equal(next_of("0 0 1 */6 *", at(2027, 2, 1, 0, 0), 0), at(2027, 7, 1, 0, 0));
}

static void month_end_and_leap_day(void **s) {
  (void)s;
  assert_int_equal(next_of("0 0 31 * *", at(2027, 4, 1, 0, 0), 0), at(2027, 5, 31, 0, 0));
  assert_int_equal(next_of("0 0 29 2 *", at(2027, 3, 1, 0, 0), 0), at(2028, 2, 29, 0, 0));
  assert_int_equal(next_of("0 0 31 2 *", at(2027, 3, 1, 0, 0), 0), -1);
  /* over the year end */
  assert_int_equal(next_of("0 0 1 1 *", at(2027, 12, 31, 23, 59), 0), at(2028, 1, 1, 0, 0));
}

static void day_of_week_and_either_day_rule(void **s) {
  (void)s;
  /* 2027-01-15 is a Friday; next Monday 07:00 */
  assert_int_equal(next_of("0 7 * * 1", at(2027, 1, 15, 0, 0), 0), at(2027, 1, 18, 7, 0));
  /* 0 and 7 are Sunday */
  assert_int_equal(next_of("0 7 * * 7", at(2027, 1, 15, 0, 0), 0), at(2027, 1, 17, 7, 0));
  assert_int_equal(next_of("0 7 * * 0", at(2027, 1, 15, 0, 0), 0), at(2027, 1, 17, 7, 0));
  /* both restricted: the 20th or a Monday, whichever comes first */
  assert_int_equal(next_of("0 0 20 * 1", at(2027, 1, 15, 0, 0), 0), at(2027, 1, 18, 0, 0));
  assert_int_equal(next_of("0 0 16 * 1", at(2027, 1, 15, 0, 0), 0), at(2027, 1, 16, 0, 0));
}

/* ---- deadlines ---------------------------------------------------------------------------- */

#define DAY(y, m, d) dom_date_days((dom_date_t){(y), (m), (d)})

static void deadline_rules(void **s) {
  (void)s;
  /* SKP: 31 January; a post taken on 1 March gets 30 days (K02's rule) */
  assert_int_equal(dom_tenggat_skp(DAY(2027, 1, 31), DAY(2026, 5, 1), 30), DAY(2027, 1, 31));
  assert_int_equal(dom_tenggat_skp(DAY(2027, 1, 31), DAY(2027, 3, 1), 30), DAY(2027, 3, 31));
  assert_int_equal(dom_tenggat_skp(DAY(2027, 1, 31), -1, 30), DAY(2027, 1, 31));
  /* realisasi: end of TW1 + 5 grace days, or a later reopening */
  assert_int_equal(dom_tenggat_realisasi(DAY(2027, 3, 31), 5, -1), DAY(2027, 4, 5));
  assert_int_equal(dom_tenggat_realisasi(DAY(2027, 3, 31), 5, DAY(2027, 4, 20)), DAY(2027, 4, 20));
  assert_int_equal(dom_tenggat_realisasi(DAY(2027, 3, 31), 5, DAY(2027, 4, 1)), DAY(2027, 4, 5));
  assert_int_equal(dom_tenggat_evaluasi(DAY(2027, 3, 31), 5, 14), DAY(2027, 4, 19));
  assert_int_equal(dom_tenggat_keberatan(DAY(2027, 2, 1), 21), DAY(2027, 2, 22));    /* K22: 21 days by default */
  assert_int_equal(dom_tenggat_keberatan(DAY(2027, 2, 1), 14), DAY(2027, 2, 15));    /* an instansi setting of 14 */
  assert_int_equal(dom_tenggat_kke_jawaban(DAY(2027, 7, 1), 14), DAY(2027, 7, 15));
}

static void reminder_stages(void **s) {
  (void)s;
  long due = DAY(2027, 1, 31);
  assert_int_equal(dom_tenggat_tahap(DAY(2027, 1, 23), due, -1, 7), DOM_TENGGAT_AMAN);
  assert_int_equal(dom_tenggat_tahap(DAY(2027, 1, 24), due, -1, 7), DOM_TENGGAT_JATUH_TEMPO);
  assert_int_equal(dom_tenggat_tahap(due, due, -1, 7), DOM_TENGGAT_JATUH_TEMPO);      /* the due day */
  assert_int_equal(dom_tenggat_tahap(due + 1, due, -1, 7), DOM_TENGGAT_TERLAMBAT);
  assert_int_equal(dom_tenggat_tahap(due + 1, due, due + 1, 7), DOM_TENGGAT_AMAN);   /* done, late */
  assert_string_equal(dom_tenggat_tahap_name(DOM_TENGGAT_JATUH_TEMPO), "jatuh_tempo");
  assert_string_equal(dom_tenggat_tahap_name(DOM_TENGGAT_TERLAMBAT), "terlambat");
  assert_null(dom_tenggat_tahap_name(DOM_TENGGAT_AMAN));
}

static void timeliness(void **s) {
  (void)s;
  long due = DAY(2027, 1, 31);
  assert_true(dom_tenggat_tepat_waktu(due, due));
  assert_false(dom_tenggat_tepat_waktu(due, due + 1));
  assert_false(dom_tenggat_tepat_waktu(due, -1));
  assert_true(dom_tenggat_dinilai(due, DAY(2027, 1, 1), DAY(2027, 6, 30), DAY(2027, 2, 1)));
  assert_false(dom_tenggat_dinilai(due, DAY(2027, 1, 1), DAY(2027, 6, 30), due));    /* not past yet */
  assert_false(dom_tenggat_dinilai(due, DAY(2027, 7, 1), DAY(2027, 12, 31), DAY(2028, 1, 1)));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(parse_rejects_malformed),
    cmocka_unit_test(every_minute_is_the_next_whole_minute),
    cmocka_unit_test(daily_at_wib_is_utc_minus_seven),
    cmocka_unit_test(steps_ranges_and_lists),
    cmocka_unit_test(month_end_and_leap_day),
    cmocka_unit_test(day_of_week_and_either_day_rule),
    cmocka_unit_test(deadline_rules),
    cmocka_unit_test(reminder_stages),
    cmocka_unit_test(timeliness),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
