/* Lists answered as JSON or, with Accept: text/csv, as CSV. Owner: api. */
#ifndef KINERJA_API_EXPORT_H
#define KINERJA_API_EXPORT_H
#include <jansson.h>
#include "kinerja/http.h"

/* Answer {"items": items, ...extra} as JSON, or items as CSV with the given columns (NULL-
 * terminated keys of each item) when the client asks for text/csv. In CSV, "nip" is masked
 * (first 4 and last 3 digits kept) unless the caller is admin_bkpsdm or admin_pd, who need it.
 * Takes ownership of items and extra (extra may be NULL). */
void kn_api_respond_list(kn_http_req_t *r, json_t *items, json_t *extra, const char *const *columns, const char *filename);
#endif
