/* POST /v1/auth/token — OAuth2 client credentials (RFC 6749 §4.4) for service accounts.
 * Credentials in the body (form or JSON) or HTTP Basic; answers a short-lived HS256 JWT with
 * role integrasi and the client's scopes. Errors are problem+json whose `code` is the OAuth2
 * error name (invalid_client, unsupported_grant_type, invalid_scope, invalid_request).
 * Owner: auth. */
#include "kinerja/api.h"
#include "kinerja/config.h"
#include "kinerja/db.h"
#include "kinerja/ratelimit.h"
#include "kinerja/secret.h"
#include <stdatomic.h>
#include <ctype.h>
#include <libpq-fe.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int S_CRED = -1, S_FAIL = -1, S_OK = -1;

/* Limits enforced before the work they limit (issue 15, item 2): requests per source address
 * before the body is parsed, concurrent Argon2id verifications (19 MiB and ~30 ms of CPU each)
 * before one starts, so garbage at any rate costs a fast 429 rather than the shared workers. */
static kn_rate_t *per_address;
static atomic_uint hashing;

static bool hash_slot_take(void) {
  unsigned n = atomic_load(&hashing);
  while (n < kn_cfg.token_hash_slots)
    if (atomic_compare_exchange_weak(&hashing, &n, n + 1)) return true;
  return false;
}

static void hash_slot_give(void) { atomic_fetch_sub(&hashing, 1); }

static void too_many(kn_http_req_t *r, const char *code, unsigned retry_s) {
  char ra[16];
  snprintf(ra, sizeof ra, "%u", retry_s);
  kn_http_set_header(r, "Retry-After", ra);
  if (strcmp(code, "server_busy") == 0)
    kn_http_problem(r, code, "Server sedang memeriksa kredensial lain; coba lagi sebentar lagi",
               "The server is busy checking other credentials; try again shortly");
  else
    kn_http_problem(r, code, "Terlalu banyak permintaan token dari alamat ini; coba lagi nanti",
               "Too many token requests from this address; try again later");
}

typedef struct token_req {
  char grant_type[48];
  char client_id[64];
  char client_secret[128];
  char scope[256];
  bool has_scope;
  bool bad_field;          /* unknown or over-long field */
} token_req_t;

static int hexval(int c) { return isdigit(c) ? c - '0' : (isxdigit(c) ? (tolower(c) - 'a' + 10) : -1); }

/* application/x-www-form-urlencoded value decoding ("+" is a space). False when malformed or
 * longer than cap-1. */
static bool form_decode(const char *s, size_t n, char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    int c = (unsigned char)s[i];
    if (c == '+') c = ' ';
    else if (c == '%') {
      if (i + 2 >= n) return false;
      int h = hexval((unsigned char)s[i + 1]), l = hexval((unsigned char)s[i + 2]);
      if (h < 0 || l < 0) return false;
      c = h * 16 + l;
      i += 2;
    }
    if (o + 1 >= cap || c == 0) return false;
    out[o++] = (char)c;
  }
  out[o] = '\0';
  return true;
}

static bool put_field(token_req_t *t, const char *k, const char *v) {
  struct { const char *name; char *dst; size_t cap; } f[] = {
    {"grant_type", t->grant_type, sizeof t->grant_type}, {"client_id", t->client_id, sizeof t->client_id},
    {"client_secret", t->client_secret, sizeof t->client_secret}, {"scope", t->scope, sizeof t->scope}};
  for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
    if (strcmp(k, f[i].name) != 0) continue;
    if (strlen(v) >= f[i].cap) return false;
    snprintf(f[i].dst, f[i].cap, "%s", v);
    if (f[i].dst == t->scope) t->has_scope = true;
    return true;
  }
  return false;
}

static void parse_form(kn_http_req_t *r, token_req_t *t) {
  const char *b = kn_http_req_body(r);
  size_t n = kn_http_req_body_length(r), i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && b[j] != '&') j++;
    const char *eq = memchr(b + i, '=', j - i);
    char k[32], v[300];
    if (!eq || !form_decode(b + i, (size_t)(eq - (b + i)), k, sizeof k) ||
        !form_decode(eq + 1, (size_t)(b + j - eq - 1), v, sizeof v) || !put_field(t, k, v))
      t->bad_field = true;
    i = j + 1;
  }
}

static bool parse_json(kn_http_req_t *r, token_req_t *t) {
  json_t *o = kn_http_body_object(r);
  if (!o) return false;
  const char *k;
  json_t *v;
  json_object_foreach(o, k, v)
    if (!json_is_string(v) || !put_field(t, k, json_string_value(v))) t->bad_field = true;
  json_decref(o);
  return true;
}

