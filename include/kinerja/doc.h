/* The official documents (issue 18): one layout per kind over the JSON the SQL functions already
 * build for the resource (skp_json, evaluasi_json, kke_json, distribusi, laporan_evaluasi), laid
 * out with the primitives of kinerja/pdf.h. Owner: doc. Layouts follow the sections and their
 * order in the forms of Permen PANRB 6/2022's lampiran (domain.md §4.1, §6.3). */
#ifndef KINERJA_DOC_H
#define KINERJA_DOC_H
#include <jansson.h>
#include <stddef.h>
#include "kinerja/pdf.h"

/* The layout version: part of a document's identity. Bump it with every change that changes the
 * bytes of a document (layout, fonts, texts): the same data then registers as a new document
 * (new code), and printouts of the old layout verify as superseded instead of failing to match. */
#define KN_DOC_TATA_LETAK "1"

typedef struct kn_doc_ctx {
  json_t *data;      /* the document's data (kind-specific, see sql/functions/dokumen.sql) */
  const char *tanggal; /* the registration date YYYY-MM-DD: the date of the signature block */
} kn_doc_ctx_t;

/* Build functions for kn_doc_pdf_render (ctx is a kn_doc_ctx_t). */
void kn_doc_skp(kn_doc_pdf_t *p, void *ctx);
void kn_doc_evaluasi(kn_doc_pdf_t *p, void *ctx);
void kn_doc_organisasi(kn_doc_pdf_t *p, void *ctx);
void kn_doc_kke(kn_doc_pdf_t *p, void *ctx);
void kn_doc_laporan(kn_doc_pdf_t *p, void *ctx);

/* ---- shared pieces (src/doc/doc_common.c) ---- */
/* The string o[k], or "-" when absent or empty. */
const char *kn_doc_str(json_t *o, const char *k);
/* "2026-03-31..." → "31 Maret 2026" (out holds 40 bytes); "-" when absent. */
const char *kn_doc_tanggal(const char *iso, char out[40]);
/* An enum value as words: "SESUAI_EKSPEKTASI" → "Sesuai Ekspektasi"; "-" when absent. */
const char *kn_doc_kata(const char *value, char *out, size_t n);
/* The place of signing: the instansi's name without "Pemerintah ". */
const char *kn_doc_tempat(json_t *data);
/* Title lines centred, then the instansi and the period. */
void kn_doc_judul(kn_doc_pdf_t *p, const char *const *lines, int n);
/* Identity of pegawai, pejabat penilai and atasan penilai (the SKP's snapshot). */
void kn_doc_identitas(kn_doc_pdf_t *p, json_t *data);
/* Hasil kerja (A. utama, B. tambahan) with indikator and target; with `periode` (the evaluation's
 * periode_json) and `umpan_balik` also realisasi and the feedback of each RHK. */
void kn_doc_hasil_kerja(kn_doc_pdf_t *p, json_t *data, json_t *periode, json_t *umpan_balik);
/* The seven BerAKHLAK rows with their guides and the ekspektasi khusus pimpinan; with
 * `umpan_balik`, the feedback given on behaviour (entries without an RHK). */
void kn_doc_perilaku(kn_doc_pdf_t *p, json_t *skp, json_t *umpan_balik);
/* A signature block: place and date over the right column, then one column per signer
 * (role label and a {"nama","nip"} object, NULL for a blank line). */
void kn_doc_ttd(kn_doc_pdf_t *p, const char *tempat, const char *tanggal, const char *kiri, json_t *kiri_orang,
             const char *kanan, json_t *kanan_orang);
/* 1..12 in Roman numerals (period numbers: "Triwulan II"); "" outside. */
const char *kn_doc_romawi(long long n);
/* Upper-case ASCII letters in place (titles); returns s. */
char *kn_doc_upper(char *s);
/* The title of the SKP-based forms: form name, approach, position kind, instansi, period line. */
void kn_doc_skp_judul(kn_doc_pdf_t *p, json_t *data, const char *form, const char *periode);
/* A section heading. */
void kn_doc_bagian(kn_doc_pdf_t *p, const char *text);
#endif
