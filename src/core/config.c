/* Configuration loading. Owner: core. */
#include "kinerja/config.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

kn_config_t kn_cfg;

static void copy_env(char *dst, size_t cap, const char *name, const char *def) {
  const char *v = getenv(name);
  if (!v || !*v) v = def;
  snprintf(dst, cap, "%s", v ? v : "");
}

static unsigned long env_ulong(const char *name, unsigned long def) {
  const char *v = getenv(name);
  if (!v || !*v) return def;
  char *end = NULL;
  unsigned long n = strtoul(v, &end, 10);
  return (end && *end == '\0') ? n : def;
}

int kn_config_set_listen(const char *value) {
  const char *colon = strrchr(value, ':');
  if (!colon || colon == value) return -1;
  size_t hl = (size_t)(colon - value);
  if (hl >= sizeof kn_cfg.listen_host) return -1;
  char *end = NULL;
  unsigned long port = strtoul(colon + 1, &end, 10);
  if (!end || *end || port == 0 || port > 65535) return -1;
  memcpy(kn_cfg.listen_host, value, hl);
  kn_cfg.listen_host[hl] = '\0';
  kn_cfg.listen_port = (unsigned)port;
  return 0;
}

static bool uri_start(const char *p) {
  while (*p == ' ') p++;
  return strncmp(p, "postgresql://", 13) == 0 || strncmp(p, "postgres://", 11) == 0;
}

int kn_config_set_read_urls(const char *value, char *why, size_t cap) {
  kn_cfg.nread_urls = 0;
  if (!value || !*value) return 0;
  const char *p = value;
  while (*p) {
    while (*p == ' ') p++;
    const char *s = p;
    while (*p && !(*p == ',' && uri_start(p + 1))) p++;
    size_t n = (size_t)(p - s);
    while (n > 0 && s[n - 1] == ' ') n--;
    if (n == 0) { snprintf(why, cap, "an entry is empty"); return -1; }
    if (kn_cfg.nread_urls == KN_READ_MAX_URLS) { snprintf(why, cap, "at most %d replicas", KN_READ_MAX_URLS); return -1; }
    if (n >= sizeof kn_cfg.read_urls[0]) { snprintf(why, cap, "an entry is longer than %zu bytes", sizeof kn_cfg.read_urls[0] - 1); return -1; }
    memcpy(kn_cfg.read_urls[kn_cfg.nread_urls], s, n);
    kn_cfg.read_urls[kn_cfg.nread_urls++][n] = '\0';
    if (*p == ',') p++;
  }
  return 0;
}

