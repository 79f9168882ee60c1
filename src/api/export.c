/* JSON or CSV list responses. Owner: api. */
#include "kinerja/api_export.h"
#include "kinerja/strbuf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool wants_csv(kn_http_req_t *r) {
  const char *a = kn_http_header(r, "Accept");
  return a && strstr(a, "text/csv") != NULL;
}

static void mask_nip(const char *nip, char out[24]) {
  size_t n = strlen(nip);
  snprintf(out, 24, "%s", nip);
  for (size_t i = 4; n == 18 && i < n - 3; i++) out[i] = '*';
}

void kn_api_respond_list(kn_http_req_t *r, json_t *items, json_t *extra, const char *const *cols, const char *filename) {
  if (!wants_csv(r)) {
    json_t *out = extra ? extra : json_object();
    json_object_set_new(out, "items", items);
    char *text = json_dumps(out, JSON_COMPACT);
    kn_http_respond_json(r, 200, text);
    free(text);
    json_decref(out);
    return;
  }
  bool full_nip = r->principal.roles & (KN_ROLE_ADMIN_BKPSDM | KN_ROLE_ADMIN_PD);
  kn_sb_t sb;
  kn_sb_init(&sb);
  for (const char *const *c = cols; *c; c++) {
    if (c != cols) kn_sb_puts(&sb, ",");
    kn_sb_puts(&sb, *c);
  }
  kn_sb_puts(&sb, "\r\n");
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    for (const char *const *c = cols; *c; c++) {
      if (c != cols) kn_sb_puts(&sb, ",");
      json_t *v = json_object_get(it, *c);
      char buf[64];
      if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (strcmp(*c, "nip") == 0 && !full_nip) { mask_nip(s, buf); s = buf; }
        kn_sb_csv_cell(&sb, s);
      } else if (json_is_integer(v)) {
        kn_sb_printf(&sb, "%lld", (long long)json_integer_value(v));
      } else if (json_is_real(v)) {
        kn_sb_printf(&sb, "%.2f", json_real_value(v));
      } else if (json_is_boolean(v)) {
        kn_sb_puts(&sb, json_is_true(v) ? "true" : "false");
      }
    }
    kn_sb_puts(&sb, "\r\n");
  }
  char disp[160];
  snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", filename);
  kn_http_set_header(r, "Content-Disposition", disp);
  kn_http_respond(r, 200, "text/csv; charset=utf-8", sb.data, sb.len);
  kn_sb_free(&sb);
  json_decref(items);
  json_decref(extra);
}
