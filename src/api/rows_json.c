/* A list page's JSON built from plain rows, byte for byte what PostgreSQL's json_build_object
 * and json_agg write (separators ", " and " : ", escapes of escape_json). Owner: api. */
#include "kinerja/api.h"
#include "kinerja/api_rows.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* numeric's text is a JSON number except NaN and (PostgreSQL 14+) Infinity / -Infinity, which
 * the json output quotes (datum_to_json: IsValidJsonNumber, else escape_json) */
static bool json_number_text(const char *v) {
  return !(v[0] == 'N' || v[0] == 'I' || (v[0] == '-' && v[1] == 'I'));
}

void kn_api_row_members(kn_sb_t *sb, const PGresult *res, int row, int col0, const kn_api_jcol_t *cols, int ncols) {
  for (int i = 0; i < ncols; i++) {
    int c = col0 + i;
    if (i) kn_sb_append(sb, ", ", 2);
    kn_sb_append(sb, "\"", 1);
    kn_sb_puts(sb, cols[i].key);
    kn_sb_append(sb, "\" : ", 4);
    if (PQgetisnull(res, row, c)) { kn_sb_append(sb, "null", 4); continue; }
    const char *v = PQgetvalue(res, row, c);
    switch (cols[i].kind) {
      case KN_JC_NUM:
        if (json_number_text(v)) kn_sb_append(sb, v, (size_t)PQgetlength(res, row, c));
        else kn_sb_json_str(sb, v);
        break;
      case KN_JC_JSON: kn_sb_append(sb, v, (size_t)PQgetlength(res, row, c)); break;
      case KN_JC_STR: kn_sb_json_str(sb, v); break;
      case KN_JC_BOOL: kn_sb_puts(sb, v[0] == 't' ? "true" : "false"); break;
      case KN_JC_DATE:
        kn_sb_append(sb, "\"", 1);
        kn_sb_append(sb, v, (size_t)PQgetlength(res, row, c));
        kn_sb_append(sb, "\"", 1);
        break;
      case KN_JC_TS: kn_sb_json_pg_timestamptz(sb, v); break;
    }
  }
}

void kn_api_row_json(kn_sb_t *sb, const PGresult *res, int row, const kn_api_jcol_t *cols, int ncols) {
  kn_sb_append(sb, "{", 1);
  kn_api_row_members(sb, res, row, 0, cols, ncols);
  kn_sb_append(sb, "}", 1);
}

void kn_api_respond_rows_page(kn_http_req_t *r, const PGresult *res, const kn_api_jcol_t *cols, int ncols,
                              const char *limit) {
  int n = PQntuples(res);
  kn_sb_t sb;
  kn_sb_init(&sb);
  kn_sb_puts(&sb, "{\"items\" : [");
  for (int i = 0; i < n; i++) {
    if (i) kn_sb_append(&sb, ", ", 2);
    kn_api_row_json(&sb, res, i, cols, ncols);
  }
  kn_sb_puts(&sb, "], \"next_cursor\" : ");
  if (n > 0 && n == atoi(limit)) kn_api_cursor_token(&sb, PQgetvalue(res, n - 1, 0));
  else kn_sb_append(&sb, "null", 4);
  kn_sb_append(&sb, "}", 1);
  kn_http_respond_json(r, 200, sb.data);
  kn_sb_free(&sb);
}
