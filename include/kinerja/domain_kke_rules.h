/* KKE rules that need more than text (domain.md §12): K03 penilai consistency, K07 kesesuaian
 * target, and dated exemptions for K01/K21. Pure, no I/O. Owner: domain. */
#ifndef KINERJA_DOMAIN_KKE_RULES_H
#define KINERJA_DOMAIN_KKE_RULES_H
#include "kinerja/domain_penilai.h"
#include <stdbool.h>

/* Exemptions: every status other than AKTIF (CLTN, TUGAS_BELAJAR, MPP, DIBERHENTIKAN_SEMENTARA,
 * PENSIUN) exempts a pegawai from having an SKP. */
bool dom_kke_status_exempt(const char *status);

/* A status held from day `mulai` until the day before `selesai` (selesai < 0: still held) counts
 * for the evaluated window [a, b] (day numbers) when the two overlap. */
bool dom_kke_status_in_window(long mulai, long selesai, long a, long b);

/* K03: the recorded appraiser (jenis "PEGAWAI"/"KEPALA_DAERAH"/"NONE", pegawai id or 0) is the
 * expected one. */
bool dom_kke_penilai_matches(const char *jenis, long pegawai_id, dom_penilai_t expected);

/* K07: one indicator's target. */
typedef struct dom_kke_target {
  const char *aspek;        /* KUANTITAS, KUALITAS, WAKTU, BIAYA or NULL */
  const char *uraian;
  const char *target_teks;
  const char *satuan;
  bool has_min, has_max;
  double min, max;
  bool turun_baik;          /* arah TURUN_BAIK: lower is better */
} dom_kke_target_t;

/* A "100 % time-only" target: a time indicator (aspek WAKTU, or no aspek and the word "waktu")
 * whose target is 100 percent. Trivial when it is the RHK's only kind of indicator. */
bool dom_kke_time_100(const dom_kke_target_t *t);

/* The target falls short of last year's realisation `prev`: for NAIK_BAIK the target (its upper
 * bound when given, else its lower) is below prev; for TURUN_BAIK the target (its lower bound when
 * given, else its upper) is above prev. False without a numeric target. */
bool dom_kke_below_last_year(const dom_kke_target_t *t, double prev);

/* The target value dom_kke_below_last_year compares (and a finding quotes): for NAIK_BAIK the upper
 * bound when given, else the lower; for TURUN_BAIK the lower bound when given, else the upper. */
double dom_kke_target_value(const dom_kke_target_t *t);

/* K07: last year's indicator is "the same" as this one: same aspek (both NULL counts as same) and
 * the same text after dom_kke_normalize. */
bool dom_kke_same_indicator(const char *aspek_a, const char *uraian_a, const char *aspek_b, const char *uraian_b);
#endif
