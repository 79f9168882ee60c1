/* Function modules: sql/functions/<module>.sql files (functions, triggers, views) that
 * `kinerja migrate` re-applies whenever their content changes, in the order of
 * sql/functions/ORDER, like Flyway's repeatable migrations. Owner: db.
 *
 * Decides: which modules are due, their order and phase, and the safety checks after applying
 * them all (a function may move between modules, e.g. into compat.sql, in one change):
 * - an overload a module no longer defines (same name, other arguments) is refused;
 * - a function a module used to define and no longer does, but which still exists, is refused;
 * - a function no module defines (made by hand or by a migration) is refused.
 * "(Re)created by this run" is read from pg_proc.xmin: CREATE OR REPLACE rewrites the row, so a
 * row whose xmin is the running transaction was defined by a module just now.
 * Leaves to migrate.c: the transaction, the lock and the versioned migrations. */
#include "migrate_int.h"
#include "kinerja/fileutil.h"
#include "kinerja/log.h"
#include "kinerja/migrate.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XMIN_IS_MINE(col) "(" col "::text = (pg_current_xact_id()::text::bigint % 4294967296)::text)"
/* functions of extensions (btree_gist) are the extension's business, not a module's */
#define NOT_EXTENSION(oid) \
  "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = " oid \
  " AND d.deptype = 'e')"

void kn_db_sql_files_free(kn_sql_file_t *files, int n) {
  for (int i = 0; i < n; i++) { free(files[i].sql); files[i].sql = NULL; }
}

static int add_module(kn_sql_file_t *mods, int n, int max, const char *name, bool before) {
  if (n >= max || strlen(name) >= sizeof mods[0].name) {
    kn_log("error", "sql/functions/ORDER: too many modules or name too long: %s", name);
    return -1;
  }
  for (int i = 0; i < n; i++)
    if (strcmp(mods[i].name, name) == 0) { kn_log("error", "sql/functions/ORDER lists %s twice", name); return -1; }
  char path[1200];
  snprintf(path, sizeof path, "%s/%s", kn_db_functions_dir(), name);
  kn_sql_file_t *m = &mods[n];
  memset(m, 0, sizeof *m);
  snprintf(m->name, sizeof m->name, "%s", name);
  m->before = before;
  m->sql = kn_file_read(path, NULL);
  if (!m->sql) { kn_log("error", "sql/functions/ORDER lists %s but %s cannot be read", name, path); return -1; }
  kn_db_mig_sha256_hex(m->sql, m->checksum);
  return 0;
}

/* Every *.sql in the folder must be in ORDER: a module nobody applies would silently rot. */
static int check_all_listed(const kn_sql_file_t *mods, int n) {
  DIR *d = opendir(kn_db_functions_dir());
  if (!d) { kn_log("error", "cannot open %s", kn_db_functions_dir()); return -1; }
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l < 5 || strcmp(e->d_name + l - 4, ".sql") != 0) continue;
    int found = 0;
    for (int i = 0; i < n && !found; i++) found = strcmp(mods[i].name, e->d_name) == 0;
    if (!found) { kn_log("error", "sql/functions/%s is not listed in sql/functions/ORDER", e->d_name); rc = -1; }
  }
  closedir(d);
  return rc;
}

int kn_db_modules_load(kn_sql_file_t *mods, int max) {
  char path[1200];
  snprintf(path, sizeof path, "%s/ORDER", kn_db_functions_dir());
  char *order = kn_file_read(path, NULL);
  if (!order) { kn_log("error", "cannot read %s", path); return -1; }
  int n = 0, phase = 0, rc = 0; /* phase: 0 = no section yet, 1 = [before], 2 = [after] */
  char *save = NULL;
  for (char *ln = strtok_r(order, "\n", &save); ln && rc == 0; ln = strtok_r(NULL, "\n", &save)) {
    while (*ln == ' ' || *ln == '\t') ln++;
    size_t l = strlen(ln);
    while (l && (ln[l - 1] == ' ' || ln[l - 1] == '\t' || ln[l - 1] == '\r')) ln[--l] = '\0';
    if (!l || ln[0] == '#') continue;
    if (strcmp(ln, "[before]") == 0) { phase = 1; continue; }
    if (strcmp(ln, "[after]") == 0) { phase = 2; continue; }
    if (!phase) { kn_log("error", "%s: %s comes before any [before]/[after] section", path, ln); rc = -1; break; }
    rc = add_module(mods, n, max, ln, phase == 1);
    if (rc == 0) n++;
  }
  free(order);
  if (rc == 0) rc = check_all_listed(mods, n);
  if (rc != 0) { kn_db_sql_files_free(mods, n); return -1; }
  return n;
}

