/* `kinerja scheduler [--once]`: runs the schedules (jadwal) and the job runs (pekerjaan). A
 * separate process, like `kinerja worker`, so long work (a whole-instansi SIASN pull, KKE of
 * every PD) never holds an API thread. Owner: jobs. Several may run:
 *  - a due schedule is queued by a compare-and-swap on its next time (jadwal_antre): one run
 *    per occurrence, whichever scheduler gets there first; missed occurrences (the scheduler was
 *    down) are run once, not once each;
 *  - a run is claimed with a lease (pekerjaan_klaim, SKIP LOCKED) that a heartbeat thread
 *    renews every lease/3 while it works; a scheduler killed mid-run stops renewing, and once
 *    the lease has expired another takes the run over (after KINERJA_JOBS_MAX_ATTEMPTS tries it
 *    fails instead). Only the lease holder records the outcome.
 * The schedule and the deadlines follow this process's clock (time(NULL)), which the tests move
 * with faketime per process start (README "Testing"); leases use the database's clock.
 * SIGTERM/SIGINT: no new run is claimed, the one in hand finishes, then exit 0. */
#include "kinerja/jobs.h"
#include "kinerja/config.h"
#include "kinerja/db.h"
#include "kinerja/domain_cron.h"
#include "kinerja/domain_periode.h"
#include "kinerja/log.h"
#include "kinerja/siasn.h"
#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void kn_api_register_all(void);

static volatile sig_atomic_t stop;
static int S_DUE = -1, S_QUEUE = -1, S_CLAIM = -1, S_RENEW = -1, S_DONE = -1;

typedef struct settings { unsigned poll_ms, lease_s, max_attempts; } settings_t;

static unsigned env_u(const char *name, unsigned dflt) {
  const char *v = getenv(name);
  return v && *v ? (unsigned)strtoul(v, NULL, 10) : dflt;
}

static void on_signal(int sig) { (void)sig; stop = 1; }

