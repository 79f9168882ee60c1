/* Unversioned operational endpoints: /healthz, /readyz, /openapi.yaml, /docs. Owner: api. */
#include "kinerja/api.h"
#include "kinerja/db.h"
#include "kinerja/fileutil.h"
#include "kinerja/migrate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *openapi_text;
static size_t openapi_len;
static char *docs_html;
static size_t docs_len;
static const char *schema_fingerprint; /* every migration and module as name=checksum */
static int expected_files;

static void healthz(kn_req_t *r) { kn_respond_json(r, 200, "{\"status\":\"ok\"}"); }

static void readyz(kn_req_t *r) {
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
    kn_problem_status(r, 503, "database_unavailable", id, en);
  } else {
    kn_respond_json(r, 200, "{\"status\":\"ready\"}");
  }
}

static void openapi(kn_req_t *r) {
  if (!openapi_text) { kn_problem(r, "not_found", "Dokumen OpenAPI tidak ada", "OpenAPI document missing"); return; }
  kn_respond(r, 200, "application/yaml", openapi_text, openapi_len);
}

static void docs(kn_req_t *r) {
  if (docs_html) { kn_respond(r, 200, "text/html; charset=utf-8", docs_html, docs_len); return; }
  static const char FALLBACK[] =
    "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>Kinerja API</title></head>"
    "<body><h1>Kinerja API</h1><p>Kontrak API lengkap: <a href=\"/openapi.yaml\">/openapi.yaml</a>. "
    "Halaman dokumentasi lengkap dibuat oleh <code>./scripts/build-docs</code>.</p></body></html>";
  kn_respond(r, 200, "text/html; charset=utf-8", FALLBACK, sizeof FALLBACK - 1);
}

void api_health_register(void) {
  const char *spec = getenv("KINERJA_OPENAPI");
  openapi_text = kn_read_file(spec && *spec ? spec : KN_SOURCE_DIR "/openapi/openapi.yaml", &openapi_len);
  const char *html = getenv("KINERJA_DOCS_HTML");
  docs_html = kn_read_file(html && *html ? html : KN_SOURCE_DIR "/build/docs.html", &docs_len);
  schema_fingerprint = kn_migrate_fingerprint(&expected_files);
  kn_route("GET", "/healthz", healthz, KN_ROUTE_PUBLIC);
  kn_route("GET", "/readyz", readyz, KN_ROUTE_PUBLIC);
  kn_route("GET", "/openapi.yaml", openapi, KN_ROUTE_PUBLIC);
  kn_route("GET", "/docs", docs, KN_ROUTE_PUBLIC);
}
