/* PostgreSQL access: one connection per worker thread, statements prepared once per
 * connection, every request as ONE pipelined transaction. Owner: db. */
#ifndef KINERJA_DB_H
#define KINERJA_DB_H
#include <libpq-fe.h>
#include <stdbool.h>

struct kn_req;

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

/* Run queries in one pipelined transaction with the request's tenant/principal context:
 * BEGIN [READ ONLY]; set_config(...); q1..qn; COMMIT. On any error everything is rolled back.
 * Returns 0, or -1 with *err filled. */
int kn_db_tx(struct kn_req *r, bool read_only, kn_db_query_t *qs, int nq, kn_db_error_t *err);

/* Convenience: one statement; on error answers the mapped problem and returns NULL.
 * On success returns the result (caller clears with PQclear). */
PGresult *kn_db_one(struct kn_req *r, bool read_only, int stmt, int nparams,
                    const char *const *values);

/* Answer the problem+json matching a database error (constraint → 409/422, app-raised KNxxx
 * codes → their status, connection loss → 503). */
void kn_db_fail(struct kn_req *r, const kn_db_error_t *err);

void kn_db_clear(kn_db_query_t *qs, int nq);

/* Through this thread's connection (readyz): how many of the migration and function-module files
 * in `fingerprint` (kn_migrate_fingerprint) the database recorded with the same checksum; -1
 * when unreachable. */
int kn_db_schema_files_applied(const char *fingerprint);

#endif
