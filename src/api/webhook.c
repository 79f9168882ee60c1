/* Webhook subscriptions: GET/POST /v1/webhook, GET/PATCH /v1/webhook/{id},
 * POST /v1/webhook/{id}/rotasi-secret, GET /v1/webhook/{id}/pengiriman (delivery log).
 * admin_bkpsdm manages every client's subscriptions (auditor reads); a client (integrasi) with
 * scope webhook:manage manages its own. The signing secret is answered on creation and rotation
 * only (derived, see webhook.h). Owner: integration. */
#include "kinerja/api.h"
#include "kinerja/config.h"
#include "kinerja/db.h"
#include "kinerja/netaddr.h"
#include "kinerja/webhook.h"
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

static int S_CREATE = -1, S_GET = -1, S_LIST = -1, S_PATCH = -1, S_ROTATE = -1, S_LOG = -1;

/* Entity kinds of the change feed (audited tables) a subscription may ask for. */
static const char *const EVENTS[] = {
  "instansi", "unor", "pegawai", "penilai_override", "skp", "rhk", "indikator", "skp_perilaku",
  "skp_lampiran", "periode", "realisasi", "bukti", "umpan_balik", "evaluasi", "predikat_organisasi",
  "keberatan", "tpp_faktor", "aturan_tindak_lanjut", "tindak_lanjut_keputusan", "kke", "kke_temuan",
  "klien", "webhook", "jadwal", "pengingat.jatuh_tempo", "pengingat.terlambat", NULL};

static const kn_api_field_spec_t SPEC[] = {
  {"klien_id", KN_F_INT, false, false, 0, NULL},
  {"url", KN_F_STRING, true, false, 500, NULL},
  {"events", KN_F_ENUM_SET, true, false, 0, EVENTS},
  {"aktif", KN_F_BOOL, false, false, 0, NULL},
};
#define NSPEC (sizeof SPEC / sizeof SPEC[0])

static bool can_manage(kn_http_req_t *r) {
  if (r->principal.roles & KN_ROLE_ADMIN_BKPSDM) return true;
  if ((r->principal.roles & KN_ROLE_INTEGRASI) && kn_auth_principal_has_scope(&r->principal, "webhook:manage")) return true;
  return kn_http_require_role(r, 0);
}

static bool can_read(kn_http_req_t *r) {
  if (r->principal.roles & KN_ROLE_AUDITOR) return true;
  return can_manage(r);
}

static bool url_ok(const char *u) {
  return u && (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0) && !strpbrk(u, " \t\r\n");
}

/* The target must not be, or resolve to, an internal address (src/webhook/target.c); checked
 * again before every delivery. */
static void check_target(kn_http_req_t *r, const char *url) {
  kn_webhook_target_t t;
  char d_id[200], d_en[200];
  switch (kn_webhook_target_check(url, &t)) {
  case KN_TARGET_OK: return;
  case KN_TARGET_BAD_URL:
    kn_http_field_error(r, "url", "invalid_url", "URL tidak dapat diurai", "The URL cannot be parsed");
    return;
  case KN_TARGET_UNRESOLVABLE:
    kn_http_field_error(r, "url", "url_unresolvable", "Nama host URL tidak dapat di-resolve", "The URL's host name does not resolve");
    return;
  case KN_TARGET_FORBIDDEN:
    snprintf(d_id, sizeof d_id, "Alamat tujuan bukan alamat publik (%s); webhook hanya dikirim ke alamat publik",
             kn_netaddr_class_name((kn_addr_class_t)t.cls));
    snprintf(d_en, sizeof d_en, "The target address is not public (%s); webhooks go to public addresses only",
             kn_netaddr_class_name((kn_addr_class_t)t.cls));
    kn_http_field_error(r, "url", "url_forbidden_address", d_id, d_en);
    return;
  }
}

/* Validate a body (partial for PATCH): spec, URL scheme, klien_id only from admin_bkpsdm. */
static json_t *read_body(kn_http_req_t *r, bool partial) {
  json_t *b = kn_http_body_object(r);
  if (!b) return NULL;
  kn_api_validate(r, b, SPEC, NSPEC, partial, NULL);
  json_t *u = json_object_get(b, "url");
  if (json_is_string(u) && !url_ok(json_string_value(u)))
    kn_http_field_error(r, "url", "invalid_url", "URL http:// atau https:// tanpa spasi", "An http:// or https:// URL without spaces");
  else if (json_is_string(u) && !r->nfield_errors)
    check_target(r, json_string_value(u));
  bool admin = r->principal.roles & KN_ROLE_ADMIN_BKPSDM;
  if (json_object_get(b, "klien_id") && (partial || !admin))
    kn_http_field_error(r, "klien_id", "not_allowed", partial ? "Klien webhook tidak dapat diganti" : "Klien diambil dari token",
                   partial ? "A webhook's client cannot change" : "The client comes from the token");
  if (!partial && admin && !json_object_get(b, "klien_id"))
    kn_http_field_error(r, "klien_id", "required", "Wajib diisi", "Required");
  if (r->nfield_errors) { json_decref(b); kn_api_fail_validation(r); return NULL; }
  return b;
}

