/* Argon2id hashing of client secrets and a small per-thread cache of verified ones. Owner: auth.
 * Why the cache: Argon2id costs ~20-40 ms of CPU by design, so a client that asks for a token
 * every few minutes pays it once per thread; the cache keys on the stored encoded hash, so a
 * rotation (new hash) or a wrong secret never hits. */
#include "kinerja/secret.h"
#include "kinerja/b64.h"
#include <argon2.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

#define CACHE_SLOTS 32

typedef struct verified {
  char encoded[KN_SECRET_HASH_MAX];
  unsigned char digest[SHA256_DIGEST_LENGTH];
} verified_t;

static _Thread_local verified_t cache[CACHE_SLOTS];
static _Thread_local unsigned cache_next;

int kn_auth_random_hex(const char *prefix, size_t nbytes, char *out, size_t cap) {
  unsigned char raw[64];
  size_t pl = strlen(prefix);
  if (nbytes > sizeof raw || cap < pl + 2 * nbytes + 1 || RAND_bytes(raw, (int)nbytes) != 1) return -1;
  memcpy(out, prefix, pl);
  for (size_t i = 0; i < nbytes; i++) snprintf(out + pl + 2 * i, 3, "%02x", raw[i]);
  return 0;
}

int kn_auth_secret_generate(char out[64]) {
  unsigned char raw[32];
  if (RAND_bytes(raw, sizeof raw) != 1) return -1;
  memcpy(out, "ks_", 3);
  return kn_b64url_encode(raw, sizeof raw, out + 3, 61) < 0 ? -1 : 0;
}

int kn_auth_secret_hash(const char *secret, char out[KN_SECRET_HASH_MAX]) {
  unsigned char salt[16];
  if (RAND_bytes(salt, sizeof salt) != 1) return -1;
  int rc = argon2id_hash_encoded(KN_ARGON2_T_COST, KN_ARGON2_M_COST_KIB, KN_ARGON2_LANES, secret,
                                 strlen(secret), salt, sizeof salt, 32, out, KN_SECRET_HASH_MAX);
  return rc == ARGON2_OK ? 0 : -1;
}

static void digest_of(const char *secret, unsigned char d[SHA256_DIGEST_LENGTH]) {
  SHA256((const unsigned char *)secret, strlen(secret), d);
}

bool kn_auth_secret_verify(const char *encoded, const char *secret) {
  if (!encoded || !secret || strlen(encoded) >= KN_SECRET_HASH_MAX) return false;
  unsigned char d[SHA256_DIGEST_LENGTH];
  digest_of(secret, d);
  for (unsigned i = 0; i < CACHE_SLOTS; i++)
    if (cache[i].encoded[0] && strcmp(cache[i].encoded, encoded) == 0)
      return CRYPTO_memcmp(cache[i].digest, d, sizeof d) == 0;
  if (argon2id_verify(encoded, secret, strlen(secret)) != ARGON2_OK) return false;
  verified_t *slot = &cache[cache_next++ % CACHE_SLOTS];
  snprintf(slot->encoded, sizeof slot->encoded, "%s", encoded);
  memcpy(slot->digest, d, sizeof d);
  return true;
}

void kn_auth_secret_verify_dummy(const char *secret) {
  /* a fixed hash with the same parameters; the result is ignored */
  static const char fixed[] = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
                              "0Bq2lXxnuSM3BmWiZ4lO8oGNb4oE0bXx3E4Xo6W8Ux8";
  (void)argon2id_verify(fixed, secret ? secret : "", secret ? strlen(secret) : 0);
}
