/* SIASN runs: pull (ref-unor, data-utama → unor, pegawai), push (FINAL evaluations →
 * kinerjaperiodik/save, skp22/save) and import (rw-skp22, rw-kinerjaperiodik → siasn_hasil).
 * Shared by the HTTP routes (src/api/sync.c) and `kinerja sync siasn`. Owner: integration.
 * Each SIASN call is logged in its own transaction right after it returns, so a run that dies
 * half-way still leaves the calls it made; a dry run calls nothing that writes and stores nothing. */
#include "kinerja/siasn.h"
#include "kinerja/db.h"
#include "kinerja/log.h"
#include "kinerja/storage.h"
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_TARGETS = -1, S_PULL = -1, S_FACTS = -1, S_LOG = -1, S_IMPORT = -1, S_TIMEOUT = -1;
/* A dry run of this thread: calls are made (reads only) but nothing is stored, not even the log. */
static __thread bool tl_dry;

#define NIPS_SQL "CASE WHEN $%d::jsonb IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text($%d::jsonb)) END"

void kn_siasn_register(void) {
  char sql[512];
  curl_global_init(CURL_GLOBAL_DEFAULT);  /* once, before any worker thread exists */
  snprintf(sql, sizeof sql, "SELECT siasn_targets(" NIPS_SQL ", $2::bigint)::text", 1, 1);
  S_TARGETS = kn_db_register("siasn_targets", strdup(sql));
  S_PULL = kn_db_register("siasn_pull", "SELECT siasn_pull_apply($1::jsonb, $2::jsonb, $3::boolean)::text");
  snprintf(sql, sizeof sql, "SELECT siasn_push_facts($1::int, " NIPS_SQL ", $3::bigint)::text", 2, 2);
  S_FACTS = kn_db_register("siasn_facts", strdup(sql));
  S_LOG = kn_db_register("siasn_log", "SELECT siasn_log_write($1::jsonb)");
  /* applying a whole instansi's master data is an import: give it the import's time */
  S_TIMEOUT = kn_db_register("siasn_timeout", "SELECT set_config('statement_timeout', '120000', true)");
  S_IMPORT = kn_db_register("siasn_import",
    "SELECT siasn_import_apply($1::int, ARRAY(SELECT jsonb_array_elements_text($2::jsonb)), $3::jsonb)::text");
}

static void set_err(kn_siasn_error_t *e, long status, const char *code, const char *id, const char *en) {
  e->status = status;
  snprintf(e->code, sizeof e->code, "%.47s", code);
  snprintf(e->detail_id, sizeof e->detail_id, "%.511s", id);
  snprintf(e->detail_en, sizeof e->detail_en, "%.511s", en);
}

/* Run one statement (a bulk write after a longer statement timeout); the parsed JSON it
 * returns, or NULL with *e from the database error. */
static json_t *db_json(const kn_db_ctx_t *ctx, bool ro, int stmt, int n, const char *const *v, kn_siasn_error_t *e) {
  bool bulk = stmt == S_PULL || stmt == S_IMPORT;
  kn_db_query_t qs[2] = {{.stmt = S_TIMEOUT}, {.stmt = stmt, .nparams = n, .values = v}};
  kn_db_query_t *q = bulk ? qs : qs + 1;
  kn_db_error_t de;
  if (kn_db_tx(ctx, ro, q, 1 + bulk, &de) != 0) {
    if (strncmp(de.sqlstate, "KN", 2) == 0)
      set_err(e, atol(de.sqlstate + 2), de.message, de.detail, de.hint);
    else if (de.connection_lost)
      set_err(e, 503, "database_unavailable", "Basis data tidak tersedia", "Database unavailable");
    else {
      kn_log("error", "siasn statement failed: %s %s", de.sqlstate, de.message);
      set_err(e, 500, "internal_error", "Kesalahan internal", "Internal error");
    }
    return NULL;
  }
  json_t *j = PQgetisnull(qs[1].result, 0, 0) ? json_null() : json_loads(PQgetvalue(qs[1].result, 0, 0), 0, NULL);
  kn_db_clear(q, 1 + bulk);
  if (!j) set_err(e, 500, "internal_error", "Kesalahan internal", "Internal error");
  return j;
}

