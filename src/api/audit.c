/* GET /v1/audit — the audit trail (admin_bkpsdm, auditor). Owner: api. */
#include "kinerja/api.h"
#include "kinerja/db.h"
#include <libpq-fe.h>

static int S_AUDIT_LIST = -1;

static void audit_list(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLES_READ_ALL)) return;
  char limit[16], after[24];
  if (!kn_api_page_params(r, limit, after)) return;
  const char *v[5] = {after, limit, kn_http_query(r, "entity"), kn_http_query(r, "entity_id"), kn_http_query(r, "actor")};
  PGresult *res = kn_api_one(r, true, S_AUDIT_LIST, 5, v);
  if (!res) return;
  kn_api_respond_page(r, PQgetvalue(res, 0, 0));
  PQclear(res);
}

void kn_api_audit_register(void) {
  S_AUDIT_LIST = kn_db_register("audit_list",
    "SELECT json_build_object('items', COALESCE(json_agg(a ORDER BY a.id), '[]'::json), "
    "  'next_cursor', CASE WHEN count(*) = $2::int THEN max(a.id) END)::text "
    "FROM (SELECT id, at, actor, roles, action, entity, entity_id, before, after, request_id "
    "      FROM audit_log WHERE instansi_id = app_instansi_id() AND id > $1::bigint "
    "       AND ($3::text IS NULL OR entity = $3) AND ($4::text IS NULL OR entity_id = $4) "
    "       AND ($5::text IS NULL OR actor = $5) ORDER BY id LIMIT $2::int) a");
  kn_http_route("GET", "/v1/audit", audit_list, 0);
}
