/* Follow-up rules (domain.md §7): JF angka kredit, ranking order, rule-table recommendations.
 * Pure. Owner: domain. */
#ifndef KINERJA_DOMAIN_TINDAK_LANJUT_H
#define KINERJA_DOMAIN_TINDAK_LANJUT_H
#include <stdbool.h>
#include "kinerja/domain_predikat.h"

/* Percentage of the yearly coefficient earned by a predikat (Permen PANRB 1/2023 as summarised
 * in domain.md §7.3): 150, 100, 75, 50, 25; 0 for an invalid predikat. */
int dom_ak_persen(dom_predikat_t p);

/* AK = persen × koefisien × months / 12, rounded half-up to 2 decimals (the regulation's worked
 * examples: Ahli Pertama 12.5, SANGAT_BAIK 12 months → 18.75; BAIK 2 months → 2.08). */
double dom_angka_kredit(dom_predikat_t p, double koefisien, int months);

/* Whole calendar months touched by [y1-m1, y2-m2] (a segment from March to August = 6). */
int dom_months_between(int y1, int m1, int y2, int m2);

/* Ranking keys of one pegawai (domain.md §7.6); larger is better for every key. */
typedef struct dom_rank_keys {
  int predikat;        /* 5 = SANGAT_BAIK ... 1 = SANGAT_KURANG */
  int hasil_kerja;     /* 3 = DI_ATAS ... 1 = DI_BAWAH */
  int perilaku;        /* same */
  int periodik_baik;   /* periodic evaluations of the year with SANGAT_BAIK or BAIK */
  int organisasi;      /* 5 = ISTIMEWA ... 1 = SANGAT_KURANG, 0 unknown */
} dom_rank_keys_t;

/* qsort-style comparison: negative when a ranks before b, 0 when tied on every key. */
int dom_rank_compare(const dom_rank_keys_t *a, const dom_rank_keys_t *b);

/* Dense ranks for keys already sorted with dom_rank_compare: ranks[i] >= 1, ties share a rank. */
void dom_rank_dense(const dom_rank_keys_t *sorted, int n, int *ranks);

/* A follow-up rule (data, table aturan_tindak_lanjut): fires when the annual predikat was in
 * `predikat_set` (bit = SIASN id - 1) for `tahun_berturut` consecutive years up to the year
 * evaluated. */
typedef struct dom_tl_rule {
  char kode[48];
  unsigned predikat_set;
  int tahun_berturut;
} dom_tl_rule_t;

/* history[0] is the year evaluated, history[1] the year before, ...; DOM_PREDIKAT_INVALID for
 * a year without an annual result (which breaks a run). */
bool dom_tl_rule_fires(const dom_tl_rule_t *rule, const dom_predikat_t *history, int nyears);
#endif
