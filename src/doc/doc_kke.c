/* The KKE worksheet: the Perangkat Daerah, semester, score and status; per check the count
 * examined, the findings and the compliance; every finding with its fix, the PD's answer and
 * BKPSDM's verification; signatures of the PD and the evaluator. Owner: doc. */
#include "kinerja/doc.h"
#include "kinerja/strbuf.h"
#include <stdio.h>
#include <string.h>

static void ringkasan(kn_doc_pdf_t *p, json_t *items) {
  static const kn_doc_pdf_col_t COLS[] = {{"KODE", 0.08, KN_PDF_LEFT}, {"PEMERIKSAAN", 0.5, KN_PDF_LEFT},
                                      {"SIFAT", 0.1, KN_PDF_LEFT}, {"DIPERIKSA", 0.1, KN_PDF_RIGHT},
                                      {"TEMUAN", 0.1, KN_PDF_RIGHT}, {"KEPATUHAN (%)", 0.12, KN_PDF_RIGHT}};
  kn_doc_bagian(p, "RINGKASAN PEMERIKSAAN");
  kn_doc_pdf_table_begin(p, COLS, 6, true, true);
  size_t i;
  json_t *r;
  json_array_foreach(items, i, r) {
    char d[24], t[24], k[24];
    snprintf(d, sizeof d, "%lld", (long long)json_integer_value(json_object_get(r, "diperiksa")));
    snprintf(t, sizeof t, "%lld", (long long)json_integer_value(json_object_get(r, "temuan")));
    snprintf(k, sizeof k, "%.1f", json_number_value(json_object_get(r, "kepatuhan")));
    const char *cells[] = {kn_doc_str(r, "kode"), kn_doc_str(r, "judul"), kn_doc_str(r, "severity"), d, t, k};
    kn_doc_pdf_table_row(p, cells, KN_PDF_NORMAL);
  }
  kn_doc_pdf_table_end(p);
}

static void temuan(kn_doc_pdf_t *p, json_t *items) {
  static const kn_doc_pdf_col_t COLS[] = {{"NO", 0.05, KN_PDF_CENTER}, {"KODE", 0.07, KN_PDF_LEFT}, {"NIP", 0.14, KN_PDF_LEFT},
                                      {"TEMUAN", 0.25, KN_PDF_LEFT}, {"PERBAIKAN", 0.19, KN_PDF_LEFT},
                                      {"JAWABAN PERANGKAT DAERAH", 0.17, KN_PDF_LEFT}, {"VERIFIKASI BKPSDM", 0.13, KN_PDF_LEFT}};
  kn_doc_bagian(p, "TEMUAN DAN JAWABAN");
  kn_doc_pdf_table_begin(p, COLS, 7, true, true);
  size_t i;
  json_t *t;
  json_array_foreach(items, i, t) {
    char no[24], w1[40], w2[40];
    kn_sb_t jw, vf;
    kn_sb_init(&jw);
    kn_sb_init(&vf);
    snprintf(no, sizeof no, "%zu", i + 1);
    kn_sb_printf(&jw, "%s", kn_doc_kata(json_string_value(json_object_get(t, "jawaban_status")), w1, sizeof w1));
    if (json_is_string(json_object_get(t, "jawaban"))) kn_sb_printf(&jw, ": %s", kn_doc_str(t, "jawaban"));
    kn_sb_printf(&vf, "%s", kn_doc_kata(json_string_value(json_object_get(t, "verifikasi")), w2, sizeof w2));
    if (json_is_string(json_object_get(t, "catatan_verifikasi"))) kn_sb_printf(&vf, ": %s", kn_doc_str(t, "catatan_verifikasi"));
    const char *cells[] = {no, kn_doc_str(t, "kode"), kn_doc_str(t, "nip"), kn_doc_str(t, "pesan"), kn_doc_str(t, "perbaikan"), jw.data, vf.data};
    kn_doc_pdf_table_row(p, cells, KN_PDF_NORMAL);
    kn_sb_free(&jw);
    kn_sb_free(&vf);
  }
  if (!json_array_size(items)) {
    const char *cells[7] = {"", "", "", "Tidak ada temuan"};
    kn_doc_pdf_table_row(p, cells, KN_PDF_NORMAL);
  }
  kn_doc_pdf_table_end(p);
}

void kn_doc_kke(kn_doc_pdf_t *p, void *ctx) {
  kn_doc_ctx_t *c = ctx;
  json_t *k = json_object_get(c->data, "kke");
  char unit[400], per[120], inst[320], info[300], st[40];
  snprintf(inst, sizeof inst, "%s", kn_doc_str(json_object_get(c->data, "instansi"), "nama"));
  snprintf(unit, sizeof unit, "%s", kn_doc_str(json_object_get(c->data, "unit"), "nama"));
  snprintf(per, sizeof per, "SEMESTER %lld TAHUN %lld", (long long)json_integer_value(json_object_get(k, "semester")),
           (long long)json_integer_value(json_object_get(k, "tahun")));
  const char *lines[] = {"KERTAS KERJA EVALUASI PENGELOLAAN KINERJA", kn_doc_upper(inst), kn_doc_upper(unit), per};
  kn_doc_judul(p, lines, 4);
  snprintf(info, sizeof info, "Skor: %.1f   Status: %s   Jumlah temuan: %lld", json_number_value(json_object_get(k, "skor")),
           kn_doc_kata(json_string_value(json_object_get(k, "status")), st, sizeof st),
           (long long)json_integer_value(json_object_get(k, "jumlah_temuan")));
  kn_doc_pdf_text(p, KN_PDF_BOLD, KN_PDF_LEFT, info);
  ringkasan(p, json_object_get(k, "ringkasan"));
  temuan(p, json_object_get(c->data, "temuan"));
  kn_doc_ttd(p, kn_doc_tempat(c->data), c->tanggal, "Pengelola Kinerja Perangkat Daerah", NULL, "Evaluator BKPSDM", NULL);
}
