/* Unit tests for the 9-box placement (include/kinerja/domain_talenta.h, domain.md §16, §6.1):
 * every box of the Permen PANRB 3/2020 layout shipped in 0120_talenta.sql, every predikat on the
 * kinerja axis, the missing-data states, the mapping check and the succession fit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/domain_talenta.h"

/* The default table as the migration seeds it (kinerja across, potensi up):
 *   TINGGI    6 8 9
 *   MENENGAH  3 5 7
 *   RENDAH    1 2 4      talent pool: 7, 8, 9 */
static const struct { dom_talenta_kinerja_t k; dom_talenta_potensi_t p; int kotak; bool pool; } PERMEN_3_2020[] = {
  {DOM_TK_DI_BAWAH, DOM_TP_RENDAH, 1, false}, {DOM_TK_SESUAI, DOM_TP_RENDAH, 2, false},
  {DOM_TK_DI_BAWAH, DOM_TP_MENENGAH, 3, false}, {DOM_TK_DI_ATAS, DOM_TP_RENDAH, 4, false},
  {DOM_TK_SESUAI, DOM_TP_MENENGAH, 5, false}, {DOM_TK_DI_BAWAH, DOM_TP_TINGGI, 6, false},
  {DOM_TK_DI_ATAS, DOM_TP_MENENGAH, 7, true}, {DOM_TK_SESUAI, DOM_TP_TINGGI, 8, true},
  {DOM_TK_DI_ATAS, DOM_TP_TINGGI, 9, true},
};

static dom_talenta_peta_t default_map(void) {
  dom_talenta_peta_t m = {0};
  for (int i = 0; i < 9; i++)
    m.sel[PERMEN_3_2020[i].k][PERMEN_3_2020[i].p] = (dom_talenta_sel_t){PERMEN_3_2020[i].kotak, PERMEN_3_2020[i].pool, i};
  return m;
}

/* one predikat that lands on each kinerja column */
static dom_predikat_t predikat_for(dom_talenta_kinerja_t k) {
  return k == DOM_TK_DI_ATAS ? DOM_PREDIKAT_SANGAT_BAIK : k == DOM_TK_SESUAI ? DOM_PREDIKAT_BAIK : DOM_PREDIKAT_KURANG;
}

static void test_every_box_of_the_9_box_table(void **s) {
  (void)s;
  dom_talenta_peta_t m = default_map();
  assert_true(dom_talenta_peta_valid(&m));
  for (int i = 0; i < 9; i++) {
    const dom_talenta_sel_t *c = NULL;
    assert_int_equal(dom_talenta_place(&m, predikat_for(PERMEN_3_2020[i].k), PERMEN_3_2020[i].p, &c), DOM_TALENTA_DIPETAKAN);
    assert_non_null(c);
    assert_int_equal(c->kotak, PERMEN_3_2020[i].kotak);
    assert_int_equal(c->talent_pool, PERMEN_3_2020[i].pool);
    assert_int_equal(c->ref, i);
  }
}

static void test_kinerja_axis_from_every_predikat(void **s) {
  (void)s;
  assert_int_equal(dom_talenta_kinerja(DOM_PREDIKAT_SANGAT_BAIK), DOM_TK_DI_ATAS);
  assert_int_equal(dom_talenta_kinerja(DOM_PREDIKAT_BAIK), DOM_TK_SESUAI);
  assert_int_equal(dom_talenta_kinerja(DOM_PREDIKAT_BUTUH_PERBAIKAN), DOM_TK_DI_BAWAH);
  assert_int_equal(dom_talenta_kinerja(DOM_PREDIKAT_KURANG), DOM_TK_DI_BAWAH);  /* behaviour below dominates */
  assert_int_equal(dom_talenta_kinerja(DOM_PREDIKAT_SANGAT_KURANG), DOM_TK_DI_BAWAH);
  assert_int_equal(dom_talenta_kinerja(DOM_PREDIKAT_INVALID), DOM_TK_INVALID);
  /* box 9 only from SANGAT_BAIK: both ratings above expectation (§6.1) */
  dom_talenta_peta_t m = default_map();
  const dom_talenta_sel_t *c;
  dom_talenta_place(&m, dom_predikat_from_ratings(DOM_RATING_DI_ATAS, DOM_RATING_DI_ATAS), DOM_TP_TINGGI, &c);
  assert_int_equal(c->kotak, 9);
  dom_talenta_place(&m, dom_predikat_from_ratings(DOM_RATING_DI_ATAS, DOM_RATING_SESUAI), DOM_TP_TINGGI, &c);
  assert_int_equal(c->kotak, 8);
  dom_talenta_place(&m, dom_predikat_from_ratings(DOM_RATING_DI_ATAS, DOM_RATING_DI_BAWAH), DOM_TP_RENDAH, &c);
  assert_int_equal(c->kotak, 1);
}