static bool load_cfg(kn_siasn_cfg_t *c, kn_siasn_error_t *e) {
  char missing[512];
  if (kn_siasn_config_load(c, missing, sizeof missing) == 0) return true;
  char id[600], en[600];
  snprintf(id, sizeof id, "Koneksi SIASN belum dikonfigurasi: %s", missing);
  snprintf(en, sizeof en, "The SIASN connection is not configured: %s", missing);
  set_err(e, 503, "siasn_not_configured", id, en);
  return false;
}

bool kn_siasn_configured(kn_siasn_error_t *e) {
  kn_siasn_cfg_t c;
  bool ok = load_cfg(&c, e);
  explicit_bzero(&c, sizeof c);
  return ok;
}

/* One SIASN call, logged. entitas/entitas_id name the local object; simpan_jenis (push) makes
 * the log statement also keep the SIASN row id on the evaluation. */
typedef struct simpan { const char *jenis; const char *isi_sha256; } simpan_t;

static int call_logged(const kn_db_ctx_t *ctx, const kn_siasn_cfg_t *c, const char *arah, const char *method, const char *path,
                       const char *body, const char *entitas, const char *entitas_id, const simpan_t *simpan,
                       kn_siasn_resp_t *resp, char saved[64]) {
  int rc = kn_siasn_call(c, method, path, body, resp);
  char sha[65] = "";
  if (body) kn_storage_sha256_hex(body, strlen(body), sha);
  const char *sid = rc == 0 && saved ? kn_siasn_saved_id(resp->body, saved, 64) : NULL;
  if (sid && sid != saved) {  /* a pointer into the answer: keep a copy that outlives it */
    snprintf(saved, 64, "%s", sid);
    sid = saved;
  }
  if (rc == 0 && simpan && !sid) {
    rc = -1;
    snprintf(resp->message, sizeof resp->message, "SIASN tidak mengembalikan id riwayat");
  }
  json_t *l = json_pack("{ss ss ss s:s? s:s? s:s? s:o s:s? s:s s:i s:I s:b s:s? s:s?}",
    "arah", arah, "metode", method, "endpoint", path, "entitas", entitas, "entitas_id", entitas_id,
    "request_sha256", body ? sha : NULL, "http_status", resp->status ? json_integer(resp->status) : json_null(),
    "siasn_id", sid, "pesan", resp->message, "percobaan", resp->attempts ? resp->attempts : 1,
    "durasi_ms", (json_int_t)resp->duration_ms, "berhasil", rc == 0, "simpan_jenis", rc == 0 && simpan ? simpan->jenis : NULL,
    "isi_sha256", simpan ? simpan->isi_sha256 : NULL);
  char *text = json_dumps(l, JSON_COMPACT);
  json_decref(l);
  if (tl_dry) { free(text); return rc; }
  kn_db_query_t q = {.stmt = S_LOG, .nparams = 1, .values = (const char *const *)&text};
  kn_db_error_t de;
  if (kn_db_tx(ctx, false, &q, 1, &de) != 0) kn_log("error", "siasn log write failed: %s %s", de.sqlstate, de.message);
  kn_db_clear(&q, 1);
  free(text);
  return rc;
}

static void auth_err(kn_siasn_error_t *e, const kn_siasn_resp_t *resp) {
  char en[600];
  snprintf(en, sizeof en, "SIASN refused the credentials: %s", resp->message);
  set_err(e, 502, "siasn_auth_failed", resp->message, en);
}

static json_t *targets(const kn_db_ctx_t *ctx, const kn_siasn_run_t *run, kn_siasn_error_t *e) {
  char *nips = run->nips ? json_dumps(run->nips, JSON_COMPACT) : NULL, uid[24];
  snprintf(uid, sizeof uid, "%lld", run->unor_id);
  const char *v[2] = {nips, run->unor_id ? uid : NULL};
  json_t *t = db_json(ctx, true, S_TARGETS, 2, v, e);
  free(nips);
  return t;
}

