/* Unit tests for JWT verification (include/kinerja/auth.h kn_auth_jwt_verify) with the keyring loaded
 * from the configuration. Tokens are minted here with OpenSSL; every token carries a unique jti
 * because kn_auth_jwt_verify caches verified tokens per thread by their text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/auth.h"
#include "kinerja/b64.h"
#include "kinerja/config.h"

#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOW ((time_t)1750000000)
#define ISS "https://sso.example.go.id"
#define AUD "kinerja-api-test"
#define SECRET "0123456789abcdefghijABCDEFGHIJ0123456789"         /* 40 chars */
#define SECRET_PREV "previous-secret-previous-secret-previous!"    /* 41 chars */
#define SECRET_OTHER "some-other-secret-that-is-not-configured"

static EVP_PKEY *rsa_key;     /* kid r1 */
static EVP_PKEY *rsa_key2;    /* kid r2 */
static EVP_PKEY *ec_key;      /* kid e1 */
static char *rsa_pub_pem;     /* r1 public key PEM text */
static char keys_path[64];
static int jti_counter;

/* ---------- helpers ---------- */

static char *pub_pem(EVP_PKEY *k) {
  BIO *b = BIO_new(BIO_s_mem());
  assert_non_null(b);
  assert_int_equal(PEM_write_bio_PUBKEY(b, k), 1);
  char *data = NULL;
  long n = BIO_get_mem_data(b, &data);
  assert_true(n > 0);
  char *s = malloc((size_t)n + 1);
  assert_non_null(s);
  memcpy(s, data, (size_t)n);
  s[n] = '\0';
  BIO_free(b);
  return s;
}

static char *b64(const void *data, size_t n) {
  size_t cap = n * 4 / 3 + 8;
  char *out = malloc(cap);
  assert_non_null(out);
  assert_true(kn_b64url_encode(data, n, out, cap) >= 0);
  return out;
}

typedef enum signer { SIGN_HS, SIGN_RS, SIGN_ES, SIGN_ES_DER, SIGN_EMPTY } signer_t;

/* Signature over input; returns malloc'd bytes in *sig. */
static size_t sign(signer_t how, const void *key, const char *input, unsigned char **sig) {
  size_t n = strlen(input);
  if (how == SIGN_EMPTY) { *sig = NULL; return 0; }
  if (how == SIGN_HS) {
    const char *secret = key;
    unsigned char *mac = malloc(EVP_MAX_MD_SIZE);
    unsigned len = 0;
    assert_non_null(HMAC(EVP_sha256(), secret, (int)strlen(secret), (const unsigned char *)input, n, mac, &len));
    assert_int_equal(len, 32);
    *sig = mac;
    return len;
  }
  EVP_PKEY *pk = (EVP_PKEY *)key;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  assert_non_null(ctx);
  assert_int_equal(EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, pk), 1);
  size_t len = 0;
  assert_int_equal(EVP_DigestSign(ctx, NULL, &len, (const unsigned char *)input, n), 1);
  unsigned char *der = malloc(len);
  assert_int_equal(EVP_DigestSign(ctx, der, &len, (const unsigned char *)input, n), 1);
  EVP_MD_CTX_free(ctx);
  if (how == SIGN_RS || how == SIGN_ES_DER) { *sig = der; return len; }
  /* ES256 in JWS: raw r||s, 32 bytes each */
  const unsigned char *p = der;
  ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)len);
  assert_non_null(es);
  const BIGNUM *r = NULL, *s = NULL;
  ECDSA_SIG_get0(es, &r, &s);
  unsigned char *raw = malloc(64);
  assert_int_equal(BN_bn2binpad(r, raw, 32), 32);
  assert_int_equal(BN_bn2binpad(s, raw + 32, 32), 32);
  ECDSA_SIG_free(es);
  free(der);
  *sig = raw;
  return 64;
}

/* Compact JWS from raw header and payload text. Caller frees. */
static char *mint_raw(const char *header, const char *payload, signer_t how, const void *key) {
  char *h = b64(header, strlen(header)), *p = b64(payload, strlen(payload));
  size_t cap = strlen(h) + strlen(p) + 1024;
  char *tok = malloc(cap);
  snprintf(tok, cap, "%s.%s", h, p);
  free(h);
  free(p);
  unsigned char *sig = NULL;
  size_t sl = sign(how, key, tok, &sig);
  char *s = b64(sig ? sig : (const unsigned char *)"", sl);
  size_t used = strlen(tok);
  snprintf(tok + used, cap - used, ".%s", s);
  free(s);
  free(sig);
  return tok;
}

/* Default claims of a valid token; the caller edits the object. A unique jti keeps every token
 * text distinct (the verified-token cache is keyed by text). */
static json_t *claims(void) {
  json_t *c = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[s,s], s:s, s:I, s:I, s:I}", "iss", ISS, "aud", AUD,
                        "sub", "user-42", "instansi", "kab-sleman", "nip", "198504012010031001", "roles",
                        "pegawai", "admin_pd", "scope", "sync:read sync:write", "exp",
                        (json_int_t)(NOW + 3600), "iat", (json_int_t)(NOW - 10), "nbf", (json_int_t)(NOW - 10));
  assert_non_null(c);
  json_object_set_new(c, "jti", json_integer(++jti_counter));
  return c;
}

/* Default claims as compact JSON text. Caller frees. */
static char *claims_text(void) {
  json_t *c = claims();
  char *s = json_dumps(c, JSON_COMPACT);
  json_decref(c);
  assert_non_null(s);
  return s;
}

static char *header(const char *alg, const char *kid) {
  json_t *h = json_pack("{s:s, s:s}", "alg", alg, "typ", "JWT");
  if (kid) json_object_set_new(h, "kid", json_string(kid));
  char *s = json_dumps(h, JSON_COMPACT);
  json_decref(h);
  return s;
}

/* Mint with the given alg/kid and claims object (consumed). */
static char *mint(const char *alg, const char *kid, json_t *c, signer_t how, const void *key) {
  char *hdr = header(alg, kid);
  char *payload = json_dumps(c, JSON_COMPACT);
  json_decref(c);
  char *tok = mint_raw(hdr, payload, how, key);
  free(hdr);
  free(payload);
  return tok;
}

static char *mint_hs(json_t *c) { return mint("HS256", NULL, c, SIGN_HS, SECRET); }

