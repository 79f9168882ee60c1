/* Compact JWS verification: the project's checks wrapped around libjwt. Owner: auth.
 * libjwt 1.10 (jwt_decode, called from keyring.c for HS256) splits the token, decodes header and
 * claims, reads alg and typ, recomputes the HMAC with the key it is given and compares it. It
 * validates no claim, accepts "none" when given no key, any alg with any key type (HS256 signed
 * with an RSA PEM), lenient base64 and duplicate JSON keys, and compares MACs with strcmp.
 * So this wrapper does, before libjwt sees the token: length limit, exactly three segments,
 * strict base64url, header and claims one JSON object each without duplicate keys, alg
 * allowlist HS256/RS256/ES256 by exact name (no "none"), "crit" refused, kid a string, typ
 * absent or "JWT", the key chosen by kid with the algorithm pinned by the key, a constant-time
 * MAC check; after it: jwt_get_alg equal to the key's algorithm; and then every claim: exp
 * required (integer, 30 s leeway), nbf/iat not in the future, iss, aud (string or array), sub,
 * instansi, nip/scope types, roles on the allowlist. RS256/ES256 signatures are checked with
 * preloaded OpenSSL keys (keyring.c says why). Verified tokens are cached per thread. */
#include "kinerja/auth.h"
#include "kinerja/b64.h"
#include "kinerja/config.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define LEEWAY 30
#define MAX_TOKEN 8192

static json_t *decode_json_segment(const char *seg, size_t n) {
  unsigned char buf[MAX_TOKEN];
  long len = kn_b64url_decode(seg, n, buf, sizeof buf);
  if (len <= 0) return NULL;
  json_t *j = json_loadb((const char *)buf, (size_t)len, JSON_REJECT_DUPLICATES, NULL);
  if (j && !json_is_object(j)) { json_decref(j); return NULL; }
  return j;
}

static int check_time_claim(json_t *claims, const char *name, bool required, long *out) {
  json_t *v = json_object_get(claims, name);
  if (!v) return required ? -1 : 0;
  /* integers only: a fractional NumericDate is refused rather than misread */
  if (!json_is_integer(v)) return -1;
  *out = (long)json_integer_value(v);
  return 1;
}

static bool aud_matches(json_t *aud) {
  if (json_is_string(aud)) return strcmp(json_string_value(aud), kn_cfg.jwt_audience) == 0;
  if (json_is_array(aud)) {
    size_t i;
    json_t *a;
    json_array_foreach(aud, i, a)
      if (json_is_string(a) && strcmp(json_string_value(a), kn_cfg.jwt_audience) == 0) return true;
  }
  return false;
}

static int copy_str_claim(json_t *claims, const char *name, char *dst, size_t cap, bool required) {
  json_t *v = json_object_get(claims, name);
  if (!v) return required ? -1 : 0;
  if (!json_is_string(v)) return -1;
  const char *s = json_string_value(v);
  if (strlen(s) >= cap || (required && !*s)) return -1;
  snprintf(dst, cap, "%s", s);
  return 0;
}

static int fill_roles(json_t *claims, kn_auth_principal_t *p) {
  json_t *roles = json_object_get(claims, "roles");
  if (!json_is_array(roles) || json_array_size(roles) == 0) return -1;
  size_t i, used = 0;
  json_t *r;
  json_array_foreach(roles, i, r) {
    if (!json_is_string(r)) return -1;
    unsigned bit = kn_auth_role_from_name(json_string_value(r));
    if (!bit) return -1; /* unknown role: refuse the whole token rather than guess */
    p->roles |= bit;
    int w = snprintf(p->roles_csv + used, sizeof p->roles_csv - used, "%s%s", used ? "," : "",
                     json_string_value(r));
    if (w < 0 || (size_t)w >= sizeof p->roles_csv - used) return -1;
    used += (size_t)w;
  }
  return 0;
}

