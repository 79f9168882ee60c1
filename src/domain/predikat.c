/* Predikat matrix. Pure. Owner: domain.
 * Bad behaviour dominates (any DI_BAWAH perilaku with acceptable results is KURANG); only
 * DI_ATAS on both axes gives SANGAT_BAIK. Kept as a table, not a formula: a max()-style formula
 * gets (DI_ATAS, DI_BAWAH) wrong (domain.md §6.1 warning). */
#include "kinerja/domain_predikat.h"
#include <string.h>

static const dom_predikat_t KUADRAN[3][3] = {
  /* perilaku:     DI_ATAS                     SESUAI                        DI_BAWAH */
  /* DI_ATAS  */ {DOM_PREDIKAT_SANGAT_BAIK,   DOM_PREDIKAT_BAIK,            DOM_PREDIKAT_KURANG},
  /* SESUAI   */ {DOM_PREDIKAT_BAIK,          DOM_PREDIKAT_BAIK,            DOM_PREDIKAT_KURANG},
  /* DI_BAWAH */ {DOM_PREDIKAT_BUTUH_PERBAIKAN, DOM_PREDIKAT_BUTUH_PERBAIKAN, DOM_PREDIKAT_SANGAT_KURANG},
};

dom_predikat_t dom_predikat_from_ratings(dom_rating_t hk, dom_rating_t pk) {
  if (hk < DOM_RATING_DI_ATAS || hk > DOM_RATING_DI_BAWAH) return DOM_PREDIKAT_INVALID;
  if (pk < DOM_RATING_DI_ATAS || pk > DOM_RATING_DI_BAWAH) return DOM_PREDIKAT_INVALID;
  return KUADRAN[hk - 1][pk - 1];
}

dom_rating_t dom_rating_from_name(const char *name) {
  if (!name) return DOM_RATING_INVALID;
  if (strcmp(name, "DI_ATAS_EKSPEKTASI") == 0) return DOM_RATING_DI_ATAS;
  if (strcmp(name, "SESUAI_EKSPEKTASI") == 0) return DOM_RATING_SESUAI;
  if (strcmp(name, "DI_BAWAH_EKSPEKTASI") == 0) return DOM_RATING_DI_BAWAH;
  return DOM_RATING_INVALID;
}

const char *dom_predikat_name(dom_predikat_t p) {
  switch (p) {
    case DOM_PREDIKAT_SANGAT_BAIK: return "SANGAT_BAIK";
    case DOM_PREDIKAT_BAIK: return "BAIK";
    case DOM_PREDIKAT_BUTUH_PERBAIKAN: return "BUTUH_PERBAIKAN";
    case DOM_PREDIKAT_KURANG: return "KURANG";
    case DOM_PREDIKAT_SANGAT_KURANG: return "SANGAT_KURANG";
    case DOM_PREDIKAT_INVALID: break;
  }
  return "INVALID";
}
