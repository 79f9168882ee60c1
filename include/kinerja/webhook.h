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

/* The delivery loop (`kinerja worker`): runs until SIGTERM/SIGINT. Returns the exit code. */
int kn_webhook_worker_run(void);
#endif
