/* Per-worker PostgreSQL connection and the pipelined request transaction. Owner: db.
 * Why pipelined: BEGIN + context + query + COMMIT in one round trip costs ~64 µs against
 * ~193 µs as four round trips (architecture.md §2). Read-only work may go to a replica
 * (src/db/replica.c); without KINERJA_DATABASE_URL_READ nothing here sends an extra statement. */
#include "db_int.h"
#include "kinerja/config.h"
#include "kinerja/log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct stmt_def { const char *name; const char *sql; } stmt_def_t;
static stmt_def_t stmts[KN_DB_MAX_STMTS];
static int nstmts;

static __thread kn_db_conn_t primary;

/* Fixed statements of the request envelope. */
static int S_CTX = -1;

/* A replica serves a read after a write only once it has replayed the write's token; otherwise
 * the cast fails, the pipeline aborts before any query ran, and the read goes to the primary.
 * (A non-constant CASE, so the planner cannot fold the failing branch.) */
static const char REPLAY_CHECK[] =
  "SELECT (CASE WHEN COALESCE(pg_last_wal_replay_lsn() >= $1::pg_lsn, NOT pg_is_in_recovery()) "
  "THEN '1' ELSE 'replica behind token' END)::int";

int kn_db_register(const char *name, const char *sql) {
  if (nstmts >= KN_DB_MAX_STMTS) abort();
  if (S_CTX < 0 && strcmp(name, "kn_ctx") != 0) {
    S_CTX = -2; /* avoid recursion */
    S_CTX = kn_db_register("kn_ctx",
      "SELECT set_config('app.instansi', $1, true), set_config('app.actor', $2, true), "
      "set_config('app.roles', $3, true), set_config('app.request_id', $4, true), "
      "set_config('app.nip', $5, true), set_config('app.instansi_id', instansi_id_of($1), true), "
      "set_config('app.scope', $6, true)");
  }
  stmts[nstmts].name = name;
  stmts[nstmts].sql = sql;
  return nstmts++;
}

int kn_db_statement_count(void) { return nstmts; }

void kn_db_conn_close(kn_db_conn_t *c) {
  if (c->pg) PQfinish(c->pg);
  c->pg = NULL;
  memset(c->prepared, 0, sizeof c->prepared);
}

int kn_db_conn_open(kn_db_conn_t *c, const char *url, const char *app_name) {
  kn_db_conn_close(c);
  /* keywords before dbname: the expanded connection string overrides them. A replica gets a
   * short connect timeout (a blackholed host must not hold a read for the TCP timeout before it
   * is marked down); NULL/empty values are ignored by libpq, so the primary's connection is as
   * its URL says. */
  const char *keys[] = {"fallback_application_name", "connect_timeout", "dbname", NULL};
  const char *vals[] = {app_name, app_name ? "2" : NULL, url, NULL};
  c->pg = PQconnectdbParams(keys, vals, 1);
  if (PQstatus(c->pg) != CONNECTION_OK) {
    kn_log("warn", "database connect failed%s%s%s: %s", app_name ? " (" : "", app_name ? app_name : "",
           app_name ? ")" : "", PQerrorMessage(c->pg));
    kn_db_conn_close(c);
    return -1;
  }
  /* The server always works as the least-privileged role, so row-level security applies even
   * when the connection string names the schema owner. */
  char setup[256];
  snprintf(setup, sizeof setup, "SET ROLE kinerja_app; SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET plan_cache_mode = force_generic_plan; SET jit = off; "
           "SET statement_timeout = %u",
           kn_cfg.stmt_timeout_ms);
  PGresult *res = PQexec(c->pg, setup);
  int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  if (!ok) kn_log("error", "database session setup failed: %s", PQerrorMessage(c->pg));
  PQclear(res);
  if (!ok) { kn_db_conn_close(c); return -1; }
  return 0;
}

static int ensure_conn(void) {
  if (primary.pg && PQstatus(primary.pg) == CONNECTION_OK) return 0;
  return kn_db_conn_open(&primary, kn_cfg.database_url, NULL);
}

static int ensure_prepared(kn_db_conn_t *c, int id) {
  if (c->prepared[id]) return 0;
  PGresult *res = PQprepare(c->pg, stmts[id].name, stmts[id].sql, 0, NULL);
  int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  if (!ok) kn_log("error", "prepare %s failed: %s", stmts[id].name, PQerrorMessage(c->pg));
  PQclear(res);
  if (ok) c->prepared[id] = 1;
  return ok ? 0 : -1;
}

