/* Scheduled jobs (issue 19): `kinerja scheduler` runs the job runs (pekerjaan) that schedules
 * (jadwal) and the API queue, one at a time per process, under a lease; several processes may
 * run. Owner: jobs. Files: scheduler.c (loop, claiming, lease heartbeat), runs.c (what each
 * kind does), pengingat.c (the reminder scan and the due date of a deadline fact), purge.c (the
 * purge steps). The decisions are pure functions in src/domain (cron.c, tenggat.c). */
#ifndef KINERJA_JOBS_H
#define KINERJA_JOBS_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct kn_db_ctx;

/* `kinerja scheduler [--once]`: 0 after a graceful stop (SIGTERM/SIGINT: the run in hand
 * finishes first) or, with --once, when nothing is due any more. */
int kn_jobs_scheduler_main(int argc, char **argv);

/* Statements of the job runs (the scheduler registers them once). */
void kn_jobs_register(void);

/* Run one job of `jenis` with `param` in ctx (the run's tenant and identity) on day `today`
 * (dom_date_days of the scheduler's clock). Returns the summary (caller owns) or NULL with the
 * reason in err. */
json_t *kn_jobs_run(const struct kn_db_ctx *ctx, long long pekerjaan_id, const char *jenis, json_t *param,
                    long today, char *err, size_t errlen);

/* One item of tenggat_fakta (sql/functions/jadwal.sql): its due day and the day it was done
 * (-1: not yet) by the rules of src/domain/tenggat.c. False when a fact it needs is missing. */
bool kn_jobs_tenggat_item(json_t *item, long *due, long *done);

/* The reminder scan: reminders due today (due soon, overdue) of this and last year, each item
 * and stage once. Summary {diperiksa, jatuh_tempo, terlambat, baru} or NULL with err. */
void kn_jobs_pengingat_register(void);
json_t *kn_jobs_pengingat_scan(const struct kn_db_ctx *ctx, long long pekerjaan_id, long today, char *err,
                               size_t errlen);

/* Purge steps, run in order by the purge job, each as "SELECT f($1::interval)" returning a
 * count; the interval is parameter[name + "_hari"] days or the step's default. Steps of other
 * areas plug in here (see purge.c). */
typedef struct kn_jobs_purge_step {
  const char *name;        /* key in the summary, and the parameter "<name>_hari" */
  const char *sql;         /* one statement with $1::interval, returning one integer */
  int default_days;
} kn_jobs_purge_step_t;
extern const kn_jobs_purge_step_t KN_JOBS_PURGE_STEPS[];
void kn_jobs_purge_register(void);
json_t *kn_jobs_purge(const struct kn_db_ctx *ctx, json_t *param, char *err, size_t errlen);
#endif