/* Verify expecting success. */
static void expect_ok(const char *label, const char *tok, time_t now, kn_auth_principal_t *p) {
  const char *why = NULL;
  int rc = kn_auth_jwt_verify(tok, now, p, &why);
  if (rc != 0) fail_msg("%s: expected accept, got reject (%s)", label, why ? why : "?");
}

/* Verify expecting rejection with exactly `why_expected`, and a zeroed principal. */
static void expect_reject(const char *label, const char *tok, time_t now, const char *why_expected) {
  kn_auth_principal_t p;
  memset(&p, 0x5a, sizeof p);
  const char *why = NULL;
  int rc = kn_auth_jwt_verify(tok, now, &p, &why);
  if (rc != -1) fail_msg("%s: expected reject (%s), got rc %d", label, why_expected, rc);
  kn_auth_principal_t cached;
  if (kn_auth_token_cache_get(tok, now, &cached)) fail_msg("%s: rejected token is in the cache", label);
  assert_non_null(why);
  if (strcmp(why, why_expected) != 0) fail_msg("%s: expected reason '%s', got '%s'", label, why_expected, why);
  kn_auth_principal_t zero;
  memset(&zero, 0, sizeof zero);
  if (memcmp(&p, &zero, sizeof p) != 0) fail_msg("%s: principal not cleared on reject", label);
}

static void reject_hs(const char *label, json_t *c, time_t now, const char *why) {
  char *t = mint_hs(c);
  expect_reject(label, t, now, why);
  free(t);
}

static void accept_hs(const char *label, json_t *c, time_t now) {
  char *t = mint_hs(c);
  kn_auth_principal_t p;
  expect_ok(label, t, now, &p);
  free(t);
}

/* ---------- setup ---------- */

static int group_setup(void **state) {
  (void)state;
  if (kn_config_load() != 0) return -1;
  snprintf(kn_cfg.jwt_issuer, sizeof kn_cfg.jwt_issuer, "%s", ISS);
  snprintf(kn_cfg.jwt_audience, sizeof kn_cfg.jwt_audience, "%s", AUD);
  snprintf(kn_cfg.hs256_secret, sizeof kn_cfg.hs256_secret, "%s", SECRET);
  snprintf(kn_cfg.hs256_previous, sizeof kn_cfg.hs256_previous, "%s", SECRET_PREV);
  if (strlen(kn_cfg.hs256_secret) != 40) return -1;

  rsa_key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
  rsa_key2 = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
  ec_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
  if (!rsa_key || !rsa_key2 || !ec_key) return -1;
  rsa_pub_pem = pub_pem(rsa_key);
  char *r2 = pub_pem(rsa_key2), *e1 = pub_pem(ec_key);

  snprintf(keys_path, sizeof keys_path, "/tmp/kn-test-jwt-XXXXXX");
  int fd = mkstemp(keys_path);
  if (fd < 0) return -1;
  FILE *f = fdopen(fd, "w");
  if (!f) return -1;
  fprintf(f, "# test keys\nkid: r1\n%skid: e1\n%skid: r2\n%s", rsa_pub_pem, e1, r2);
  fclose(f);
  free(r2);
  free(e1);
  snprintf(kn_cfg.public_keys_file, sizeof kn_cfg.public_keys_file, "%s", keys_path);
  return kn_auth_keyring_load() == 0 ? 0 : -1;
}

static int group_teardown(void **state) {
  (void)state;
  kn_auth_keyring_free();
  EVP_PKEY_free(rsa_key);
  EVP_PKEY_free(rsa_key2);
  EVP_PKEY_free(ec_key);
  free(rsa_pub_pem);
  if (keys_path[0]) unlink(keys_path);
  return 0;
}

/* ---------- valid tokens ---------- */

static void valid_hs256_principal(void **state) {
  (void)state;
  char *t = mint_hs(claims());
  kn_auth_principal_t p;
  expect_ok("HS256", t, NOW, &p);
  assert_string_equal(p.sub, "user-42");
  assert_string_equal(p.instansi, "kab-sleman");
  assert_string_equal(p.nip, "198504012010031001");
  assert_int_equal(p.roles, KN_ROLE_PEGAWAI | KN_ROLE_ADMIN_PD);
  assert_int_equal(p.roles, 3u);
  assert_string_equal(p.roles_csv, "pegawai,admin_pd");
  assert_string_equal(p.scope, "sync:read sync:write");
  assert_int_equal(p.exp, (long)(NOW + 3600));
  assert_true(kn_auth_principal_has_scope(&p, "sync:write"));
  assert_false(kn_auth_principal_has_scope(&p, "sync"));

  /* the verified token is now in this thread's cache */
  kn_auth_principal_t c;
  memset(&c, 0, sizeof c);
  assert_true(kn_auth_token_cache_get(t, NOW, &c));
  assert_memory_equal(&p, &c, sizeof p);
  /* second verification is a cache hit with the same principal */
  kn_auth_principal_t q;
  expect_ok("HS256 cached", t, NOW + 5, &q);
  assert_memory_equal(&p, &q, sizeof p);
  free(t);
}

static void valid_hs256_all_roles_optional_claims_absent(void **state) {
  (void)state;
  json_t *c = claims();
  json_object_del(c, "nip");
  json_object_del(c, "scope");
  json_object_del(c, "iat");
  json_object_del(c, "nbf");
  json_object_set_new(c, "roles", json_pack("[s,s,s,s,s]", "integrasi", "auditor", "admin_bkpsdm", "admin_pd", "pegawai"));
  char *t = mint_hs(c);
  kn_auth_principal_t p;
  expect_ok("all roles", t, NOW, &p);
  assert_int_equal(p.roles, KN_ROLE_PEGAWAI | KN_ROLE_ADMIN_PD | KN_ROLE_ADMIN_BKPSDM | KN_ROLE_AUDITOR | KN_ROLE_INTEGRASI);
  assert_string_equal(p.roles_csv, "integrasi,auditor,admin_bkpsdm,admin_pd,pegawai");
  assert_string_equal(p.nip, "");
  assert_string_equal(p.scope, "");
  free(t);
}

static void valid_hs256_with_kid_current(void **state) {
  (void)state;
  char *t = mint("HS256", "current", claims(), SIGN_HS, SECRET);
  kn_auth_principal_t p;
  expect_ok("HS256 kid current", t, NOW, &p);
  assert_string_equal(p.sub, "user-42");
  free(t);
}

