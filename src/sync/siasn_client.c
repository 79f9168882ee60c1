/* SIASN HTTP client (libcurl): APIM and SSO tokens, cached until shortly before they expire,
 * both sent on every data call; retries with exponential backoff on 5xx and timeouts; one token
 * refresh on 401. Owner: integration. Secrets live only in kn_siasn_cfg_t and in the token
 * cache: they are never logged, never put in messages, never stored in the database. */
#include "kinerja/siasn.h"
#include "kinerja/log.h"
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- configuration ---------------------------------------------------------------------- */

static void env_copy(const char *name, char *dst, size_t len, char *missing, size_t mlen) {
  const char *v = getenv(name);
  snprintf(dst, len, "%s", v ? v : "");
  if (!dst[0] && missing) {
    size_t l = strlen(missing);
    snprintf(missing + l, mlen - l, "%s%s", l ? ", " : "", name);
  }
}

static long env_long(const char *name, long def, long lo, long hi) {
  const char *v = getenv(name);
  char *end;
  long n = v && *v ? strtol(v, &end, 10) : def;
  if (v && *v && *end) n = def;
  return n < lo ? lo : n > hi ? hi : n;
}

int kn_siasn_config_load(kn_siasn_cfg_t *c, char *missing, size_t len) {
  memset(c, 0, sizeof *c);
  if (missing && len) missing[0] = '\0';
  env_copy("KINERJA_SIASN_BASE_URL", c->base_url, sizeof c->base_url, missing, len);
  env_copy("KINERJA_SIASN_APIM_TOKEN_URL", c->apim_token_url, sizeof c->apim_token_url, missing, len);
  env_copy("KINERJA_SIASN_SSO_TOKEN_URL", c->sso_token_url, sizeof c->sso_token_url, missing, len);
  env_copy("KINERJA_SIASN_CONSUMER_KEY", c->consumer_key, sizeof c->consumer_key, missing, len);
  env_copy("KINERJA_SIASN_CONSUMER_SECRET", c->consumer_secret, sizeof c->consumer_secret, missing, len);
  env_copy("KINERJA_SIASN_SSO_CLIENT_ID", c->sso_client_id, sizeof c->sso_client_id, missing, len);
  env_copy("KINERJA_SIASN_USERNAME", c->username, sizeof c->username, missing, len);
  env_copy("KINERJA_SIASN_PASSWORD", c->password, sizeof c->password, missing, len);
  c->timeout_ms = env_long("KINERJA_SIASN_TIMEOUT_MS", 60000, 100, 600000);
  c->max_attempts = (int)env_long("KINERJA_SIASN_MAX_ATTEMPTS", 3, 1, 10);
  c->backoff_ms = env_long("KINERJA_SIASN_BACKOFF_MS", 500, 0, 60000);
  return missing && missing[0] ? -1 : 0;
}

/* ---- one HTTP exchange ------------------------------------------------------------------ */

typedef struct buf { char *p; size_t n; } buf_t;

static size_t on_data(char *d, size_t sz, size_t nm, void *ud) {
  buf_t *b = ud;
  size_t add = sz * nm;
  if (b->n + add > 16u << 20) return 0;  /* 16 MiB is far beyond any SIASN answer */
  char *np = realloc(b->p, b->n + add + 1);
  if (!np) return 0;
  memcpy(np + b->n, d, add);
  b->n += add;
  np[b->n] = '\0';
  b->p = np;
  return add;
}