static int check_claims(json_t *claims, time_t now, kn_auth_principal_t *p, const char **why) {
  long exp = 0, nbf = 0, iat = 0;
  if (check_time_claim(claims, "exp", true, &exp) < 0) { *why = "exp missing or not an integer"; return -1; }
  if (exp < now - LEEWAY) { *why = "token expired"; return -1; } /* no overflow near LONG_MAX */
  int r = check_time_claim(claims, "nbf", false, &nbf);
  if (r < 0 || (r > 0 && nbf > now + LEEWAY)) { *why = "token not yet valid"; return -1; }
  r = check_time_claim(claims, "iat", false, &iat);
  if (r < 0 || (r > 0 && iat > now + LEEWAY)) { *why = "iat in the future"; return -1; }
  json_t *iss = json_object_get(claims, "iss");
  if (!json_is_string(iss) || strcmp(json_string_value(iss), kn_cfg.jwt_issuer) != 0) {
    *why = "wrong issuer"; return -1;
  }
  if (!aud_matches(json_object_get(claims, "aud"))) { *why = "wrong audience"; return -1; }
  if (copy_str_claim(claims, "sub", p->sub, sizeof p->sub, true) < 0) { *why = "sub missing"; return -1; }
  if (copy_str_claim(claims, "instansi", p->instansi, sizeof p->instansi, true) < 0) {
    *why = "instansi missing"; return -1;
  }
  if (copy_str_claim(claims, "nip", p->nip, sizeof p->nip, false) < 0) { *why = "bad nip claim"; return -1; }
  if (copy_str_claim(claims, "scope", p->scope, sizeof p->scope, false) < 0) { *why = "bad scope claim"; return -1; }
  if (fill_roles(claims, p) < 0) { *why = "roles missing or unknown"; return -1; }
  long kgen = 0;
  if (check_time_claim(claims, "kgen", false, &kgen) < 0 || kgen < 0) { *why = "bad kgen claim"; return -1; }
  p->kgen = kgen;
  p->exp = exp;
  return 0;
}

/* typ: absent or "JWT" (any case) for every algorithm, the rule libjwt applies to HS256 ones */
static bool typ_ok(json_t *hdr) {
  json_t *typ = json_object_get(hdr, "typ");
  return !typ || (json_is_string(typ) && strcasecmp(json_string_value(typ), "JWT") == 0);
}

static kn_auth_key_alg_t alg_from_header(json_t *hdr, const char **kid) {
  json_t *alg = json_object_get(hdr, "alg");
  /* RFC 7515 §4.1.11: a "crit" extension we do not understand makes the token invalid, and we
   * understand none */
  if (json_object_get(hdr, "crit")) return 0;
  json_t *k = json_object_get(hdr, "kid");
  *kid = json_is_string(k) ? json_string_value(k) : NULL;
  if (k && !json_is_string(k)) return 0;
  if (!json_is_string(alg)) return 0;
  const char *a = json_string_value(alg);
  if (strcmp(a, "HS256") == 0) return KN_ALG_HS256;
  if (strcmp(a, "RS256") == 0) return KN_ALG_RS256;
  if (strcmp(a, "ES256") == 0) return KN_ALG_ES256;
  return 0; /* "none" and everything else */
}

int kn_auth_jwt_verify(const char *token, time_t now, kn_auth_principal_t *out, const char **why) {
  memset(out, 0, sizeof *out);
  *why = "malformed token";
  size_t n = strlen(token);
  if (n == 0 || n >= MAX_TOKEN) return -1;
  if (kn_auth_token_cache_get(token, now, out)) return 0;
  const char *d1 = strchr(token, '.');
  const char *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
  if (!d1 || !d2 || strchr(d2 + 1, '.')) return -1;
  json_t *hdr = decode_json_segment(token, (size_t)(d1 - token));
  if (!hdr) return -1;
  const char *kid = NULL;
  kn_auth_key_alg_t alg = alg_from_header(hdr, &kid);
  int rc = -1;
  json_t *claims = NULL;
  unsigned char sig[1024];
  long sig_len;
  if (!alg) { *why = "algorithm not allowed"; goto done; }
  if (!typ_ok(hdr)) { *why = "unsupported token type"; goto done; }
  sig_len = kn_b64url_decode(d2 + 1, strlen(d2 + 1), sig, sizeof sig);
  if (sig_len <= 0) { *why = "bad signature encoding"; goto done; }
  /* claims parsed strictly before libjwt sees them: it reads them with neither duplicate-key
   * nor type checks */
  claims = decode_json_segment(d1 + 1, (size_t)(d2 - d1 - 1));
  if (!claims) { *why = "malformed claims"; goto done; }
  if (!kn_auth_keyring_verify(alg, kid, token, (size_t)(d2 - token), sig,
                         (size_t)sig_len)) {
    *why = "bad signature";
    goto done;
  }
  if (check_claims(claims, now, out, why) == 0) {
    rc = 0;
    kn_auth_token_cache_put(token, out);
  }
done:
  json_decref(hdr);
  json_decref(claims);
  if (rc != 0) memset(out, 0, sizeof *out);
  return rc;
}
