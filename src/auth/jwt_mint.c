/* HS256 minting for `kinerja token` (dev/demo). Owner: auth. */
#include "kinerja/auth.h"
#include "kinerja/b64.h"
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *kn_auth_jwt_mint_hs256(const char *secret, const char *kid, const char *payload_json) {
  char header[160], h64[256];
  if (kid && *kid) snprintf(header, sizeof header, "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"%s\"}", kid);
  else snprintf(header, sizeof header, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
  size_t plen = strlen(payload_json);
  size_t cap = plen * 2 + 512;
  char *out = malloc(cap);
  if (!out) return NULL;
  if (kn_b64url_encode((const unsigned char *)header, strlen(header), h64, sizeof h64) < 0) { free(out); return NULL; }
  size_t used = (size_t)snprintf(out, cap, "%s.", h64);
  long pl = kn_b64url_encode((const unsigned char *)payload_json, plen, out + used, cap - used);
  if (pl < 0) { free(out); return NULL; }
  used += (size_t)pl;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned mac_len = 0;
  HMAC(EVP_sha256(), secret, (int)strlen(secret), (unsigned char *)out, used, mac, &mac_len);
  out[used++] = '.';
  if (kn_b64url_encode(mac, mac_len, out + used, cap - used) < 0) { free(out); return NULL; }
  return out;
}
