/* Evidence (bukti dukung): POST /v1/realisasi/{id}/bukti, PUT/GET /v1/bukti/{id}/konten,
 * PATCH /v1/bukti/{id} (verification by the penilai). Owner: api (execution).
 * Files arrive as raw bytes (never multipart: Ulfius' upload callback runs before any auth);
 * the type is sniffed from the bytes, whatever the client says. */
#include "kinerja/api.h"
#include "kinerja/api_periode.h"
#include "kinerja/config.h"
#include "kinerja/db.h"
#include "kinerja/domain_bukti.h"
#include "kinerja/storage.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_CREATE = -1, S_REAL_FACTS = -1, S_FACTS = -1, S_PUT = -1, S_GET = -1, S_VERIFY = -1, S_PUT_FACTS = -1;

static const kn_api_field_spec_t CREATE_SPEC[] = {
  {"jenis", KN_F_ENUM, true, false, 0, dom_ref_jenis_bukti_kode},
  {"nama", KN_F_STRING, true, false, 255, NULL},
  {"url", KN_F_STRING, false, true, 2000, NULL},
  {"tanggal", KN_F_DATE, false, true, 0, NULL},  /* the date the evidence is of (K13: inside its period) */
};
static const kn_api_field_spec_t VERIFY_SPEC[] = {
  {"status_verifikasi", KN_F_ENUM, true, false, 0, dom_ref_status_verifikasi_kode},
  {"catatan", KN_F_STRING, false, true, 2000, NULL},
};

static void bukti_create(kn_http_req_t *r) {
  if (!kn_api_can_write_related(r) || !kn_api_id_param(r, 0, "Realisasi", "Realisasi")) return;
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  kn_api_validate(r, b, CREATE_SPEC, sizeof CREATE_SPEC / sizeof CREATE_SPEC[0], false, NULL);
  const char *jenis = json_string_value(json_object_get(b, "jenis"));
  const char *url = json_string_value(json_object_get(b, "url"));
  bool is_url = jenis && strcmp(jenis, "URL") == 0;
  if (is_url && (!url || (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)))
    kn_http_field_error(r, "url", "invalid_url", "Bukti URL memerlukan alamat http(s)://", "URL evidence needs an http(s):// address");
  if (jenis && !is_url && url)
    kn_http_field_error(r, "url", "not_allowed", "Bukti berkas tidak memakai url", "File evidence takes no url");
  if (r->nfield_errors) { json_decref(b); kn_api_fail_validation(r); return; }
  json_t *f = kn_api_read_json(r, S_REAL_FACTS, r->params[0]);
  bool ok = f && kn_api_periode_gate(r, f, true);
  json_decref(f);
  if (!ok) { json_decref(b); return; }
  char *text = json_dumps(b, JSON_COMPACT);
  json_decref(b);
  const char *v[2] = {r->params[0], text};
  PGresult *res = kn_api_one(r, false, S_CREATE, 2, v);
  free(text);
  if (!res) return;
  kn_api_respond_resource(r, 201, PQgetvalue(res, 0, 0));
  PQclear(res);
}

/* The instansi's evidence quota (its kuota_bukti_byte, else KINERJA_EVIDENCE_QUOTA; 0 = none),
 * checked before the bytes are stored anywhere: false after answering 413. k: bukti_kuota's answer
 * (the bytes of the evidence being replaced do not count). Concurrent uploads may overshoot by at
 * most one file each. */
static bool within_quota(kn_http_req_t *r, json_t *k, size_t len) {
  json_t *own = json_object_get(k, "kuota");
  bool has_own = json_is_integer(own);
  unsigned long long limit = has_own ? (unsigned long long)json_integer_value(own) : kn_cfg.evidence_quota;
  unsigned long long used = (unsigned long long)kn_jint(k, "terpakai");
  if (limit == 0 && !has_own) return true; /* the server's 0: no quota; an instansi's own 0: none may be stored */
  if (used + len <= limit) return true;
  char id[300], en[300];
  snprintf(id, sizeof id, "Kuota penyimpanan bukti instansi %llu byte; terpakai %llu, berkas ini %zu", limit, used, len);
  snprintf(en, sizeof en, "The instansi's evidence quota is %llu bytes; %llu used, this file %zu", limit, used, len);
  kn_http_problem(r, "evidence_quota_exceeded", id, en);
  return false;
}

