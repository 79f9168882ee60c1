/* SIASN sync routes: POST /v1/sync/siasn/pull | push | import-hasil, GET /v1/sync/siasn/konflik,
 * GET /v1/sync/log. Owner: integration. Triggering needs admin_bkpsdm, admin_pd (its PD only,
 * enforced in SQL) or integrasi with sync:write; reading also auditor and sync:read.
 * A whole-instansi run (no nip, no unor_id, by admin_bkpsdm or integrasi) is long: it is queued
 * as a job run (202 with the run to poll, src/api/jadwal.c) for `kinerja scheduler`; runs for
 * some NIPs or one PD (and every admin_pd run) still answer their report at once. */
#include "kinerja/api.h"
#include "kinerja/api_jadwal.h"
#include "kinerja/api_kke_k19.h"
#include "kinerja/db.h"
#include "kinerja/siasn.h"
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

static int S_LOG_LIST = -1, S_KONFLIK = -1;

static const kn_api_field_spec_t RUN_SPEC[] = {
  {"tahun", KN_F_INT, true, false, 0, NULL},
  {"unor_id", KN_F_INT, false, true, 0, NULL},
  {"dry_run", KN_F_BOOL, false, false, 0, NULL},
};

static bool can_read_sync(kn_http_req_t *r) {
  unsigned ro = r->principal.roles;
  if (ro & (KN_ROLE_ADMIN_BKPSDM | KN_ROLE_AUDITOR | KN_ROLE_ADMIN_PD)) return true;
  if ((ro & KN_ROLE_INTEGRASI) && (kn_auth_principal_has_scope(&r->principal, "sync:read") ||
                                   kn_auth_principal_has_scope(&r->principal, "sync:write")))
    return true;
  return kn_http_require_role(r, 0);
}

/* "nip": an optional array of 1..1000 NIPs (18 digits each). */
static void check_nips(kn_http_req_t *r, json_t *nips) {
  size_t i;
  json_t *n;
  if (!json_is_array(nips) || json_array_size(nips) < 1 || json_array_size(nips) > 1000) {
    kn_http_field_error(r, "nip", "invalid_type", "Harus daftar 1 sampai 1000 NIP", "Must be a list of 1 to 1000 NIPs");
    return;
  }
  json_array_foreach(nips, i, n) {
    const char *s = json_string_value(n);
    if (!s || strlen(s) != 18 || strspn(s, "0123456789") != 18) {
      char f[32];
      snprintf(f, sizeof f, "nip[%zu]", i);
      kn_http_field_error(r, f, "invalid_type", "NIP harus 18 angka", "A NIP is 18 digits");
    }
  }
}

/* Parse and validate the run body; false after answering. nips is owned by the caller. */
static bool read_run(kn_http_req_t *r, bool needs_tahun, bool allows_dry, kn_siasn_run_t *run) {
  memset(run, 0, sizeof *run);
  json_t *b = kn_http_body_object_optional(r);
  if (!b) return false;
  json_t *nips = json_incref(json_object_get(b, "nip"));
  json_object_del(b, "nip");
  if (nips) check_nips(r, nips);
  size_t n = allows_dry ? 3 : 2;
  kn_api_field_spec_t spec[3];
  memcpy(spec, RUN_SPEC, sizeof spec);
  spec[0].required = needs_tahun;
  kn_api_validate(r, b, spec, n, false, NULL);
  json_t *th = json_object_get(b, "tahun");
  if (json_is_integer(th) && (json_integer_value(th) < 2022 || json_integer_value(th) > 2100))
    kn_http_field_error(r, "tahun", "invalid_range", "Tahun harus 2022 sampai 2100", "Year must be 2022 to 2100");
  if (!needs_tahun && th) kn_http_field_error(r, "tahun", "unknown_field", "Kolom tidak dikenal", "Unknown field");
  if (r->nfield_errors) {
    json_decref(nips);
    json_decref(b);
    kn_api_fail_validation(r);
    return false;
  }
  run->tahun = (int)json_integer_value(th);
  run->unor_id = json_integer_value(json_object_get(b, "unor_id"));
  run->dry_run = json_is_true(json_object_get(b, "dry_run"));
  run->nips = nips;
  json_decref(b);
  return true;
}

typedef json_t *(*run_fn)(const kn_db_ctx_t *, const kn_siasn_run_t *, kn_siasn_error_t *);

/* The whole instansi as a job: the SIASN settings are checked now (503 at once, as before),
 * except for a dry-run push, which only builds the payloads and never contacts SIASN. */
