/* GET/PUT /v1/pegawai/{nip}/penilai — resolved appraisers and overrides. Owner: api. */
#include "kinerja/api.h"
#include "kinerja/api_penilai.h"
#include "kinerja/domain_akses.h"
#include "kinerja/db.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_CHAIN 32

static int S_CTX = -1, S_PUT = -1, S_CAND = -1;

static dom_penilai_t person(long id) {
  dom_penilai_t p = {id ? DOM_PENILAI_PEGAWAI : DOM_PENILAI_KEPALA_DAERAH, id, 0, false};
  return p;
}

/* The instansi's PD-head rule and its Sekda, as the SQL documents carry them ("rule",
 * "sekda"); a missing rule (no instansi row) reads as the default SEKDA. */
dom_pd_head_rule_t kn_api_penilai_rule_of(json_t *doc) {
  json_t *r = json_object_get(doc, "rule");
  return json_is_string(r) && strcmp(json_string_value(r), "BUPATI") == 0 ? DOM_PD_HEAD_BY_BUPATI
                                                                          : DOM_PD_HEAD_BY_SEKDA;
}

static dom_penilai_t sekda_of(json_t *doc) {
  json_t *s = json_object_get(doc, "sekda");
  if (!json_is_object(s)) return (dom_penilai_t){DOM_PENILAI_NONE, 0, 0, false};
  return (dom_penilai_t){DOM_PENILAI_PEGAWAI, kn_jint(s, "id"), kn_jint(s, "unor_id"), json_is_true(json_object_get(s, "plt"))};
}

dom_penilai_result_t kn_api_penilai_apply_override(dom_penilai_result_t res, json_t *ovr, bool *overridden) {
  *overridden = json_is_object(ovr);
  if (*overridden) {
    res.penilai = person(kn_jint(ovr, "penilai_id"));
    res.atasan = person(kn_jint(ovr, "atasan_id"));
    if (res.penilai.kind == DOM_PENILAI_KEPALA_DAERAH && !kn_jint(ovr, "atasan_id"))
      res.atasan.kind = DOM_PENILAI_NONE;
  }
  return res;
}

dom_penilai_result_t kn_api_penilai_from_context(json_t *ctx, bool *overridden) {
  dom_unit_t chain[MAX_CHAIN];
  int n = 0;
  size_t i;
  json_t *u;
  json_array_foreach(json_object_get(ctx, "chain"), i, u) {
    if (n >= MAX_CHAIN) break;
    chain[n].unor_id = kn_jint(u, "unor_id");
    chain[n].is_pd = json_is_true(json_object_get(u, "is_pd"));
    chain[n].head_id = kn_jint(u, "head_id");
    chain[n].head_plt = json_is_true(json_object_get(u, "head_plt"));
    n++;
  }
  long self = kn_jint(json_object_get(ctx, "pegawai"), "id");
  dom_penilai_result_t res = dom_penilai_resolve(self, chain, n, kn_api_penilai_rule_of(ctx), sekda_of(ctx));
  return kn_api_penilai_apply_override(res, json_object_get(ctx, "override"), overridden);
}

static json_t *describe(const dom_penilai_t *p, json_t *ctx) {
  json_t *o = json_object();
  json_object_set_new(o, "jenis", json_string(dom_penilai_kind_name(p->kind)));
  if (p->kind == DOM_PENILAI_PEGAWAI) {
    char key[24];
    snprintf(key, sizeof key, "%ld", p->pegawai_id);
    json_t *who = json_object_get(json_object_get(ctx, "people"), key);
    json_object_set(o, "nip", json_object_get(who, "nip"));
    json_object_set(o, "nama", json_object_get(who, "nama"));
    json_object_set(o, "jabatan", json_object_get(who, "jabatan"));
    json_object_set(o, "unor_id", json_object_get(who, "unor_id"));
    json_object_set_new(o, "plt", json_boolean(p->plt));
    json_object_set_new(o, "status_penilai", json_string("ASN"));
  } else if (p->kind == DOM_PENILAI_KEPALA_DAERAH) {
    json_object_set(o, "nama", json_object_get(ctx, "kepala_daerah"));
    json_object_set_new(o, "status_penilai", json_string("NON ASN"));
  }
  return o;
}

