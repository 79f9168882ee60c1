/* Service accounts (klien layanan) for integrations, managed by admin_bkpsdm:
 * GET/POST /v1/klien, GET/PATCH /v1/klien/{id}, POST /v1/klien/{id}/rotasi-secret.
 * The client secret is answered once (creation, rotation) and stored only as an Argon2id hash;
 * an Idempotency-Key replay answers the same document with client_secret null. Owner: auth. */
#include "kinerja/api.h"
#include "kinerja/db.h"
#include "kinerja/secret.h"
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

static int S_CREATE = -1, S_GET = -1, S_LIST = -1, S_PATCH = -1, S_ROTATE = -1;

static const char *const SCOPES[] = {"sync:read", "sync:write", "webhook:manage", NULL};
static const kn_api_field_spec_t SPEC[] = {
  {"nama", KN_F_STRING, true, false, 200, NULL},
  {"scopes", KN_F_ENUM_SET, true, false, 0, SCOPES},
  {"aktif", KN_F_BOOL, false, false, 0, NULL},
};
#define NSPEC (sizeof SPEC / sizeof SPEC[0])

/* A fresh secret and its hash; false after answering 500. */
static bool new_secret(kn_http_req_t *r, char secret[64], char hash[KN_SECRET_HASH_MAX]) {
  if (kn_auth_secret_generate(secret) == 0 && kn_auth_secret_hash(secret, hash) == 0) return true;
  kn_http_problem(r, "internal_error", NULL, NULL);
  return false;
}

static void klien_create(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM)) return;
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  if (kn_api_validate(r, b, SPEC, NSPEC, false, NULL)) { json_decref(b); kn_api_fail_validation(r); return; }
  char cid[40], secret[64], hash[KN_SECRET_HASH_MAX];
  char *text = json_dumps(b, JSON_COMPACT);
  json_decref(b);
  if (kn_auth_random_hex("kc_", 12, cid, sizeof cid) != 0 || !new_secret(r, secret, hash)) { free(text); return; }
  const char *v[3] = {text, cid, hash};
  PGresult *res = kn_api_one(r, false, S_CREATE, 3, v);
  free(text);
  if (res) kn_api_respond_with_secret(r, 201, PQgetvalue(res, 0, 0), "client_secret", secret);
  PQclear(res);
  explicit_bzero(secret, sizeof secret);
}

static void klien_rotate(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM) || !kn_api_id_param(r, 0, "Klien", "Client") || !kn_http_body_none(r)) return;
  char secret[64], hash[KN_SECRET_HASH_MAX];
  if (!new_secret(r, secret, hash)) return;
  const char *v[2] = {r->params[0], hash};
  PGresult *res = kn_api_one_versioned(r, S_ROTATE, 2, v);
  if (res) kn_api_respond_with_secret(r, 200, PQgetvalue(res, 0, 0), "client_secret", secret);
  PQclear(res);
  explicit_bzero(secret, sizeof secret);
}

static void klien_get(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLES_READ_ALL) || !kn_api_id_param(r, 0, "Klien", "Client")) return;
  const char *id = r->params[0];
  PGresult *res = kn_api_one(r, true, S_GET, 1, &id);
  if (res) kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void klien_list(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLES_READ_ALL)) return;
  char limit[16], after[24];
  if (!kn_api_page_params(r, limit, after)) return;
  const char *v[2] = {after, limit};
  PGresult *res = kn_api_one(r, true, S_LIST, 2, v);
  if (!res) return;
  kn_api_respond_page(r, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void klien_patch(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM) || !kn_api_id_param(r, 0, "Klien", "Client")) return;
  kn_api_write_json(r, S_PATCH, r->params[0], SPEC, NSPEC, true, true, 200);
}

void kn_api_klien_register(void) {
  S_CREATE = kn_db_register("klien_create", "SELECT api_klien_create($1::jsonb, $2, $3)::text");
  S_GET = kn_db_register("klien_get", "SELECT api_klien_get($1::bigint)::text");
  S_LIST = kn_db_register("klien_list", "SELECT api_klien_list($1::bigint, $2::int)::text");
  S_PATCH = kn_db_register("klien_patch", "SELECT api_klien_patch($1::bigint, $2::jsonb, $3::int)::text");
  S_ROTATE = kn_db_register("klien_rotate", "SELECT api_klien_rotate($1::bigint, $2, $3::int)::text");
  kn_http_route("GET", "/v1/klien", klien_list, 0);
  kn_http_route("POST", "/v1/klien", klien_create, 0);
  kn_http_route("GET", "/v1/klien/{id}", klien_get, 0);
  kn_http_route("PATCH", "/v1/klien/{id}", klien_patch, 0);
  kn_http_route("POST", "/v1/klien/{id}/rotasi-secret", klien_rotate, 0);
}
