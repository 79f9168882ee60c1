/* PostgreSQL access: one connection per worker thread, statements prepared once per
 * connection, every unit of work as ONE pipelined transaction. Owner: db.
 * Knows nothing of HTTP: callers pass a kn_db_ctx_t (the API builds it from the request,
 * background work — webhook worker, SIASN CLI — from its own identity). Answering a database
 * error as problem+json is the API's job (kn_api_db_fail, src/api/db_fail.c). */
#ifndef KINERJA_DB_H
#define KINERJA_DB_H
#include <libpq-fe.h>
#include <stdbool.h>

/* Register a statement before the server starts; returns its id. sql uses $1.. params. */
int kn_db_register(const char *name, const char *sql);
/* Number of registered statements (0 in tools that run no queries). */
int kn_db_statement_count(void);

typedef struct kn_db_query {
  int stmt;                    /* id from kn_db_register */
  int nparams;
  const char *const *values;   /* borrowed, text format; NULL entries are SQL NULL */
  const int *lengths;          /* optional: byte lengths of binary params */
  const int *formats;          /* optional: 1 = binary param (bytea uploads), 0 = text */
  int binary_result;           /* 1: columns come back in binary format (bytea downloads) */
  PGresult *result;            /* filled on success; caller clears with kn_db_clear */
} kn_db_query_t;

typedef struct kn_db_error {
  char sqlstate[6];
  char message[512];          /* primary message (for raised app errors: the problem code) */
  char detail[512];           /* Bahasa Indonesia detail */
  char hint[512];             /* English detail (app-raised errors) */
  bool connection_lost;
} kn_db_error_t;

/* Who the work is for: set as app.* settings at the start of the transaction, read by
 * row-level security (tenant), the audit trail (actor, roles, request id) and the SQL access
 * helpers (nip, scope). All borrowed; NULL or "" = unset. */
typedef struct kn_db_ctx {
  const char *instansi;   /* tenant code */
  const char *actor;      /* who acts: token sub, "worker:…", "cli:…" */
  const char *roles;      /* comma-separated roles */
  const char *request_id;
  const char *nip;        /* the acting pegawai's NIP, if any */
  const char *scope;      /* OAuth scopes of an integration client */
  /* Read scaling (KINERJA_DATABASE_URL_READ; all ignored when no replica is configured). */
  bool replica_ok;        /* a read-only transaction may be served by a replica */
  const char *read_after; /* consistency token of an earlier write: a replica serves the read only
                             once it has replayed that far, else the primary does; a malformed
                             token sends the read to the primary */
  char *commit_token;     /* optional out, KN_DB_TOKEN_MAX bytes: after a committed write, the
                             token (a WAL position >= its commit record); untouched otherwise */
} kn_db_ctx_t;

/* Size of a consistency token buffer ("XXXXXXXX/XXXXXXXX" and NUL). */
#define KN_DB_TOKEN_MAX 24
/* Keep in `a` (KN_DB_TOKEN_MAX bytes) the later of tokens a and b ("" = none): the token of a
 * request that committed several transactions (the whole-instansi KKE run). */
void kn_db_token_max(char *a, const char *b);

/* Run queries in one pipelined transaction with ctx: BEGIN [READ ONLY]; set_config(...);
 * q1..qn; COMMIT. On any error everything is rolled back. Returns 0, or -1 with *err filled.
 * With replicas configured (src/db/replica.c): a read-only transaction with ctx->replica_ok
 * goes to the first healthy replica (not down, within KINERJA_READ_MAX_LAG_MS, and past
 * ctx->read_after), else to the primary — a replica problem never fails the call; a write
 * pipelines pg_current_wal_insert_lsn() after its COMMIT into ctx->commit_token. */
int kn_db_tx(const kn_db_ctx_t *ctx, bool read_only, kn_db_query_t *qs, int nq, kn_db_error_t *err);

/* A decision between the reads and the writes of one transaction (made in C on the facts the
 * reads returned): true to go on with the writes, whose values it may fill in; false to roll
 * back. The reads' results are cleared after it returns. It runs while the connection is inside
 * the transaction: it must not use the database itself. */
typedef bool (*kn_db_decide_fn)(void *arg, kn_db_query_t *reads, int nr, kn_db_query_t *writes, int nw);

/* A write that rests on facts, as ONE transaction on the primary: BEGIN; set_config(...);
 * reads; (sync) decide; writes; COMMIT (two round trips, one envelope, where a fact read and
 * then a write took two transactions). The writes still check what they depend on under their
 * locks (If-Match versions, status guards): at READ COMMITTED each statement has its own
 * snapshot. Returns 0 (committed; the writes' results are set), 1 (decide refused; nothing
 * written), or -1 with *err filled. Retried once on a fresh connection only when the connection
 * broke before the writes were sent. */
int kn_db_tx_decide(const kn_db_ctx_t *ctx, kn_db_query_t *reads, int nr, kn_db_decide_fn decide, void *arg,
                    kn_db_query_t *writes, int nw, kn_db_error_t *err);

void kn_db_clear(kn_db_query_t *qs, int nq);

/* A thread that used kn_db_tx and now ends closes its connections (primary and replicas): they
 * are per thread and would stay open otherwise. */
void kn_db_thread_end(void);

/* Through this thread's connection (readyz): how many of the migration and function-module files
 * in `fingerprint` (kn_db_migrate_fingerprint) the database recorded with the same checksum; -1
 * when unreachable. */
int kn_db_schema_files_applied(const char *fingerprint);

#endif
