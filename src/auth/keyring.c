/* Keyring: HS256 secrets and preloaded RS256/ES256 public keys, selected by kid. Loaded once at
 * start-up and read-only afterwards, so no locking. Owner: auth.
 *
 * HS256 tokens are verified by libjwt (jwt_decode with the key the kid chose, algorithm pinned
 * with jwt_get_alg afterwards), behind a constant-time MAC check of our own: libjwt 1.10
 * compares the base64 MAC with strcmp, so only a token whose MAC is already known to be right
 * ever reaches that compare (no timing oracle on the secret).
 * RS256/ES256 stay on OpenSSL with the keys preloaded here: libjwt 1.10 takes the key as PEM
 * text and parses it on every jwt_decode. Measured with bench/jwt_bench.c (build/bench_jwt
 * 1000, distinct tokens, no cache hits, this 2-core machine under load, 2026-12-03): RS256
 * libjwt 690 us/call vs 82 us for the whole kn_auth_jwt_verify with the preloaded key; ES256
 * 808 us vs 139 us; HS256 6 us either way. 8x per fresh token is a core's worth of work at
 * ~1,400 fresh RS256 tokens/s, so the preload stays. */
#include "kinerja/auth.h"
#include "kinerja/config.h"
#include "kinerja/log.h"
#include <jwt.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KEYS 16

typedef struct kn_key {
  kn_auth_key_alg_t alg;
  char kid[64];
  unsigned char secret[512]; /* HS256 */
  size_t secret_len;
  EVP_PKEY *pkey;            /* RS256 / ES256, owned */
} kn_key_t;

static kn_key_t keys[MAX_KEYS];
static int nkeys;

static void add_hs(const char *kid, const char *secret) {
  if (!secret[0] || nkeys >= MAX_KEYS) return;
  kn_key_t *k = &keys[nkeys++];
  k->alg = KN_ALG_HS256;
  snprintf(k->kid, sizeof k->kid, "%s", kid);
  k->secret_len = strlen(secret);
  memcpy(k->secret, secret, k->secret_len);
}

/* File format: for each key a line "kid: NAME" followed by a PEM public key block. */
static int load_pem_file(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) { kn_log("error", "cannot open KINERJA_JWT_PUBLIC_KEYS file %s", path); return -1; }
  char line[512], kid[64] = "";
  char pem[8192];
  size_t pem_len = 0;
  int in_pem = 0, rc = 0;
  while (fgets(line, sizeof line, f)) {
    if (!in_pem && strncmp(line, "kid:", 4) == 0) {
      char *v = line + 4;
      while (*v == ' ') v++;
      v[strcspn(v, "\r\n")] = '\0';
      if (strlen(v) >= sizeof kid) { rc = -1; break; }
      memcpy(kid, v, strlen(v) + 1);
    } else if (strncmp(line, "-----BEGIN PUBLIC KEY-----", 26) == 0) {
      in_pem = 1;
      pem_len = 0;
    }
    if (in_pem) {
      size_t l = strlen(line);
      if (pem_len + l >= sizeof pem) { rc = -1; break; }
      memcpy(pem + pem_len, line, l);
      pem_len += l;
      if (strncmp(line, "-----END PUBLIC KEY-----", 24) == 0) {
        in_pem = 0;
        BIO *bio = BIO_new_mem_buf(pem, (int)pem_len);
        EVP_PKEY *pk = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
        BIO_free(bio);
        if (!pk || !kid[0] || nkeys >= MAX_KEYS) {
          kn_log("error", "bad public key entry (kid '%s') in %s", kid, path);
          EVP_PKEY_free(pk);
          rc = -1;
          break;
        }
        kn_key_t *k = &keys[nkeys++];
        k->pkey = pk;
        snprintf(k->kid, sizeof k->kid, "%s", kid);
        int id = EVP_PKEY_get_base_id(pk);
        k->alg = id == EVP_PKEY_RSA ? KN_ALG_RS256 : id == EVP_PKEY_EC ? KN_ALG_ES256 : 0;
        char curve[64] = "";
        size_t curve_len = 0;
        if (k->alg == KN_ALG_ES256 &&
            (!EVP_PKEY_get_utf8_string_param(pk, "group", curve, sizeof curve, &curve_len) ||
             strcmp(curve, "prime256v1") != 0))
          k->alg = 0; /* ES256 is P-256 only */
        if (!k->alg) { kn_log("error", "unsupported key type for kid %s", kid); rc = -1; break; }
        kid[0] = '\0';
      }
    }
  }
  fclose(f);
  return rc;
}

