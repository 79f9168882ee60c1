/* The instansi's semester evaluation report: per Perangkat Daerah the KKE score and the
 * compliance of the reported indicators, then the charts of GET /v1/laporan/evaluasi?format=svg
 * (one horizontal bar per PD and value, coloured by the report's levels) drawn with Cairo.
 * Owner: doc. */
#include "kinerja/api_dokumen.h"
#include "kinerja/doc.h"
#include <cairo.h>
#include <stdio.h>
#include <string.h>

#define BAR_ROW 13.0

static void value(json_t *v, char *out, size_t n) {
  if (json_is_number(v)) snprintf(out, n, "%.1f", json_number_value(v));
  else snprintf(out, n, "-");
}

static void tabel(kn_doc_pdf_t *p, json_t *items, const char *const *kolom) {
  kn_doc_pdf_col_t cols[12] = {{"NO", 0.05, KN_PDF_CENTER}, {"PERANGKAT DAERAH", 0.27, KN_PDF_LEFT}};
  char titles[8][40];
  int n = 2;
  for (int k = 0; kolom[k] && n < 10; k++, n++) {
    kn_doc_upper((char *)kn_doc_kata(kolom[k], titles[k], sizeof titles[k]));
    cols[n] = (kn_doc_pdf_col_t){titles[k], 0.08, KN_PDF_RIGHT};
  }
  cols[n++] = (kn_doc_pdf_col_t){"STATUS KKE", 0.12, KN_PDF_LEFT};
  kn_doc_bagian(p, "CAPAIAN PER PERANGKAT DAERAH");
  kn_doc_pdf_table_begin(p, cols, n, true, true);
  size_t i;
  json_t *r;
  json_array_foreach(items, i, r) {
    char no[24], vals[8][24], st[40];
    const char *cells[12] = {no, json_string_value(json_object_get(r, "nama"))};
    snprintf(no, sizeof no, "%zu", i + 1);
    int c = 2;
    for (int k = 0; kolom[k] && c < 10; k++, c++) {
      value(json_object_get(r, kolom[k]), vals[k], sizeof vals[k]);
      cells[c] = vals[k];
    }
    cells[c] = json_is_string(json_object_get(r, "status")) ? kn_doc_kata(json_string_value(json_object_get(r, "status")), st, sizeof st)
                                                            : "Belum ada KKE";
    kn_doc_pdf_table_row(p, cells, KN_PDF_NORMAL);
  }
  kn_doc_pdf_table_end(p);
}

/* A string cut by snprintf may end inside a UTF-8 sequence: drop that incomplete character. */
static void utf8_cut(char *s) {
  size_t n = strlen(s), k = n;
  while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80) k--;
  if (k == 0) return;
  unsigned char lead = (unsigned char)s[k - 1];
  size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (k - 1 + need > n) s[k - 1] = '\0';
}

static void grafik(kn_doc_pdf_t *p, json_t *items, const char *key) {
  static const double WARNA[3][3] = {{0.086, 0.639, 0.290}, {0.792, 0.541, 0.016}, {0.863, 0.149, 0.149}};
  char judul[120], w[60];
  snprintf(judul, sizeof judul, "GRAFIK %s (0-100)", kn_doc_kata(key, w, sizeof w));
  kn_doc_upper(judul);
  kn_doc_bagian(p, judul);
  double x0 = kn_doc_pdf_left(p), width = kn_doc_pdf_width(p), label_w = width * 0.36, bar_x = x0 + label_w + 4;
  double bar_w = width - label_w - 40;
  kn_doc_pdf_page_changed(p);
  size_t i;
  json_t *r;
  json_array_foreach(items, i, r) {
    double y = kn_doc_pdf_reserve(p, BAR_ROW);
    if (kn_doc_pdf_page_changed(p)) {
      char lanjut[160];
      snprintf(lanjut, sizeof lanjut, "%s (lanjutan)", judul);
      kn_doc_pdf_label(p, x0, y, width, KN_PDF_BOLD, KN_PDF_LEFT, lanjut);
      y = kn_doc_pdf_reserve(p, BAR_ROW);
    }
    cairo_t *cr = kn_doc_pdf_cairo(p);
    if (!cr) continue;
    json_t *v = json_object_get(r, key);
    char nama[64], val[24];
    if ((size_t)snprintf(nama, sizeof nama, "%s", kn_doc_str(r, "nama")) >= sizeof nama) utf8_cut(nama);
    kn_doc_pdf_label(p, x0, y + 1, label_w, KN_PDF_SMALL, KN_PDF_LEFT, nama);
    if (json_is_number(v)) {
      double d = json_number_value(v), bw = (d < 0 ? 0 : d > 100 ? 100 : d) / 100.0 * bar_w;
      const double *c = WARNA[kn_api_laporan_tingkat(d)];
      cairo_set_source_rgb(cr, c[0], c[1], c[2]);
      cairo_rectangle(cr, bar_x, y + 1.5, bw, BAR_ROW - 4);
      cairo_fill(cr);
      snprintf(val, sizeof val, "%.1f", d);
      kn_doc_pdf_label(p, bar_x + bw + 3, y + 1, 40, KN_PDF_SMALL, KN_PDF_LEFT, val);
    } else {
      kn_doc_pdf_label(p, bar_x, y + 1, 120, KN_PDF_SMALL, KN_PDF_LEFT, "belum ada data");
    }
  }
}

void kn_doc_laporan(kn_doc_pdf_t *p, void *ctx) {
  kn_doc_ctx_t *c = ctx;
  json_t *items = json_object_get(c->data, "items");
  char inst[320], per[80];
  snprintf(inst, sizeof inst, "%s", json_string_value(json_object_get(json_object_get(c->data, "instansi"), "nama")));
  snprintf(per, sizeof per, "SEMESTER %lld TAHUN %lld", (long long)json_integer_value(json_object_get(c->data, "semester")),
           (long long)json_integer_value(json_object_get(c->data, "tahun")));
  const char *lines[] = {"LAPORAN EVALUASI PENGELOLAAN KINERJA PEGAWAI", kn_doc_upper(inst), per};
  kn_doc_judul(p, lines, 3);
  const char *const *kolom = kn_api_laporan_kolom();
  tabel(p, items, kolom);
  for (int k = 0; kolom[k]; k++) grafik(p, items, kolom[k]);
  kn_doc_ttd(p, kn_doc_tempat(c->data), c->tanggal, NULL, NULL, "Kepala BKPSDM", NULL);
}
