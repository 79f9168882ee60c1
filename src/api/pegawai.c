/* /v1/pegawai — employees. Owner: api (organisation). Scope: admin_bkpsdm/auditor/integrasi the
 * whole instansi, admin_pd its PD subtree (in SQL), pegawai self plus own appraisees (resolved
 * with the domain penilai rules, also for lists). Outside scope answers 404. */
#include "kinerja/api.h"
#include "kinerja/api_penilai.h"
#include "kinerja/api_rows.h"
#include "kinerja/db.h"
#include "kinerja/strbuf.h"
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>


static int S_LIST = -1, S_LIST_ALL = -1, S_LIST_IDS = -1, S_GET = -1, S_GET_ANY = -1, S_CREATE = -1, S_PATCH = -1;

static const kn_api_field_spec_t SPEC[] = {
  {"nip", KN_F_NIP, true, false, 0, NULL},
  {"nama", KN_F_STRING, true, false, 200, NULL},
  {"gelar_depan", KN_F_STRING, false, true, 50, NULL},
  {"gelar_belakang", KN_F_STRING, false, true, 50, NULL},
  {"jenis_asn", KN_F_ENUM, true, false, 0, dom_ref_jenis_asn_kode},
  {"jenis_jabatan", KN_F_ENUM, true, false, 0, dom_ref_jenis_jabatan_kode},
  {"jabatan", KN_F_STRING, true, false, 300, NULL},
  {"jenjang_jf", KN_F_ENUM, false, true, 0, dom_ref_jenjang_jf_kode},
  {"unor_id", KN_F_INT, true, false, 0, NULL},
  {"is_plt", KN_F_BOOL, false, false, 0, NULL},
  {"tmt_jabatan", KN_F_DATE, false, true, 0, NULL},
  {"status", KN_F_ENUM, false, false, 0, dom_ref_status_pegawai_kode},
  {"status_sejak", KN_F_DATE, false, false, 0, NULL},
  {"siasn_id", KN_F_STRING, false, true, 64, NULL},
  {"kontrak_selesai", KN_F_DATE, false, true, 0, NULL},
};
#define NSPEC (sizeof SPEC / sizeof SPEC[0])

/* A list row: pegawai_json(p) (sql/functions/org.sql) written in C from these columns, in this
 * order (the select list below); the page answers the bytes json_agg(pegawai_json(p)) did. */
static const kn_api_jcol_t ROW[] = {
  {"id", KN_JC_NUM}, {"nip", KN_JC_STR}, {"nama", KN_JC_STR}, {"gelar_depan", KN_JC_STR},
  {"gelar_belakang", KN_JC_STR}, {"jenis_asn", KN_JC_STR}, {"jenis_jabatan", KN_JC_STR},
  {"jabatan", KN_JC_STR}, {"jenjang_jf", KN_JC_STR}, {"unor_id", KN_JC_NUM}, {"is_plt", KN_JC_BOOL},
  {"tmt_jabatan", KN_JC_DATE}, {"status", KN_JC_STR}, {"status_sejak", KN_JC_DATE},
  {"siasn_id", KN_JC_STR}, {"kontrak_selesai", KN_JC_DATE}, {"version", KN_JC_NUM},
  {"created_at", KN_JC_TS}, {"updated_at", KN_JC_TS},
};
#define NROW ((int)(sizeof ROW / sizeof ROW[0]))
#define ROW_COLS "p.id, p.nip, p.nama, p.gelar_depan, p.gelar_belakang, p.jenis_asn, p.jenis_jabatan, " \
  "p.jabatan, p.jenjang_jf, p.unor_id, p.is_plt, p.tmt_jabatan, p.status, p.status_sejak, " \
  "p.siasn_id, p.kontrak_selesai, p.version, p.created_at, p.updated_at "

