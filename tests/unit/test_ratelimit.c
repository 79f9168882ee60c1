/* Unit tests for the per-address token buckets (src/http/ratelimit.c). Owner: security
 * (issue 15, item 2). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/ratelimit.h"

#include <string.h>

static void key_of(unsigned char k[16], unsigned n) {
  memset(k, 0, 16);
  k[10] = k[11] = 0xff;
  k[12] = 127;
  k[13] = (unsigned char)(n >> 16);
  k[14] = (unsigned char)(n >> 8);
  k[15] = (unsigned char)n;
}

static void burst_then_refill(void **state) {
  (void)state;
  kn_rate_t *rl = kn_http_rate_new(64, 5, 30); /* 5 at once, one every 2 s */
  unsigned char a[16];
  key_of(a, 2);
  unsigned retry = 0;
  for (int i = 0; i < 5; i++) assert_true(kn_http_rate_take(rl, a, 100.0, &retry));
  assert_false(kn_http_rate_take(rl, a, 100.0, &retry));
  assert_int_equal(retry, 2);
  assert_false(kn_http_rate_take(rl, a, 101.0, &retry));
  assert_int_equal(retry, 1);
  assert_true(kn_http_rate_take(rl, a, 102.0, &retry));
  assert_false(kn_http_rate_take(rl, a, 102.0, &retry));
  /* a long pause fills the bucket up to the burst, no more */
  for (int i = 0; i < 5; i++) assert_true(kn_http_rate_take(rl, a, 1000.0, &retry));
  assert_false(kn_http_rate_take(rl, a, 1000.0, &retry));
  kn_http_rate_free(rl);
}

static void addresses_are_independent(void **state) {
  (void)state;
  kn_rate_t *rl = kn_http_rate_new(64, 2, 1);
  unsigned char a[16], b[16];
  key_of(a, 2);
  key_of(b, 3);
  unsigned retry;
  assert_true(kn_http_rate_take(rl, a, 0, &retry));
  assert_true(kn_http_rate_take(rl, a, 0, &retry));
  assert_false(kn_http_rate_take(rl, a, 0, &retry));
  assert_true(kn_http_rate_take(rl, b, 0, &retry));
  assert_true(kn_http_rate_take(rl, b, 0, &retry));
  assert_false(kn_http_rate_take(rl, b, 0, &retry));
  kn_http_rate_free(rl);
}

static void a_flood_of_addresses_stays_bounded(void **state) {
  (void)state;
  kn_rate_t *rl = kn_http_rate_new(16, 1, 1);
  unsigned char k[16];
  unsigned retry;
  for (unsigned i = 0; i < 100000; i++) {
    key_of(k, 1000 + i);
    assert_true(kn_http_rate_take(rl, k, (double)i, &retry)); /* each new address gets a (recycled) bucket */
  }
  kn_http_rate_free(rl);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(burst_then_refill),
    cmocka_unit_test(addresses_are_independent),
    cmocka_unit_test(a_flood_of_addresses_stays_bounded),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
