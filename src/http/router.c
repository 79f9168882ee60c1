/* Route table, matching, 404/405, auth gate and dispatch. Owner: http.
 * Why our own router: with Ulfius, a catch-all auth middleware makes unknown paths answer 200
 * with an empty body and same-priority endpoints run in no fixed order (architecture.md §3); one
 * catch-all endpoint feeding this table gives deterministic 404/405 and one auth gate. */
#include "kinerja/http.h"
#include "kinerja/config.h"
#include "kinerja/log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_ROUTES 160
#define MAX_SEGS 8

typedef struct route {
  const char *method;
  const char *pattern;
  char segs[MAX_SEGS][48];
  int nsegs;
  kn_http_handler_fn fn;
  int flags;
} route_t;

static route_t routes[MAX_ROUTES];
static int nroutes;

void kn_http_route(const char *method, const char *pattern, kn_http_handler_fn fn, int flags) {
  if (nroutes >= MAX_ROUTES) abort();
  route_t *rt = &routes[nroutes++];
  rt->method = method;
  rt->pattern = pattern;
  rt->fn = fn;
  rt->flags = flags;
  const char *p = pattern;
  while (*p == '/') p++;
  while (*p) {
    const char *e = strchr(p, '/');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (rt->nsegs >= MAX_SEGS || n >= sizeof rt->segs[0]) abort();
    memcpy(rt->segs[rt->nsegs], p, n);
    rt->segs[rt->nsegs++][n] = '\0';
    p += n;
    while (*p == '/') p++;
  }
}

void kn_http_routes_print(void) {
  for (int i = 0; i < nroutes; i++) printf("%s %s\n", routes[i].method, routes[i].pattern);
}

