/* The evaluation document, periodic and annual (Permen PANRB 6/2022, evaluation form): identity,
 * hasil kerja with realisasi and feedback, rating hasil kerja, perilaku with feedback, rating
 * perilaku, predikat, the periodic history of the annual result, signatures. Owner: doc. */
#include "kinerja/doc.h"
#include <stdio.h>
#include <string.h>

static void hasil(kn_doc_pdf_t *p, const char *label, const char *value, int style) {
  char w[60], line[160];
  snprintf(line, sizeof line, "%s: %s", label, value ? kn_doc_kata(value, w, sizeof w) : "Belum ditetapkan");
  kn_doc_upper(line);
  kn_doc_pdf_space(p, 4);
  kn_doc_pdf_text(p, style, KN_PDF_LEFT, line);
}

static void riwayat(kn_doc_pdf_t *p, json_t *items) {
  static const kn_doc_pdf_col_t COLS[] = {{"NO", 0.05, KN_PDF_CENTER}, {"PERIODE", 0.35, KN_PDF_LEFT},
                                      {"PREDIKAT", 0.35, KN_PDF_LEFT}, {"STATUS", 0.25, KN_PDF_LEFT}};
  kn_doc_bagian(p, "RIWAYAT EVALUASI PERIODIK");
  kn_doc_pdf_table_begin(p, COLS, 4, true, true);
  size_t i;
  json_t *r;
  json_array_foreach(items, i, r) {
    char no[24], per[60], pred[60], st[40];
    snprintf(no, sizeof no, "%zu", i + 1);
    snprintf(per, sizeof per, "%s %s", strcmp(kn_doc_str(r, "jenis"), "BULANAN") ? "Triwulan" : "Bulan",
             kn_doc_romawi(json_integer_value(json_object_get(r, "nomor"))));
    const char *cells[] = {no, per, json_is_string(json_object_get(r, "predikat")) ? kn_doc_kata(kn_doc_str(r, "predikat"), pred, sizeof pred) : "-",
                           kn_doc_kata(kn_doc_str(r, "status"), st, sizeof st)};
    kn_doc_pdf_table_row(p, cells, KN_PDF_NORMAL);
  }
  kn_doc_pdf_table_end(p);
}

void kn_doc_evaluasi(kn_doc_pdf_t *p, void *ctx) {
  kn_doc_ctx_t *c = ctx;
  json_t *e = json_object_get(c->data, "evaluasi"), *per = json_object_get(e, "periode");
  json_t *s = json_object_get(c->data, "skp"), *ub = json_object_get(c->data, "umpan_balik");
  bool tahunan = json_is_true(json_object_get(per, "akhir_tahun"));
  char a[40], b[40], line[200];
  long long nomor = json_integer_value(json_object_get(per, "nomor"));
  if (tahunan)
    snprintf(line, sizeof line, "PERIODE: TAHUNAN %lld (%s %s - AKHIR, %s S.D. %s)", (long long)json_integer_value(json_object_get(per, "tahun")),
             strcmp(kn_doc_str(per, "jenis"), "BULANAN") ? "TRIWULAN" : "BULAN", kn_doc_romawi(nomor),
             kn_doc_tanggal(kn_doc_str(s, "periode_awal"), a), kn_doc_tanggal(kn_doc_str(per, "tanggal_akhir"), b));
  else
    snprintf(line, sizeof line, "PERIODE: %s %s (%s S.D. %s)", strcmp(kn_doc_str(per, "jenis"), "BULANAN") ? "TRIWULAN" : "BULAN",
             kn_doc_romawi(nomor), kn_doc_tanggal(kn_doc_str(per, "tanggal_awal"), a), kn_doc_tanggal(kn_doc_str(per, "tanggal_akhir"), b));
  kn_doc_upper(line);
  kn_doc_skp_judul(p, c->data, tahunan ? "EVALUASI KINERJA PEGAWAI PERIODE TAHUNAN" : "EVALUASI KINERJA PEGAWAI PERIODIK", line);
  char st[40], status[120];
  snprintf(status, sizeof status, "Status evaluasi: %s", kn_doc_kata(kn_doc_str(e, "status"), st, sizeof st));
  kn_doc_pdf_text(p, KN_PDF_SMALL, KN_PDF_RIGHT, status);
  kn_doc_identitas(p, c->data);
  kn_doc_hasil_kerja(p, c->data, json_object_get(c->data, "periode"), ub);
  hasil(p, "Rating hasil kerja", json_string_value(json_object_get(e, "rating_hasil_kerja")), KN_PDF_BOLD);
  kn_doc_perilaku(p, s, ub);
  hasil(p, "Rating perilaku kerja", json_string_value(json_object_get(e, "rating_perilaku")), KN_PDF_BOLD);
  kn_doc_pdf_space(p, 6);
  hasil(p, "Predikat kinerja pegawai", json_string_value(json_object_get(e, "predikat")), KN_PDF_HEADING);
  const char *cat = json_string_value(json_object_get(e, "catatan"));
  if (cat && *cat) {
    kn_doc_pdf_space(p, 4);
    kn_doc_pdf_text(p, KN_PDF_BOLD, KN_PDF_LEFT, "Catatan pejabat penilai:");
    kn_doc_pdf_text(p, KN_PDF_NORMAL, KN_PDF_LEFT, cat);
  }
  json_t *k = json_object_get(e, "keberatan");
  if (json_is_object(k)) {
    char ks[40], kb[300];
    snprintf(kb, sizeof kb, "Keberatan: %s%s%s", kn_doc_kata(kn_doc_str(k, "status"), ks, sizeof ks),
             json_is_string(json_object_get(k, "catatan_keputusan")) ? ". Keputusan atasan pejabat penilai: " : "",
             kn_doc_str(k, "catatan_keputusan"));
    kn_doc_pdf_space(p, 4);
    kn_doc_pdf_text(p, KN_PDF_NORMAL, KN_PDF_LEFT, kb);
  }
  if (tahunan) riwayat(p, json_object_get(e, "riwayat_periodik"));
  const char *tgl = json_string_value(json_object_get(e, "ditetapkan_at"));
  kn_doc_ttd(p, kn_doc_tempat(c->data), tgl ? tgl : c->tanggal, "Pegawai yang Dinilai", json_object_get(s, "pegawai"),
          "Pejabat Penilai Kinerja", json_object_get(s, "pejabat_penilai"));
}
