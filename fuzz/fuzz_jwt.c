/* libFuzzer target: JWT verification (src/auth/jwt_verify.c kn_auth_jwt_verify: libjwt decode
 * wrapped by the project's checks) and minting (jwt_mint.c). Input: a mode byte, then
 *   0: a raw compact token;
 *   1: header JSON '\n' claims JSON, encoded and HS256-signed here with the configured secret,
 *      so the claim checks behind the signature get fuzzed too;
 *   2: kid '\n' claims JSON, minted with kn_auth_jwt_mint_hs256 and verified back.
 * Oracles: an accepted token gives a complete principal (sub, instansi, roles, exp not past)
 * and the same answer twice (cache); a minted token's header carries the kid verbatim.
 * Owner: platform (security). */
#include "kinerja/auth.h"
#include "kinerja/b64.h"
#include "kinerja/config.h"
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOW ((time_t)1750000000)
#define SECRET "fuzz-secret-fuzz-secret-fuzz-secret-0123"

static void add_pub(FILE *f, const char *kid, EVP_PKEY *k) {
  fprintf(f, "kid: %s\n", kid);
  PEM_write_PUBKEY(f, k);
  EVP_PKEY_free(k);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc; (void)argv;
  kn_config_load();
  snprintf(kn_cfg.jwt_issuer, sizeof kn_cfg.jwt_issuer, "https://sso.example.go.id");
  snprintf(kn_cfg.jwt_audience, sizeof kn_cfg.jwt_audience, "kinerja-api");
  snprintf(kn_cfg.hs256_secret, sizeof kn_cfg.hs256_secret, SECRET);
  snprintf(kn_cfg.hs256_previous, sizeof kn_cfg.hs256_previous, "previous-fuzz-secret-previous-fuzz-secret");
  char path[] = "/tmp/kn-fuzz-jwt-XXXXXX";
  int fd = mkstemp(path);
  FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (!f) abort();
  add_pub(f, "r1", EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048));
  add_pub(f, "e1", EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"));
  fclose(f);
  snprintf(kn_cfg.public_keys_file, sizeof kn_cfg.public_keys_file, "%s", path);
  if (kn_auth_keyring_load() != 0) abort();
  unlink(path);
  return 0;
}

static void check(const char *tok) {
  kn_auth_principal_t p, q;
  const char *why = NULL, *why2 = NULL;
  int rc = kn_auth_jwt_verify(tok, NOW, &p, &why);
  int rc2 = kn_auth_jwt_verify(tok, NOW, &q, &why2);
  if (rc != rc2) abort();
  if (rc != 0) {
    if (!why || !*why) abort();
    return;
  }
  if (memcmp(&p, &q, sizeof p) != 0) abort();
  if (!p.sub[0] || !p.instansi[0] || !p.roles || p.exp < NOW - 30) abort();
  if (!memchr(p.sub, 0, sizeof p.sub) || !memchr(p.roles_csv, 0, sizeof p.roles_csv) ||
      !memchr(p.scope, 0, sizeof p.scope) || !memchr(p.nip, 0, sizeof p.nip))
    abort();
}

static char *b64(const char *s, size_t n) {
  size_t cap = n * 4 / 3 + 8;
  char *out = malloc(cap);
  if (!out || kn_b64url_encode((const unsigned char *)s, n, out, cap) < 0) abort();
  return out;
}

static void signed_hs(const char *hdr, const char *claims) {
  char *h = b64(hdr, strlen(hdr)), *c = b64(claims, strlen(claims));
  size_t cap = strlen(h) + strlen(c) + 64;
  char *tok = malloc(cap);
  if (!tok) abort();
  int used = snprintf(tok, cap, "%s.%s", h, c);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned ml = 0;
  HMAC(EVP_sha256(), SECRET, (int)strlen(SECRET), (unsigned char *)tok, (size_t)used, mac, &ml);
  tok[used++] = '.';
  if (kn_b64url_encode(mac, ml, tok + used, cap - (size_t)used) < 0) abort();
  check(tok);
  free(tok);
  free(h);
  free(c);
}

static void minted(const char *kid, const char *claims) {
  char *tok = kn_auth_jwt_mint_hs256(SECRET, kid, claims);
  if (!tok) return; /* claims that are not a JSON object */
  const char *dot = strchr(tok, '.');
  if (!dot) abort();
  unsigned char hdr[1024];
  long hl = kn_b64url_decode(tok, (size_t)(dot - tok), hdr, sizeof hdr);
  json_t *h = hl > 0 ? json_loadb((const char *)hdr, (size_t)hl, JSON_REJECT_DUPLICATES, NULL) : NULL;
  if (!h) abort();
  const char *k = json_string_value(json_object_get(h, "kid"));
  if (*kid ? !k || strcmp(k, kid) != 0 : k != NULL) abort();
  if (strcmp(json_string_value(json_object_get(h, "alg")) ?: "", "HS256") != 0) abort();
  json_decref(h);
  check(tok);
  free(tok);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 9000) return 0;
  char *s = malloc(size);
  if (!s) abort();
  memcpy(s, data + 1, size - 1);
  s[size - 1] = '\0';
  char *nl = strchr(s, '\n');
  switch (data[0] % 3) {
    case 0: check(s); break;
    case 1: if (nl) { *nl = '\0'; signed_hs(s, nl + 1); } break;
    case 2: if (nl && nl - s < 64) { *nl = '\0'; minted(s, nl + 1); } break;
  }
  free(s);
  return 0;
}