/* status 0 = no answer; *timed_out tells a timeout from other transport failures. */
static long exchange(const kn_siasn_cfg_t *c, const char *method, const char *url, struct curl_slist *h,
                     const char *body, const char *userpwd, json_t **answer, char *msg, size_t mlen, bool *timed_out) {
  CURL *k = curl_easy_init();
  buf_t b = {NULL, 0};
  long status = 0;
  *answer = NULL;
  *timed_out = false;
  if (!k) { snprintf(msg, mlen, "libcurl init failed"); return 0; }
  curl_easy_setopt(k, CURLOPT_URL, url);
  curl_easy_setopt(k, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(k, CURLOPT_TIMEOUT_MS, c->timeout_ms);
  curl_easy_setopt(k, CURLOPT_CONNECTTIMEOUT_MS, c->timeout_ms);
  curl_easy_setopt(k, CURLOPT_NOSIGNAL, 1L);  /* worker threads: no SIGALRM */
  curl_easy_setopt(k, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(k, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(k, CURLOPT_WRITEDATA, &b);
  if (userpwd) {
    curl_easy_setopt(k, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(k, CURLOPT_USERPWD, userpwd);
  }
  if (strcmp(method, "POST") == 0) {
    curl_easy_setopt(k, CURLOPT_POST, 1L);
    curl_easy_setopt(k, CURLOPT_POSTFIELDS, body ? body : "");
  } else if (strcmp(method, "GET") != 0) {
    curl_easy_setopt(k, CURLOPT_CUSTOMREQUEST, method);
  }
  CURLcode rc = curl_easy_perform(k);
  if (rc == CURLE_OK) {
    curl_easy_getinfo(k, CURLINFO_RESPONSE_CODE, &status);
    if (b.p) *answer = json_loads(b.p, 0, NULL);
    const char *m = kn_siasn_message(*answer);
    snprintf(msg, mlen, "%s", m ? m : "");
  } else {
    *timed_out = rc == CURLE_OPERATION_TIMEDOUT;
    snprintf(msg, mlen, "%s", curl_easy_strerror(rc));  /* never the URL's credentials: none are in it */
  }
  free(b.p);
  curl_easy_cleanup(k);
  return status;
}

/* Wait before attempt+1: backoff_ms, doubled for each attempt already made. */
static void backoff(const kn_siasn_cfg_t *c, int attempt) {
  long ms = c->backoff_ms << (attempt - 1);
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* ---- tokens ----------------------------------------------------------------------------- */

typedef struct token { char value[4096]; time_t expires; } token_t;
static pthread_mutex_t tok_mu = PTHREAD_MUTEX_INITIALIZER;
static token_t apim_tok, sso_tok;

void kn_siasn_tokens_reset(void) {
  pthread_mutex_lock(&tok_mu);
  memset(&apim_tok, 0, sizeof apim_tok);
  memset(&sso_tok, 0, sizeof sso_tok);
  pthread_mutex_unlock(&tok_mu);
}

static void urlenc_append(CURL *k, char *dst, size_t len, const char *key, const char *val) {
  char *e = curl_easy_escape(k, val, 0);
  size_t l = strlen(dst);
  snprintf(dst + l, len - l, "%s%s=%s", l ? "&" : "", key, e ? e : "");
  curl_free(e);
}

/* Fetch one token (retried like data calls); 0 or -1 with status/message in resp. */
static int fetch_token(const kn_siasn_cfg_t *c, bool sso, token_t *t, kn_siasn_resp_t *resp) {
  char form[1536] = "", userpwd[600] = "";
  CURL *k = curl_easy_init();
  if (!k) return -1;
  if (sso) {
    urlenc_append(k, form, sizeof form, "grant_type", "password");
    urlenc_append(k, form, sizeof form, "client_id", c->sso_client_id);
    urlenc_append(k, form, sizeof form, "username", c->username);
    urlenc_append(k, form, sizeof form, "password", c->password);
  } else {
    urlenc_append(k, form, sizeof form, "grant_type", "client_credentials");
    snprintf(userpwd, sizeof userpwd, "%s:%s", c->consumer_key, c->consumer_secret);
  }
  curl_easy_cleanup(k);
  struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
  h = curl_slist_append(h, "Accept: application/json");
  int rc = -1;
  for (int a = 1; a <= c->max_attempts; a++) {
    json_t *ans;
    bool to;
    char msg[512];
    long st = exchange(c, "POST", sso ? c->sso_token_url : c->apim_token_url, h, form,
                       sso ? NULL : userpwd, &ans, msg, sizeof msg, &to);
    const char *v = json_string_value(json_object_get(ans, "access_token"));
    if (st >= 200 && st < 300 && v && strlen(v) < sizeof t->value) {
      json_int_t ttl = json_integer_value(json_object_get(ans, "expires_in"));
      snprintf(t->value, sizeof t->value, "%s", v);
      /* refresh a minute early (or at half-life for short tokens) */
      ttl = ttl > 0 ? ttl : sso ? 43200 : 3600;
      t->expires = time(NULL) + (ttl > 120 ? ttl - 60 : ttl / 2);
      rc = 0;
    } else {
      resp->status = st;
      snprintf(resp->message, sizeof resp->message, "token %s ditolak/gagal (HTTP %ld): %.400s", sso ? "SSO" : "APIM", st,
               msg[0] ? msg : "tanpa pesan");
    }
    json_decref(ans);
    if (rc == 0 || (st != 0 && st < 500)) break;
    if (a < c->max_attempts) backoff(c, a);
  }
  memset(form, 0, sizeof form);
  memset(userpwd, 0, sizeof userpwd);
  curl_slist_free_all(h);
  if (rc != 0) resp->auth_failed = true;
  return rc;
}

/* Copy both current tokens out, fetching those missing or about to expire. */
static int get_tokens(const kn_siasn_cfg_t *c, bool force, char *apim, char *sso, size_t len, kn_siasn_resp_t *resp) {
  pthread_mutex_lock(&tok_mu);
  time_t now = time(NULL);
  int rc = 0;
  if (force) { apim_tok.expires = 0; sso_tok.expires = 0; }
  if (apim_tok.expires <= now) rc = fetch_token(c, false, &apim_tok, resp);
  if (rc == 0 && sso_tok.expires <= now) rc = fetch_token(c, true, &sso_tok, resp);
  if (rc == 0) {
    snprintf(apim, len, "%s", apim_tok.value);
    snprintf(sso, len, "%s", sso_tok.value);
  }
  pthread_mutex_unlock(&tok_mu);
  return rc;
}

/* ---- data calls ------------------------------------------------------------------------- */

int kn_siasn_call(const kn_siasn_cfg_t *c, const char *method, const char *path, const char *body,
                  kn_siasn_resp_t *resp) {
  memset(resp, 0, sizeof *resp);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  char url[1024], apim[4096], sso[4096], hv[4200];
  snprintf(url, sizeof url, "%s%s", c->base_url, path);
  bool refreshed = false;
  int rc = -1;
  for (int a = 1; a <= c->max_attempts;) {
    if (get_tokens(c, false, apim, sso, sizeof apim, resp) != 0) break;
    struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
    if (body) h = curl_slist_append(h, "Content-Type: application/json");
    snprintf(hv, sizeof hv, "Authorization: Bearer %s", apim);
    h = curl_slist_append(h, hv);
    snprintf(hv, sizeof hv, "Auth: bearer %s", sso);
    h = curl_slist_append(h, hv);
    memset(hv, 0, sizeof hv);
    json_decref(resp->body);
    bool to;
    resp->attempts++;
    resp->status = exchange(c, method, url, h, body, NULL, &resp->body, resp->message, sizeof resp->message, &to);
    curl_slist_free_all(h);
    if (resp->status >= 200 && resp->status < 300) { rc = 0; break; }
    if (resp->status == 401 && !refreshed) {  /* token revoked or expired early: once more, fresh */
      refreshed = true;
      pthread_mutex_lock(&tok_mu);
      apim_tok.expires = 0;
      sso_tok.expires = 0;
      pthread_mutex_unlock(&tok_mu);
      continue;
    }
    if (resp->status != 0 && resp->status < 500) break;  /* 4xx: SIASN's answer stands */
    if (!resp->message[0]) snprintf(resp->message, sizeof resp->message, "HTTP %ld", resp->status);
    if (++a <= c->max_attempts) backoff(c, a - 1);
  }
  memset(apim, 0, sizeof apim);
  memset(sso, 0, sizeof sso);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  resp->duration_ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
  return rc;
}
