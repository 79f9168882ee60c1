/* Migration runner (`kinerja migrate`). Owner: db.
 *
 * Decides: the whole run is ONE transaction under an advisory lock — function modules of the
 * [before] phase, then the pending versioned migrations (sql/migrations/NNNN_*.sql, applied once,
 * recorded with their SHA-256), then the [after] modules — so a failure anywhere leaves the
 * database as it was. Versioned migrations are append-only: an edited or missing applied file
 * is refused. The migrations released before issue 13 (up to LEGACY_LAST) still create the
 * functions of their time, unchanged; the modules re-define them right after, so the live
 * definition is always the module's. A later migration may not define functions, triggers or
 * views: those belong in sql/functions/ (migrate_modules.c, which also checks overloads and
 * orphans). */
#include "kinerja/migrate.h"
#include "migrate_int.h"
#include "kinerja/fileutil.h"
#include "kinerja/log.h"
#include <ctype.h>
#include <dirent.h>
#include <libgen.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOCK_KEY "7301202201" /* arbitrary, fixed: serialises concurrent migrators */
/* the last migration released before functions moved to sql/functions (release 968a585) */
#define LEGACY_LAST "0024_webhook.sql"

const char *kn_db_migrations_dir(void) {
  const char *d = getenv("KINERJA_MIGRATIONS_DIR");
  return (d && *d) ? d : KN_SOURCE_DIR "/sql/migrations";
}

const char *kn_db_functions_dir(void) {
  static char dir[1100];
  const char *d = getenv("KINERJA_FUNCTIONS_DIR");
  if (d && *d) return d;
  /* default: the sibling of the migrations folder (sql/functions beside sql/migrations) */
  char tmp[1024];
  snprintf(tmp, sizeof tmp, "%s", kn_db_migrations_dir());
  snprintf(dir, sizeof dir, "%s/functions", dirname(tmp));
  return dir;
}

void kn_db_mig_sha256_hex(const char *s, char out[65]) {
  unsigned char md[32];
  unsigned len = 0;
  EVP_Digest(s, strlen(s), md, &len, EVP_sha256(), NULL);
  for (int i = 0; i < 32; i++) sprintf(out + 2 * i, "%02x", md[i]);
}

int kn_db_mig_exec(PGconn *c, const char *sql, const char *what) {
  PGresult *r = PQexec(c, sql);
  ExecStatusType st = PQresultStatus(r);
  int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY; /* comments only */
  if (!ok) kn_log("error", "%s: SQL failed: %s", what, PQerrorMessage(c));
  PQclear(r);
  return ok ? 0 : -1;
}

static int by_name(const void *a, const void *b) {
  return strcmp(((const kn_sql_file_t *)a)->name, ((const kn_sql_file_t *)b)->name);
}

static int load_migrations(kn_sql_file_t *files) {
  DIR *d = opendir(kn_db_migrations_dir());
  if (!d) { kn_log("error", "cannot open migrations dir %s", kn_db_migrations_dir()); return -1; }
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < KN_MIG_MAX_FILES) {
    size_t l = strlen(e->d_name);
    if (l < 9 || l >= sizeof files[0].name || strcmp(e->d_name + l - 4, ".sql") != 0) continue;
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", kn_db_migrations_dir(), e->d_name);
    memset(&files[n], 0, sizeof files[n]);
    memcpy(files[n].name, e->d_name, l + 1); /* l < sizeof name, checked above */
    files[n].sql = kn_file_read(path, NULL);
    if (!files[n].sql) { closedir(d); kn_db_sql_files_free(files, n); return -1; }
    kn_db_mig_sha256_hex(files[n].sql, files[n].checksum);
    n++;
  }
  closedir(d);
  qsort(files, (size_t)n, sizeof files[0], by_name);
  return n;
}

static bool is_legacy(const char *name) { return strcmp(name, LEGACY_LAST) <= 0; }