static json_t *failure(const char *key, const char *id, const kn_siasn_resp_t *resp) {
  return json_pack("{ss s:o ss si}", key, id, "http_status", resp->status ? json_integer(resp->status) : json_null(),
                   "pesan", resp->message, "percobaan", resp->attempts);
}

json_t *kn_siasn_pull(const kn_db_ctx_t *ctx, const kn_siasn_run_t *run, kn_siasn_error_t *e) {
  kn_siasn_cfg_t c;
  if (!load_cfg(&c, e)) return NULL;
  json_t *t = targets(ctx, run, e);
  if (!t) return NULL;
  tl_dry = run->dry_run;
  json_t *unor = json_array(), *peg = json_array(), *gagal = json_array(), *out = NULL;
  kn_siasn_resp_t resp = {0};
  if (json_is_true(json_object_get(t, "seluruh_instansi"))) {
    if (call_logged(ctx, &c, "PULL", "GET", "/referensi/ref-unor", NULL, NULL, NULL, NULL, &resp, NULL) != 0) {
      if (resp.auth_failed) auth_err(e, &resp);
      else {
        char id[600], en[600];
        snprintf(id, sizeof id, "ref-unor gagal dibaca (HTTP %ld): %s", resp.status, resp.message);
        snprintf(en, sizeof en, "ref-unor could not be read (HTTP %ld): %s", resp.status, resp.message);
        set_err(e, 502, "siasn_unavailable", id, en);
      }
      goto done;
    }
    json_decref(unor);
    unor = kn_siasn_unor_rows(resp.body);
    json_decref(resp.body);
    resp.body = NULL;
  }
  size_t i;
  json_t *p;
  json_array_foreach(json_object_get(t, "pegawai"), i, p) {
    const char *nip = json_string_value(json_object_get(p, "nip"));
    char path[96];
    snprintf(path, sizeof path, "/pns/data-utama/%s", nip);
    int rc = call_logged(ctx, &c, "PULL", "GET", path, NULL, "pegawai", nip, NULL, &resp, NULL);
    if (rc != 0 && resp.auth_failed) { auth_err(e, &resp); goto done; }
    json_t *row = rc == 0 ? kn_siasn_pegawai_row(resp.body) : NULL;
    if (row && strcmp(json_string_value(json_object_get(row, "nip")), nip) == 0) json_array_append_new(peg, row);
    else {
      json_decref(row);
      if (rc == 0) snprintf(resp.message, sizeof resp.message, "data-utama tidak dapat dipetakan");
      json_array_append_new(gagal, failure("nip", nip, &resp));
    }
    json_decref(resp.body);
    resp.body = NULL;
  }
  char *u = json_dumps(unor, JSON_COMPACT), *pg = json_dumps(peg, JSON_COMPACT);
  const char *v[3] = {u, pg, run->dry_run ? "true" : "false"};
  out = db_json(ctx, false, S_PULL, 3, v, e);
  free(u);
  free(pg);
  if (out) json_object_set(out, "gagal", gagal);
done:
  json_decref(resp.body);
  json_decref(t);
  json_decref(unor);
  json_decref(peg);
  json_decref(gagal);
  tl_dry = false;
  return out;
}

/* Before the first annual push: an existing rw-skp22 row of that year (written by e-Kinerja or
 * by hand) is updated rather than duplicated. -1 when SIASN could not be read. */
static int existing_skp22(const kn_db_ctx_t *ctx, const kn_siasn_cfg_t *c, json_t *f, kn_siasn_resp_t *resp, char id[64]) {
  char path[96], eid[24];
  const char *nip = json_string_value(json_object_get(f, "nip"));
  snprintf(path, sizeof path, "/pns/rw-skp22/%s", nip);
  snprintf(eid, sizeof eid, "%lld", (long long)json_integer_value(json_object_get(f, "evaluasi_id")));
  id[0] = '\0';
  if (call_logged(ctx, c, "PUSH", "GET", path, NULL, "evaluasi", eid, NULL, resp, NULL) != 0) return -1;
  size_t i;
  json_t *row;
  json_array_foreach((json_t *)kn_siasn_data_array(resp->body), i, row) {
    json_t *m = kn_siasn_read_skp22(row);
    if (m && json_integer_value(json_object_get(m, "tahun")) == json_integer_value(json_object_get(f, "tahun")))
      snprintf(id, 64, "%s", json_string_value(json_object_get(m, "siasn_id")));
    json_decref(m);
  }
  json_decref(resp->body);
  resp->body = NULL;
  return 0;
}

