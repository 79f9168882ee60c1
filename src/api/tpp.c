/* TPP factor (tambahan penghasilan pegawai): GET/PUT /v1/aturan/tpp (predikat → percentage,
 * per instansi, effective-dated; regions differ, so no formula is built in) and GET /v1/tpp
 * (each pegawai's factor for one period). Owner: api (follow-up). */
#include "kinerja/api.h"
#include "kinerja/api_export.h"
#include "kinerja/db.h"
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

static int S_RULES = -1, S_PUT = -1, S_LIST = -1;


static void rules_get(kn_http_req_t *r) {
  if (!kn_api_can_read(r)) return;
  const char *t = kn_http_query(r, "tanggal");
  dom_date_t d;
  char today[16];
  if (t && !dom_date_parse(t, &d)) {
    kn_http_field_error(r, "tanggal", "invalid_type", "Harus tanggal YYYY-MM-DD", "Must be a date YYYY-MM-DD");
    kn_api_fail_validation(r);
    return;
  }
  if (!t) {
    d = kn_api_today();
    snprintf(today, sizeof today, "%04d-%02d-%02d", d.y, d.m, d.d);
    t = today;
  }
  PGresult *res = kn_api_one(r, true, S_RULES, 1, &t);
  if (!res) return;
  kn_http_respond_json(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void rules_put(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM)) return;
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  const char *k;
  json_t *v;
  dom_date_t d;
  json_object_foreach(b, k, v)
    if (strcmp(k, "berlaku_mulai") && strcmp(k, "faktor"))
      kn_http_field_error(r, k, "unknown_field", "Kolom tidak dikenal", "Unknown field");
  if (!dom_date_parse(json_string_value(json_object_get(b, "berlaku_mulai")), &d))
    kn_http_field_error(r, "berlaku_mulai", "invalid_type", "Wajib, tanggal YYYY-MM-DD", "Required, a date YYYY-MM-DD");
  json_t *f = json_object_get(b, "faktor");
  for (const char *const *p = dom_ref_predikat.codes; *p; p++) {
    json_t *x = json_object_get(f, *p);
    char field[48];
    snprintf(field, sizeof field, "faktor.%s", *p);
    if (!json_is_number(x) || json_number_value(x) < 0 || json_number_value(x) > 200)
      kn_http_field_error(r, field, "invalid_range", "Persen 0 sampai 200 untuk setiap predikat",
                     "A percentage 0 to 200 for every predikat");
  }
  if (json_is_object(f) && json_object_size(f) != 5)
    kn_http_field_error(r, "faktor", "unknown_field", "Hanya kelima predikat", "Only the five predikat");
  if (r->nfield_errors) { json_decref(b); kn_api_fail_validation(r); return; }
  char *text = json_dumps(b, JSON_COMPACT);
  json_decref(b);
  const char *vv = text;
  PGresult *res = kn_api_one(r, false, S_PUT, 1, &vv);
  free(text);
  if (!res) return;
  kn_http_respond_json(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void tpp_list(kn_http_req_t *r) {
  char th[24], nm[24];
  const char *th_p, *nm_p, *jn = kn_http_query(r, "jenis");
  if (!kn_api_can_read(r) || !kn_api_query_int(r, "tahun", th, &th_p) || !kn_api_query_int(r, "nomor", nm, &nm_p)) return;
  if (!th_p) kn_http_field_error(r, "tahun", "required", "Wajib diisi", "Required");
  if (!nm_p) kn_http_field_error(r, "nomor", "required", "Wajib diisi", "Required");
  if (!kn_api_enum_has(dom_ref_jenis_periode.codes, jn)) kn_http_field_error(r, "jenis", "invalid_enum", "BULANAN atau TRIWULAN", "BULANAN or TRIWULAN");
  if (r->nfield_errors) { kn_api_fail_validation(r); return; }
  const char *v[3] = {th_p, jn, nm_p};
  PGresult *res = kn_api_one(r, true, S_LIST, 3, v);
  if (!res) return;
  json_t *doc = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  PQclear(res);
  json_t *items = json_incref(json_object_get(doc, "items"));
  json_decref(doc);
  if (!kn_api_list_cap_ok(r, json_array_size(items), "token admin_pd (satu Perangkat Daerah)",
                          "an admin_pd token (one Perangkat Daerah)")) {
    json_decref(items);
    return;
  }
  static const char *const COLS[] = {"nip", "nama", "predikat", "faktor_persen", "aturan_berlaku_mulai", NULL};
  kn_api_respond_list(r, items, NULL, COLS, "tpp.csv");
}

void kn_api_tpp_register(void) {
  S_RULES = kn_db_register("tpp_rules", "SELECT tpp_rules($1::date)::text");
  S_PUT = kn_db_register("tpp_put", "SELECT api_tpp_rules_put($1::jsonb)::text");
  S_LIST = kn_db_register("tpp_list", "SELECT tpp_list($1::int, $2, $3::int)::text");
  kn_http_route("GET", "/v1/aturan/tpp", rules_get, 0);
  kn_http_route("PUT", "/v1/aturan/tpp", rules_put, 0);
  kn_http_route("GET", "/v1/tpp", tpp_list, 0);
}
