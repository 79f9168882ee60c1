/* RHK, indikator, perilaku and lampiran of an SKP. Owner: api (planning). Shapes and types are
 * checked here; rules that need the SKP (approach, JPT, cascading, weights, editable state)
 * are enforced by the api_rhk_* / api_indikator_* SQL functions in the same transaction. */
#include "kinerja/api.h"
#include "kinerja/db.h"
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

static int S_RHK_GET = -1, S_RHK_CREATE = -1, S_RHK_PATCH = -1, S_RHK_DELETE = -1,
           S_IND_CREATE = -1, S_IND_PATCH = -1, S_IND_DELETE = -1, S_PERILAKU = -1, S_LAMPIRAN = -1;


static const kn_api_field_spec_t RHK_SPEC[] = {
  {"jenis_rhk", KN_F_ENUM, true, false, 0, dom_ref_jenis_rhk_kode},
  {"uraian", KN_F_STRING, true, false, 2000, NULL},
  {"rhk_atasan_id", KN_F_INT, false, true, 0, NULL},
  {"jenis_intervensi", KN_F_ENUM, false, true, 0, dom_ref_jenis_intervensi_kode},
  {"perspektif", KN_F_ENUM, false, true, 0, dom_ref_perspektif_kode},
  {"bobot", KN_F_NUMBER, false, true, 0, NULL},
  {"urutan", KN_F_INT, false, false, 0, NULL},
};
static const kn_api_field_spec_t IND_SPEC[] = {
  {"aspek", KN_F_ENUM, false, true, 0, dom_ref_aspek_kode},
  {"uraian", KN_F_STRING, true, false, 2000, NULL},
  {"target_min", KN_F_NUMBER, false, true, 0, NULL},
  {"target_max", KN_F_NUMBER, false, true, 0, NULL},
  {"satuan", KN_F_STRING, false, true, 100, NULL},
  {"target_teks", KN_F_STRING, false, true, 2000, NULL},
  {"arah", KN_F_ENUM, false, false, 0, dom_ref_arah_kode},
  {"urutan", KN_F_INT, false, false, 0, NULL},
};
static const kn_api_field_spec_t PERILAKU_ITEM[] = {
  {"nilai", KN_F_ENUM, true, false, 0, dom_ref_nilai_perilaku_kode},
  {"ekspektasi_khusus", KN_F_STRING, true, true, 2000, NULL},
};
#define N(a) (sizeof a / sizeof a[0])

