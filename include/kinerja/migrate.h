/* Migration runner: versioned migrations (sql/migrations/NNNN_*.sql: tables, indexes,
 * constraints, policies, grants, data; applied once, append-only, checksummed) and function
 * modules (sql/functions/<module>.sql in the order of sql/functions/ORDER: functions and triggers,
 * re-applied when their content changes), all in one transaction under an advisory lock.
 * Owner: db. See docs/architecture.md "Schema changes". */
#ifndef KINERJA_MIGRATE_H
#define KINERJA_MIGRATE_H

/* Directory with NNNN_*.sql files: KINERJA_MIGRATIONS_DIR, else the source tree's sql/migrations. */
const char *kn_db_migrations_dir(void);

/* Directory with the function modules and ORDER: KINERJA_FUNCTIONS_DIR, else "functions" beside
 * the migrations directory. */
const char *kn_db_functions_dir(void);

/* Apply pending migrations and due modules. Returns 0 or -1 (message logged; nothing applied). */
int kn_db_migrate_apply(const char *conninfo);

/* Verify applied migrations against the files: returns the number of migrations and modules
 * still to apply (>= 0), or -1 when an applied file was edited or removed, or the database is
 * unreachable. */
int kn_db_migrate_check(const char *conninfo);

/* For /readyz: a PostgreSQL text[] literal of "name=checksum" for every migration and module
 * file; *count is their number (-1 when the files cannot be read). Computed once. */
const char *kn_db_migrate_fingerprint(int *count);
#endif
