/* The pass/fail decision of each KKE data-quality check (domain.md §12) that is not already a
 * rule of src/domain/kke.c (text rules, K21 segments, score) or src/domain/kke_rules.c (K03, K07,
 * exemptions): plain values in (counts, day numbers from dom_date_days with -1 for "none",
 * names), true = passes. Who is checked (the facts of one PD and semester) and the finding's
 * wording stay in the api layer (src/api/kke.c, kke_tambahan.c, kke_k19.c). Pure, no I/O.
 * Owner: domain. */
#ifndef KINERJA_DOMAIN_KKE_CHECKS_H
#define KINERJA_DOMAIN_KKE_CHECKS_H
#include "kinerja/domain_distribusi.h"
#include <stdbool.h>

/* The KKE limits an instansi sets (PATCH /v1/instansi, columns of migration 0091), with their
 * defaults and allowed ranges (the one table the API validates against):
 * - kke_mutasi_hari, K02: a mid-year job change gets a new deadline of TMT + this many days.
 *   domain.md §5.1: the new SKP is made "within the month of TMT" (Permen 8/2021, S6), N days
 *   configurable [I]: default 30.
 * - kke_templat_pegawai, K08: the same RHK text carried by this many pegawai or more is a copied
 *   template. domain.md §12 K08 ("identical RHK text copied across many employees") gives no
 *   number: default 5, our choice [I].
 * - keberatan_putus_hari, K22 (and the due date of GET /v1/keberatan): the atasan penilai decides
 *   a keberatan within this many days of its filing. domain.md §12 K22 asks for "the configured
 *   SLA"; PP 30/2019 Pasal 59 fixes only the 14 days to file: default 21 [I]. */
#define DOM_KKE_DEFAULT_MUTASI_DAYS 30
#define DOM_KKE_DEFAULT_TEMPLATE_HOLDERS 5
#define DOM_KKE_DEFAULT_KEBERATAN_DAYS 21
typedef struct dom_kke_setting {
  const char *name;  /* the instansi field */
  int def, min, max;
} dom_kke_setting_t;
const dom_kke_setting_t *dom_kke_settings(int *n);

/* K10: the seven BerAKHLAK core values (SE MenPANRB 20/2021, domain.md §4.5 and R7). */
#define DOM_KKE_PERILAKU_VALUES 7
/* K11: the three lampiran sections: dukungan sumber daya, skema pertanggungjawaban, konsekuensi
 * (Permen PANRB 6/2022, domain.md §4.6 and R8). */
#define DOM_KKE_LAMPIRAN_SECTIONS 3
/* K18: a local bobot_persen sums to 100 per SKP (domain.md §4.7 item 24 [I]); sums are numeric
 * with decimals, so "100" is anything strictly within this tolerance of it. */
#define DOM_KKE_BOBOT_TOTAL 100.0
#define DOM_KKE_BOBOT_TOLERANCE 0.001
/* K19: semester 1 is January..June: a period belongs to it when it ends by this month. */
#define DOM_KKE_SEMESTER1_LAST_MONTH 6

/* K01 (pegawai not exempt, see dom_kke_status_exempt): at least one SKP segment this year. */
bool dom_kke_k01_has_skp(int segments);

/* K02: the SKP was set (ditetapkan) by its deadline `batas`, or, not set yet, the deadline has
 * not passed `today`. A TMT after batas moves the deadline to TMT + mutasi_days (the instansi's
 * kke_mutasi_hari). The deadline day itself is on time. */
bool dom_kke_k02_on_time(long batas, long tmt, long ditetapkan, long today, int mutasi_days);

/* Scopes: K04 covers JA/JF SKP (every jenis but JPT), K05 JPT SKP; K09 covers RHK TAMBAHAN; K20
 * pegawai in a jabatan FUNGSIONAL. NULL is none of them. */
bool dom_kke_skp_is_jpt(const char *jenis_skp);
bool dom_kke_rhk_is_tambahan(const char *jenis_rhk);
bool dom_kke_k20_applies(const char *jenis_jabatan);

/* K04: no RHK UTAMA lacks the penilai's RHK it intervenes. */
bool dom_kke_k04_cascading_ok(long missing);

/* K05: a JPT RHK names its perspektif (any text, even empty). */
bool dom_kke_k05_perspektif_ok(const char *perspektif);

/* K06: an indicator is measurable: its target text (else its uraian) has no absolute word
 * (*word gets it, else NULL), and a quantitative indicator has a numeric target, a qualitative one
 * a target text. */
bool dom_kke_k06_measurable(const char *uraian, const char *target_teks, bool kuantitatif, bool target_angka,
                            const char **word);

/* K08: fewer than `threshold` (kke_templat_pegawai) pegawai carry this RHK's (normalized) text. */
bool dom_kke_k08_not_template(int holders, int threshold);

