/* Token buckets per client address, in memory (one table per limit, per process). Owner: http.
 * Used where the work a request starts is expensive before anything is known of the caller
 * (POST /v1/auth/token). Thread-safe; no I/O, so time is a parameter. */
#ifndef KINERJA_RATELIMIT_H
#define KINERJA_RATELIMIT_H
#include <stdbool.h>

typedef struct kn_rate kn_rate_t;

/* A table of `slots` buckets, each holding up to `burst` requests and refilled with
 * `per_minute` requests a minute. When every slot near a new address's is taken, the bucket
 * unused longest is recycled (a flood of addresses cannot grow memory). NULL on no memory. */
kn_rate_t *kn_http_rate_new(unsigned slots, double burst, double per_minute);
void kn_http_rate_free(kn_rate_t *rl);

/* Take one request from the bucket of key (16 bytes: see kn_http_req_peer). False when it is empty;
 * then *retry_s is the whole seconds until one is back (at least 1). now in seconds. */
bool kn_http_rate_take(kn_rate_t *rl, const unsigned char key[16], double now, unsigned *retry_s);
#endif