static void fill_error(kn_db_error_t *err, const PGresult *res, bool lost) {
  memset(err, 0, sizeof *err);
  err->connection_lost = lost;
  if (!res) return;
  const char *st = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
  const char *det = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
  const char *hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
  snprintf(err->hint, sizeof err->hint, "%s", hint ? hint : "");
  snprintf(err->sqlstate, sizeof err->sqlstate, "%s", st ? st : "");
  snprintf(err->message, sizeof err->message, "%s", msg ? msg : "");
  snprintf(err->detail, sizeof err->detail, "%s", det ? det : "");
}

void kn_db_clear(kn_db_query_t *qs, int nq) {
  for (int i = 0; i < nq; i++) { PQclear(qs[i].result); qs[i].result = NULL; }
}

/* BEGIN [READ ONLY], [the replay check], the context. */
static int send_begin(PGconn *pg, const kn_db_ctx_t *c, bool ro, const char *read_after) {
  const char *ctx[6] = {c->instansi, c->actor, c->roles, c->request_id, c->nip, c->scope};
  if (!PQsendQueryParams(pg, ro ? "BEGIN READ ONLY" : "BEGIN", 0, NULL, NULL, NULL, NULL, 0)) return -1;
  if (read_after && !PQsendQueryParams(pg, REPLAY_CHECK, 1, NULL, &read_after, NULL, NULL, 0)) return -1;
  return PQsendQueryPrepared(pg, stmts[S_CTX].name, 6, ctx, NULL, NULL, 0) ? 0 : -1;
}

static int send_queries(PGconn *pg, kn_db_query_t *qs, int nq) {
  for (int i = 0; i < nq; i++)
    if (!PQsendQueryPrepared(pg, stmts[qs[i].stmt].name, qs[i].nparams, qs[i].values, qs[i].lengths,
                             qs[i].formats, qs[i].binary_result))
      return -1;
  return 0;
}

/* COMMIT, [token], sync. */
static int send_commit(PGconn *pg, bool token) {
  if (!PQsendQueryParams(pg, "COMMIT", 0, NULL, NULL, NULL, NULL, 0)) return -1;
  /* its own implicit transaction after COMMIT: where WAL insertion is now is >= the commit
   * record's end, so a replica that replayed this far sees the write */
  if (token && !PQsendQueryParams(pg, "SELECT pg_current_wal_insert_lsn()", 0, NULL, NULL, NULL, NULL, 0))
    return -1;
  return PQpipelineSync(pg) ? 0 : -1;
}

static int send_all(PGconn *pg, const kn_db_ctx_t *c, bool ro, const char *read_after, bool token,
                    kn_db_query_t *qs, int nq) {
  if (send_begin(pg, c, ro, read_after) != 0 || send_queries(pg, qs, nq) != 0) return -1;
  return send_commit(pg, token);
}

/* Read the results of one pipeline segment up to its sync: `lead` envelope commands (BEGIN,
 * [check], ctx; 0 in a transaction's second segment), the queries, then COMMIT and [token] when
 * `commit`. The first error is kept in *err. check: lead's second command is the replay check. */
static int collect(PGconn *pg, int lead, bool check, kn_db_query_t *qs, int nq, bool commit, char *token,
                   kn_db_error_t *err) {
  int failed = 0, end_q = lead + nq, tok_at = commit && token ? end_q + 1 : -1;
  int total = end_q + (commit ? 1 + (token != NULL) : 0);
  for (int cmd = 0; cmd < total; cmd++) {
    PGresult *res = PQgetResult(pg);
    if (!res) return KN_TX_BROKEN; /* connection broke */
    ExecStatusType st = PQresultStatus(res);
    bool bad = st == PGRES_FATAL_ERROR || st == PGRES_PIPELINE_ABORTED;
    if (cmd == tok_at) {
      /* the token: the write has committed (or failed) whatever happens here */
      if (st == PGRES_TUPLES_OK && PQntuples(res) == 1 && !failed)
        snprintf(token, KN_DB_TOKEN_MAX, "%s", PQgetvalue(res, 0, 0));
      bad = false;
    } else if (st == PGRES_FATAL_ERROR && !failed) {
      fill_error(err, res, false);
      if (check && cmd == 1) failed = 2;
    }
    if (bad && !failed) failed = 1;
    if (!bad && cmd >= lead && cmd < end_q) qs[cmd - lead].result = res;
    else PQclear(res);
    PGresult *end = PQgetResult(pg); /* NULL terminates each command's results */
    if (end) PQclear(end);
  }
  PGresult *sync = PQgetResult(pg);
  if (!sync || PQresultStatus(sync) != PGRES_PIPELINE_SYNC) { PQclear(sync); return KN_TX_BROKEN; }
  PQclear(sync);
  if (failed == 2) { memset(err, 0, sizeof *err); return KN_TX_BEHIND; }
  return failed ? KN_TX_SQL_ERROR : KN_TX_OK;
}

