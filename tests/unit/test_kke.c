/* Unit tests for the KKE check decisions (domain.md §12): K03, K07 and dated exemptions
 * (include/kinerja/domain_kke_rules.h), the pass/fail decision of every other check
 * (include/kinerja/domain_kke_checks.h), and the catalogue order the score relies on. Written
 * from the rules' definitions, at their boundaries. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/domain_kke.h"
#include "kinerja/domain_kke_rules.h"
#include "kinerja/domain_kke_checks.h"
#include "kinerja/domain_periode.h"

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

static void test_target_value_and_same_indicator(void **state) {
  (void)state;
  dom_kke_target_t range = tgt("KUANTITAS", "Jumlah dokumen", 10, "dokumen");
  assert_true(dom_kke_target_value(&range) == 10);   /* only a lower bound */
  range.has_max = true;
  range.max = 14;
  assert_true(dom_kke_target_value(&range) == 14);   /* higher is better: the upper bound */
  range.turun_baik = true;
  assert_true(dom_kke_target_value(&range) == 10);   /* lower is better: the lower bound */
  range.has_min = false;
  assert_true(dom_kke_target_value(&range) == 14);   /* ... else the upper */
  assert_true(dom_kke_same_indicator("WAKTU", "Lama  layanan.", "WAKTU", "lama layanan"));
  assert_true(dom_kke_same_indicator(NULL, "Lama layanan", NULL, "Lama layanan"));
  assert_false(dom_kke_same_indicator("WAKTU", "Lama layanan", "KUALITAS", "Lama layanan"));
  assert_false(dom_kke_same_indicator("WAKTU", "Lama layanan", NULL, "Lama layanan"));
  assert_false(dom_kke_same_indicator(NULL, "Lama layanan", "WAKTU", "Lama layanan"));
  assert_false(dom_kke_same_indicator("WAKTU", "Lama layanan", "WAKTU", "Lama pelayanan"));
}

static void test_k01_has_skp(void **state) {
  (void)state;
  assert_false(dom_kke_k01_has_skp(0));
  assert_true(dom_kke_k01_has_skp(1));
  assert_true(dom_kke_k01_has_skp(2));  /* segments after a mutasi */
}

static long day(int y, int m, int d) { return dom_date_days((dom_date_t){y, m, d}); }

static void test_k02_deadline(void **state) {
  (void)state;
  long batas = day(2024, 1, 31);
  assert_true(dom_kke_k02_on_time(batas, -1, batas, day(2024, 3, 1), DOM_KKE_DEFAULT_MUTASI_DAYS));        /* set on the deadline day */
  assert_false(dom_kke_k02_on_time(batas, -1, batas + 1, day(2024, 3, 1), DOM_KKE_DEFAULT_MUTASI_DAYS));   /* the day after */
  assert_true(dom_kke_k02_on_time(batas, day(2023, 6, 1), batas, batas, DOM_KKE_DEFAULT_MUTASI_DAYS));     /* an old TMT keeps batas */
  assert_true(dom_kke_k02_on_time(batas, batas, batas, batas, DOM_KKE_DEFAULT_MUTASI_DAYS));               /* TMT on batas: not later */
  /* not set yet: fine until the deadline has passed */
  assert_true(dom_kke_k02_on_time(batas, -1, -1, batas, DOM_KKE_DEFAULT_MUTASI_DAYS));
  assert_false(dom_kke_k02_on_time(batas, -1, -1, batas + 1, DOM_KKE_DEFAULT_MUTASI_DAYS));
  /* a job change after batas: TMT + 30 days */
  long tmt = day(2024, 5, 2);
  assert_int_equal(DOM_KKE_DEFAULT_MUTASI_DAYS, 30);
  assert_true(dom_kke_k02_on_time(batas, tmt, tmt + 30, tmt + 40, DOM_KKE_DEFAULT_MUTASI_DAYS));
  assert_false(dom_kke_k02_on_time(batas, tmt, tmt + 31, tmt + 40, DOM_KKE_DEFAULT_MUTASI_DAYS));
  assert_true(dom_kke_k02_on_time(batas, tmt, -1, tmt + 30, DOM_KKE_DEFAULT_MUTASI_DAYS));
  assert_false(dom_kke_k02_on_time(batas, tmt, -1, tmt + 31, DOM_KKE_DEFAULT_MUTASI_DAYS));
  /* an instansi that allows 45 days (kke_mutasi_hari) */
  assert_true(dom_kke_k02_on_time(batas, tmt, tmt + 45, tmt + 50, 45));
  assert_false(dom_kke_k02_on_time(batas, tmt, tmt + 46, tmt + 50, 45));
  assert_false(dom_kke_k02_on_time(batas, tmt, tmt + 11, tmt + 50, 10));
}

