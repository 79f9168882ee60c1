/* Internal to src/db: one database connection with its prepared statements, and the replica
 * choice of src/db/replica.c. Owner: db. */
#ifndef KINERJA_DB_INT_H
#define KINERJA_DB_INT_H
#include "kinerja/db.h"

#define KN_DB_MAX_STMTS 256

typedef struct kn_db_conn {
  PGconn *pg;                                  /* NULL when closed */
  unsigned char prepared[KN_DB_MAX_STMTS];     /* statement i prepared on pg */
} kn_db_conn_t;

/* Connect to url and set the session up (SET ROLE kinerja_app, time zone, timeouts).
 * app_name: the fallback application_name of a replica's session, which also gets
 * connect_timeout=2 (the url may set its own of both); NULL for the primary: only its url
 * counts. 0 or -1 (logged). */
int kn_db_conn_open(kn_db_conn_t *c, const char *url, const char *app_name);
void kn_db_conn_close(kn_db_conn_t *c);

/* Outcomes of kn_db_conn_tx. */
enum { KN_TX_OK = 0, KN_TX_SQL_ERROR = 1, KN_TX_BEHIND = 2, KN_TX_REFUSED = 3, KN_TX_BROKEN = -1, KN_TX_PREPARE = -2 };

/* One pipelined transaction on c: BEGIN [READ ONLY]; [the replay check of read_after];
 * set_config(ctx); qs; COMMIT; [pg_current_wal_insert_lsn() into token when token != NULL].
 * KN_TX_BEHIND: the replay check found the server short of read_after (nothing else ran). */
int kn_db_conn_tx(kn_db_conn_t *c, const kn_db_ctx_t *ctx, bool ro, const char *read_after,
                  char *token, kn_db_query_t *qs, int nq, kn_db_error_t *err);

/* This thread's connection to the first usable replica (connected, not marked down, replay lag
 * within KINERJA_READ_MAX_LAG_MS as checked at most once a second), or NULL. */
kn_db_conn_t *kn_db_replica_pick(void);
/* The picked replica's connection broke or failed: close it and skip it for a while. */
void kn_db_replica_failed(void);
/* Close this thread's replica connections (kn_db_thread_end). */
void kn_db_replica_close_all(void);

#endif
