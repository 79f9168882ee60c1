/* Process-wide cache of service-account (klien) states for the revocation of issued tokens
 * (issue 15, item 8): a disabled or rotated client's tokens stop working within
 * KINERJA_CLIENT_CHECK_MS on every node, while a busy client costs one lookup per node and period,
 * not one per request. Open addressing by FNV-1a of the client id under one mutex (a hit is a
 * hash and a compare); the lookup itself runs outside the lock. Owner: auth. */
#include "kinerja/auth.h"
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SLOTS 1024
#define PROBE 8

typedef struct entry {
  char id[64];
  kn_auth_klien_state_t s;
  uint64_t at_ms;   /* monotonic time of the lookup; 0 = empty */
} entry_t;

static entry_t table[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u + 1; /* never 0 */
}

static uint64_t fnv1a(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) { h ^= (unsigned char)*s; h *= 1099511628211ULL; }
  return h;
}

/* The entry of id, or the slot to put it in (an empty one, else the oldest of its probe run). */
static entry_t *find(const char *id, bool *hit) {
  uint64_t h = fnv1a(id);
  entry_t *victim = NULL;
  for (int i = 0; i < PROBE; i++) {
    entry_t *e = &table[(h + (uint64_t)i) % SLOTS];
    if (e->at_ms && strcmp(e->id, id) == 0) { *hit = true; return e; }
    if (!victim || e->at_ms < victim->at_ms) victim = e;
  }
  *hit = false;
  return victim;
}

int kn_auth_klien_state(const char *client_id, unsigned max_age_ms, kn_auth_klien_lookup_fn lookup, void *ctx,
                        kn_auth_klien_state_t *out) {
  if (strlen(client_id) >= sizeof table[0].id) { /* not cacheable: ask every time */
    return lookup(client_id, out, ctx);
  }
  uint64_t t = now_ms();
  bool hit;
  pthread_mutex_lock(&lock);
  entry_t *e = find(client_id, &hit);
  if (hit && t - e->at_ms < max_age_ms) {
    *out = e->s;
    pthread_mutex_unlock(&lock);
    return 0;
  }
  pthread_mutex_unlock(&lock);
  kn_auth_klien_state_t fresh = {0};
  if (lookup(client_id, &fresh, ctx) != 0) return -1;
  pthread_mutex_lock(&lock);
  e = find(client_id, &hit);
  snprintf(e->id, sizeof e->id, "%s", client_id);
  e->s = fresh;
  e->at_ms = t;
  pthread_mutex_unlock(&lock);
  *out = fresh;
  return 0;
}

bool kn_auth_klien_token_ok(const kn_auth_principal_t *p, const kn_auth_klien_state_t *s) {
  if (!(p->roles & KN_ROLE_INTEGRASI) || !s->known) return true;
  return s->aktif && p->kgen == s->generasi;
}
