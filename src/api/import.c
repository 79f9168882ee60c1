/* POST /v1/import/unor, /v1/import/pegawai and /v1/import/potensi — bulk upsert, JSON array or
 * CSV, all-or-nothing per request with every row error reported. Owner: api (organisation). */
#include "kinerja/api.h"
#include "kinerja/api_talenta.h"
#include "kinerja/csv.h"
#include "kinerja/db.h"
#include <libpq-fe.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 20000

static int S_UNOR = -1, S_PEGAWAI = -1, S_POTENSI = -1, S_TIMEOUT = -1;

static const kn_api_field_spec_t UNOR_SPEC[] = {
  {"siasn_id", KN_F_STRING, true, false, 64, NULL},
  {"parent_siasn_id", KN_F_STRING, false, true, 64, NULL},
  {"nama", KN_F_STRING, true, false, 300, NULL},
  {"nama_jabatan", KN_F_STRING, false, true, 300, NULL},
  {"is_perangkat_daerah", KN_F_BOOL, false, false, 0, NULL},
};

static const kn_api_field_spec_t PEGAWAI_SPEC[] = {
  {"nip", KN_F_NIP, true, false, 0, NULL},
  {"nama", KN_F_STRING, true, false, 200, NULL},
  {"gelar_depan", KN_F_STRING, false, true, 50, NULL},
  {"gelar_belakang", KN_F_STRING, false, true, 50, NULL},
  {"jenis_asn", KN_F_ENUM, true, false, 0, dom_ref_jenis_asn_kode},
  {"jenis_jabatan", KN_F_ENUM, true, false, 0, dom_ref_jenis_jabatan_kode},
  {"jabatan", KN_F_STRING, true, false, 300, NULL},
  {"jenjang_jf", KN_F_ENUM, false, true, 0, dom_ref_jenjang_jf_kode},
  {"unor_siasn_id", KN_F_STRING, false, true, 64, NULL},
  {"unor_id", KN_F_INT, false, true, 0, NULL},
  {"is_plt", KN_F_BOOL, false, false, 0, NULL},
  {"kepala", KN_F_BOOL, false, false, 0, NULL},
  {"tmt_jabatan", KN_F_DATE, false, true, 0, NULL},
  {"status", KN_F_ENUM, false, false, 0, dom_ref_status_pegawai_kode},
  {"status_sejak", KN_F_DATE, false, false, 0, NULL},
  {"siasn_id", KN_F_STRING, false, true, 64, NULL},
};

/* Body as a JSON array of rows, from JSON or CSV. Answers the error itself on failure. */
static json_t *load_rows(kn_http_req_t *r, const kn_api_field_spec_t *spec, size_t n) {
  json_t *rows;
  if (kn_http_content_type_is(r, "text/csv")) {
    char err[200];
    rows = kn_api_csv_to_json(kn_http_req_body(r), kn_http_req_body_length(r), spec, n, err, sizeof err);
    if (!rows) {
      char id[260];
      snprintf(id, sizeof id, "CSV tidak dapat dibaca (%s)", err);
      kn_http_problem(r, "bad_request", id, err);
      return NULL;
    }
  } else {
    rows = kn_http_body_array(r);
    if (!rows) return NULL;
  }
  size_t count = json_array_size(rows);
  if (count == 0 || count > MAX_ROWS) {
    kn_http_problem(r, "validation_failed", "Berkas harus berisi 1 sampai 20000 baris",
               "The file must hold 1 to 20000 rows");
    json_decref(rows);
    return NULL;
  }
  return rows;
}

/* A row check beyond the spec (NULL: the spec alone). */
typedef int (*row_check_fn)(kn_http_req_t *r, json_t *row, bool partial, const char *prefix);

static int validate_rows(kn_http_req_t *r, json_t *rows, const kn_api_field_spec_t *spec, size_t n, row_check_fn check) {
  size_t i;
  json_t *row;
  int errors = 0;
  json_array_foreach(rows, i, row) {
    char prefix[32];
    snprintf(prefix, sizeof prefix, "rows[%zu].", i);
    if (!json_is_object(row)) {
      prefix[strlen(prefix) - 1] = '\0'; /* the row itself, not a field of it */
      kn_http_field_error(r, prefix, "invalid_type", "Baris harus berupa objek", "Each row must be an object");
      errors++;
      continue;
    }
    errors += check ? check(r, row, false, prefix) : kn_api_validate(r, row, spec, n, false, prefix);
  }
  return errors;
}

