/* Purges of resource hygiene (issue 15, item 8), callable from `kinerja purge` (cron) and from a
 * scheduler process: stored idempotency replies past their age, and evidence files no committed
 * row names. Each runs its own short transactions on this thread's connection to
 * KINERJA_DATABASE_URL, outside any tenant (SECURITY DEFINER functions). Owner: api. */
#ifndef KINERJA_API_PURGE_H
#define KINERJA_API_PURGE_H
#include "kinerja/storage.h"
#include <stdbool.h>

/* Default ages: replies are kept 48 h (the replay window is 24 h; a shorter age is refused), and
 * an evidence file is removable 1 h after it was last written (longer than any transaction). */
#define KN_PURGE_IDEMPOTENSI_HOURS 48
#define KN_PURGE_BUKTI_GRACE_S 3600

/* Register the statements; call once before the first purge (idempotent). */
void kn_api_purge_register(void);

/* Delete idempotency rows older than `hours` (>= 24) in every tenant; *deleted = how many.
 * Returns 0, or -1 with the reason logged. */
int kn_api_purge_idempotensi(unsigned hours, long long *deleted);

/* Evidence-file GC of the directory backend (kn_storage_gc with the database's answer of which
 * files are named by committed rows). Returns 0, 1 when no directory backend is configured
 * (nothing to do), or -1. */
int kn_api_purge_bukti(unsigned grace_seconds, bool dry_run, kn_storage_gc_report_t *report);

/* `kinerja purge [--idempotensi-jam H] [--bukti-tenggang-detik S] [--dry-run]`: both, one JSON
 * report line on stdout. Exit code 0, 2 (usage) or 3 (a purge failed). */
int kn_api_purge_cli(int argc, char **argv);
#endif