static char *render(json_t *ctx, int tahun) {
  bool ovr = false;
  dom_penilai_result_t res = kn_api_penilai_from_context(ctx, &ovr);
  json_t *out = json_object();
  json_object_set(out, "nip", json_object_get(json_object_get(ctx, "pegawai"), "nip"));
  json_object_set_new(out, "tahun", json_integer(tahun));
  json_object_set_new(out, "sumber", json_string(ovr ? "OVERRIDE" : "OTOMATIS"));
  json_object_set(out, "alasan", ovr ? json_object_get(json_object_get(ctx, "override"), "alasan") : json_null());
  json_object_set_new(out, "pejabat_penilai", describe(&res.penilai, ctx));
  json_object_set_new(out, "atasan_penilai", describe(&res.atasan, ctx));
  char *text = json_dumps(out, JSON_COMPACT);
  json_decref(out);
  return text;
}

static int current_year(void) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

static bool tahun_param(kn_http_req_t *r, int *tahun) {
  char buf[24];
  const char *p;
  if (!kn_api_query_int(r, "tahun", buf, &p)) return false;
  *tahun = p ? atoi(p) : current_year();
  if (*tahun < 2022 || *tahun > 2100) {
    kn_http_field_error(r, "tahun", "invalid_range", "Tahun harus 2022 sampai 2100", "Year must be 2022 to 2100");
    kn_api_fail_validation(r);
    return false;
  }
  return true;
}

static json_t *load_ctx(kn_http_req_t *r, const char *nip, int tahun, kn_db_error_t *err, bool *failed) {
  char th[16];
  snprintf(th, sizeof th, "%d", tahun);
  const char *v[2] = {nip, th};
  kn_db_query_t q = {.stmt = S_CTX, .nparams = 2, .values = v};
  *failed = kn_api_tx(r, true, &q, 1, err) != 0;
  if (*failed) return NULL;
  json_t *ctx = NULL;
  if (PQntuples(q.result) == 1 && !PQgetisnull(q.result, 0, 0))
    ctx = json_loads(PQgetvalue(q.result, 0, 0), 0, NULL);
  kn_db_clear(&q, 1);
  return ctx;
}

/* The caller (a pegawai id, 0 when the token's nip names nobody) is the pejabat penilai or the
 * atasan penilai in res. Null-safe: a Kepala Daerah (no pegawai) never matches a caller. */
static bool appraises(const dom_penilai_result_t *res, long caller) {
  return (res->penilai.kind == DOM_PENILAI_PEGAWAI && dom_akses_same_pegawai(caller, res->penilai.pegawai_id)) ||
         (res->atasan.kind == DOM_PENILAI_PEGAWAI && dom_akses_same_pegawai(caller, res->atasan.pegawai_id));
}

bool kn_api_penilai_caller_appraises(kn_http_req_t *r, const char *nip) {
  kn_db_error_t err;
  bool failed;
  json_t *ctx = load_ctx(r, nip, current_year(), &err, &failed);
  if (!ctx) return false;
  bool ovr;
  dom_penilai_result_t res = kn_api_penilai_from_context(ctx, &ovr);
  long caller = kn_jint(ctx, "caller_id");
  json_decref(ctx);
  return appraises(&res, caller);
}

