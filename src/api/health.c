/* Unversioned operational endpoints: /healthz, /readyz, /openapi.yaml, /openapi.json, /docs.
 * Owner: api. /docs is openapi/docs.html, a dependency-free page that fetches /openapi.json (the
 * build's JSON form of the YAML contract) and renders it in the browser. */
#include "kinerja/api.h"
#include "kinerja/db.h"
#include "kinerja/fileutil.h"
#include "kinerja/migrate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *openapi_text;
static size_t openapi_len;
static char *openapi_json;
static size_t openapi_json_len;
static char *docs_html;
static size_t docs_len;
static const char *schema_fingerprint; /* every migration and module as name=checksum */
static int expected_files;

static void healthz(kn_http_req_t *r) { kn_http_respond_json(r, 200, "{\"status\":\"ok\"}"); }

static void readyz(kn_http_req_t *r) {
  int applied = kn_db_schema_files_applied(schema_fingerprint);
  if (applied < 0) {
    kn_db_error_t e = {.connection_lost = true};
    kn_api_db_fail(r, &e);
  } else if (applied != expected_files) {
    char id[200], en[200];
    snprintf(id, sizeof id, "Skema belum mutakhir: %d dari %d migrasi dan modul fungsi diterapkan (jalankan 'kinerja migrate')",
             applied, expected_files);
    snprintf(en, sizeof en, "Schema not current: %d of %d migrations and function modules applied (run 'kinerja migrate')",
             applied, expected_files);
    kn_http_problem_status(r, 503, "database_unavailable", id, en);
  } else {
    kn_http_respond_json(r, 200, "{\"status\":\"ready\"}");
  }
}

static void openapi(kn_http_req_t *r) {
  if (!openapi_text) { kn_http_problem(r, "not_found", "Dokumen OpenAPI tidak ada", "OpenAPI document missing"); return; }
  kn_http_respond(r, 200, "application/yaml", openapi_text, openapi_len);
}

static void openapi_json_doc(kn_http_req_t *r) {
  if (!openapi_json) { kn_http_problem(r, "not_found", "Dokumen OpenAPI (JSON) tidak ada", "OpenAPI document (JSON) missing"); return; }
  kn_http_respond(r, 200, "application/json", openapi_json, openapi_json_len);
}

static void docs(kn_http_req_t *r) {
  if (docs_html) { kn_http_respond(r, 200, "text/html; charset=utf-8", docs_html, docs_len); return; }
  static const char FALLBACK[] =
    "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>Kinerja API</title></head>"
    "<body><h1>Kinerja API</h1><p>Kontrak API lengkap: <a href=\"/openapi.yaml\">/openapi.yaml</a> "
    "(KINERJA_DOCS_HTML tidak dapat dibaca).</p></body></html>";
  kn_http_respond(r, 200, "text/html; charset=utf-8", FALLBACK, sizeof FALLBACK - 1);
}

static char *read_setting(const char *env, const char *def, size_t *len) {
  const char *v = getenv(env);
  return kn_file_read(v && *v ? v : def, len);
}

void kn_api_health_register(void) {
  openapi_text = read_setting("KINERJA_OPENAPI", KN_SOURCE_DIR "/openapi/openapi.yaml", &openapi_len);
  openapi_json = read_setting("KINERJA_OPENAPI_JSON", KN_BUILD_DIR "/openapi.json", &openapi_json_len);
  docs_html = read_setting("KINERJA_DOCS_HTML", KN_SOURCE_DIR "/openapi/docs.html", &docs_len);
  schema_fingerprint = kn_db_migrate_fingerprint(&expected_files);
  kn_http_route("GET", "/healthz", healthz, KN_ROUTE_PUBLIC);
  kn_http_route("GET", "/readyz", readyz, KN_ROUTE_PUBLIC);
  kn_http_route("GET", "/openapi.yaml", openapi, KN_ROUTE_PUBLIC);
  kn_http_route("GET", "/openapi.json", openapi_json_doc, KN_ROUTE_PUBLIC);
  kn_http_route("GET", "/docs", docs, KN_ROUTE_PUBLIC);
}