int kn_db_modules_compare(PGconn *c, kn_sql_file_t *mods, int n) {
  for (int i = 0; i < n; i++) mods[i].dirty = true;
  PGresult *r = PQexec(c, "SELECT module, checksum FROM schema_functions");
  if (PQresultStatus(r) != PGRES_TUPLES_OK) { PQclear(r); return n; /* table absent: all due */ }
  int rc = 0;
  for (int row = 0; row < PQntuples(r); row++) {
    const char *name = PQgetvalue(r, row, 0), *sum = PQgetvalue(r, row, 1);
    int found = 0;
    for (int i = 0; i < n; i++) {
      if (strcmp(mods[i].name, name) != 0) continue;
      found = 1;
      mods[i].dirty = strcmp(mods[i].checksum, sum) != 0;
    }
    if (!found) {
      kn_log("error", "function module %s is recorded in the database but sql/functions/%s is gone: "
             "drop its functions and its schema_functions row in a migration", name, name);
      rc = -1;
    }
  }
  PQclear(r);
  if (rc < 0) return -1;
  int due = 0;
  for (int i = 0; i < n; i++) due += mods[i].dirty;
  return due;
}

/* Run a one-row one-column check; a non-NULL answer is the list of offenders. */
static int refuse_if_any(PGconn *c, const char *sql, const char *module, const char *why) {
  const char *vals[1] = {module};
  PGresult *r = PQexecParams(c, sql, module ? 1 : 0, NULL, module ? vals : NULL, NULL, NULL, 0);
  int rc = 0;
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    kn_log("error", "function module check failed: %s", PQerrorMessage(c));
    rc = -1;
  } else if (!PQgetisnull(r, 0, 0)) {
    kn_log("error", "%s%s%s: %s", module ? "function module " : "", module ? module : "", why, PQgetvalue(r, 0, 0));
    rc = -1;
  }
  PQclear(r);
  return rc;
}

static const char SQL_TRACK[] =
  "CREATE TEMP TABLE IF NOT EXISTS kn_mig_created (module text NOT NULL, fn oid NOT NULL, sig text NOT NULL) "
  "ON COMMIT DROP; "
  "CREATE TEMP TABLE IF NOT EXISTS kn_mig_applied (module text PRIMARY KEY, checksum text NOT NULL) "
  "ON COMMIT DROP";

static const char SQL_CREATED[] =
  "INSERT INTO pg_temp.kn_mig_created (module, fn, sig) "
  "SELECT $1, p.oid, p.oid::regprocedure::text FROM pg_proc p "
  " WHERE p.pronamespace = 'public'::regnamespace AND " XMIN_IS_MINE("p.xmin") " AND " NOT_EXTENSION("p.oid")
  "   AND NOT EXISTS (SELECT 1 FROM pg_temp.kn_mig_created k WHERE k.fn = p.oid)";

static int apply_one(PGconn *c, kn_sql_file_t *m) {
  /* "before" modules run ahead of the tables their bodies may use (pg_dump does the same) */
  if (m->before && kn_db_mig_exec(c, "SET LOCAL check_function_bodies = off", m->name) != 0) return -1;
  if (kn_db_mig_exec(c, m->sql, m->name) != 0) {
    kn_log("error", "function module %s failed", m->name);
    return -1;
  }
  if (m->before && kn_db_mig_exec(c, "SET LOCAL check_function_bodies = on", m->name) != 0) return -1;
  const char *vals[2] = {m->name, m->checksum};
  PGresult *r = PQexecParams(c, SQL_CREATED, 1, NULL, vals, NULL, NULL, 0);
  int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  if (!ok) { kn_log("error", "function module %s: cannot track its functions: %s", m->name, PQerrorMessage(c)); return -1; }
  r = PQexecParams(c, "INSERT INTO pg_temp.kn_mig_applied (module, checksum) VALUES ($1, $2) "
                      "ON CONFLICT (module) DO UPDATE SET checksum = EXCLUDED.checksum", 2, NULL, vals, NULL, NULL, 0);
  ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok ? 0 : -1;
}

