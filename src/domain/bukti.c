/* Evidence file types. Pure. Owner: domain. */
#include "kinerja/domain_bukti.h"
#include <string.h>

static const char *const ALLOWED[] = {
  "application/pdf",
  "image/png",
  "image/jpeg",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",   /* docx */
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",         /* xlsx */
  "application/vnd.openxmlformats-officedocument.presentationml.presentation", /* pptx */
  "application/msword",
  "application/vnd.ms-excel",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  NULL,
};

bool dom_bukti_mime_allowed(const char *mime) {
  for (const char *const *a = ALLOWED; mime && *a; a++)
    if (strcmp(*a, mime) == 0) return true;
  return false;
}

void dom_bukti_safe_filename(const char *in, char *out, size_t cap) {
  size_t o = 0;
  for (; in && *in && o + 1 < cap; in++) {
    unsigned char c = (unsigned char)*in;
    out[o++] = (c < 0x20 || c == '"' || c == '\\' || c == '/' || c >= 0x7f) ? '_' : (char)c;
  }
  if (cap) out[o] = '\0';
}
