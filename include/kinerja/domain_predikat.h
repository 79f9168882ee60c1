/* Predikat kinerja pegawai from the two ratings (Permen PANRB 6/2022 matrix, domain.md §6.1).
 * Pure, no I/O. Owner: domain. Values are the SIASN reference ids. */
#ifndef KINERJA_DOMAIN_PREDIKAT_H
#define KINERJA_DOMAIN_PREDIKAT_H

typedef enum dom_rating {
  DOM_RATING_INVALID = 0,
  DOM_RATING_DI_ATAS = 1,   /* DI_ATAS_EKSPEKTASI */
  DOM_RATING_SESUAI = 2,    /* SESUAI_EKSPEKTASI */
  DOM_RATING_DI_BAWAH = 3,  /* DI_BAWAH_EKSPEKTASI */
} dom_rating_t;

typedef enum dom_predikat {
  DOM_PREDIKAT_INVALID = 0,
  DOM_PREDIKAT_SANGAT_BAIK = 1,
  DOM_PREDIKAT_BAIK = 2,
  DOM_PREDIKAT_BUTUH_PERBAIKAN = 3,
  DOM_PREDIKAT_KURANG = 4,
  DOM_PREDIKAT_SANGAT_KURANG = 5,
} dom_predikat_t;

/* Matrix lookup: rows hasil kerja, columns perilaku. Invalid input → DOM_PREDIKAT_INVALID. */
dom_predikat_t dom_predikat_from_ratings(dom_rating_t hasil_kerja, dom_rating_t perilaku);

/* API enum names ("DI_ATAS_EKSPEKTASI", "SANGAT_BAIK", ...) and back. */
dom_rating_t dom_rating_from_name(const char *name);
const char *dom_predikat_name(dom_predikat_t p);
#endif
