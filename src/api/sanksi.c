/* Sanction cases (domain.md R18, §7.4, §7.5): GET/POST /v1/sanksi, GET /v1/sanksi/{id},
 * POST /v1/sanksi/{id}/keputusan. A case is opened by BKPSDM on a FINAL annual KURANG/SANGAT_KURANG
 * (JPT: also BUTUH_PERBAIKAN) and moves through its stages as the PPK's decisions are recorded;
 * stages, due dates and decisions are src/domain/sanksi.c. Owner: api (follow-up). */
#include "kinerja/api.h"
#include "kinerja/db.h"
#include "kinerja/domain_sanksi.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_LIST = -1, S_GET = -1, S_FACTS_BARU = -1, S_CREATE = -1, S_FACTS = -1, S_PUTUS = -1;

static const kn_api_field_spec_t BUAT[] = {
  {"evaluasi_id", KN_F_INT, true, false, 0, NULL},
  {"dasar", KN_F_STRING, true, false, 4000, NULL},
  {"tanggal_mulai", KN_F_DATE, false, false, 0, NULL},
};
static const kn_api_field_spec_t PUTUS[] = {
  {"keputusan", KN_F_ENUM, true, false, 0, dom_ref_keputusan_sanksi_kode},
  {"tanggal", KN_F_DATE, true, false, 0, NULL},
  {"nomor_keputusan", KN_F_STRING, false, false, 200, NULL},
  {"catatan", KN_F_STRING, false, false, 4000, NULL},
};

static dom_date_t date_of(json_t *o, const char *k) {
  dom_date_t d = {0, 0, 0};
  dom_date_parse(kn_jstr(o, k), &d);
  return d;
}

static void ymd(char out[16], dom_date_t d) { snprintf(out, 16, "%04d-%02d-%02d", d.y, d.m, d.d); }

/* The body, validated against spec; NULL after answering. */
static json_t *body_for(kn_http_req_t *r, const kn_api_field_spec_t *spec, size_t n) {
  json_t *b = kn_http_body_object(r);
  if (!b) return NULL;
  if (kn_api_validate(r, b, spec, n, false, NULL)) {
    json_decref(b);
    kn_api_fail_validation(r);
    return NULL;
  }
  return b;
}

/* A refusal of the domain rule: its code with both texts; the date field named for 422. */
static void refused(kn_http_req_t *r, const dom_sanksi_keputusan_t *d, const char *date_field) {
  if (strcmp(d->code, "validation_failed") == 0) {
    kn_http_field_error(r, date_field, "invalid_range", d->message_id, d->message_en);
    kn_api_fail_validation(r);
    return;
  }
  kn_http_problem(r, d->code, d->message_id, d->message_en);
}