static void rhk_get(kn_http_req_t *r) {
  if (!kn_api_can_read(r) || !kn_api_id_param(r, 0, "RHK", "RHK")) return;
  const char *id = r->params[0];
  PGresult *res = kn_api_one(r, true, S_RHK_GET, 1, &id);
  if (!res) return;
  kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void rhk_create(kn_http_req_t *r) {
  if (kn_api_can_write_related(r) && kn_api_id_param(r, 0, "SKP", "SKP"))
    kn_api_write_json(r, S_RHK_CREATE, r->params[0], RHK_SPEC, N(RHK_SPEC), false, false, 201);
}
static void rhk_patch(kn_http_req_t *r) {
  if (kn_api_can_write_related(r) && kn_api_id_param(r, 0, "RHK", "RHK"))
    kn_api_write_json(r, S_RHK_PATCH, r->params[0], RHK_SPEC, N(RHK_SPEC), true, true, 200);
}
static void rhk_delete(kn_http_req_t *r) {
  if (kn_api_can_write_related(r) && kn_api_id_param(r, 0, "RHK", "RHK")) kn_api_delete(r, S_RHK_DELETE, r->params[0]);
}
static void ind_create(kn_http_req_t *r) {
  if (kn_api_can_write_related(r) && kn_api_id_param(r, 0, "RHK", "RHK"))
    kn_api_write_json(r, S_IND_CREATE, r->params[0], IND_SPEC, N(IND_SPEC), false, false, 201);
}
static void ind_patch(kn_http_req_t *r) {
  if (kn_api_can_write_related(r) && kn_api_id_param(r, 0, "Indikator", "Indicator"))
    kn_api_write_json(r, S_IND_PATCH, r->params[0], IND_SPEC, N(IND_SPEC), true, true, 200);
}
static void ind_delete(kn_http_req_t *r) {
  if (kn_api_can_write_related(r) && kn_api_id_param(r, 0, "Indikator", "Indicator")) kn_api_delete(r, S_IND_DELETE, r->params[0]);
}

/* Run a PUT whose body was validated by the caller; `expected` is the If-Match version (or
 * NULL), checked against the SKP's version in SQL. */
static void put_validated(kn_http_req_t *r, int stmt, json_t *b, const char *expected) {
  if (r->nfield_errors) { json_decref(b); kn_api_fail_validation(r); return; }
  char *text = json_dumps(b, JSON_COMPACT);
  json_decref(b);
  const char *v[3] = {r->params[0], text, expected};
  PGresult *res = kn_api_one(r, false, stmt, 3, v);
  free(text);
  if (!res) return;
  kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

/* Only the listed keys may appear at the top level. */
static void only_keys(kn_http_req_t *r, json_t *b, const char *const *keys) {
  const char *k;
  json_t *v;
  json_object_foreach(b, k, v)
    if (!kn_api_enum_has(keys, k)) kn_http_field_error(r, k, "unknown_field", "Kolom tidak dikenal", "Unknown field");
}

static void perilaku_put(kn_http_req_t *r) {
  char ver[24];
  bool bad;
  if (!kn_api_can_write_related(r) || !kn_api_id_param(r, 0, "SKP", "SKP")) return;
  const char *expected = kn_api_if_match(r, ver, &bad); /* before validation: a 412 carries no field errors */
  if (bad) return;
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  static const char *const KEYS[] = {"items", NULL};
  only_keys(r, b, KEYS);
  json_t *items = json_object_get(b, "items");
  if (!json_is_array(items) || json_array_size(items) == 0 || json_array_size(items) > 7) {
    kn_http_field_error(r, "items", "invalid_type", "Harus larik 1 sampai 7 nilai perilaku",
                   "Must be an array of 1 to 7 behaviour values");
  } else {
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
      char prefix[40];
      snprintf(prefix, sizeof prefix, "items[%zu].", i);
      if (json_is_object(it)) kn_api_validate(r, it, PERILAKU_ITEM, N(PERILAKU_ITEM), false, prefix);
      else kn_http_field_error(r, prefix, "invalid_type", "Harus objek", "Must be an object");
    }
  }
  put_validated(r, S_PERILAKU, b, expected);
}

static void lampiran_put(kn_http_req_t *r) {
  char ver[24];
  bool bad;
  if (!kn_api_can_write_related(r) || !kn_api_id_param(r, 0, "SKP", "SKP")) return;
  const char *expected = kn_api_if_match(r, ver, &bad); /* before validation: a 412 carries no field errors */
  if (bad) return;
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  static const char *const KEYS[] = {"dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi", NULL};
  only_keys(r, b, KEYS);
  for (const char *const *k = KEYS; *k; k++) {
    json_t *arr = json_object_get(b, *k);
    if (!arr) continue;
    size_t i;
    json_t *it;
    bool ok = json_is_array(arr) && json_array_size(arr) <= 50;
    json_array_foreach(arr, i, it) {
      const char *s = json_string_value(it);
      if (!s || !*s || strlen(s) > 2000) ok = false;
    }
    if (!ok)
      kn_http_field_error(r, *k, "invalid_type", "Harus larik (maks. 50) teks tidak kosong, maks. 2000 karakter",
                     "Must be an array (max 50) of non-empty strings of at most 2000 characters");
  }
  put_validated(r, S_LAMPIRAN, b, expected);
}

void kn_api_rhk_register(void) {
  S_RHK_GET = kn_db_register("rhk_get", "SELECT rhk_json(r)::text FROM rhk_for($1::bigint) r");
  S_RHK_CREATE = kn_db_register("rhk_create", "SELECT api_rhk_create($1::bigint, $2::jsonb)::text");
  S_RHK_PATCH = kn_db_register("rhk_patch", "SELECT api_rhk_patch($1::bigint, $2::jsonb, $3::int)::text");
  S_RHK_DELETE = kn_db_register("rhk_delete", "SELECT api_rhk_delete($1::bigint, $2::int)");
  S_IND_CREATE = kn_db_register("ind_create", "SELECT api_indikator_create($1::bigint, $2::jsonb)::text");
  S_IND_PATCH = kn_db_register("ind_patch", "SELECT api_indikator_patch($1::bigint, $2::jsonb, $3::int)::text");
  S_IND_DELETE = kn_db_register("ind_delete", "SELECT api_indikator_delete($1::bigint, $2::int)");
  S_PERILAKU = kn_db_register("perilaku_put", "SELECT api_perilaku_put($1::bigint, $2::jsonb, $3::int)::text");
  S_LAMPIRAN = kn_db_register("lampiran_put", "SELECT api_lampiran_put($1::bigint, $2::jsonb, $3::int)::text");
  kn_http_route("POST", "/v1/skp/{id}/rhk", rhk_create, 0);
  kn_http_route("GET", "/v1/rhk/{id}", rhk_get, 0);
  kn_http_route("PATCH", "/v1/rhk/{id}", rhk_patch, 0);
  kn_http_route("DELETE", "/v1/rhk/{id}", rhk_delete, 0);
  kn_http_route("POST", "/v1/rhk/{id}/indikator", ind_create, 0);
  kn_http_route("PATCH", "/v1/indikator/{id}", ind_patch, 0);
  kn_http_route("DELETE", "/v1/indikator/{id}", ind_delete, 0);
  kn_http_route("PUT", "/v1/skp/{id}/perilaku", perilaku_put, 0);
  kn_http_route("PUT", "/v1/skp/{id}/lampiran", lampiran_put, 0);
}
