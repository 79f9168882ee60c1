/* Unit tests for the reference lists (include/kinerja/domain_referensi.h, src/domain/referensi.c):
 * every list is complete (a label for each code, names unique), the codes the regulation's
 * tables use are there (domain.md §6.1 predikat matrix, §6.3 org predikat, §7.3 jenjang
 * coefficients), and the official jenjang names resolve to their codes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/domain_referensi.h"

#include <string.h>

static void every_list_has_labels_and_unique_codes(void **state) {
  (void)state;
  size_t n;
  const dom_ref_list_t *const *all = dom_ref_all(&n);
  assert_true(n >= 20);
  for (size_t i = 0; i < n; i++) {
    const dom_ref_list_t *l = all[i];
    assert_ptr_equal(dom_ref_find(l->name), l);
    assert_non_null(l->label_id);
    assert_non_null(l->label_en);
    size_t c = dom_ref_count(l);
    assert_true(c >= 2);
    for (size_t k = 0; k < c; k++) {
      assert_non_null(l->labels[k].id);
      assert_non_null(l->labels[k].en);
      assert_true(strlen(l->labels[k].id) > 0 && strlen(l->labels[k].en) > 0);
      for (size_t j = 0; j < k; j++) assert_string_not_equal(l->codes[j], l->codes[k]);
      assert_string_equal(dom_ref_resolve(l, l->codes[k]), l->codes[k]);
    }
    for (size_t j = 0; j < i; j++) assert_string_not_equal(all[j]->name, l->name);
  }
  assert_null(dom_ref_find("tidak_ada"));
}

static void regulation_codes_present(void **state) {
  (void)state;
  assert_int_equal(dom_ref_count(&dom_ref_predikat), 5);
  assert_int_equal(dom_ref_count(&dom_ref_predikat_organisasi), 5);
  assert_int_equal(dom_ref_count(&dom_ref_rating), 3);
  assert_int_equal(dom_ref_count(&dom_ref_nilai_perilaku), 7);
  assert_string_equal(dom_ref_predikat.codes[0], "SANGAT_BAIK");
  assert_string_equal(dom_ref_predikat_organisasi.codes[0], "ISTIMEWA");
  /* the coefficient table angka_kredit_koefisien is keyed on these eight codes */
  static const char *const JENJANG[] = {"PEMULA", "TERAMPIL", "MAHIR", "PENYELIA", "PERTAMA", "MUDA", "MADYA", "UTAMA"};
  assert_int_equal(dom_ref_count(&dom_ref_jenjang_jf), 8);
  for (size_t i = 0; i < 8; i++) assert_non_null(dom_ref_resolve(&dom_ref_jenjang_jf, JENJANG[i]));
}

static void jenjang_official_names_are_aliases(void **state) {
  (void)state;
  const dom_ref_list_t *l = &dom_ref_jenjang_jf;
  assert_string_equal(dom_ref_resolve(l, "Ahli Pertama"), "PERTAMA");
  assert_string_equal(dom_ref_resolve(l, "ahli   pertama"), "PERTAMA");
  assert_string_equal(dom_ref_resolve(l, " AHLI UTAMA "), "UTAMA");
  assert_string_equal(dom_ref_resolve(l, "Ahli Madya"), "MADYA");
  assert_string_equal(dom_ref_resolve(l, "Ahli Muda"), "MUDA");
  assert_string_equal(dom_ref_resolve(l, "Pemula"), "PEMULA");
  assert_string_equal(dom_ref_resolve(l, "terampil"), "TERAMPIL");
  assert_string_equal(dom_ref_resolve(l, "Mahir"), "MAHIR");
  assert_string_equal(dom_ref_resolve(l, "Penyelia"), "PENYELIA");
  assert_null(dom_ref_resolve(l, "Pertama Ahli"));
  assert_null(dom_ref_resolve(l, "Ahli"));
  assert_null(dom_ref_resolve(l, ""));
  assert_null(dom_ref_resolve(l, "pertama")); /* codes are exact; only the official names are loose */
  assert_null(dom_ref_resolve(l, NULL));
  /* lists without aliases take their codes only */
  assert_null(dom_ref_resolve(&dom_ref_predikat, "Sangat Baik"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(every_list_has_labels_and_unique_codes),
    cmocka_unit_test(regulation_codes_present),
    cmocka_unit_test(jenjang_official_names_are_aliases),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
