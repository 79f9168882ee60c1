/* HTTP server: Ulfius on a libmicrohttpd thread pool with epoll, one catch-all endpoint feeding
 * kn_http_dispatch, graceful stop on SIGTERM/SIGINT. Owner: http. */
#include "kinerja/http.h"
#include "kinerja/config.h"
#include "kinerja/log.h"
#include <arpa/inet.h>
#include <openssl/rand.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <ulfius.h>
#include <yder.h>

static atomic_int in_flight;

static bool valid_request_id(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > 64) return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
          *s == '-' || *s == '_' || *s == '.'))
      return false;
  return true;
}

static void set_request_id(kn_http_req_t *r) {
  const char *given = kn_http_header(r, "X-Request-Id");
  if (given && valid_request_id(given)) {
    snprintf(r->request_id, sizeof r->request_id, "%s", given);
    return;
  }
  /* 96 random bits per id from a per-thread xorshift seeded once from the OS: ids must be unique,
   * not secret, and RAND_bytes + sprintf per request showed in the healthz profile */
  static __thread uint64_t s0, s1;
  if (!s0 && !s1) {
    if (RAND_bytes((unsigned char *)&s0, sizeof s0) != 1 || RAND_bytes((unsigned char *)&s1, sizeof s1) != 1) abort();
    s1 |= 1;
  }
  static const char HEX[] = "0123456789abcdef";
  for (int chunk = 0; chunk < 2; chunk++) {
    uint64_t x = s0, y = s1;
    s0 = y;
    x ^= x << 23;
    s1 = x ^ y ^ (x >> 17) ^ (y >> 26);
    uint64_t v = s1 + y;
    for (int i = 0; i < 12; i++) r->request_id[chunk * 12 + i] = HEX[(v >> (4 * i)) & 0xF];
  }
  r->request_id[24] = '\0';
}

/* English only when it is the caller's strongest preference; Bahasa Indonesia otherwise. */
static bool prefers_english(const char *al) {
  if (!al) return false;
  double best_en = 0, best_other = 0;
  const char *p = al;
  while (*p) {
    while (*p == ' ' || *p == ',') p++;
    const char *tag = p;
    while (*p && *p != ',' && *p != ';') p++;
    size_t tl = (size_t)(p - tag);
    double q = 1.0;
    if (*p == ';') {
      const char *qs = strstr(p, "q=");
      const char *comma = strchr(p, ',');
      if (qs && (!comma || qs < comma)) q = atof(qs + 2);
      while (*p && *p != ',') p++;
    }
    bool en = tl >= 2 && strncasecmp(tag, "en", 2) == 0 && (tl == 2 || tag[2] == '-');
    if (en && q > best_en) best_en = q;
    if (!en && tl > 0 && q > best_other) best_other = q;
  }
  return best_en > 0 && best_en > best_other;
}

static long usec_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (t1.tv_sec - t0->tv_sec) * 1000000L + (t1.tv_nsec - t0->tv_nsec) / 1000L;
}

static int on_request(const struct _u_request *u, struct _u_response *resp, void *unused) {
  (void)unused;
  atomic_fetch_add(&in_flight, 1);
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  /* one context per worker thread, reused: a worker runs one handler at a time. Only the part
   * before the field-error array needs clearing. */
  static __thread kn_http_req_t tls_req;
  kn_http_req_t *r = &tls_req;
  memset(r, 0, offsetof(kn_http_req_t, field_errors));
  r->nfield_errors = 0;
  r->u = u;
  r->resp = resp;
  r->method = u->http_verb;
  r->path = u->url_path;
  set_request_id(r);
  r->lang_en = prefers_english(kn_http_header(r, "Accept-Language"));
  kn_http_dispatch(r);
  kn_http_set_header(r, "X-Request-Id", r->request_id);
  kn_http_cors_headers(r);
  if (kn_cfg.access_log)
    kn_log_access(r->method, r->path, r->status, usec_since(&t0), r->request_id, r->principal.sub);
  for (int i = 0; i < r->nparams; i++) free((void *)r->params[i]);
  free(r->replay_body);
  r->replay_body = NULL;
  atomic_fetch_sub(&in_flight, 1);
  return U_CALLBACK_COMPLETE;
}

static int add_catch_all(struct _u_instance *inst) {
  static const char *METHODS[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
  for (size_t i = 0; i < sizeof METHODS / sizeof METHODS[0]; i++)
    if (ulfius_add_endpoint_by_val(inst, METHODS[i], NULL, "*", 0, on_request, NULL) != U_OK) return -1;
  return 0;
}

int kn_http_server_run(void) {
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, NULL); /* worker threads inherit the mask */
  signal(SIGPIPE, SIG_IGN);
  y_init_logs("kinerja", Y_LOG_MODE_CONSOLE, Y_LOG_LEVEL_ERROR, NULL, "ulfius logging");

  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)kn_cfg.listen_port);
  if (inet_pton(AF_INET, kn_cfg.listen_host, &addr.sin_addr) != 1) {
    kn_log("error", "KINERJA_LISTEN host must be an IPv4 address: %s", kn_cfg.listen_host);
    return 2;
  }
  struct _u_instance inst;
  if (ulfius_init_instance(&inst, kn_cfg.listen_port, &addr, NULL) != U_OK) return 2;
  /* Ulfius truncates an over-limit body silently; one byte over the largest limit lets the
   * router see the excess and answer 413 itself. */
  size_t largest = kn_cfg.max_import_body > kn_cfg.max_upload ? kn_cfg.max_import_body : kn_cfg.max_upload;
  if (kn_cfg.max_body > largest) largest = kn_cfg.max_body;
  inst.max_post_body_size = largest + 1;
  inst.allowed_post_processor = U_POST_PROCESS_NONE;
  if (add_catch_all(&inst) != 0) return 2;

  struct MHD_OptionItem ops[] = {
    {MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)kn_cfg.workers, NULL},
    {MHD_OPTION_CONNECTION_LIMIT, (intptr_t)kn_cfg.conn_limit, NULL},
    {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)kn_cfg.conn_timeout, NULL},
    {MHD_OPTION_SOCK_ADDR, 0, (void *)&addr},
    {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)mhd_request_completed, NULL},
    {MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)ulfius_uri_logger, NULL},
    {MHD_OPTION_END, 0, NULL},
  };
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_ITC;
  if (ulfius_start_framework_with_mhd_options(&inst, flags, ops) != U_OK) {
    kn_log("error", "cannot listen on %s:%u", kn_cfg.listen_host, kn_cfg.listen_port);
    ulfius_clean_instance(&inst);
    return 2;
  }
  kn_log("info", "listening on %s:%u with %u workers", kn_cfg.listen_host, kn_cfg.listen_port,
         kn_cfg.workers);

  int sig = 0;
  sigwait(&sigs, &sig);
  kn_log("info", "signal %d: stop accepting, finishing in-flight requests", sig);
  MHD_socket lsock = MHD_quiesce_daemon(inst.mhd_daemon);
  if (lsock != MHD_INVALID_SOCKET) close(lsock);
  for (int i = 0; i < 200 && atomic_load(&in_flight) > 0; i++) usleep(50000);
  usleep(100000); /* let the last responses leave the socket buffers */
  ulfius_stop_framework(&inst);
  ulfius_clean_instance(&inst);
  y_close_logs();
  kn_log("info", "stopped");
  return 0;
}
