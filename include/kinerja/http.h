/* HTTP request context, routing and responses. Owner: http.
 * A kn_http_req_t lives for one request in its worker thread's storage; every pointer in it is borrowed
 * from Ulfius' request or owned by the context and released by kn_req_cleanup. */
#ifndef KINERJA_HTTP_H
#define KINERJA_HTTP_H
#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "kinerja/auth.h"

struct _u_request;
struct _u_response;

#define KN_MAX_PATH_PARAMS 4
#define KN_MAX_FIELD_ERRORS 32

typedef struct kn_http_field_error {
  char field[96];
  char code[48];
  char message[256];
} kn_http_field_error_t;

typedef struct kn_http_req {
  const struct _u_request *u;      /* borrowed */
  struct _u_response *resp;        /* borrowed */
  const char *method;              /* borrowed */
  const char *path;                /* borrowed */
  const char *params[KN_MAX_PATH_PARAMS]; /* path params, owned (freed in cleanup) */
  int nparams;
  char request_id[72];
  bool lang_en;                    /* Accept-Language prefers English */
  bool authenticated;
  kn_auth_principal_t principal;
  long status;                     /* final status, for the access log */
  const char *body;                /* borrowed: the body the server's gate collected (NULL: Ulfius'
                                      binary_body, as for in-process calls) */
  size_t body_len;
  kn_http_field_error_t field_errors[KN_MAX_FIELD_ERRORS];
  int nfield_errors;
  char *replay_body;               /* owned: what an Idempotency-Key replay answers instead of the
                                      body sent (a response carrying a one-time secret) */
  bool in_job;                     /* called in-process by a job run (kn_http_call): a long route
                                      does its work here instead of queueing a job */
} kn_http_req_t;

typedef void (*kn_http_handler_fn)(kn_http_req_t *r);

/* Route flags. */
enum {
  KN_ROUTE_PUBLIC = 1,   /* no bearer token required */
  KN_ROUTE_IMPORT = 2,   /* larger body limit (KINERJA_MAX_IMPORT_BODY) */
  KN_ROUTE_UPLOAD = 4,   /* evidence file body limit (KINERJA_MAX_UPLOAD) */
};

/* Register a route before the server starts. Pattern segments "{name}" are path params. */
void kn_http_route(const char *method, const char *pattern, kn_http_handler_fn fn, int flags);

/* Print every registered route as "METHOD PATTERN" lines (used by the OpenAPI test). */
void kn_http_routes_print(void);

/* Body limit of method + path in bytes (KINERJA_MAX_BODY, _MAX_IMPORT_BODY, _MAX_UPLOAD by the
 * route's flags; public routes at most KINERJA_MAX_PUBLIC_BODY; 0 for an unknown path or method).
 * needs_token: the route is not public. The server enforces it before reading the body. */
size_t kn_http_route_body_limit(const char *method, const char *path, bool *needs_token);

/* Dispatch: find route, 404/405, auth, run handler. Called by the server for every request. */
void kn_http_dispatch(kn_http_req_t *r);
/* The same route lookup and handler for background work, without token or hooks: r already
 * carries the principal (kn_http_call builds it). */
void kn_http_invoke(kn_http_req_t *r);
/* Run method + path (query string allowed) in-process as principal p with a JSON body (or NULL)
 * and in_job set (src/http/invoke.c). Returns the status; *out gets the body (caller frees). */
long kn_http_call(const char *method, const char *path, const kn_auth_principal_t *p, const char *request_id,
                  const char *body, char **out);

/* Raw request body (borrowed, not NUL-terminated) and its length. */
const char *kn_http_req_body(const kn_http_req_t *r);
size_t kn_http_req_body_length(const kn_http_req_t *r);
/* True when the Content-Type media type equals `type` (parameters such as charset ignored). */
bool kn_http_content_type_is(const kn_http_req_t *r, const char *type);

/* The client's address: key = 16 bytes that identify it for limits (IPv4 as v4-mapped IPv6;
 * IPv6 cut to its /64, what one host usually gets), text = the same as an inet literal
 * ("127.0.0.2", "2001:db8:1:2::/64"; cap >= 64). False when the address is unknown. */