static void valid_rs256_kid(void **state) {
  (void)state;
  json_t *c = claims();
  json_object_set_new(c, "sub", json_string("svc-siasn"));
  json_object_set_new(c, "roles", json_pack("[s]", "integrasi"));
  char *t = mint("RS256", "r1", c, SIGN_RS, rsa_key);
  kn_auth_principal_t p;
  expect_ok("RS256 r1", t, NOW, &p);
  assert_string_equal(p.sub, "svc-siasn");
  assert_int_equal(p.roles, KN_ROLE_INTEGRASI);
  assert_string_equal(p.roles_csv, "integrasi");
  free(t);

  t = mint("RS256", "r2", claims(), SIGN_RS, rsa_key2);
  expect_ok("RS256 r2", t, NOW, &p);
  free(t);
  /* no kid: every RS256 key is tried */
  t = mint("RS256", NULL, claims(), SIGN_RS, rsa_key2);
  expect_ok("RS256 no kid, second key", t, NOW, &p);
  free(t);
}

static void valid_es256_kid(void **state) {
  (void)state;
  char *t = mint("ES256", "e1", claims(), SIGN_ES, ec_key);
  kn_auth_principal_t p;
  expect_ok("ES256 e1", t, NOW, &p);
  assert_string_equal(p.sub, "user-42");
  assert_string_equal(p.instansi, "kab-sleman");
  assert_int_equal(p.roles, KN_ROLE_PEGAWAI | KN_ROLE_ADMIN_PD);
  free(t);
  t = mint("ES256", NULL, claims(), SIGN_ES, ec_key);
  expect_ok("ES256 no kid", t, NOW, &p);
  free(t);
}

/* ---------- algorithms and keys ---------- */

static void alg_none_rejected(void **state) {
  (void)state;
  char *t = mint("none", NULL, claims(), SIGN_EMPTY, NULL);
  assert_int_equal(t[strlen(t) - 1], '.'); /* really an empty signature */
  expect_reject("alg none, empty sig", t, NOW, "algorithm not allowed");
  free(t);
  t = mint("none", NULL, claims(), SIGN_HS, SECRET);
  expect_reject("alg none, valid HMAC", t, NOW, "algorithm not allowed");
  free(t);
  t = mint("None", NULL, claims(), SIGN_EMPTY, NULL);
  expect_reject("alg None", t, NOW, "algorithm not allowed");
  free(t);
  /* an allowed alg with an empty signature */
  t = mint("HS256", NULL, claims(), SIGN_EMPTY, NULL);
  expect_reject("HS256 empty sig", t, NOW, "bad signature encoding");
  free(t);
}

static void algorithm_confusion_rejected(void **state) {
  (void)state;
  /* HS256 "signed" with the RSA public key PEM as HMAC secret */
  char *t = mint("HS256", "r1", claims(), SIGN_HS, rsa_pub_pem);
  expect_reject("HS256 with RSA PEM, kid r1", t, NOW, "bad signature");
  free(t);
  t = mint("HS256", NULL, claims(), SIGN_HS, rsa_pub_pem);
  expect_reject("HS256 with RSA PEM, no kid", t, NOW, "bad signature");
  free(t);
  /* HS256 with an empty HMAC key: a public-key entry has no secret, so it must never be used
   * as an (empty) HMAC key */
  static const char *KIDS[] = {"r1", "e1", NULL};
  for (size_t i = 0; i < 3; i++) {
    t = mint("HS256", KIDS[i], claims(), SIGN_HS, "");
    char label[64];
    snprintf(label, sizeof label, "HS256 with empty key, kid %s", KIDS[i] ? KIDS[i] : "(none)");
    expect_reject(label, t, NOW, "bad signature");
    free(t);
  }
}

static void unknown_alg_rejected(void **state) {
  (void)state;
  static const char *ALGS[] = {"HS384", "HS512", "RS384", "RS512", "PS256", "ES384", "EdDSA", "hs256", "HS256 ", ""};
  for (size_t i = 0; i < sizeof ALGS / sizeof ALGS[0]; i++) {
    char *t = mint(ALGS[i], NULL, claims(), SIGN_HS, SECRET);
    char label[64];
    snprintf(label, sizeof label, "alg '%s'", ALGS[i]);
    expect_reject(label, t, NOW, "algorithm not allowed");
    free(t);
  }
  char *payload = claims_text();
  static const char *HDRS[] = {"{\"typ\":\"JWT\"}", "{\"alg\":256}", "{\"alg\":null}", "{\"alg\":[\"HS256\"]}",
                               "{\"alg\":\"HS256\",\"kid\":1}", "{\"alg\":\"HS256\",\"kid\":null}"};
  for (size_t i = 0; i < sizeof HDRS / sizeof HDRS[0]; i++) {
    char *t = mint_raw(HDRS[i], payload, SIGN_HS, SECRET);
    expect_reject(HDRS[i], t, NOW, "algorithm not allowed");
    free(t);
  }
  free(payload);
}

/* ---------- libjwt and the wrapper around it ---------- */

/* typ: absent or "JWT" in any case (libjwt's rule for HS256, applied to every algorithm). */
static void typ_header(void **state) {
  (void)state;
  char *payload = claims_text();
  static const char *OK[] = {"{\"alg\":\"HS256\",\"typ\":\"jwt\"}", "{\"alg\":\"HS256\"}"};
  for (size_t i = 0; i < 2; i++) {
    char *t = mint_raw(OK[i], payload, SIGN_HS, SECRET);
    kn_auth_principal_t p;
    expect_ok(OK[i], t, NOW, &p);
    free(t);
  }
  free(payload);
  static const char *BAD[] = {"{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", "{\"alg\":\"HS256\",\"typ\":1}",
                              "{\"alg\":\"RS256\",\"kid\":\"r1\",\"typ\":\"JWS\"}", "{\"alg\":\"HS256\",\"typ\":null}"};
  for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
    payload = claims_text(); /* fresh jti: never a cache hit */
    bool rs = strstr(BAD[i], "RS256") != NULL;
    char *t = mint_raw(BAD[i], payload, rs ? SIGN_RS : SIGN_HS, rs ? (const void *)rsa_key : SECRET);
    expect_reject(BAD[i], t, NOW, "unsupported token type");
    free(t);
    free(payload);
  }
}

/* What libjwt 1.10 alone would take and the wrapper must still refuse: alg in another case
 * (jwt_str_alg is strcasecmp), HS384/HS512 (libjwt verifies them with the same secret), a
 * duplicate alg (libjwt's json_loads keeps the last one), padded or '+'/'/' base64 (libjwt's
 * decoder maps and pads), claims with a duplicate key, "none" with the HS secret's MAC. */
