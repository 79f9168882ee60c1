/* libFuzzer target: NIP parsing (src/domain/nip.c dom_nip_parse). Input: two bytes for "today"
 * (year offset, month), then the NIP text. Checks the invariants of a parse the fuzzer accepts.
 * Owner: platform (security). */
#include "kinerja/domain_nip.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  int year = 1990 + data[0] % 80, month = 1 + data[1] % 12;
  char *nip = malloc(size - 1);
  if (!nip) abort();
  memcpy(nip, data + 2, size - 2);
  nip[size - 2] = '\0';
  dom_nip_t out;
  dom_nip_error_t e = dom_nip_parse(nip, year, month, &out);
  if (!dom_nip_error_code(e) || !dom_nip_error_message(e, true) || !dom_nip_error_message(e, false)) abort();
  if (e == DOM_NIP_OK) {
    if (strlen(nip) != 18 || strspn(nip, "0123456789") != 18) abort();
    if (out.birth_month < 1 || out.birth_month > 12 || out.birth_day < 1 || out.birth_day > 31) abort();
    if (out.sex != 1 && out.sex != 2) abort();
    if (out.sequence < 1 || out.sequence > 999) abort();
    if (out.tmt_year > year || out.tmt_year < out.birth_year) abort();
  }
  free(nip);
  return 0;
}