/* Answer the subscription with its signing secret (creation, rotation). */
static void answer_with_secret(kn_http_req_t *r, long status, const char *doc) {
  json_t *o = json_loads(doc, 0, NULL);
  char secret[KN_WEBHOOK_SECRET_LEN];
  bool ok = o && kn_webhook_secret(r->principal.instansi, kn_jint(o, "id"), (int)kn_jint(o, "secret_versi"), secret);
  json_decref(o);
  if (ok) kn_api_respond_with_secret(r, status, doc, "secret", secret);
  else kn_http_problem(r, "internal_error", NULL, NULL);
}

static bool configured(kn_http_req_t *r) {
  if (kn_cfg.webhook_key[0]) return true;
  kn_http_problem(r, "webhook_unavailable", "KINERJA_WEBHOOK_KEY belum dikonfigurasi", "KINERJA_WEBHOOK_KEY is not configured");
  return false;
}

static void wh_create(kn_http_req_t *r) {
  if (!can_manage(r) || !configured(r)) return;
  json_t *b = read_body(r, false);
  if (!b) return;
  char *text = json_dumps(b, JSON_COMPACT);
  json_decref(b);
  const char *v = text;
  PGresult *res = kn_api_one(r, false, S_CREATE, 1, &v);
  free(text);
  if (res) answer_with_secret(r, 201, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void wh_rotate(kn_http_req_t *r) {
  if (!can_manage(r) || !configured(r) || !kn_api_id_param(r, 0, "Webhook", "Webhook")) return;
  if (!kn_http_body_none(r)) return;
  const char *id = r->params[0];
  PGresult *res = kn_api_one_versioned(r, S_ROTATE, 1, &id);
  if (res) answer_with_secret(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void wh_get(kn_http_req_t *r) {
  if (!can_read(r) || !kn_api_id_param(r, 0, "Webhook", "Webhook")) return;
  const char *id = r->params[0];
  PGresult *res = kn_api_one(r, true, S_GET, 1, &id);
  if (res) kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void page(kn_http_req_t *r, int stmt, bool with_id) {
  char limit[16], after[24];
  if (!kn_api_page_params(r, limit, after)) return;
  const char *v[3] = {r->params[0], after, limit};
  PGresult *res = kn_api_one(r, true, stmt, with_id ? 3 : 2, with_id ? v : v + 1);
  if (!res) return;
  kn_api_respond_page(r, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void wh_list(kn_http_req_t *r) {
  if (can_read(r)) page(r, S_LIST, false);
}

static void wh_log(kn_http_req_t *r) {
  if (can_read(r) && kn_api_id_param(r, 0, "Webhook", "Webhook")) page(r, S_LOG, true);
}

static void wh_patch(kn_http_req_t *r) {
  if (!can_manage(r) || !kn_api_id_param(r, 0, "Webhook", "Webhook")) return;
  char ver[24];
  bool bad = false;
  const char *expected = kn_api_if_match(r, ver, &bad);
  if (bad) return;
  json_t *b = read_body(r, true);
  if (!b) return;
  char *text = json_dumps(b, JSON_COMPACT);
  json_decref(b);
  const char *v[3] = {r->params[0], text, expected};
  PGresult *res = kn_api_one(r, false, S_PATCH, 3, v);
  free(text);
  if (res) kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

void kn_api_webhook_register(void) {
  S_CREATE = kn_db_register("webhook_create", "SELECT api_webhook_create($1::jsonb)::text");
  S_GET = kn_db_register("webhook_get", "SELECT api_webhook_get($1::bigint)::text");
  S_LIST = kn_db_register("webhook_list", "SELECT api_webhook_list($1::bigint, $2::int)::text");
  S_PATCH = kn_db_register("webhook_patch", "SELECT api_webhook_patch($1::bigint, $2::jsonb, $3::int)::text");
  S_ROTATE = kn_db_register("webhook_rotate", "SELECT api_webhook_rotate($1::bigint, $2::int)::text");
  S_LOG = kn_db_register("webhook_log", "SELECT api_webhook_pengiriman($1::bigint, $2::bigint, $3::int)::text");
  kn_http_route("GET", "/v1/webhook", wh_list, 0);
  kn_http_route("POST", "/v1/webhook", wh_create, 0);
  kn_http_route("GET", "/v1/webhook/{id}", wh_get, 0);
  kn_http_route("PATCH", "/v1/webhook/{id}", wh_patch, 0);
  kn_http_route("POST", "/v1/webhook/{id}/rotasi-secret", wh_rotate, 0);
  kn_http_route("GET", "/v1/webhook/{id}/pengiriman", wh_log, 0);
}