static void pegawai_list(kn_http_req_t *r) {
  if (!kn_api_can_read(r)) return;
  char limit[16], after[24], unor[24];
  const char *unor_p, *rek_p, *jj = kn_http_query(r, "jenis_jabatan"), *st = kn_http_query(r, "status");
  if (!kn_api_page_params(r, limit, after) || !kn_api_query_int(r, "unor_id", unor, &unor_p) ||
      !kn_api_query_bool(r, "rekursif", &rek_p))
    return;
  kn_api_check_ref(r, "jenis_jabatan", &dom_ref_jenis_jabatan, jj);
  kn_api_check_ref(r, "status", &dom_ref_status_pegawai, st);
  const char *q = kn_http_query(r, "q");
  if (q && (strlen(q) < 2 || strlen(q) > 100))
    kn_http_field_error(r, "q", "invalid_length", "Kata kunci 2 sampai 100 karakter", "Search text must be 2 to 100 characters");
  if (r->nfield_errors) { kn_api_fail_validation(r); return; }
  PGresult *res;
  if (!(r->principal.roles & ~KN_ROLE_PEGAWAI)) {
    /* a plain pegawai: self and the people they appraise, resolved by the domain rules */
    int n = 0;
    long *ids = kn_api_penilai_appraisees(r, &n);
    if (!ids) return;
    kn_sb_t arr;
    kn_sb_init(&arr);
    kn_sb_puts(&arr, "{");
    for (int i = 0; i < n; i++) kn_sb_printf(&arr, "%s%ld", i ? "," : "", ids[i]);
    kn_sb_puts(&arr, "}");
    free(ids);
    const char *v[6] = {after, limit, arr.data, jj, st, q};
    res = kn_api_one(r, true, S_LIST_IDS, 6, v);
    kn_sb_free(&arr);
  } else if (kn_api_reads_whole_instansi(r) && !unor_p && !jj && !st && !q) {
    /* the whole instansi without a filter: every pegawai of the tenant */
    const char *v[2] = {after, limit};
    res = kn_api_one(r, true, S_LIST_ALL, 2, v);
  } else {
    const char *v[7] = {after, limit, unor_p, rek_p, jj, st, q};
    res = kn_api_one(r, true, S_LIST, 7, v);
  }
  if (!res) return;
  kn_api_respond_rows_page(r, res, ROW, NROW, limit);
  PQclear(res);
}

static void pegawai_get(kn_http_req_t *r) {
  if (!kn_api_can_read(r)) return;
  const char *nip = r->params[0];
  PGresult *res = kn_api_one(r, true, S_GET, 1, &nip);
  if (!res) return;
  if (PQntuples(res) == 1) { kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0)); PQclear(res); return; }
  PQclear(res);
  /* A pegawai may also read the people they appraise (penilai or atasan penilai). */
  if ((r->principal.roles & KN_ROLE_PEGAWAI) && r->principal.nip[0] &&
      kn_api_penilai_caller_appraises(r, nip)) {
    res = kn_api_one(r, true, S_GET_ANY, 1, &nip);
    if (!res) return;
    if (PQntuples(res) == 1) { kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0)); PQclear(res); return; }
    PQclear(res);
  }
  kn_http_problem(r, "not_found", "Pegawai tidak ditemukan", "Pegawai not found");
}

static void pegawai_create(kn_http_req_t *r) {
  if (kn_api_can_write(r)) kn_api_write_json(r, S_CREATE, NULL, SPEC, NSPEC, false, false, 201);
}
/* PATCH takes every field but the NIP (SPEC[0]): the NIP identifies the pegawai for good. */
static void pegawai_patch(kn_http_req_t *r) {
  if (kn_api_can_write(r)) kn_api_write_json(r, S_PATCH, r->params[0], SPEC + 1, NSPEC - 1, true, true, 200);
}

