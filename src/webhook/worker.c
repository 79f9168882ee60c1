/* `kinerja worker`: delivers webhook batches from the change feed. Owner: integration.
 * A separate process so that slow or dead receivers never hold an HTTP worker of the API.
 * Loop: lease due subscriptions (webhook_due, SKIP LOCKED, so several workers may run), read the
 * next batch in the subscription's tenant, POST it signed, record the attempt (webhook_selesai:
 * success moves the position, failure backs off exponentially and disables after
 * KINERJA_WEBHOOK_MAX_FAILURES in a row). At-least-once: receivers dedupe on each event's posisi. */
#include "kinerja/webhook.h"
#include "kinerja/config.h"
#include "kinerja/db.h"
#include "kinerja/log.h"
#include "kinerja/netaddr.h"
#include <sys/socket.h>
#include <curl/curl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static int S_DUE = -1, S_BATCH = -1, S_DONE = -1;

typedef struct settings {
  unsigned poll_ms, timeout_ms, backoff_ms, max_failures, batch;
} settings_t;

static unsigned env_u(const char *name, unsigned dflt) {
  const char *v = getenv(name);
  return v && *v ? (unsigned)strtoul(v, NULL, 10) : dflt;
}

static void on_signal(int sig) { (void)sig; stop = 1; }

/* The worker's database context: the tenant and a system actor (audit shows who acted). */
typedef struct job_ctx {
  kn_db_ctx_t db;
  char instansi[64];
  char request_id[64];
} job_ctx_t;

static void ctx_for(job_ctx_t *c, const char *instansi, long long wid) {
  snprintf(c->instansi, sizeof c->instansi, "%s", instansi);
  snprintf(c->request_id, sizeof c->request_id, "webhook-%lld-%ld", wid, (long)time(NULL));
  c->db = (kn_db_ctx_t){.instansi = c->instansi, .actor = "system:webhook-worker", .request_id = c->request_id};
}

static json_t *run_json(const kn_db_ctx_t *ctx, bool ro, int stmt, int n, const char *const *v) {
  kn_db_query_t q = {.stmt = stmt, .nparams = n, .values = v};
  kn_db_error_t err;
  if (kn_db_tx(ctx, ro, &q, 1, &err) != 0) {
    kn_log("warn", "webhook worker: database error %s %s", err.sqlstate, err.message);
    return NULL;
  }
  json_t *out = NULL;
  if (PQntuples(q.result) > 0 && !PQgetisnull(q.result, 0, 0)) out = json_loads(PQgetvalue(q.result, 0, 0), 0, NULL);
  kn_db_clear(&q, 1);
  return out;
}

/* Every socket libcurl opens is checked again: only a public address (or any address of a host
 * on KINERJA_WEBHOOK_ALLOW_HOSTS). */
static curl_socket_t open_checked(void *clientp, curlsocktype purpose, struct curl_sockaddr *a) {
  kn_webhook_target_t *t = clientp;
  (void)purpose;
  kn_addr_class_t c = kn_netaddr_class_sockaddr(&a->addr);
  if (!t->listed && c != KN_ADDR_PUBLIC) {
    t->cls = (int)c;
    return CURL_SOCKET_BAD;
  }
  return socket(a->family, a->socktype, a->protocol);
}

static size_t discard(char *p, size_t s, size_t n, void *u) { (void)p; (void)u; return s * n; }