static void konten_put(kn_http_req_t *r) {
  if (!kn_api_can_write_related(r) || !kn_api_id_param(r, 0, "Bukti", "Evidence")) return;
  size_t len = kn_http_req_body_length(r);
  if (len == 0) {
    kn_http_problem(r, "bad_request", "Isi berkas kosong", "The file is empty");
    return;
  }
  const char *data = kn_http_req_body(r);
  char mime[128];
  snprintf(mime, sizeof mime, "%s", kn_storage_sniff_mime(data, len));
  if (!dom_bukti_mime_allowed(mime)) {
    char id[256], en[256];
    snprintf(id, sizeof id, "Isi berkas terbaca sebagai %s; yang diterima PDF, PNG, JPEG dan dokumen perkantoran", mime);
    snprintf(en, sizeof en, "The bytes read as %s; accepted are PDF, PNG, JPEG and office documents", mime);
    kn_http_problem(r, "unsupported_media_type", id, en);
    return;
  }
  /* the facts and the quota in one read */
  json_t *fk = kn_api_read_json(r, S_PUT_FACTS, r->params[0]);
  json_t *f = json_object_get(fk, "fakta");
  bool ok = fk && kn_api_periode_gate(r, json_object_get(f, "periode"), true);
  if (ok && strcmp(json_string_value(json_object_get(json_object_get(f, "bukti"), "jenis")), "FILE") != 0) {
    kn_http_problem(r, "conflict", "Bukti berjenis URL tidak memiliki berkas", "URL evidence has no file content");
    ok = false;
  }
  ok = ok && within_quota(r, json_object_get(fk, "kuota"), len);
  json_decref(fk);
  if (!ok) return;
  char sha[65], size[24];
  kn_storage_sha256_hex(data, len, sha);
  snprintf(size, sizeof size, "%zu", len);
  const char *backend = kn_storage_backend();
  bool in_pg = strcmp(backend, "pg") == 0;
  if (!in_pg && kn_storage_dir_put(r->principal.instansi, sha, data, len) != 0) {
    kn_http_problem(r, "internal_error", "Berkas tidak dapat disimpan", "The file could not be stored");
    return;
  }
  /* the bytes travel as a binary parameter: no hex escaping of megabytes */
  const char *v[6] = {r->params[0], mime, size, sha, backend, in_pg ? data : NULL};
  int lengths[6] = {0, 0, 0, 0, 0, (int)len};
  int formats[6] = {0, 0, 0, 0, 0, 1};
  kn_db_query_t q = {.stmt = S_PUT, .nparams = 6, .values = v, .lengths = lengths, .formats = formats};
  if (!kn_api_tx_versioned(r, &q)) return;
  kn_api_respond_resource(r, 200, PQgetvalue(q.result, 0, 0));
  kn_db_clear(&q, 1);
}

