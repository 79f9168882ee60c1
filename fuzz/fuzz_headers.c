/* libFuzzer target: the request-header and query parsers: ?cursor= and ?limit=
 * (src/api/common.c kn_api_page_params), If-Match (kn_api_if_match), Idempotency-Key
 * (src/api/idempotency.c kn_api_idempotency_key_valid) and Content-Type
 * (kn_http_content_type_is). Input: four '\n'-separated values (cursor, limit, If-Match,
 * Idempotency-Key/Content-Type). Oracles: an accepted cursor/If-Match yields a decimal id, the
 * problem answered is valid JSON. Owner: platform (security). */
#include "fuzz_common.h"
#include "kinerja/api.h"
#include <ctype.h>
#include <stdio.h>

static bool decimal(const char *s) {
  if (!*s) return false;
  for (; *s; s++) if (!isdigit((unsigned char)*s)) return false;
  return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *p = data;
  size_t n = size;
  char *cursor = fz_next(&p, &n), *limit = fz_next(&p, &n), *if_match = fz_next(&p, &n), *key = fz_next(&p, &n);

  fz_req_t f;
  fz_req_init(&f, "GET", "/v1/pegawai", NULL, 0);
  if (*cursor) fz_req_query(&f, "cursor", cursor);
  if (*limit) fz_req_query(&f, "limit", limit);
  char lim[16], after[24];
  if (kn_api_page_params(&f.r, lim, after)) {
    if (!decimal(lim) || !decimal(after)) abort();
    long l = atol(lim);
    if (l < 1 || l > 500) abort();
  }
  fz_req_free(&f);

  fz_req_init(&f, "PATCH", "/v1/skp/1", NULL, 0);
  fz_req_header(&f, "If-Match", if_match);
  fz_req_header(&f, "Content-Type", key);
  char ver[24];
  bool bad = true;
  const char *v = kn_api_if_match(&f.r, ver, &bad);
  if (v && (bad || !decimal(v))) abort();
  if (!v && !bad) abort(); /* the header is present: either a version or a 412 */
  (void)kn_http_content_type_is(&f.r, "application/json");
  (void)kn_http_content_type_is(&f.r, "text/csv");
  fz_req_free(&f);

  if (kn_api_idempotency_key_valid(key)) {
    size_t kl = strlen(key);
    if (kl == 0 || kl > 255) abort();
    for (size_t i = 0; i < kl; i++) if (key[i] < 0x21 || key[i] > 0x7e) abort();
  }
  free(cursor);
  free(limit);
  free(if_match);
  free(key);
  return 0;
}
