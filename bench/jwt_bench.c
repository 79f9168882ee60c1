/* Micro-bench of JWT verification cost per call (no cache hits: every token is distinct):
 * libjwt 1.10 jwt_decode (which parses the PEM on every RS256/ES256 call) against the keyring's
 * preloaded OpenSSL keys, and the whole kn_auth_jwt_verify. Build: ninja -C build bench_jwt;
 * run: build/bench_jwt [iterations]. The figures decide where src/auth/keyring.c keeps
 * preloaded keys (see the comment there and docs/security.md). Owner: auth. */
#include "kinerja/auth.h"
#include "kinerja/config.h"
#include <jwt.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NOW ((time_t)1750000000)

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static char *pem_of(EVP_PKEY *k, int priv) {
  BIO *b = BIO_new(BIO_s_mem());
  if (priv) PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL);
  else PEM_write_bio_PUBKEY(b, k);
  char *d;
  long n = BIO_get_mem_data(b, &d);
  char *s = strndup(d, (size_t)n);
  BIO_free(b);
  return s;
}

static char **mint_many(int n, jwt_alg_t alg, const char *kid, const unsigned char *key, int klen) {
  char **t = calloc((size_t)n, sizeof *t);
  for (int i = 0; i < n; i++) {
    jwt_t *j;
    jwt_new(&j);
    char claims[400];
    snprintf(claims, sizeof claims,
             "{\"iss\":\"https://sso.example.go.id\",\"aud\":\"kinerja-api\",\"sub\":\"u%d\",\"instansi\":\"kab-x\","
             "\"roles\":[\"pegawai\"],\"exp\":%ld,\"jti\":%d}", i, (long)NOW + 3600, i);
    jwt_add_grants_json(j, claims);
    if (kid) jwt_add_header(j, "kid", kid);
    jwt_set_alg(j, alg, key, klen);
    t[i] = jwt_encode_str(j);
    jwt_free(j);
  }
  return t;
}

static void run(const char *label, int n, jwt_alg_t alg, const char *kid, const unsigned char *sign_key, int sklen,
                const unsigned char *verify_key, int vklen) {
  char **t = mint_many(n, alg, kid, sign_key, sklen);
  double t0 = now_us();
  int ok = 0;
  for (int i = 0; i < n; i++) {
    jwt_t *j = NULL;
    if (jwt_decode(&j, t[i], verify_key, vklen) == 0) ok++;
    jwt_free(j);
  }
  double t1 = now_us();
  int ok2 = 0;
  kn_auth_principal_t p;
  const char *why;
  for (int i = 0; i < n; i++) ok2 += kn_auth_jwt_verify(t[i], NOW, &p, &why) == 0;
  double t2 = now_us();
  printf("%-6s libjwt jwt_decode %8.1f us/call (%d/%d ok)   kn_auth_jwt_verify %8.1f us/call (%d/%d ok)\n", label,
         (t1 - t0) / n, ok, n, (t2 - t1) / n, ok2, n);
  for (int i = 0; i < n; i++) free(t[i]);
  free(t);
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 2000;
  kn_config_load();
  snprintf(kn_cfg.jwt_issuer, sizeof kn_cfg.jwt_issuer, "https://sso.example.go.id");
  snprintf(kn_cfg.jwt_audience, sizeof kn_cfg.jwt_audience, "kinerja-api");
  const char *secret = "bench-secret-bench-secret-bench-secret-0123";
  snprintf(kn_cfg.hs256_secret, sizeof kn_cfg.hs256_secret, "%s", secret);
  EVP_PKEY *rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
  EVP_PKEY *ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
  char *rpriv = pem_of(rsa, 1), *rpub = pem_of(rsa, 0), *epriv = pem_of(ec, 1), *epub = pem_of(ec, 0);
  char path[] = "/tmp/kn-bench-jwt-XXXXXX";
  FILE *f = fdopen(mkstemp(path), "w");
  fprintf(f, "kid: r1\n%skid: e1\n%s", rpub, epub);
  fclose(f);
  snprintf(kn_cfg.public_keys_file, sizeof kn_cfg.public_keys_file, "%s", path);
  if (kn_auth_keyring_load() != 0) { fprintf(stderr, "keyring\n"); return 1; }
  unlink(path);
  run("HS256", n, JWT_ALG_HS256, NULL, (const unsigned char *)secret, (int)strlen(secret),
      (const unsigned char *)secret, (int)strlen(secret));
  run("RS256", n, JWT_ALG_RS256, "r1", (unsigned char *)rpriv, (int)strlen(rpriv), (unsigned char *)rpub,
      (int)strlen(rpub));
  run("ES256", n, JWT_ALG_ES256, "e1", (unsigned char *)epriv, (int)strlen(epriv), (unsigned char *)epub,
      (int)strlen(epub));
  return 0;
}
