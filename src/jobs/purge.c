/* The purge job's steps (KN_JOBS_PURGE_STEPS, include/kinerja/jobs.h). Owner: jobs.
 * Each step is one SQL function of the area that owns the data, called in the run's tenant with
 * an age: rows older than it go. To add a step, append a line here (and to README's purge
 * table). After them come the two purges of resource hygiene that span every tenant and the
 * evidence directory (include/kinerja/api_purge.h, shared with `kinerja purge`): a run of any
 * instansi's purge schedule does them, and doing them again is harmless. */
#include "kinerja/jobs.h"
#include "kinerja/api_purge.h"
#include "kinerja/db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const kn_jobs_purge_step_t KN_JOBS_PURGE_STEPS[] = {
  {"dokumen", "SELECT dokumen_purge($1::interval)", 30},                      /* never-rendered registrations */
  {"webhook_pengiriman", "SELECT webhook_pengiriman_purge($1::interval)", 90}, /* delivery log */
  {"pekerjaan", "SELECT pekerjaan_purge($1::interval)", 90},                   /* finished job runs */
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

/* Idempotency replies and unreferenced evidence files (`kinerja purge`'s two steps). */
static int purge_hygiene(json_t *out, char *err, size_t errlen) {   /* at their default ages */
  long long deleted = 0;
  if (kn_api_purge_idempotensi(KN_PURGE_IDEMPOTENSI_HOURS, &deleted) != 0) {
    snprintf(err, errlen, "purge idempotensi failed (see the log)");
    return -1;
  }
  json_object_set_new(out, "idempotensi", json_integer(deleted));
  kn_storage_gc_report_t g;
  int rc = kn_api_purge_bukti(KN_PURGE_BUKTI_GRACE_S, false, &g);
  if (rc < 0) {
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
  if (purge_hygiene(out, err, errlen) != 0) {
    json_decref(out);
    return NULL;
  }
  return out;
}
