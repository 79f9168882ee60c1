/* Growable string buffer. Owner: core. The buffer owns its memory; kn_sb_free releases it. */
#ifndef KINERJA_STRBUF_H
#define KINERJA_STRBUF_H
#include <stddef.h>

typedef struct kn_sb {
  char *data;
  size_t len;
  size_t cap;
} kn_sb_t;

void kn_sb_init(kn_sb_t *sb);
void kn_sb_free(kn_sb_t *sb);
/* Append bytes / a C string / formatted text. Abort on out-of-memory (a server cannot go on). */
void kn_sb_append(kn_sb_t *sb, const char *s, size_t n);
void kn_sb_puts(kn_sb_t *sb, const char *s);
void kn_sb_printf(kn_sb_t *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s as a quoted JSON string, escaped as PostgreSQL's json output escapes it (" \\ and
 * \b \f \n \r \t by name, other control characters as \u00xx, the rest as is), so a document
 * built in C from rows has the bytes the SQL would have written; broken UTF-8 becomes U+FFFD. */
void kn_sb_json_str(kn_sb_t *sb, const char *s);
/* Append a PostgreSQL timestamptz's text (DateStyle ISO: "2026-12-04 19:27:16.1+00") as the
 * JSON string PostgreSQL's json output writes for it ("2026-12-04T19:27:16.1+00:00"). */
void kn_sb_json_pg_timestamptz(kn_sb_t *sb, const char *s);
/* Append s as one CSV cell (RFC 4180: quoted when it holds a comma, quote, CR or LF, quotes
 * doubled). A cell a spreadsheet would run as a formula (first byte = + - @, tab or CR) is
 * neutralised: quoted with a leading apostrophe (OWASP "CSV injection"). */
void kn_sb_csv_cell(kn_sb_t *sb, const char *s);
/* Append s as XML character data or attribute text: & < > " ' escaped, control characters that
 * XML 1.0 forbids dropped, at most max_chars characters (UTF-8 code points; 0 = no limit), and a
 * multibyte character is never cut. */
void kn_sb_xml_text(kn_sb_t *sb, const char *s, size_t max_chars);
#endif
