/* Migration runner. Owner: db. */
#include "kinerja/migrate.h"
#include "kinerja/fileutil.h"
#include "kinerja/log.h"
#include <dirent.h>
#include <libpq-fe.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILES 256
#define LOCK_KEY "7301202201" /* arbitrary, fixed: serialises concurrent migrators */

typedef struct mig_file {
  char name[128];
  char checksum[65];
  char *sql;
} mig_file_t;

const char *kn_migrations_dir(void) {
  const char *d = getenv("KINERJA_MIGRATIONS_DIR");
  return (d && *d) ? d : KN_SOURCE_DIR "/sql/migrations";
}

static int by_name(const void *a, const void *b) {
  return strcmp(((const mig_file_t *)a)->name, ((const mig_file_t *)b)->name);
}

static void sha256_hex(const char *s, char out[65]) {
  unsigned char md[32];
  unsigned len = 0;
  EVP_Digest(s, strlen(s), md, &len, EVP_sha256(), NULL);
  for (int i = 0; i < 32; i++) sprintf(out + 2 * i, "%02x", md[i]);
}

static int load_files(mig_file_t *files) {
  DIR *d = opendir(kn_migrations_dir());
  if (!d) { kn_log("error", "cannot open migrations dir %s", kn_migrations_dir()); return -1; }
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < MAX_FILES) {
    size_t l = strlen(e->d_name);
    if (l < 9 || l >= sizeof files[0].name || strcmp(e->d_name + l - 4, ".sql") != 0) continue;
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", kn_migrations_dir(), e->d_name);
    memcpy(files[n].name, e->d_name, l + 1); /* l < sizeof name, checked above */
    files[n].sql = kn_read_file(path, NULL);
    if (!files[n].sql) { closedir(d); return -1; }
    sha256_hex(files[n].sql, files[n].checksum);
    n++;
  }
  closedir(d);
  qsort(files, (size_t)n, sizeof files[0], by_name);
  return n;
}

static void free_files(mig_file_t *files, int n) {
  for (int i = 0; i < n; i++) free(files[i].sql);
}

static int exec_ok(PGconn *c, const char *sql) {
  PGresult *r = PQexec(c, sql);
  ExecStatusType st = PQresultStatus(r);
  int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
  if (!ok) kn_log("error", "migration SQL failed: %s", PQerrorMessage(c));
  PQclear(r);
  return ok ? 0 : -1;
}

/* Compare files with the schema_migrations table. Returns pending count or -1. */
static int compare(PGconn *c, mig_file_t *files, int n, int *applied_flags) {
  PGresult *r = PQexec(c, "SELECT name, checksum FROM schema_migrations ORDER BY name");
  if (PQresultStatus(r) != PGRES_TUPLES_OK) { PQclear(r); return n; /* table absent: all pending */ }
  int rc = 0;
  for (int row = 0; row < PQntuples(r); row++) {
    const char *name = PQgetvalue(r, row, 0), *sum = PQgetvalue(r, row, 1);
    int found = 0;
    for (int i = 0; i < n; i++) {
      if (strcmp(files[i].name, name) != 0) continue;
      found = 1;
      applied_flags[i] = 1;
      if (strcmp(files[i].checksum, sum) != 0) {
        kn_log("error", "migration %s was edited after it was applied (checksum %s, recorded %s); "
               "restore the file and put the change in a new migration", name, files[i].checksum, sum);
        rc = -1;
      }
    }
    if (!found) {
      kn_log("error", "migration %s is recorded in the database but its file is missing", name);
      rc = -1;
    }
  }
  PQclear(r);
  if (rc < 0) return -1;
  int pending = 0;
  for (int i = 0; i < n; i++) pending += !applied_flags[i];
  return pending;
}

static int run(const char *conninfo, int apply) {
  static mig_file_t files[MAX_FILES];
  int applied[MAX_FILES] = {0};
  int n = load_files(files);
  if (n < 0) return -1;
  PGconn *c = PQconnectdb(conninfo);
  int rc = -1;
  if (PQstatus(c) != CONNECTION_OK) {
    kn_log("error", "cannot connect for migrations: %s", PQerrorMessage(c));
    goto out;
  }
  PQclear(PQexec(c, "SET client_min_messages = warning"));
  if (apply) {
    if (exec_ok(c, "SELECT pg_advisory_lock(" LOCK_KEY ")") != 0) goto out;
    if (exec_ok(c, "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, "
                   "checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())") != 0) goto out;
  }
  rc = compare(c, files, n, applied);
  if (rc < 0 || !apply) goto out;
  for (int i = 0; i < n; i++) {
    if (applied[i]) continue;
    const char *vals[2] = {files[i].name, files[i].checksum};
    if (exec_ok(c, "BEGIN") != 0) { rc = -1; goto out; }
    if (exec_ok(c, files[i].sql) != 0) {
      kn_log("error", "migration %s failed and was rolled back", files[i].name);
      PQclear(PQexec(c, "ROLLBACK"));
      rc = -1;
      goto out;
    }
    PGresult *r = PQexecParams(c, "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)",
                               2, NULL, vals, NULL, NULL, 0);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok || exec_ok(c, "COMMIT") != 0) { PQclear(PQexec(c, "ROLLBACK")); rc = -1; goto out; }
    kn_log("info", "applied migration %s", files[i].name);
  }
  rc = 0;
out:
  if (apply && PQstatus(c) == CONNECTION_OK) PQclear(PQexec(c, "SELECT pg_advisory_unlock(" LOCK_KEY ")"));
  PQfinish(c);
  free_files(files, n);
  return rc;
}

int kn_migrate_apply(const char *conninfo) { return run(conninfo, 1); }
int kn_migrate_check(const char *conninfo) { return run(conninfo, 0); }

int kn_migrate_expected(void) {
  static mig_file_t files[MAX_FILES];
  int n = load_files(files);
  if (n > 0) free_files(files, n);
  return n;
}
