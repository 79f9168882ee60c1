/* HTTP server: Ulfius on a libmicrohttpd thread pool with epoll, one catch-all endpoint feeding
 * kn_http_dispatch, graceful stop on SIGTERM/SIGINT. Owner: http. */
#include "kinerja/http.h"
#include "kinerja/config.h"
#include "kinerja/log.h"
#include <arpa/inet.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <ulfius.h>
#include <yder.h>

static atomic_int in_flight;
static atomic_bool draining;

/* The body of the request being dispatched on this thread: Ulfius runs on_request inside the
 * gate's last call to it, on the same thread. */
static __thread const char *dispatch_body;
static __thread size_t dispatch_body_len;

bool kn_http_server_draining(void) { return atomic_load(&draining); }

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
  r->body = dispatch_body;
  r->body_len = dispatch_body_len;
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

/* ---- Limits before the body is read (issue 15, item 1) ------------------------------------
 * Ulfius reads a whole request body into memory before any endpoint runs, and offers no hook
 * between the headers and the body. So the server wraps Ulfius' libmicrohttpd access handler
 * (captured where Ulfius starts the daemon, see MHD_start_daemon below) and, once the headers are
 * in: works out the route's body limit (kn_http_route_body_limit), refuses a Content-Length over it,
 * and for a request that needs a token but carries no valid one takes no body at all; in each of
 * those cases it lets Ulfius dispatch at once, so the router answers 413/401/404 with the usual
 * problem+json before a byte of the body is read, and libmicrohttpd closes the connection. A body
 * without Content-Length (chunked) is passed on only up to limit + 1 bytes, the rest dropped
 * (libmicrohttpd takes no answer in mid-body), and the router answers 413 at its end. Every body
 * must arrive within KINERJA_BODY_TIMEOUT seconds of the headers, or the connection is closed.
 * The gate keeps the body itself (issue 17): one page-aligned buffer of the Content-Length, where
 * Ulfius would realloc and copy its body at every chunk libmicrohttpd hands over; the handler
 * sees it through kn_http_req_body, and the alignment lets the directory backend write it with
 * O_DIRECT. */
typedef struct body_gate {
  void *ulfius;          /* Ulfius' own per-request state */
  char path[512];
  size_t limit, seen;
  char *body;            /* seen bytes so far, cap bytes allocated (page-aligned, room for a NUL) */
  size_t cap;
  bool started, dispatched;
  time_t t0;
} body_gate_t;

enum { BODY_ALIGN = 4096, BODY_KEEP = 4 << 20 };

/* Body buffers kept for the next bodies (each up to BODY_KEEP bytes, at most one per worker): a
 * fresh megabyte comes from mmap, and its page faults cost the server more than the copy into it.
 * Shared by the workers, not one per thread: libmicrohttpd may give one thread two connections,
 * and a thread's second body then always came fresh (issue 17: the page faults of the upload
 * profile were all in the body copy). */
enum { BODY_POOL = 64 };
static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static char *pool_buf[BODY_POOL];
static size_t pool_cap[BODY_POOL];
static unsigned pool_n;

static void body_release(char *b, size_t cap) {
  if (!b) return;
  unsigned keep = kn_cfg.workers < BODY_POOL ? kn_cfg.workers : BODY_POOL;
  if (cap <= BODY_KEEP) {
    pthread_mutex_lock(&pool_mu);
    if (pool_n < keep) {
      pool_buf[pool_n] = b;
      pool_cap[pool_n++] = cap;
      b = NULL;
    } else if (pool_n > 0) { /* full: the larger buffers stay, the smallest goes */
      unsigned small = 0;
      for (unsigned i = 1; i < pool_n; i++)
        if (pool_cap[i] < pool_cap[small]) small = i;
      if (pool_cap[small] < cap) {
        char *t = pool_buf[small];
        pool_buf[small] = b;
        pool_cap[small] = cap;
        b = t;
      }
    }
    pthread_mutex_unlock(&pool_mu);
  }
  free(b);
}

