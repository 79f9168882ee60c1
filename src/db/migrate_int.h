/* Internal to the migration runner (src/db/migrate.c, migrate_modules.c). Owner: db.
 * migrate.c owns the run (one transaction, the lock, versioned migrations);
 * migrate_modules.c owns the function modules listed in sql/functions/ORDER and their checks. */
#ifndef KINERJA_MIGRATE_INT_H
#define KINERJA_MIGRATE_INT_H
#include <libpq-fe.h>
#include <stdbool.h>

#define KN_MIG_MAX_FILES 256

typedef struct kn_sql_file {
  char name[128];
  char checksum[65]; /* SHA-256 hex of the content */
  char *sql;
  bool before;       /* modules: applied before the pending migrations */
  bool dirty;        /* modules: content differs from what the database recorded */
} kn_sql_file_t;

void kn_db_mig_sha256_hex(const char *s, char out[65]);
/* Run one statement batch; logs the server's message under `what` on failure. 0 or -1. */
int kn_db_mig_exec(PGconn *c, const char *sql, const char *what);

/* Read sql/functions/ORDER and the module files it lists. Returns the count or -1 (logged):
 * a file listed twice, missing, or present but not listed is an error. */
int kn_db_modules_load(kn_sql_file_t *mods, int max);
void kn_db_sql_files_free(kn_sql_file_t *files, int n);

/* Mark modules whose checksum differs from schema_functions; returns how many (all when the
 * table does not exist yet). */
int kn_db_modules_compare(PGconn *c, kn_sql_file_t *mods, int n);

/* Inside the caller's transaction: apply the dirty modules of one phase (all of that phase when
 * `all`), each followed by its overload/removal checks and its record in schema_functions.
 * Returns the number applied or -1 (logged; the caller rolls back). */
int kn_db_modules_apply(PGconn *c, kn_sql_file_t *mods, int n, bool before, bool all);

/* After all phases: a function in the schema that no module defines is an error (-1). */
int kn_db_modules_check_orphans(PGconn *c);
#endif