static void libjwt_leniency_refused(void **state) {
  (void)state;
  static const char *ALGS[] = {"hs256", "Hs256", "HS384", "HS512", "NONE"};
  for (size_t i = 0; i < sizeof ALGS / sizeof ALGS[0]; i++) {
    char *t = mint(ALGS[i], NULL, claims(), SIGN_HS, SECRET);
    expect_reject(ALGS[i], t, NOW, "algorithm not allowed");
    free(t);
  }
  char *payload = claims_text();
  char *t = mint_raw("{\"alg\":\"none\",\"alg\":\"HS256\"}", payload, SIGN_HS, SECRET);
  expect_reject("duplicate alg, HS256 last", t, NOW, "malformed token");
  free(t);
  free(payload);
  /* the header segment with '=' padding appended: libjwt decodes it the same */
  t = mint_hs(claims());
  char *dot = strchr(t, '.');
  size_t hl = (size_t)(dot - t), tl = strlen(t);
  char *padded = malloc(tl + 4);
  assert_non_null(padded);
  memcpy(padded, t, hl);
  memcpy(padded + hl, "==", 2);
  memcpy(padded + hl + 2, dot, tl - hl + 1);
  expect_reject("padded header", padded, NOW, "malformed token");
  free(padded);
  free(t);
}

/* Minting through libjwt: the header is JSON written by libjwt (a kid with quotes stays one
 * string), the token verifies, and anything but one JSON object as claims gives NULL. */
static void mint_with_libjwt(void **state) {
  (void)state;
  char *payload = claims_text();
  char *t = kn_auth_jwt_mint_hs256(SECRET, "current", payload);
  assert_non_null(t);
  kn_auth_principal_t p;
  expect_ok("minted, kid current", t, NOW, &p);
  assert_string_equal(p.sub, "user-42");
  assert_int_equal(p.roles, KN_ROLE_PEGAWAI | KN_ROLE_ADMIN_PD);
  free(t);
  free(payload);

  payload = claims_text();
  t = kn_auth_jwt_mint_hs256(SECRET, "a\",\"alg\":\"none", payload);
  assert_non_null(t);
  unsigned char hdr[512];
  long hl = kn_b64url_decode(t, (size_t)(strchr(t, '.') - t), hdr, sizeof hdr);
  assert_true(hl > 0);
  json_t *h = json_loadb((const char *)hdr, (size_t)hl, JSON_REJECT_DUPLICATES, NULL);
  assert_non_null(h);
  assert_string_equal(json_string_value(json_object_get(h, "kid")), "a\",\"alg\":\"none");
  assert_string_equal(json_string_value(json_object_get(h, "alg")), "HS256");
  assert_string_equal(json_string_value(json_object_get(h, "typ")), "JWT");
  json_decref(h);
  expect_reject("minted with an unknown kid", t, NOW, "bad signature");
  free(t);
  free(payload);

  payload = claims_text();
  t = kn_auth_jwt_mint_hs256(SECRET, NULL, payload);
  assert_non_null(t);
  expect_ok("minted, no kid", t, NOW, &p);
  free(t);
  free(payload);

  assert_null(kn_auth_jwt_mint_hs256(SECRET, NULL, "[1,2]"));
  assert_null(kn_auth_jwt_mint_hs256(SECRET, NULL, "{\"sub\":\"a\",\"sub\":\"b\"}"));
  assert_null(kn_auth_jwt_mint_hs256(SECRET, NULL, "{\"sub\":"));
  assert_null(kn_auth_jwt_mint_hs256("", NULL, "{}"));
}

static void kid_of_other_alg_rejected(void **state) {
  (void)state;
  /* ES256 header naming the RSA key; signed correctly with the EC key */
  char *t = mint("ES256", "r1", claims(), SIGN_ES, ec_key);
  expect_reject("ES256 kid r1", t, NOW, "bad signature");
  free(t);
  /* RS256 header naming the EC key */
  t = mint("RS256", "e1", claims(), SIGN_RS, rsa_key);
  expect_reject("RS256 kid e1", t, NOW, "bad signature");
  free(t);
  /* HS256 header naming a public key */
  t = mint("HS256", "e1", claims(), SIGN_HS, SECRET);
  expect_reject("HS256 kid e1", t, NOW, "bad signature");
  free(t);
  /* RS256 naming r1 but signed with r2's private key: pinned to r1, no fallback */
  t = mint("RS256", "r1", claims(), SIGN_RS, rsa_key2);
  expect_reject("RS256 kid r1 signed by r2", t, NOW, "bad signature");
  free(t);
  /* unknown kid */
  t = mint("RS256", "r9", claims(), SIGN_RS, rsa_key);
  expect_reject("RS256 kid r9", t, NOW, "bad signature");
  free(t);
  t = mint("HS256", "nope", claims(), SIGN_HS, SECRET);
  expect_reject("HS256 kid nope", t, NOW, "bad signature");
  free(t);
}

