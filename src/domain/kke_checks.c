/* Pass/fail decisions of the KKE checks (include/kinerja/domain_kke_checks.h, domain.md §12).
 * Decides: whether one checked item passes, from plain values, with the thresholds as named
 * constants or the instansi's settings (dom_kke_settings). Leaves to others: the text rules, K21 segments and the score (src/domain/kke.c), K03,
 * K07 and the exemptions (src/domain/kke_rules.c), the predikat matrix (src/domain/predikat.c),
 * the distribution curve (src/domain/distribusi.c); reading facts and wording findings to
 * src/api/kke*.c. Pure, no I/O. Owner: domain. */
#include "kinerja/domain_kke_checks.h"
#include "kinerja/domain_evaluasi.h"
#include "kinerja/domain_kke.h"
#include "kinerja/domain_periode.h"
#include "kinerja/domain_predikat.h"
#include "kinerja/domain_tenggat.h"
#include <string.h>

static bool is(const char *value, const char *name) { return value && strcmp(value, name) == 0; }

static const dom_kke_setting_t SETTINGS[] = {
  {"kke_mutasi_hari", DOM_KKE_DEFAULT_MUTASI_DAYS, 1, 180},
  {"kke_templat_pegawai", DOM_KKE_DEFAULT_TEMPLATE_HOLDERS, 2, 1000},
  {"keberatan_putus_hari", DOM_KKE_DEFAULT_KEBERATAN_DAYS, 1, 90},
};

const dom_kke_setting_t *dom_kke_settings(int *n) {
  *n = (int)(sizeof SETTINGS / sizeof SETTINGS[0]);
  return SETTINGS;
}

bool dom_kke_k01_has_skp(int segments) { return segments > 0; }

bool dom_kke_k02_on_time(long batas, long tmt, long ditetapkan, long today, int mutasi_days) {
  long due = dom_tenggat_skp(batas, tmt, mutasi_days);   /* the SKP deadline rule, one place */
  return ditetapkan >= 0 ? ditetapkan <= due : today <= due;
}

bool dom_kke_skp_is_jpt(const char *jenis_skp) { return is(jenis_skp, "JPT"); }
bool dom_kke_rhk_is_tambahan(const char *jenis_rhk) { return is(jenis_rhk, "TAMBAHAN"); }
bool dom_kke_k20_applies(const char *jenis_jabatan) { return is(jenis_jabatan, "FUNGSIONAL"); }

bool dom_kke_k04_cascading_ok(long missing) { return missing == 0; }

bool dom_kke_k05_perspektif_ok(const char *perspektif) { return perspektif != NULL; }

bool dom_kke_k06_measurable(const char *uraian, const char *target_teks, bool kuantitatif, bool target_angka,
                            const char **word) {
  *word = dom_kke_absolute_word(target_teks ? target_teks : uraian);
  if (*word) return false;
  return kuantitatif ? target_angka : target_teks != NULL;
}

bool dom_kke_k08_not_template(int holders, int threshold) { return holders < threshold; }

bool dom_kke_k09_repeats_utama(const char *uraian, const char *other_jenis, const char *other_uraian) {
  return is(other_jenis, "UTAMA") && dom_kke_same_text(uraian, other_uraian);
}

bool dom_kke_k10_perilaku_ok(long values, long ekspektasi_filled) {
  return values == DOM_KKE_PERILAKU_VALUES && ekspektasi_filled > 0;
}

bool dom_kke_k11_lampiran_ok(long sections) { return sections == DOM_KKE_LAMPIRAN_SECTIONS; }

bool dom_kke_evaluasi_set(const char *status) {
  dom_eval_status_t s = dom_evaluasi_status_from_name(status);
  return s == DOM_EVAL_DITETAPKAN || s == DOM_EVAL_KEBERATAN || s == DOM_EVAL_FINAL;
}

bool dom_kke_k12_cycle_ok(long realisasi, long indikator, bool evaluasi_set) {
  return realisasi >= indikator && evaluasi_set;
}

bool dom_kke_k13_applies(long realisasi) { return realisasi > 0; }
bool dom_kke_k13_bukti_ok(long tanpa_bukti_valid) { return tanpa_bukti_valid == 0; }

bool dom_kke_k13_dated_in_period(long tanggal, long diunggah, long awal, long akhir, int tenggang) {
  if (tanggal >= 0) return tanggal >= awal && tanggal <= akhir;
  return diunggah >= awal && diunggah <= akhir + tenggang;
}

bool dom_kke_k13_related(dom_kke_bukti_ref_t a, dom_kke_bukti_ref_t b) {
  if (a.indikator == b.indikator || a.rhk == b.rhk) return true;
  if ((a.rhk_atasan && a.rhk_atasan == b.rhk) || (b.rhk_atasan && b.rhk_atasan == a.rhk)) return true;
  return a.rhk_atasan && a.rhk_atasan == b.rhk_atasan;
}

bool dom_kke_k14_umpan_balik_ok(long umpan_balik) { return umpan_balik > 0; }

bool dom_kke_k15_predikat_ok(const char *hk, const char *pk, const char *predikat, const char **expected) {
  *expected = dom_predikat_name(dom_predikat_from_ratings(dom_rating_from_name(hk), dom_rating_from_name(pk)));
  return is(predikat, *expected);
}

bool dom_kke_k16_distribusi_ok(bool org_predikat_set, const dom_violation_t *v, int nv, int *blocking) {
  *blocking = 0;
  for (int k = 0; k < nv; k++) *blocking += !v[k].warning_only;
  return org_predikat_set && *blocking == 0;
}

bool dom_kke_k17_unit_head_ok(const char *hk, const char *rating_organisasi) { return hk && is(rating_organisasi, hk); }

bool dom_kke_k18_bobot_ok(double sum, long missing) {
  return missing == 0 && sum > DOM_KKE_BOBOT_TOTAL - DOM_KKE_BOBOT_TOLERANCE && sum < DOM_KKE_BOBOT_TOTAL + DOM_KKE_BOBOT_TOLERANCE;
}

dom_kke_k19_t dom_kke_k19_state(bool payload_ok, bool sent, bool same_as_sent, const char *predikat_siasn,
                                const char *predikat_lokal) {
  if (!payload_ok) return DOM_KKE_K19_UNSENDABLE;
  if (!sent) return DOM_KKE_K19_UNSENT;
  if (!same_as_sent) return DOM_KKE_K19_CHANGED;
  if (predikat_siasn && predikat_lokal && strcmp(predikat_siasn, predikat_lokal) != 0) return DOM_KKE_K19_MISMATCH;
  return DOM_KKE_K19_OK;
}

bool dom_kke_in_semester(int bulan_selesai, int semester) {
  return (bulan_selesai <= DOM_KKE_SEMESTER1_LAST_MONTH) == (semester == 1);
}

bool dom_kke_k21_covers_year(const long *starts, const long *ends, int n, int tahun) {
  return n > 0 && dom_kke_segments_cover(starts, ends, n, starts[0], dom_date_days((dom_date_t){tahun, 12, 31}));
}

bool dom_kke_k22_on_time(long diajukan, long diputus, long today, int limit_days, long *elapsed) {
  *elapsed = (diputus >= 0 ? diputus : today) - diajukan;
  return *elapsed <= limit_days;
}