static void list(kn_http_req_t *r) {
  if (!kn_api_can_read(r)) return;
  char limit[16], after[24], unor[24], th[24];
  const char *unor_p, *th_p, *lambat, *st = kn_http_query(r, "status"), *nip = kn_http_query(r, "nip");
  if (!kn_api_page_params(r, limit, after) || !kn_api_query_int(r, "unor_id", unor, &unor_p) ||
      !kn_api_query_int(r, "tahun", th, &th_p) || !kn_api_query_bool(r, "terlambat", &lambat))
    return;
  kn_api_check_ref(r, "status", &dom_ref_status_sanksi, st);
  if (r->nfield_errors) { kn_api_fail_validation(r); return; }
  const char *v[7] = {after, limit, st, unor_p, nip, th_p, lambat};
  PGresult *res = kn_api_one(r, true, S_LIST, 7, v);
  if (!res) return;
  kn_api_respond_page(r, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void get(kn_http_req_t *r) {
  if (!kn_api_can_read(r) || !kn_api_id_param(r, 0, "Kasus sanksi", "Sanction case")) return;
  const char *id = r->params[0];
  PGresult *res = kn_api_one(r, true, S_GET, 1, &id);
  if (!res) return;
  kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

/* POST /v1/sanksi: BKPSDM opens the case (the decisions are the PPK's; BKPSDM records them). */
static void create(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM)) return;
  json_t *b = body_for(r, BUAT, sizeof BUAT / sizeof BUAT[0]);
  if (!b) return;
  char eid[24];
  snprintf(eid, sizeof eid, "%lld", kn_jint(b, "evaluasi_id"));
  json_t *f = kn_api_read_json(r, S_FACTS_BARU, eid);
  if (!f) { json_decref(b); return; }
  dom_date_t today = date_of(f, "today"), mulai = today;
  if (kn_jstr(b, "tanggal_mulai")) mulai = date_of(b, "tanggal_mulai");
  dom_sanksi_fakta_t fakta = {kn_jtrue(f, "akhir_tahun"), kn_jstr(f, "status") && strcmp(kn_jstr(f, "status"), "FINAL") == 0,
                              kn_jstr(f, "jenis_jabatan"), kn_jstr(f, "predikat"), date_of(f, "ditetapkan"),
                              kn_jtrue(f, "berjalan")};
  dom_sanksi_keputusan_t d = dom_sanksi_buka(&fakta, mulai, today);
  json_decref(f);
  if (!d.ok) { json_decref(b); refused(r, &d, "tanggal_mulai"); return; }
  char *text = json_dumps(b, JSON_COMPACT), m[16], due[16];
  json_decref(b);
  ymd(m, d.next_mulai);
  ymd(due, d.next_jatuh_tempo);
  const char *v[4] = {text, dom_sanksi_tahap_name(d.next), m, due};
  PGresult *res = kn_api_one(r, false, S_CREATE, 4, v);
  free(text);
  if (!res) return;
  kn_api_respond_resource(r, 201, PQgetvalue(res, 0, 0));
  PQclear(res);
}

/* POST /v1/sanksi/{id}/keputusan: the decision on the open stage (If-Match honoured). */
static void putuskan(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM) || !kn_api_id_param(r, 0, "Kasus sanksi", "Sanction case")) return;
  json_t *b = body_for(r, PUTUS, sizeof PUTUS / sizeof PUTUS[0]);
  if (!b) return;
  json_t *f = kn_api_read_json(r, S_FACTS, r->params[0]);
  if (!f) { json_decref(b); return; }
  json_t *t = json_object_get(f, "tahap");
  dom_sanksi_keputusan_t d = dom_sanksi_putuskan(
      dom_sanksi_tahap_from_name(kn_jstr(t, "tahap")), strcmp(kn_jstr(f, "jenis_asn"), "PPPK") == 0,
      kn_jstr(b, "keputusan"), date_of(t, "tanggal_mulai"), date_of(t, "jatuh_tempo"), date_of(b, "tanggal"),
      date_of(f, "today"));
  if (!d.ok) {
    json_decref(f);
    json_decref(b);
    refused(r, &d, "tanggal");
    return;
  }
  char tid[24], m[16], due[16], *text = json_dumps(b, JSON_COMPACT);
  snprintf(tid, sizeof tid, "%lld", kn_jint(t, "id"));
  json_decref(f);
  json_decref(b);
  ymd(m, d.next_mulai);
  ymd(due, d.next_jatuh_tempo);
  const char *v[7] = {r->params[0], tid, text, d.hasil, d.selesai ? NULL : dom_sanksi_tahap_name(d.next),
                      d.selesai ? NULL : m, d.selesai ? NULL : due};
  PGresult *res = kn_api_one_versioned(r, S_PUTUS, 7, v);
  free(text);
  if (!res) return;
  kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

void kn_api_sanksi_register(void) {
  S_LIST = kn_db_register("sanksi_list",
                          "SELECT sanksi_list($1::bigint, $2::int, $3, $4::bigint, $5, $6::int, $7::boolean)::text");
  S_GET = kn_db_register("sanksi_get", "SELECT sanksi_json(sanksi_for($1::bigint))::text");
  S_FACTS_BARU = kn_db_register("sanksi_facts_baru", "SELECT sanksi_facts_baru($1::bigint)::text");
  S_CREATE = kn_db_register("sanksi_buat", "SELECT api_sanksi_buat($1::jsonb, $2, $3::date, $4::date)::text");
  S_FACTS = kn_db_register("sanksi_facts", "SELECT sanksi_facts($1::bigint)::text");
  S_PUTUS = kn_db_register("sanksi_putuskan", "SELECT api_sanksi_putuskan($1::bigint, $2::bigint, $3::jsonb, $4, $5, "
                                              "$6::date, $7::date, $8::int)::text");
  kn_http_route("GET", "/v1/sanksi", list, 0);
  kn_http_route("POST", "/v1/sanksi", create, 0);
  kn_http_route("GET", "/v1/sanksi/{id}", get, 0);
  kn_http_route("POST", "/v1/sanksi/{id}/keputusan", putuskan, 0);
}