static void wrong_signature_rejected(void **state) {
  (void)state;
  char *t = mint("HS256", NULL, claims(), SIGN_HS, SECRET_OTHER);
  expect_reject("HS256 other secret", t, NOW, "bad signature");
  free(t);

  /* flip one signature character (first char: all 6 bits are data) */
  t = mint_hs(claims());
  char *sig = strrchr(t, '.') + 1;
  sig[0] = sig[0] == 'A' ? 'B' : 'A';
  expect_reject("HS256 tampered sig", t, NOW, "bad signature");
  free(t);

  /* tampered payload, original signature */
  t = mint_hs(claims());
  json_t *c = claims();
  json_object_set_new(c, "roles", json_pack("[s]", "admin_bkpsdm"));
  char *evil = mint_hs(c);
  char *t_dot = strchr(t, '.'), *e_dot1 = strchr(evil, '.'), *e_dot2 = strrchr(evil, '.');
  size_t cap = strlen(t) + strlen(evil);
  char *spliced = malloc(cap);
  snprintf(spliced, cap, "%.*s%.*s%s", (int)(t_dot - t), t, (int)(e_dot2 - e_dot1), e_dot1, strrchr(t, '.'));
  expect_reject("HS256 swapped payload", spliced, NOW, "bad signature");
  free(spliced);
  free(evil);
  free(t);

  /* truncated HMAC (16 bytes) */
  char *hdr = header("HS256", NULL);
  char *payload = claims_text();
  char *full = mint_raw(hdr, payload, SIGN_HS, SECRET);
  char *dot = strrchr(full, '.');
  dot[1 + 24] = '\0'; /* 24 chars = 18 whole bytes: a short but canonical MAC */
  expect_reject("HS256 truncated", full, NOW, "bad signature");
  free(full);
  free(hdr);
  free(payload);

  /* RS256 / ES256 signed by the wrong key */
  t = mint("RS256", NULL, claims(), SIGN_RS, ec_key);
  expect_reject("RS256 signed with EC key", t, NOW, "bad signature");
  free(t);
  EVP_PKEY *other_ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
  assert_non_null(other_ec);
  t = mint("ES256", "e1", claims(), SIGN_ES, other_ec);
  expect_reject("ES256 other EC key", t, NOW, "bad signature");
  free(t);
  EVP_PKEY_free(other_ec);
  /* ES256 with a DER signature instead of raw r||s */
  t = mint("ES256", "e1", claims(), SIGN_ES_DER, ec_key);
  expect_reject("ES256 DER sig", t, NOW, "bad signature");
  free(t);
  /* ES256 raw signature with a trailing extra byte, and one byte short */
  {
    char *h = header("ES256", "e1");
    char *pl = claims_text();
    char *hb = b64(h, strlen(h)), *pb = b64(pl, strlen(pl));
    char input[2048];
    snprintf(input, sizeof input, "%s.%s", hb, pb);
    unsigned char *raw = NULL;
    assert_int_equal(sign(SIGN_ES, ec_key, input, &raw), 64);
    unsigned char longer[65];
    memcpy(longer, raw, 64);
    longer[64] = 0;
    char *sl = b64(longer, 65), *ss = b64(raw, 63);
    char tok[4096];
    snprintf(tok, sizeof tok, "%s.%s", input, sl);
    expect_reject("ES256 65-byte sig", tok, NOW, "bad signature");
    snprintf(tok, sizeof tok, "%s.%s", input, ss);
    expect_reject("ES256 63-byte sig", tok, NOW, "bad signature");
    free(sl);
    free(ss);
    free(raw);
    free(hb);
    free(pb);
    free(pl);
    free(h);
  }
  /* HS256 signature presented as RS256 */
  t = mint("RS256", "r1", claims(), SIGN_HS, SECRET);
  expect_reject("RS256 header, HMAC sig", t, NOW, "bad signature");
  free(t);
}

static void rotation_previous_secret(void **state) {
  (void)state;
  char *t = mint("HS256", NULL, claims(), SIGN_HS, SECRET_PREV);
  kn_auth_principal_t p;
  expect_ok("previous secret, no kid", t, NOW, &p);
  assert_string_equal(p.sub, "user-42");
  free(t);
  t = mint("HS256", "previous", claims(), SIGN_HS, SECRET_PREV);
  expect_ok("previous secret, kid previous", t, NOW, &p);
  free(t);
  /* pinned to the current secret by kid: the previous one is not tried */
  t = mint("HS256", "current", claims(), SIGN_HS, SECRET_PREV);
  expect_reject("previous secret, kid current", t, NOW, "bad signature");
  free(t);
  t = mint("HS256", "previous", claims(), SIGN_HS, SECRET);
  expect_reject("current secret, kid previous", t, NOW, "bad signature");
  free(t);
}

/* After a rotation has been completed (previous removed and keyring reloaded), tokens signed with
 * the old secret stop verifying. */
static void rotation_previous_removed(void **state) {
  (void)state;
  char saved[sizeof kn_cfg.hs256_previous];
  memcpy(saved, kn_cfg.hs256_previous, sizeof saved);
  kn_cfg.hs256_previous[0] = '\0';
  assert_int_equal(kn_auth_keyring_load(), 0);
  char *t = mint("HS256", NULL, claims(), SIGN_HS, SECRET_PREV);
  expect_reject("previous secret after removal", t, NOW, "bad signature");
  free(t);
  t = mint_hs(claims());
  kn_auth_principal_t p;
  expect_ok("current still works", t, NOW, &p);
  free(t);
  t = mint("ES256", "e1", claims(), SIGN_ES, ec_key);
  expect_ok("ES256 still works after reload", t, NOW, &p);
  free(t);
  memcpy(kn_cfg.hs256_previous, saved, sizeof saved);
  assert_int_equal(kn_auth_keyring_load(), 0);
}

/* Keyring file format: "kid: NAME" then a PEM public key, per key. Each malformed file makes
 * kn_auth_keyring_load fail; the good configuration is restored afterwards. */
static int write_file(char *path, size_t cap, const char *text) {
  snprintf(path, cap, "/tmp/kn-test-keys-XXXXXX");
  int fd = mkstemp(path);
  if (fd < 0) return -1;
  FILE *f = fdopen(fd, "w");
  if (!f) return -1;
  fputs(text, f);
  fclose(f);
  return 0;
}

static void keyring_file_errors(void **state) {
  (void)state;
  char *e1 = pub_pem(ec_key);
  size_t cap = strlen(rsa_pub_pem) + strlen(e1) + 256;
  char *text = malloc(cap);
  assert_non_null(text);
  char path[64];
  struct { const char *label; int expected; } C[] = {
    {"PEM without a kid line", -1},
    {"second PEM without its own kid line", -1},
    {"truncated PEM", -1},
    {"kid too long", -1},
    {"two good keys, CRLF line ends", 0},
  };
  for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
    switch (i) {
      case 0: snprintf(text, cap, "%s", rsa_pub_pem); break;
      case 1: snprintf(text, cap, "kid: a1\n%s%s", rsa_pub_pem, e1); break;
      case 2: snprintf(text, cap, "kid: a1\n%.60s\n-----END PUBLIC KEY-----\n", rsa_pub_pem); break;
      case 3: snprintf(text, cap, "kid: %0100d\n%s", 7, rsa_pub_pem); break;
      case 4: snprintf(text, cap, "kid: a1\r\n%skid: a2\r\n%s", rsa_pub_pem, e1); break;
    }
    assert_int_equal(write_file(path, sizeof path, text), 0);
    snprintf(kn_cfg.public_keys_file, sizeof kn_cfg.public_keys_file, "%s", path);
    int rc = kn_auth_keyring_load();
    unlink(path);
    if (rc != C[i].expected) fail_msg("%s: kn_auth_keyring_load expected %d, got %d", C[i].label, C[i].expected, rc);
  }
  /* the CRLF file's kids are usable (kid text without the CR) */
  char *t = mint("ES256", "a2", claims(), SIGN_ES, ec_key);
  kn_auth_principal_t p;
  expect_ok("ES256 kid a2 from CRLF file", t, NOW, &p);
  free(t);
  /* a missing file */
  snprintf(kn_cfg.public_keys_file, sizeof kn_cfg.public_keys_file, "/nonexistent/kn-keys.pem");
  assert_int_equal(kn_auth_keyring_load(), -1);

  snprintf(kn_cfg.public_keys_file, sizeof kn_cfg.public_keys_file, "%s", keys_path);
  assert_int_equal(kn_auth_keyring_load(), 0);
  t = mint("RS256", "r1", claims(), SIGN_RS, rsa_key);
  expect_ok("RS256 r1 after restoring", t, NOW, &p);
  free(t);
  free(text);
  free(e1);
}

