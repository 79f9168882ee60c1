/* base64url codec (no padding accepted on decode, none produced on encode). Owner: core. */
#include "kinerja/b64.h"

static const char ALPHA[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int val(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

long kn_b64url_decode(const char *in, size_t n, unsigned char *out, size_t cap) {
  if (n % 4 == 1) return -1;
  size_t o = 0;
  unsigned acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; i++) {
    int v = val(in[i]);
    if (v < 0) return -1;
    acc = (acc << 6) | (unsigned)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (o >= cap) return -1;
      out[o++] = (unsigned char)((acc >> bits) & 0xFF);
    }
  }
  /* canonical encoding only: leftover bits must be zero, so one token has one spelling */
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return -1;
  return (long)o;
}

long kn_b64url_encode(const unsigned char *in, size_t n, char *out, size_t cap) {
  size_t o = 0;
  unsigned acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; i++) {
    acc = (acc << 8) | in[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      if (o + 1 >= cap) return -1;
      out[o++] = ALPHA[(acc >> bits) & 0x3F];
    }
  }
  if (bits > 0) {
    if (o + 1 >= cap) return -1;
    out[o++] = ALPHA[(acc << (6 - bits)) & 0x3F];
  }
  out[o] = '\0';
  return (long)o;
}
