/* Cron expressions of the schedules (jadwal): parse and the next occurrence. Pure. Owner: jobs.
 * Five fields, minute hour day-of-month month day-of-week, each "*", a number, a range "a-b",
 * a step "* /n" or "a-b/n" (without the space), or a comma list of those; day-of-week 0-7 (0 and
 * 7 are Sunday). As in classic cron, when both day fields are restricted a day matching either
 * one matches. Times are evaluated at a fixed UTC offset in minutes (WIB +420, WITA +480, WIT +540). */
#ifndef KINERJA_DOMAIN_CRON_H
#define KINERJA_DOMAIN_CRON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dom_cron {
  uint64_t minute;       /* bit m: minute m (0-59) */
  uint32_t hour;         /* bit h (0-23) */
  uint32_t mday;         /* bit d (1-31) */
  uint16_t month;        /* bit m (1-12) */
  uint8_t wday;          /* bit w (0-6, Sunday 0) */
  bool mday_any, wday_any;
} dom_cron_t;

/* Parse expr; false with the reason (Indonesian and English, "id / en") in why when malformed. */
bool dom_cron_parse(const char *expr, dom_cron_t *out, char *why, size_t why_len);

/* The first occurrence strictly after `after` (seconds since the epoch, UTC), at utc_offset_min;
 * -1 when there is none within 5 years (e.g. "0 0 31 2 *"). */
long long dom_cron_next(const dom_cron_t *c, long long after, int utc_offset_min);
#endif