/* ---------- time claims ---------- */

static void exp_checks(void **state) {
  (void)state;
  json_t *c = claims();
  json_object_del(c, "exp");
  reject_hs("exp missing", c, NOW, "exp missing or not an integer");

  c = claims();
  json_object_set_new(c, "exp", json_string("1750003600"));
  reject_hs("exp string", c, NOW, "exp missing or not an integer");

  c = claims();
  json_object_set_new(c, "exp", json_real(1.5e9));
  reject_hs("exp 1.5e9 real (already past)", c, NOW, "exp missing or not an integer");

  c = claims();
  json_object_set_new(c, "exp", json_real(1.9e9));
  reject_hs("exp 1.9e9 real (future)", c, NOW, "exp missing or not an integer");

  c = claims();
  json_object_set_new(c, "exp", json_real((double)(NOW + 3600) + 0.5));
  reject_hs("exp fractional", c, NOW, "exp missing or not an integer");

  c = claims();
  json_object_set_new(c, "exp", json_null());
  reject_hs("exp null", c, NOW, "exp missing or not an integer");

  c = claims();
  json_object_set_new(c, "exp", json_true());
  reject_hs("exp true", c, NOW, "exp missing or not an integer");

  /* literal 1.5e9 in the JSON text (not produced by jansson's dumper) */
  char *hdr = header("HS256", NULL);
  char payload[512];
  snprintf(payload, sizeof payload,
           "{\"iss\":\"%s\",\"aud\":\"%s\",\"sub\":\"u\",\"instansi\":\"i\",\"roles\":[\"pegawai\"],\"exp\":1.5e9,\"jti\":%d}",
           ISS, AUD, ++jti_counter);
  char *t = mint_raw(hdr, payload, SIGN_HS, SECRET);
  expect_reject("exp literal 1.5e9", t, (time_t)1400000000, "exp missing or not an integer");
  free(t);
  snprintf(payload, sizeof payload,
           "{\"iss\":\"%s\",\"aud\":\"%s\",\"sub\":\"u\",\"instansi\":\"i\",\"roles\":[\"pegawai\"],\"exp\":1750003600.0,\"jti\":%d}",
           ISS, AUD, ++jti_counter);
  t = mint_raw(hdr, payload, SIGN_HS, SECRET);
  expect_reject("exp literal 1750003600.0", t, NOW, "exp missing or not an integer");
  free(t);
  free(hdr);
}

static void exp_leeway(void **state) {
  (void)state;
  json_t *c = claims();
  json_object_set_new(c, "exp", json_integer(NOW - 31));
  reject_hs("expired 31 s ago", c, NOW, "token expired");

  c = claims();
  json_object_set_new(c, "exp", json_integer(NOW - 3600));
  reject_hs("expired an hour ago", c, NOW, "token expired");

  c = claims();
  json_object_set_new(c, "exp", json_integer(NOW - 30));
  json_object_set_new(c, "iat", json_integer(NOW - 600));
  json_object_set_new(c, "nbf", json_integer(NOW - 600));
  accept_hs("expired exactly 30 s ago (leeway)", c, NOW);

  c = claims();
  json_object_set_new(c, "exp", json_integer(NOW - 1));
  accept_hs("expired 1 s ago", c, NOW);

  c = claims();
  json_object_set_new(c, "exp", json_integer(NOW));
  accept_hs("exp == now", c, NOW);
}

/* A far-future exp is a valid (if unwise) NumericDate. jwt_verify.c computes `exp + LEEWAY` in
 * signed arithmetic, which overflows (UB; UBSan reports it) for exp > LONG_MAX - 30 and in practice
 * rejects the token as expired. Skipped while open (see report); passes once fixed. */
static void exp_far_future(void **state) {
  (void)state;
  json_t *c = claims();
  json_object_set_new(c, "exp", json_integer(INT64_MAX - 10));
  char *t = mint_hs(c);
  kn_auth_principal_t p;
  const char *why = NULL;
  int rc = kn_auth_jwt_verify(t, NOW, &p, &why);
  free(t);
  assert_int_equal(rc, 0);
  assert_int_equal(p.exp, (long)(INT64_MAX - 10));
}

/* A cached principal is not served after its exp (+ leeway). */
static void cache_respects_exp(void **state) {
  (void)state;
  json_t *c = claims();
  json_object_set_new(c, "exp", json_integer(NOW + 100));
  char *t = mint_hs(c);
  kn_auth_principal_t p;
  expect_ok("fresh", t, NOW, &p);
  expect_ok("cached, within leeway", t, NOW + 130, &p);
  expect_reject("cached but expired", t, NOW + 131, "token expired");
  free(t);
}

static void nbf_iat(void **state) {
  (void)state;
  json_t *c = claims();
  json_object_set_new(c, "nbf", json_integer(NOW + 31));
  reject_hs("nbf 31 s ahead", c, NOW, "token not yet valid");

  c = claims();
  json_object_set_new(c, "nbf", json_integer(NOW + 3600));
  json_object_set_new(c, "exp", json_integer(NOW + 7200));
  reject_hs("nbf an hour ahead", c, NOW, "token not yet valid");

  c = claims();
  json_object_set_new(c, "nbf", json_integer(NOW + 30));
  accept_hs("nbf 30 s ahead (leeway)", c, NOW);

  c = claims();
  json_object_set_new(c, "nbf", json_string("0"));
  reject_hs("nbf string", c, NOW, "token not yet valid");

  c = claims();
  json_object_set_new(c, "nbf", json_real(1.0e9));
  reject_hs("nbf real", c, NOW, "token not yet valid");

  c = claims();
  json_object_set_new(c, "iat", json_integer(NOW + 3600));
  json_object_set_new(c, "exp", json_integer(NOW + 7200));
  reject_hs("iat an hour ahead", c, NOW, "iat in the future");

  c = claims();
  json_object_set_new(c, "iat", json_integer(NOW + 31));
  reject_hs("iat 31 s ahead", c, NOW, "iat in the future");

  c = claims();
  json_object_set_new(c, "iat", json_integer(NOW + 30));
  accept_hs("iat 30 s ahead (leeway)", c, NOW);

  c = claims();
  json_object_set_new(c, "iat", json_string("now"));
  reject_hs("iat string", c, NOW, "iat in the future");
}

