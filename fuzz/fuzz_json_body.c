/* libFuzzer target: the JSON body reader (src/http/request.c kn_http_body_object/_array:
 * media type, duplicate keys, object/array) and the field-spec validator (src/api/common.c
 * kn_api_validate: unknown fields, every field type, lengths, NIP, enums, partial) on a fake
 * request. Input: one flag byte (bit 0 partial, bit 1 array body, bit 2 English, bit 3 odd
 * Content-Type), then the body. Owner: platform (security). */
#include "fuzz_common.h"
#include "kinerja/api.h"

static const char *const ENUM[] = {"DRAFT", "DIAJUKAN", "DISETUJUI", NULL};
static const kn_api_field_spec_t SPEC[] = {
  {"nama", KN_F_STRING, true, false, 20, NULL},
  {"catatan", KN_F_STRING, false, true, 0, NULL},
  {"jumlah", KN_F_INT, false, true, 0, NULL},
  {"aktif", KN_F_BOOL, false, false, 0, NULL},
  {"tanggal", KN_F_DATE, false, true, 0, NULL},
  {"status", KN_F_ENUM, false, false, 0, ENUM},
  {"nip", KN_F_NIP, false, true, 0, NULL},
  {"hari", KN_F_MONTH_DAY, false, true, 0, NULL},
  {"nilai", KN_F_NUMBER, false, true, 0, NULL},
  {"tahap", KN_F_ENUM_SET, false, false, 0, ENUM},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  uint8_t flags = data[0];
  fz_req_t f;
  fz_req_init(&f, "POST", "/v1/fuzz", data + 1, size - 1);
  f.r.lang_en = flags & 4;
  fz_req_header(&f, "Content-Type", flags & 8 ? "application/JSON; charset=utf-8" : "application/json");
  if (flags & 2) {
    json_t *a = kn_http_body_array(&f.r);
    size_t i;
    json_t *o;
    char prefix[32];
    json_array_foreach(a, i, o) {
      snprintf(prefix, sizeof prefix, "[%zu].", i);
      if (json_is_object(o)) kn_api_validate(&f.r, o, SPEC, sizeof SPEC / sizeof SPEC[0], flags & 1, prefix);
    }
    json_decref(a);
  } else {
    json_t *o = kn_http_body_object(&f.r);
    if (o && kn_api_validate(&f.r, o, SPEC, sizeof SPEC / sizeof SPEC[0], flags & 1, NULL))
      kn_api_fail_validation(&f.r);
    json_decref(o);
  }
  if (f.r.nfield_errors < 0 || f.r.nfield_errors > KN_MAX_FIELD_ERRORS) abort();
  fz_req_free(&f);
  return 0;
}
