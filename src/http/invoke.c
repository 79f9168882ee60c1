/* In-process route calls for job runs (kn_http_call): the scheduler runs the long routes (KKE of
 * every PD) through their own handlers, with the run's principal and in_job set, so a job does
 * exactly what the synchronous route does. No socket, token or idempotency hook. Owner: http. */
#include "kinerja/http.h"
#include <stdlib.h>
#include <string.h>
#include <ulfius.h>

long kn_http_call(const char *method, const char *path, const kn_auth_principal_t *p, const char *request_id,
                  const char *body, char **out) {
  struct _u_request u;
  struct _u_response resp;
  ulfius_init_request(&u);
  ulfius_init_response(&resp);
  char *path_only = strdup(path), *q = strchr(path_only, '?');
  if (q) {   /* ?a=1&b=2 into the request's URL map */
    *q++ = '\0';
    char *save = NULL;
    for (char *kv = strtok_r(q, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
      char *eq = strchr(kv, '=');
      if (eq) *eq++ = '\0';
      u_map_put(u.map_url, kv, eq ? eq : "");
    }
  }
  if (body) {
    u_map_put(u.map_header, "Content-Type", "application/json");
    u.binary_body = strdup(body);
    u.binary_body_length = strlen(body);
  }
  kn_http_req_t *r = calloc(1, sizeof *r);
  r->u = &u;
  r->resp = &resp;
  r->method = method;
  r->path = path_only;
  r->principal = *p;
  r->authenticated = true;
  r->in_job = true;
  snprintf(r->request_id, sizeof r->request_id, "%s", request_id ? request_id : "job");
  kn_http_invoke(r);
  long status = r->status;
  if (out) *out = resp.binary_body ? strndup(resp.binary_body, resp.binary_body_length) : strdup("");
  for (int i = 0; i < r->nparams; i++) free((void *)r->params[i]);
  free(r->replay_body);
  free(r);
  free(path_only);
  ulfius_clean_request(&u);
  ulfius_clean_response(&resp);
  return status;
}