static void test_scopes(void **state) {
  (void)state;
  assert_true(dom_kke_skp_is_jpt("JPT"));       /* K05 applies, K04 not */
  assert_false(dom_kke_skp_is_jpt("JA"));
  assert_false(dom_kke_skp_is_jpt("JF"));
  assert_false(dom_kke_skp_is_jpt(NULL));
  assert_true(dom_kke_rhk_is_tambahan("TAMBAHAN"));
  assert_false(dom_kke_rhk_is_tambahan("UTAMA"));
  assert_false(dom_kke_rhk_is_tambahan(NULL));
  assert_true(dom_kke_k20_applies("FUNGSIONAL"));
  assert_false(dom_kke_k20_applies("PELAKSANA"));
  assert_false(dom_kke_k20_applies(NULL));
  assert_false(dom_kke_k13_applies(0));          /* nothing realised: nothing to evidence */
  assert_true(dom_kke_k13_applies(1));
}

static void test_k04_k05_counts(void **state) {
  (void)state;
  assert_true(dom_kke_k04_cascading_ok(0));
  assert_false(dom_kke_k04_cascading_ok(1));
  assert_true(dom_kke_k05_perspektif_ok("Penerima Layanan"));
  assert_true(dom_kke_k05_perspektif_ok(""));
  assert_false(dom_kke_k05_perspektif_ok(NULL));
}

static void test_k06_measurable(void **state) {
  (void)state;
  const char *w = "x";
  assert_true(dom_kke_k06_measurable("Jumlah laporan", NULL, true, true, &w));
  assert_null(w);
  assert_false(dom_kke_k06_measurable("Jumlah laporan", NULL, true, false, &w));   /* no numeric target */
  assert_null(w);
  assert_true(dom_kke_k06_measurable("Kualitas layanan", "Sangat baik", false, false, &w));
  assert_false(dom_kke_k06_measurable("Kualitas layanan", NULL, false, false, &w)); /* no target text */
  assert_false(dom_kke_k06_measurable("Semua surat dibalas", NULL, true, true, &w)); /* absolute word */
  assert_string_equal(w, "semua");
  /* the target text is read instead of the uraian when there is one */
  assert_true(dom_kke_k06_measurable("Semua surat dibalas", "90 persen surat", false, false, &w));
  assert_null(w);
  assert_false(dom_kke_k06_measurable("Surat dibalas", "selalu tepat", false, false, &w));
  assert_string_equal(w, "selalu");
}

static void test_k08_template(void **state) {
  (void)state;
  assert_int_equal(DOM_KKE_DEFAULT_TEMPLATE_HOLDERS, 5);
  assert_true(dom_kke_k08_not_template(5, 6));   /* kke_templat_pegawai 6 */
  assert_false(dom_kke_k08_not_template(2, 2));
  assert_true(dom_kke_k08_not_template(1, DOM_KKE_DEFAULT_TEMPLATE_HOLDERS));
  assert_true(dom_kke_k08_not_template(4, DOM_KKE_DEFAULT_TEMPLATE_HOLDERS));
  assert_false(dom_kke_k08_not_template(5, DOM_KKE_DEFAULT_TEMPLATE_HOLDERS));
  assert_false(dom_kke_k08_not_template(40, DOM_KKE_DEFAULT_TEMPLATE_HOLDERS));
}

static void test_k09_repeats_utama(void **state) {
  (void)state;
  assert_true(dom_kke_k09_repeats_utama("Menyusun laporan", "UTAMA", "menyusun  LAPORAN."));
  assert_false(dom_kke_k09_repeats_utama("Menyusun laporan", "TAMBAHAN", "Menyusun laporan")); /* itself / another tambahan */
  assert_false(dom_kke_k09_repeats_utama("Menyusun laporan", "UTAMA", "Menyusun anggaran"));
  assert_false(dom_kke_k09_repeats_utama("Menyusun laporan", NULL, "Menyusun laporan"));
  assert_false(dom_kke_k09_repeats_utama("", "UTAMA", ""));  /* empty texts are not "the same" */
}

