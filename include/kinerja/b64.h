/* base64url (RFC 4648 §5, no padding) codec. Owner: core. */
#ifndef KINERJA_B64_H
#define KINERJA_B64_H
#include <stddef.h>

/* Decode n chars of base64url into out (cap bytes). Returns decoded length or -1 on bad input. */
long kn_b64url_decode(const char *in, size_t n, unsigned char *out, size_t cap);
/* Encode n bytes into out (cap bytes, NUL-terminated). Returns length or -1 if cap too small. */
long kn_b64url_encode(const unsigned char *in, size_t n, char *out, size_t cap);
#endif
