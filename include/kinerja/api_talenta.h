/* Talent management handlers (src/api/talenta.c, src/api/potensi.c): shared by the potensi import
 * in src/api/import.c. Owner: api (talent). */
#ifndef KINERJA_API_TALENTA_H
#define KINERJA_API_TALENTA_H
#include <jansson.h>
#include "kinerja/api.h"

/* Fields of one potensi assessment result (create, import); "skor" is checked separately. */
extern const kn_api_field_spec_t KN_API_POTENSI_SPEC[];
extern const size_t KN_API_POTENSI_NSPEC;

/* "skor": absent, or an object of at most 20 named numbers (names 1-64 characters). Records field
 * errors under prefix + "skor" and returns their number. */
int kn_api_potensi_skor_check(kn_http_req_t *r, json_t *skor, const char *prefix);

/* Validate one row: the spec without "skor", then "skor". Returns the number of errors. */
int kn_api_potensi_validate(kn_http_req_t *r, json_t *row, bool partial, const char *prefix);
/* Writes of potensi data: admin_bkpsdm, or integrasi with sync:write; 403 answered otherwise. */
bool kn_api_potensi_may_write(kn_http_req_t *r);

/* The talent map of a year for the caller's scope (under uid when not NULL): one item per pegawai
 * with the facts, kotak/label/rekomendasi/talent_pool/status/alasan; *rules gets the mapping in
 * force. NULL after answering the error. Caller owns both. */
json_t *kn_api_talenta_peta(kn_http_req_t *r, int tahun, const char *uid, json_t **rules);

/* ?tahun= (2000-2100; default last year unless required) and ?unor_id=; false after a 422. */
bool kn_api_talenta_params(kn_http_req_t *r, bool tahun_required, int *tahun, char uid[24], const char **uid_p);
#endif
