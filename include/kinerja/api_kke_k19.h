/* KKE check K19 (domain.md §12): FINAL results synced to SIASN, and SIASN's row matching the
 * local values. Kept apart from src/api/kke.c, which only calls it. Owner: integration. */
#ifndef KINERJA_API_KKE_K19_H
#define KINERJA_API_KKE_K19_H
#include <stdbool.h>
#include "kinerja/http.h"

/* Called once per checked item: ok = no finding; msg explains a finding (borrowed). */
typedef void (*kn_api_kke_found_fn)(void *ctx, const char *kode, bool ok, const char *entitas, long long id,
                                 const char *nip, const char *msg);

void kn_api_kke_k19_register(void);

/* Check every FINAL result (periodic and annual rows) of PD `unor_id` whose period ends in the
 * semester of `tahun`: pushed to SIASN; the values pushed equal today's local values; and, once
 * `import-hasil` read SIASN back, SIASN's predikat equals ours. Database errors skip the check. */
void kn_api_kke_k19(kn_http_req_t *r, const char *unor_id, const char *tahun, const char *semester, kn_api_kke_found_fn found,
                 void *ctx);
#endif