/* ---------- iss / aud / identity claims ---------- */

static void issuer_audience(void **state) {
  (void)state;
  json_t *c = claims();
  json_object_set_new(c, "iss", json_string("https://evil.example"));
  reject_hs("wrong iss", c, NOW, "wrong issuer");

  c = claims();
  json_object_set_new(c, "iss", json_string(ISS "/"));
  reject_hs("iss with trailing slash", c, NOW, "wrong issuer");

  c = claims();
  json_object_del(c, "iss");
  reject_hs("iss missing", c, NOW, "wrong issuer");

  c = claims();
  json_object_set_new(c, "iss", json_pack("[s]", ISS));
  reject_hs("iss array", c, NOW, "wrong issuer");

  c = claims();
  json_object_set_new(c, "aud", json_string("other-api"));
  reject_hs("wrong aud", c, NOW, "wrong audience");

  c = claims();
  json_object_set_new(c, "aud", json_string(AUD "x"));
  reject_hs("aud prefix match", c, NOW, "wrong audience");

  c = claims();
  json_object_del(c, "aud");
  reject_hs("aud missing", c, NOW, "wrong audience");

  c = claims();
  json_object_set_new(c, "aud", json_pack("[s,s]", "other-api", AUD));
  accept_hs("aud array containing", c, NOW);

  c = claims();
  json_object_set_new(c, "aud", json_pack("[s,s]", "other-api", "third-api"));
  reject_hs("aud array not containing", c, NOW, "wrong audience");

  c = claims();
  json_object_set_new(c, "aud", json_array());
  reject_hs("aud empty array", c, NOW, "wrong audience");

  c = claims();
  json_object_set_new(c, "aud", json_pack("[i,[s]]", 1, AUD));
  reject_hs("aud array, nested", c, NOW, "wrong audience");
}

static void subject_and_tenant(void **state) {
  (void)state;
  json_t *c = claims();
  json_object_del(c, "sub");
  reject_hs("sub missing", c, NOW, "sub missing");

  c = claims();
  json_object_set_new(c, "sub", json_string(""));
  reject_hs("sub empty", c, NOW, "sub missing");

  c = claims();
  json_object_set_new(c, "sub", json_integer(42));
  reject_hs("sub number", c, NOW, "sub missing");

  char longsub[129];
  memset(longsub, 'a', 128);
  longsub[128] = '\0';
  c = claims();
  json_object_set_new(c, "sub", json_string(longsub));
  reject_hs("sub 128 chars (does not fit)", c, NOW, "sub missing");
  longsub[127] = '\0';
  c = claims();
  json_object_set_new(c, "sub", json_string(longsub));
  char *t = mint_hs(c);
  kn_auth_principal_t p;
  expect_ok("sub 127 chars", t, NOW, &p);
  assert_string_equal(p.sub, longsub);
  free(t);

  c = claims();
  json_object_del(c, "instansi");
  reject_hs("instansi missing", c, NOW, "instansi missing");

  c = claims();
  json_object_set_new(c, "instansi", json_string(""));
  reject_hs("instansi empty", c, NOW, "instansi missing");

  c = claims();
  json_object_set_new(c, "instansi", json_pack("[s]", "kab-sleman"));
  reject_hs("instansi array", c, NOW, "instansi missing");

  c = claims();
  json_object_set_new(c, "nip", json_integer(198504012010031001LL));
  reject_hs("nip number", c, NOW, "bad nip claim");

  c = claims();
  json_object_set_new(c, "nip", json_string("198504012010031001198504"));
  reject_hs("nip 24 chars", c, NOW, "bad nip claim");

  c = claims();
  json_object_set_new(c, "scope", json_pack("[s]", "sync:read"));
  reject_hs("scope array", c, NOW, "bad scope claim");
}

static void roles(void **state) {
  (void)state;
  json_t *c = claims();
  json_object_set_new(c, "roles", json_pack("[s,s]", "pegawai", "superadmin"));
  reject_hs("unknown role", c, NOW, "roles missing or unknown");

  c = claims();
  json_object_set_new(c, "roles", json_pack("[s]", "Pegawai"));
  reject_hs("role wrong case", c, NOW, "roles missing or unknown");

  c = claims();
  json_object_set_new(c, "roles", json_array());
  reject_hs("empty roles", c, NOW, "roles missing or unknown");

  c = claims();
  json_object_del(c, "roles");
  reject_hs("roles missing", c, NOW, "roles missing or unknown");

  c = claims();
  json_object_set_new(c, "roles", json_string("pegawai"));
  reject_hs("roles string", c, NOW, "roles missing or unknown");

  c = claims();
  json_object_set_new(c, "roles", json_pack("[s,i]", "pegawai", 1));
  reject_hs("roles with number", c, NOW, "roles missing or unknown");

  c = claims();
  json_object_set_new(c, "roles", json_pack("[s]", ""));
  reject_hs("roles with empty string", c, NOW, "roles missing or unknown");

  /* duplicates are harmless */
  c = claims();
  json_object_set_new(c, "roles", json_pack("[s,s]", "auditor", "auditor"));
  char *t = mint_hs(c);
  kn_auth_principal_t p;
  expect_ok("duplicate role", t, NOW, &p);
  assert_int_equal(p.roles, KN_ROLE_AUDITOR);
  free(t);
}

/* ---------- malformed tokens ---------- */

