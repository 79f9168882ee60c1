/* A list page's JSON built in C from plain result rows. Owner: api.
 * PostgreSQL's json_build_object/json_agg cost several times the reading of the rows (issue 17:
 * about 370 of 970 us of database CPU for the PD page of 50 pegawai), so a page's statement
 * returns text columns and this writes the bytes PostgreSQL would have written:
 * {"items" : [{"k" : v, ...}, {...}], "next_cursor" : "<token>"|null}. */
#ifndef KINERJA_API_ROWS_H
#define KINERJA_API_ROWS_H
#include "kinerja/http.h"
#include "kinerja/strbuf.h"
#include <libpq-fe.h>

/* How a text result column is written: a number (the text as is; numeric's NaN and Infinity
 * quoted, as the json output does), JSON text (jsonb's or json's output, as is), a string (quoted and
 * escaped), a boolean (t/f), a date (quoted as is: the session's DateStyle is ISO, src/db/db.c),
 * a timestamptz (ISO text turned into the JSON form: 'T' between date and time, the zone as
 * +hh:mm). NULL is null for every kind. */
typedef enum { KN_JC_NUM, KN_JC_JSON, KN_JC_STR, KN_JC_BOOL, KN_JC_DATE, KN_JC_TS } kn_api_jcol_kind_t;
typedef struct {
  const char *key;  /* written as is: a plain ASCII name */
  kn_api_jcol_kind_t kind;
} kn_api_jcol_t;

/* Append row `row` of res as one JSON object, column i named and written as cols[i]. */
void kn_api_row_json(kn_sb_t *sb, const PGresult *res, int row, const kn_api_jcol_t *cols, int ncols);
/* The same members without the braces, column col0 + i written as cols[i], for an object whose
 * members also hold nested arrays written by the caller (the SKP document, src/api/skp_rows.c). */
void kn_api_row_members(kn_sb_t *sb, const PGresult *res, int row, int col0, const kn_api_jcol_t *cols, int ncols);
/* Send the rows of res (ordered by id, column 0) as a page of at most `limit`: next_cursor is the
 * last id when the page is full, as the SQL's CASE WHEN count(*) = limit THEN max(id) was. */
void kn_api_respond_rows_page(kn_http_req_t *r, const PGresult *res, const kn_api_jcol_t *cols, int ncols,
                              const char *limit);
#endif