static void test_k10_k11_counts(void **state) {
  (void)state;
  assert_int_equal(DOM_KKE_PERILAKU_VALUES, 7);
  assert_true(dom_kke_k10_perilaku_ok(7, 1));
  assert_false(dom_kke_k10_perilaku_ok(7, 0));   /* no ekspektasi khusus */
  assert_false(dom_kke_k10_perilaku_ok(6, 7));
  assert_false(dom_kke_k10_perilaku_ok(8, 7));   /* exactly seven */
  assert_int_equal(DOM_KKE_LAMPIRAN_SECTIONS, 3);
  assert_true(dom_kke_k11_lampiran_ok(3));
  assert_false(dom_kke_k11_lampiran_ok(2));
  assert_false(dom_kke_k11_lampiran_ok(0));
  assert_false(dom_kke_k11_lampiran_ok(4));
}

static void test_k12_k13_k14_periode(void **state) {
  (void)state;
  assert_false(dom_kke_evaluasi_set("TERBUKA"));
  assert_false(dom_kke_evaluasi_set("DINILAI"));
  assert_true(dom_kke_evaluasi_set("DITETAPKAN"));
  assert_true(dom_kke_evaluasi_set("KEBERATAN"));
  assert_true(dom_kke_evaluasi_set("FINAL"));
  assert_false(dom_kke_evaluasi_set(NULL));      /* no evaluation row */
  assert_true(dom_kke_k12_cycle_ok(5, 5, true));
  assert_true(dom_kke_k12_cycle_ok(6, 5, true));
  assert_false(dom_kke_k12_cycle_ok(4, 5, true)); /* one indicator without realisasi */
  assert_false(dom_kke_k12_cycle_ok(5, 5, false));
  assert_true(dom_kke_k12_cycle_ok(0, 0, true));
  assert_true(dom_kke_k13_bukti_ok(0));
  assert_false(dom_kke_k13_bukti_ok(1));
  assert_false(dom_kke_k14_umpan_balik_ok(0));
  assert_true(dom_kke_k14_umpan_balik_ok(1));
}

static void test_k13_dated_and_reuse(void **state) {
  (void)state;
  long awal = day(2024, 4, 1), akhir = day(2024, 6, 30);
  /* the evidence's own date decides: inside the period, the first and last day included */
  assert_true(dom_kke_k13_dated_in_period(awal, day(2024, 12, 1), awal, akhir, 5));
  assert_true(dom_kke_k13_dated_in_period(akhir, -1, awal, akhir, 5));
  assert_false(dom_kke_k13_dated_in_period(awal - 1, awal + 3, awal, akhir, 5));  /* last quarter's report */
  assert_false(dom_kke_k13_dated_in_period(akhir + 1, akhir, awal, akhir, 5));    /* no grace for the date itself */
  /* undated: the upload day, which may fall in the filling grace after the period */
  assert_true(dom_kke_k13_dated_in_period(-1, akhir + 5, awal, akhir, 5));
  assert_false(dom_kke_k13_dated_in_period(-1, akhir + 6, awal, akhir, 5));
  assert_false(dom_kke_k13_dated_in_period(-1, awal - 1, awal, akhir, 5));
  /* reuse of one file: related indicators only */
  dom_kke_bukti_ref_t a = {11, 1, 100}, same_ind = {11, 1, 100}, same_rhk = {12, 1, 100};
  dom_kke_bukti_ref_t sibling = {21, 2, 100};  /* another RHK intervening the same leader RHK */
  dom_kke_bukti_ref_t leader = {31, 100, 0};   /* the intervened leader RHK itself */
  dom_kke_bukti_ref_t other_rhk = {41, 3, 200}, loose = {51, 4, 0}, loose2 = {52, 5, 0};
  assert_true(dom_kke_k13_related(a, same_ind));
  assert_true(dom_kke_k13_related(a, same_rhk));
  assert_true(dom_kke_k13_related(a, sibling));
  assert_true(dom_kke_k13_related(a, leader));
  assert_true(dom_kke_k13_related(leader, a));
  assert_false(dom_kke_k13_related(a, other_rhk)); /* another RHK of the same SKP, another leader RHK */
  assert_false(dom_kke_k13_related(a, loose));
  assert_false(dom_kke_k13_related(loose, loose2)); /* two RHK without cascading are not siblings */
}

