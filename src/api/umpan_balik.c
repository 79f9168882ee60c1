/* Dokumentasi kinerja / pembinaan: GET/POST /v1/skp/{id}/umpan-balik — feedback, guidance,
 * counselling and performance notes between the pegawai and their appraisers.
 * Owner: api (execution). */
#include "kinerja/api.h"
#include "kinerja/api_periode.h"
#include "kinerja/db.h"
#include <libpq-fe.h>
#include <stdlib.h>

static int S_ACTOR = -1, S_LIST = -1, S_CREATE = -1;

static const kn_api_field_spec_t SPEC[] = {
  {"jenis", KN_F_ENUM, true, false, 0, dom_ref_jenis_umpan_balik_kode},
  {"isi", KN_F_STRING, true, false, 4000, NULL},
  {"rhk_id", KN_F_INT, false, true, 0, NULL},
  {"periode_id", KN_F_INT, false, true, 0, NULL},
  {"perilaku_di_bawah", KN_F_ENUM, false, true, 0, dom_ref_nilai_perilaku_kode},  /* a BerAKHLAK value below expectation (GET /v1/pengembangan) */
};

static void list(kn_http_req_t *r) {
  char pid[24], limit[16], after[24];
  const char *pid_p;
  if (!kn_api_can_read(r) || !kn_api_id_param(r, 0, "SKP", "SKP") || !kn_api_query_int(r, "periode_id", pid, &pid_p) ||
      !kn_api_page_params(r, limit, after))
    return;
  const char *v[4] = {r->params[0], pid_p, after, limit};
  PGresult *res = kn_api_one(r, true, S_LIST, 4, v);
  if (!res) return;
  kn_api_respond_page(r, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void create(kn_http_req_t *r) {
  if (!kn_api_can_write_related(r) || !kn_api_id_param(r, 0, "SKP", "SKP")) return;
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  if (kn_api_validate(r, b, SPEC, 5, false, NULL)) { json_decref(b); kn_api_fail_validation(r); return; }
  json_t *a = kn_api_read_json(r, S_ACTOR, r->params[0]);
  if (!a) { json_decref(b); return; }
  /* the writer's role in the conversation follows from how they relate to this SKP */
  const char *peran = json_is_true(json_object_get(a, "penilai")) ? "PENILAI"
                    : json_is_true(json_object_get(a, "owner")) ? "PEGAWAI"
                    : json_is_true(json_object_get(a, "atasan")) ? "ATASAN_PENILAI"
                    : json_is_true(json_object_get(a, "write_scope")) ? "PENGELOLA" : NULL;
  json_decref(a);
  if (!peran) {
    json_decref(b);
    kn_http_problem(r, "forbidden", "Hanya pegawai, pejabat penilai, atasan penilai atau pengelola kinerja yang mencatat umpan balik",
               "Only the pegawai, the appraisers or a pengelola kinerja record feedback");
    return;
  }
  const char *v[2] = {r->params[0], peran};
  kn_api_write_doc(r, S_CREATE, v, 2, b, false, 201);
}

void kn_api_umpan_balik_register(void) {
  S_ACTOR = kn_db_register("skp_actor", "SELECT skp_actor(s)::text FROM skp_for($1::bigint) s");
  S_LIST = kn_db_register("umpan_balik_list", "SELECT umpan_balik_list($1::bigint, $2::bigint, $3::bigint, $4::int)::text");
  S_CREATE = kn_db_register("umpan_balik_create", "SELECT api_umpan_balik_create($1::bigint, $3::jsonb, $2)::text");
  kn_http_route("GET", "/v1/skp/{id}/umpan-balik", list, 0);
  kn_http_route("POST", "/v1/skp/{id}/umpan-balik", create, 0);
}