/* A kept buffer of at least cap bytes (the smallest such), or NULL; *got: its size. */
static char *body_take(size_t cap, size_t *got) {
  char *b = NULL;
  pthread_mutex_lock(&pool_mu);
  unsigned best = pool_n;
  for (unsigned i = 0; i < pool_n; i++)
    if (pool_cap[i] >= cap && (best == pool_n || pool_cap[i] < pool_cap[best])) best = i;
  if (best < pool_n) {
    b = pool_buf[best];
    *got = pool_cap[best];
    pool_buf[best] = pool_buf[--pool_n];
    pool_cap[best] = pool_cap[pool_n];
  }
  pthread_mutex_unlock(&pool_mu);
  return b;
}

/* Room for n more bytes: the whole Content-Length at once, else doubling (chunked bodies). */
static bool body_reserve(body_gate_t *g, struct MHD_Connection *con, size_t n) {
  if (g->seen + n < g->cap) return true;
  size_t want = g->seen + n;
  const char *cl = g->body ? NULL : MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Length");
  size_t hint = cl ? (size_t)strtoull(cl, NULL, 10) : 2 * g->cap;
  if (hint > want) want = hint;
  if (want > g->limit + 1) want = g->limit + 1;
  size_t cap = (want + 1 + BODY_ALIGN - 1) / BODY_ALIGN * BODY_ALIGN;
  size_t got = 0;
  char *b = body_take(cap, &got);
  if (b) cap = got;
  else if (!(b = aligned_alloc(BODY_ALIGN, cap))) return false;
  if (g->seen) memcpy(b, g->body, g->seen);
  body_release(g->body, g->cap);
  g->body = b;
  g->cap = cap;
  return true;
}

static MHD_AccessHandlerCallback ulfius_dispatch;

static void *gate_uri_logger(void *cls, const char *uri, struct MHD_Connection *con) {
  (void)con;
  body_gate_t *g = calloc(1, sizeof *g);
  if (!g) return NULL;
  g->ulfius = ulfius_uri_logger(cls, uri);
  if (!g->ulfius) { free(g); return NULL; }
  size_t n = strcspn(uri, "?");
  if (n >= sizeof g->path) n = sizeof g->path - 1;
  memcpy(g->path, uri, n);
  return g;
}

static void gate_completed(void *cls, struct MHD_Connection *con, void **con_cls, enum MHD_RequestTerminationCode toe) {
  body_gate_t *g = *con_cls;
  if (!g) return;
  mhd_request_completed(cls, con, &g->ulfius, toe);
  body_release(g->body, g->cap);
  free(g);
  *con_cls = NULL;
}

static bool has_valid_token(struct MHD_Connection *con) {
  const char *h = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Authorization");
  if (!h || strncasecmp(h, "Bearer ", 7) != 0) return false;
  kn_auth_principal_t p;
  const char *why = NULL;
  return kn_auth_jwt_verify(h + 7, time(NULL), &p, &why) == 0;
}

static enum MHD_Result call_ulfius(void *cls, struct MHD_Connection *con, const char *url, const char *method,
                                   const char *version, const char *data, size_t *size, body_gate_t *g) {
  return ulfius_dispatch(cls, con, url, method, version, data, size, &g->ulfius);
}

static enum MHD_Result dispatch_now(void *cls, struct MHD_Connection *con, const char *url, const char *method,
                                    const char *version, body_gate_t *g) {
  size_t zero = 0;
  g->dispatched = true;
  return call_ulfius(cls, con, url, method, version, NULL, &zero, g);
}