static void test_kke_settings_table(void **state) {
  (void)state;
  int n;
  const dom_kke_setting_t *s = dom_kke_settings(&n);
  assert_int_equal(n, 3);
  assert_string_equal(s[0].name, "kke_mutasi_hari");
  assert_int_equal(s[0].def, DOM_KKE_DEFAULT_MUTASI_DAYS);
  assert_string_equal(s[1].name, "kke_templat_pegawai");
  assert_int_equal(s[1].def, DOM_KKE_DEFAULT_TEMPLATE_HOLDERS);
  assert_string_equal(s[2].name, "keberatan_putus_hari");
  assert_int_equal(s[2].def, DOM_KKE_DEFAULT_KEBERATAN_DAYS);
  for (int i = 0; i < n; i++) assert_true(s[i].min <= s[i].def && s[i].def <= s[i].max);
}

static void test_k15_matrix(void **state) {
  (void)state;
  const char *m;
  assert_true(dom_kke_k15_predikat_ok("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI", "BAIK", &m));
  assert_string_equal(m, "BAIK");
  assert_false(dom_kke_k15_predikat_ok("DI_ATAS_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI", "BAIK", &m));
  assert_string_equal(m, "KURANG");            /* bad behaviour dominates */
  assert_true(dom_kke_k15_predikat_ok("DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI", "SANGAT_BAIK", &m));
  assert_false(dom_kke_k15_predikat_ok("BAGUS", "SESUAI_EKSPEKTASI", "BAIK", &m));
  assert_string_equal(m, "INVALID");
}

static void test_k16_distribusi(void **state) {
  (void)state;
  dom_violation_t v[2] = {{NULL, 3, 2, true}, {NULL, 1, 2, false}};
  int blocking = -1;
  assert_true(dom_kke_k16_distribusi_ok(true, v, 0, &blocking));
  assert_int_equal(blocking, 0);
  assert_true(dom_kke_k16_distribusi_ok(true, v, 1, &blocking));   /* a small unit's warning does not block */
  assert_int_equal(blocking, 0);
  assert_false(dom_kke_k16_distribusi_ok(true, v, 2, &blocking));
  assert_int_equal(blocking, 1);
  assert_false(dom_kke_k16_distribusi_ok(false, v, 0, &blocking)); /* org predikat not set */
}

static void test_k17_unit_head(void **state) {
  (void)state;
  assert_true(dom_kke_k17_unit_head_ok("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI"));
  assert_false(dom_kke_k17_unit_head_ok("DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI"));
  assert_false(dom_kke_k17_unit_head_ok(NULL, "SESUAI_EKSPEKTASI"));
  assert_false(dom_kke_k17_unit_head_ok("SESUAI_EKSPEKTASI", NULL));
}

static void test_k18_bobot(void **state) {
  (void)state;
  assert_true(dom_kke_k18_bobot_ok(100.0, 0));
  assert_true(dom_kke_k18_bobot_ok(33.3333 + 33.3333 + 33.3334, 0));
  assert_true(dom_kke_k18_bobot_ok(100.0009, 0));
  assert_true(dom_kke_k18_bobot_ok(99.9991, 0));
  assert_false(dom_kke_k18_bobot_ok(100.0011, 0));
  assert_false(dom_kke_k18_bobot_ok(99.9989, 0));
  assert_false(dom_kke_k18_bobot_ok(99.0, 0));
  assert_false(dom_kke_k18_bobot_ok(100.0, 1));   /* an RHK without bobot */
}

static void test_k19_state_and_semester(void **state) {
  (void)state;
  assert_int_equal(dom_kke_k19_state(true, true, true, NULL, "BAIK"), DOM_KKE_K19_OK);  /* not read back yet */
  assert_int_equal(dom_kke_k19_state(true, true, true, "BAIK", "BAIK"), DOM_KKE_K19_OK);
  assert_int_equal(dom_kke_k19_state(true, true, true, "KURANG", "BAIK"), DOM_KKE_K19_MISMATCH);
  assert_int_equal(dom_kke_k19_state(true, true, false, "KURANG", "BAIK"), DOM_KKE_K19_CHANGED);
  assert_int_equal(dom_kke_k19_state(true, false, false, NULL, "BAIK"), DOM_KKE_K19_UNSENT);
  assert_int_equal(dom_kke_k19_state(false, true, true, NULL, "BAIK"), DOM_KKE_K19_UNSENDABLE);
  assert_true(dom_kke_in_semester(6, 1));
  assert_false(dom_kke_in_semester(7, 1));
  assert_true(dom_kke_in_semester(7, 2));
  assert_true(dom_kke_in_semester(12, 2));
  assert_false(dom_kke_in_semester(6, 2));
}

