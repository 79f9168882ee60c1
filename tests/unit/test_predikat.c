/* Unit tests for the predikat matrix (include/kinerja/domain_predikat.h, domain.md §6.1). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/domain_predikat.h"

#include <limits.h>
#include <stdio.h>

/* domain.md §6.1, rows = hasil kerja, columns = perilaku kerja, values = SIASN
 * kuadranKinerjaNilai ids. Written out cell by cell on purpose (not derived from a formula). */
static const struct {
  dom_rating_t hasil_kerja;
  dom_rating_t perilaku;
  dom_predikat_t expected;
  int siasn_id;
  const char *name;
} MATRIX[] = {
  {DOM_RATING_DI_ATAS, DOM_RATING_DI_ATAS, DOM_PREDIKAT_SANGAT_BAIK, 1, "SANGAT_BAIK"},
  {DOM_RATING_DI_ATAS, DOM_RATING_SESUAI, DOM_PREDIKAT_BAIK, 2, "BAIK"},
  {DOM_RATING_DI_ATAS, DOM_RATING_DI_BAWAH, DOM_PREDIKAT_KURANG, 4, "KURANG"},
  {DOM_RATING_SESUAI, DOM_RATING_DI_ATAS, DOM_PREDIKAT_BAIK, 2, "BAIK"},
  {DOM_RATING_SESUAI, DOM_RATING_SESUAI, DOM_PREDIKAT_BAIK, 2, "BAIK"},
  {DOM_RATING_SESUAI, DOM_RATING_DI_BAWAH, DOM_PREDIKAT_KURANG, 4, "KURANG"},
  {DOM_RATING_DI_BAWAH, DOM_RATING_DI_ATAS, DOM_PREDIKAT_BUTUH_PERBAIKAN, 3, "BUTUH_PERBAIKAN"},
  {DOM_RATING_DI_BAWAH, DOM_RATING_SESUAI, DOM_PREDIKAT_BUTUH_PERBAIKAN, 3, "BUTUH_PERBAIKAN"},
  {DOM_RATING_DI_BAWAH, DOM_RATING_DI_BAWAH, DOM_PREDIKAT_SANGAT_KURANG, 5, "SANGAT_KURANG"},
};
#define NMATRIX (sizeof MATRIX / sizeof MATRIX[0])

static void matrix_all_nine_cells(void **state) {
  (void)state;
  assert_int_equal(NMATRIX, 9);
  for (size_t i = 0; i < NMATRIX; i++) {
    dom_predikat_t got = dom_predikat_from_ratings(MATRIX[i].hasil_kerja, MATRIX[i].perilaku);
    if (got != MATRIX[i].expected)
      fail_msg("cell %zu (hk=%d, pk=%d): expected %d, got %d", i, (int)MATRIX[i].hasil_kerja,
               (int)MATRIX[i].perilaku, (int)MATRIX[i].expected, (int)got);
    /* the enum value is the SIASN id sent to BKN */
    assert_int_equal((int)got, MATRIX[i].siasn_id);
    assert_string_equal(dom_predikat_name(got), MATRIX[i].name);
  }
}

/* The pitfall named in domain.md §6.1: max(hk, pk) would give BUTUH_PERBAIKAN (3) here. */
static void matrix_not_max_formula(void **state) {
  (void)state;
  assert_int_equal(dom_predikat_from_ratings(DOM_RATING_DI_ATAS, DOM_RATING_DI_BAWAH), DOM_PREDIKAT_KURANG);
  assert_int_not_equal(dom_predikat_from_ratings(DOM_RATING_DI_ATAS, DOM_RATING_DI_BAWAH),
                       DOM_PREDIKAT_BUTUH_PERBAIKAN);
  /* the matrix is not symmetric */
  assert_int_not_equal(dom_predikat_from_ratings(DOM_RATING_DI_ATAS, DOM_RATING_DI_BAWAH),
                       dom_predikat_from_ratings(DOM_RATING_DI_BAWAH, DOM_RATING_DI_ATAS));
}

static void siasn_ids(void **state) {
  (void)state;
  /* ratings (hasilKinerjaNilai / perilakuKerjaNilai) */
  assert_int_equal(DOM_RATING_INVALID, 0);
  assert_int_equal(DOM_RATING_DI_ATAS, 1);
  assert_int_equal(DOM_RATING_SESUAI, 2);
  assert_int_equal(DOM_RATING_DI_BAWAH, 3);
  /* predikat (kuadranKinerjaNilai) */
  assert_int_equal(DOM_PREDIKAT_INVALID, 0);
  assert_int_equal(DOM_PREDIKAT_SANGAT_BAIK, 1);
  assert_int_equal(DOM_PREDIKAT_BAIK, 2);
  assert_int_equal(DOM_PREDIKAT_BUTUH_PERBAIKAN, 3);
  assert_int_equal(DOM_PREDIKAT_KURANG, 4);
  assert_int_equal(DOM_PREDIKAT_SANGAT_KURANG, 5);
}

