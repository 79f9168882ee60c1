/* The whole-SKP document of GET /v1/skp/{id} written in C from rows (src/api/skp_rows.c).
 * Owner: planning module. */
#ifndef KINERJA_API_SKP_ROWS_H
#define KINERJA_API_SKP_ROWS_H
#include "kinerja/strbuf.h"
#include <libpq-fe.h>
#include <stdbool.h>

/* Register the statement "skp_get" ($1 the SKP id): the rows of the SKP the caller may see, none
 * when it is missing or not visible. Returns the statement id. */
int kn_api_skp_rows_register(void);
/* Append the document of skp_get's rows (at least one) to sb: the bytes skp_json(s) answers.
 * *version is the SKP's version (the ETag). False when the rows are not one SKP's. */
bool kn_api_skp_rows_json(kn_sb_t *sb, const PGresult *res, long long *version);
#endif
