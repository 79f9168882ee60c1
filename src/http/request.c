/* Request accessors, response helpers and JSON body parsing. Owner: http. */
#include "kinerja/http.h"
#include <strings.h>
#include <string.h>
#include <stdio.h>
#include <ulfius.h>
#include <arpa/inet.h>
#include <netinet/in.h>

const char *kn_http_req_body(const kn_http_req_t *r) { return r->body ? r->body : (const char *)r->u->binary_body; }
size_t kn_http_req_body_length(const kn_http_req_t *r) { return r->body ? r->body_len : r->u->binary_body_length; }

static const unsigned char V4_MAPPED[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool kn_http_req_peer(const kn_http_req_t *r, unsigned char key[16], char *text, size_t cap) {
  const struct sockaddr *sa = r->u ? r->u->client_address : NULL;
  memset(key, 0, 16);
  if (!sa) return false;
  if (sa->sa_family == AF_INET) {
    memcpy(key, V4_MAPPED, 12);
    memcpy(key + 12, &((const struct sockaddr_in *)sa)->sin_addr, 4);
  } else if (sa->sa_family == AF_INET6) {
    memcpy(key, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
    if (memcmp(key, V4_MAPPED, 12) != 0) memset(key + 8, 0, 8);
  } else {
    return false;
  }
  char a[INET6_ADDRSTRLEN];
  if (memcmp(key, V4_MAPPED, 12) == 0) {
    inet_ntop(AF_INET, key + 12, a, sizeof a);
    snprintf(text, cap, "%s", a);
  } else {
    inet_ntop(AF_INET6, key, a, sizeof a);
    snprintf(text, cap, "%s/64", a);
  }
  return true;
}

const char *kn_http_query(const kn_http_req_t *r, const char *name) {
  return u_map_get(r->u->map_url, name);
}

const char *kn_http_header(const kn_http_req_t *r, const char *name) {
  return u_map_get_case(r->u->map_header, name);
}

bool kn_http_content_type_is(const kn_http_req_t *r, const char *type) {
  const char *ct = kn_http_header(r, "Content-Type");
  if (!ct) return false;
  size_t n = strlen(type);
  if (strncasecmp(ct, type, n) != 0) return false;
  return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

void kn_http_set_header(kn_http_req_t *r, const char *name, const char *value) {
  u_map_put(r->resp->map_header, name, value);
}

void kn_http_respond(kn_http_req_t *r, long status, const char *content_type, const char *body, size_t len) {
  r->status = status;
  if (content_type) u_map_put(r->resp->map_header, "Content-Type", content_type);
  if (!body || len == 0) {
    r->resp->status = status; /* Ulfius refuses an empty binary body */
    return;
  }
  ulfius_set_binary_body_response(r->resp, (unsigned)status, body, len);
}

void kn_http_respond_json(kn_http_req_t *r, long status, const char *json_text) {
  kn_http_respond(r, status, "application/json", json_text, strlen(json_text));
}

static json_t *parse_body(kn_http_req_t *r) {
  if (!kn_http_content_type_is(r, "application/json")) {
    kn_http_problem(r, "unsupported_media_type", "Content-Type harus application/json",
               "Content-Type must be application/json");
    return NULL;
  }
  if (kn_http_req_body_length(r) == 0) {
    kn_http_problem(r, "malformed_json", "Isi permintaan kosong", "The request body is empty");
    return NULL;
  }
  json_error_t e;
  json_t *j = json_loadb(kn_http_req_body(r), kn_http_req_body_length(r), JSON_REJECT_DUPLICATES, &e);
  if (!j) {
    char d_id[300], d_en[300];
    snprintf(d_id, sizeof d_id, "JSON rusak pada baris %d kolom %d: %s", e.line, e.column, e.text);
    snprintf(d_en, sizeof d_en, "Malformed JSON at line %d column %d: %s", e.line, e.column, e.text);
    kn_http_problem(r, "malformed_json", d_id, d_en);
  }
  return j;
}

json_t *kn_http_body_object(kn_http_req_t *r) {
  json_t *j = parse_body(r);
  if (j && !json_is_object(j)) {
    json_decref(j);
    kn_http_problem(r, "bad_request", "Isi permintaan harus berupa objek JSON", "The body must be a JSON object");
    return NULL;
  }
  return j;
}

json_t *kn_http_body_object_optional(kn_http_req_t *r) {
  return kn_http_req_body_length(r) ? kn_http_body_object(r) : json_object();
}

bool kn_http_body_none(kn_http_req_t *r) {
  json_t *b = kn_http_body_object_optional(r);
  if (!b) return false;
  bool empty = json_object_size(b) == 0;
  json_decref(b);
  if (empty) return true;
  kn_http_field_error(r, "", "unknown_field", "Tindakan ini tidak menerima kolom", "This action takes no fields");
  kn_http_problem(r, "validation_failed", "Periksa kolom yang disebut pada errors", "Check the fields listed in errors");
  return false;
}

json_t *kn_http_body_array(kn_http_req_t *r) {
  json_t *j = parse_body(r);
  if (j && !json_is_array(j)) {
    json_decref(j);
    kn_http_problem(r, "bad_request", "Isi permintaan harus berupa larik JSON", "The body must be a JSON array");
    return NULL;
  }
  return j;
}

bool kn_http_require_role(kn_http_req_t *r, unsigned mask) {
  if (r->principal.roles & mask) return true;
  kn_http_problem(r, "forbidden", "Peran Anda tidak mengizinkan tindakan ini",
             "Your role does not allow this action");
  return false;
}