/* Authorization: Basic base64(urlencoded id ":" urlencoded secret) (RFC 6749 §2.3.1). */
static bool parse_basic(const char *h, token_req_t *t) {
  const char *p = h + 6;
  size_t n = strlen(p);
  if (n == 0 || n > 400 || n % 4) return false;
  unsigned char raw[304];
  int len = EVP_DecodeBlock(raw, (const unsigned char *)p, (int)n);
  if (len < 0) return false;
  while (len > 0 && p[n - 1] == '=' && raw[len - 1] == 0) { len--; n--; }
  raw[len] = '\0';
  char *colon = strchr((char *)raw, ':');
  if (!colon || strlen((char *)raw) != (size_t)len) return false;
  return form_decode((char *)raw, (size_t)(colon - (char *)raw), t->client_id, sizeof t->client_id) &&
         form_decode(colon + 1, strlen(colon + 1), t->client_secret, sizeof t->client_secret);
}

/* Every requested scope must be one of the client's; none requested = all of them. */
static bool scope_allowed(json_t *granted, const char *requested, char *out, size_t cap) {
  out[0] = '\0';
  size_t i;
  json_t *g;
  if (!requested) {
    json_array_foreach(granted, i, g) {
      size_t l = strlen(out);
      snprintf(out + l, cap - l, "%s%s", l ? " " : "", json_string_value(g));
    }
    return true;
  }
  char buf[256];
  snprintf(buf, sizeof buf, "%s", requested);
  for (char *save = NULL, *s = strtok_r(buf, " ", &save); s; s = strtok_r(NULL, " ", &save)) {
    bool ok = false;
    json_array_foreach(granted, i, g) if (strcmp(json_string_value(g), s) == 0) ok = true;
    if (!ok) return false;
    size_t l = strlen(out);
    snprintf(out + l, cap - l, "%s%s", l ? " " : "", s);
  }
  return out[0] != '\0';
}

static void run_one(kn_http_req_t *r, int stmt, const char *cid, const char *from) {
  const char *v[2] = {cid, from};
  PGresult *res = kn_api_one(r, false, stmt, 2, v);
  PQclear(res);
}

/* kgen: the client's generation (klien.generasi), checked on every use (src/api/klien_cek.c). */
static void mint_and_answer(kn_http_req_t *r, const token_req_t *t, const char *instansi, const char *scope, json_int_t kgen) {
  time_t now = time(NULL);
  char jti[40];
  if (kn_auth_random_hex("", 16, jti, sizeof jti) != 0) { kn_http_problem(r, "internal_error", NULL, NULL); return; }
  json_t *claims = json_pack("{s:s, s:s, s:s, s:s, s:[s], s:s, s:I, s:I, s:I, s:s, s:I}",
    "iss", kn_cfg.jwt_issuer, "aud", kn_cfg.jwt_audience, "sub", t->client_id, "instansi", instansi,
    "roles", "integrasi", "scope", scope, "iat", (json_int_t)now, "nbf", (json_int_t)now,
    "exp", (json_int_t)(now + kn_cfg.token_ttl), "jti", jti, "kgen", kgen);
  char *payload = json_dumps(claims, JSON_COMPACT);
  json_decref(claims);
  char *jwt = payload ? kn_auth_jwt_mint_hs256(kn_cfg.hs256_secret, NULL, payload) : NULL;
  free(payload);
  if (!jwt) { kn_http_problem(r, "internal_error", NULL, NULL); return; }
  json_t *out = json_pack("{s:s, s:s, s:I, s:s}", "access_token", jwt, "token_type", "Bearer",
                          "expires_in", (json_int_t)kn_cfg.token_ttl, "scope", scope);
  char *text = json_dumps(out, JSON_COMPACT);
  json_decref(out);
  free(jwt);
  kn_http_set_header(r, "Cache-Control", "no-store");
  kn_http_set_header(r, "Pragma", "no-cache");
  kn_http_respond_json(r, 200, text);
  free(text);
}

static void invalid_client(kn_http_req_t *r) {
  kn_http_problem(r, "invalid_client", "client_id atau client_secret salah, atau klien nonaktif",
             "Wrong client_id or client_secret, or the client is disabled");
}

