/* Unit tests for the output escapers of the string buffer (include/kinerja/strbuf.h): CSV cells
 * with formula neutralisation (issue 15, item 7) and XML text for the SVG reports. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/strbuf.h"

#include <string.h>

static void check_csv(const char *in, const char *want) {
  kn_sb_t sb;
  kn_sb_init(&sb);
  kn_sb_csv_cell(&sb, in);
  if (!sb.data || strcmp(sb.data, want) != 0) fail_msg("csv(%s) = [%s], want [%s]", in, sb.data ? sb.data : "", want);
  kn_sb_free(&sb);
}

static void csv_cells(void **state) {
  (void)state;
  check_csv("", "");
  check_csv("Budi Santoso", "Budi Santoso");
  check_csv("Santoso, S.Kom", "\"Santoso, S.Kom\"");
  check_csv("kata \"kunci\"", "\"kata \"\"kunci\"\"\"");
  check_csv("baris\nbaru", "\"baris\nbaru\"");
  check_csv("a\rb", "\"a\rb\"");
  check_csv("196001012010031001", "196001012010031001");
  check_csv("nilai=1+2", "nilai=1+2"); /* only the first character makes a formula */
}

/* OWASP CSV injection: = + - @ tab CR at the start; the apostrophe keeps the text as text. */
static void csv_formulas(void **state) {
  (void)state;
  check_csv("=HYPERLINK(\"http://x\",\"klik\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"klik\"\")\"");
  check_csv("+1+2", "\"'+1+2\"");
  check_csv("-2+3", "\"'-2+3\"");
  check_csv("@SUM(A1:A9)", "\"'@SUM(A1:A9)\"");
  check_csv("\t=1", "\"'\t=1\"");
  check_csv("\r=1", "\"'\r=1\"");
  check_csv("=", "\"'=\"");
  check_csv("=a,b", "\"'=a,b\"");
}

static void check_json(const char *in, const char *want) {
  kn_sb_t sb;
  kn_sb_init(&sb);
  kn_sb_json_str(&sb, in);
  if (!sb.data || strcmp(sb.data, want) != 0) fail_msg("json(%s) = [%s], want [%s]", in, sb.data ? sb.data : "", want);
  kn_sb_free(&sb);
}

/* Pairs of PostgreSQL 15's timestamptz text (DateStyle ISO) and to_json() in several zones. */
static void json_pg_timestamptz(void **state) {
  (void)state;
  static const char *const cases[][2] = {
    {"2026-12-04 19:27:16.123456+00", "\"2026-12-04T19:27:16.123456+00:00\""},
    {"2026-12-05 00:57:16.5+05:30", "\"2026-12-05T00:57:16.5+05:30\""},
    {"2026-05-31 21:30:00-02:30", "\"2026-05-31T21:30:00-02:30\""},
    {"2026-06-01 02:00:00+02", "\"2026-06-01T02:00:00+02:00\""},
    {"1900-01-01 00:19:32+00:19:32", "\"1900-01-01T00:19:32+00:19:32\""},
    {"0044-03-15 12:00:00+00 BC", "\"0044-03-15T12:00:00+00:00 BC\""},
    {"0044-03-15 17:53:28+05:53:28 BC", "\"0044-03-15T17:53:28+05:53:28 BC\""},
    {"12026-01-01 00:00:00+00", "\"12026-01-01T00:00:00+00:00\""},
    {"infinity", "\"infinity\""},
    {"-infinity", "\"-infinity\""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    kn_sb_t sb;
    kn_sb_init(&sb);
    kn_sb_json_pg_timestamptz(&sb, cases[i][0]);
    if (strcmp(sb.data, cases[i][1]) != 0) fail_msg("%s -> [%s], want [%s]", cases[i][0], sb.data, cases[i][1]);
    kn_sb_free(&sb);
  }
}

/* Found by fuzz/fuzz_json_body.c: jansson's parse error quotes the input cut mid-character, and
 * the problem+json detail carried the broken UTF-8. Broken sequences become U+FFFD. */
static void json_str_utf8(void **state) {
  (void)state;
  check_json("Budi \"B\"\\\n", "\"Budi \\\"B\\\"\\\\\\n\"");
  check_json("\b\f\r\t\x01\x1f\x7f", "\"\\b\\f\\r\\t\\u0001\\u001f\x7f\"");  /* as PostgreSQL writes them */
  check_json("Ca\xc3\xa7\xe2\x82\xac\xf0\x9f\x98\x80", "\"Ca\xc3\xa7\xe2\x82\xac\xf0\x9f\x98\x80\"");
  check_json("near '\"n\\\xc4'", "\"near '\\\"n\\\\\\ufffd'\"");      /* cut after the lead byte */
  check_json("\xc0\xaf", "\"\\ufffd\\ufffd\"");                     /* overlong '/' */
  check_json("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");           /* surrogate D800 */
  check_json("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* above U+10FFFF */
  check_json("\xe2\x82", "\"\\ufffd\\ufffd\"");                     /* truncated at the end */
  check_json("\xff", "\"\\ufffd\"");
}

static void check_xml(const char *in, size_t max, const char *want) {
  kn_sb_t sb;
  kn_sb_init(&sb);
  kn_sb_puts(&sb, "");
  kn_sb_xml_text(&sb, in, max);
  if (strcmp(sb.data, want) != 0) fail_msg("xml(%s, %zu) = [%s], want [%s]", in ? in : "(null)", max, sb.data, want);
  kn_sb_free(&sb);
}

static void xml_text(void **state) {
  (void)state;
  check_xml(NULL, 0, "");
  check_xml("Dinas Pendidikan", 0, "Dinas Pendidikan");
  check_xml("<script>alert('x')</script>", 0, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  check_xml("\"/><a href=\"x\">", 0, "&quot;/&gt;&lt;a href=&quot;x&quot;&gt;");
  check_xml("A & B", 0, "A &amp; B");
  check_xml("a\x01" "b\x1f" "c\td\ne", 0, "abc\td\ne");          /* XML 1.0 forbids C0 controls */
  check_xml("abcdef", 3, "abc");
  check_xml("<<<<", 2, "&lt;&lt;");                             /* the limit counts characters */
  check_xml("D\xc3\xa9p\xc3\xa9", 2, "D\xc3\xa9");              /* never half of é */
  check_xml("\xe2\x82\xac\xe2\x82\xac", 1, "\xe2\x82\xac");
  check_xml("x\xc3", 0, "x");                                   /* a truncated sequence is dropped */
  check_xml("x\xff" "y", 0, "xy");
  check_xml("\xf0\x9f\x98\x80!", 0, "\xf0\x9f\x98\x80!");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(csv_cells),
    cmocka_unit_test(csv_formulas),
    cmocka_unit_test(xml_text),
    cmocka_unit_test(json_str_utf8),
    cmocka_unit_test(json_pg_timestamptz),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
