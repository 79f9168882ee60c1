/* Authentication: JWT verification (HS256 through libjwt, RS256/ES256 with preloaded OpenSSL
 * keys; every claim checked here because libjwt 1.10 checks none), minting with libjwt,
 * keyring, verified-token cache, principal. Owner: auth. */
#ifndef KINERJA_AUTH_H
#define KINERJA_AUTH_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

enum {
  KN_ROLE_PEGAWAI = 1u << 0,
  KN_ROLE_ADMIN_PD = 1u << 1,
  KN_ROLE_ADMIN_BKPSDM = 1u << 2,
  KN_ROLE_AUDITOR = 1u << 3,
  KN_ROLE_INTEGRASI = 1u << 4,
};
#define KN_ROLES_READ_ALL (KN_ROLE_ADMIN_BKPSDM | KN_ROLE_AUDITOR)

typedef struct kn_auth_principal {
  char sub[128];
  char nip[24];         /* empty when the token carries none */
  char instansi[64];    /* tenant code */
  unsigned roles;       /* KN_ROLE_* mask */
  char roles_csv[128];  /* for audit / set_config */
  char scope[256];      /* space separated (integrasi) */
  long exp;
} kn_auth_principal_t;

/* Role name -> bit, 0 when unknown. */
unsigned kn_auth_role_from_name(const char *name);
/* True when the space-separated scope list contains scope. */
bool kn_auth_principal_has_scope(const kn_auth_principal_t *p, const char *scope);

/* Load keys from the configuration (HS256 secrets, PEM public keys). Returns 0 or -1. */
int kn_auth_keyring_load(void);
void kn_auth_keyring_free(void);

typedef enum kn_key_alg { KN_ALG_HS256 = 1, KN_ALG_RS256 = 2, KN_ALG_ES256 = 3 } kn_auth_key_alg_t;

/* Verify the signature sig (decoded) of a compact JWS token (whole text, NUL-terminated; its
 * first input_len bytes are the signing input) with the key chosen by (alg, kid). kid may be
 * NULL: then every key of that algorithm is tried (HS256 current then previous). HS256 goes
 * through libjwt's jwt_decode after a constant-time MAC check; RS256/ES256 through OpenSSL with
 * preloaded keys. Returns true if valid. */
bool kn_auth_keyring_verify(kn_auth_key_alg_t alg, const char *kid, const char *token, size_t input_len,
                       const unsigned char *sig, size_t sig_len);

/* Verify a compact JWT at time `now` and fill *out. Returns 0, or -1 with a short reason
 * (static string) in *why. Uses the per-thread cache of verified tokens. */
int kn_auth_jwt_verify(const char *token, time_t now, kn_auth_principal_t *out, const char **why);

/* Per-thread cache of verified tokens (no locks). Lookup returns true and fills *out on hit. */
bool kn_auth_token_cache_get(const char *token, time_t now, kn_auth_principal_t *out);
void kn_auth_token_cache_put(const char *token, const kn_auth_principal_t *p);

/* Mint an HS256 token with libjwt (dev/demo and client-credentials): payload_json must be one
 * JSON object; kid (NULL or "" for none) goes into the header. NULL on bad input. Caller frees. */
char *kn_auth_jwt_mint_hs256(const char *secret, const char *kid, const char *payload_json);
#endif
