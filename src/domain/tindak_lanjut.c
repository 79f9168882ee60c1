/* Follow-up rules. Pure. Owner: domain. */
#include "kinerja/domain_tindak_lanjut.h"
#include <math.h>

int dom_ak_persen(dom_predikat_t p) {
  switch (p) {
    case DOM_PREDIKAT_SANGAT_BAIK: return 150;
    case DOM_PREDIKAT_BAIK: return 100;
    case DOM_PREDIKAT_BUTUH_PERBAIKAN: return 75;
    case DOM_PREDIKAT_KURANG: return 50;
    case DOM_PREDIKAT_SANGAT_KURANG: return 25;
    case DOM_PREDIKAT_INVALID: break;
  }
  return 0;
}

double dom_angka_kredit(dom_predikat_t p, double koefisien, int months) {
  if (months < 0) months = 0;
  if (months > 12) months = 12;
  double ak = dom_ak_persen(p) / 100.0 * koefisien * months / 12.0;
  return floor(ak * 100.0 + 0.5 + 1e-9) / 100.0;
}

int dom_months_between(int y1, int m1, int y2, int m2) {
  int n = (y2 * 12 + m2) - (y1 * 12 + m1) + 1;
  return n < 0 ? 0 : n;
}

int dom_rank_compare(const dom_rank_keys_t *a, const dom_rank_keys_t *b) {
  if (a->predikat != b->predikat) return b->predikat - a->predikat;
  if (a->hasil_kerja != b->hasil_kerja) return b->hasil_kerja - a->hasil_kerja;
  if (a->perilaku != b->perilaku) return b->perilaku - a->perilaku;
  if (a->periodik_baik != b->periodik_baik) return b->periodik_baik - a->periodik_baik;
  return b->organisasi - a->organisasi;
}

void dom_rank_dense(const dom_rank_keys_t *sorted, int n, int *ranks) {
  for (int i = 0; i < n; i++)
    ranks[i] = i == 0 ? 1 : ranks[i - 1] + (dom_rank_compare(&sorted[i - 1], &sorted[i]) != 0);
}

bool dom_tl_rule_fires(const dom_tl_rule_t *rule, const dom_predikat_t *history, int nyears) {
  if (rule->tahun_berturut < 1 || nyears < rule->tahun_berturut) return false;
  for (int i = 0; i < rule->tahun_berturut; i++) {
    dom_predikat_t p = history[i];
    if (p == DOM_PREDIKAT_INVALID || !(rule->predikat_set & (1u << (p - 1)))) return false;
  }
  return true;
}