static void invalid_ratings(void **state) {
  (void)state;
  static const int BAD[] = {0, -1, 4, 5, 100, INT_MIN, INT_MAX};
  static const dom_rating_t GOOD[] = {DOM_RATING_DI_ATAS, DOM_RATING_SESUAI, DOM_RATING_DI_BAWAH};
  for (size_t b = 0; b < sizeof BAD / sizeof BAD[0]; b++) {
    for (size_t g = 0; g < 3; g++) {
      assert_int_equal(dom_predikat_from_ratings((dom_rating_t)BAD[b], GOOD[g]), DOM_PREDIKAT_INVALID);
      assert_int_equal(dom_predikat_from_ratings(GOOD[g], (dom_rating_t)BAD[b]), DOM_PREDIKAT_INVALID);
    }
    for (size_t c = 0; c < sizeof BAD / sizeof BAD[0]; c++)
      assert_int_equal(dom_predikat_from_ratings((dom_rating_t)BAD[b], (dom_rating_t)BAD[c]),
                       DOM_PREDIKAT_INVALID);
  }
}

static void rating_from_name(void **state) {
  (void)state;
  static const struct { const char *name; dom_rating_t expected; } CASES[] = {
    {"DI_ATAS_EKSPEKTASI", DOM_RATING_DI_ATAS},
    {"SESUAI_EKSPEKTASI", DOM_RATING_SESUAI},
    {"DI_BAWAH_EKSPEKTASI", DOM_RATING_DI_BAWAH},
    /* unknown / near misses: exact, case-sensitive API enum names only */
    {"", DOM_RATING_INVALID},
    {"di_atas_ekspektasi", DOM_RATING_INVALID},
    {"DI_ATAS", DOM_RATING_INVALID},
    {"DIATAS EKSPEKTASI", DOM_RATING_INVALID},  /* the SIASN display text is not the API name */
    {"DI_ATAS_EKSPEKTASI ", DOM_RATING_INVALID},
    {" SESUAI_EKSPEKTASI", DOM_RATING_INVALID},
    {"SESUAI_EKSPEKTAS", DOM_RATING_INVALID},
    {"DI_BAWAH_EKSPEKTASIX", DOM_RATING_INVALID},
    {"1", DOM_RATING_INVALID},
    {"SANGAT_BAIK", DOM_RATING_INVALID},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    dom_rating_t got = dom_rating_from_name(CASES[i].name);
    if (got != CASES[i].expected)
      fail_msg("dom_rating_from_name(\"%s\"): expected %d, got %d", CASES[i].name,
               (int)CASES[i].expected, (int)got);
  }
  assert_int_equal(dom_rating_from_name(NULL), DOM_RATING_INVALID);
}

static void predikat_names(void **state) {
  (void)state;
  static const struct { dom_predikat_t p; const char *name; } CASES[] = {
    {DOM_PREDIKAT_SANGAT_BAIK, "SANGAT_BAIK"},
    {DOM_PREDIKAT_BAIK, "BAIK"},
    {DOM_PREDIKAT_BUTUH_PERBAIKAN, "BUTUH_PERBAIKAN"},
    {DOM_PREDIKAT_KURANG, "KURANG"},
    {DOM_PREDIKAT_SANGAT_KURANG, "SANGAT_KURANG"},
    {DOM_PREDIKAT_INVALID, "INVALID"},
    {(dom_predikat_t)6, "INVALID"},
    {(dom_predikat_t)-1, "INVALID"},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
    assert_string_equal(dom_predikat_name(CASES[i].p), CASES[i].name);
}

/* Names round-trip through the matrix: API rating names in, API predikat name out. */
static void names_through_matrix(void **state) {
  (void)state;
  assert_string_equal(dom_predikat_name(dom_predikat_from_ratings(dom_rating_from_name("DI_ATAS_EKSPEKTASI"),
                                                                  dom_rating_from_name("DI_ATAS_EKSPEKTASI"))),
                      "SANGAT_BAIK");
  assert_string_equal(dom_predikat_name(dom_predikat_from_ratings(dom_rating_from_name("SESUAI_EKSPEKTASI"),
                                                                  dom_rating_from_name("DI_BAWAH_EKSPEKTASI"))),
                      "KURANG");
  assert_string_equal(dom_predikat_name(dom_predikat_from_ratings(dom_rating_from_name("DI_BAWAH_EKSPEKTASI"),
                                                                  dom_rating_from_name("SESUAI_EKSPEKTASI"))),
                      "BUTUH_PERBAIKAN");
  assert_string_equal(dom_predikat_name(dom_predikat_from_ratings(dom_rating_from_name("bogus"),
                                                                  dom_rating_from_name("SESUAI_EKSPEKTASI"))),
                      "INVALID");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(matrix_all_nine_cells),
    cmocka_unit_test(matrix_not_max_formula),
    cmocka_unit_test(siasn_ids),
    cmocka_unit_test(invalid_ratings),
    cmocka_unit_test(rating_from_name),
    cmocka_unit_test(predikat_names),
    cmocka_unit_test(names_through_matrix),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
