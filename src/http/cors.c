/* CORS for browser front ends on other origins. Owner: http.
 * Decides which responses carry CORS headers (only those to an Origin on KINERJA_CORS_ORIGINS;
 * nothing at all when the list is empty), what a preflight answers, and which request and
 * response headers a page may use. No credentials mode: callers send Bearer tokens, not cookies,
 * so Access-Control-Allow-Credentials is never sent and the allowed origin is always echoed
 * exactly (never "*"). */
#include "kinerja/http.h"
#include "kinerja/config.h"
#include <string.h>

/* What a page may send besides the CORS-safelisted headers. */
static const char ALLOW_HEADERS[] =
  "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id, Accept-Language, "
  "Kinerja-Konsistensi";
/* What a page may read besides the safelisted response headers (Content-Type, ...). */
static const char EXPOSE_HEADERS[] =
  "ETag, Location, X-Request-Id, Retry-After, Idempotent-Replayed, WWW-Authenticate, Allow, "
  "Content-Disposition, Kinerja-Konsistensi";
/* Browsers may cache a preflight this long (seconds); Chromium caps it at 7200. */
static const char MAX_AGE[] = "600";

/* The request's Origin when it is on the allowlist, else NULL. */
static const char *allowed_origin(const kn_http_req_t *r) {
  if (kn_cfg.ncors_origins == 0) return NULL;
  const char *o = kn_http_header(r, "Origin");
  if (!o) return NULL;
  for (int i = 0; i < kn_cfg.ncors_origins; i++)
    if (strcmp(o, kn_cfg.cors_origins[i]) == 0) return kn_cfg.cors_origins[i];
  return NULL;
}

void kn_http_cors_headers(kn_http_req_t *r) {
  if (kn_cfg.ncors_origins == 0) return;
  /* the answer depends on Origin whenever CORS is on, also for origins that get no headers, so
   * a shared cache never hands one origin's response to another */
  kn_http_set_header(r, "Vary", "Origin");
  const char *o = allowed_origin(r);
  if (!o) return;
  kn_http_set_header(r, "Access-Control-Allow-Origin", o);
  kn_http_set_header(r, "Access-Control-Expose-Headers", EXPOSE_HEADERS);
}

void kn_http_cors_options(kn_http_req_t *r, const char *allow) {
  kn_http_set_header(r, "Allow", allow);
  if (allowed_origin(r) && kn_http_header(r, "Access-Control-Request-Method")) {
    kn_http_set_header(r, "Access-Control-Allow-Methods", allow);
    kn_http_set_header(r, "Access-Control-Allow-Headers", ALLOW_HEADERS);
    kn_http_set_header(r, "Access-Control-Max-Age", MAX_AGE);
  }
  kn_http_respond(r, 204, NULL, NULL, 0);
}
