/* The purge job's steps (KN_JOBS_PURGE_STEPS, include/kinerja/jobs.h). Owner: jobs.
 * Each step is one SQL function of the area that owns the data, called in the run's tenant with
 * an age: rows older than it go. To add a step, append a line here (and to README's purge
 * table). After them comes the evidence directory's garbage collection (include/kinerja/
 * api_purge.h, shared with `kinerja purge`), which spans every tenant: each scheduler process
 * does it at most once an hour, however many instansi's purge schedules fall due together. */
#include "kinerja/jobs.h"
#include "kinerja/api_purge.h"
#include "kinerja/db.h"
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const kn_jobs_purge_step_t KN_JOBS_PURGE_STEPS[] = {
  {"dokumen", "SELECT dokumen_purge($1::interval)", 30},                      /* never-rendered registrations */
  {"webhook_pengiriman", "SELECT webhook_pengiriman_purge($1::interval)", 90}, /* delivery log */
  {"pekerjaan", "SELECT pekerjaan_purge($1::interval)", 90},                   /* finished job runs */
  {"idempotensi", "SELECT idempotensi_purge_instansi($1::interval)", 2},       /* replies past the replay window */
  {NULL, NULL, 0},
};

static int stmts[16];
static bool registered;

static void register_steps(void) {
  if (registered) return;
  for (int i = 0; KN_JOBS_PURGE_STEPS[i].name && i < 16; i++) {
    char name[64];
    snprintf(name, sizeof name, "purge_%s", KN_JOBS_PURGE_STEPS[i].name);
    stmts[i] = kn_db_register(strdup(name), KN_JOBS_PURGE_STEPS[i].sql);
  }
  registered = true;
}

void kn_jobs_purge_register(void) {
  register_steps();
  kn_api_purge_register();
}

/* Unreferenced evidence files at the default grace: null when there is no storage directory
 * or when this process collected within the last hour. */
static int purge_bukti(json_t *out, char *err, size_t errlen) {
  static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  static time_t last;
  pthread_mutex_lock(&mu);
  time_t now = time(NULL);
  bool due = last == 0 || now - last >= 3600;
  if (due) last = now;
  pthread_mutex_unlock(&mu);
  if (!due) { json_object_set_new(out, "bukti_berkas", json_null()); return 0; }
  kn_storage_gc_report_t g;
  int rc = kn_api_purge_bukti(KN_PURGE_BUKTI_GRACE_S, false, &g);
  if (rc < 0) {
    pthread_mutex_lock(&mu);
    last = 0;   /* failed: the next run tries again */
    pthread_mutex_unlock(&mu);
    snprintf(err, errlen, "purge bukti failed (see the log)");
    return -1;
  }
  json_object_set_new(out, "bukti_berkas", rc == 1 ? json_null() : json_integer(g.removed));
  return 0;
}

json_t *kn_jobs_purge(const kn_db_ctx_t *ctx, json_t *param, char *err, size_t errlen) {
  json_t *out = json_object();
  for (int i = 0; KN_JOBS_PURGE_STEPS[i].name; i++) {
    const kn_jobs_purge_step_t *s = &KN_JOBS_PURGE_STEPS[i];
    char key[80], iv[32];
    snprintf(key, sizeof key, "%s_hari", s->name);
    json_t *d = json_object_get(param, key);
    long days = json_is_integer(d) && json_integer_value(d) >= 1 ? (long)json_integer_value(d) : s->default_days;
    snprintf(iv, sizeof iv, "%ld days", days);
    const char *v[1] = {iv};
    kn_db_query_t q = {.stmt = stmts[i], .nparams = 1, .values = v};
    kn_db_error_t e;
    if (kn_db_tx(ctx, false, &q, 1, &e) != 0) {
      snprintf(err, errlen, "purge %s: %s", s->name, e.message);
      json_decref(out);
      return NULL;
    }
    json_object_set_new(out, s->name, json_integer(atoll(PQgetvalue(q.result, 0, 0))));
    kn_db_clear(&q, 1);
  }
  if (purge_bukti(out, err, errlen) != 0) {
    json_decref(out);
    return NULL;
  }
  return out;
}
