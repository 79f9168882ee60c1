/* Growable string buffer. Owner: core. */
#include "kinerja/strbuf.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kn_sb_init(kn_sb_t *sb) { sb->data = NULL; sb->len = 0; sb->cap = 0; }

void kn_sb_free(kn_sb_t *sb) { free(sb->data); kn_sb_init(sb); }

static void reserve(kn_sb_t *sb, size_t extra) {
  if (sb->len + extra + 1 <= sb->cap) return;
  size_t cap = sb->cap ? sb->cap : 256;
  while (cap < sb->len + extra + 1) cap *= 2;
  char *d = realloc(sb->data, cap);
  if (!d) abort();
  sb->data = d;
  sb->cap = cap;
}

void kn_sb_append(kn_sb_t *sb, const char *s, size_t n) {
  reserve(sb, n);
  memcpy(sb->data + sb->len, s, n);
  sb->len += n;
  sb->data[sb->len] = '\0';
}

void kn_sb_puts(kn_sb_t *sb, const char *s) { kn_sb_append(sb, s, strlen(s)); }

void kn_sb_printf(kn_sb_t *sb, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) { va_end(ap2); return; }
  reserve(sb, (size_t)n);
  vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  sb->len += (size_t)n;
}

void kn_sb_json_str(kn_sb_t *sb, const char *s) {
  kn_sb_append(sb, "\"", 1);
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') { char e[2] = {'\\', (char)c}; kn_sb_append(sb, e, 2); }
    else if (c < 0x20) kn_sb_printf(sb, "\\u%04x", c);
    else kn_sb_append(sb, (const char *)&c, 1);
  }
  kn_sb_append(sb, "\"", 1);
}