bool kn_http_req_peer(const kn_http_req_t *r, unsigned char key[16], char *text, size_t cap);

/* Query parameter (borrowed) or NULL. */
const char *kn_http_query(const kn_http_req_t *r, const char *name);
/* Header (case-insensitive, borrowed) or NULL. */
const char *kn_http_header(const kn_http_req_t *r, const char *name);

/* Responses. Text is copied. */
void kn_http_respond(kn_http_req_t *r, long status, const char *content_type, const char *body, size_t len);
void kn_http_respond_json(kn_http_req_t *r, long status, const char *json_text);
void kn_http_set_header(kn_http_req_t *r, const char *name, const char *value);

/* Problem+json. code is a key of the catalogue in problem.c (it sets status and titles);
 * detail_id / detail_en are the human details (either may be NULL). Field errors collected with
 * kn_http_field_error are included and then cleared. */
void kn_http_problem(kn_http_req_t *r, const char *code, const char *detail_id, const char *detail_en);
/* Same, with an explicit status overriding the catalogue's. */
void kn_http_problem_status(kn_http_req_t *r, long status, const char *code, const char *detail_id,
                       const char *detail_en);
/* Record a field-level error; message is chosen by language. */
void kn_http_field_error(kn_http_req_t *r, const char *field, const char *code, const char *msg_id,
                    const char *msg_en);

/* Parse the body as one JSON object (duplicate keys rejected, media type checked). On failure
 * answers 400/415 and returns NULL. Caller owns the returned object (json_decref). */
json_t *kn_http_body_object(kn_http_req_t *r);
/* Same, but an empty body (an action with nothing to say) reads as {}. */
json_t *kn_http_body_object_optional(kn_http_req_t *r);
/* An action that takes no fields: an empty body or {}. False after answering 400/415/422. */
bool kn_http_body_none(kn_http_req_t *r);
/* Same for a JSON array (bulk import). */
json_t *kn_http_body_array(kn_http_req_t *r);

/* Require one of the roles mask; answers 403 and returns false when missing. */
bool kn_http_require_role(kn_http_req_t *r, unsigned roles_mask);

/* CORS (src/http/cors.c). kn_http_cors_headers adds Vary: Origin when KINERJA_CORS_ORIGINS is set and,
 * for an allowed Origin, Access-Control-Allow-Origin and -Expose-Headers: call it on every
 * response. kn_http_cors_options answers OPTIONS on a known path: 204 with Allow (the path's methods,
 * `allow`), plus the preflight headers when it is a preflight from an allowed origin. */
void kn_http_cors_headers(kn_http_req_t *r);
void kn_http_cors_options(kn_http_req_t *r, const char *allow);

/* Hooks the router runs around every non-public handler, set by the API (Idempotency-Key:
 * src/api/idempotency.c keeps answers in the database, which http/ knows nothing of).
 * begin returns true when it answered the request itself (replay, conflict, bad key); finish
 * runs after the handler when begin said the request owns the key. */
typedef struct kn_http_hooks {
  bool (*begin)(kn_http_req_t *r, char sidik[65], bool *owned);
  void (*finish)(kn_http_req_t *r, const char sidik[65]);
} kn_http_hooks_t;
void kn_http_set_hooks(const kn_http_hooks_t *hooks);
/* Called after a token verified, before the handler: false when it answered the request (the
 * token's service account was disabled or rotated, src/api/klien_cek.c). Set before start. */
void kn_http_set_principal_check(bool (*check)(kn_http_req_t *r));

/* Start the HTTP server (blocking until SIGTERM/SIGINT, then graceful stop). Returns exit code. */
int kn_http_server_run(void);
/* True once a stop signal arrived: /readyz answers 503 for KINERJA_DRAIN_MS while the server still
 * serves, so a load balancer's health check takes the node out before it stops accepting. */
bool kn_http_server_draining(void);
#endif
