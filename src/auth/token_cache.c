/* Per-thread cache of verified tokens: direct-mapped, keyed by the full token text, so a hit
 * skips signature and claim work (RS256/ES256 cost 16-50 µs even with preloaded keys). Entries
 * expire with the token's exp. Owner: auth. */
#include "kinerja/auth.h"
#include <stdint.h>
#include <string.h>

#define SLOTS 128
#define MAX_CACHED_TOKEN 1536
#define LEEWAY 30

typedef struct slot {
  char token[MAX_CACHED_TOKEN];
  kn_auth_principal_t p;
  int used;
} slot_t;

static __thread slot_t *cache; /* allocated lazily per worker thread */

static uint64_t fnv1a(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) { h ^= (unsigned char)*s; h *= 1099511628211ULL; }
  return h;
}

#include <stdlib.h>
static slot_t *slots(void) {
  if (!cache) cache = calloc(SLOTS, sizeof(slot_t));
  return cache;
}

bool kn_auth_token_cache_get(const char *token, time_t now, kn_auth_principal_t *out) {
  if (strlen(token) >= MAX_CACHED_TOKEN) return false;
  slot_t *c = slots();
  if (!c) return false;
  slot_t *s = &c[fnv1a(token) % SLOTS];
  if (!s->used || strcmp(s->token, token) != 0) return false;
  if (s->p.exp < now - LEEWAY) { s->used = 0; return false; }
  *out = s->p;
  return true;
}

void kn_auth_token_cache_put(const char *token, const kn_auth_principal_t *p) {
  size_t n = strlen(token);
  if (n >= MAX_CACHED_TOKEN) return;
  slot_t *c = slots();
  if (!c) return;
  slot_t *s = &c[fnv1a(token) % SLOTS];
  memcpy(s->token, token, n + 1);
  s->p = *p;
  s->used = 1;
}
