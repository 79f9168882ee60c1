/* /v1/unor — organisation tree nodes. Owner: api (organisation). Reads are scoped in SQL by
 * app_scope_path(); writes by app_write_path() inside the api_unor_* functions. */
#include "kinerja/api.h"
#include "kinerja/db.h"
#include <libpq-fe.h>
#include <stdlib.h>

static int S_LIST = -1, S_GET = -1, S_CREATE = -1, S_PATCH = -1;

static const kn_api_field_spec_t SPEC[] = {
  {"parent_id", KN_F_INT, false, true, 0, NULL},
  {"nama", KN_F_STRING, true, false, 300, NULL},
  {"nama_jabatan", KN_F_STRING, false, true, 300, NULL},
  {"is_perangkat_daerah", KN_F_BOOL, false, false, 0, NULL},
  {"kepala_nip", KN_F_NIP, false, true, 0, NULL},
  {"kepala_plt", KN_F_BOOL, false, false, 0, NULL},
  {"siasn_id", KN_F_STRING, false, true, 64, NULL},
  {"berlaku_mulai", KN_F_DATE, false, false, 0, NULL},
  {"berlaku_selesai", KN_F_DATE, false, true, 0, NULL},
};
#define NSPEC (sizeof SPEC / sizeof SPEC[0])

static void unor_list(kn_http_req_t *r) {
  if (!kn_api_can_read(r)) return;
  char limit[16], after[24], parent[24];
  const char *parent_p, *pd_p;
  if (!kn_api_page_params(r, limit, after) || !kn_api_query_int(r, "parent_id", parent, &parent_p) ||
      !kn_api_query_bool(r, "perangkat_daerah", &pd_p))
    return;
  const char *v[4] = {after, limit, parent_p, pd_p};
  PGresult *res = kn_api_one(r, true, S_LIST, 4, v);
  if (!res) return;
  kn_api_respond_page(r, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void unor_get(kn_http_req_t *r) {
  if (!kn_api_can_read(r) || !kn_api_id_param(r, 0, "Unor", "Unit")) return;
  const char *id = r->params[0];
  PGresult *res = kn_api_one(r, true, S_GET, 1, &id);
  if (!res) return;
  if (PQntuples(res) == 0) kn_http_problem(r, "not_found", "Unor tidak ditemukan", "Unit not found");
  else kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void unor_create(kn_http_req_t *r) {
  if (kn_api_can_write(r)) kn_api_write_json(r, S_CREATE, NULL, SPEC, NSPEC, false, false, 201);
}

static void unor_patch(kn_http_req_t *r) {
  if (kn_api_can_write(r) && kn_api_id_param(r, 0, "Unor", "Unit"))
    kn_api_write_json(r, S_PATCH, r->params[0], SPEC, NSPEC, true, true, 200);
}

void kn_api_unor_register(void) {
  S_LIST = kn_db_register("unor_list",
    "WITH me AS MATERIALIZED (SELECT app_scope_path() AS sp, "
    "  (SELECT unor_id FROM pegawai WHERE instansi_id = app_instansi_id() AND nip = app_nip()) AS own) "
    "SELECT json_build_object('items', COALESCE(json_agg(unor_json(u) ORDER BY u.id), '[]'::json), "
    "  'next_cursor', CASE WHEN count(*) = $2::int THEN max(u.id) END)::text "
    "FROM (SELECT u.* FROM unor u, me WHERE u.instansi_id = app_instansi_id() AND u.id > $1::bigint "
    "  AND ((me.sp IS NOT NULL AND u.path LIKE me.sp || '%') OR u.id = me.own) "
    "  AND ($3::bigint IS NULL OR u.parent_id = $3::bigint) "
    "  AND ($4::boolean IS NULL OR u.is_perangkat_daerah = $4::boolean) "
    "  ORDER BY u.id LIMIT $2::int) u");
  S_GET = kn_db_register("unor_get",
    "SELECT unor_json(u)::text FROM unor u WHERE u.instansi_id = app_instansi_id() AND u.id = $1::bigint "
    "AND (((SELECT app_scope_path()) IS NOT NULL AND u.path LIKE (SELECT app_scope_path()) || '%') OR "
    "     u.id = (SELECT unor_id FROM pegawai WHERE instansi_id = app_instansi_id() AND nip = app_nip()))");
  S_CREATE = kn_db_register("unor_create", "SELECT api_unor_create($1::jsonb)::text");
  S_PATCH = kn_db_register("unor_patch", "SELECT api_unor_patch($1::bigint, $2::jsonb, $3::int)::text");
  kn_http_route("GET", "/v1/unor", unor_list, 0);
  kn_http_route("POST", "/v1/unor", unor_create, 0);
  kn_http_route("GET", "/v1/unor/{id}", unor_get, 0);
  kn_http_route("PATCH", "/v1/unor/{id}", unor_patch, 0);
}
