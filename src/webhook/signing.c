/* Webhook secrets (derived from KINERJA_WEBHOOK_KEY) and request signatures. Owner: integration. */
#include "kinerja/webhook.h"
#include "kinerja/config.h"
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void hex(const unsigned char *in, unsigned n, char *out) {
  for (unsigned i = 0; i < n; i++) snprintf(out + 2 * i, 3, "%02x", in[i]);
}

bool kn_webhook_secret(const char *instansi, long long id, int versi, char out[KN_WEBHOOK_SECRET_LEN]) {
  if (!kn_cfg.webhook_key[0]) return false;
  char msg[160];
  int n = snprintf(msg, sizeof msg, "kinerja-webhook:%s:%lld:%d", instansi, id, versi);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  HMAC(EVP_sha256(), kn_cfg.webhook_key, (int)strlen(kn_cfg.webhook_key), (unsigned char *)msg, (size_t)n, mac, &len);
  memcpy(out, "whsec_", 6);
  hex(mac, len, out + 6);
  return true;
}

void kn_webhook_signature(const char *secret, long long ts, const char *body, size_t len, char out[68]) {
  char prefix[32];
  int pl = snprintf(prefix, sizeof prefix, "%lld.", ts);
  unsigned char *msg = malloc((size_t)pl + len + 1);
  if (!msg) abort();
  memcpy(msg, prefix, (size_t)pl);
  if (len) memcpy(msg + pl, body, len);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned mlen = 0;
  HMAC(EVP_sha256(), secret, (int)strlen(secret), msg, (size_t)pl + len, mac, &mlen);
  free(msg);
  memcpy(out, "v1=", 3);
  hex(mac, mlen, out + 3);
}