json_t *kn_api_penilai_for_snapshot(kn_http_req_t *r, const char *nip, int tahun, bool *failed, void *err) {
  json_t *ctx = load_ctx(r, nip, tahun, (kn_db_error_t *)err, failed);
  if (!ctx) return NULL;
  bool ovr;
  dom_penilai_result_t res = kn_api_penilai_from_context(ctx, &ovr);
  json_t *out = json_object();
  json_object_set_new(out, "penilai_jenis", json_string(dom_penilai_kind_name(res.penilai.kind)));
  json_object_set_new(out, "penilai_id", res.penilai.pegawai_id ? json_integer(res.penilai.pegawai_id) : json_null());
  json_object_set_new(out, "atasan_jenis", json_string(dom_penilai_kind_name(res.atasan.kind)));
  json_object_set_new(out, "atasan_id", res.atasan.pegawai_id ? json_integer(res.atasan.pegawai_id) : json_null());
  json_t *snap = json_object();
  json_object_set_new(snap, "pejabat_penilai", describe(&res.penilai, ctx));
  json_object_set_new(snap, "atasan_penilai", describe(&res.atasan, ctx));
  json_object_set_new(out, "snapshot", snap);
  json_decref(ctx);
  return out;
}

static void not_found(kn_http_req_t *r) {
  kn_http_problem(r, "not_found", "Pegawai tidak ditemukan", "Pegawai not found");
}

static void penilai_get(kn_http_req_t *r) {
  int tahun;
  if (!kn_api_can_read(r) || !tahun_param(r, &tahun)) return;
  kn_db_error_t err;
  bool failed;
  json_t *ctx = load_ctx(r, r->params[0], tahun, &err, &failed);
  if (failed) { kn_api_db_fail(r, &err); return; }
  if (!ctx) { not_found(r); return; }
  bool visible = json_is_true(json_object_get(ctx, "in_scope"));
  if (!visible) {
    bool ovr;
    dom_penilai_result_t res = kn_api_penilai_from_context(ctx, &ovr);
    visible = appraises(&res, kn_jint(ctx, "caller_id"));
  }
  if (!visible) { json_decref(ctx); not_found(r); return; }
  char *text = render(ctx, tahun);
  json_decref(ctx);
  kn_http_respond_json(r, 200, text);
  free(text);
}

static const kn_api_field_spec_t PUT_SPEC[] = {
  {"tahun", KN_F_INT, true, false, 0, NULL},
  {"penilai_nip", KN_F_NIP, true, true, 0, NULL},
  {"atasan_penilai_nip", KN_F_NIP, false, true, 0, NULL},
  {"alasan", KN_F_STRING, true, false, 1000, NULL},
};

static void penilai_put(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM | KN_ROLE_ADMIN_PD)) return;
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  kn_api_validate(r, b, PUT_SPEC, sizeof PUT_SPEC / sizeof PUT_SPEC[0], false, NULL);
  json_int_t tahun = json_integer_value(json_object_get(b, "tahun"));
  if (json_is_integer(json_object_get(b, "tahun")) && (tahun < 2022 || tahun > 2100))
    kn_http_field_error(r, "tahun", "invalid_range", "Tahun harus 2022 sampai 2100", "Year must be 2022 to 2100");
  json_t *al = json_object_get(b, "alasan");
  if (json_is_string(al) && strlen(json_string_value(al)) < 5)
    kn_http_field_error(r, "alasan", "too_short", "Alasan minimal 5 karakter", "Reason needs at least 5 characters");
  if (r->nfield_errors) { json_decref(b); kn_api_fail_validation(r); return; }
  char *text = json_dumps(b, JSON_COMPACT);
  json_decref(b);
  char th[16];
  snprintf(th, sizeof th, "%lld", (long long)tahun);
  const char *pv[2] = {r->params[0], text};
  const char *cv[2] = {r->params[0], th};
  kn_db_query_t q[2] = {{.stmt = S_PUT, .nparams = 2, .values = pv},
                        {.stmt = S_CTX, .nparams = 2, .values = cv}};
  kn_db_error_t err;
  int rc = kn_api_tx(r, false, q, 2, &err);
  free(text);
  if (rc != 0) { kn_api_db_fail(r, &err); return; }
  json_t *ctx = json_loads(PQgetvalue(q[1].result, 0, 0), 0, NULL);
  kn_db_clear(q, 2);
  if (!ctx) { kn_http_problem(r, "internal_error", NULL, NULL); return; }
  char *out = render(ctx, (int)tahun);
  json_decref(ctx);
  kn_http_respond_json(r, 200, out);
  free(out);
}