/* POST body; returns the HTTP status (0 when there was no answer) and fills why on failure. */
static long post(const char *url, const char *body, const char *secret, const char *delivery,
                 long long wid, unsigned timeout_ms, char why[256], bool *refused) {
  /* resolved and checked now, and the connection pinned to what was checked: a name that
   * resolves elsewhere a moment later (DNS rebinding) is never asked again */
  kn_webhook_target_t t;
  kn_webhook_target_rc_t trc = kn_webhook_target_check(url, &t);
  if (trc != KN_TARGET_OK) {
    if (trc == KN_TARGET_FORBIDDEN)
      snprintf(why, 256, "target refused: %s address", kn_netaddr_class_name((kn_addr_class_t)t.cls));
    else
      snprintf(why, 256, trc == KN_TARGET_UNRESOLVABLE ? "target host does not resolve" : "target URL cannot be parsed");
    *refused = true;
    return 0;
  }
  CURL *c = curl_easy_init();
  if (!c) { snprintf(why, 256, "curl init failed"); return 0; }
  struct curl_slist *pin = t.resolve[0] ? curl_slist_append(NULL, t.resolve) : NULL;
  if (pin) curl_easy_setopt(c, CURLOPT_RESOLVE, pin);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_checked);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &t);
  curl_easy_setopt(c, CURLOPT_PROXY, "");            /* no proxy from the environment */
  long long ts = (long long)time(NULL);
  char sig[68], h_sig[96], h_ts[64], h_id[128], h_wh[64];
  kn_webhook_signature(secret, ts, body, strlen(body), sig);
  snprintf(h_sig, sizeof h_sig, "X-Kinerja-Signature: %s", sig);
  snprintf(h_ts, sizeof h_ts, "X-Kinerja-Timestamp: %lld", ts);
  snprintf(h_id, sizeof h_id, "X-Kinerja-Delivery: %s", delivery);
  snprintf(h_wh, sizeof h_wh, "X-Kinerja-Webhook: %lld", wid);
  struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
  h = curl_slist_append(h, h_sig);
  h = curl_slist_append(h, h_ts);
  h = curl_slist_append(h, h_id);
  h = curl_slist_append(h, h_wh);
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);   /* a redirect is an answer, not a hop */
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_USERAGENT, "kinerja-webhook/1");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  CURLcode rc = curl_easy_perform(c);
  long status = 0;
  if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  else snprintf(why, 256, "%s", curl_easy_strerror(rc));
  if (rc == CURLE_OK && (status < 200 || status > 299)) snprintf(why, 256, "HTTP %ld", status);
  if (t.cls != KN_ADDR_PUBLIC) { /* open_checked refused a socket */
    snprintf(why, 256, "target refused at connect: %s address", kn_netaddr_class_name((kn_addr_class_t)t.cls));
    *refused = true;
    status = 0;
  }
  curl_slist_free_all(h);
  curl_slist_free_all(pin);
  curl_easy_cleanup(c);
  return status;
}

static void record(const kn_db_ctx_t *ctx, long long wid, json_t *b, int n_event, long status, long ms, bool ok,
                   const char *why, const settings_t *cfg) {
  char id[24], ne[16], st[16], dur[16], bo[16], mx[16], sseq[24], sid[24];
  snprintf(id, sizeof id, "%lld", wid);
  snprintf(ne, sizeof ne, "%d", n_event);
  snprintf(st, sizeof st, "%ld", status);
  snprintf(dur, sizeof dur, "%ld", ms);
  snprintf(bo, sizeof bo, "%u", cfg->backoff_ms);
  snprintf(mx, sizeof mx, "%u", cfg->max_failures);
  json_t *js = json_object_get(b, "sampai_seq"), *ji = json_object_get(b, "sampai_id");
  snprintf(sseq, sizeof sseq, "%lld", (long long)json_integer_value(js));
  snprintf(sid, sizeof sid, "%lld", (long long)json_integer_value(ji));
  const char *v[11] = {id, json_string_value(json_object_get(b, "pengiriman_id")), ne, status ? st : NULL, dur,
                       ok ? "true" : "false", ok ? NULL : why, json_is_integer(js) ? sseq : NULL,
                       json_is_integer(ji) ? sid : NULL, bo, mx};
  json_decref(run_json(ctx, false, S_DONE, 11, v));
}