/* A new migration holds tables, indexes, constraints, policies, grants and data only. */
static int check_migration_content(const kn_sql_file_t *f) {
  static const char *const FORBIDDEN[] = {"create function", "create or replace function", "create procedure",
                                          "create or replace procedure", "create trigger",
                                          "create or replace trigger", "create constraint trigger",
                                          "create view", "create or replace view", "create materialized view"};
  size_t len = strlen(f->sql);
  char *norm = malloc(len + 1);
  if (!norm) return -1;
  size_t j = 0;
  for (size_t i = 0; i < len; i++) { /* lower case, whitespace runs as one space */
    char ch = isspace((unsigned char)f->sql[i]) ? ' ' : (char)tolower((unsigned char)f->sql[i]);
    if (ch == ' ' && j && norm[j - 1] == ' ') continue;
    norm[j++] = ch;
  }
  norm[j] = '\0';
  int rc = 0;
  for (size_t k = 0; k < sizeof FORBIDDEN / sizeof *FORBIDDEN; k++) {
    if (strstr(norm, FORBIDDEN[k])) {
      kn_log("error", "migration %s contains \"%s\": functions, triggers and views belong in a module "
             "under sql/functions/ (see sql/functions/ORDER)", f->name, FORBIDDEN[k]);
      rc = -1;
      break;
    }
  }
  free(norm);
  return rc;
}

/* Compare files with schema_migrations. state[i]: 0 pending, 1 applied. Returns the count
 * pending, or -1. */
static int compare(PGconn *c, kn_sql_file_t *files, int n, int *state) {
  PGresult *r = PQexec(c, "SELECT name, checksum FROM schema_migrations ORDER BY name");
  if (PQresultStatus(r) != PGRES_TUPLES_OK) { PQclear(r); return n; /* table absent: all pending */ }
  int rc = 0;
  for (int row = 0; row < PQntuples(r); row++) {
    const char *name = PQgetvalue(r, row, 0), *sum = PQgetvalue(r, row, 1);
    int found = 0;
    for (int i = 0; i < n; i++) {
      if (strcmp(files[i].name, name) != 0) continue;
      found = 1;
      state[i] = 1;
      if (strcmp(files[i].checksum, sum) == 0) continue;
      kn_log("error", "migration %s was edited after it was applied (checksum %s, recorded %s); "
             "restore the file and put the change in a new migration", name, files[i].checksum, sum);
      rc = -1;
    }
    if (!found) {
      kn_log("error", "migration %s is recorded in the database but its file is missing", name);
      rc = -1;
    }
  }
  PQclear(r);
  if (rc < 0) return -1;
  int todo = 0;
  for (int i = 0; i < n; i++) todo += state[i] == 0;
  return todo;
}

static int record(PGconn *c, const char *sql, const kn_sql_file_t *f) {
  const char *vals[2] = {f->name, f->checksum};
  PGresult *r = PQexecParams(c, sql, 2, NULL, vals, NULL, NULL, 0);
  int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  if (!ok) kn_log("error", "cannot record migration %s: %s", f->name, PQerrorMessage(c));
  PQclear(r);
  return ok ? 0 : -1;
}

/* Pending migrations in order. The [before] modules (the tenant context later migrations call)
 * go in just ahead of the first post-legacy one: the legacy migrations create those functions
 * themselves, with CREATE FUNCTION, on a new database. Returns the number applied or -1. */
static int apply_migrations(PGconn *c, kn_sql_file_t *files, int n, const int *state, kn_sql_file_t *mods, int nm) {
  int applied = 0;
  bool before_done = false;
  for (int i = 0; i < n; i++) {
    if (state[i] != 0) continue;
    if (!is_legacy(files[i].name)) {
      if (!before_done && kn_db_modules_apply(c, mods, nm, true, false) < 0) return -1;
      before_done = true;
      if (check_migration_content(&files[i]) != 0) return -1;
    }
    if (kn_db_mig_exec(c, files[i].sql, files[i].name) != 0) {
      kn_log("error", "migration %s failed", files[i].name);
      return -1;
    }
    if (record(c, "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)", &files[i]) != 0) return -1;
    kn_log("info", "applied migration %s", files[i].name);
    applied++;
  }
  if (!before_done && kn_db_modules_apply(c, mods, nm, true, false) < 0) return -1;
  return applied;
}

