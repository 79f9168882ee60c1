/* CSV (RFC 4180) to JSON rows, typed by a field spec. Owner: api. */
#ifndef KINERJA_CSV_H
#define KINERJA_CSV_H
#include <stddef.h>
#include <jansson.h>
#include "kinerja/api.h"

/* Parse text (header row + data rows) into a JSON array of objects. Empty cells are omitted;
 * INT and BOOL columns are converted when they look right, and left as strings otherwise so
 * validation reports them. Returns NULL with a message in err (cap bytes) on a syntax error. */
json_t *kn_api_csv_to_json(const char *text, size_t len, const kn_api_field_spec_t *spec, size_t nspec,
                       char *err, size_t cap);
#endif
