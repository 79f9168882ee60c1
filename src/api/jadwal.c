/* Schedules and job runs: GET/POST /v1/jadwal, GET/PATCH /v1/jadwal/{id} (admin_bkpsdm; auditor
 * reads), GET/POST /v1/pekerjaan, GET /v1/pekerjaan/{id}. POST /v1/pekerjaan (admin_bkpsdm)
 * queues a run now and answers 202 with its URL; every caller sees the runs it queued (an
 * integration polls its SIASN push), admin_bkpsdm and auditor all. The next time of a cron is
 * dom_cron_next (src/domain/cron.c); `kinerja scheduler` (src/jobs/) runs them. Owner: jobs. */
#include "kinerja/api.h"
#include "kinerja/api_jadwal.h"
#include "kinerja/db.h"
#include "kinerja/domain_cron.h"
#include "kinerja/jobs.h"
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int S_LIST = -1, S_GET = -1, S_CREATE = -1, S_PATCH = -1, S_CRON = -1;
static int S_RUN_CREATE = -1, S_RUN_GET = -1, S_RUN_LIST = -1;

static const kn_api_field_spec_t SPEC[] = {
  {"jenis", KN_F_ENUM, true, false, 0, dom_ref_jenis_pekerjaan_kode},
  {"cron", KN_F_STRING, true, false, 200, NULL},
  {"utc_offset_menit", KN_F_INT, false, false, 0, NULL},
  {"aktif", KN_F_BOOL, false, false, 0, NULL},
};
#define NSPEC (sizeof SPEC / sizeof SPEC[0])

/* ---- run parameters per kind ------------------------------------------------------------ */

static const kn_api_field_spec_t P_SIASN[] = {
  {"tahun", KN_F_INT, false, false, 0, NULL}, {"unor_id", KN_F_INT, false, false, 0, NULL},
  {"dry_run", KN_F_BOOL, false, false, 0, NULL}};
static const kn_api_field_spec_t P_KKE[] = {
  {"tahun", KN_F_INT, false, false, 0, NULL}, {"semester", KN_F_INT, false, false, 0, NULL},
  {"unor_id", KN_F_INT, false, false, 0, NULL}};

static void range(kn_http_req_t *r, json_t *p, const char *k, long long lo, long long hi) {
  json_t *v = json_object_get(p, k);
  if (!json_is_integer(v) || (json_integer_value(v) >= lo && json_integer_value(v) <= hi)) return;
  char f[64], id[96], en[96];
  snprintf(f, sizeof f, "parameter.%s", k);
  snprintf(id, sizeof id, "Harus %lld sampai %lld", lo, hi);
  snprintf(en, sizeof en, "Must be %lld to %lld", lo, hi);
  kn_http_field_error(r, f, "invalid_range", id, en);
}

/* The parameter object of a run of `jenis` (NULL: none); records field errors on r. */
static void check_param(kn_http_req_t *r, const char *jenis, json_t *p) {
  if (!p) return;
  if (!json_is_object(p)) {
    kn_http_field_error(r, "parameter", "invalid_type", "Harus objek JSON", "Must be a JSON object");
    return;
  }
  if (!jenis) return;
  json_t *copy = json_deep_copy(p);
  if (strncmp(jenis, "siasn_", 6) == 0) {
    json_t *nips = json_object_get(copy, "nip");
    if (nips) {
      size_t i;
      json_t *n;
      bool ok = json_is_array(nips) && json_array_size(nips) >= 1 && json_array_size(nips) <= 1000;
      json_array_foreach(nips, i, n) {
        const char *s = json_string_value(n);
        if (!s || strlen(s) != 18 || strspn(s, "0123456789") != 18) ok = false;
      }
      if (!ok) kn_http_field_error(r, "parameter.nip", "invalid_type", "Daftar 1 sampai 1000 NIP (18 angka)",
                                   "A list of 1 to 1000 NIPs (18 digits)");
      json_object_del(copy, "nip");
    }
    kn_api_validate(r, copy, P_SIASN, strcmp(jenis, "siasn_import") == 0 ? 2 : 3, true, "parameter.");
    range(r, p, "tahun", 2022, 2100);
  } else if (strcmp(jenis, "kke") == 0) {
    kn_api_validate(r, copy, P_KKE, 3, true, "parameter.");
    range(r, p, "tahun", 2022, 2100);
    range(r, p, "semester", 1, 2);
  } else if (strcmp(jenis, "purge") == 0) {
    const char *k;
    json_t *v;
    json_object_foreach(copy, k, v) {
      bool known = false;
      for (int i = 0; KN_JOBS_PURGE_STEPS[i].name; i++) {
        char key[80];
        snprintf(key, sizeof key, "%s_hari", KN_JOBS_PURGE_STEPS[i].name);
        known = known || strcmp(k, key) == 0;
      }
      char f[128];
      snprintf(f, sizeof f, "parameter.%s", k);
      if (!known) kn_http_field_error(r, f, "unknown_field", "Kolom tidak dikenal", "Unknown field");
      else if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 3650)
        kn_http_field_error(r, f, "invalid_range", "Hari, 1 sampai 3650", "Days, 1 to 3650");
    }
  } else if (json_object_size(copy) > 0) {
    kn_http_field_error(r, "parameter", "unknown_field", "Jenis ini tidak berparameter", "This kind takes no parameters");
  }
  json_decref(copy);
}