/* Append SQL-reported row errors (already localised in Bahasa Indonesia) to the request. */
static void add_sql_errors(kn_http_req_t *r, json_t *errs) {
  size_t i;
  json_t *e;
  json_array_foreach(errs, i, e) {
    kn_http_field_error(r, json_string_value(json_object_get(e, "field")),
                   json_string_value(json_object_get(e, "code")),
                   json_string_value(json_object_get(e, "message")),
                   json_string_value(json_object_get(e, "message_en")));
  }
}

static void run_import(kn_http_req_t *r, int stmt, const kn_api_field_spec_t *spec, size_t n, row_check_fn check) {
  json_t *rows = load_rows(r, spec, n);
  if (!rows) return;
  if (validate_rows(r, rows, spec, n, check)) {
    json_decref(rows);
    kn_http_problem(r, "import_failed", "Ada baris yang tidak valid; tidak ada data yang disimpan",
               "Some rows are invalid; nothing was saved");
    return;
  }
  char *text = json_dumps(rows, JSON_COMPACT);
  json_decref(rows);
  const char *v[1] = {text};
  /* a 10,000-row import legitimately outlives the default statement timeout */
  kn_db_query_t q[2] = {{.stmt = S_TIMEOUT, .nparams = 0, .values = NULL},
                        {.stmt = stmt, .nparams = 1, .values = v}};
  kn_db_error_t err;
  int rc = kn_api_tx(r, false, q, 2, &err);
  free(text);
  if (rc != 0) { kn_api_db_fail(r, &err); return; }
  PGresult *res = q[1].result;
  PQclear(q[0].result);
  json_t *out = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  json_t *errs = json_object_get(out, "errors");
  if (json_array_size(errs) > 0) {
    /* the function returned before writing; the transaction committed nothing */
    add_sql_errors(r, errs);
    kn_http_problem(r, "import_failed", "Ada baris yang tidak valid; tidak ada data yang disimpan",
               "Some rows are invalid; nothing was saved");
  } else {
    kn_http_respond_json(r, 200, PQgetvalue(res, 0, 0));
  }
  json_decref(out);
  PQclear(res);
  malloc_trim(0); /* a 16 MB body and its JSON tree otherwise stay in this thread's arena */
}

static void import_unor(kn_http_req_t *r) {
  if (!kn_api_can_write(r)) return;
  if (r->principal.roles & KN_ROLE_ADMIN_PD && !(r->principal.roles & (KN_ROLE_ADMIN_BKPSDM | KN_ROLE_INTEGRASI))) {
    kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM | KN_ROLE_INTEGRASI);
    return;
  }
  run_import(r, S_UNOR, UNOR_SPEC, sizeof UNOR_SPEC / sizeof UNOR_SPEC[0], NULL);
}

static void import_pegawai(kn_http_req_t *r) {
  if (!kn_api_can_write(r)) return;
  run_import(r, S_PEGAWAI, PEGAWAI_SPEC, sizeof PEGAWAI_SPEC / sizeof PEGAWAI_SPEC[0], NULL);
}

/* Potensi assessment results: BKPSDM's (or a writing integration's) only; in CSV without "skor". */
static void import_potensi(kn_http_req_t *r) {
  if (kn_api_potensi_may_write(r)) run_import(r, S_POTENSI, KN_API_POTENSI_SPEC, KN_API_POTENSI_NSPEC, kn_api_potensi_validate);
}

void kn_api_import_register(void) {
  S_TIMEOUT = kn_db_register("import_timeout", "SELECT set_config('statement_timeout', '120000', true)");
  S_UNOR = kn_db_register("import_unor", "SELECT api_import_unor($1::jsonb)::text");
  S_PEGAWAI = kn_db_register("import_pegawai", "SELECT api_import_pegawai($1::jsonb)::text");
  kn_http_route("POST", "/v1/import/unor", import_unor, KN_ROUTE_IMPORT);
  S_POTENSI = kn_db_register("import_potensi", "SELECT api_import_potensi($1::jsonb)::text");
  kn_http_route("POST", "/v1/import/pegawai", import_pegawai, KN_ROUTE_IMPORT);
  kn_http_route("POST", "/v1/import/potensi", import_potensi, KN_ROUTE_IMPORT);
}