/* After a pipeline: an error inside BEGIN (or a refused decision) leaves the transaction open. */
static void end_pipeline(PGconn *pg, int rc) {
  PQexitPipelineMode(pg);
  if (rc != KN_TX_BROKEN && PQtransactionStatus(pg) != PQTRANS_IDLE) {
    PGresult *rb = PQexec(pg, "ROLLBACK");
    PQclear(rb);
  }
}

static int prepare_failed(kn_db_error_t *err) {
  snprintf(err->sqlstate, sizeof err->sqlstate, "XX000");
  snprintf(err->message, sizeof err->message, "prepare failed");
  return -1;
}

static int prepare_all(kn_db_conn_t *c, kn_db_query_t *qs, int nq) {
  int bad = ensure_prepared(c, S_CTX);
  for (int i = 0; i < nq && !bad; i++) bad = ensure_prepared(c, qs[i].stmt);
  return bad;
}

int kn_db_conn_tx(kn_db_conn_t *c, const kn_db_ctx_t *ctx, bool ro, const char *read_after,
                  char *token, kn_db_query_t *qs, int nq, kn_db_error_t *err) {
  if (prepare_all(c, qs, nq)) return PQstatus(c->pg) == CONNECTION_OK ? KN_TX_PREPARE : KN_TX_BROKEN;
  if (!PQenterPipelineMode(c->pg)) return KN_TX_BROKEN;
  int rc = KN_TX_BROKEN;
  if (send_all(c->pg, ctx, ro, read_after, token != NULL, qs, nq) == 0)
    rc = collect(c->pg, 2 + (read_after != NULL), read_after != NULL, qs, nq, true, token, err);
  end_pipeline(c->pg, rc);
  if (rc != KN_TX_OK) kn_db_clear(qs, nq);
  return rc;
}

/* kn_db_tx_decide on c: the reads and their sync, the decision, then the writes, COMMIT and
 * [token] with a second sync (two round trips, one envelope). KN_TX_REFUSED: decide said no.
 * *sent: whether any write was sent (after that a broken connection may have committed). */
static int conn_tx_decide(kn_db_conn_t *c, const kn_db_ctx_t *ctx, char *token, kn_db_query_t *reads, int nr,
                          kn_db_decide_fn decide, void *arg, kn_db_query_t *writes, int nw, kn_db_error_t *err,
                          bool *sent) {
  *sent = false;
  if (prepare_all(c, reads, nr) || prepare_all(c, writes, nw))
    return PQstatus(c->pg) == CONNECTION_OK ? KN_TX_PREPARE : KN_TX_BROKEN;
  if (!PQenterPipelineMode(c->pg)) return KN_TX_BROKEN;
  int rc = KN_TX_BROKEN;
  if (send_begin(c->pg, ctx, false, NULL) == 0 && send_queries(c->pg, reads, nr) == 0 && PQpipelineSync(c->pg))
    rc = collect(c->pg, 2, false, reads, nr, false, NULL, err);
  if (rc == KN_TX_OK && !decide(arg, reads, nr, writes, nw)) rc = KN_TX_REFUSED;
  kn_db_clear(reads, nr);
  if (rc == KN_TX_OK) {
    *sent = true;
    rc = KN_TX_BROKEN;
    if (send_queries(c->pg, writes, nw) == 0 && send_commit(c->pg, token != NULL) == 0)
      rc = collect(c->pg, 0, false, writes, nw, true, token, err);
  }
  end_pipeline(c->pg, rc);
  if (rc != KN_TX_OK) kn_db_clear(writes, nw);
  return rc;
}

int kn_db_tx_decide(const kn_db_ctx_t *ctx, kn_db_query_t *reads, int nr, kn_db_decide_fn decide, void *arg,
                    kn_db_query_t *writes, int nw, kn_db_error_t *err) {
  memset(err, 0, sizeof *err);
  for (int i = 0; i < nr; i++) reads[i].result = NULL;
  for (int i = 0; i < nw; i++) writes[i].result = NULL;
  char *token = kn_cfg.nread_urls > 0 ? ctx->commit_token : NULL;
  /* retried once on a fresh connection only when it broke before any write was sent */
  for (int attempt = 0; attempt < 2; attempt++) {
    if (ensure_conn() != 0) break;
    bool sent;
    int r = conn_tx_decide(&primary, ctx, token, reads, nr, decide, arg, writes, nw, err, &sent);
    if (r == KN_TX_OK) return 0;
    if (r == KN_TX_REFUSED) return 1;
    if (r == KN_TX_SQL_ERROR) return -1;
    if (r == KN_TX_PREPARE) return prepare_failed(err);
    kn_db_conn_close(&primary);
    if (sent) break;
  }
  memset(err, 0, sizeof *err);
  err->connection_lost = true;
  return -1;
}