void kn_api_pegawai_register(void) {
  /* Subtree filters use the materialized path; the scope prefix comes from app_scope_path(). */
  /* Units first (scope ∩ ?unor_id subtree, one index range), then at most `limit` pegawai per
   * unit through the (instansi_id, unor_id, id) index, merged by id: bounded work per page
   * however large the subtree, and a plan that stays good as a generic plan (see bench/README).
   * Without filters the walk reads that index alone and only the page's 50 rows are fetched;
   * before, every unit's rows were fetched and the units were a scan of the tenant's unor
   * (issue 17: 1,100-1,500 -> 800 us of PostgreSQL CPU a page). The rows are plain columns and the
   * JSON is written in C (api_rows.h): json_build_object/json_agg were most of what was left. */
  S_LIST = kn_db_register("pegawai_list",
    "WITH me AS MATERIALIZED (SELECT m.*, CASE WHEN $3::bigint IS NULL THEN m.sp ELSE m.base END AS pre "
    "  FROM (SELECT app_scope_path() AS sp, app_nip() AS nip, (SELECT b.path FROM unor b "
    "         WHERE b.instansi_id = app_instansi_id() AND b.id = $3::bigint) AS base OFFSET 0) m), "
    /* the units in scope: an index range of the narrower path (?unor_id's, else the scope's;
     * paths end in '/', so the subtree of '/1/5/' lies in ['/1/5/', '/1/50')), and the
     * caller's own unit */
    "units AS MATERIALIZED (SELECT u.id FROM unor u WHERE u.instansi_id = app_instansi_id() "
    "  AND u.path ~>=~ (SELECT pre FROM me) AND u.path ~<~ (SELECT left(pre, -1) || '0' FROM me) "
    "  AND u.path LIKE (SELECT sp FROM me) || '%' "
    "  AND ($3::bigint IS NULL OR CASE WHEN $4::boolean THEN u.path LIKE (SELECT base FROM me) || '%' "
    "       ELSE u.id = $3::bigint END) "
    "  UNION SELECT u.id FROM unor u WHERE u.instansi_id = app_instansi_id() "
    "  AND u.id = (SELECT unor_id FROM pegawai WHERE instansi_id = app_instansi_id() AND nip = (SELECT nip FROM me)) "
    "  AND ($3::bigint IS NULL OR CASE WHEN $4::boolean THEN u.path LIKE (SELECT base FROM me) || '%' "
    "       ELSE u.id = $3::bigint END)), "
    /* no filter and a caller with a scope: ids only, an index-only walk of (instansi_id,
     * unor_id, id) per unit; the rows are read for the page's ids alone */
    "ids AS (SELECT x.id FROM units, LATERAL (SELECT p.id FROM pegawai p WHERE p.instansi_id = app_instansi_id() "
    "    AND p.unor_id = units.id AND p.id > $1::bigint ORDER BY p.instansi_id, p.unor_id, p.id LIMIT $2::int) x "
    "  WHERE (SELECT sp FROM me) IS NOT NULL AND $5::text IS NULL AND $6::text IS NULL AND $7::text IS NULL "
    "  UNION ALL "
    "  SELECT x.id FROM units, me, LATERAL (SELECT p.id, p.nip FROM pegawai p WHERE p.instansi_id = app_instansi_id() "
    "    AND p.unor_id = units.id AND p.id > $1::bigint "
    "    AND ($5::text IS NULL OR p.jenis_jabatan = $5) AND ($6::text IS NULL OR p.status = $6) "
    "    AND ($7::text IS NULL OR p.nip LIKE $7 || '%' OR lower(p.nama) LIKE '%' || lower($7) || '%') "
    "    ORDER BY p.id LIMIT $2::int) x "
    "  WHERE NOT ((SELECT sp FROM me) IS NOT NULL AND $5::text IS NULL AND $6::text IS NULL AND $7::text IS NULL) "
    "    AND (me.sp IS NOT NULL OR x.nip = me.nip)), "  /* a plain pegawai sees only self */
    "page AS (SELECT p.* FROM (SELECT id FROM ids ORDER BY id LIMIT $2::int) i "
    "  JOIN pegawai p ON p.instansi_id = app_instansi_id() AND p.id = i.id) "
    "SELECT " ROW_COLS "FROM page p ORDER BY p.id");
  /* The whole instansi's list in id order: a primary-key range, where pegawai_list walked each
   * of the tenant's units (630 in the bench's kabupaten) to merge them (issue 17). */
  S_LIST_ALL = kn_db_register("pegawai_list_all",
    "SELECT " ROW_COLS "FROM pegawai p WHERE p.instansi_id = app_instansi_id() AND p.id > $1::bigint "
    /* the scope checked here too (a one-time filter, no per-row work): the statement answers no
     * more than the caller may read even if the C choice above and app_scope_for part ways */
    "  AND app_scope_for(NULL) = '/' "
    "ORDER BY p.instansi_id, p.id LIMIT $2::int");
  S_LIST_IDS = kn_db_register("pegawai_list_ids",
    "SELECT " ROW_COLS "FROM pegawai p WHERE p.instansi_id = app_instansi_id() AND p.id = ANY ($3::bigint[]) "
    "  AND p.id > $1::bigint AND ($4::text IS NULL OR p.jenis_jabatan = $4) AND ($5::text IS NULL OR p.status = $5) "
    "  AND ($6::text IS NULL OR p.nip LIKE $6 || '%' OR lower(p.nama) LIKE '%' || lower($6) || '%') "
    "  ORDER BY p.id LIMIT $2::int");
  S_GET = kn_db_register("pegawai_get",
    "SELECT pegawai_json(p)::text FROM pegawai p JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id "
    "WHERE p.instansi_id = app_instansi_id() AND p.nip = $1 "
    "AND (((SELECT app_scope_path()) IS NOT NULL AND u.path LIKE (SELECT app_scope_path()) || '%') OR p.nip = app_nip())");
  S_GET_ANY = kn_db_register("pegawai_get_any",
    "SELECT pegawai_json(p)::text FROM pegawai p WHERE p.instansi_id = app_instansi_id() AND p.nip = $1");
  S_CREATE = kn_db_register("pegawai_create", "SELECT api_pegawai_create($1::jsonb)::text");
  S_PATCH = kn_db_register("pegawai_patch", "SELECT api_pegawai_patch($1::text, $2::jsonb, $3::int)::text");
  kn_http_route("GET", "/v1/pegawai", pegawai_list, 0);
  kn_http_route("POST", "/v1/pegawai", pegawai_create, 0);
  kn_http_route("GET", "/v1/pegawai/{nip}", pegawai_get, 0);
  kn_http_route("PATCH", "/v1/pegawai/{nip}", pegawai_patch, 0);
}
