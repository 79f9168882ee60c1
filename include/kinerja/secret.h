/* Client secrets of service accounts: generation, Argon2id hashing and verification with a
 * per-thread cache of recently verified secrets. Owner: auth. */
#ifndef KINERJA_SECRET_H
#define KINERJA_SECRET_H
#include <stdbool.h>
#include <stddef.h>

/* Argon2id parameters (OWASP 2023 minimum profile): 19 MiB, 2 passes, 1 lane, 16-byte salt,
 * 32-byte tag. Encoded hashes carry their parameters, so these may be raised later without
 * invalidating stored hashes. */
#define KN_ARGON2_T_COST 2u
#define KN_ARGON2_M_COST_KIB 19456u
#define KN_ARGON2_LANES 1u
#define KN_SECRET_HASH_MAX 160

/* Random token: prefix + 2*nbytes hex characters. out must hold strlen(prefix)+2*nbytes+1. */
int kn_auth_random_hex(const char *prefix, size_t nbytes, char *out, size_t cap);

/* New client secret ("ks_" + 43 base64url characters of 32 random bytes). out >= 64 bytes. */
int kn_auth_secret_generate(char out[64]);

/* Argon2id-encode secret into out ($argon2id$v=19$m=...). Returns 0 or -1. */
int kn_auth_secret_hash(const char *secret, char out[KN_SECRET_HASH_MAX]);

/* True when secret matches the encoded hash. A secret verified before against the same encoded
 * hash is checked against the thread's cache of SHA-256 digests (constant-time compare) instead
 * of running Argon2id again; a rotated secret has a new hash and so misses the cache. */
bool kn_auth_secret_verify(const char *encoded, const char *secret);

/* Burn the same Argon2id work as a real verification (unknown client ids must not answer faster). */
void kn_auth_secret_verify_dummy(const char *secret);
#endif
