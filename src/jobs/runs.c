/* What each job kind does (kn_jobs_run). Owner: jobs.
 * siasn_pull / siasn_push / siasn_import: the SIASN runs of src/sync (parameter: tahun, unor_id,
 *   nip, dry_run; tahun defaults to the current year); the summary is the run's report.
 * kke: POST /v1/kke through its own handler (kn_http_call, in_job) for every PD (or unor_id) of
 *   the current semester (parameter tahun, semester override it).
 * pengingat: the reminder scan (pengingat.c). purge: the purge steps (purge.c).
 * statistik: planner statistics of the large tables. */
#include "kinerja/jobs.h"
#include "kinerja/api.h"
#include "kinerja/auth.h"
#include "kinerja/db.h"
#include "kinerja/domain_periode.h"
#include "kinerja/http.h"
#include "kinerja/siasn.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_STAT = -1;

void kn_jobs_register(void) {
  kn_jobs_pengingat_register();
  kn_jobs_purge_register();
  S_STAT = kn_db_register("statistik_refresh", "SELECT statistik_refresh()::text");
}

static json_t *siasn(const kn_db_ctx_t *ctx, const char *jenis, json_t *param, long today, char *err, size_t n) {
  kn_siasn_run_t run = {0};
  json_t *th = json_object_get(param, "tahun");
  run.tahun = json_is_integer(th) ? (int)json_integer_value(th) : dom_date_from_days(today).y;
  run.unor_id = kn_jint(param, "unor_id");
  run.dry_run = kn_jtrue(param, "dry_run");
  run.nips = json_is_array(json_object_get(param, "nip")) ? json_object_get(param, "nip") : NULL;
  kn_siasn_error_t e = {0};
  json_t *out = strcmp(jenis, "siasn_pull") == 0 ? kn_siasn_pull(ctx, &run, &e)
              : strcmp(jenis, "siasn_push") == 0 ? kn_siasn_push(ctx, &run, &e) : kn_siasn_import(ctx, &run, &e);
  if (!out) snprintf(err, n, "%s (%ld): %s", e.code, e.status, e.detail_en);
  return out;
}

/* The run's identity as a principal for an in-process route call. */
static void principal_of(const kn_db_ctx_t *ctx, kn_auth_principal_t *p) {
  memset(p, 0, sizeof *p);
  snprintf(p->sub, sizeof p->sub, "%s", ctx->actor ? ctx->actor : "system:scheduler");
  snprintf(p->instansi, sizeof p->instansi, "%s", ctx->instansi);
  snprintf(p->roles_csv, sizeof p->roles_csv, "%s", ctx->roles ? ctx->roles : "");
  snprintf(p->nip, sizeof p->nip, "%s", ctx->nip ? ctx->nip : "");
  snprintf(p->scope, sizeof p->scope, "%s", ctx->scope ? ctx->scope : "");
  char roles[128], *save = NULL;
  snprintf(roles, sizeof roles, "%s", p->roles_csv);
  for (char *t = strtok_r(roles, ",", &save); t; t = strtok_r(NULL, ",", &save)) p->roles |= kn_auth_role_from_name(t);
}

static json_t *kke(const kn_db_ctx_t *ctx, json_t *param, long today, char *err, size_t n) {
  dom_date_t t = dom_date_from_days(today);
  json_t *body = json_pack("{s:I, s:I}", "tahun",
    json_is_integer(json_object_get(param, "tahun")) ? kn_jint(param, "tahun") : (json_int_t)t.y,
    "semester", json_is_integer(json_object_get(param, "semester")) ? kn_jint(param, "semester") : (json_int_t)(t.m <= 6 ? 1 : 2));
  if (json_is_integer(json_object_get(param, "unor_id"))) json_object_set(body, "unor_id", json_object_get(param, "unor_id"));
  char *text = json_dumps(body, JSON_COMPACT), *answer = NULL;
  json_decref(body);
  kn_auth_principal_t p;
  principal_of(ctx, &p);
  long status = kn_http_call("POST", "/v1/kke", &p, ctx->request_id, text, &answer);
  free(text);
  json_t *doc = json_loads(answer ? answer : "", 0, NULL);
  free(answer);
  if (status != 201 || !doc) {
    snprintf(err, n, "POST /v1/kke %ld: %.300s", status, doc ? kn_jstr(doc, "detail") : "");
    json_decref(doc);
    return NULL;
  }
  /* the snapshots themselves are at /v1/kke/{id}: the summary lists them */
  json_t *items = json_object_get(doc, "items"), *one = items ? NULL : doc, *list = json_array();
  size_t i;
  json_t *k;
  if (one) json_array_append_new(list, json_pack("{s:O?, s:O?, s:O?}", "id", json_object_get(one, "id"), "unor_id",
                                                 json_object_get(one, "unor_id"), "skor", json_object_get(one, "skor")));
  json_array_foreach(items, i, k)
    json_array_append_new(list, json_pack("{s:O?, s:O?, s:O?}", "id", json_object_get(k, "id"), "unor_id",
                                          json_object_get(k, "unor_id"), "skor", json_object_get(k, "skor")));
  json_decref(doc);
  return json_pack("{s:o}", "kke", list);
}

json_t *kn_jobs_run(const kn_db_ctx_t *ctx, long long pid, const char *jenis, json_t *param, long today, char *err,
                    size_t n) {
  if (strncmp(jenis, "siasn_", 6) == 0) return siasn(ctx, jenis, param, today, err, n);
  if (strcmp(jenis, "kke") == 0) return kke(ctx, param, today, err, n);
  if (strcmp(jenis, "pengingat") == 0) return kn_jobs_pengingat_scan(ctx, pid, today, err, n);
  if (strcmp(jenis, "purge") == 0) return kn_jobs_purge(ctx, param, err, n);
  if (strcmp(jenis, "statistik") == 0) {
    kn_db_query_t q = {.stmt = S_STAT};
    kn_db_error_t e;
    if (kn_db_tx(ctx, false, &q, 1, &e) != 0) { snprintf(err, n, "statistik: %s", e.message); return NULL; }
    json_t *out = json_loads(PQgetvalue(q.result, 0, 0), 0, NULL);
    kn_db_clear(&q, 1);
    return out;
  }
  snprintf(err, n, "unknown job kind %s", jenis);
  return NULL;
}
