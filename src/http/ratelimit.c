/* Token buckets per client address (see kinerja/ratelimit.h). Owner: http. */
#include "kinerja/ratelimit.h"
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PROBE 8

typedef struct bucket {
  unsigned char key[16];
  bool used;
  double tokens, last;
} bucket_t;

struct kn_rate {
  pthread_mutex_t mu;
  unsigned n;
  double burst, per_sec;
  bucket_t *b;
};

kn_rate_t *kn_http_rate_new(unsigned slots, double burst, double per_minute) {
  kn_rate_t *rl = calloc(1, sizeof *rl);
  if (!rl) return NULL;
  rl->n = slots < PROBE ? PROBE : slots;
  rl->b = calloc(rl->n, sizeof *rl->b);
  if (!rl->b) { free(rl); return NULL; }
  rl->burst = burst < 1 ? 1 : burst;
  rl->per_sec = per_minute / 60.0;
  pthread_mutex_init(&rl->mu, NULL);
  return rl;
}

void kn_http_rate_free(kn_rate_t *rl) {
  if (!rl) return;
  pthread_mutex_destroy(&rl->mu);
  free(rl->b);
  free(rl);
}

static uint32_t hash(const unsigned char k[16]) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (int i = 0; i < 16; i++) h = (h ^ k[i]) * 16777619u;
  return h;
}

bool kn_http_rate_take(kn_rate_t *rl, const unsigned char key[16], double now, unsigned *retry_s) {
  pthread_mutex_lock(&rl->mu);
  uint32_t h = hash(key);
  bucket_t *slot = NULL, *oldest = NULL;
  for (unsigned i = 0; i < PROBE; i++) {
    bucket_t *b = &rl->b[(h + i) % rl->n];
    if (b->used && memcmp(b->key, key, 16) == 0) { slot = b; break; }
    if (!oldest || !b->used || (oldest->used && b->last < oldest->last)) oldest = b;
  }
  if (!slot) {
    slot = oldest;
    memcpy(slot->key, key, 16);
    slot->used = true;
    slot->tokens = rl->burst;
    slot->last = now;
  }
  if (now > slot->last) {
    slot->tokens = fmin(rl->burst, slot->tokens + (now - slot->last) * rl->per_sec);
    slot->last = now;
  }
  bool ok = slot->tokens >= 1.0;
  if (ok) slot->tokens -= 1.0;
  else if (retry_s) {
    double wait = rl->per_sec > 0 ? (1.0 - slot->tokens) / rl->per_sec : 3600;
    *retry_s = wait < 1 ? 1 : (unsigned)ceil(wait);
  }
  pthread_mutex_unlock(&rl->mu);
  return ok;
}