int kn_config_load(void) {
  memset(&kn_cfg, 0, sizeof kn_cfg);
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  if (cores < 1) cores = 1;
  char listen[128];
  copy_env(listen, sizeof listen, "KINERJA_LISTEN", "127.0.0.1:8080");
  if (kn_config_set_listen(listen) != 0) {
    fprintf(stderr, "KINERJA_LISTEN must be host:port, got '%s'\n", listen);
    return -1;
  }
  copy_env(kn_cfg.database_url, sizeof kn_cfg.database_url, "KINERJA_DATABASE_URL", "");
  char why[256];
  if (kn_config_set_read_urls(getenv("KINERJA_DATABASE_URL_READ"), why, sizeof why) != 0) {
    fprintf(stderr, "KINERJA_DATABASE_URL_READ must be a connection string or comma-separated "
                    "postgresql:// URIs: %s\n", why);
    return -1;
  }
  kn_cfg.read_max_lag_ms = (unsigned)env_ulong("KINERJA_READ_MAX_LAG_MS", 5000);
  copy_env(kn_cfg.jwt_issuer, sizeof kn_cfg.jwt_issuer, "KINERJA_JWT_ISSUER", "kinerja-demo");
  copy_env(kn_cfg.jwt_audience, sizeof kn_cfg.jwt_audience, "KINERJA_JWT_AUDIENCE", "kinerja-api");
  copy_env(kn_cfg.hs256_secret, sizeof kn_cfg.hs256_secret, "KINERJA_JWT_HS256_SECRET", "");
  copy_env(kn_cfg.hs256_previous, sizeof kn_cfg.hs256_previous, "KINERJA_JWT_HS256_SECRET_PREVIOUS", "");
  copy_env(kn_cfg.public_keys_file, sizeof kn_cfg.public_keys_file, "KINERJA_JWT_PUBLIC_KEYS", "");
  kn_cfg.workers = (unsigned)env_ulong("KINERJA_WORKERS", (unsigned long)(2 * cores));
  if (kn_cfg.workers < 1) kn_cfg.workers = 1;
  kn_cfg.max_body = env_ulong("KINERJA_MAX_BODY", 1024UL * 1024UL);
  kn_cfg.max_import_body = env_ulong("KINERJA_MAX_IMPORT_BODY", 16UL * 1024UL * 1024UL);
  kn_cfg.conn_timeout = (unsigned)env_ulong("KINERJA_CONN_TIMEOUT", 30);
  kn_cfg.conn_limit = (unsigned)env_ulong("KINERJA_CONN_LIMIT", 1024);
  kn_cfg.conn_per_ip = (unsigned)env_ulong("KINERJA_CONN_PER_IP", 32);
  kn_cfg.max_public_body = env_ulong("KINERJA_MAX_PUBLIC_BODY", 16UL * 1024UL);
  kn_cfg.body_timeout = (unsigned)env_ulong("KINERJA_BODY_TIMEOUT", 60);
  if (kn_cfg.body_timeout < 1) kn_cfg.body_timeout = 1;
  kn_cfg.stmt_timeout_ms = (unsigned)env_ulong("KINERJA_STATEMENT_TIMEOUT_MS", 5000);
  kn_cfg.access_log = (int)env_ulong("KINERJA_ACCESS_LOG", 1);
  kn_cfg.max_upload = env_ulong("KINERJA_MAX_UPLOAD", 10UL * 1000UL * 1000UL);
  copy_env(kn_cfg.storage_dir, sizeof kn_cfg.storage_dir, "KINERJA_STORAGE_DIR", "");
  copy_env(kn_cfg.public_url, sizeof kn_cfg.public_url, "KINERJA_PUBLIC_URL", "");
  kn_cfg.token_ttl = (unsigned)env_ulong("KINERJA_TOKEN_TTL", 600);
  if (kn_cfg.token_ttl < 60 || kn_cfg.token_ttl > 3600) {
    fprintf(stderr, "KINERJA_TOKEN_TTL must be 60..3600 seconds\n");
    return -1;
  }
  kn_cfg.drain_ms = (unsigned)env_ulong("KINERJA_DRAIN_MS", 0);
  kn_cfg.client_check_ms = (unsigned)env_ulong("KINERJA_CLIENT_CHECK_MS", 2000);
  if (kn_cfg.client_check_ms > 60000) {
    fprintf(stderr, "KINERJA_CLIENT_CHECK_MS must be 0..60000\n");
    return -1;
  }
  kn_cfg.list_cap = (unsigned)env_ulong("KINERJA_LIST_CAP", 20000);
  if (kn_cfg.list_cap < 1) kn_cfg.list_cap = 1;
  kn_cfg.evidence_quota = env_ulong("KINERJA_EVIDENCE_QUOTA", 10UL * 1000UL * 1000UL * 1000UL);
  kn_cfg.token_rate = (unsigned)env_ulong("KINERJA_TOKEN_RATE", 30);
  kn_cfg.token_hash_slots = (unsigned)env_ulong("KINERJA_TOKEN_HASH_SLOTS", (unsigned long)(cores / 2));
  if (kn_cfg.token_rate < 1) kn_cfg.token_rate = 1;
  if (kn_cfg.token_hash_slots < 1) kn_cfg.token_hash_slots = 1;
  copy_env(kn_cfg.webhook_key, sizeof kn_cfg.webhook_key, "KINERJA_WEBHOOK_KEY", "");
  if (kn_cfg.webhook_key[0] && strlen(kn_cfg.webhook_key) < 32) {
    fprintf(stderr, "KINERJA_WEBHOOK_KEY must be at least 32 bytes\n");
    return -1;
  }
  copy_env(kn_cfg.webhook_allow_hosts, sizeof kn_cfg.webhook_allow_hosts, "KINERJA_WEBHOOK_ALLOW_HOSTS", "");
  if (kn_config_set_cors_origins(getenv("KINERJA_CORS_ORIGINS"), why, sizeof why) != 0) {
    fprintf(stderr, "KINERJA_CORS_ORIGINS must be comma-separated origins such as "
                    "https://app.example.go.id: %s\n", why);
    return -1;
  }
  return 0;
}

int kn_config_check_serve(void) {
  if (!kn_cfg.database_url[0]) {
    fprintf(stderr, "KINERJA_DATABASE_URL is required\n");
    return -1;
  }
  if (!kn_cfg.hs256_secret[0] && !kn_cfg.public_keys_file[0]) {
    fprintf(stderr, "set KINERJA_JWT_HS256_SECRET or KINERJA_JWT_PUBLIC_KEYS\n");
    return -1;
  }
  if (kn_cfg.hs256_secret[0] && strlen(kn_cfg.hs256_secret) < 32) {
    fprintf(stderr, "KINERJA_JWT_HS256_SECRET must be at least 32 bytes\n");
    return -1;
  }
  if (kn_cfg.hs256_previous[0] && strlen(kn_cfg.hs256_previous) < 32) {
    fprintf(stderr, "KINERJA_JWT_HS256_SECRET_PREVIOUS must be at least 32 bytes\n");
    return -1;
  }
  return 0;
}