void kn_db_thread_end(void) {
  kn_db_conn_close(&primary);
  kn_db_replica_close_all();
}

/* "XXXXXXXX/XXXXXXXX" in hex, as pg_lsn prints it. */
static bool token_ok(const char *t) {
  int n = 0, parts = 0;
  for (;; t++) {
    bool hex = (*t >= '0' && *t <= '9') || (*t >= 'A' && *t <= 'F') || (*t >= 'a' && *t <= 'f');
    if (hex && ++n <= 8) continue;
    if (n < 1 || n > 8) return false;
    parts++;
    if (*t == '/' && parts == 1) { n = 0; continue; }
    return *t == '\0' && parts == 2;
  }
}

void kn_db_token_max(char *a, const char *b) {
  unsigned long ah, al, bh, bl;
  if (!b[0]) return;
  if (a[0] && sscanf(a, "%lx/%lx", &ah, &al) == 2 && sscanf(b, "%lx/%lx", &bh, &bl) == 2 &&
      (ah > bh || (ah == bh && al >= bl)))
    return;
  snprintf(a, KN_DB_TOKEN_MAX, "%s", b);
}

/* A replica failure that the primary may not share: connection and recovery conflicts,
 * resources, internal errors. Application errors are answered as they are. */
static bool replica_trouble(const kn_db_error_t *e) {
  const char *s = e->sqlstate;
  return e->connection_lost || strcmp(s, "40001") == 0 || strncmp(s, "57P", 3) == 0 ||
         strncmp(s, "08", 2) == 0 || strncmp(s, "53", 2) == 0 || strncmp(s, "58", 2) == 0 ||
         strncmp(s, "XX", 2) == 0 || s[0] == '\0';
}

/* Try the read on a replica: true when it is answered there (*rc set), false to use the primary. */
static bool on_replica(const kn_db_ctx_t *ctx, kn_db_query_t *qs, int nq, kn_db_error_t *err, int *rc) {
  const char *after = ctx->read_after && ctx->read_after[0] ? ctx->read_after : NULL;
  if (after && !token_ok(after)) return false;
  kn_db_conn_t *c = kn_db_replica_pick();
  if (!c) return false;
  int r = kn_db_conn_tx(c, ctx, true, after, NULL, qs, nq, err);
  if (r == KN_TX_OK) { *rc = 0; return true; }
  if (r == KN_TX_SQL_ERROR && !replica_trouble(err)) { *rc = -1; return true; }
  if (r == KN_TX_BROKEN || r == KN_TX_PREPARE || r == KN_TX_SQL_ERROR) {
    kn_log("warn", "read replica failed (%s %s), reading from the primary", err->sqlstate, err->message);
    kn_db_replica_failed();
  }
  memset(err, 0, sizeof *err);
  return false;
}

int kn_db_tx(const kn_db_ctx_t *ctx, bool ro, kn_db_query_t *qs, int nq, kn_db_error_t *err) {
  memset(err, 0, sizeof *err);
  for (int i = 0; i < nq; i++) qs[i].result = NULL;
  int rc;
  if (kn_cfg.nread_urls > 0 && ro && ctx->replica_ok && on_replica(ctx, qs, nq, err, &rc)) return rc;
  char *token = kn_cfg.nread_urls > 0 && !ro ? ctx->commit_token : NULL;
  /* A read-only transaction may be retried once on a fresh connection (the database may have
   * restarted since this worker last used it); a write is never retried, since its COMMIT may
   * have happened before the connection broke. */
  for (int attempt = 0; attempt < (ro ? 2 : 1); attempt++) {
    if (ensure_conn() != 0) break;
    int r = kn_db_conn_tx(&primary, ctx, ro, NULL, token, qs, nq, err);
    if (r == KN_TX_OK) return 0;
    if (r == KN_TX_SQL_ERROR) return -1;
    if (r == KN_TX_PREPARE) return prepare_failed(err);
    kn_db_conn_close(&primary);
  }
  memset(err, 0, sizeof *err);
  err->connection_lost = true;
  return -1;
}

int kn_db_schema_files_applied(const char *fingerprint) {
  if (!fingerprint || ensure_conn() != 0) return -1;
  const char *vals[1] = {fingerprint};
  PGresult *res = PQexecParams(primary.pg,
    "SELECT (SELECT count(*) FROM schema_migrations WHERE name || '=' || checksum = ANY ($1::text[])) "
    "     + (SELECT count(*) FROM schema_functions WHERE module || '=' || checksum = ANY ($1::text[]))",
    1, NULL, vals, NULL, NULL, 0);
  int n = PQresultStatus(res) == PGRES_TUPLES_OK ? atoi(PQgetvalue(res, 0, 0)) : -1;
  PQclear(res);
  if (n < 0) kn_db_conn_close(&primary);
  return n;
}
