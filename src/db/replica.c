/* Read replicas (KINERJA_DATABASE_URL_READ). Owner: db.
 * Decides which replica serves this worker thread's read-only transactions: the first one in
 * the configured order that is reachable, not marked down, and whose replay lag is within
 * KINERJA_READ_MAX_LAG_MS. Each thread keeps its own connection per replica (opened lazily, with
 * the same prepared statements as the primary's) and its own verdicts, so there is no lock.
 * A connection that fails marks its replica down for DOWN_MS; the lag is asked at most every
 * LAG_CHECK_MS per thread and connection. Read-your-writes (the consistency token) is checked
 * in the transaction itself (src/db/db.c). */
#include "db_int.h"
#include "kinerja/config.h"
#include "kinerja/log.h"
#include <stdlib.h>
#include <time.h>

#define DOWN_MS 5000
#define LAG_CHECK_MS 1000

typedef struct replica {
  kn_db_conn_t conn;
  long long skip_until;     /* monotonic ms: down (or lagging) until then */
  long long lag_checked_at; /* monotonic ms of the last lag check on conn; 0 = not yet */
  bool lagging;             /* last verdict, to log only its changes */
} replica_t;

static __thread replica_t replicas[KN_READ_MAX_URLS];
static __thread int picked = -1;

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Replay lag in ms: 0 when everything received is replayed and the WAL receiver runs (an idle
 * primary sends nothing, so the age of the last replayed commit would mislead), else the age of
 * the last replayed commit; 0 on a server that is not in recovery (a promoted replica). */
static const char LAG_SQL[] =
  "SELECT (CASE WHEN NOT pg_is_in_recovery() THEN 0 "
  "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() AND EXISTS (SELECT FROM pg_stat_wal_receiver) THEN 0 "
  "ELSE COALESCE(1000 * extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 1e12) END)::bigint";

/* The lag in ms, or -1 when the connection failed. */
static long long lag_ms(PGconn *pg) {
  PGresult *res = PQexec(pg, LAG_SQL);
  long long lag = -1;
  if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) lag = atoll(PQgetvalue(res, 0, 0));
  else kn_log("warn", "read replica lag check failed: %s", PQerrorMessage(pg));
  PQclear(res);
  return lag;
}

static void mark_down(int i, long long now) {
  kn_db_conn_close(&replicas[i].conn);
  replicas[i].skip_until = now + DOWN_MS;
}

kn_db_conn_t *kn_db_replica_pick(void) {
  long long now = now_ms();
  picked = -1;
  for (int i = 0; i < kn_cfg.nread_urls; i++) {
    replica_t *r = &replicas[i];
    if (r->skip_until > now) continue;
    if (!r->conn.pg || PQstatus(r->conn.pg) != CONNECTION_OK) {
      if (kn_db_conn_open(&r->conn, kn_cfg.read_urls[i], "kinerja-read") != 0) {
        mark_down(i, now);
        continue;
      }
      r->lag_checked_at = 0;
    }
    if (r->lag_checked_at == 0 || now - r->lag_checked_at >= LAG_CHECK_MS) {
      long long lag = lag_ms(r->conn.pg);
      if (lag < 0) { mark_down(i, now); continue; }
      r->lag_checked_at = now;
      bool lagging = lag > (long long)kn_cfg.read_max_lag_ms;
      if (lagging != r->lagging)
        kn_log(lagging ? "warn" : "info", lagging ? "read replica %d lags %lld ms: skipped"
                                                  : "read replica %d caught up (%lld ms): used again",
               i + 1, lag);
      r->lagging = lagging;
      if (lagging) { r->skip_until = now + LAG_CHECK_MS; r->lag_checked_at = 0; continue; }
    }
    picked = i;
    return &r->conn;
  }
  return NULL;
}

void kn_db_replica_failed(void) {
  if (picked >= 0) mark_down(picked, now_ms());
  picked = -1;
}

void kn_db_replica_close_all(void) {
  for (int i = 0; i < KN_READ_MAX_URLS; i++) kn_db_conn_close(&replicas[i].conn);
  picked = -1;
}
