/* Growable string buffer. Owner: core. */
#include "kinerja/strbuf.h"
#include <stdarg.h>
#include <stdbool.h>
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

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlongs, no surrogates, at
 * most U+10FFFF), 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s) {
  unsigned char c = s[0];
  if (c < 0x80) return 1;
  size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (!n) return 0;
  unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
  if (c == 0xE0) lo = 0xA0;
  else if (c == 0xED) hi = 0x9F;
  else if (c == 0xF0) lo = 0x90;
  else if (c == 0xF4) hi = 0x8F;
  if (s[1] < lo || s[1] > hi) return 0;
  for (size_t i = 2; i < n; i++) if ((s[i] & 0xC0) != 0x80) return 0;
  return n;
}

/* The control characters JSON (and PostgreSQL's escape_json) write by name. */
static char short_escape(unsigned char c) {
  switch (c) {
    case '\b': return 'b';
    case '\f': return 'f';
    case '\n': return 'n';
    case '\r': return 'r';
    case '\t': return 't';
    default: return 0;
  }
}

void kn_sb_json_str(kn_sb_t *sb, const char *s) {
  kn_sb_append(sb, "\"", 1);
  const char *run = s;  /* characters that need no escape are appended a run at a time */
  while (s && *s) {
    unsigned char c = (unsigned char)*s;
    size_t n = c < 0x80 ? 1 : utf8_seq((const unsigned char *)s);
    if (n && c != '"' && c != '\\' && c >= 0x20) { s += n; continue; }
    if (s > run) kn_sb_append(sb, run, (size_t)(s - run));
    /* text from elsewhere (a parser's message quoting the input, a cut-off detail) may hold
     * broken UTF-8: it becomes U+FFFD so the document stays valid JSON */
    if (!n) kn_sb_append(sb, "\\ufffd", 6);
    else if (c < 0x20 && !short_escape(c)) kn_sb_printf(sb, "\\u%04x", c);
    else { char e[2] = {'\\', c < 0x20 ? short_escape(c) : (char)c}; kn_sb_append(sb, e, 2); }
    run = ++s;
  }
  if (s > run) kn_sb_append(sb, run, (size_t)(s - run));
  kn_sb_append(sb, "\"", 1);
}

/* PostgreSQL's EncodeDateTime writes both forms; the JSON (XSD) style always writes the zone's
 * minutes. "infinity" and "-infinity" have no space and are written as is; a " BC" suffix is
 * kept after the zone. */
void kn_sb_json_pg_timestamptz(kn_sb_t *sb, const char *s) {
  kn_sb_append(sb, "\"", 1);
  const char *sp = strchr(s, ' ');
  if (!sp) { kn_sb_puts(sb, s); kn_sb_append(sb, "\"", 1); return; }
  kn_sb_append(sb, s, (size_t)(sp - s));
  kn_sb_append(sb, "T", 1);
  const char *t = sp + 1, *end = strchr(t, ' ');  /* end: the " BC" suffix, if any */
  if (!end) end = t + strlen(t);
  const char *z = end;
  while (z > t && z[-1] != '+' && z[-1] != '-') z--;
  kn_sb_append(sb, t, (size_t)(end - t));
  if (z > t && end - z == 2) kn_sb_append(sb, ":00", 3);  /* "+hh" */
  kn_sb_puts(sb, end);
  kn_sb_append(sb, "\"", 1);
}

void kn_sb_csv_cell(kn_sb_t *sb, const char *s) {
  bool formula = s[0] && strchr("=+-@\t\r", s[0]) != NULL;
  if (!formula && !strpbrk(s, ",\"\r\n")) { kn_sb_puts(sb, s); return; }
  kn_sb_puts(sb, formula ? "\"'" : "\"");
  for (; *s; s++) {
    if (*s == '"') kn_sb_puts(sb, "\"\"");
    else kn_sb_append(sb, s, 1);
  }
  kn_sb_puts(sb, "\"");
}

void kn_sb_xml_text(kn_sb_t *sb, const char *s, size_t max_chars) {
  size_t chars = 0;
  while (s && *s) {
    unsigned char c = (unsigned char)*s;
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    for (size_t k = 1; k < n; k++)
      if (((unsigned char)s[k] & 0xC0) != 0x80) n = 1; /* a broken sequence: its lead byte alone */
    if (max_chars && chars == max_chars) break;
    chars++;
    if (n == 1 && c >= 0x80) { s++; continue; }                   /* not UTF-8: dropped */
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') { s++; continue; }
    switch (c) {
      case '&': kn_sb_puts(sb, "&amp;"); break;
      case '<': kn_sb_puts(sb, "&lt;"); break;
      case '>': kn_sb_puts(sb, "&gt;"); break;
      case '"': kn_sb_puts(sb, "&quot;"); break;
      case '\'': kn_sb_puts(sb, "&#39;"); break;
      default: kn_sb_append(sb, s, n);
    }
    s += n;
  }
}
