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
  long kgen;            /* client generation a client-credentials token was minted at (claim kgen; 0 if none) */
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

/* Known state of a service account (klien) as last read from the database. */
typedef struct kn_auth_klien_state {
  bool known;           /* false: no client has this id (a service account of another issuer) */
  bool aktif;
  long generasi;
} kn_auth_klien_state_t;

/* Reads a client's state from the database: 0, or -1 when it could not be read. */
typedef int (*kn_auth_klien_lookup_fn)(const char *client_id, kn_auth_klien_state_t *out, void *ctx);

/* Process-wide cache of client states (src/auth/klien_cache.c, mutex-protected, shared by every
 * worker thread): the state of client_id at most max_age_ms old, calling lookup when it is older
 * or unknown. Returns 0, or -1 when lookup failed (nothing cached then). */
int kn_auth_klien_state(const char *client_id, unsigned max_age_ms, kn_auth_klien_lookup_fn lookup, void *ctx,
                        kn_auth_klien_state_t *out);

/* May a token of principal p still be used, given its client's state? An integrasi token whose sub
 * is a known client must be of an active client and of its current generation (rotation, disabling
 * and scope changes raise it). Pure. */
bool kn_auth_klien_token_ok(const kn_auth_principal_t *p, const kn_auth_klien_state_t *s);

/* Mint an HS256 token with libjwt (dev/demo and client-credentials): payload_json must be one
 * JSON object; kid (NULL or "" for none) goes into the header. NULL on bad input. Caller frees. */
char *kn_auth_jwt_mint_hs256(const char *secret, const char *kid, const char *payload_json);
#endif
