/* Evaluation periods. Pure. Owner: domain. */
#include "kinerja/domain_periode.h"
#include <stdio.h>
#include <string.h>

/* Howard Hinnant's days-from-civil: exact for every Gregorian date. */
long dom_date_days(dom_date_t d) {
  int y = d.m <= 2 ? d.y - 1 : d.y;
  long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153u * (unsigned)(d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d.d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long)doe - 719468;
}

dom_date_t dom_date_from_days(long z) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = (long)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  dom_date_t out = {(int)(y + (m <= 2)), (int)m, (int)d};
  return out;
}

bool dom_date_parse(const char *s, dom_date_t *out) {
  int y, m, d;
  char tail;
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false; /* no signs or blanks */
  if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
  dom_date_t t = {y, m, d};
  if (m < 1 || m > 12 || d < 1) return false;
  dom_date_t back = dom_date_from_days(dom_date_days(t));
  if (back.y != y || back.m != m || back.d != d) return false; /* e.g. 31 April */
  *out = t;
  return true;
}

static dom_date_t last_of_month(int y, int m) {
  dom_date_t first_next = {m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1};
  return dom_date_from_days(dom_date_days(first_next) - 1);
}

int dom_periode_generate(bool quarterly, dom_date_t awal, dom_date_t akhir, dom_periode_t *out, int cap) {
  long a = dom_date_days(awal), b = dom_date_days(akhir);
  if (awal.y != akhir.y || b < a) return 0;
  int n = 0, months = quarterly ? 3 : 1;
  for (int nomor = 1; nomor <= 12 / months && n < cap; nomor++) {
    dom_date_t ps = {awal.y, (nomor - 1) * months + 1, 1};
    dom_date_t pe = last_of_month(awal.y, nomor * months);
    long s = dom_date_days(ps), e = dom_date_days(pe);
    if (e < a || s > b) continue; /* outside the segment */
    out[n].nomor = nomor;
    out[n].awal = s < a ? awal : ps;
    out[n].akhir = e > b ? akhir : pe;
    out[n].akhir_tahun = false;
    n++;
  }
  /* the year-end is the period that ends the segment (not merely the last one that fit in cap) */
  if (n > 0 && dom_date_days(out[n - 1].akhir) == b) out[n - 1].akhir_tahun = true;
  return n;
}

dom_periode_state_t dom_periode_state(dom_date_t today, dom_date_t awal, dom_date_t akhir, int grace_days,
                                      dom_date_t reopened_until) {
  long t = dom_date_days(today);
  if (t < dom_date_days(awal)) return DOM_PERIODE_NOT_STARTED;
  if (t <= dom_date_days(akhir) + grace_days) return DOM_PERIODE_OPEN;
  if (reopened_until.y && t <= dom_date_days(reopened_until)) return DOM_PERIODE_OPEN;
  return DOM_PERIODE_CLOSED;
}