static json_t *push_one(const kn_db_ctx_t *ctx, const kn_siasn_cfg_t *c, json_t *f, bool dry, bool *auth_failed) {
  bool annual = strcmp(json_string_value(json_object_get(f, "jenis")), "TAHUNAN") == 0;
  const char *ep = annual ? "/skp22/save" : "/kinerjaperiodik/save";
  json_int_t eid = json_integer_value(json_object_get(f, "evaluasi_id"));
  json_t *item = json_pack("{sI ss ss}", "evaluasi_id", eid, "jenis", annual ? "TAHUNAN" : "PERIODIK", "endpoint", ep);
  char err[256], eids[24], existing[64], saved[64];
  kn_siasn_resp_t resp = {0};
  snprintf(eids, sizeof eids, "%lld", (long long)eid);
  if (annual && !dry && json_is_null(json_object_get(f, "siasn_id"))) {
    if (existing_skp22(ctx, c, f, &resp, existing) != 0) {
      *auth_failed = resp.auth_failed;
      json_object_update_new(item, json_pack("{ss s:o ss si}", "status", "GAGAL", "http_status",
        resp.status ? json_integer(resp.status) : json_null(), "pesan", resp.message, "percobaan", resp.attempts));
      json_decref(resp.body);
      return item;
    }
    if (existing[0]) json_object_set_new(f, "siasn_id", json_string(existing));
  }
  json_t *payload = annual ? kn_siasn_payload_skp22(f, err, sizeof err) : kn_siasn_payload_periodik(f, err, sizeof err);
  if (!payload) {
    json_object_update_new(item, json_pack("{ss sn ss si}", "status", "GAGAL", "http_status", "pesan", err, "percobaan", 0));
    return item;
  }
  if (dry) {
    json_object_set_new(item, "status", json_string("DRY_RUN"));
    json_object_set_new(item, "payload", payload);
    return item;
  }
  char *body = json_dumps(payload, JSON_COMPACT), isi[65];
  kn_siasn_payload_digest(payload, isi);
  json_decref(payload);
  simpan_t sp = {annual ? "TAHUNAN" : "PERIODIK", isi};
  /* A save without a SIASN id creates a row: after a timeout or 5xx SIASN may have stored it
   * anyway, so it is not retried (a retry could duplicate the row); the next push finds it
   * (annual: rw-skp22) or the operator sees the failure. Saves with an id are safe to repeat. */
  kn_siasn_cfg_t once = *c;
  if (json_is_null(json_object_get(f, "siasn_id"))) once.max_attempts = 1;
  int rc = call_logged(ctx, &once, "PUSH", "POST", ep, body, "evaluasi", eids, &sp, &resp, saved);
  free(body);
  *auth_failed = rc != 0 && resp.auth_failed;
  json_object_set_new(item, "status", json_string(rc == 0 ? "TERKIRIM" : "GAGAL"));
  json_object_set_new(item, "http_status", resp.status ? json_integer(resp.status) : json_null());
  json_object_set_new(item, "siasn_id", rc == 0 ? json_string(saved) : json_null());
  json_object_set_new(item, "pesan", json_string(resp.message));
  json_object_set_new(item, "percobaan", json_integer(resp.attempts));
  json_decref(resp.body);
  return item;
}

