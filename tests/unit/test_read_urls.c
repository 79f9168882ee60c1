/* Unit tests for the KINERJA_DATABASE_URL_READ list (kn_config_set_read_urls in
 * src/core/config.c). Owner: db (issue 14, item 4). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/config.h"

#include <stdio.h>
#include <string.h>

static int parse(const char *v, char *why) { return kn_config_set_read_urls(v, why, 256); }

static void empty_means_no_replica(void **state) {
  (void)state;
  char why[256] = "";
  kn_cfg.nread_urls = 2;
  assert_int_equal(parse(NULL, why), 0);
  assert_int_equal(kn_cfg.nread_urls, 0);
  assert_int_equal(parse("", why), 0);
  assert_int_equal(kn_cfg.nread_urls, 0);
}

static void one_connection_string_stays_whole(void **state) {
  (void)state;
  char why[256] = "";
  /* libpq's multi-host syntax keeps its commas */
  assert_int_equal(parse("host=r1,r2 port=5433,5434 dbname=kinerja user=kinerja_api", why), 0);
  assert_int_equal(kn_cfg.nread_urls, 1);
  assert_string_equal(kn_cfg.read_urls[0], "host=r1,r2 port=5433,5434 dbname=kinerja user=kinerja_api");
  assert_int_equal(parse("postgresql://r1:5433,r2:5434/kinerja?target_session_attrs=standby", why), 0);
  assert_int_equal(kn_cfg.nread_urls, 1);
  assert_string_equal(kn_cfg.read_urls[0], "postgresql://r1:5433,r2:5434/kinerja?target_session_attrs=standby");
}

static void uris_split_in_order(void **state) {
  (void)state;
  char why[256] = "";
  assert_int_equal(parse("postgresql://a:1,b:2/k, postgres://c/k ,postgresql://d/k", why), 0);
  assert_int_equal(kn_cfg.nread_urls, 3);
  assert_string_equal(kn_cfg.read_urls[0], "postgresql://a:1,b:2/k");
  assert_string_equal(kn_cfg.read_urls[1], "postgres://c/k");
  assert_string_equal(kn_cfg.read_urls[2], "postgresql://d/k");
}

static void malformed_lists_rejected(void **state) {
  (void)state;
  char why[256] = "";
  assert_int_equal(parse(",postgresql://a/k", why), -1);
  assert_non_null(strstr(why, "empty"));
  char list[2048] = "";
  for (int i = 0; i <= KN_READ_MAX_URLS; i++)
    snprintf(list + strlen(list), sizeof list - strlen(list), "%spostgresql://r%d/k", i ? "," : "", i);
  assert_int_equal(parse(list, why), -1);
  assert_non_null(strstr(why, "at most"));
  char big[1400];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  memcpy(big, "host=", 5);
  assert_int_equal(parse(big, why), -1);
  assert_non_null(strstr(why, "longer"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(empty_means_no_replica),
    cmocka_unit_test(one_connection_string_stays_whole),
    cmocka_unit_test(uris_split_in_order),
    cmocka_unit_test(malformed_lists_rejected),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
