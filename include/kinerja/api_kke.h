/* Shared between the KKE handler (src/api/kke.c) and its K03/K07/exemption checks
 * (src/api/kke_tambahan.c). Owner: api (KKE). */
#ifndef KINERJA_API_KKE_H
#define KINERJA_API_KKE_H
#include "kinerja/domain_kke.h"
#include <jansson.h>
#include <stdbool.h>

typedef struct kke_run {
  dom_kke_tally_t tally[32];
  const dom_kke_check_t *cat;
  int ncat;
  json_t *findings;
} kke_run_t;

/* Count one checked item; when !ok record the finding with its message. */
void kn_api_kke_check(kke_run_t *x, const char *kode, bool ok, const char *entitas, long long id, const char *nip,
                   const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* Pegawai exempt during the evaluated window by their dated status history (the document of
 * kke_data_tambahan): a sorted malloc'ed array of ids (caller frees), its length in *n. */
long long *kn_api_kke_exempt_ids(json_t *extra, size_t *n);
bool kn_api_kke_is_exempt(const long long *ids, size_t n, long long id);

/* K03 (penilai consistent with the unor tree or an override) and K07 (kesesuaian target). */
void kn_api_kke_check_penilai(kke_run_t *x, json_t *extra);
void kn_api_kke_check_target(kke_run_t *x, json_t *extra);
#endif