static void konten_get(kn_http_req_t *r) {
  if (!kn_api_can_read(r) || !kn_api_id_param(r, 0, "Bukti", "Evidence")) return;
  const char *id = r->params[0];
  kn_db_query_t q = {.stmt = S_GET, .nparams = 1, .values = &id, .binary_result = 1};
  kn_db_error_t err;
  if (kn_api_tx(r, true, &q, 1, &err) != 0) { kn_api_db_fail(r, &err); return; }
  PGresult *res = q.result;
  if (PQntuples(res) != 1 || PQgetisnull(res, 0, 2)) {
    kn_http_problem(r, "not_found", "Bukti ini belum memiliki berkas", "This evidence has no file yet");
    kn_db_clear(&q, 1);
    return;
  }
  char mime[128], sha[65], fname[300], disp[400], etag[80];
  snprintf(mime, sizeof mime, "%.*s", PQgetlength(res, 0, 0), PQgetvalue(res, 0, 0));
  snprintf(sha, sizeof sha, "%.*s", PQgetlength(res, 0, 2), PQgetvalue(res, 0, 2));
  char nama[256];
  snprintf(nama, sizeof nama, "%.*s", PQgetlength(res, 0, 1), PQgetvalue(res, 0, 1));
  dom_bukti_safe_filename(nama, fname, sizeof fname);
  snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", fname);
  snprintf(etag, sizeof etag, "\"%s\"", sha);
  kn_http_set_header(r, "Content-Disposition", disp);
  kn_http_set_header(r, "ETag", etag);
  kn_http_set_header(r, "X-Content-Type-Options", "nosniff");
  const char *inm = kn_http_header(r, "If-None-Match");
  bool in_pg = PQgetlength(res, 0, 3) == 2 && memcmp(PQgetvalue(res, 0, 3), "pg", 2) == 0;
  if (inm && strcmp(inm, etag) == 0) {
    kn_http_respond(r, 304, NULL, NULL, 0);
  } else if (in_pg) {
    kn_http_respond(r, 200, mime, PQgetvalue(res, 0, 5), (size_t)PQgetlength(res, 0, 5));
  } else {
    size_t len = 0;
    char *data = kn_storage_dir_get(r->principal.instansi, sha, &len);
    if (data) kn_http_respond(r, 200, mime, data, len);
    else kn_http_problem(r, "internal_error", "Berkas tidak ditemukan di penyimpanan", "The file is missing from storage");
    free(data);
  }
  kn_db_clear(&q, 1);
}

static void verifikasi(kn_http_req_t *r) {
  if (!kn_api_can_write_related(r) || !kn_api_id_param(r, 0, "Bukti", "Evidence")) return;
  json_t *f = kn_api_read_json(r, S_FACTS, r->params[0]);
  if (!f) return;
  json_t *p = json_object_get(f, "periode");
  bool penilai = json_is_true(json_object_get(json_object_get(p, "actor"), "penilai"));
  json_decref(f);
  if (!penilai) {
    kn_http_problem(r, "forbidden", "Hanya pejabat penilai yang memverifikasi bukti dukung",
               "Only the pejabat penilai verifies evidence");
    return;
  }
  kn_api_write_json(r, S_VERIFY, r->params[0], VERIFY_SPEC, 2, false, true, 200);
}

void kn_api_bukti_register(void) {
  S_REAL_FACTS = kn_db_register("realisasi_facts", "SELECT realisasi_facts($1::bigint)::text");
  S_FACTS = kn_db_register("bukti_facts", "SELECT bukti_facts($1::bigint)::text");
  S_CREATE = kn_db_register("bukti_create", "SELECT api_bukti_create($1::bigint, $2::jsonb)::text");
  S_PUT = kn_db_register("bukti_put",
    "SELECT api_bukti_konten_put($1::bigint, $2, $3::bigint, $4, $5, $6::bytea, $7::int)::text");
  S_GET = kn_db_register("bukti_get", "SELECT * FROM bukti_konten_get($1::bigint)");
  S_PUT_FACTS = kn_db_register("bukti_put_facts",
    "SELECT json_build_object('fakta', bukti_facts($1::bigint), 'kuota', bukti_kuota($1::bigint))::text");
  S_VERIFY = kn_db_register("bukti_verify", "SELECT api_bukti_verifikasi($1::bigint, $2::jsonb, $3::int)::text");
  kn_http_route("POST", "/v1/realisasi/{id}/bukti", bukti_create, 0);
  kn_http_route("PUT", "/v1/bukti/{id}/konten", konten_put, KN_ROUTE_UPLOAD);
  kn_http_route("GET", "/v1/bukti/{id}/konten", konten_get, 0);
  kn_http_route("PATCH", "/v1/bukti/{id}", verifikasi, 0);
}
