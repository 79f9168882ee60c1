/* Shared helpers of the libFuzzer targets (fuzz/fuzz_<name>.c): a fake request built on real
 * Ulfius request/response structs, so the handlers' parsers run exactly as in the server, and
 * input splitting. Header-only; each target includes it once. Owner: platform (security). */
#ifndef KINERJA_FUZZ_COMMON_H
#define KINERJA_FUZZ_COMMON_H
#include "kinerja/http.h"
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ulfius.h>

typedef struct fz_req {
  struct _u_request u;
  struct _u_response resp;
  kn_http_req_t r;
} fz_req_t;

/* A request with method/path, body (copied, may be NULL) and no headers yet. */
static inline void fz_req_init(fz_req_t *f, const char *method, const char *path, const uint8_t *body, size_t n) {
  memset(f, 0, sizeof *f);
  ulfius_init_request(&f->u);
  ulfius_init_response(&f->resp);
  if (n) {
    f->u.binary_body = malloc(n);
    if (!f->u.binary_body) abort();
    memcpy(f->u.binary_body, body, n);
    f->u.binary_body_length = n;
  }
  f->r.u = &f->u;
  f->r.resp = &f->resp;
  f->r.method = method;
  f->r.path = path;
  snprintf(f->r.request_id, sizeof f->r.request_id, "fuzz");
}

static inline void fz_req_header(fz_req_t *f, const char *name, const char *value) {
  u_map_put(f->u.map_header, name, value);
}

static inline void fz_req_query(fz_req_t *f, const char *name, const char *value) {
  u_map_put(f->u.map_url, name, value);
}

/* Oracle: whatever was answered (a problem+json with field errors, a resource) is valid JSON
 * with valid UTF-8 (jansson refuses anything else), so no client ever gets a broken document. */
static inline void fz_check_response(fz_req_t *f) {
  if (!f->resp.binary_body_length) return;
  json_error_t e;
  json_t *j = json_loadb(f->resp.binary_body, f->resp.binary_body_length, 0, &e);
  if (!j) {
    fprintf(stderr, "response is not valid JSON: %s\n%.*s\n", e.text, (int)f->resp.binary_body_length,
            (const char *)f->resp.binary_body);
    abort();
  }
  json_decref(j);
}

static inline void fz_req_free(fz_req_t *f) {
  fz_check_response(f);
  ulfius_clean_request(&f->u);
  ulfius_clean_response(&f->resp);
}

/* Next NUL-free piece of the input, split at '\n' (the separator of multi-part inputs); returns
 * a malloc'd NUL-terminated copy (caller frees) and advances *p / *n. */
static inline char *fz_next(const uint8_t **p, size_t *n) {
  const uint8_t *s = *p, *e = memchr(s, '\n', *n);
  size_t len = e ? (size_t)(e - s) : *n;
  char *out = malloc(len + 1);
  if (!out) abort();
  memcpy(out, s, len);
  out[len] = '\0';
  for (size_t i = 0; i < len; i++) if (!out[i]) out[i] = ' '; /* headers carry no NUL */
  *p = s + len + (e ? 1 : 0);
  *n -= len + (e ? 1 : 0);
  return out;
}
#endif