static void test_k21_covers_year(void **state) {
  (void)state;
  long s1[] = {day(2024, 1, 1)}, e1[] = {day(2024, 12, 31)};
  assert_true(dom_kke_k21_covers_year(s1, e1, 1, 2024));
  long e_short[] = {day(2024, 12, 30)};
  assert_false(dom_kke_k21_covers_year(s1, e_short, 1, 2024));    /* the last day missing */
  long s2[] = {day(2024, 1, 1), day(2024, 5, 2)}, e2[] = {day(2024, 5, 1), day(2024, 12, 31)};
  assert_true(dom_kke_k21_covers_year(s2, e2, 2, 2024));           /* a mutasi: back to back */
  long s3[] = {day(2024, 1, 1), day(2024, 5, 3)};
  assert_false(dom_kke_k21_covers_year(s3, e2, 2, 2024));          /* a day's gap */
  long s4[] = {day(2024, 1, 1), day(2024, 5, 1)};
  assert_false(dom_kke_k21_covers_year(s4, e2, 2, 2024));          /* a day's overlap */
  long late[] = {day(2024, 3, 1)};
  assert_true(dom_kke_k21_covers_year(late, e1, 1, 2024));         /* from the first segment's start */
  assert_false(dom_kke_k21_covers_year(s1, e1, 1, 2025));
  assert_false(dom_kke_k21_covers_year(s1, e1, 0, 2024));
}

static void test_k22_keberatan(void **state) {
  (void)state;
  long filed = day(2024, 7, 10), elapsed = -1;
  assert_int_equal(DOM_KKE_DEFAULT_KEBERATAN_DAYS, 21);
  assert_true(dom_kke_k22_on_time(filed, filed + 30, filed + 30, 30, &elapsed));   /* keberatan_putus_hari 30 */
  assert_false(dom_kke_k22_on_time(filed, filed + 15, filed + 30, 14, &elapsed));
  assert_true(dom_kke_k22_on_time(filed, filed + 21, filed + 100, DOM_KKE_DEFAULT_KEBERATAN_DAYS, &elapsed));  /* decided on day 21 */
  assert_int_equal(elapsed, 21);
  assert_false(dom_kke_k22_on_time(filed, filed + 22, filed + 22, DOM_KKE_DEFAULT_KEBERATAN_DAYS, &elapsed));
  assert_int_equal(elapsed, 22);
  assert_true(dom_kke_k22_on_time(filed, -1, filed + 21, DOM_KKE_DEFAULT_KEBERATAN_DAYS, &elapsed));          /* open, counted to today */
  assert_false(dom_kke_k22_on_time(filed, -1, filed + 22, DOM_KKE_DEFAULT_KEBERATAN_DAYS, &elapsed));
  assert_int_equal(elapsed, 22);
  assert_true(dom_kke_k22_on_time(filed, filed, filed + 60, DOM_KKE_DEFAULT_KEBERATAN_DAYS, &elapsed));
  assert_int_equal(elapsed, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_exempt_statuses), cmocka_unit_test(test_exemption_dated),
    cmocka_unit_test(test_penilai_matches), cmocka_unit_test(test_time_100),
    cmocka_unit_test(test_below_last_year), cmocka_unit_test(test_catalogue_has_k03_k07),
    cmocka_unit_test(test_target_value_and_same_indicator), cmocka_unit_test(test_k01_has_skp),
    cmocka_unit_test(test_k02_deadline), cmocka_unit_test(test_scopes), cmocka_unit_test(test_k04_k05_counts),
    cmocka_unit_test(test_k06_measurable), cmocka_unit_test(test_k08_template), cmocka_unit_test(test_k09_repeats_utama),
    cmocka_unit_test(test_k10_k11_counts), cmocka_unit_test(test_k12_k13_k14_periode), cmocka_unit_test(test_k15_matrix),
    cmocka_unit_test(test_k16_distribusi), cmocka_unit_test(test_k17_unit_head), cmocka_unit_test(test_k18_bobot),
    cmocka_unit_test(test_k19_state_and_semester), cmocka_unit_test(test_k21_covers_year),
    cmocka_unit_test(test_k22_keberatan), cmocka_unit_test(test_k13_dated_and_reuse),
    cmocka_unit_test(test_kke_settings_table),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