static int by_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return x < y ? -1 : x > y;
}

static long jl(json_t *a, size_t i) { return (long)json_integer_value(json_array_get(a, i)); }

dom_unit_row_t *kn_api_penilai_units(json_t *units) {
  size_t nu = json_array_size(units), i;
  dom_unit_row_t *u = calloc(nu ? nu : 1, sizeof *u);
  if (!u) abort();
  for (i = 0; i < nu; i++) {
    json_t *row = json_array_get(units, i);
    u[i] = (dom_unit_row_t){jl(row, 0), jl(row, 1), json_is_true(json_array_get(row, 2)), jl(row, 3),
                            json_is_true(json_array_get(row, 4))};
  }
  dom_unit_rows_sort(u, nu);
  return u;
}

long *kn_api_penilai_appraisees(kn_http_req_t *r, int *n) {
  char th[16];
  snprintf(th, sizeof th, "%d", current_year());
  const char *v = th;
  PGresult *res = kn_api_one(r, true, S_CAND, 1, &v);
  if (!res) return NULL;
  json_t *d = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  PQclear(res);
  long caller = kn_jint(d, "caller_id");
  json_t *units = json_object_get(d, "units"), *cands = json_object_get(d, "candidates");
  json_t *ovr = json_object_get(d, "overrides");
  size_t nu = json_array_size(units), nc = json_array_size(cands), no = json_array_size(ovr), i;
  dom_unit_row_t *u = kn_api_penilai_units(units);
  long *out = calloc(nc + no + 1, sizeof *out);
  if (!out) abort();
  dom_pd_head_rule_t rule = kn_api_penilai_rule_of(d);
  dom_penilai_t sekda = sekda_of(d);
  int m = 0;
  if (caller) out[m++] = caller;
  for (i = 0; caller && i < nc; i++) {
    json_t *c = json_array_get(cands, i);
    long pid = jl(c, 0);
    bool overridden = false, mine = false;
    for (size_t k = 0; k < no; k++) {
      json_t *o = json_array_get(ovr, k);
      if (jl(o, 0) != pid) continue;
      overridden = true;
      mine = jl(o, 1) == caller || jl(o, 2) == caller;
    }
    if (!overridden) {
      dom_unit_t chain[MAX_CHAIN];
      int len = dom_penilai_chain(u, nu, jl(c, 1), chain, MAX_CHAIN);
      dom_penilai_result_t res2 = dom_penilai_resolve(pid, chain, len, rule, sekda);
      mine = (res2.penilai.kind == DOM_PENILAI_PEGAWAI && res2.penilai.pegawai_id == caller) ||
             (res2.atasan.kind == DOM_PENILAI_PEGAWAI && res2.atasan.pegawai_id == caller);
    }
    if (mine && pid != caller) out[m++] = pid;
  }
  for (size_t k = 0; caller && k < no; k++) { /* overrides naming the caller, outside the tree */
    json_t *o = json_array_get(ovr, k);
    if (jl(o, 1) == caller || jl(o, 2) == caller) out[m++] = jl(o, 0);
  }
  qsort(out, (size_t)m, sizeof *out, by_long);
  int w = 0;
  for (int k = 0; k < m; k++) if (w == 0 || out[w - 1] != out[k]) out[w++] = out[k];
  *n = w;
  free(u);
  json_decref(d);
  return out;
}

void kn_api_penilai_register(void) {
  S_CAND = kn_db_register("penilai_candidates", "SELECT appraisal_candidates($1::int)::text");
  S_CTX = kn_db_register("penilai_ctx", "SELECT penilai_context($1::text, $2::int)::text");
  S_PUT = kn_db_register("penilai_put", "SELECT api_penilai_override_put($1::text, $2::jsonb)");
  kn_http_route("GET", "/v1/pegawai/{nip}/penilai", penilai_get, 0);
  kn_http_route("PUT", "/v1/pegawai/{nip}/penilai", penilai_put, 0);
}