static void iso_utc(long long t, char out[32]) {
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const kn_db_ctx_t SYSTEM = {.instansi = "", .actor = "system:scheduler", .request_id = "scheduler"};

/* Queue every due schedule's occurrence and move it to its next time. */
static void tick(void) {
  char now[32];
  iso_utc((long long)time(NULL), now);
  const char *v[2] = {now, "50"};
  kn_db_query_t q = {.stmt = S_DUE, .nparams = 2, .values = v};
  kn_db_error_t err;
  if (kn_db_tx(&SYSTEM, true, &q, 1, &err) != 0) { kn_log("warn", "scheduler: due schedules: %s", err.message); return; }
  for (int i = 0; i < PQntuples(q.result) && !stop; i++) {
    const char *inst = PQgetvalue(q.result, i, 0), *jid = PQgetvalue(q.result, i, 1), *cron = PQgetvalue(q.result, i, 2);
    dom_cron_t c;
    char why[160], next[32], rid[64];
    if (!dom_cron_parse(cron, &c, why, sizeof why)) { kn_log("warn", "schedule %s/%s: %s", inst, jid, why); continue; }
    long long n = dom_cron_next(&c, (long long)time(NULL), atoi(PQgetvalue(q.result, i, 3)));
    if (n < 0) n = (long long)time(NULL) + 5LL * 366 * 86400;   /* never again: far away */
    iso_utc(n, next);
    snprintf(rid, sizeof rid, "jadwal-%s", jid);
    kn_db_ctx_t ctx = {.instansi = inst, .actor = "system:scheduler", .roles = "admin_bkpsdm", .request_id = rid};
    const char *w[3] = {jid, PQgetvalue(q.result, i, 4), next};
    kn_db_query_t u = {.stmt = S_QUEUE, .nparams = 3, .values = w};
    if (kn_db_tx(&ctx, false, &u, 1, &err) != 0) { kn_log("warn", "schedule %s/%s: %s", inst, jid, err.message); continue; }
    if (!PQgetisnull(u.result, 0, 0))
      kn_log("info", "schedule %s/%s queued run %s; next %s", inst, jid, PQgetvalue(u.result, 0, 0), next);
    kn_db_clear(&u, 1);
  }
  kn_db_clear(&q, 1);
}

/* The lease heartbeat of the run in hand. */
typedef struct beat {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  bool done, lost;
  char id[24], owner[96], lease[16];
  unsigned every_ms;
} beat_t;

static void *heartbeat(void *arg) {
  beat_t *b = arg;
  pthread_mutex_lock(&b->mu);
  while (!b->done) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += b->every_ms / 1000;
    until.tv_nsec += (long)(b->every_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
    pthread_cond_timedwait(&b->cv, &b->mu, &until);
    if (b->done) break;
    pthread_mutex_unlock(&b->mu);
    const char *v[3] = {b->id, b->owner, b->lease};
    kn_db_query_t q = {.stmt = S_RENEW, .nparams = 3, .values = v};
    kn_db_error_t err;
    int rc = kn_db_tx(&SYSTEM, false, &q, 1, &err);
    bool ok = rc == 0 && strcmp(PQgetvalue(q.result, 0, 0), "t") == 0;
    if (rc == 0) kn_db_clear(&q, 1);
    pthread_mutex_lock(&b->mu);
    if (!ok && !b->lost) { b->lost = true; kn_log("warn", "scheduler: lease of run %s lost", b->id); }
  }
  pthread_mutex_unlock(&b->mu);
  kn_db_thread_end(); /* its connection is this thread's: closed with it */
  return NULL;
}

static long ms_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Claim and run one job; false when nothing was claimable. */
static bool run_one(const settings_t *cfg, const char *owner) {
  char lease[16], maxa[16];
  snprintf(lease, sizeof lease, "%u", cfg->lease_s);
  snprintf(maxa, sizeof maxa, "%u", cfg->max_attempts);
  const char *v[3] = {owner, lease, maxa};
  kn_db_query_t q = {.stmt = S_CLAIM, .nparams = 3, .values = v};
  kn_db_error_t err;
  if (kn_db_tx(&SYSTEM, false, &q, 1, &err) != 0) { kn_log("warn", "scheduler: claim: %s", err.message); return false; }
  if (PQntuples(q.result) == 0) { kn_db_clear(&q, 1); return false; }
  char inst[64], id[24], jenis[32], actor[128], roles[128], nip[24], scope[256], rid[64];
  snprintf(inst, sizeof inst, "%s", PQgetvalue(q.result, 0, 0));
  snprintf(id, sizeof id, "%s", PQgetvalue(q.result, 0, 1));
  snprintf(jenis, sizeof jenis, "%s", PQgetvalue(q.result, 0, 2));
  json_t *param = json_loads(PQgetvalue(q.result, 0, 3), 0, NULL);
  snprintf(actor, sizeof actor, "%s", PQgetvalue(q.result, 0, 4));
  snprintf(roles, sizeof roles, "%s", PQgetvalue(q.result, 0, 5));
  snprintf(nip, sizeof nip, "%s", PQgetvalue(q.result, 0, 6));
  snprintf(scope, sizeof scope, "%s", PQgetvalue(q.result, 0, 7));
  int attempt = atoi(PQgetvalue(q.result, 0, 8));
  kn_db_clear(&q, 1);
  snprintf(rid, sizeof rid, "pekerjaan-%s-%d", id, attempt);
  kn_log("info", "scheduler: run %s (%s, %s) attempt %d", id, jenis, inst, attempt);

  beat_t b = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER, .every_ms = cfg->lease_s * 1000 / 3};
  snprintf(b.id, sizeof b.id, "%s", id);
  snprintf(b.owner, sizeof b.owner, "%s", owner);
  snprintf(b.lease, sizeof b.lease, "%s", lease);
  pthread_t th;
  bool beating = pthread_create(&th, NULL, heartbeat, &b) == 0;

  kn_db_ctx_t ctx = {.instansi = inst, .actor = actor, .roles = roles, .request_id = rid, .nip = nip, .scope = scope};
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  char why[1024] = "";
  long today = (long)(time(NULL) / 86400);
  json_t *out = kn_jobs_run(&ctx, atoll(id), jenis, param ? param : json_object(), today, why, sizeof why);
  json_decref(param);
  long ms = ms_since(&t0);

  if (beating) {
    pthread_mutex_lock(&b.mu);
    b.done = true;
    pthread_cond_signal(&b.cv);
    pthread_mutex_unlock(&b.mu);
    pthread_join(th, NULL);
  }
  char *text = out ? json_dumps(out, JSON_COMPACT) : NULL, dur[16];
  snprintf(dur, sizeof dur, "%ld", ms);
  const char *w[6] = {id, owner, out ? "true" : "false", text, out ? NULL : why, dur};
  kn_db_query_t d = {.stmt = S_DONE, .nparams = 6, .values = w};
  if (kn_db_tx(&ctx, false, &d, 1, &err) != 0) kn_log("warn", "scheduler: recording run %s: %s", id, err.message);
  else {
    if (strcmp(PQgetvalue(d.result, 0, 0), "t") != 0) kn_log("warn", "scheduler: run %s was taken over; outcome dropped", id);
    kn_db_clear(&d, 1);
  }
  kn_log(out ? "info" : "warn", "scheduler: run %s %s in %ld ms%s%s", id, out ? "done" : "failed", ms, out ? "" : ": ", out ? "" : why);
  free(text);
  json_decref(out);
  return true;
}