/* Split path into segments (pointers into buf). Returns count or -1 when too deep. */
static int split_path(const char *path, char *buf, size_t cap, char **segs) {
  snprintf(buf, cap, "%s", path);
  int n = 0;
  char *save = NULL;
  for (char *t = strtok_r(buf, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
    if (n >= MAX_SEGS) return -1;
    segs[n++] = t;
  }
  return n;
}

static bool match(const route_t *rt, char **segs, int n) {
  if (rt->nsegs != n) return false;
  for (int i = 0; i < n; i++) {
    if (rt->segs[i][0] == '{') continue;
    if (strcmp(rt->segs[i], segs[i]) != 0) return false;
  }
  return true;
}

static route_t *find(const char *method, const char *path, char *buf, size_t cap, char **segs, int *nsegs,
                     char *allow, size_t allow_cap);
static size_t limit_of(const route_t *rt);

size_t kn_http_route_body_limit(const char *method, const char *path, bool *needs_token) {
  char buf[1024], *segs[MAX_SEGS], allow[128] = "";
  int n = 0;
  route_t *rt = find(method, path, buf, sizeof buf, segs, &n, allow, sizeof allow);
  *needs_token = rt && !(rt->flags & KN_ROUTE_PUBLIC);
  return rt ? limit_of(rt) : 0; /* 404, 405 and OPTIONS take no body */
}

static size_t limit_of(const route_t *rt) {
  size_t limit = (rt->flags & KN_ROUTE_IMPORT)   ? kn_cfg.max_import_body
                 : (rt->flags & KN_ROUTE_UPLOAD) ? kn_cfg.max_upload
                                                 : kn_cfg.max_body;
  if ((rt->flags & KN_ROUTE_PUBLIC) && limit > kn_cfg.max_public_body) limit = kn_cfg.max_public_body;
  return limit;
}

static kn_http_hooks_t hooks; /* set once before the server starts */
static bool (*principal_check)(kn_http_req_t *r);

static bool body_too_large(kn_http_req_t *r, size_t limit) {
  const char *cl = kn_http_header(r, "Content-Length");
  if (cl && strtoull(cl, NULL, 10) > limit) return true;
  return r->u && kn_http_req_body_length(r) > limit;
}

static bool authenticate(kn_http_req_t *r) {
  const char *h = kn_http_header(r, "Authorization");
  if (!h) {
    kn_http_problem(r, "unauthorized", "Header Authorization: Bearer <token> wajib diisi",
               "An Authorization: Bearer <token> header is required");
    return false;
  }
  if (strncasecmp(h, "Bearer ", 7) != 0) {
    kn_http_problem(r, "invalid_token", "Skema otorisasi harus Bearer", "Authorization scheme must be Bearer");
    return false;
  }
  const char *why = NULL;
  if (kn_auth_jwt_verify(h + 7, time(NULL), &r->principal, &why) != 0) {
    kn_http_problem(r, "invalid_token", "Token tidak dapat diterima", why);
    return false;
  }
  r->authenticated = true;
  return !principal_check || principal_check(r);
}

/* The route of method + path, or NULL with the path's other methods in allow. */
static route_t *find(const char *method, const char *path, char *buf, size_t cap, char **segs, int *nsegs,
                     char *allow, size_t allow_cap) {
  int n = split_path(path, buf, cap, segs);
  *nsegs = n;
  for (int i = 0; n >= 0 && i < nroutes; i++) {
    if (!match(&routes[i], segs, n)) continue;
    if (strcmp(routes[i].method, method) == 0) return &routes[i];
    if (!strstr(allow, routes[i].method)) {
      size_t l = strlen(allow);
      snprintf(allow + l, allow_cap - l, "%s%s", l ? ", " : "", routes[i].method);
    }
  }
  return NULL;
}

void kn_http_dispatch(kn_http_req_t *r) {
  char buf[1024], *segs[MAX_SEGS];
  char allow[128] = "";
  int n = 0;
  route_t *found = find(r->method, r->path, buf, sizeof buf, segs, &n, allow, sizeof allow);
  if (!found) {
    if (allow[0]) {
      /* OPTIONS is answered for every known path, before auth: a browser's CORS preflight
       * carries no token */
      size_t l = strlen(allow);
      snprintf(allow + l, sizeof allow - l, ", OPTIONS");
      if (strcmp(r->method, "OPTIONS") == 0) {
        kn_http_cors_options(r, allow);
        return;
      }
      kn_http_set_header(r, "Allow", allow);
      kn_http_problem(r, "method_not_allowed", "Metode ini tidak tersedia untuk alamat ini",
                 "This method is not available on this path");
    } else {
      kn_http_problem(r, "not_found", "Alamat tidak dikenal", "Unknown path");
    }
    return;
  }
  size_t limit = limit_of(found);
  if (body_too_large(r, limit)) {
    char d_id[128], d_en[128];
    snprintf(d_id, sizeof d_id, "Batas ukuran isi permintaan adalah %zu byte", limit);
    snprintf(d_en, sizeof d_en, "The request body limit is %zu bytes", limit);
    kn_http_problem(r, "payload_too_large", d_id, d_en);
    return;
  }
  if (!(found->flags & KN_ROUTE_PUBLIC) && !authenticate(r)) return;
  r->nparams = 0;
  for (int i = 0; i < found->nsegs; i++)
    if (found->segs[i][0] == '{' && r->nparams < KN_MAX_PATH_PARAMS)
      r->params[r->nparams++] = strdup(segs[i]);
  char sidik[65];
  bool owned = false;
  if (!(found->flags & KN_ROUTE_PUBLIC) && hooks.begin && hooks.begin(r, sidik, &owned)) return;
  found->fn(r);
  if (r->status == 0) kn_http_problem(r, "internal_error", NULL, NULL);
  if (owned && hooks.finish) hooks.finish(r, sidik);
}

void kn_http_invoke(kn_http_req_t *r) {
  char buf[1024], *segs[MAX_SEGS];
  char allow[128] = "";
  int n = 0;
  route_t *found = find(r->method, r->path, buf, sizeof buf, segs, &n, allow, sizeof allow);
  if (!found) { kn_http_problem(r, "not_found", "Alamat tidak dikenal", "Unknown path"); return; }
  r->nparams = 0;
  for (int i = 0; i < found->nsegs; i++)
    if (found->segs[i][0] == '{' && r->nparams < KN_MAX_PATH_PARAMS)
      r->params[r->nparams++] = strdup(segs[i]);
  found->fn(r);
  if (r->status == 0) kn_http_problem(r, "internal_error", NULL, NULL);
}

void kn_http_set_hooks(const kn_http_hooks_t *h) { hooks = *h; }
void kn_http_set_principal_check(bool (*check)(kn_http_req_t *r)) { principal_check = check; }
