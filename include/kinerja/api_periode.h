/* The write gate of execution data (realisasi, evidence): the SKP must be set, the caller must
 * be allowed, and the period must be open by src/domain/periode.c. Owner: api (execution). */
#ifndef KINERJA_API_PERIODE_H
#define KINERJA_API_PERIODE_H
#include <stdbool.h>
#include <jansson.h>
#include "kinerja/http.h"

/* facts: a periode_facts_of() document (borrowed). Answers the problem and returns false when
 * the write may not happen. owner_only: only the pegawai writes (realisasi, evidence). */
bool kn_api_periode_gate(kn_http_req_t *r, json_t *facts, bool owner_only);

#endif
