/* Potensi assessment results (talent management, Permen PANRB 3/2020): POST/GET /v1/potensi,
 * GET/PATCH/DELETE /v1/potensi/{id}; the bulk import is POST /v1/import/potensi (src/api/import.c).
 * admin_bkpsdm (and integrasi with sync:write) write; admin_pd reads its PD, a pegawai their own.
 * Owner: api (talent). SQL: sql/functions/talenta.sql. */
#include "kinerja/api.h"
#include "kinerja/api_talenta.h"
#include "kinerja/db.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_CREATE = -1, S_GET = -1, S_LIST = -1, S_PATCH = -1, S_DELETE = -1;


const kn_api_field_spec_t KN_API_POTENSI_SPEC[] = {
  {"nip", KN_F_NIP, true, false, 0, NULL},
  {"tanggal", KN_F_DATE, true, false, 0, NULL},
  {"sumber", KN_F_ENUM, true, false, 0, dom_ref_sumber_potensi_kode},
  {"level", KN_F_ENUM, true, false, 0, dom_ref_level_potensi_kode},
  {"penyelenggara", KN_F_STRING, false, true, 300, NULL},
  {"catatan", KN_F_STRING, false, true, 2000, NULL},
};
const size_t KN_API_POTENSI_NSPEC = sizeof KN_API_POTENSI_SPEC / sizeof KN_API_POTENSI_SPEC[0];

int kn_api_potensi_skor_check(kn_http_req_t *r, json_t *skor, const char *prefix) {
  char f[64];
  snprintf(f, sizeof f, "%sskor", prefix ? prefix : "");
  if (!skor) return 0;
  bool ok = json_is_object(skor) && json_object_size(skor) <= 20;
  const char *k;
  json_t *v;
  if (ok) json_object_foreach(skor, k, v) if (!json_is_number(v) || strlen(k) < 1 || strlen(k) > 64) ok = false;
  if (ok) return 0;
  kn_http_field_error(r, f, "invalid_type", "Objek berisi paling banyak 20 skor bernama (angka)",
                      "An object of at most 20 named numeric scores");
  return 1;
}

int kn_api_potensi_validate(kn_http_req_t *r, json_t *row, bool partial, const char *prefix) {
  json_t *skor = json_object_get(row, "skor");
  if (skor) json_incref(skor);
  json_object_del(row, "skor");
  /* PATCH changes the result, never whose it is: the NIP (spec[0]) stays */
  int errors = partial ? kn_api_validate(r, row, KN_API_POTENSI_SPEC + 1, KN_API_POTENSI_NSPEC - 1, true, prefix)
                       : kn_api_validate(r, row, KN_API_POTENSI_SPEC, KN_API_POTENSI_NSPEC, false, prefix);
  errors += kn_api_potensi_skor_check(r, skor, prefix);
  if (skor) json_object_set_new(row, "skor", skor);
  return errors;
}

/* Only BKPSDM (or an integration allowed to write) records assessment results. */
bool kn_api_potensi_may_write(kn_http_req_t *r) {
  if (!kn_api_can_write(r)) return false;
  if (!(r->principal.roles & (KN_ROLE_ADMIN_BKPSDM | KN_ROLE_INTEGRASI)))
    return kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM | KN_ROLE_INTEGRASI);
  return true;
}

static void write_body(kn_http_req_t *r, int stmt, bool partial) {
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  if (kn_api_potensi_validate(r, b, partial, NULL)) { json_decref(b); kn_api_fail_validation(r); return; }
  kn_api_write_doc(r, stmt, r->params, partial ? 1 : 0, b, partial, partial ? 200 : 201);
}

static void create(kn_http_req_t *r) {
  if (kn_api_potensi_may_write(r)) write_body(r, S_CREATE, false);
}

static void patch(kn_http_req_t *r) {
  if (kn_api_potensi_may_write(r) && kn_api_id_param(r, 0, "Hasil potensi", "Potensi result")) write_body(r, S_PATCH, true);
}

static void del(kn_http_req_t *r) {
  if (kn_api_potensi_may_write(r) && kn_api_id_param(r, 0, "Hasil potensi", "Potensi result")) kn_api_delete(r, S_DELETE, r->params[0]);
}

static void get(kn_http_req_t *r) {
  if (!kn_api_can_read(r) || !kn_api_id_param(r, 0, "Hasil potensi", "Potensi result")) return;
  const char *v = r->params[0];
  PGresult *res = kn_api_one(r, true, S_GET, 1, &v);
  if (!res) return;
  kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void list(kn_http_req_t *r) {
  if (!kn_api_can_read(r)) return;
  char limit[16], after[24], u[24];
  const char *u_p, *nip = kn_http_query(r, "nip");
  if (!kn_api_page_params(r, limit, after) || !kn_api_query_int(r, "unor_id", u, &u_p)) return;
  if (nip && (strlen(nip) != 18 || strspn(nip, "0123456789") != 18))
    kn_http_field_error(r, "nip", "invalid_nip", "NIP harus 18 digit", "NIP must be 18 digits");
  if (r->nfield_errors) { kn_api_fail_validation(r); return; }
  const char *v[4] = {nip, u_p, limit, after};
  PGresult *res = kn_api_one(r, true, S_LIST, 4, v);
  if (!res) return;
  kn_api_respond_page(r, PQgetvalue(res, 0, 0));
  PQclear(res);
}

void kn_api_potensi_register(void) {
  S_CREATE = kn_db_register("potensi_create", "SELECT api_potensi_create($1::jsonb)::text");
  S_GET = kn_db_register("potensi_get", "SELECT potensi_get($1::bigint)::text");
  S_LIST = kn_db_register("potensi_list", "SELECT potensi_list($1, $2::bigint, $3::int, $4::bigint)::text");
  S_PATCH = kn_db_register("potensi_patch", "SELECT api_potensi_patch($1::bigint, $2::jsonb, $3::int)::text");
  S_DELETE = kn_db_register("potensi_delete", "SELECT api_potensi_delete($1::bigint, $2::int)::text");
  kn_http_route("POST", "/v1/potensi", create, 0);
  kn_http_route("GET", "/v1/potensi", list, 0);
  kn_http_route("GET", "/v1/potensi/{id}", get, 0);
  kn_http_route("PATCH", "/v1/potensi/{id}", patch, 0);
  kn_http_route("DELETE", "/v1/potensi/{id}", del, 0);
}
