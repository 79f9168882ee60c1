/* GET /v1/perubahan?cursor=&limit=&entity= — the change feed: every committed change of the
 * tenant (entity, id, action, version, time) in transaction order, up to the oldest transaction
 * still running (see sql 0130 for how the order is made). Readers: admin_bkpsdm, auditor,
 * integrasi with sync:read. Owner: integration.
 * The page's JSON is built here from plain rows: formatting 500 items in SQL (json_build_object,
 * timestamps, base64 cursors) cost more than finding them. */
#include "kinerja/api.h"
#include "kinerja/b64.h"
#include "kinerja/db.h"
#include "kinerja/strbuf.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_FEED = -1;

/* Cursor "p1:<seq>.<id>" (base64url) → its two numbers; absent = the start of the feed. */
static bool cursor_parse(const char *c, char seq[24], char id[24]) {
  snprintf(seq, 24, "0");
  snprintf(id, 24, "0");
  if (!c || !*c) return true;
  unsigned char raw[64];
  long n = kn_b64url_decode(c, strlen(c), raw, sizeof raw - 1);
  if (n < 6) return false;
  raw[n] = '\0';
  unsigned long long s, i;
  char tail;
  if (strncmp((char *)raw, "p1:", 3) != 0 || strspn((char *)raw + 3, "0123456789.") != (size_t)n - 3 ||
      sscanf((char *)raw + 3, "%llu.%llu%c", &s, &i, &tail) != 2)
    return false;
  snprintf(seq, 24, "%llu", s);
  snprintf(id, 24, "%llu", i);
  return true;
}

/* ?entity=a,b → "{a,b}" for text[]; false when a name is not a plain identifier (a dot allowed:
 * pengingat.jatuh_tempo). */
static bool kinds_param(const char *q, char *out, size_t cap) {
  if (strlen(q) + 3 > cap || !*q) return false;
  for (const char *p = q; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || *p == '_' || *p == '.' || *p == ',')) return false;
  if (q[0] == ',' || q[strlen(q) - 1] == ',' || strstr(q, ",,")) return false;
  snprintf(out, cap, "{%s}", q);
  return true;
}

/* base64url("p1:<seq>.<id>"), the opaque position (same as perubahan_cursor in SQL). */
static void put_cursor(kn_sb_t *sb, const char *seq, const char *id) {
  char raw[64], tok[96];
  int n = snprintf(raw, sizeof raw, "p1:%s.%s", seq, id);
  kn_b64url_encode((const unsigned char *)raw, (size_t)n, tok, sizeof tok);
  kn_sb_printf(sb, "\"%s\"", tok);
}

/* PostgreSQL's UTC text ("2026-01-05 02:15:00.123+00") → RFC 3339 ("2026-01-05T02:15:00.123+00:00"). */
static void put_time(kn_sb_t *sb, const char *t) {
  size_t n = strlen(t);
  kn_sb_puts(sb, "\"");
  if (n > 11 && t[10] == ' ') {
    kn_sb_append(sb, t, 10);
    kn_sb_puts(sb, "T");
    kn_sb_append(sb, t + 11, n - 11);
    if (n >= 3 && t[n - 3] == '+') kn_sb_puts(sb, ":00");
  } else {
    kn_sb_puts(sb, t);
  }
  kn_sb_puts(sb, "\"");
}

static void put_text_or_null(kn_sb_t *sb, const PGresult *res, int row, int col, bool quoted) {
  if (PQgetisnull(res, row, col)) kn_sb_puts(sb, "null");
  else if (quoted) kn_sb_json_str(sb, PQgetvalue(res, row, col));
  else kn_sb_puts(sb, PQgetvalue(res, row, col));
}

/* Rows of perubahan_halaman: the changes, then the trailer (more IS NOT NULL) with the position
 * to continue from. */
static void write_page(kn_sb_t *sb, const PGresult *res) {
  int n = PQntuples(res), last = n - 1;
  kn_sb_puts(sb, "{\"items\":[");
  for (int i = 0; i < last; i++) {
    if (i) kn_sb_puts(sb, ",");
    kn_sb_puts(sb, "{\"posisi\":");
    put_cursor(sb, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
    kn_sb_puts(sb, ",\"entity\":");
    kn_sb_json_str(sb, PQgetvalue(res, i, 2));
    kn_sb_puts(sb, ",\"entity_id\":");
    put_text_or_null(sb, res, i, 3, true);
    kn_sb_puts(sb, ",\"action\":");
    kn_sb_json_str(sb, PQgetvalue(res, i, 4));
    kn_sb_puts(sb, ",\"version\":");
    put_text_or_null(sb, res, i, 5, false);
    kn_sb_puts(sb, ",\"committed_at\":");
    put_time(sb, PQgetvalue(res, i, 6));
    kn_sb_puts(sb, "}");
  }
  kn_sb_printf(sb, "],\"more\":%s,\"next_cursor\":", last >= 0 && PQgetvalue(res, last, 7)[0] == 't' ? "true" : "false");
  if (last >= 0) put_cursor(sb, PQgetvalue(res, last, 0), PQgetvalue(res, last, 1));
  else kn_sb_puts(sb, "null");
  kn_sb_puts(sb, "}");
}

static void feed(kn_http_req_t *r) {
  unsigned ro = r->principal.roles;
  if (!(ro & KN_ROLES_READ_ALL) && !((ro & KN_ROLE_INTEGRASI) && kn_auth_principal_has_scope(&r->principal, "sync:read"))) {
    kn_http_require_role(r, 0);
    return;
  }
  char limit[16], seq[24], id[24], kinds[512];
  const char *c = kn_http_query(r, "cursor"), *e = kn_http_query(r, "entity");
  if (!kn_api_page_limit(r, limit)) return;
  if (!cursor_parse(c, seq, id)) kn_http_field_error(r, "cursor", "invalid_cursor", "Cursor tidak valid", "Invalid cursor");
  if (e && !kinds_param(e, kinds, sizeof kinds))
    kn_http_field_error(r, "entity", "invalid_value", "Daftar nama entitas dipisah koma (huruf kecil, _)",
                   "Comma-separated entity names (lower case, _)");
  if (r->nfield_errors) { kn_api_fail_validation(r); return; }
  const char *v[4] = {seq, id, limit, e ? kinds : NULL};
  PGresult *res = kn_api_one(r, true, S_FEED, 4, v);
  if (!res) return;
  kn_sb_t sb;
  kn_sb_init(&sb);
  write_page(&sb, res);
  PQclear(res);
  kn_http_respond_json(r, 200, sb.data);
  kn_sb_free(&sb);
}

void kn_api_perubahan_register(void) {
  S_FEED = kn_db_register("perubahan_feed",
    "SELECT seq, id, entity, entity_id, action, version, committed_at, more "
    "FROM perubahan_halaman($1::bigint, $2::bigint, $3::int, $4::text[])");
  kn_http_route("GET", "/v1/perubahan", feed, 0);
}
