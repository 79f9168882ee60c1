/* libFuzzer target: evidence (bukti dukung) handling: the type sniffed from the bytes
 * (src/storage/storage.c kn_storage_sniff_mime, libmagic) against the allowlist
 * (src/domain/bukti.c dom_bukti_mime_allowed), the content hash naming the stored file, and the
 * Content-Disposition filename (dom_bukti_safe_filename). The service takes no multipart: files
 * arrive as raw bytes (src/api/bukti.c). Input: the file bytes; its first line doubles as the
 * evidence name. Owner: platform (security). */
#include "fuzz_common.h"
#include "kinerja/domain_bukti.h"
#include "kinerja/storage.h"
#include <ctype.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  const char *mime = kn_storage_sniff_mime((const char *)data, size);
  if (!mime || !*mime) abort();
  (void)dom_bukti_mime_allowed(mime);
  char sha[65];
  kn_storage_sha256_hex((const char *)data, size, sha);
  if (strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64) abort(); /* a safe path part */

  const uint8_t *p = data;
  size_t n = size;
  char *nama = fz_next(&p, &n);
  char fname[300];
  dom_bukti_safe_filename(nama, fname, sizeof fname);
  for (const unsigned char *c = (const unsigned char *)fname; *c; c++)
    if (*c < 0x20 || *c == '"' || *c == '\\' || *c == '/' || *c == 0x7f) abort();
  free(nama);
  return 0;
}
