/* Idempotency-Key for POST (api.md): reserve the key before the handler runs, store the
 * response after it, replay it for a repeat within 24 hours. Owner: api
 * (the router calls it through kn_http_set_hooks, so http/ does not depend on the database).
 * The reservation, the handler and the stored response are separate transactions: if the
 * process dies between the handler's commit and the store, the key stays "in progress" (409)
 * until it expires, which is safe (no double write) if unfriendly. */
#include "kinerja/api.h"
#include "kinerja/db.h"
#include "kinerja/http.h"
#include "kinerja/storage.h"
#include <jansson.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ulfius.h>

static int S_RESERVE = -1, S_STORE = -1, S_RELEASE = -1;

static bool idem_begin(kn_http_req_t *r, char sidik[65], bool *owned);
static void idem_finish(kn_http_req_t *r, const char sidik[65]);

void kn_api_idempotency_register(void) {
  static const kn_http_hooks_t HOOKS = {.begin = idem_begin, .finish = idem_finish};
  kn_http_set_hooks(&HOOKS);
  S_RESERVE = kn_db_register("idem_reserve", "SELECT idempotensi_reserve($1, $2)::text");
  S_STORE = kn_db_register("idem_store",
    "UPDATE idempotensi SET status = $3::int, content_type = $4, isi = $5 "
    "WHERE instansi_id = app_instansi_id() AND aktor = current_setting('app.actor', true) AND kunci = $1 "
    "AND sidik_permintaan = $2");
  S_RELEASE = kn_db_register("idem_release",
    "DELETE FROM idempotensi WHERE instansi_id = app_instansi_id() AND aktor = current_setting('app.actor', true) "
    "AND kunci = $1 AND sidik_permintaan = $2 AND status = 0");
}

bool kn_api_idempotency_key_valid(const char *k) {
  size_t n = strlen(k);
  if (n == 0 || n > 255) return false;
  for (; *k; k++) if ((unsigned char)*k < 0x21 || (unsigned char)*k > 0x7e) return false;
  return true;
}

/* Returns true when the request was answered here (replay, conflict, bad key); false when the
 * handler should run — then *owned tells whether idem_finish must store the result. */
static bool idem_begin(kn_http_req_t *r, char sidik[65], bool *owned) {
  *owned = false;
  const char *key = kn_http_header(r, "Idempotency-Key");
  if (!key || strcmp(r->method, "POST") != 0 || kn_db_statement_count() == 0) return false;
  if (!kn_api_idempotency_key_valid(key)) {
    kn_http_field_error(r, "Idempotency-Key", "invalid", "1-255 karakter ASCII tercetak", "1-255 printable ASCII characters");
    kn_http_problem(r, "bad_request", "Header Idempotency-Key tidak valid", "Invalid Idempotency-Key header");
    return true;
  }
  size_t plen = strlen(r->path), blen = kn_http_req_body_length(r);
  char *buf = malloc(plen + blen + 8);
  if (!buf) abort();
  memcpy(buf, "POST ", 5);
  memcpy(buf + 5, r->path, plen);
  buf[5 + plen] = '\n';
  if (blen) memcpy(buf + 6 + plen, kn_http_req_body(r), blen);
  kn_storage_sha256_hex(buf, 6 + plen + blen, sidik);
  free(buf);
  const char *v[2] = {key, sidik};
  PGresult *res = kn_api_one(r, false, S_RESERVE, 2, v);
  if (!res) return true;
  if (PQgetisnull(res, 0, 0)) { PQclear(res); *owned = true; return false; }
  json_t *prev = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  PQclear(res);
  const char *psidik = json_string_value(json_object_get(prev, "sidik"));
  int status = (int)json_integer_value(json_object_get(prev, "status"));
  if (!psidik || strcmp(psidik, sidik) != 0) {
    kn_http_problem_status(r, 422, "idempotency_key_reused", "Idempotency-Key ini sudah dipakai untuk permintaan lain",
                      "This Idempotency-Key was used for a different request");
  } else if (status == 0) {
    kn_http_problem(r, "conflict", "Permintaan dengan Idempotency-Key ini masih diproses", "A request with this Idempotency-Key is still in progress");
  } else {
    const char *body = json_string_value(json_object_get(prev, "isi"));
    kn_http_set_header(r, "Idempotent-Replayed", "true");
    kn_http_respond(r, status, json_string_value(json_object_get(prev, "content_type")), body, body ? strlen(body) : 0);
  }
  json_decref(prev);
  return true;
}

static void idem_finish(kn_http_req_t *r, const char sidik[65]) {
  const char *key = kn_http_header(r, "Idempotency-Key");
  if (r->status >= 500) {
    /* nothing was done for sure: free the key so the client may retry */
    const char *v[2] = {key, sidik};
    PGresult *res = kn_api_one(r, false, S_RELEASE, 2, v);
    PQclear(res);
    return;
  }
  char st[24];
  snprintf(st, sizeof st, "%ld", r->status);
  /* a response with a one-time secret is stored redacted (r->replay_body), never in clear */
  size_t len = r->replay_body ? strlen(r->replay_body) : r->resp->binary_body_length;
  char *body = malloc(len + 1);
  if (!body) abort();
  if (len) memcpy(body, r->replay_body ? r->replay_body : (const char *)r->resp->binary_body, len);
  body[len] = '\0';
  const char *v[5] = {key, sidik, st, u_map_get_case(r->resp->map_header, "Content-Type"), body};
  kn_db_query_t q = {.stmt = S_STORE, .nparams = 5, .values = v};
  kn_db_error_t err;
  if (kn_api_tx(r, false, &q, 1, &err) == 0) kn_db_clear(&q, 1);
  free(body);
}