int kn_auth_keyring_load(void) {
  kn_auth_keyring_free();
  add_hs("current", kn_cfg.hs256_secret);
  add_hs("previous", kn_cfg.hs256_previous);
  if (kn_cfg.public_keys_file[0] && load_pem_file(kn_cfg.public_keys_file) != 0) {
    kn_auth_keyring_free(); /* all or nothing: never run with half a keyring */
    return -1;
  }
  return 0;
}

void kn_auth_keyring_free(void) {
  for (int i = 0; i < nkeys; i++) {
    EVP_PKEY_free(keys[i].pkey);
    OPENSSL_cleanse(keys[i].secret, sizeof keys[i].secret);
  }
  memset(keys, 0, sizeof keys);
  nkeys = 0;
}

/* token: the whole compact JWS (NUL-terminated); its first n bytes are the signing input. */
static bool verify_hs(const kn_key_t *k, const char *token, size_t n, const unsigned char *sig, size_t sig_len) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned mac_len = 0;
  if (!HMAC(EVP_sha256(), k->secret, (int)k->secret_len, (const unsigned char *)token, n, mac, &mac_len)) return false;
  /* constant-time: a timing side channel must not reveal the MAC */
  if (sig_len != mac_len || CRYPTO_memcmp(mac, sig, mac_len) != 0) return false;
  /* libjwt decodes and verifies the token with this key; the algorithm it read must be the
   * key's (libjwt would take "HS512", or "none" without a key, by itself) */
  jwt_t *jwt = NULL;
  bool ok = jwt_decode(&jwt, token, k->secret, (int)k->secret_len) == 0 && jwt_get_alg(jwt) == JWT_ALG_HS256;
  jwt_free(jwt);
  return ok;
}

/* JWS ES256 signatures are raw r||s; OpenSSL wants DER. */
static bool verify_pkey(const kn_key_t *k, const char *in, size_t n,
                        const unsigned char *sig, size_t sig_len) {
  unsigned char der[80];
  const unsigned char *use_sig = sig;
  size_t use_len = sig_len;
  if (k->alg == KN_ALG_ES256) {
    if (sig_len != 64) return false;
    ECDSA_SIG *es = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(sig, 32, NULL), *s = BN_bin2bn(sig + 32, 32, NULL);
    if (!es || !r || !s || !ECDSA_SIG_set0(es, r, s)) {
      BN_free(r); BN_free(s); ECDSA_SIG_free(es);
      return false;
    }
    unsigned char *p = der;
    int dl = i2d_ECDSA_SIG(es, &p);
    ECDSA_SIG_free(es);
    if (dl <= 0) return false;
    use_sig = der;
    use_len = (size_t)dl;
  }
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  bool ok = ctx && EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, k->pkey) == 1 &&
            EVP_DigestVerify(ctx, use_sig, use_len, (const unsigned char *)in, n) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

bool kn_auth_keyring_verify(kn_auth_key_alg_t alg, const char *kid, const char *token, size_t n,
                       const unsigned char *sig, size_t sig_len) {
  for (int i = 0; i < nkeys; i++) {
    const kn_key_t *k = &keys[i];
    /* algorithm pinned by the key: an HS256 token never meets an RSA/EC key and vice versa */
    if (k->alg != alg) continue;
    if (kid && strcmp(kid, k->kid) != 0) continue;
    bool ok = alg == KN_ALG_HS256 ? verify_hs(k, token, n, sig, sig_len)
                                  : verify_pkey(k, token, n, sig, sig_len);
    if (ok) return true;
    if (kid) return false;
  }
  return false;
}
