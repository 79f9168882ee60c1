/* Deadlines of the cycle and the reminder stages (issue 19). Pure. Owner: jobs.
 * Dates are day numbers (dom_date_days). Each due date is decided here from the facts the SQL
 * gathers (tenggat_fakta in sql/functions/jadwal.sql) and the instansi's settings:
 *   SKP        set by the instansi's deadline (batas_skp), or TMT + the instansi's kke_mutasi_hari when the
 *              post began after it (the same rule as KKE K02)
 *   realisasi  filled by the end of the grace window after each period (tenggang_realisasi_hari),
 *              or the end of a reopening when later
 *   evaluasi   periodic and annual: set penilaian_hari after the filling window closes
 *   keberatan  decided within the instansi's keberatan_putus_hari of its filing (KKE K22)
 *   KKE        findings answered by the PD within kke_jawab_hari of the run
 *   tindak lanjut  by the stage's own due date (tenggat) */
#ifndef KINERJA_DOMAIN_TENGGAT_H
#define KINERJA_DOMAIN_TENGGAT_H
#include <stdbool.h>

long dom_tenggat_skp(long batas, long tmt, int mutasi_days);   /* tmt < 0: unknown */
long dom_tenggat_realisasi(long akhir, int tenggang, long buka_ulang);   /* buka_ulang < 0: none */
long dom_tenggat_evaluasi(long akhir, int tenggang, int penilaian_hari);
long dom_tenggat_keberatan(long diajukan, int putus_days);
long dom_tenggat_kke_jawaban(long dibuat, int jawab_hari);

typedef enum dom_tenggat_tahap {
  DOM_TENGGAT_AMAN = 0,        /* done, or not due soon: nothing to remind */
  DOM_TENGGAT_JATUH_TEMPO,     /* not done, due within `soon_days` (the due day included) */
  DOM_TENGGAT_TERLAMBAT,       /* not done, the due day has passed */
} dom_tenggat_tahap_t;

/* The reminder stage of an item due on `due`, done on `done` (< 0: not yet), seen on `today`. */
dom_tenggat_tahap_t dom_tenggat_tahap(long today, long due, long done, int soon_days);
/* "jatuh_tempo" / "terlambat" / NULL. */
const char *dom_tenggat_tahap_name(dom_tenggat_tahap_t t);

/* Timeliness of an item: done by its due day (the due day itself is on time). */
bool dom_tenggat_tepat_waktu(long due, long done);
/* Whether an item counts in a timeliness report over [from, to] seen on `today`: its due day is
 * in the window and has come (an item not yet due is neither on time nor late). */
bool dom_tenggat_dinilai(long due, long from, long to, long today);
#endif