static void test_missing_data_is_a_state_not_a_guess(void **s) {
  (void)s;
  dom_talenta_peta_t m = default_map();
  const dom_talenta_sel_t *c = (void *)&m;
  assert_int_equal(dom_talenta_place(&m, DOM_PREDIKAT_INVALID, DOM_TP_TINGGI, &c), DOM_TALENTA_TANPA_PREDIKAT);
  assert_null(c);
  assert_int_equal(dom_talenta_place(&m, DOM_PREDIKAT_BAIK, DOM_TP_INVALID, &c), DOM_TALENTA_TANPA_POTENSI);
  assert_null(c);
  assert_int_equal(dom_talenta_place(&m, DOM_PREDIKAT_INVALID, DOM_TP_INVALID, &c), DOM_TALENTA_TANPA_KEDUANYA);
  assert_string_equal(dom_talenta_status_name(DOM_TALENTA_TANPA_KEDUANYA), "TANPA_PREDIKAT_DAN_POTENSI");
  assert_string_equal(dom_talenta_status_name(DOM_TALENTA_TANPA_POTENSI), "TANPA_POTENSI");
}

static void test_mapping_must_number_each_box_once(void **s) {
  (void)s;
  dom_talenta_peta_t m = default_map();
  m.sel[0][0].kotak = 9; /* two boxes 9, no box 1 */
  assert_false(dom_talenta_peta_valid(&m));
  m = default_map();
  m.sel[2][2].kotak = 0; /* a cell left undefined */
  assert_false(dom_talenta_peta_valid(&m));
  /* another source's numbering (middle boxes swapped) is just as valid: numbering is data */
  m = default_map();
  m.sel[DOM_TK_DI_ATAS][DOM_TP_RENDAH].kotak = 6;
  m.sel[DOM_TK_DI_BAWAH][DOM_TP_TINGGI].kotak = 4;
  assert_true(dom_talenta_peta_valid(&m));
}

static void test_names_round_trip(void **s) {
  (void)s;
  for (int i = 0; i < 3; i++) {
    assert_int_equal(dom_talenta_kinerja_from_name(dom_talenta_kinerja_name(i)), i);
    assert_int_equal(dom_talenta_potensi_from_name(dom_talenta_potensi_name(i)), i);
  }
  assert_int_equal(dom_talenta_potensi_from_name("SEDANG"), DOM_TP_INVALID);
  assert_int_equal(dom_talenta_potensi_from_name(NULL), DOM_TP_INVALID);
  assert_null(dom_talenta_kinerja_name(DOM_TK_INVALID));
}

static void test_succession_fit_by_level(void **s) {
  (void)s;
  assert_int_equal(dom_talenta_level("JPT", NULL), 4);
  assert_int_equal(dom_talenta_level("ADMINISTRATOR", NULL), 3);
  assert_int_equal(dom_talenta_level("PENGAWAS", NULL), 2);
  assert_int_equal(dom_talenta_level("PELAKSANA", NULL), 1);
  assert_int_equal(dom_talenta_level("FUNGSIONAL", "MUDA"), 3);   /* setara administrator */
  assert_int_equal(dom_talenta_level("FUNGSIONAL", "PERTAMA"), 2);
  assert_int_equal(dom_talenta_level("FUNGSIONAL", "MAHIR"), 1);
  assert_int_equal(dom_talenta_level("FUNGSIONAL", NULL), 0);
  assert_int_equal(dom_talenta_level("LAINNYA", NULL), 0);
  assert_int_equal(dom_talenta_cocok(3, 2), 2);  /* pengawas -> administrator: promotion */
  assert_int_equal(dom_talenta_cocok(3, 3), 1);  /* same level: mutasi */
  assert_int_equal(dom_talenta_cocok(3, 1), 0);  /* two levels up */
  assert_int_equal(dom_talenta_cocok(3, 4), 0);  /* a lower post is no succession */
  assert_int_equal(dom_talenta_cocok(0, 2), 0);  /* post level unknown */
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_every_box_of_the_9_box_table),
    cmocka_unit_test(test_kinerja_axis_from_every_predikat),
    cmocka_unit_test(test_missing_data_is_a_state_not_a_guess),
    cmocka_unit_test(test_mapping_must_number_each_box_once),
    cmocka_unit_test(test_names_round_trip),
    cmocka_unit_test(test_succession_fit_by_level),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
