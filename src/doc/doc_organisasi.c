/* The organisation predikat document ("Format Penetapan Predikat Kinerja", SE MenPANRB 3/2023,
 * domain.md §6.3): unit and period, organisation predikat and its basis, the resulting employee
 * distribution (allowed range and actual count per predikat) and any violation, signature.
 * Owner: doc. */
#include "kinerja/doc.h"
#include <stdio.h>
#include <string.h>

void kn_doc_organisasi(kn_doc_pdf_t *p, void *ctx) {
  kn_doc_ctx_t *c = ctx;
  json_t *o = json_object_get(c->data, "organisasi"), *d = json_object_get(c->data, "distribusi");
  json_t *u = json_object_get(c->data, "unit");
  char unit[400], per[120], w[60], inst[320];
  snprintf(inst, sizeof inst, "%s", kn_doc_str(json_object_get(c->data, "instansi"), "nama"));
  snprintf(unit, sizeof unit, "%s", kn_doc_str(u, "nama"));
  snprintf(per, sizeof per, "PERIODE: %s %s TAHUN %lld", strcmp(kn_doc_str(o, "jenis"), "BULANAN") ? "TRIWULAN" : "BULAN",
           kn_doc_romawi(json_integer_value(json_object_get(o, "nomor"))), (long long)json_integer_value(json_object_get(o, "tahun")));
  const char *lines[] = {"PENETAPAN PREDIKAT KINERJA ORGANISASI", kn_doc_upper(inst), kn_doc_upper(unit), per};
  kn_doc_judul(p, lines, 4);
  static const kn_doc_pdf_col_t KV[] = {{"", 0.3, KN_PDF_LEFT}, {"", 0.7, KN_PDF_LEFT}};
  kn_doc_pdf_table_begin(p, KV, 2, false, true);
  const char *r1[] = {"Unit organisasi", kn_doc_str(u, "nama")};
  const char *r2[] = {"Predikat kinerja organisasi", kn_doc_kata(kn_doc_str(o, "predikat"), w, sizeof w)};
  const char *r3[] = {"Dasar penetapan", kn_doc_str(o, "dasar")};
  char n[160];
  snprintf(n, sizeof n, "%lld pegawai dinilai, %lld belum ditetapkan, %lld tidak dinilai",
           (long long)json_integer_value(json_object_get(d, "jumlah_dinilai")),
           (long long)json_integer_value(json_object_get(d, "belum_ditetapkan")),
           (long long)json_integer_value(json_object_get(d, "tidak_dinilai")));
  const char *r4[] = {"Jumlah pegawai", n};
  kn_doc_pdf_table_row(p, r1, KN_PDF_NORMAL);
  kn_doc_pdf_table_row(p, r2, KN_PDF_BOLD);
  kn_doc_pdf_table_row(p, r3, KN_PDF_NORMAL);
  kn_doc_pdf_table_row(p, r4, KN_PDF_NORMAL);
  kn_doc_pdf_table_end(p);
  kn_doc_bagian(p, "DISTRIBUSI PREDIKAT KINERJA PEGAWAI");
  static const kn_doc_pdf_col_t COLS[] = {{"NO", 0.06, KN_PDF_CENTER}, {"PREDIKAT KINERJA PEGAWAI", 0.4, KN_PDF_LEFT},
                                      {"BATAS (JUMLAH PEGAWAI)", 0.3, KN_PDF_CENTER}, {"JUMLAH DITETAPKAN", 0.24, KN_PDF_CENTER}};
  kn_doc_pdf_table_begin(p, COLS, 4, true, true);
  size_t i;
  json_t *r;
  json_array_foreach(json_object_get(d, "rentang"), i, r) {
    char no[24], range[40], act[24], pw[60];
    snprintf(no, sizeof no, "%zu", i + 1);
    snprintf(range, sizeof range, "%lld - %lld", (long long)json_integer_value(json_object_get(r, "min")),
             (long long)json_integer_value(json_object_get(r, "max")));
    snprintf(act, sizeof act, "%lld", (long long)json_integer_value(json_object_get(r, "aktual")));
    const char *cells[] = {no, kn_doc_kata(kn_doc_str(r, "predikat"), pw, sizeof pw), range, act};
    kn_doc_pdf_table_row(p, cells, KN_PDF_NORMAL);
  }
  kn_doc_pdf_table_end(p);
  json_t *viol = json_object_get(d, "pelanggaran");
  kn_doc_pdf_space(p, 4);
  if (!json_array_size(viol)) kn_doc_pdf_text(p, KN_PDF_NORMAL, KN_PDF_LEFT, "Distribusi predikat sesuai dengan pola distribusi.");
  json_array_foreach(viol, i, r) {
    char line[600];
    snprintf(line, sizeof line, "%s %s: %s (aktual %lld, batas %lld)",
             json_is_true(json_object_get(r, "peringatan")) ? "Peringatan" : "Pelanggaran", kn_doc_str(r, "kode"), kn_doc_str(r, "keterangan"),
             (long long)json_integer_value(json_object_get(r, "aktual")), (long long)json_integer_value(json_object_get(r, "batas")));
    kn_doc_pdf_text(p, KN_PDF_NORMAL, KN_PDF_LEFT, line);
  }
  kn_doc_ttd(p, kn_doc_tempat(c->data), c->tanggal, NULL, NULL, "Pimpinan yang Menetapkan", NULL);
}
