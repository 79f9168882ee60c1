/* Revocation of issued client tokens (issue 15, item 8): after its signature and claims, a token
 * of role integrasi is held against its service account's state — active, and minted at the
 * current generation (klien.generasi; raised by disabling, re-enabling, a scope change and secret
 * rotation). The state comes from klien_status through the node's cache (src/auth/klien_cache.c),
 * at most KINERJA_CLIENT_CHECK_MS old, so a disabled or rotated client's tokens are refused
 * within that bound on every node. Owner: auth. */
#include "kinerja/api.h"
#include "kinerja/auth.h"
#include "kinerja/config.h"
#include "kinerja/db.h"
#include <libpq-fe.h>
#include <string.h>

static int S_STATUS = -1;

typedef struct lookup_ctx {
  kn_http_req_t *r;
  kn_db_error_t err;
} lookup_ctx_t;

static int lookup(const char *client_id, kn_auth_klien_state_t *out, void *vctx) {
  lookup_ctx_t *c = vctx;
  /* no tenant: klien_status is a definer function of the maintenance kind (like the token
   * endpoint's klien_kredensial) */
  kn_db_ctx_t ctx = {.actor = client_id, .request_id = c->r->request_id};
  const char *v[1] = {client_id};
  kn_db_query_t q = {.stmt = S_STATUS, .nparams = 1, .values = v};
  if (kn_db_tx(&ctx, true, &q, 1, &c->err) != 0) return -1;
  memset(out, 0, sizeof *out);
  json_t *s = PQgetisnull(q.result, 0, 0) ? NULL : json_loads(PQgetvalue(q.result, 0, 0), 0, NULL);
  kn_db_clear(&q, 1);
  if (s) {
    out->known = true;
    out->aktif = kn_jtrue(s, "aktif");
    out->generasi = (long)kn_jint(s, "generasi");
  }
  json_decref(s);
  return 0;
}

static bool check(kn_http_req_t *r) {
  if (!(r->principal.roles & KN_ROLE_INTEGRASI)) return true;
  lookup_ctx_t c = {.r = r};
  kn_auth_klien_state_t s;
  if (kn_auth_klien_state(r->principal.sub, kn_cfg.client_check_ms, lookup, &c, &s) != 0) {
    kn_api_db_fail(r, &c.err);
    return false;
  }
  if (kn_auth_klien_token_ok(&r->principal, &s)) return true;
  kn_http_problem(r, "invalid_token", "Token tidak dapat diterima",
                  "the client was disabled, or its secret or scopes changed: request a new token");
  return false;
}

void kn_api_klien_cek_register(void) {
  S_STATUS = kn_db_register("klien_status", "SELECT klien_status($1)::text");
  kn_http_set_principal_check(check);
}
