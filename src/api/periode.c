/* Evaluation periods and realisasi: GET /v1/skp/{id}/periode (progress), GET /v1/periode/{id},
 * PUT /v1/periode/{id}/realisasi/{indikator_id}, POST /v1/periode/{id}/buka (reopen).
 * Owner: api (execution). */
#include "kinerja/api.h"
#include "kinerja/api_periode.h"
#include "kinerja/db.h"
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

static int S_PROGRESS = -1, S_GET = -1, S_FACTS = -1, S_REALISASI = -1, S_BUKA = -1;

static const kn_api_field_spec_t REALISASI_SPEC[] = {
  {"nilai", KN_F_NUMBER, false, true, 0, NULL},
  {"uraian", KN_F_STRING, true, false, 4000, NULL},
};
static const kn_api_field_spec_t BUKA_SPEC[] = {
  {"alasan", KN_F_STRING, true, false, 1000, NULL},
};

static void send_one(kn_http_req_t *r, int stmt, const char *id, bool resource) {
  PGresult *res = kn_api_one(r, true, stmt, 1, &id);
  if (!res) return;
  if (resource) kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  else kn_http_respond_json(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void progress(kn_http_req_t *r) {
  if (kn_api_can_read(r) && kn_api_id_param(r, 0, "SKP", "SKP")) send_one(r, S_PROGRESS, r->params[0], false);
}

static void periode_get(kn_http_req_t *r) {
  if (kn_api_can_read(r) && kn_api_id_param(r, 0, "Periode", "Period")) send_one(r, S_GET, r->params[0], true);
}

/* A gated write's decision on the period's facts (same transaction as the write). */
typedef struct gate {
  bool owner_only;
  const char *v[4]; /* period id, [indikator id], body text, If-Match version */
  int nv;
  char ver[24];
} gate_t;

static bool gate_allows(kn_http_req_t *r, json_t *f, void *arg, kn_db_query_t *w) {
  gate_t *g = arg;
  bool ok;
  if (g->owner_only) {
    ok = kn_api_periode_gate(r, f, true);
  } else {
    json_t *a = json_object_get(f, "actor");
    ok = json_is_true(json_object_get(a, "write_scope")) &&
         (json_is_true(json_object_get(a, "admin_pd")) || json_is_true(json_object_get(a, "admin_bkpsdm")));
    if (!ok) kn_http_problem(r, "forbidden", "Hanya pengelola kinerja yang dapat membuka kembali periode",
                        "Only a pengelola kinerja may reopen a period");
  }
  if (!ok) return false;
  bool bad;
  g->v[g->nv] = kn_api_if_match(r, g->ver, &bad); /* after the gate, as its answers came first */
  w->nparams = g->nv + 1;
  w->values = g->v;
  return !bad;
}

/* Validate the body, then in one transaction read the facts, pass the gate and write with
 * stmt(params..., body, If-Match version). */
static void gated_write(kn_http_req_t *r, const kn_api_field_spec_t *spec, size_t n, bool owner_only, int stmt,
                        int nparams) {
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  if (kn_api_validate(r, b, spec, n, false, NULL)) { json_decref(b); kn_api_fail_validation(r); return; }
  char *text = json_dumps(b, JSON_COMPACT);
  json_decref(b);
  gate_t g = {.owner_only = owner_only, .v = {r->params[0], nparams == 3 ? r->params[1] : text, text}, .nv = nparams};
  kn_db_query_t w = {.stmt = stmt};
  PGresult *res = kn_api_one_on_facts(r, S_FACTS, r->params[0], gate_allows, &g, &w);
  free(text);
  if (!res) return;
  kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void realisasi_put(kn_http_req_t *r) {
  if (kn_api_can_write_related(r) && kn_api_id_param(r, 0, "Periode", "Period") && kn_api_id_param(r, 1, "Indikator", "Indicator"))
    gated_write(r, REALISASI_SPEC, 2, true, S_REALISASI, 3);
}

static void buka(kn_http_req_t *r) {
  if (kn_http_require_role(r, KN_ROLE_ADMIN_PD | KN_ROLE_ADMIN_BKPSDM) && kn_api_id_param(r, 0, "Periode", "Period"))
    gated_write(r, BUKA_SPEC, 1, false, S_BUKA, 2);
}

void kn_api_periode_register(void) {
  S_PROGRESS = kn_db_register("periode_progress", "SELECT skp_periode_progress($1::bigint)::text");
  S_GET = kn_db_register("periode_get", "SELECT periode_json(p)::text FROM periode_for($1::bigint) p");
  S_FACTS = kn_db_register("periode_facts", "SELECT periode_facts_of($1::bigint)::text");
  S_REALISASI = kn_db_register("realisasi_put", "SELECT api_realisasi_put($1::bigint, $2::bigint, $3::jsonb, $4::int)::text");
  S_BUKA = kn_db_register("periode_buka", "SELECT api_periode_buka($1::bigint, $2::jsonb, $3::int)::text");
  kn_http_route("GET", "/v1/skp/{id}/periode", progress, 0);
  kn_http_route("GET", "/v1/periode/{id}", periode_get, 0);
  kn_http_route("PUT", "/v1/periode/{id}/realisasi/{indikator_id}", realisasi_put, 0);
  kn_http_route("POST", "/v1/periode/{id}/buka", buka, 0);
}