static int apply_all(PGconn *c, kn_sql_file_t *files, int n, kn_sql_file_t *mods, int nm, const int *state) {
  int applied = apply_migrations(c, files, n, state, mods, nm);
  if (applied < 0) return -1;
  /* after a migration every [after] module is re-applied: it may have dropped their objects */
  if (kn_db_modules_apply(c, mods, nm, false, applied > 0) < 0) return -1;
  return kn_db_modules_check_orphans(c);
}

static int run(const char *conninfo, int apply) {
  static kn_sql_file_t files[KN_MIG_MAX_FILES], mods[KN_MIG_MAX_FILES];
  int state[KN_MIG_MAX_FILES] = {0};
  int n = load_migrations(files);
  if (n < 0) return -1;
  int nm = kn_db_modules_load(mods, KN_MIG_MAX_FILES);
  if (nm < 0) { kn_db_sql_files_free(files, n); return -1; }
  PGconn *c = PQconnectdb(conninfo);
  int rc = -1;
  if (PQstatus(c) != CONNECTION_OK) {
    kn_log("error", "cannot connect for migrations: %s", PQerrorMessage(c));
    goto out;
  }
  PQclear(PQexec(c, "SET client_min_messages = warning"));
  if (apply) {
    if (kn_db_mig_exec(c, "BEGIN", "migrate") != 0 ||
        kn_db_mig_exec(c, "SELECT pg_advisory_xact_lock(" LOCK_KEY ")", "migrate") != 0 ||
        kn_db_mig_exec(c, "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, "
                       "checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()); "
                       "CREATE TABLE IF NOT EXISTS schema_functions (module text PRIMARY KEY, "
                       "checksum text NOT NULL, functions text[] NOT NULL DEFAULT '{}', "
                       "applied_at timestamptz NOT NULL DEFAULT now())", "migrate") != 0)
      goto out;
  }
  int todo = compare(c, files, n, state);
  int due = todo < 0 ? -1 : kn_db_modules_compare(c, mods, nm);
  if (todo < 0 || due < 0) goto out;
  if (!apply) { rc = todo + due; goto out; }
  if (apply_all(c, files, n, mods, nm, state) != 0 || kn_db_mig_exec(c, "COMMIT", "migrate") != 0) {
    kn_log("error", "migrate failed: rolled back, nothing was applied");
    goto out;
  }
  rc = 0;
out:
  if (apply && rc != 0 && PQstatus(c) == CONNECTION_OK) PQclear(PQexec(c, "ROLLBACK"));
  PQfinish(c);
  kn_db_sql_files_free(files, n);
  kn_db_sql_files_free(mods, nm);
  return rc;
}

int kn_db_migrate_apply(const char *conninfo) { return run(conninfo, 1); }
int kn_db_migrate_check(const char *conninfo) { return run(conninfo, 0); }

const char *kn_db_migrate_fingerprint(int *count) {
  static char *fp;
  static int fp_count;
  if (fp) { *count = fp_count; return fp; }
  static kn_sql_file_t files[KN_MIG_MAX_FILES], mods[KN_MIG_MAX_FILES];
  int n = load_migrations(files);
  int nm = n < 0 ? -1 : kn_db_modules_load(mods, KN_MIG_MAX_FILES);
  if (n < 0 || nm < 0) { if (n > 0) kn_db_sql_files_free(files, n); *count = -1; return NULL; }
  size_t cap = (size_t)(n + nm) * 200 + 3, used = 0;
  fp = malloc(cap);
  if (!fp) { *count = -1; return NULL; }
  fp[used++] = '{';
  for (int i = 0; i < n + nm; i++) {
    const kn_sql_file_t *f = i < n ? &files[i] : &mods[i - n];
    used += (size_t)snprintf(fp + used, cap - used, "%s\"%s=%s\"", i ? "," : "", f->name, f->checksum);
  }
  snprintf(fp + used, cap - used, "}");
  fp_count = n + nm;
  kn_db_sql_files_free(files, n);
  kn_db_sql_files_free(mods, nm);
  *count = fp_count;
  return fp;
}
