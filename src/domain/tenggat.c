/* Deadlines and reminder stages (include/kinerja/domain_tenggat.h). Pure. Owner: jobs. */
#include "kinerja/domain_tenggat.h"
#include "kinerja/domain_kke_checks.h"
#include <stddef.h>

long dom_tenggat_skp(long batas, long tmt, int mutasi_days) { return tmt > batas ? tmt + mutasi_days : batas; }

long dom_tenggat_realisasi(long akhir, int tenggang, long buka_ulang) {
  long due = akhir + tenggang;
  return buka_ulang > due ? buka_ulang : due;
}

long dom_tenggat_evaluasi(long akhir, int tenggang, int penilaian_hari) { return akhir + tenggang + penilaian_hari; }

long dom_tenggat_keberatan(long diajukan, int putus_days) { return diajukan + putus_days; }

long dom_tenggat_kke_jawaban(long dibuat, int jawab_hari) { return dibuat + jawab_hari; }

dom_tenggat_tahap_t dom_tenggat_tahap(long today, long due, long done, int soon_days) {
  if (done >= 0) return DOM_TENGGAT_AMAN;
  if (today > due) return DOM_TENGGAT_TERLAMBAT;
  if (today >= due - soon_days) return DOM_TENGGAT_JATUH_TEMPO;
  return DOM_TENGGAT_AMAN;
}

const char *dom_tenggat_tahap_name(dom_tenggat_tahap_t t) {
  return t == DOM_TENGGAT_JATUH_TEMPO ? "jatuh_tempo" : t == DOM_TENGGAT_TERLAMBAT ? "terlambat" : NULL;
}

bool dom_tenggat_tepat_waktu(long due, long done) { return done >= 0 && done <= due; }

bool dom_tenggat_dinilai(long due, long from, long to, long today) { return due >= from && due <= to && due < today; }
