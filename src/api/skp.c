/* /v1/skp — SKP planning: list, whole-SKP read, create, edit, delete, workflow transitions,
 * history. Owner: api (planning). The workflow decision is src/domain/skp.c; SQL supplies the
 * facts and applies the result under an optimistic version check. */
#include "kinerja/api.h"
#include "kinerja/api_dokumen.h"
#include "kinerja/api_penilai.h"
#include "kinerja/api_skp_rows.h"
#include "kinerja/db.h"
#include "kinerja/log.h"
#include "kinerja/strbuf.h"
#include "kinerja/domain_periode.h"
#include "kinerja/domain_skp.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_LIST = -1, S_GET = -1, S_VERSION = -1, S_CREATE = -1, S_PATCH = -1, S_DELETE = -1, S_FACTS = -1,
           S_TRANSITION = -1, S_RIWAYAT = -1;


static const kn_api_field_spec_t CREATE_SPEC[] = {
  {"nip", KN_F_NIP, true, false, 0, NULL},
  {"tahun", KN_F_INT, true, false, 0, NULL},
  {"pendekatan", KN_F_ENUM, false, false, 0, dom_ref_pendekatan_kode},
  {"periode_awal", KN_F_DATE, false, false, 0, NULL},
  {"periode_akhir", KN_F_DATE, false, false, 0, NULL},
};
static const kn_api_field_spec_t PATCH_SPEC[] = {
  {"pendekatan", KN_F_ENUM, false, false, 0, dom_ref_pendekatan_kode},
  {"periode_awal", KN_F_DATE, false, false, 0, NULL},
  {"periode_akhir", KN_F_DATE, false, false, 0, NULL},
};
static const kn_api_field_spec_t TRANSITION_SPEC[] = {
  {"alasan", KN_F_STRING, false, true, 1000, NULL},
  {"tanggal_selesai", KN_F_DATE, false, false, 0, NULL},
};

/* Path ids are digits only; anything else cannot exist. */
bool kn_api_id_param(kn_http_req_t *r, int i, const char *what_id, const char *what_en) {
  const char *s = r->params[i];
  size_t n = strlen(s);
  bool ok = n > 0 && n < 18 && strspn(s, "0123456789") == n;
  if (!ok) {
    char id[96], en[96];
    snprintf(id, sizeof id, "%s tidak ditemukan", what_id);
    snprintf(en, sizeof en, "%s not found", what_en);
    kn_http_problem(r, "not_found", id, en);
  }
  return ok;
}

/* 404 naming the object and its id, as SQL's kn_not_found('SKP', 'SKP', id) words it. */
void kn_api_not_found_id(kn_http_req_t *r, const char *what_id, const char *what_en, const char *oid) {
  char id[128], en[128];
  snprintf(id, sizeof id, "%s %s tidak ditemukan", what_id, oid);
  snprintf(en, sizeof en, "%s %s not found", what_en, oid);
  kn_http_problem(r, "not_found", id, en);
}

static void skp_list(kn_http_req_t *r) {
  if (!kn_api_can_read(r)) return;
  char limit[16], after[24], tahun[24], unor[24];
  const char *tahun_p, *unor_p, *nip = kn_http_query(r, "nip"), *st = kn_http_query(r, "status");
  if (!kn_api_page_params(r, limit, after) || !kn_api_query_int(r, "tahun", tahun, &tahun_p) ||
      !kn_api_query_int(r, "unor_id", unor, &unor_p))
    return;
  kn_api_check_ref(r, "status", &dom_ref_status_skp, st);
  if (r->nfield_errors) { kn_api_fail_validation(r); return; }
  const char *v[6] = {after, limit, tahun_p, nip, unor_p, st};
  PGresult *res = kn_api_one(r, true, S_LIST, 6, v);
  if (!res) return;
  kn_api_respond_page(r, PQgetvalue(res, 0, 0));
  PQclear(res);
}

