/* Unit tests for the role gates and the null-safe relation test (include/kinerja/domain_akses.h,
 * src/domain/akses.c, README "Roles and scopes"). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/domain_akses.h"

/* Every combination of the five roles and two scopes (2^7), against the rule written out. */
static dom_caller_t caller(unsigned bits) {
  return (dom_caller_t){bits & 1, bits & 2, bits & 4, bits & 8, bits & 16, bits & 32, bits & 64};
}

static void every_combination(void **state) {
  (void)state;
  for (unsigned bits = 0; bits < 128; bits++) {
    dom_caller_t c = caller(bits);
    bool manage = c.admin_pd || c.admin_bkpsdm || (c.integrasi && c.sync_write);
    bool write = manage || c.pegawai;
    bool read = write || c.auditor || (c.integrasi && (c.sync_read || c.sync_write));
    assert_int_equal(dom_akses_may_manage(&c), manage);
    assert_int_equal(dom_akses_may_write(&c), write);
    assert_int_equal(dom_akses_may_read(&c), read);
    /* app_scope_for: '/' for any of admin_bkpsdm, auditor, integrasi (an admin_pd among them too) */
    assert_int_equal(dom_akses_reads_whole_instansi(&c), c.admin_bkpsdm || c.auditor || c.integrasi);
    /* whoever may write may read; whoever may manage may write */
    assert_true(!dom_akses_may_write(&c) || dom_akses_may_read(&c));
    assert_true(!dom_akses_may_manage(&c) || dom_akses_may_write(&c));
  }
}

/* The read-only roles of issue 15 (0b): never a write, whatever else they carry. */
static void read_only_roles_never_write(void **state) {
  (void)state;
  static const dom_caller_t RO[] = {
    {.auditor = true},
    {.integrasi = true, .sync_read = true},
    {.auditor = true, .integrasi = true, .sync_read = true},
    {.integrasi = true},                      /* webhook:manage only */
    {.sync_write = true},                     /* a scope without the integrasi role counts for nothing */
    {.auditor = true, .sync_write = true},
  };
  for (size_t i = 0; i < sizeof RO / sizeof RO[0]; i++) {
    assert_false(dom_akses_may_write(&RO[i]));
    assert_false(dom_akses_may_manage(&RO[i]));
  }
  dom_caller_t hook = {.integrasi = true};
  assert_false(dom_akses_may_read(&hook));
  dom_caller_t none = {0};
  assert_false(dom_akses_may_read(&none));
  dom_caller_t peg_aud = {.pegawai = true, .auditor = true};
  assert_true(dom_akses_may_write(&peg_aud));
  assert_false(dom_akses_may_manage(&peg_aud));
  dom_caller_t pd = {.pegawai = true, .admin_pd = true};
  assert_false(dom_akses_reads_whole_instansi(&pd));
}

/* 0 is "no pegawai" (the Kepala Daerah, a nip that names nobody): it never matches. */
static void same_pegawai_is_null_safe(void **state) {
  (void)state;
  assert_false(dom_akses_same_pegawai(0, 0));
  assert_false(dom_akses_same_pegawai(0, 7));
  assert_false(dom_akses_same_pegawai(7, 0));
  assert_false(dom_akses_same_pegawai(7, 8));
  assert_true(dom_akses_same_pegawai(7, 7));
  assert_true(dom_akses_same_pegawai(9007199254740993L, 9007199254740993L));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(every_combination),
    cmocka_unit_test(read_only_roles_never_write),
    cmocka_unit_test(same_pegawai_is_null_safe),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
