/* Minimal RFC 4180 CSV reader. Owner: api. */
#include "kinerja/csv.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kinerja/strbuf.h"

#define MAX_COLS 64

/* Read one record; returns number of fields, 0 at end, -1 on error. */
static int read_record(const char **pp, const char *end, kn_sb_t *cells, size_t *offs) {
  const char *p = *pp;
  if (p >= end) return 0;
  int n = 0;
  cells->len = 0;
  for (;;) {
    if (n >= MAX_COLS) return -1;
    offs[n] = cells->len;
    if (p < end && *p == '"') {
      p++;
      for (;;) {
        if (p >= end) return -1;
        if (*p == '"') {
          if (p + 1 < end && p[1] == '"') { kn_sb_append(cells, "\"", 1); p += 2; continue; }
          p++;
          break;
        }
        kn_sb_append(cells, p, 1);
        p++;
      }
    } else {
      const char *s = p;
      while (p < end && *p != ',' && *p != '\n' && *p != '\r') {
        if (*p == '"') return -1;
        p++;
      }
      kn_sb_append(cells, s, (size_t)(p - s));
    }
    kn_sb_append(cells, "", 1); /* NUL separator */
    n++;
    if (p < end && *p == ',') { p++; continue; }
    if (p < end && *p == '\r') p++;
    if (p < end && *p == '\n') p++;
    else if (p < end) return -1;
    break;
  }
  *pp = p;
  return n;
}

static json_t *typed(const char *v, const kn_api_field_spec_t *f) {
  if (f && f->type == KN_F_INT) {
    /* digits only and in range: strtoll clamps an overflow to LLONG_MAX silently (found by
     * fuzz/fuzz_csv.c) and takes " +5"; anything else stays text for the validator to refuse */
    char *e;
    errno = 0;
    long long n = strtoll(v, &e, 10);
    if (*e == '\0' && e != v && errno == 0 && (isdigit((unsigned char)v[0]) || v[0] == '-')) return json_integer(n);
  }
  if (f && f->type == KN_F_BOOL) {
    if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) return json_true();
    if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0) return json_false();
  }
  return json_string(v);
}

json_t *kn_api_csv_to_json(const char *text, size_t len, const kn_api_field_spec_t *spec, size_t nspec,
                       char *err, size_t cap) {
  const char *p = text, *end = text + len;
  if (cap) err[0] = '\0';
  /* a NUL byte would cut a cell short without a word */
  if (memchr(text, '\0', len)) { snprintf(err, cap, "CSV contains a NUL byte"); return NULL; }
  kn_sb_t cells, header;
  kn_sb_init(&cells);
  kn_sb_init(&header);
  size_t offs[MAX_COLS], hoffs[MAX_COLS];
  int ncols = read_record(&p, end, &header, hoffs);
  if (ncols <= 0) {
    snprintf(err, cap, "CSV header row missing or malformed");
    kn_sb_free(&cells); kn_sb_free(&header);
    return NULL;
  }
  for (int c = 0; c < ncols; c++) {
    const char *name = header.data + hoffs[c];
    bool dup = false;
    for (int d = 0; d < c; d++) dup = dup || strcmp(name, header.data + hoffs[d]) == 0;
    json_t *probe = json_string(name);
    json_decref(probe);
    /* a repeated column would silently win over the first; a name that is not UTF-8 could not
     * become a JSON key and its cells would vanish */
    if (dup || !probe) {
      snprintf(err, cap, "CSV header: column %d %s", c + 1, dup ? "repeats an earlier column name" : "is not valid UTF-8");
      kn_sb_free(&cells); kn_sb_free(&header);
      return NULL;
    }
  }
  json_t *rows = json_array();
  int line = 1;
  for (;;) {
    int n = read_record(&p, end, &cells, offs);
    line++;
    if (n == 0) break;
    if (n < 0 || (n != ncols && !(n == 1 && cells.data[0] == '\0'))) {
      snprintf(err, cap, "CSV line %d: %s", line, n < 0 ? "malformed quoting" : "wrong number of columns");
      json_decref(rows);
      rows = NULL;
      break;
    }
    if (n == 1 && ncols > 1) continue; /* blank line */
    json_t *obj = json_object();
    for (int c = 0; c < ncols; c++) {
      const char *v = cells.data + offs[c];
      if (!*v) continue;
      const char *name = header.data + hoffs[c];
      const kn_api_field_spec_t *f = NULL;
      for (size_t i = 0; i < nspec; i++) if (strcmp(spec[i].name, name) == 0) f = &spec[i];
      json_t *val = typed(v, f);
      if (!val) { /* not UTF-8: refuse the file rather than drop the cell */
        snprintf(err, cap, "CSV line %d column %d: not valid UTF-8", line, c + 1);
        break;
      }
      json_object_set_new(obj, name, val);
    }
    if (err[0]) { json_decref(obj); json_decref(rows); rows = NULL; break; }
    json_array_append_new(rows, obj);
  }
  kn_sb_free(&cells);
  kn_sb_free(&header);
  return rows;
}