static long ms_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* One subscription: read its batch, deliver (or just skip ahead), record. */
static void deliver_one(const char *instansi, long long wid, const settings_t *cfg) {
  job_ctx_t c;
  ctx_for(&c, instansi, wid);
  const kn_db_ctx_t *ctx = &c.db;
  char id[24], lim[16];
  snprintf(id, sizeof id, "%lld", wid);
  snprintf(lim, sizeof lim, "%u", cfg->batch);
  const char *v[2] = {id, lim};
  json_t *b = run_json(ctx, true, S_BATCH, 2, v);
  if (!b) return;
  json_t *events = json_object_get(b, "events");
  int n = (int)json_array_size(events);
  if (n == 0) { record(ctx, wid, b, 0, 0, 0, true, NULL, cfg); json_decref(b); return; }
  char secret[KN_WEBHOOK_SECRET_LEN], why[256] = "";
  if (!kn_webhook_secret(instansi, wid, (int)json_integer_value(json_object_get(b, "secret_versi")), secret)) {
    kn_log("error", "webhook worker: KINERJA_WEBHOOK_KEY is not set");
    json_decref(b);
    stop = 1;
    return;
  }
  json_t *payload = json_pack("{s:I, s:s, s:O}", "webhook_id", (json_int_t)wid, "pengiriman_id",
                              json_string_value(json_object_get(b, "pengiriman_id")), "events", events);
  char *body = json_dumps(payload, JSON_COMPACT);
  json_decref(payload);
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  bool refused = false;
  long status = post(json_string_value(json_object_get(b, "url")), body, secret,
                     json_string_value(json_object_get(b, "pengiriman_id")), wid, cfg->timeout_ms, why, &refused);
  bool ok = status >= 200 && status <= 299;
  /* a refused target never saw a packet: no status, no timing in the log */
  record(ctx, wid, b, n, status, refused ? 0 : ms_since(&t0), ok, why, cfg);
  kn_log(ok ? "info" : "warn", "webhook %lld: %d event(s) -> %s%s", wid, n, ok ? "delivered" : "failed: ", ok ? "" : why);
  free(body);
  json_decref(b);
}

int kn_webhook_worker_run(void) {
  settings_t cfg = {
    .poll_ms = env_u("KINERJA_WEBHOOK_POLL_MS", 1000), .timeout_ms = env_u("KINERJA_WEBHOOK_TIMEOUT_MS", 10000),
    .backoff_ms = env_u("KINERJA_WEBHOOK_BACKOFF_MS", 5000), .max_failures = env_u("KINERJA_WEBHOOK_MAX_FAILURES", 10),
    .batch = env_u("KINERJA_WEBHOOK_BATCH", 100)};
  if (cfg.max_failures < 1) cfg.max_failures = 1;
  if (cfg.batch < 1 || cfg.batch > 500) cfg.batch = 100;
  if (!kn_cfg.database_url[0] || !kn_cfg.webhook_key[0]) {
    fprintf(stderr, "kinerja worker needs KINERJA_DATABASE_URL and KINERJA_WEBHOOK_KEY\n");
    return 2;
  }
  S_DUE = kn_db_register("webhook_due", "SELECT instansi, webhook_id FROM webhook_due($1::int, $2::int)");
  S_BATCH = kn_db_register("webhook_batch", "SELECT webhook_batch($1::bigint, $2::int)::text");
  S_DONE = kn_db_register("webhook_selesai",
    "SELECT webhook_selesai($1::bigint, $2, $3::int, $4::int, $5::int, $6::boolean, $7, $8::bigint, $9::bigint, $10::int, $11::int)");
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  kn_log("info", "webhook worker started (poll %u ms, timeout %u ms, backoff %u ms, disable after %u failures)",
         cfg.poll_ms, cfg.timeout_ms, cfg.backoff_ms, cfg.max_failures);
  char lease[16];
  snprintf(lease, sizeof lease, "%u", cfg.timeout_ms / 1000 + 30);
  while (!stop) {
    job_ctx_t c;
    ctx_for(&c, "", 0);
    const char *v[2] = {"20", lease};
    kn_db_query_t q = {.stmt = S_DUE, .nparams = 2, .values = v};
    kn_db_error_t err;
    int due = 0;
    if (kn_db_tx(&c.db, false, &q, 1, &err) == 0) {
      due = PQntuples(q.result);
      for (int i = 0; i < due && !stop; i++)
        deliver_one(PQgetvalue(q.result, i, 0), strtoll(PQgetvalue(q.result, i, 1), NULL, 10), &cfg);
      kn_db_clear(&q, 1);
    } else {
      kn_log("warn", "webhook worker: cannot read due subscriptions: %s", err.message);
    }
    if (!due) usleep(cfg.poll_ms * 1000u);
  }
  curl_global_cleanup();
  kn_log("info", "webhook worker stopped");
  return 0;
}