static int usage(FILE *o, int rc) {
  fprintf(o, "usage: kinerja scheduler [--once]\n"
             "Runs the schedules (GET /v1/jadwal) and queued job runs (GET /v1/pekerjaan) of every instansi.\n"
             "--once: queue what is due, run every claimable run, then exit (for cron; see README).\n"
             "Settings: KINERJA_DATABASE_URL, KINERJA_JOBS_POLL_MS, KINERJA_JOBS_LEASE_S, KINERJA_JOBS_MAX_ATTEMPTS,\n"
             "and KINERJA_SIASN_* for the SIASN jobs.\n");
  return rc;
}

int kn_jobs_scheduler_main(int argc, char **argv) {
  bool once = false;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--once") == 0) once = true;
    else if (strcmp(argv[i], "--help") == 0) return usage(stdout, 0);
    else { fprintf(stderr, "unknown option %s\n", argv[i]); return usage(stderr, 2); }
  }
  settings_t cfg = {.poll_ms = env_u("KINERJA_JOBS_POLL_MS", 1000), .lease_s = env_u("KINERJA_JOBS_LEASE_S", 60),
                    .max_attempts = env_u("KINERJA_JOBS_MAX_ATTEMPTS", 3)};
  if (cfg.lease_s < 2) cfg.lease_s = 2;
  if (cfg.max_attempts < 1) cfg.max_attempts = 1;
  if (!kn_cfg.database_url[0]) { fprintf(stderr, "kinerja scheduler needs KINERJA_DATABASE_URL\n"); return 2; }
  kn_api_register_all();   /* the routes a job runs in-process (KKE) and their statements */
  kn_jobs_register();
  S_DUE = kn_db_register("jadwal_jatuh", "SELECT instansi, jadwal_id, cron, utc_offset_menit, berikut_at FROM jadwal_jatuh($1::timestamptz, $2::int)");
  S_QUEUE = kn_db_register("jadwal_antre", "SELECT jadwal_antre($1::bigint, $2::timestamptz, $3::timestamptz)");
  S_CLAIM = kn_db_register("pekerjaan_klaim", "SELECT * FROM pekerjaan_klaim($1, $2::int, $3::int)");
  S_RENEW = kn_db_register("pekerjaan_perpanjang", "SELECT pekerjaan_perpanjang($1::bigint, $2, $3::int)");
  S_DONE = kn_db_register("pekerjaan_selesai", "SELECT pekerjaan_selesai($1::bigint, $2, $3::boolean, $4::jsonb, $5, $6::int)");
  struct sigaction sa = {.sa_handler = on_signal};
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char host[64] = "", owner[96];
  gethostname(host, sizeof host - 1);
  snprintf(owner, sizeof owner, "%s:%ld", host, (long)getpid());
  kn_log("info", "scheduler %s started (poll %u ms, lease %u s, %u attempts%s)", owner, cfg.poll_ms, cfg.lease_s,
         cfg.max_attempts, once ? ", once" : "");
  while (!stop) {
    tick();
    bool any = false;
    while (!stop && run_one(&cfg, owner)) any = true;
    if (once && !any) break;
    for (unsigned slept = 0; !stop && !once && slept < cfg.poll_ms; slept += 50) usleep(50 * 1000);
  }
  curl_global_cleanup();
  kn_log("info", "scheduler %s stopped", owner);
  return 0;
}