static void queue_run(kn_http_req_t *r, const char *jenis, const kn_siasn_run_t *run) {
  kn_siasn_error_t e = {0};
  bool offline = run->dry_run && strcmp(jenis, "siasn_push") == 0;
  if (!offline && !kn_siasn_configured(&e)) { kn_http_problem_status(r, e.status, e.code, e.detail_id, e.detail_en); return; }
  json_t *p = json_object();
  if (run->tahun) json_object_set_new(p, "tahun", json_integer(run->tahun));
  if (run->dry_run) json_object_set_new(p, "dry_run", json_true());
  kn_api_pekerjaan_antre(r, jenis, p);
  json_decref(p);
}

static void run_route(kn_http_req_t *r, bool needs_tahun, bool allows_dry, run_fn fn) {
  kn_siasn_run_t run;
  if (!kn_api_can_write(r) || !read_run(r, needs_tahun, allows_dry, &run)) return;
  if (!r->in_job && !run.nips && !run.unor_id && (r->principal.roles & (KN_ROLE_ADMIN_BKPSDM | KN_ROLE_INTEGRASI))) {
    queue_run(r, fn == kn_siasn_pull ? "siasn_pull" : fn == kn_siasn_push ? "siasn_push" : "siasn_import", &run);
    return;
  }
  kn_siasn_error_t e = {0};
  kn_db_ctx_t ctx = kn_api_db_ctx(r);
  char token[KN_DB_TOKEN_MAX] = "";
  ctx.commit_token = token;
  json_t *out = fn(&ctx, &run, &e);
  kn_api_consistency_header(r, token);
  json_decref(run.nips);
  if (!out) { kn_http_problem_status(r, e.status, e.code, e.detail_id, e.detail_en); return; }
  char *text = json_dumps(out, JSON_COMPACT);
  json_decref(out);
  kn_http_respond_json(r, 200, text);
  free(text);
}

static void pull(kn_http_req_t *r) { run_route(r, false, true, kn_siasn_pull); }
static void push(kn_http_req_t *r) { run_route(r, true, true, kn_siasn_push); }
static void import_hasil(kn_http_req_t *r) { run_route(r, true, false, kn_siasn_import); }

static void konflik(kn_http_req_t *r) {
  char th[24], uid[24];
  const char *th_p, *uid_p;
  if (!can_read_sync(r) || !kn_api_query_int(r, "tahun", th, &th_p) || !kn_api_query_int(r, "unor_id", uid, &uid_p)) return;
  if (!th_p) {
    kn_http_field_error(r, "tahun", "required", "Wajib diisi", "Required");
    kn_api_fail_validation(r);
    return;
  }
  const char *v[2] = {th_p, uid_p};
  PGresult *res = kn_api_one(r, true, S_KONFLIK, 2, v);
  if (!res) return;
  json_t *doc = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  if (kn_api_list_cap_ok(r, json_array_size(json_object_get(doc, "items")), "?unor_id=", "?unor_id="))
    kn_http_respond_json(r, 200, PQgetvalue(res, 0, 0));
  json_decref(doc);
  PQclear(res);
}

static void log_list(kn_http_req_t *r) {
  char limit[16], after[24], st[24];
  const char *st_p, *arah = kn_http_query(r, "arah"), *ent = kn_http_query(r, "entitas");
  if (!can_read_sync(r) || !kn_api_page_params(r, limit, after) || !kn_api_query_int(r, "http_status", st, &st_p)) return;
  kn_api_check_ref(r, "arah", &dom_ref_arah_sinkronisasi, arah);
  kn_api_check_ref(r, "entitas", &dom_ref_entitas_sinkronisasi, ent);
  if (r->nfield_errors) { kn_api_fail_validation(r); return; }
  const char *v[6] = {after, limit, arah, ent, kn_http_query(r, "entitas_id"), st_p};
  PGresult *res = kn_api_one(r, true, S_LOG_LIST, 6, v);
  if (!res) return;
  kn_api_respond_page(r, PQgetvalue(res, 0, 0));
  PQclear(res);
}

void kn_api_sync_register(void) {
  kn_siasn_register();
  kn_api_kke_k19_register();
  S_LOG_LIST = kn_db_register("siasn_log_list",
    "SELECT siasn_log_list($1::bigint, $2::int, $3, $4, $5, $6::int)::text");
  S_KONFLIK = kn_db_register("siasn_konflik", "SELECT siasn_konflik($1::int, $2::bigint)::text");
  kn_http_route("POST", "/v1/sync/siasn/pull", pull, 0);
  kn_http_route("POST", "/v1/sync/siasn/push", push, 0);
  kn_http_route("POST", "/v1/sync/siasn/import-hasil", import_hasil, 0);
  kn_http_route("GET", "/v1/sync/siasn/konflik", konflik, 0);
  kn_http_route("GET", "/v1/sync/log", log_list, 0);
}
