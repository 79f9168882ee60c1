/* Talent management (Permen PANRB 3/2020, domain.md §16): the kinerja axis from the annual
 * predikat, the 9-box placement over a mapping table loaded from the database (talenta_kotak),
 * the level of a jabatan and whether a candidate suits a post (succession). Pure, no I/O.
 * Owner: domain (talent). */
#ifndef KINERJA_DOMAIN_TALENTA_H
#define KINERJA_DOMAIN_TALENTA_H
#include <stdbool.h>
#include "kinerja/domain_predikat.h"

/* Axes, indexable 0..2 (low to high); INVALID = -1 (missing or unknown data). */
typedef enum { DOM_TK_INVALID = -1, DOM_TK_DI_BAWAH = 0, DOM_TK_SESUAI = 1, DOM_TK_DI_ATAS = 2 } dom_talenta_kinerja_t;
typedef enum { DOM_TP_INVALID = -1, DOM_TP_RENDAH = 0, DOM_TP_MENENGAH = 1, DOM_TP_TINGGI = 2 } dom_talenta_potensi_t;

/* One cell of the mapping: its box number, whether it is the talent pool, and where its label and
 * recommendation sit in the caller's data (index, opaque here). kotak 0 = cell not defined. */
typedef struct dom_talenta_sel { int kotak; bool talent_pool; int ref; } dom_talenta_sel_t;
typedef struct dom_talenta_peta { dom_talenta_sel_t sel[3][3]; /* [kinerja][potensi] */ } dom_talenta_peta_t;

/* Kinerja axis from the annual predikat (the matrix of domain.md §6.1 read for talent):
 * SANGAT_BAIK (both ratings above) -> di atas; BAIK -> sesuai; BUTUH_PERBAIKAN, KURANG (behaviour
 * below dominates), SANGAT_KURANG -> di bawah. No predikat -> INVALID. */
dom_talenta_kinerja_t dom_talenta_kinerja(dom_predikat_t p);

dom_talenta_kinerja_t dom_talenta_kinerja_from_name(const char *name); /* "DI_ATAS_EKSPEKTASI"... */
dom_talenta_potensi_t dom_talenta_potensi_from_name(const char *name); /* "RENDAH"/"MENENGAH"/"TINGGI" */
const char *dom_talenta_kinerja_name(dom_talenta_kinerja_t k);
const char *dom_talenta_potensi_name(dom_talenta_potensi_t p);

/* A mapping is usable when all nine cells are defined and the boxes 1..9 each appear once. */
bool dom_talenta_peta_valid(const dom_talenta_peta_t *m);

/* Why a pegawai is (not) placed. */
typedef enum {
  DOM_TALENTA_DIPETAKAN = 0,        /* placed in a box */
  DOM_TALENTA_TANPA_PREDIKAT,       /* no annual predikat set for the year */
  DOM_TALENTA_TANPA_POTENSI,        /* no potensi assessment */
  DOM_TALENTA_TANPA_KEDUANYA,       /* neither */
} dom_talenta_status_t;
const char *dom_talenta_status_name(dom_talenta_status_t s);

/* Place one pegawai: *out is the cell when placed, NULL otherwise. Missing data is never guessed. */
dom_talenta_status_t dom_talenta_place(const dom_talenta_peta_t *m, dom_predikat_t annual, dom_talenta_potensi_t potensi,
                                       const dom_talenta_sel_t **out);

/* Level of a jabatan for succession (penyetaraan: JPT 4, administrator 3, pengawas 2, pelaksana 1;
 * JF by jenjang: UTAMA 5, MADYA 4, MUDA 3, PERTAMA 2, keterampilan 1). 0 = unknown. */
int dom_talenta_level(const char *jenis_jabatan, const char *jenjang_jf);

/* How a candidate of level `cand` suits a post of level `post`: 2 = promotion one level up,
 * 1 = same level (mutasi/rotasi), 0 = not suitable (lower, more than one level up, unknown). */
int dom_talenta_cocok(int post, int cand);
#endif
