/* Job runs from the API (src/api/jadwal.c). Owner: jobs. */
#ifndef KINERJA_API_JADWAL_H
#define KINERJA_API_JADWAL_H
#include "kinerja/http.h"
#include <jansson.h>

/* Queue a run of `jenis` with `param` (borrowed) as the caller and answer 202 with the run and
 * its URL in Location (GET /v1/pekerjaan/{id} to poll). Long routes call it for whole-instansi
 * work; `kinerja scheduler` runs it. */
void kn_api_pekerjaan_antre(kn_http_req_t *r, const char *jenis, json_t *param);
#endif
