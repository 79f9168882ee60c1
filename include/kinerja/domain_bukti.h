/* Evidence (bukti dukung) rules: which file types are accepted (domain.md §8: PDF, images,
 * office documents). Pure. Owner: domain. */
#ifndef KINERJA_DOMAIN_BUKTI_H
#define KINERJA_DOMAIN_BUKTI_H
#include <stdbool.h>
#include <stddef.h>

/* True when the sniffed MIME type (from the bytes, never from the client) is accepted. */
bool dom_bukti_mime_allowed(const char *mime);
/* The evidence name as a Content-Disposition filename: quotes, backslashes, slashes, control
 * characters and non-ASCII bytes become '_'; at most cap-1 bytes, always NUL-terminated. */
void dom_bukti_safe_filename(const char *in, char *out, size_t cap);
#endif