static void malformed(void **state) {
  (void)state;
  char *t = mint_hs(claims());
  char *last = strrchr(t, '.');

  /* 2 parts: drop the signature segment */
  char *two = strndup(t, (size_t)(last - t));
  expect_reject("2 parts", two, NOW, "malformed token");
  free(two);

  /* 4 parts */
  size_t tl = strlen(t), cap = tl + 8;
  char *four = malloc(cap);
  assert_non_null(four);
  memcpy(four, t, tl);
  memcpy(four + tl, ".AAAA", 6);
  expect_reject("4 parts", four, NOW, "malformed token");
  four[tl + 1] = '\0';
  expect_reject("trailing dot", four, NOW, "malformed token");
  free(four);

  expect_reject("empty string", "", NOW, "malformed token");
  expect_reject("no dots", "abcdef", NOW, "malformed token");
  expect_reject("only dots", "..", NOW, "malformed token");
  expect_reject("three dots", "...", NOW, "malformed token");

  /* bad base64 in the header */
  char *bad = strdup(t);
  bad[1] = '*';
  expect_reject("bad b64 header", bad, NOW, "malformed token");
  free(bad);
  /* bad base64 in the signature */
  bad = strdup(t);
  bad[strlen(bad) - 2] = '+';
  expect_reject("bad b64 signature (+)", bad, NOW, "bad signature encoding");
  free(bad);
  /* a base64url length of 1 (mod 4) cannot encode whole bytes: 43 + 2 = 45 chars */
  bad = malloc(tl + 3);
  assert_non_null(bad);
  memcpy(bad, t, tl);
  memcpy(bad + tl, "AA", 3);
  expect_reject("signature length 1 mod 4", bad, NOW, "bad signature encoding");
  free(bad);
  /* ... and 43 + 1 = 44 chars decodes (33 bytes) but is not the MAC */
  bad = malloc(tl + 2);
  assert_non_null(bad);
  memcpy(bad, t, tl);
  memcpy(bad + tl, "A", 2);
  expect_reject("signature one char longer", bad, NOW, "bad signature");
  free(bad);
  /* padding is not base64url-without-padding */
  bad = malloc(tl + 2);
  assert_non_null(bad);
  memcpy(bad, t, tl);
  memcpy(bad + tl, "=", 2);
  expect_reject("padded signature", bad, NOW, "bad signature encoding");
  free(bad);
  free(t);

  /* bad base64 in the payload (signature valid over the text) */
  char *h = header("HS256", NULL);
  char *hb = b64(h, strlen(h));
  char input[256];
  snprintf(input, sizeof input, "%s.%s", hb, "eyJzdWIiOiJ4In0*");
  unsigned char *sig = NULL;
  size_t sl = sign(SIGN_HS, SECRET, input, &sig);
  char *sb = b64(sig, sl);
  char tok[512];
  snprintf(tok, sizeof tok, "%s.%s", input, sb);
  expect_reject("bad b64 payload", tok, NOW, "malformed claims");
  free(sb);
  free(sig);

  /* header that is JSON but not an object; header that is not JSON */
  static const char *BADHDR[] = {"[\"HS256\"]", "\"HS256\"", "{\"alg\":\"HS256\"", "HS256",
                                 "{\"alg\":\"HS256\",\"alg\":\"none\"}"};
  char *payload = claims_text();
  for (size_t i = 0; i < sizeof BADHDR / sizeof BADHDR[0]; i++) {
    char *bt = mint_raw(BADHDR[i], payload, SIGN_HS, SECRET);
    expect_reject(BADHDR[i], bt, NOW, "malformed token");
    free(bt);
  }
  free(payload);

  /* payloads that are not a JSON object, or have duplicate keys (signature valid) */
  char dup[512];
  snprintf(dup, sizeof dup,
           "{\"iss\":\"%s\",\"aud\":\"%s\",\"sub\":\"u\",\"sub\":\"admin\",\"instansi\":\"i\",\"roles\":[\"pegawai\"],\"exp\":%ld,\"jti\":%d}",
           ISS, AUD, (long)(NOW + 3600), ++jti_counter);
  const char *BADPAY[] = {"[1,2]", "\"claims\"", "{\"sub\":", "", dup};
  for (size_t i = 0; i < sizeof BADPAY / sizeof BADPAY[0]; i++) {
    char *bt = mint_raw(h, BADPAY[i], SIGN_HS, SECRET);
    expect_reject(BADPAY[i], bt, NOW, "malformed claims");
    free(bt);
  }
  free(hb);
  free(h);
}

static void oversized_token(void **state) {
  (void)state;
  json_t *c = claims();
  char *big = malloc(9000);
  memset(big, 'x', 8999);
  big[8999] = '\0';
  json_object_set_new(c, "pad", json_string(big));
  free(big);
  char *t = mint_hs(c);
  assert_true(strlen(t) >= 8192);
  expect_reject("token >= 8192 bytes", t, NOW, "malformed token");
  free(t);

  /* largish but under the limit: verified, not cached (>= 1536), still correct */
  c = claims();
  big = malloc(3000);
  memset(big, 'y', 2999);
  big[2999] = '\0';
  json_object_set_new(c, "pad", json_string(big));
  free(big);
  t = mint_hs(c);
  kn_auth_principal_t p;
  expect_ok("3 KB token", t, NOW, &p);
  expect_ok("3 KB token again", t, NOW, &p);
  assert_string_equal(p.sub, "user-42");
  free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(valid_hs256_principal),
    cmocka_unit_test(valid_hs256_all_roles_optional_claims_absent),
    cmocka_unit_test(valid_hs256_with_kid_current),
    cmocka_unit_test(valid_rs256_kid),
    cmocka_unit_test(valid_es256_kid),
    cmocka_unit_test(alg_none_rejected),
    cmocka_unit_test(algorithm_confusion_rejected),
    cmocka_unit_test(unknown_alg_rejected),
    cmocka_unit_test(kid_of_other_alg_rejected),
    cmocka_unit_test(typ_header),
    cmocka_unit_test(libjwt_leniency_refused),
    cmocka_unit_test(mint_with_libjwt),
    cmocka_unit_test(wrong_signature_rejected),
    cmocka_unit_test(rotation_previous_secret),
    cmocka_unit_test(rotation_previous_removed),
    cmocka_unit_test(keyring_file_errors),
    cmocka_unit_test(exp_checks),
    cmocka_unit_test(exp_leeway),
    cmocka_unit_test(exp_far_future),
    cmocka_unit_test(cache_respects_exp),
    cmocka_unit_test(nbf_iat),
    cmocka_unit_test(issuer_audience),
    cmocka_unit_test(subject_and_tenant),
    cmocka_unit_test(roles),
    cmocka_unit_test(malformed),
    cmocka_unit_test(oversized_token),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
