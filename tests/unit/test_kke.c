/* Unit tests for the KKE rules K03, K07 and dated exemptions (include/kinerja/domain_kke_rules.h,
 * domain.md §12) and the catalogue order the score relies on. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/domain_kke.h"
#include "kinerja/domain_kke_rules.h"

#include <string.h>

static void test_exempt_statuses(void **state) {
  (void)state;
  assert_false(dom_kke_status_exempt("AKTIF"));
  assert_true(dom_kke_status_exempt("CLTN"));
  assert_true(dom_kke_status_exempt("TUGAS_BELAJAR"));
  assert_true(dom_kke_status_exempt("MPP"));
  assert_false(dom_kke_status_exempt(NULL));
}

/* window: days 100..280 */
static void test_exemption_dated(void **state) {
  (void)state;
  assert_true(dom_kke_status_in_window(50, -1, 100, 280));   /* since before, still held */
  assert_true(dom_kke_status_in_window(150, 200, 100, 280)); /* inside */
  assert_true(dom_kke_status_in_window(50, 101, 100, 280));  /* ended on the 2nd day: held day 100 */
  assert_true(dom_kke_status_in_window(280, -1, 100, 280));  /* began on the last day */
  assert_false(dom_kke_status_in_window(10, 100, 100, 280)); /* ended the day the window began */
  assert_false(dom_kke_status_in_window(10, 60, 100, 280));  /* ended before */
  assert_false(dom_kke_status_in_window(281, -1, 100, 280)); /* began after */
}

static void test_penilai_matches(void **state) {
  (void)state;
  dom_penilai_t kasi = {DOM_PENILAI_PEGAWAI, 42, 7, false};
  dom_penilai_t kd = {DOM_PENILAI_KEPALA_DAERAH, 0, 0, false};
  dom_penilai_t none = {DOM_PENILAI_NONE, 0, 0, false};
  assert_true(dom_kke_penilai_matches("PEGAWAI", 42, kasi));
  assert_false(dom_kke_penilai_matches("PEGAWAI", 43, kasi));
  assert_false(dom_kke_penilai_matches("KEPALA_DAERAH", 0, kasi));
  assert_true(dom_kke_penilai_matches("KEPALA_DAERAH", 0, kd));
  assert_false(dom_kke_penilai_matches("PEGAWAI", 42, kd));
  assert_true(dom_kke_penilai_matches("NONE", 0, none));
  assert_false(dom_kke_penilai_matches(NULL, 0, none));
}

static dom_kke_target_t tgt(const char *aspek, const char *uraian, double min, const char *satuan) {
  dom_kke_target_t t = {aspek, uraian, NULL, satuan, true, false, min, 0, false};
  return t;
}

static void test_time_100(void **state) {
  (void)state;
  dom_kke_target_t a = tgt("WAKTU", "Ketepatan waktu penyampaian laporan", 100, "%");
  assert_true(dom_kke_time_100(&a));
  dom_kke_target_t b = tgt(NULL, "Laporan disampaikan tepat waktu", 100, "persen");
  assert_true(dom_kke_time_100(&b));
  dom_kke_target_t c = tgt("WAKTU", "Ketepatan waktu", 90, "%");
  assert_false(dom_kke_time_100(&c));           /* not 100 % */
  dom_kke_target_t d = tgt("KUANTITAS", "Jumlah laporan tepat waktu", 100, "%");
  assert_false(dom_kke_time_100(&d));           /* a quantity */
  dom_kke_target_t e = tgt("WAKTU", "Waktu penyelesaian", 12, "hari");
  assert_false(dom_kke_time_100(&e));           /* a real time target */
  dom_kke_target_t f = {"WAKTU", "Ketepatan waktu", "100% tepat waktu", NULL, false, false, 0, 0, false};
  assert_true(dom_kke_time_100(&f));            /* the text form */
}

static void test_below_last_year(void **state) {
  (void)state;
  dom_kke_target_t t = tgt("KUANTITAS", "Jumlah dokumen", 10, "dokumen");
  assert_true(dom_kke_below_last_year(&t, 12));
  assert_false(dom_kke_below_last_year(&t, 10));
  assert_false(dom_kke_below_last_year(&t, 8));
  t.has_max = true;
  t.max = 14;                                   /* a range reaching last year's value is fine */
  assert_false(dom_kke_below_last_year(&t, 12));
  dom_kke_target_t down = tgt("WAKTU", "Lama layanan", 5, "hari");
  down.turun_baik = true;                       /* lower is better: 5 days after 3 last year */
  assert_true(dom_kke_below_last_year(&down, 3));
  assert_false(dom_kke_below_last_year(&down, 6));
  dom_kke_target_t text = {NULL, "Kualitas", "Sangat baik", NULL, false, false, 0, 0, false};
  assert_false(dom_kke_below_last_year(&text, 100)); /* no numeric target: nothing to compare */
}

static void test_catalogue_has_k03_k07(void **state) {
  (void)state;
  assert_int_equal(dom_kke_find("K03")->severity, 'E');
  assert_int_equal(dom_kke_find("K07")->severity, 'W');
  int n;
  const dom_kke_check_t *c = dom_kke_catalogue(&n);
  for (int i = 1; i < n; i++) assert_true(strcmp(c[i - 1].kode, c[i].kode) < 0);
  /* the score: an error-level check weighs twice a warning-level one */
  dom_kke_tally_t t[32] = {{0}};
  for (int i = 0; i < n; i++)
    if (!strcmp(c[i].kode, "K03")) t[i] = (dom_kke_tally_t){10, 10};   /* E, 0 % */
    else if (!strcmp(c[i].kode, "K07")) t[i] = (dom_kke_tally_t){10, 0}; /* W, 100 % */
  assert_true(dom_kke_score(t, n) > 33.2 && dom_kke_score(t, n) < 33.4);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_exempt_statuses), cmocka_unit_test(test_exemption_dated),
    cmocka_unit_test(test_penilai_matches), cmocka_unit_test(test_time_100),
    cmocka_unit_test(test_below_last_year), cmocka_unit_test(test_catalogue_has_k03_k07),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