static enum MHD_Result gate_access(void *cls, struct MHD_Connection *con, const char *url, const char *method,
                                   const char *version, const char *data, size_t *size, void **con_cls) {
  body_gate_t *g = *con_cls;
  if (!g) return MHD_NO;
  if (g->dispatched) { *size = 0; return MHD_YES; } /* answered already: the rest is dropped */
  if (!g->started) {
    g->started = true;
    g->t0 = time(NULL);
    enum MHD_Result rc = call_ulfius(cls, con, url, method, version, data, size, g); /* reads the headers */
    if (rc != MHD_YES) return rc;
    bool needs_token = false;
    g->limit = kn_http_route_body_limit(method, g->path, &needs_token);
    if (needs_token && !has_valid_token(con)) g->limit = 0;
    const char *cl = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Length");
    bool over = cl && strtoull(cl, NULL, 10) > g->limit;
    if (over || g->limit == 0) return dispatch_now(cls, con, url, method, version, g);
    return MHD_YES;
  }
  if (*size == 0) { /* the whole body is in: dispatch with it */
    g->dispatched = true;
    if (g->body) g->body[g->seen] = '\0';
    dispatch_body = g->body;
    dispatch_body_len = g->seen;
    enum MHD_Result rc = call_ulfius(cls, con, url, method, version, data, size, g);
    dispatch_body = NULL;
    dispatch_body_len = 0;
    body_release(g->body, g->cap); /* the response holds its own copy */
    g->body = NULL;
    return rc;
  }
  if (time(NULL) - g->t0 > (time_t)kn_cfg.body_timeout) return MHD_NO; /* too slow: close */
  if (g->seen > g->limit) { *size = 0; return MHD_YES; } /* over: dropped, 413 at the end */
  size_t room = g->limit + 1 - g->seen, n = *size < room ? *size : room;
  if (!body_reserve(g, con, n)) return MHD_NO; /* out of memory: close */
  memcpy(g->body + g->seen, data, n);
  g->seen += n;
  *size = 0;
  return MHD_YES;
}

/* Ulfius starts libmicrohttpd with its own access handler and keeps it private: this definition
 * (the executable's, so the one libulfius' call binds to) puts gate_access in front of it. */
struct MHD_Daemon *MHD_start_daemon(unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc, void *apc_cls,
                                    MHD_AccessHandlerCallback dh, void *dh_cls, ...) {
  va_list ap;
  va_start(ap, dh_cls);
  ulfius_dispatch = dh;
  struct MHD_Daemon *d = MHD_start_daemon_va(flags, port, apc, apc_cls, gate_access, dh_cls, ap);
  va_end(ap);
  return d;
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
  /* Bodies go to the gate, not to Ulfius (body_gate_t); should one reach Ulfius, it truncates an
   * over-limit body silently: one byte over the largest limit lets the router see the excess. */
  size_t largest = kn_cfg.max_import_body > kn_cfg.max_upload ? kn_cfg.max_import_body : kn_cfg.max_upload;
  if (kn_cfg.max_body > largest) largest = kn_cfg.max_body;
  inst.max_post_body_size = largest + 1;
  inst.allowed_post_processor = U_POST_PROCESS_NONE;
  if (add_catch_all(&inst) != 0) return 2;

  struct MHD_OptionItem ops[] = {
    {MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)kn_cfg.workers, NULL},
    {MHD_OPTION_CONNECTION_LIMIT, (intptr_t)kn_cfg.conn_limit, NULL},
    {MHD_OPTION_PER_IP_CONNECTION_LIMIT, (intptr_t)kn_cfg.conn_per_ip, NULL},
    {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)kn_cfg.conn_timeout, NULL},
    {MHD_OPTION_SOCK_ADDR, 0, (void *)&addr},
    /* Ulfius' two callbacks, each wrapped to carry the body gate beside Ulfius' request state */
    {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)gate_completed, NULL},
    {MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)gate_uri_logger, NULL},
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
  atomic_store(&draining, true);
  if (kn_cfg.drain_ms > 0) { /* still serving, /readyz 503; a second signal ends the wait */
    kn_log("info", "signal %d: draining for %u ms (/readyz 503)", sig, kn_cfg.drain_ms);
    struct timespec wait = {.tv_sec = kn_cfg.drain_ms / 1000, .tv_nsec = (long)(kn_cfg.drain_ms % 1000) * 1000000L};
    sigtimedwait(&sigs, NULL, &wait);
  }
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