void kn_api_pekerjaan_antre(kn_http_req_t *r, const char *jenis, json_t *param) {
  char *text = json_dumps(param ? param : json_object(), JSON_COMPACT);
  const char *v[2] = {jenis, text};
  PGresult *res = kn_api_one(r, false, S_RUN_CREATE, 2, v);
  free(text);
  if (!res) return;
  json_t *run = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  char loc[64];
  snprintf(loc, sizeof loc, "/v1/pekerjaan/%lld", kn_jint(run, "id"));
  json_decref(run);
  kn_http_set_header(r, "Location", loc);
  kn_http_respond_json(r, 202, PQgetvalue(res, 0, 0));
  PQclear(res);
}

/* ---- schedules ---------------------------------------------------------------------------- */

/* The next time of cron at offset from now, as ISO text; false after recording a field error. */
static bool next_time(kn_http_req_t *r, const char *cron, long long offset, char out[32]) {
  dom_cron_t c;
  char why[160];
  if (!dom_cron_parse(cron, &c, why, sizeof why)) {
    kn_http_field_error(r, "cron", "invalid_cron", why, why);
    return false;
  }
  if (offset < -720 || offset > 840) {
    kn_http_field_error(r, "utc_offset_menit", "invalid_range", "-720 sampai 840", "-720 to 840");
    return false;
  }
  long long n = dom_cron_next(&c, (long long)time(NULL), (int)offset);
  if (n < 0) {
    kn_http_field_error(r, "cron", "invalid_cron", "Cron ini tidak pernah terjadi", "This cron never occurs");
    return false;
  }
  time_t t = (time_t)n;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return true;
}

/* Parse a schedule body; "parameter" is checked apart (an object). NULL after answering. */
static json_t *read_body(kn_http_req_t *r, bool partial, const char *jenis) {
  json_t *b = kn_http_body_object(r);
  if (!b) return NULL;
  json_t *p = json_incref(json_object_get(b, "parameter"));
  json_object_del(b, "parameter");
  kn_api_validate(r, b, SPEC, NSPEC, partial, NULL);
  if (partial && json_object_get(b, "jenis"))
    kn_http_field_error(r, "jenis", "read_only", "Jenis jadwal tidak dapat diubah", "A schedule's kind cannot change");
  check_param(r, jenis ? jenis : kn_jstr(b, "jenis"), p);
  if (p) json_object_set_new(b, "parameter", p);
  return b;
}

static void jadwal_create(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM)) return;
  json_t *b = read_body(r, false, NULL);
  if (!b) return;
  char next[32] = "";
  if (!r->nfield_errors) {
    json_t *off = json_object_get(b, "utc_offset_menit");
    next_time(r, kn_jstr(b, "cron"), off ? json_integer_value(off) : 420, next);
  }
  if (r->nfield_errors) { json_decref(b); kn_api_fail_validation(r); return; }
  char *text = json_dumps(b, JSON_COMPACT);
  json_decref(b);
  const char *v[2] = {text, next};
  PGresult *res = kn_api_one(r, false, S_CREATE, 2, v);
  free(text);
  if (res) kn_api_respond_resource(r, 201, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void jadwal_patch(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM) || !kn_api_id_param(r, 0, "Jadwal", "Schedule")) return;
  const char *id = r->params[0];
  json_t *cur = kn_api_read_json(r, S_CRON, id);   /* 404 for an unknown id */
  if (!cur) return;
  json_t *b = NULL;
  PGresult *res = kn_api_one(r, true, S_GET, 1, &id);
  if (res) {
    json_t *doc = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
    PQclear(res);
    b = read_body(r, true, kn_jstr(doc, "jenis"));
    json_decref(doc);
  }
  if (!b) { json_decref(cur); return; }
  char next[32] = "";
  bool timing = json_object_get(b, "cron") || json_object_get(b, "utc_offset_menit");
  if (!r->nfield_errors && timing) {
    json_t *off = json_object_get(b, "utc_offset_menit");
    next_time(r, json_object_get(b, "cron") ? kn_jstr(b, "cron") : kn_jstr(cur, "cron"),
              off ? json_integer_value(off) : kn_jint(cur, "utc_offset_menit"), next);
  }
  json_decref(cur);
  if (r->nfield_errors) { json_decref(b); kn_api_fail_validation(r); return; }
  char *text = json_dumps(b, JSON_COMPACT);
  json_decref(b);
  const char *v[3] = {id, text, timing ? next : NULL};
  res = kn_api_one_versioned(r, S_PATCH, 3, v);
  free(text);
  if (res) kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void jadwal_list(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLES_READ_ALL)) return;
  char limit[16], after[24];
  if (!kn_api_page_params(r, limit, after)) return;
  const char *v[2] = {after, limit};
  PGresult *res = kn_api_one(r, true, S_LIST, 2, v);
  if (!res) return;
  kn_api_respond_page(r, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void jadwal_get(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLES_READ_ALL) || !kn_api_id_param(r, 0, "Jadwal", "Schedule")) return;
  json_t *doc = kn_api_read_json(r, S_GET, r->params[0]);
  if (!doc) return;
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  kn_api_respond_resource(r, 200, text);
  free(text);
}

