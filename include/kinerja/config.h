/* Runtime configuration from KINERJA_* environment variables, overridable by flags.
 * Owner: core. The config is filled once at start-up and then read-only (no locking). */
#ifndef KINERJA_CONFIG_H
#define KINERJA_CONFIG_H
#include <stddef.h>

#define KN_CORS_MAX_ORIGINS 16
#define KN_READ_MAX_URLS 8

typedef struct kn_config {
  char listen_host[64];       /* KINERJA_LISTEN host part, default 127.0.0.1 */
  unsigned listen_port;       /* KINERJA_LISTEN port part, default 8080 */
  char database_url[1024];    /* KINERJA_DATABASE_URL (libpq conninfo) */
  char read_urls[KN_READ_MAX_URLS][1024]; /* KINERJA_DATABASE_URL_READ: replicas, in order */
  int nread_urls;             /* 0 = every transaction on the primary (the default) */
  unsigned read_max_lag_ms;   /* KINERJA_READ_MAX_LAG_MS: skip a replica further behind, default 5000 */
  char jwt_issuer[256];       /* KINERJA_JWT_ISSUER */
  char jwt_audience[256];     /* KINERJA_JWT_AUDIENCE */
  char hs256_secret[512];     /* KINERJA_JWT_HS256_SECRET (>= 32 bytes when set) */
  char hs256_previous[512];   /* KINERJA_JWT_HS256_SECRET_PREVIOUS (rotation) */
  char public_keys_file[1024];/* KINERJA_JWT_PUBLIC_KEYS: PEM file with "kid: <id>" lines */
  unsigned workers;           /* KINERJA_WORKERS, default 2 x cores */
  size_t max_body;            /* KINERJA_MAX_BODY bytes, default 1 MiB */
  size_t max_import_body;     /* KINERJA_MAX_IMPORT_BODY bytes, default 16 MiB (bulk import) */
  unsigned conn_timeout;      /* KINERJA_CONN_TIMEOUT seconds of idle keep-alive, default 30 */
  unsigned conn_limit;        /* KINERJA_CONN_LIMIT concurrent connections, default 1024 */
  unsigned conn_per_ip;       /* KINERJA_CONN_PER_IP concurrent connections per client address, default 32 */
  size_t max_public_body;     /* KINERJA_MAX_PUBLIC_BODY bytes of a request without a token, default 16 KiB */
  unsigned body_timeout;      /* KINERJA_BODY_TIMEOUT seconds to receive a request body, default 60 */
  unsigned stmt_timeout_ms;   /* KINERJA_STATEMENT_TIMEOUT_MS, default 5000 */
  int access_log;             /* KINERJA_ACCESS_LOG 1/0, default 1 */
  size_t max_upload;          /* KINERJA_MAX_UPLOAD bytes of one evidence file, default 10 MB */
  char storage_dir[1024];     /* KINERJA_STORAGE_DIR: evidence on disk; empty = in PostgreSQL */
  unsigned token_ttl;         /* KINERJA_TOKEN_TTL seconds of client-credentials tokens, default 600 */
  unsigned token_rate;        /* KINERJA_TOKEN_RATE token requests a minute per address, default 30 */
  unsigned token_hash_slots;  /* KINERJA_TOKEN_HASH_SLOTS concurrent Argon2id checks, default cores/2 (>= 1) */
  char webhook_key[256];      /* KINERJA_WEBHOOK_KEY: derives webhook signing secrets (>= 32 bytes) */
  char webhook_allow_hosts[1024]; /* KINERJA_WEBHOOK_ALLOW_HOSTS: hosts allowed whatever their address */
  char cors_origins[KN_CORS_MAX_ORIGINS][128]; /* KINERJA_CORS_ORIGINS: exact browser origins */
  int ncors_origins;          /* 0 = no CORS headers at all (the default) */
  unsigned drain_ms;          /* KINERJA_DRAIN_MS: after SIGTERM, /readyz 503 this long before stopping */
  char public_url[512];       /* KINERJA_PUBLIC_URL: base of the verification link in document QR codes */
  unsigned client_check_ms;   /* KINERJA_CLIENT_CHECK_MS: a node re-reads a client's state (active,
                                 generation) at most this old, default 2000 (0 = every request) */
  unsigned list_cap;          /* KINERJA_LIST_CAP: most items of an unpaginated aggregate list, default 20000 */
  unsigned long long evidence_quota; /* KINERJA_EVIDENCE_QUOTA bytes of evidence per instansi (the
                                 instansi's own kuota_bukti_byte wins), default 10 GB; 0 = none */
} kn_config_t;

/* Global configuration (filled by kn_config_load). */
extern kn_config_t kn_cfg;

/* Load defaults then environment. Returns 0, or -1 with a message on stderr. */
int kn_config_load(void);

/* Parse "host:port" into the config. Returns 0 or -1. */
int kn_config_set_listen(const char *value);

/* Parse KINERJA_CORS_ORIGINS (comma-separated exact origins such as https://app.example.go.id;
 * empty = none) into the config. Returns 0, or -1 with the reason in why (src/core/cors_origins.c). */
int kn_config_set_cors_origins(const char *value, char *why, size_t cap);

/* Parse KINERJA_DATABASE_URL_READ: one libpq connection string, or several postgresql:// URIs
 * separated by commas (a comma is a separator only when a URI scheme follows it, so libpq's own
 * multi-host syntax "host=a,b" or "postgresql://a,b/db" stays one entry). Empty = none.
 * Returns 0, or -1 with the reason in why. */
int kn_config_set_read_urls(const char *value, char *why, size_t cap);

/* Validate what `serve` needs (keys present, secret length). Returns 0 or -1 with message. */
int kn_config_check_serve(void);
#endif
