/* Unit tests for the revocation of issued client tokens (src/auth/klien_cache.c): which tokens a
 * client's state still admits, and the per-process cache's age bound. Owner: security (issue 15,
 * item 8). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/auth.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int lookups;
static kn_auth_klien_state_t db_state;
static int fail_next;

static int lookup(const char *id, kn_auth_klien_state_t *out, void *ctx) {
  (void)id;
  (void)ctx;
  lookups++;
  if (fail_next) { fail_next = 0; return -1; }
  *out = db_state;
  return 0;
}

static kn_auth_principal_t client_token(long kgen) {
  kn_auth_principal_t p;
  memset(&p, 0, sizeof p);
  strcpy(p.sub, "kc_0123456789ab");
  p.roles = KN_ROLE_INTEGRASI;
  p.kgen = kgen;
  return p;
}

static void token_ok_rules(void **state) {
  (void)state;
  kn_auth_klien_state_t active = {.known = true, .aktif = true, .generasi = 3};
  kn_auth_klien_state_t off = {.known = true, .aktif = false, .generasi = 3};
  kn_auth_klien_state_t unknown = {.known = false};
  kn_auth_principal_t cur = client_token(3), old = client_token(2);
  assert_true(kn_auth_klien_token_ok(&cur, &active));
  assert_false(kn_auth_klien_token_ok(&old, &active));   /* rotated / re-scoped since */
  assert_false(kn_auth_klien_token_ok(&cur, &off));      /* disabled */
  assert_true(kn_auth_klien_token_ok(&old, &unknown));   /* another issuer's service account */
  kn_auth_principal_t user = client_token(0);
  user.roles = KN_ROLE_ADMIN_BKPSDM;                      /* not a service account: never held */
  assert_true(kn_auth_klien_token_ok(&user, &off));
}

static void cache_bounds_age(void **state) {
  (void)state;
  kn_auth_klien_state_t s;
  lookups = 0;
  db_state = (kn_auth_klien_state_t){.known = true, .aktif = true, .generasi = 0};
  assert_int_equal(kn_auth_klien_state("kc_cache_a", 200, lookup, NULL, &s), 0);
  assert_int_equal(kn_auth_klien_state("kc_cache_a", 200, lookup, NULL, &s), 0);
  assert_int_equal(lookups, 1);                           /* the second is a hit */
  db_state.aktif = false;                                 /* disabled in the database */
  assert_true(s.aktif);
  usleep(250 * 1000);                                     /* past the bound: read again */
  assert_int_equal(kn_auth_klien_state("kc_cache_a", 200, lookup, NULL, &s), 0);
  assert_int_equal(lookups, 2);
  assert_false(s.aktif);
  assert_int_equal(kn_auth_klien_state("kc_cache_a", 0, lookup, NULL, &s), 0); /* 0: every time */
  assert_int_equal(lookups, 3);
}

static void failed_lookup_caches_nothing(void **state) {
  (void)state;
  kn_auth_klien_state_t s;
  lookups = 0;
  fail_next = 1;
  assert_int_equal(kn_auth_klien_state("kc_cache_b", 10000, lookup, NULL, &s), -1);
  assert_int_equal(kn_auth_klien_state("kc_cache_b", 10000, lookup, NULL, &s), 0);
  assert_int_equal(lookups, 2);
  /* many clients: each keeps its own entry */
  char id[32];
  for (int i = 0; i < 2000; i++) {
    snprintf(id, sizeof id, "kc_many_%d", i);
    assert_int_equal(kn_auth_klien_state(id, 10000, lookup, NULL, &s), 0);
  }
  int before = lookups;
  assert_int_equal(kn_auth_klien_state("kc_many_1999", 10000, lookup, NULL, &s), 0);
  assert_int_equal(lookups, before);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(token_ok_rules),
    cmocka_unit_test(cache_bounds_age),
    cmocka_unit_test(failed_lookup_caches_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