/* ---- runs ------------------------------------------------------------------------------- */

static void run_create(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM)) return;
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  json_t *p = json_incref(json_object_get(b, "parameter"));
  json_object_del(b, "parameter");
  kn_api_validate(r, b, SPEC, 1, false, NULL);
  check_param(r, kn_jstr(b, "jenis"), p);
  if (r->nfield_errors) { json_decref(p); json_decref(b); kn_api_fail_validation(r); return; }
  kn_api_pekerjaan_antre(r, kn_jstr(b, "jenis"), p);
  json_decref(p);
  json_decref(b);
}

static void run_get(kn_http_req_t *r) {
  if (!kn_api_id_param(r, 0, "Pekerjaan", "Job run")) return;
  const char *id = r->params[0];
  PGresult *res = kn_api_one(r, true, S_RUN_GET, 1, &id);
  if (res) kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void run_list(kn_http_req_t *r) {
  char limit[16], after[24], jid[24];
  const char *jid_p, *st = kn_http_query(r, "status"), *jn = kn_http_query(r, "jenis");
  if (!kn_api_page_params(r, limit, after) || !kn_api_query_int(r, "jadwal_id", jid, &jid_p)) return;
  /* 422 naming the value and the allowed ones, as every enumerated field */
  kn_api_check_ref(r, "status", &dom_ref_status_pekerjaan, st);
  kn_api_check_ref(r, "jenis", &dom_ref_jenis_pekerjaan, jn);
  if (r->nfield_errors) { kn_api_fail_validation(r); return; }
  const char *v[5] = {after, limit, st, jn, jid_p};
  PGresult *res = kn_api_one(r, true, S_RUN_LIST, 5, v);
  if (!res) return;
  kn_api_respond_page(r, PQgetvalue(res, 0, 0));
  PQclear(res);
}

void kn_api_jadwal_register(void) {
  S_LIST = kn_db_register("jadwal_list", "SELECT api_jadwal_list($1::bigint, $2::int)::text");
  S_GET = kn_db_register("jadwal_get", "SELECT jadwal_json(j)::text FROM jadwal j WHERE j.instansi_id = app_instansi_id() AND j.id = $1::bigint");
  S_CRON = kn_db_register("jadwal_cron", "SELECT jadwal_cron($1::bigint)::text");
  S_CREATE = kn_db_register("jadwal_create", "SELECT api_jadwal_create($1::jsonb, $2::timestamptz)::text");
  S_PATCH = kn_db_register("jadwal_patch", "SELECT api_jadwal_patch($1::bigint, $2::jsonb, $3::timestamptz, $4::int)::text");
  S_RUN_CREATE = kn_db_register("pekerjaan_create", "SELECT api_pekerjaan_create($1, $2::jsonb)::text");
  S_RUN_GET = kn_db_register("pekerjaan_get", "SELECT api_pekerjaan_get($1::bigint)::text");
  S_RUN_LIST = kn_db_register("pekerjaan_list", "SELECT api_pekerjaan_list($1::bigint, $2::int, $3, $4, $5::bigint)::text");
  kn_http_route("GET", "/v1/jadwal", jadwal_list, 0);
  kn_http_route("POST", "/v1/jadwal", jadwal_create, 0);
  kn_http_route("GET", "/v1/jadwal/{id}", jadwal_get, 0);
  kn_http_route("PATCH", "/v1/jadwal/{id}", jadwal_patch, 0);
  kn_http_route("GET", "/v1/pekerjaan", run_list, 0);
  kn_http_route("POST", "/v1/pekerjaan", run_create, 0);
  kn_http_route("GET", "/v1/pekerjaan/{id}", run_get, 0);
}
