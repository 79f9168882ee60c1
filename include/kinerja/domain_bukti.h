/* Evidence (bukti dukung) rules: which file types are accepted (domain.md §8: PDF, images,
 * office documents). Pure. Owner: domain. */
#ifndef KINERJA_DOMAIN_BUKTI_H
#define KINERJA_DOMAIN_BUKTI_H
#include <stdbool.h>

/* True when the sniffed MIME type (from the bytes, never from the client) is accepted. */
bool dom_bukti_mime_allowed(const char *mime);
#endif