/* K09: another RHK of the same SKP with jenis `other_jenis` and text `other_uraian` is an UTAMA
 * that the tambahan `uraian` repeats (same text after dom_kke_normalize). */
bool dom_kke_k09_repeats_utama(const char *uraian, const char *other_jenis, const char *other_uraian);

/* K10: all DOM_KKE_PERILAKU_VALUES values present and at least one ekspektasi khusus filled. */
bool dom_kke_k10_perilaku_ok(long values, long ekspektasi_filled);

/* K11: exactly DOM_KKE_LAMPIRAN_SECTIONS lampiran sections present. */
bool dom_kke_k11_lampiran_ok(long sections);

/* K12: the evaluation is set: DITETAPKAN, KEBERATAN or FINAL. */
bool dom_kke_evaluasi_set(const char *status);
/* K12: a past period has a realisasi for every indicator and its evaluation set. */
bool dom_kke_k12_cycle_ok(long realisasi, long indikator, bool evaluasi_set);

/* K13 (periods with at least one realisasi): no realisasi without valid evidence. */
bool dom_kke_k13_applies(long realisasi);
bool dom_kke_k13_bukti_ok(long tanpa_bukti_valid);
/* K13, evidence dated within its period: the evidence's own date `tanggal` (bukti.tanggal, day
 * number) lies in the period [awal, akhir]; without one (-1) its upload day `diunggah` must, or
 * fall within the `tenggang` days after the period in which realisasi may still be recorded. */
bool dom_kke_k13_dated_in_period(long tanggal, long diunggah, long awal, long akhir, int tenggang);
/* K13, one file not reused for unrelated indicators: what one evidence item supports (its
 * indicator, the indicator's RHK, the RHK of the penilai that RHK intervenes, 0 when none). */
typedef struct dom_kke_bukti_ref {
  long long indikator, rhk, rhk_atasan;
} dom_kke_bukti_ref_t;
/* Two evidence items with the same file (sha256) are related, so the reuse is fine, when they
 * support the same indicator (another period), indicators of the same RHK (its kuantitas,
 * kualitas and waktu measure one result), or RHK linked by cascading: one intervenes the other
 * (its rhk_atasan is the other's RHK) or both intervene the same RHK of their penilai. Anything
 * else — another RHK of the same SKP, another pegawai's unlinked RHK — is unrelated. */
bool dom_kke_k13_related(dom_kke_bukti_ref_t a, dom_kke_bukti_ref_t b);

/* K14: at least one feedback entry in the period. */
bool dom_kke_k14_umpan_balik_ok(long umpan_balik);

/* K15: the predikat recorded equals the matrix cell of the two ratings (names as in the API);
 * *expected gets the matrix's predikat name ("INVALID" for unknown ratings). */
bool dom_kke_k15_predikat_ok(const char *hk, const char *pk, const char *predikat, const char **expected);

/* K16: the org predikat is set and no distribution violation (of the nv in v) blocks;
 * *blocking gets the count of blocking ones. */
bool dom_kke_k16_distribusi_ok(bool org_predikat_set, const dom_violation_t *v, int nv, int *blocking);

/* K17: a unit head's hasil kerja rating equals the rating the org predikat maps to. */
bool dom_kke_k17_unit_head_ok(const char *hk, const char *rating_organisasi);

/* K18 (bobot policy on): no RHK without bobot and the sum within the tolerance of 100. */
bool dom_kke_k18_bobot_ok(double sum, long missing);

/* K19: a FINAL result's state against SIASN, the first failing step in this order. */
typedef enum dom_kke_k19 {
  DOM_KKE_K19_OK = 0,
  DOM_KKE_K19_UNSENDABLE,  /* no payload can be built from today's values */
  DOM_KKE_K19_UNSENT,      /* never pushed */
  DOM_KKE_K19_CHANGED,     /* what would be sent now differs from what was sent */
  DOM_KKE_K19_MISMATCH,    /* SIASN's predikat (once read back) differs from ours */
} dom_kke_k19_t;
dom_kke_k19_t dom_kke_k19_state(bool payload_ok, bool sent, bool same_as_sent, const char *predikat_siasn,
                                const char *predikat_lokal);
/* K19: a result whose period ends in month bulan_selesai belongs to semester 1 or 2. */
bool dom_kke_in_semester(int bulan_selesai, int semester);

/* K21: the segments (sorted, day numbers) cover the year from the first one's start to 31
 * December of `tahun` without gap or overlap (dom_kke_segments_cover). */
bool dom_kke_k21_covers_year(const long *starts, const long *ends, int n, int tahun);

/* K22: a keberatan filed on day `diajukan` was decided (diputus, -1 when still open: counted to
 * `today`) within `limit_days` (keberatan_putus_hari); *elapsed gets the days counted. */
bool dom_kke_k22_on_time(long diajukan, long diputus, long today, int limit_days, long *elapsed);
#endif
