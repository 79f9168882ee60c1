/* Unit tests for the KINERJA_CORS_ORIGINS parser (src/core/cors_origins.c). Owner: http (issue 21). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/config.h"

#include <stdio.h>
#include <string.h>

static int parse(const char *v, char *why) { return kn_config_set_cors_origins(v, why, 256); }

static void empty_means_none(void **state) {
  (void)state;
  char why[256] = "";
  kn_cfg.ncors_origins = 3;
  assert_int_equal(parse(NULL, why), 0);
  assert_int_equal(kn_cfg.ncors_origins, 0);
  assert_int_equal(parse("", why), 0);
  assert_int_equal(kn_cfg.ncors_origins, 0);
}

static void exact_origins_kept_in_order(void **state) {
  (void)state;
  char why[256] = "";
  assert_int_equal(parse("https://app.example.go.id, http://127.0.0.1:8081,http://localhost:3000", why), 0);
  assert_int_equal(kn_cfg.ncors_origins, 3);
  assert_string_equal(kn_cfg.cors_origins[0], "https://app.example.go.id");
  assert_string_equal(kn_cfg.cors_origins[1], "http://127.0.0.1:8081");
  assert_string_equal(kn_cfg.cors_origins[2], "http://localhost:3000");
  assert_int_equal(parse("https://x.go.id:8443", why), 0);
  assert_int_equal(kn_cfg.ncors_origins, 1);
}

static void malformed_values_rejected_with_reason(void **state) {
  (void)state;
  static const struct { const char *value, *reason; } BAD[] = {
    {"*", "http:// or https://"},
    {"app.example.go.id", "http:// or https://"},
    {"HTTPS://app.example.go.id", "http:// or https://"},
    {"ftp://app.example.go.id", "http:// or https://"},
    {"https://App.Example.go.id", "lowercase"},
    {"https://app.Example.go.id", "lowercase"},
    {"https://app.example.go.id/", "without path"},
    {"https://app.example.go.id/ui", "without path"},
    {"https://*.example.go.id", "host name"},
    {"https://user@app.example.go.id", "without path"},
    {"https://", "http:// or https://"},
    {"https://.example.go.id", "host name"},
    {"https://app.example.go.id:0", "port"},
    {"https://app.example.go.id:99999", "port"},
    {"https://app.example.go.id:", "port"},
    {"https://app.example.go.id:443", "default port 443"},
    {"http://app.example.go.id:80", "default port 80"},
    {"https://a.go.id,,https://b.go.id", "empty entry"},
    {"https://a.go.id,", "empty entry"},
    {"https://a.go.id https://b.go.id", "commas"},
    {"null", "http:// or https://"},
  };
  for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
    char why[256] = "";
    if (parse(BAD[i].value, why) != -1 || !strstr(why, BAD[i].reason))
      fail_msg("'%s' gave '%s', want a reason containing '%s'", BAD[i].value, why, BAD[i].reason);
  }
}

static void too_many_origins(void **state) {
  (void)state;
  char list[4096] = "", why[256] = "";
  for (int i = 0; i <= KN_CORS_MAX_ORIGINS; i++)
    snprintf(list + strlen(list), sizeof list - strlen(list), "%shttps://a%d.go.id", i ? "," : "", i);
  assert_int_equal(parse(list, why), -1);
  assert_non_null(strstr(why, "at most"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(empty_means_none),
    cmocka_unit_test(exact_origins_kept_in_order),
    cmocka_unit_test(malformed_values_rejected_with_reason),
    cmocka_unit_test(too_many_origins),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