int kn_db_modules_apply(PGconn *c, kn_sql_file_t *mods, int n, bool before, bool all) {
  if (kn_db_mig_exec(c, SQL_TRACK, "function module tracking") != 0) return -1;
  int applied = 0;
  for (int i = 0; i < n; i++) {
    if (mods[i].before != before || !(all || mods[i].dirty)) continue;
    if (apply_one(c, &mods[i]) != 0) return -1;
    kn_log("info", "applied function module %s", mods[i].name);
    applied++;
  }
  return applied;
}

/* Functions a re-applied module recorded last time but did not define now, that still exist and
 * that no other module owns (an overload kept on purpose lives in a module, e.g. compat.sql).
 * With %s = "" they share a name with what the module defines now (an old overload left behind);
 * with %s = "NOT" they do not (a function removed from its module). */
#define SQL_STALE(NOT) \
  "WITH stale AS (" \
  "  SELECT f.module, s, to_regprocedure(s) AS fn FROM schema_functions f CROSS JOIN LATERAL unnest(f.functions) s" \
  "   WHERE f.module IN (SELECT module FROM pg_temp.kn_mig_applied) AND to_regprocedure(s) IS NOT NULL" \
  "     AND to_regprocedure(s)::oid NOT IN (SELECT fn FROM pg_temp.kn_mig_created)" \
  "     AND NOT EXISTS (SELECT 1 FROM schema_functions g WHERE g.module <> f.module" \
  "                      AND g.module NOT IN (SELECT module FROM pg_temp.kn_mig_applied) AND s = ANY (g.functions)))" \
  "SELECT string_agg(s || ' (' || module || ')', ', ' ORDER BY s) FROM stale x" \
  " WHERE " NOT " EXISTS (SELECT 1 FROM pg_temp.kn_mig_created k JOIN pg_proc q ON q.oid = k.fn" \
  "                 WHERE k.module = x.module AND q.proname = (SELECT p.proname FROM pg_proc p WHERE p.oid = x.fn))"

/* Only what still exists: on a new database the first module applied also picks up what the
 * migrations 0001-0024 created in this transaction, and a later migration may drop some of it
 * (0130: perubahan_commit). */
static const char SQL_RECORD[] =
  "INSERT INTO schema_functions (module, checksum, functions) "
  "SELECT a.module, a.checksum, COALESCE((SELECT array_agg(k.sig ORDER BY k.sig) FROM pg_temp.kn_mig_created k "
  "                                        WHERE k.module = a.module AND k.fn IN (SELECT oid FROM pg_proc)), '{}') "
  "  FROM pg_temp.kn_mig_applied a "
  "ON CONFLICT (module) DO UPDATE SET checksum = EXCLUDED.checksum, functions = EXCLUDED.functions, "
  "                                   applied_at = now()";

static const char SQL_ORPHANS[] =
  "SELECT string_agg(p.oid::regprocedure::text, ', ' ORDER BY 1) FROM pg_proc p "
  " WHERE p.pronamespace = 'public'::regnamespace AND " NOT_EXTENSION("p.oid")
  "   AND NOT EXISTS (SELECT 1 FROM schema_functions f WHERE p.oid::regprocedure::text = ANY (f.functions))";

int kn_db_modules_check_orphans(PGconn *c) {
  if (kn_db_mig_exec(c, SQL_TRACK, "function module tracking") != 0) return -1;
  if (refuse_if_any(c, SQL_STALE(""), NULL,
                    "modules leave an old overload behind (drop it in a migration with DROP FUNCTION)") != 0 ||
      refuse_if_any(c, SQL_STALE("NOT"), NULL,
                    "functions removed from their module still exist (drop them in a migration)") != 0)
    return -1;
  if (kn_db_mig_exec(c, SQL_RECORD, "recording function modules") != 0) return -1;
  return refuse_if_any(c, SQL_ORPHANS, NULL,
                       "functions that no module in sql/functions defines (move them into a module, "
                       "or drop them in a migration)");
}