json_t *kn_siasn_push(const kn_db_ctx_t *ctx, const kn_siasn_run_t *run, kn_siasn_error_t *e) {
  kn_siasn_cfg_t c = {0};  /* a dry run reads no configuration */
  if (!run->dry_run && !load_cfg(&c, e)) return NULL;
  char th[16], uid[24], *nips = run->nips ? json_dumps(run->nips, JSON_COMPACT) : NULL;
  snprintf(th, sizeof th, "%d", run->tahun);
  snprintf(uid, sizeof uid, "%lld", run->unor_id);
  const char *v[3] = {th, nips, run->unor_id ? uid : NULL};
  json_t *facts = db_json(ctx, true, S_FACTS, 3, v, e);
  free(nips);
  if (!facts) return NULL;
  json_t *items = json_array();
  int sent = 0, failed = 0;
  size_t i;
  json_t *f;
  json_array_foreach(json_object_get(facts, "items"), i, f) {
    bool auth = false;
    json_t *item = push_one(ctx, &c, f, run->dry_run, &auth);
    const char *st = json_string_value(json_object_get(item, "status"));
    sent += strcmp(st, "TERKIRIM") == 0;
    failed += strcmp(st, "GAGAL") == 0;
    if (auth) {  /* the tokens will not work for the rest either */
      kn_siasn_resp_t a = {0};
      snprintf(a.message, sizeof a.message, "%s", json_string_value(json_object_get(item, "pesan")));
      auth_err(e, &a);
      json_decref(item);
      json_decref(items);
      json_decref(facts);
      return NULL;
    }
    json_array_append_new(items, item);
  }
  json_t *out = json_pack("{sb si sO si si so}", "dry_run", run->dry_run, "tahun", run->tahun,
                          "belum_final", json_object_get(facts, "belum_final"), "terkirim", sent, "gagal", failed,
                          "items", items);
  json_decref(facts);
  return out;
}

/* Read one history endpoint of one pegawai and append its rows of year th, mapped. */
static int read_history(const kn_db_ctx_t *ctx, const kn_siasn_cfg_t *c, const char *nip, int th, bool annual, json_t *rows,
                        kn_siasn_resp_t *resp) {
  char path[96];
  snprintf(path, sizeof path, annual ? "/pns/rw-skp22/%s" : "/pns/rw-kinerjaperiodik/%s", nip);
  if (call_logged(ctx, c, "IMPORT", "GET", path, NULL, "pegawai", nip, NULL, resp, NULL) != 0) return -1;
  size_t i;
  json_t *row;
  json_array_foreach((json_t *)kn_siasn_data_array(resp->body), i, row) {
    json_t *m = annual ? kn_siasn_read_skp22(row) : kn_siasn_read_periodik(row);
    if (m && json_integer_value(json_object_get(m, "tahun")) == th) {
      json_object_set_new(m, "nip", json_string(nip));
      json_array_append_new(rows, m);
    } else {
      json_decref(m);
    }
  }
  json_decref(resp->body);
  resp->body = NULL;
  return 0;
}

json_t *kn_siasn_import(const kn_db_ctx_t *ctx, const kn_siasn_run_t *run, kn_siasn_error_t *e) {
  kn_siasn_cfg_t c;
  if (!load_cfg(&c, e)) return NULL;
  json_t *t = targets(ctx, run, e);
  if (!t) return NULL;
  json_t *rows = json_array(), *ok = json_array(), *gagal = json_array(), *out = NULL;
  size_t i;
  json_t *p;
  json_array_foreach(json_object_get(t, "pegawai"), i, p) {
    const char *nip = json_string_value(json_object_get(p, "nip"));
    if (json_is_null(json_object_get(p, "id"))) continue;  /* not a local pegawai: nothing to reconcile */
    kn_siasn_resp_t resp = {0};
    if (read_history(ctx, &c, nip, run->tahun, true, rows, &resp) == 0 &&
        read_history(ctx, &c, nip, run->tahun, false, rows, &resp) == 0) {
      json_array_append_new(ok, json_string(nip));
      continue;
    }
    json_decref(resp.body);
    if (resp.auth_failed) { auth_err(e, &resp); goto done; }
    json_array_append_new(gagal, failure("nip", nip, &resp));
  }
  char th[16], *nips = json_dumps(ok, JSON_COMPACT), *rs = json_dumps(rows, JSON_COMPACT);
  snprintf(th, sizeof th, "%d", run->tahun);
  const char *v[3] = {th, nips, rs};
  out = db_json(ctx, false, S_IMPORT, 3, v, e);
  free(nips);
  free(rs);
  if (out) json_object_set(out, "gagal", gagal);
done:
  json_decref(t);
  json_decref(rows);
  json_decref(ok);
  json_decref(gagal);
  return out;
}