/* A conditional GET naming the SKP's current version answers 304 from the version alone, without
 * building the document (the ETag is the document's top-level "version", the row's). True when
 * answered. */
static bool skp_not_modified(kn_http_req_t *r, const char *id) {
  if (!kn_http_header(r, "If-None-Match")) return false;
  PGresult *res = kn_api_one(r, true, S_VERSION, 1, &id);
  if (!res) return true;
  bool done = PQntuples(res) == 1 && kn_api_etag_current(r, atoll(PQgetvalue(res, 0, 0)), true);
  PQclear(res);
  return done;
}

static void skp_get(kn_http_req_t *r) {
  if (kn_api_dokumen_wanted(r)) { kn_api_dokumen_skp(r); return; }
  if (!kn_api_can_read(r) || !kn_api_id_param(r, 0, "SKP", "SKP")) return;
  const char *id = r->params[0];
  if (skp_not_modified(r, id)) return;
  PGresult *res = kn_api_one(r, true, S_GET, 1, &id);
  if (!res) return;
  if (PQntuples(res) == 0) {
    kn_api_not_found_id(r, "SKP", "SKP", id); /* missing or not visible: skp_for's answer */
    PQclear(res);
    return;
  }
  kn_sb_t doc;
  kn_sb_init(&doc);
  long long ver = -1;
  if (!kn_api_skp_rows_json(&doc, res, &ver)) {
    kn_log("error", "skp_get: the rows of SKP %s are not one SKP's", id); /* the statement and the writer disagree */
    kn_http_problem(r, "internal_error", NULL, NULL);
  }
  else if (!kn_api_etag_current(r, ver, true)) kn_http_respond_json(r, 200, doc.data);
  kn_sb_free(&doc);
  PQclear(res);
}

