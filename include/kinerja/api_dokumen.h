/* Official documents as PDF (src/api/dokumen.c): the handlers the JSON routes hand over to when
 * the client sends Accept: application/pdf. Owner: doc. */
#ifndef KINERJA_API_DOKUMEN_H
#define KINERJA_API_DOKUMEN_H
#include <jansson.h>
#include <stdbool.h>
#include "kinerja/http.h"

/* True when the Accept header asks for application/pdf. */
bool kn_api_dokumen_wanted(kn_http_req_t *r);

void kn_api_dokumen_skp(kn_http_req_t *r);        /* path {id} of an SKP */
void kn_api_dokumen_evaluasi(kn_http_req_t *r);   /* path {id} of an evaluation */
void kn_api_dokumen_kke(kn_http_req_t *r);        /* path {id} of a KKE */
void kn_api_dokumen_organisasi(kn_http_req_t *r); /* path {id} of a unit, ?tahun=&jenis=&nomor= */
/* The semester report of the rows laporan.c built (takes ownership of items). */
void kn_api_dokumen_laporan(kn_http_req_t *r, json_t *items, int tahun, int semester);
/* GET /v1/laporan/evaluasi.pdf (src/api/laporan.c): the rows, then kn_api_dokumen_laporan. */
void kn_api_laporan_pdf(kn_http_req_t *r);
/* The report's level of a compliance value (0 good >= 80, 1 fair >= 60, 2 poor): the colour of
 * its bar in the SVG and PDF charts. */
int kn_api_laporan_tingkat(double value);
/* The report's value columns, NULL-terminated: "skor" and the indicators. */
const char *const *kn_api_laporan_kolom(void);
#endif
