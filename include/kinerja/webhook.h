/* Webhooks: signing secrets, signatures and the delivery worker. Owner: integration.
 *
 * Signing secret of a subscription = "whsec_" + hex(HMAC-SHA256(KINERJA_WEBHOOK_KEY,
 * "kinerja-webhook:<instansi>:<id>:<secret_versi>")): derived, never stored, so the database
 * holds nothing that could sign. Rotation = a new secret_versi.
 * Each delivery carries X-Kinerja-Timestamp (unix seconds) and
 * X-Kinerja-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>. */
#ifndef KINERJA_WEBHOOK_H
#define KINERJA_WEBHOOK_H
#include <stdbool.h>
#include <stddef.h>

#define KN_WEBHOOK_SECRET_LEN 71   /* "whsec_" + 64 hex + NUL */

/* False when KINERJA_WEBHOOK_KEY is not configured. */
bool kn_webhook_secret(const char *instansi, long long id, int versi, char out[KN_WEBHOOK_SECRET_LEN]);

/* "v1=<64 hex>" into out (68 bytes). */
void kn_webhook_signature(const char *secret, long long ts, const char *body, size_t len, char out[68]);

/* A webhook target checked against internal addresses (src/webhook/target.c). */
typedef enum kn_webhook_target_rc {
  KN_TARGET_OK = 0,
  KN_TARGET_BAD_URL,        /* not an http(s) URL libcurl can parse, or a malformed numeric host */
  KN_TARGET_UNRESOLVABLE,   /* the host name does not resolve */
  KN_TARGET_FORBIDDEN,      /* the host is or resolves to a non-public address (cls says which) */
} kn_webhook_target_rc_t;

typedef struct kn_webhook_target {
  char host[256];           /* as libcurl parsed it (IPv6 in brackets) */
  bool listed;              /* on KINERJA_WEBHOOK_ALLOW_HOSTS: any address allowed */
  char resolve[512];        /* CURLOPT_RESOLVE entry "host:port:addr[,addr]" pinning the checked
                               addresses; empty for an IP literal (nothing to resolve) */
  int cls;                  /* kn_addr_class_t of the first refused address */
} kn_webhook_target_t;

/* Parse url with libcurl's parser (the one that will connect), resolve its host and refuse
 * when it is, or any address it resolves to is, not public (kinerja/netaddr.h) unless the
 * host is listed in KINERJA_WEBHOOK_ALLOW_HOSTS. Blocks for name resolution. */
kn_webhook_target_rc_t kn_webhook_target_check(const char *url, kn_webhook_target_t *t);

/* The delivery loop (`kinerja worker`): runs until SIGTERM/SIGINT. Returns the exit code. */
int kn_webhook_worker_run(void);
#endif
