/* Talent management handlers (src/api/talenta.c, src/api/potensi.c): shared by the potensi import
 * in src/api/import.c. Owner: api (talent). */
#ifndef KINERJA_API_TALENTA_H
#define KINERJA_API_TALENTA_H
#include <jansson.h>
#include <libpq-fe.h>
#include "kinerja/api.h"
#include "kinerja/domain_talenta.h"

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

/* The talent map of a year for the caller's scope (under uid when not NULL): the rows of
 * talenta_baris() (columns KN_TL_*), the mapping in force, and each row's placement. */
enum { KN_TL_NIP, KN_TL_NAMA, KN_TL_JENIS, KN_TL_JENJANG, KN_TL_JABATAN, KN_TL_UNOR, KN_TL_STATUS, KN_TL_EVAL,
       KN_TL_SET, KN_TL_PRED, KN_TL_HK, KN_TL_PK, KN_TL_PB, KN_TL_ORG, KN_TL_POT_ID, KN_TL_POT_TGL,
       KN_TL_POT_SUMBER, KN_TL_POT_LEVEL, KN_TL_NCOL };
typedef struct kn_api_talenta_row {
  dom_talenta_status_t status;
  dom_talenta_kinerja_t kinerja;
  int kotak;               /* 0 when not placed */
  bool talent_pool;
  json_t *cell;            /* the mapping's box (borrowed from rules), NULL when not placed */
} kn_api_talenta_row_t;
typedef struct kn_api_talenta {
  PGresult *res;
  json_t *rules;
  dom_talenta_peta_t peta;
  int n;
  kn_api_talenta_row_t *row;
} kn_api_talenta_t;

/* Load and place; false after answering the error. Free with kn_api_talenta_free. */
bool kn_api_talenta_load(kn_http_req_t *r, int tahun, const char *uid, kn_api_talenta_t *t);
void kn_api_talenta_free(kn_api_talenta_t *t);
/* Column col of row i (NULL for SQL NULL). */
const char *kn_api_talenta_get(const kn_api_talenta_t *t, int i, int col);
/* Row i as the JSON item GET /v1/talenta answers (caller owns it). */
json_t *kn_api_talenta_item(const kn_api_talenta_t *t, int i);

/* ?tahun= (2000-2100; default last year unless required) and ?unor_id=; false after a 422. */
bool kn_api_talenta_params(kn_http_req_t *r, bool tahun_required, int *tahun, char uid[24], const char **uid_p);
#endif
