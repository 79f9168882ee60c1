/* libFuzzer target: the CSV import parser (src/api/csv.c kn_api_csv_to_json) with the pegawai
 * import's kinds of columns, then the field-spec validation the import runs on every row.
 * Input: the CSV text. Oracles: a parse that succeeds holds only objects, every INT column that
 * came out as a JSON integer round-trips to the same digits (no silent clamping), and the
 * problem answered for the rows is valid JSON. Owner: platform (security). */
#include "fuzz_common.h"
#include "kinerja/api.h"
#include "kinerja/csv.h"
#include <stdio.h>

static const char *const JENIS[] = {"PNS", "PPPK", NULL};
static const kn_api_field_spec_t SPEC[] = {
  {"nip", KN_F_NIP, true, false, 0, NULL},
  {"nama", KN_F_STRING, true, false, 200, NULL},
  {"jenis_asn", KN_F_ENUM, true, false, 0, JENIS},
  {"unor_id", KN_F_INT, false, true, 0, NULL},
  {"is_plt", KN_F_BOOL, false, false, 0, NULL},
  {"tmt_jabatan", KN_F_DATE, false, true, 0, NULL},
};
#define NSPEC (sizeof SPEC / sizeof SPEC[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char err[160] = "";
  /* the import hands over the body as is: no NUL terminator, exact length */
  char *text = malloc(size ? size : 1);
  if (!text) abort();
  memcpy(text, data, size);
  json_t *rows = kn_api_csv_to_json(text, size, SPEC, NSPEC, err, sizeof err);
  if (!rows && !err[0]) abort(); /* a refusal always says why */
  fz_req_t f;
  fz_req_init(&f, "POST", "/v1/import/pegawai", NULL, 0);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    if (!json_is_object(row)) abort();
    json_t *u = json_object_get(row, "unor_id");
    if (json_is_integer(u)) {
      /* the cell's digits survive (sign and leading zeros aside): find them in the input */
      char digits[32];
      snprintf(digits, sizeof digits, "%lld", (long long)json_integer_value(u));
      const char *d = digits[0] == '-' ? digits + 1 : digits;
      if (!memmem(text, size, d, strlen(d))) abort();
    }
    char prefix[32];
    snprintf(prefix, sizeof prefix, "[%zu].", i);
    kn_api_validate(&f.r, row, SPEC, NSPEC, false, prefix);
  }
  if (f.r.nfield_errors) kn_api_fail_validation(&f.r);
  fz_req_free(&f);
  json_decref(rows);
  free(text);
  return 0;
}