static void token(kn_http_req_t *r) {
  if (!kn_cfg.hs256_secret[0]) {
    kn_http_problem(r, "token_unavailable", "Server tidak dikonfigurasi untuk menerbitkan token",
               "The server is not configured to issue tokens (no KINERJA_JWT_HS256_SECRET)");
    return;
  }
  unsigned char key[16];
  char from[64];
  if (!kn_http_req_peer(r, key, from, sizeof from)) snprintf(from, sizeof from, "0.0.0.0");
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  unsigned retry = 1;
  if (!kn_http_rate_take(per_address, key, (double)now.tv_sec + now.tv_nsec / 1e9, &retry)) {
    too_many(r, "rate_limited", retry);
    return;
  }
  token_req_t t = {0};
  if (kn_http_content_type_is(r, "application/x-www-form-urlencoded")) {
    parse_form(r, &t);
  } else if (!kn_http_content_type_is(r, "application/json")) {
    kn_http_problem(r, "unsupported_media_type", "Gunakan application/x-www-form-urlencoded atau application/json",
               "Use application/x-www-form-urlencoded or application/json");
    return;
  } else if (!parse_json(r, &t)) {
    return;
  }
  const char *auth = kn_http_header(r, "Authorization");
  if (auth && strncasecmp(auth, "Basic ", 6) == 0 && (t.client_id[0] || t.client_secret[0] || !parse_basic(auth, &t))) t.bad_field = true;
  if (t.bad_field || !t.client_id[0] || !t.client_secret[0] || !t.grant_type[0]) {
    kn_http_problem(r, "invalid_request", "Permintaan token tidak lengkap atau berisi kolom tidak dikenal "
               "(grant_type, client_id, client_secret, scope; kredensial sekali saja: isi atau Basic)",
               "Incomplete token request or unknown fields (grant_type, client_id, client_secret, scope; "
               "credentials once: body or Basic)");
    return;
  }
  if (strcmp(t.grant_type, "client_credentials") != 0) {
    kn_http_problem(r, "unsupported_grant_type", "Hanya grant_type=client_credentials", "Only grant_type=client_credentials");
    return;
  }
  const char *cid = t.client_id;
  const char *cv[2] = {cid, from};
  PGresult *res = kn_api_one(r, true, S_CRED, 2, cv);
  if (!res) return;
  json_t *c = PQgetisnull(res, 0, 0) ? NULL : json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  PQclear(res);
  /* a secret verified before (per-thread cache) needs no Argon2id; anything else waits for
   * nobody: no free slot answers 429 at once */
  int cached = c ? kn_auth_secret_verify_cached(kn_jstr(c, "hash"), t.client_secret) : -1;
  long long locked = c ? kn_jint(c, "terkunci_detik") : 0;
  bool slot = false;
  if (locked <= 0 && cached < 0 && !(slot = hash_slot_take())) {
    too_many(r, "server_busy", 1);
    json_decref(c);
    explicit_bzero(t.client_secret, sizeof t.client_secret);
    return;
  }
  if (!c) {
    kn_auth_secret_verify_dummy(t.client_secret);
    hash_slot_give();
    invalid_client(r);
    explicit_bzero(t.client_secret, sizeof t.client_secret);
    return;
  }
  bool good = locked <= 0 && (cached >= 0 ? cached == 1 : kn_auth_secret_verify(kn_jstr(c, "hash"), t.client_secret));
  if (slot) hash_slot_give();
  if (locked > 0) {
    char ra[24];
    snprintf(ra, sizeof ra, "%lld", locked);
    kn_http_set_header(r, "Retry-After", ra);
    kn_http_problem(r, "too_many_attempts", "Terlalu banyak percobaan gagal dari alamat ini; coba lagi nanti",
               "Too many failed attempts from this address; try again later");
  } else if (!good || !kn_jtrue(c, "aktif")) {
    run_one(r, S_FAIL, cid, from);
    if (r->status == 0) invalid_client(r);
  } else {
    char scope[256];
    if (!scope_allowed(json_object_get(c, "scopes"), t.has_scope ? t.scope : NULL, scope, sizeof scope)) {
      kn_http_problem(r, "invalid_scope", "Scope yang diminta tidak dimiliki klien", "The client does not hold the requested scope");
    } else {
      if (kn_jint(c, "gagal") > 0) run_one(r, S_OK, cid, from);   /* reset this address's counter */
      if (r->status == 0) mint_and_answer(r, &t, kn_jstr(c, "instansi"), scope, kn_jint(c, "generasi"));
    }
  }
  json_decref(c);
  explicit_bzero(t.client_secret, sizeof t.client_secret);
}

void kn_api_auth_token_register(void) {
  S_CRED = kn_db_register("klien_kredensial", "SELECT klien_kredensial($1, $2::inet)::text");
  S_FAIL = kn_db_register("klien_gagal", "SELECT klien_gagal($1, $2::inet)");
  S_OK = kn_db_register("klien_berhasil", "SELECT klien_berhasil($1, $2::inet)");
  /* burst = a minute's worth; 4096 addresses tracked (a flood of new ones recycles the idlest) */
  per_address = kn_http_rate_new(4096, kn_cfg.token_rate, kn_cfg.token_rate);
  if (!per_address) abort();
  kn_http_route("POST", "/v1/auth/token", token, KN_ROUTE_PUBLIC);
}
