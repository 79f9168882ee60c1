/* Evaluation periods of an SKP and whether a period accepts realisasi. Pure. Owner: domain.
 * Periods follow the instansi setting (BULANAN or TRIWULAN), are clipped to the SKP segment,
 * and the last one doubles as the year-end evaluation (domain.md §6.5, "Triwulan IV-Akhir"). */
#ifndef KINERJA_DOMAIN_PERIODE_H
#define KINERJA_DOMAIN_PERIODE_H
#include <stdbool.h>

typedef struct dom_date { int y, m, d; } dom_date_t;

typedef struct dom_periode {
  int nomor;            /* month 1-12 or quarter 1-4 */
  dom_date_t awal, akhir;
  bool akhir_tahun;     /* the last period of the segment: the year-end evaluation */
} dom_periode_t;

/* Generate the periods of [awal, akhir] (same year). quarterly: TRIWULAN, else BULANAN.
 * Returns the count (<= cap), 0 when the range is empty or invalid. */
int dom_periode_generate(bool quarterly, dom_date_t awal, dom_date_t akhir, dom_periode_t *out, int cap);

typedef enum dom_periode_state {
  DOM_PERIODE_OPEN = 0,
  DOM_PERIODE_NOT_STARTED,   /* today is before the period */
  DOM_PERIODE_CLOSED,        /* the grace window after the end has passed and no reopening */
} dom_periode_state_t;

/* The filling window: a period accepts realisasi and evidence from its start until `grace_days`
 * after its end, or while an admin reopening lasts (reopened_until, inclusive; y == 0 when none).
 * Whether the period is locked (its evaluation set) is not decided here: that must hold inside
 * the write itself, so it is periode_not_locked in sql/functions/pelaksanaan.sql, alone. */
dom_periode_state_t dom_periode_state(dom_date_t today, dom_date_t awal, dom_date_t akhir, int grace_days,
                                      dom_date_t reopened_until);

/* Days since 1970-01-01 (proleptic Gregorian), and back. */
long dom_date_days(dom_date_t d);
dom_date_t dom_date_from_days(long days);
/* Parse "YYYY-MM-DD"; false when malformed. */
bool dom_date_parse(const char *s, dom_date_t *out);
#endif
