/* Cron expressions: parsing and the next occurrence (include/kinerja/domain_cron.h). Pure.
 * Owner: jobs. */
#include "kinerja/domain_cron.h"
#include "kinerja/domain_periode.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct field { int lo, hi; const char *name; } field_t;
static const field_t FIELDS[5] = {{0, 59, "menit/minute"}, {0, 23, "jam/hour"}, {1, 31, "tanggal/day of month"},
                                  {1, 12, "bulan/month"}, {0, 7, "hari/day of week"}};

static bool num(const char **p, int *v) {
  if (**p < '0' || **p > '9') return false;
  long x = 0;
  while (**p >= '0' && **p <= '9' && x < 1000) x = x * 10 + (*(*p)++ - '0');
  *v = (int)x;
  return true;
}

/* One field (no spaces) into a bit set; false when malformed or out of range. */
static bool parse_field(const char *s, const field_t *f, uint64_t *bits, bool *any) {
  *bits = 0;
  *any = strcmp(s, "*") == 0;
  const char *p = s;
  for (;;) {
    int a, b, step = 1;
    if (*p == '*') { a = f->lo; b = f->hi; p++; }
    else {
      if (!num(&p, &a)) return false;
      b = a;
      if (*p == '-') { p++; if (!num(&p, &b)) return false; }
    }
    if (*p == '/') { p++; if (!num(&p, &step) || step < 1) return false; }
    if (a < f->lo || b > f->hi || a > b) return false;
    for (int v = a; v <= b; v += step) *bits |= 1ull << v;
    if (*p == ',') { p++; continue; }
    return *p == '\0';
  }
}

bool dom_cron_parse(const char *expr, dom_cron_t *out, char *why, size_t why_len) {
  memset(out, 0, sizeof *out);
  char buf[256], *tok[6], *save = NULL;
  if (!expr || strlen(expr) >= sizeof buf) { snprintf(why, why_len, "cron terlalu panjang / cron too long"); return false; }
  snprintf(buf, sizeof buf, "%s", expr);
  int n = 0;
  for (char *t = strtok_r(buf, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
    if (n == 5) { n++; break; }
    tok[n++] = t;
  }
  if (n != 5) { snprintf(why, why_len, "cron harus 5 kolom / a cron has 5 fields"); return false; }
  uint64_t bits[5];
  bool any[5];
  for (int i = 0; i < 5; i++) {
    if (!parse_field(tok[i], &FIELDS[i], &bits[i], &any[i])) {
      snprintf(why, why_len, "kolom %s tidak sah: '%.40s' / invalid field", FIELDS[i].name, tok[i]);
      return false;
    }
  }
  out->minute = bits[0];
  out->hour = (uint32_t)bits[1];
  out->mday = (uint32_t)bits[2];
  out->month = (uint16_t)bits[3];
  out->wday = (uint8_t)((bits[4] | (bits[4] >> 7)) & 0x7f); /* 7 is Sunday too */
  out->mday_any = any[2];
  out->wday_any = any[4];
  return true;
}

static bool day_matches(const dom_cron_t *c, dom_date_t d, long days) {
  int wd = (int)(((days % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
  bool md = c->mday & (1u << d.d), w = c->wday & (1u << wd);
  if (c->mday_any && c->wday_any) return true;
  if (c->mday_any) return w;
  if (c->wday_any) return md;
  return md || w;
}

long long dom_cron_next(const dom_cron_t *c, long long after, int utc_offset_min) {
  long long off = (long long)utc_offset_min * 60;
  long long l = after + off;
  long long t = (l >= 0 ? l / 60 : (l - 59) / 60) * 60 + 60; /* local time, the next whole minute */
  long long limit = t + 5LL * 366 * 86400;
  while (t < limit) {
    long days = (long)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
    long long sod = t - (long long)days * 86400;
    dom_date_t d = dom_date_from_days(days);
    if (!(c->month & (1u << d.m))) {           /* to the first day of the next month */
      dom_date_t n = {d.m == 12 ? d.y + 1 : d.y, d.m == 12 ? 1 : d.m + 1, 1};
      t = (long long)dom_date_days(n) * 86400;
      continue;
    }
    if (!day_matches(c, d, days)) { t = (long long)(days + 1) * 86400; continue; }
    int h = (int)(sod / 3600), m = (int)(sod % 3600 / 60);
    if (!(c->hour & (1u << h))) { t = (long long)days * 86400 + (h + 1) * 3600LL; continue; }
    if (!(c->minute & (1ull << m))) { t += 60; continue; }
    return t - off;
  }
  return -1;
}
