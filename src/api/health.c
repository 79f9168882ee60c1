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
static int expected_migrations;

static void healthz(kn_req_t *r) { kn_respond_json(r, 200, "{\"status\":\"ok\"}"); }

static void readyz(kn_req_t *r) {
  if (kn_server_draining()) {
    kn_problem_status(r, 503, "database_unavailable", "Server sedang berhenti", "Server is shutting down");
    return;
  }
  int applied = kn_db_migrations_applied();
  if (applied < 0) {
    kn_db_error_t e = {.connection_lost = true};
    kn_db_fail(r, &e);
  } else if (applied != expected_migrations) {
    char id[160], en[160];
    snprintf(id, sizeof id, "Migrasi belum lengkap: %d dari %d diterapkan", applied, expected_migrations);
    snprintf(en, sizeof en, "Migrations not current: %d of %d applied", applied, expected_migrations);
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
  expected_migrations = kn_migrate_expected();
  kn_route("GET", "/healthz", healthz, KN_ROUTE_PUBLIC);
  kn_route("GET", "/readyz", readyz, KN_ROUTE_PUBLIC);
  kn_route("GET", "/openapi.yaml", openapi, KN_ROUTE_PUBLIC);
  kn_route("GET", "/docs", docs, KN_ROUTE_PUBLIC);
}
