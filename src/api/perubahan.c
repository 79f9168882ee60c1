/* GET /v1/perubahan?cursor=&limit=&entity= — the change feed: every committed change of the
 * tenant (entity, id, action, version, time) in commit order (see sql 0019 for how the order is
 * made). Readers: admin_bkpsdm, auditor, integrasi with sync:read. Owner: integration. */
#include "kinerja/api.h"
#include "kinerja/b64.h"
#include "kinerja/db.h"
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

/* ?entity=a,b → "{a,b}" for text[]; false when a name is not a plain identifier. */
static bool kinds_param(const char *q, char *out, size_t cap) {
  if (strlen(q) + 3 > cap || !*q) return false;
  for (const char *p = q; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || *p == '_' || *p == ',')) return false;
  if (q[0] == ',' || q[strlen(q) - 1] == ',' || strstr(q, ",,")) return false;
  snprintf(out, cap, "{%s}", q);
  return true;
}

static void feed(kn_req_t *r) {
  unsigned ro = r->principal.roles;
  if (!(ro & KN_ROLES_READ_ALL) && !((ro & KN_ROLE_INTEGRASI) && kn_principal_has_scope(&r->principal, "sync:read"))) {
    kn_require_role(r, 0);
    return;
  }
  char limit[16], seq[24], id[24], kinds[512];
  const char *c = kn_query(r, "cursor"), *e = kn_query(r, "entity");
  if (!kn_page_limit(r, limit)) return;
  if (!cursor_parse(c, seq, id)) kn_field_error(r, "cursor", "invalid_cursor", "Cursor tidak valid", "Invalid cursor");
  if (e && !kinds_param(e, kinds, sizeof kinds))
    kn_field_error(r, "entity", "invalid_value", "Daftar nama entitas dipisah koma (huruf kecil, _)",
                   "Comma-separated entity names (lower case, _)");
  if (r->nfield_errors) { kn_fail_validation(r); return; }
  const char *v[4] = {seq, id, limit, e ? kinds : NULL};
  PGresult *res = kn_db_one(r, true, S_FEED, 4, v);
  if (!res) return;
  kn_respond_json(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

void api_perubahan_register(void) {
  S_FEED = kn_db_register("perubahan_feed",
    "SELECT api_perubahan($1::bigint, $2::bigint, $3::int, $4::text[])::text");
  kn_route("GET", "/v1/perubahan", feed, 0);
}
