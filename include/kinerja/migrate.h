/* Migration runner: numbered SQL files applied once each, in order, in their own transaction,
 * under an advisory lock, recorded with a SHA-256 checksum. Owner: db. */
#ifndef KINERJA_MIGRATE_H
#define KINERJA_MIGRATE_H

/* Directory with NNNN_*.sql files: KINERJA_MIGRATIONS_DIR, else the source tree's sql/migrations. */
const char *kn_migrations_dir(void);

/* Apply pending migrations. Returns 0 or -1 (message logged). */
int kn_migrate_apply(const char *conninfo);

/* Verify applied migrations against the files: returns the number pending (>= 0), or -1 when
 * an applied file was edited or removed, or the database is unreachable. */
int kn_migrate_check(const char *conninfo);

/* Number of migration files found (for /readyz). */
int kn_migrate_expected(void);
#endif