static void skp_create(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLE_PEGAWAI | KN_ROLE_ADMIN_PD | KN_ROLE_ADMIN_BKPSDM)) return;
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  kn_api_validate(r, b, CREATE_SPEC, sizeof CREATE_SPEC / sizeof CREATE_SPEC[0], false, NULL);
  json_t *th = json_object_get(b, "tahun");
  if (json_is_integer(th) && (json_integer_value(th) < 2022 || json_integer_value(th) > 2100))
    kn_http_field_error(r, "tahun", "invalid_range", "Tahun harus 2022 sampai 2100", "Year must be 2022 to 2100");
  if (r->nfield_errors) { json_decref(b); kn_api_fail_validation(r); return; }
  bool failed = false;
  kn_db_error_t err;
  json_t *pen = kn_api_penilai_for_snapshot(r, json_string_value(json_object_get(b, "nip")),
                                         (int)json_integer_value(th), &failed, &err);
  if (!pen) {
    json_decref(b);
    if (failed) kn_api_db_fail(r, &err);
    else kn_http_problem(r, "not_found", "Pegawai tidak ditemukan", "Pegawai not found");
    return;
  }
  char *bt = json_dumps(b, JSON_COMPACT), *pt = json_dumps(pen, JSON_COMPACT);
  json_decref(b);
  json_decref(pen);
  const char *v[2] = {bt, pt};
  PGresult *res = kn_api_one(r, false, S_CREATE, 2, v);
  free(bt);
  free(pt);
  if (!res) return;
  kn_api_respond_resource(r, 201, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void skp_patch(kn_http_req_t *r) {
  if (kn_api_can_write_related(r) && kn_api_id_param(r, 0, "SKP", "SKP"))
    kn_api_write_json(r, S_PATCH, r->params[0], PATCH_SPEC, sizeof PATCH_SPEC / sizeof PATCH_SPEC[0], true, true, 200);
}

static void skp_delete(kn_http_req_t *r) {
  if (kn_api_can_write_related(r) && kn_api_id_param(r, 0, "SKP", "SKP")) kn_api_delete(r, S_DELETE, r->params[0]);
}

/* The evaluation periods the SKP gets when it is set, or keeps when it is closed early:
 * computed by the domain rule, written by the transition in the same transaction. */
static char *periods_for(json_t *f, dom_skp_action_t action, json_t *b) {
  dom_date_t awal, akhir, sel;
  if (!dom_date_parse(json_string_value(json_object_get(f, "periode_awal")), &awal) ||
      !dom_date_parse(json_string_value(json_object_get(f, "periode_akhir")), &akhir))
    return NULL;
  if (action == DOM_SKP_TUTUP) {
    if (!dom_date_parse(json_string_value(json_object_get(b, "tanggal_selesai")), &sel)) sel = kn_api_today();
    long s = dom_date_days(sel);
    if (s < dom_date_days(akhir)) akhir = s < dom_date_days(awal) ? awal : sel;
  }
  const char *jenis = json_string_value(json_object_get(f, "periode_penilaian"));
  bool quarterly = !jenis || strcmp(jenis, "BULANAN") != 0;
  dom_periode_t ps[12];
  int n = dom_periode_generate(quarterly, awal, akhir, ps, 12);
  json_t *arr = json_array();
  for (int i = 0; i < n; i++) {
    char a[16], e[16];
    snprintf(a, sizeof a, "%04d-%02d-%02d", ps[i].awal.y, ps[i].awal.m, ps[i].awal.d);
    snprintf(e, sizeof e, "%04d-%02d-%02d", ps[i].akhir.y, ps[i].akhir.m, ps[i].akhir.d);
    json_array_append_new(arr, json_pack("{s:s, s:i, s:s, s:s, s:b}", "jenis", quarterly ? "TRIWULAN" : "BULANAN",
                                         "nomor", ps[i].nomor, "awal", a, "akhir", e, "akhir_tahun", ps[i].akhir_tahun));
  }
  char *text = json_dumps(arr, JSON_COMPACT);
  json_decref(arr);
  return text;
}

static void transition_refused(kn_http_req_t *r, const dom_skp_decision_t *d, dom_skp_status_t from,
                               dom_skp_actor_t actor, bool deadline_passed, json_t *terkunci) {
  if (strcmp(d->code, "skp_periode_terkunci") == 0) {
    /* name the locked periods: the reason is in the error */
    char list[200] = "", id[600], en[600];
    size_t i;
    json_t *p;
    json_array_foreach(terkunci, i, p) {
      size_t l = strlen(list);
      snprintf(list + l, sizeof list - l, "%s%s", l ? ", " : "", json_string_value(p));
    }
    snprintf(id, sizeof id, "%s. Periode terkunci: %s.", d->message_id, list);
    snprintf(en, sizeof en, "%s. Locked periods: %s.", d->message_en, list);
    kn_http_problem(r, d->code, id, en);
    return;
  }
  if (strcmp(d->code, "skp_invalid_transition") == 0) {
    unsigned mask = dom_skp_allowed_actions(from, actor, deadline_passed);
    char list[160] = "";
    for (int a = 0; a < DOM_SKP_NACTIONS; a++)
      if (mask & (1u << a)) {
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%s", l ? ", " : "", dom_skp_action_name((dom_skp_action_t)a));
      }
    char id[400], en[400];
    snprintf(id, sizeof id, "%s. Status saat ini: %s. Tindakan yang tersedia bagi Anda: %s.", d->message_id,
             dom_skp_status_name(from), list[0] ? list : "tidak ada");
    snprintf(en, sizeof en, "%s. Current state: %s. Actions available to you: %s.", d->message_en,
             dom_skp_status_name(from), list[0] ? list : "none");
    kn_http_problem(r, "skp_invalid_transition", id, en);
    return;
  }
  if (strcmp(d->code, "alasan_required") == 0)
    kn_http_field_error(r, "alasan", "required", d->message_id, d->message_en);
  kn_http_problem(r, d->code, d->message_id, d->message_en);
}

static void skp_transition(kn_http_req_t *r, dom_skp_action_t action) {
  if (!kn_api_can_write_related(r) || !kn_api_id_param(r, 0, "SKP", "SKP")) return;
  char ver[24];
  bool bad;
  const char *expected = kn_api_if_match(r, ver, &bad);
  if (bad) return;
  json_t *b = kn_http_body_object_optional(r);
  if (!b) return;
  if (kn_api_validate(r, b, TRANSITION_SPEC, sizeof TRANSITION_SPEC / sizeof TRANSITION_SPEC[0], true, NULL)) {
    json_decref(b);
    kn_api_fail_validation(r);
    return;
  }
  const char *id = r->params[0];
  json_t *f = kn_api_read_json(r, S_FACTS, id);
  if (!f) { json_decref(b); return; }
  json_t *a = json_object_get(f, "actor");
  dom_skp_actor_t actor = {kn_jtrue(a, "owner"), kn_jtrue(a, "penilai"), kn_jtrue(a, "admin_pd"),
                           kn_jtrue(a, "admin_bkpsdm")};
  const char *alasan = json_string_value(json_object_get(b, "alasan"));
  dom_skp_facts_t facts = {
    .rhk_utama = kn_jint(f, "rhk_utama"), .rhk_without_indikator = kn_jint(f, "rhk_without_indikator"),
    .perilaku = kn_jint(f, "perilaku"), .lampiran_sections = kn_jint(f, "lampiran_sections"),
    .cascading_missing = kn_jint(f, "cascading_missing"), .bobot_aktif = kn_jtrue(f, "bobot_aktif"),
    .bobot_sum = json_number_value(json_object_get(f, "bobot_sum")),
    .bobot_missing = kn_jint(f, "bobot_missing"), .deadline_passed = kn_jtrue(f, "deadline_passed"),
    .has_reason = alasan && alasan[0],
    .periode_terkunci = (int)json_array_size(json_object_get(f, "periode_terkunci")),
    .akhir_tahun_final = kn_jtrue(f, "akhir_tahun_final")};
  dom_skp_status_t from = dom_skp_status_from_name(json_string_value(json_object_get(f, "status")));
  char current_ver[24];
  snprintf(current_ver, sizeof current_ver, "%lld", kn_jint(f, "version"));
  dom_skp_decision_t d = dom_skp_decide(from, action, actor, &facts);
  if (!d.ok) {
    json_decref(b);
    transition_refused(r, &d, from, actor, facts.deadline_passed, json_object_get(f, "periode_terkunci"));
    json_decref(f);
    return;
  }
  char *periods = d.next == DOM_SKP_DITETAPKAN || action == DOM_SKP_TUTUP ? periods_for(f, action, b) : NULL;
  json_decref(f);
  char *bt = json_dumps(b, JSON_COMPACT);
  const char *v[8] = {id, dom_skp_action_name(action), dom_skp_status_name(d.next), alasan,
                      expected ? expected : current_ver, d.by_pengelola ? "true" : "false", bt, periods};
  PGresult *res = kn_api_one(r, false, S_TRANSITION, 8, v);
  json_decref(b); /* owns alasan */
  free(bt);
  free(periods);
  if (!res) return;
  kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void t_ajukan(kn_http_req_t *r) { skp_transition(r, DOM_SKP_AJUKAN); }
static void t_kembalikan(kn_http_req_t *r) { skp_transition(r, DOM_SKP_KEMBALIKAN); }
static void t_setujui(kn_http_req_t *r) { skp_transition(r, DOM_SKP_SETUJUI); }
static void t_tetapkan(kn_http_req_t *r) { skp_transition(r, DOM_SKP_TETAPKAN); }
static void t_revisi(kn_http_req_t *r) { skp_transition(r, DOM_SKP_REVISI); }
static void t_tutup(kn_http_req_t *r) { skp_transition(r, DOM_SKP_TUTUP); }
static void t_selesai(kn_http_req_t *r) { skp_transition(r, DOM_SKP_SELESAIKAN); }

static void skp_riwayat(kn_http_req_t *r) {
  if (!kn_api_can_read(r) || !kn_api_id_param(r, 0, "SKP", "SKP")) return;
  const char *id = r->params[0];
  PGresult *res = kn_api_one(r, true, S_RIWAYAT, 1, &id);
  if (!res) return;
  kn_http_respond_json(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

void kn_api_skp_register(void) {
  /* Sources merged by id, each an index walk that stays one as a generic plan: the whole
   * tenant in id order (scope '/'), the units of a PD scope each through (instansi_id, unor_id,
   * id) like pegawai_list (ORDER BY the whole index key: app_instansi_id() is no constant, so
   * ORDER BY id alone does not match the index order and was sorted), one pegawai's SKPs in scope
   * when ?nip= is given (by its index; as a filter on the walks it flipped their plans to a sort
   * of the tenant), and the SKPs the caller owns, appraises or supervises. Before, one
   * join with the scope test as a filter was planned (generic plan, LIMIT $2 taken as a tenth of
   * the rows) as a scan of every pegawai and SKP of the tenant: 230-315 ms a page at 10,000
   * pegawai for every caller, which under load queued into the 5 s statement timeout. */
  S_LIST = kn_db_register("skp_list",
    "WITH me AS MATERIALIZED (SELECT app_scope_path() AS sp, "
    "  (SELECT id FROM pegawai WHERE instansi_id = app_instansi_id() AND nip = app_nip()) AS pid, "
    "  (SELECT id FROM pegawai WHERE instansi_id = app_instansi_id() AND nip = $4::text) AS fpid), "
    "units AS MATERIALIZED (SELECT u.id FROM unor u WHERE (SELECT sp FROM me) <> '/' "
    "  AND u.instansi_id = app_instansi_id() AND u.path LIKE (SELECT sp FROM me) || '%'), "
    "ids AS ((SELECT s.id FROM skp s WHERE (SELECT sp FROM me) = '/' AND $4::text IS NULL "
    "    AND s.instansi_id = app_instansi_id() AND s.id > $1::bigint "
    "    AND ($3::int IS NULL OR s.tahun = $3::int) "
    "    AND ($5::bigint IS NULL OR s.unor_id = $5::bigint) AND ($6::text IS NULL OR s.status = $6) "
    "    ORDER BY s.instansi_id, s.id LIMIT $2::int) "
    "  UNION (SELECT x.id FROM units, LATERAL (SELECT s.id FROM skp s WHERE $4::text IS NULL "
    "    AND s.instansi_id = app_instansi_id() AND s.unor_id = units.id AND s.id > $1::bigint "
    "    AND ($3::int IS NULL OR s.tahun = $3::int) "
    "    AND ($5::bigint IS NULL OR s.unor_id = $5::bigint) AND ($6::text IS NULL OR s.status = $6) "
    "    ORDER BY s.instansi_id, s.unor_id, s.id LIMIT $2::int) x) "
    "  UNION (SELECT s.id FROM skp s WHERE $4::text IS NOT NULL AND s.instansi_id = app_instansi_id() "
    "    AND s.pegawai_id = (SELECT fpid FROM me) AND s.id > $1::bigint "
    "    AND starts_with((SELECT u.path FROM unor u WHERE u.instansi_id = s.instansi_id AND u.id = s.unor_id), "
    "                    (SELECT sp FROM me)) "
    "    AND ($3::int IS NULL OR s.tahun = $3::int) "
    "    AND ($5::bigint IS NULL OR s.unor_id = $5::bigint) AND ($6::text IS NULL OR s.status = $6) "
    "    ORDER BY s.id LIMIT $2::int) "
    "  UNION (SELECT s.id FROM skp s WHERE s.instansi_id = app_instansi_id() AND s.id > $1::bigint "
    "    AND (s.pegawai_id = (SELECT pid FROM me) OR s.penilai_pegawai_id = (SELECT pid FROM me) "
    "         OR s.atasan_pegawai_id = (SELECT pid FROM me)) "
    "    AND ($4::text IS NULL OR s.pegawai_id = (SELECT fpid FROM me)) "
    "    AND ($3::int IS NULL OR s.tahun = $3::int) "
    "    AND ($5::bigint IS NULL OR s.unor_id = $5::bigint) AND ($6::text IS NULL OR s.status = $6) "
    "    ORDER BY s.id LIMIT $2::int)) "
    "SELECT json_build_object('items', COALESCE(json_agg(json_build_object('id', s.id, 'tahun', s.tahun, "
    "  'nip', s.nip, 'nama', s.nama, 'jenis_skp', s.jenis_skp, 'status', s.status, 'versi', s.versi, "
    "  'periode_awal', s.periode_awal, 'periode_akhir', s.periode_akhir, 'unor_id', s.unor_id, "
    "  'ditetapkan_pengelola', s.ditetapkan_pengelola, 'version', s.version) ORDER BY s.id), '[]'::json), "
    "  'next_cursor', CASE WHEN count(*) = $2::int THEN max(s.id) END)::text "
    "FROM (SELECT s.*, p.nip, p.nama FROM (SELECT id FROM ids ORDER BY id LIMIT $2::int) i "
    "  JOIN skp s ON s.instansi_id = app_instansi_id() AND s.id = i.id "
    "  JOIN pegawai p ON p.instansi_id = s.instansi_id AND p.id = s.pegawai_id) s");
  /* one statement, no plpgsql call: the access check (skp_terlihat, inlined) and the document's
   * rows, whose JSON the server writes (src/api/skp_rows.c); no row = 404 */
  S_GET = kn_api_skp_rows_register();
  S_VERSION = kn_db_register("skp_version", "SELECT s.version FROM skp_terlihat($1::bigint) s");
  S_CREATE = kn_db_register("skp_create", "SELECT api_skp_create($1::jsonb, $2::jsonb)::text");
  S_PATCH = kn_db_register("skp_patch", "SELECT api_skp_patch($1::bigint, $2::jsonb, $3::int)::text");
  S_DELETE = kn_db_register("skp_delete", "SELECT api_skp_delete($1::bigint, $2::int)");
  S_FACTS = kn_db_register("skp_facts", "SELECT skp_facts($1::bigint)::text");
  S_TRANSITION = kn_db_register("skp_transition",
    "SELECT api_skp_transition($1::bigint, $2, $3, $4, $5::int, $6::boolean, $7::jsonb, $8::jsonb)::text");
  S_RIWAYAT = kn_db_register("skp_riwayat", "SELECT api_skp_riwayat($1::bigint)::text");
  kn_http_route("GET", "/v1/skp", skp_list, 0);
  kn_http_route("POST", "/v1/skp", skp_create, 0);
  kn_http_route("GET", "/v1/skp/{id}", skp_get, 0);
  kn_http_route("PATCH", "/v1/skp/{id}", skp_patch, 0);
  kn_http_route("DELETE", "/v1/skp/{id}", skp_delete, 0);
  kn_http_route("POST", "/v1/skp/{id}/ajukan", t_ajukan, 0);
  kn_http_route("POST", "/v1/skp/{id}/kembalikan", t_kembalikan, 0);
  kn_http_route("POST", "/v1/skp/{id}/setujui", t_setujui, 0);
  kn_http_route("POST", "/v1/skp/{id}/tetapkan", t_tetapkan, 0);
  kn_http_route("POST", "/v1/skp/{id}/revisi", t_revisi, 0);
  kn_http_route("POST", "/v1/skp/{id}/tutup", t_tutup, 0);
  kn_http_route("POST", "/v1/skp/{id}/selesai", t_selesai, 0);
  kn_http_route("GET", "/v1/skp/{id}/riwayat", skp_riwayat, 0);
}
