/* The API's side of the database: the request's principal becomes the db layer's context,
 * and a database error becomes problem+json. Owner: api.
 * Decides: which principal fields the SQL sees (tenant, actor = token sub, roles, request id,
 * nip, scope) and the mapping of errors (constraint → 409/422, app-raised codes → their status,
 * connection loss and timeouts → 503), and read-your-writes across replicas: a GET's reads may
 * come from a replica (KINERJA_DATABASE_URL_READ), a committed write answers its consistency
 * token in the Kinerja-Konsistensi header, and a request sending it back is read from a replica
 * only once that replica has replayed the write (src/db/replica.c). Never leaks SQL text: only
 * app-raised messages (problem codes with curated details) reach the client. The transaction
 * itself is src/db/db.c's. */
#include "kinerja/api.h"
#include "kinerja/db.h"
#include "kinerja/http.h"
#include "kinerja/log.h"
#include <stdlib.h>
#include <string.h>

void kn_api_db_fail(kn_http_req_t *r, const kn_db_error_t *e) {
  if (e->connection_lost) {
    kn_http_set_header(r, "Retry-After", "5");
    kn_http_problem(r, "database_unavailable", "Basis data sedang tidak dapat dihubungi, coba lagi sebentar",
               "The database cannot be reached right now, retry shortly");
    return;
  }
  const char *st = e->sqlstate;
  if (strncmp(st, "KN", 2) == 0) {
    long status = strtol(st + 2, NULL, 10);
    kn_http_problem_status(r, status, e->message, e->detail[0] ? e->detail : NULL,
                      e->hint[0] ? e->hint : NULL);
    return;
  }
  if (strcmp(st, "23P01") == 0) {
    kn_http_problem(r, "conflict", "Periode SKP bertumpang tindih dengan SKP lain pegawai ini pada tahun yang sama",
               "The SKP period overlaps another SKP of this pegawai in the same year");
  } else if (strcmp(st, "23505") == 0) {
    kn_http_problem(r, "conflict", "Data dengan kunci yang sama sudah ada",
               "A record with the same key already exists");
  } else if (strcmp(st, "23503") == 0) {
    kn_http_problem(r, "validation_failed", "Data yang dirujuk tidak ditemukan", "A referenced record does not exist");
  } else if (strncmp(st, "23", 2) == 0 || strncmp(st, "22", 2) == 0) {
    kn_http_problem(r, "validation_failed", "Data melanggar aturan isian", "The data breaks a field rule");
  } else if (strcmp(st, "40001") == 0 || strcmp(st, "40P01") == 0) {
    kn_http_problem(r, "conflict", "Bentrok dengan perubahan lain, ulangi", "Conflicted with another change, retry");
  } else if (strcmp(st, "57014") == 0) {
    kn_http_problem_status(r, 503, "database_unavailable", "Kueri melewati batas waktu", "The query timed out");
  } else {
    kn_log("error", "database error %s: %s", st, e->message);
    kn_http_problem(r, "internal_error", NULL, NULL);
  }
}

kn_db_ctx_t kn_api_db_ctx(const kn_http_req_t *r) {
  /* Only a GET's (HEAD's) reads may come from a replica: the fact reads of a write request stay
   * on the primary, so its decision never rests on a lagging copy. */
  bool get = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
  return (kn_db_ctx_t){.instansi = r->principal.instansi, .actor = r->principal.sub,
                       .roles = r->principal.roles_csv, .request_id = r->request_id,
                       .nip = r->principal.nip, .scope = r->principal.scope,
                       .replica_ok = get, .read_after = kn_http_header(r, KN_API_CONSISTENCY_HEADER)};
}

void kn_api_consistency_header(kn_http_req_t *r, const char *token) {
  if (token && token[0]) kn_http_set_header(r, KN_API_CONSISTENCY_HEADER, token);
}

int kn_api_tx(kn_http_req_t *r, bool ro, kn_db_query_t *qs, int nq, kn_db_error_t *err) {
  kn_db_ctx_t ctx = kn_api_db_ctx(r);
  char token[KN_DB_TOKEN_MAX] = "";
  ctx.commit_token = token;
  int rc = kn_db_tx(&ctx, ro, qs, nq, err);
  kn_api_consistency_header(r, token);
  return rc;
}

PGresult *kn_api_one(kn_http_req_t *r, bool ro, int stmt, int nparams, const char *const *values) {
  kn_db_query_t q = {.stmt = stmt, .nparams = nparams, .values = values, .result = NULL};
  kn_db_error_t err;
  if (kn_api_tx(r, ro, &q, 1, &err) != 0) { kn_api_db_fail(r, &err); return NULL; }
  return q.result;
}

json_t *kn_api_result_doc(kn_http_req_t *r, PGresult *res) {
  json_t *f = res && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) ? json_loads(PQgetvalue(res, 0, 0), 0, NULL) : NULL;
  if (!f) kn_http_problem(r, "not_found", NULL, NULL);
  return f;
}

/* kn_db_tx_decide's decision for kn_api_tx_on_facts: the facts document, then the handler's. The
 * document lives until the write has run (the write's values may point into it). */
typedef struct on_facts {
  kn_http_req_t *r;
  kn_api_decide_fn decide;
  void *arg;
  json_t *facts;
} on_facts_t;

static bool decide_on_facts(void *arg, kn_db_query_t *reads, int nr, kn_db_query_t *writes, int nw) {
  (void)nr;
  (void)nw;
  on_facts_t *o = arg;
  o->facts = kn_api_result_doc(o->r, reads[0].result);
  return o->facts && o->decide(o->r, o->facts, o->arg, writes);
}

int kn_api_tx_on_facts(kn_http_req_t *r, int facts_stmt, const char *id, kn_api_decide_fn decide, void *arg,
                       kn_db_query_t *write, kn_db_error_t *err) {
  kn_db_query_t read = {.stmt = facts_stmt, .nparams = 1, .values = &id};
  on_facts_t o = {.r = r, .decide = decide, .arg = arg, .facts = NULL};
  kn_db_ctx_t ctx = kn_api_db_ctx(r);
  char token[KN_DB_TOKEN_MAX] = "";
  ctx.commit_token = token;
  int rc = kn_db_tx_decide(&ctx, &read, 1, decide_on_facts, &o, write, 1, err);
  json_decref(o.facts);
  if (rc == 0) kn_api_consistency_header(r, token);
  return rc;
}

PGresult *kn_api_one_on_facts(kn_http_req_t *r, int facts_stmt, const char *id, kn_api_decide_fn decide, void *arg,
                              kn_db_query_t *write) {
  kn_db_error_t err;
  int rc = kn_api_tx_on_facts(r, facts_stmt, id, decide, arg, write, &err);
  if (rc < 0) kn_api_db_fail(r, &err);
  return rc == 0 ? write->result : NULL;
}
