/* The SKP document (Permen PANRB 6/2022, form of the SKP): identity, hasil kerja with indikator
 * and target, perilaku with ekspektasi khusus, lampiran, signatures. Owner: doc. */
#include "kinerja/doc.h"
#include <stdio.h>
#include <string.h>

void kn_doc_skp_judul(kn_doc_pdf_t *p, json_t *data, const char *form, const char *periode) {
  json_t *s = json_object_get(data, "skp");
  char pend[80], inst[320];
  snprintf(pend, sizeof pend, "PENDEKATAN HASIL KERJA %s", strcmp(kn_doc_str(s, "pendekatan"), "KUALITATIF") ? "KUANTITATIF" : "KUALITATIF");
  snprintf(inst, sizeof inst, "%s", kn_doc_str(json_object_get(data, "instansi"), "nama"));
  kn_doc_upper(inst);
  const char *lines[] = {form, pend,
                         strcmp(kn_doc_str(s, "jenis_skp"), "JPT") == 0 ? "BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI"
                                                                  : "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL",
                         inst, periode};
  kn_doc_judul(p, lines, 5);
}

static void lampiran(kn_doc_pdf_t *p, json_t *skp) {
  static const struct { const char *key, *title; } SECTIONS[] = {
    {"dukungan_sumber_daya", "DUKUNGAN SUMBER DAYA"},
    {"skema_pertanggungjawaban", "SKEMA PERTANGGUNGJAWABAN"},
    {"konsekuensi", "KONSEKUENSI"}};
  static const kn_doc_pdf_col_t COLS[] = {{"NO", 0.05, KN_PDF_CENTER}, {"URAIAN", 0.95, KN_PDF_LEFT}};
  kn_doc_bagian(p, "LAMPIRAN SASARAN KINERJA PEGAWAI");
  kn_doc_pdf_table_begin(p, COLS, 2, true, true);
  for (size_t k = 0; k < 3; k++) {
    kn_doc_pdf_table_span(p, SECTIONS[k].title, KN_PDF_BOLD);
    json_t *items = json_object_get(json_object_get(skp, "lampiran"), SECTIONS[k].key), *it;
    size_t i;
    json_array_foreach(items, i, it) {
      char no[24];
      snprintf(no, sizeof no, "%zu", i + 1);
      const char *cells[] = {no, json_string_value(it)};
      kn_doc_pdf_table_row(p, cells, KN_PDF_NORMAL);
    }
    if (!json_array_size(items)) {
      const char *cells[] = {"", "-"};
      kn_doc_pdf_table_row(p, cells, KN_PDF_NORMAL);
    }
  }
  kn_doc_pdf_table_end(p);
}

void kn_doc_skp(kn_doc_pdf_t *p, void *ctx) {
  kn_doc_ctx_t *c = ctx;
  json_t *s = json_object_get(c->data, "skp");
  char a[40], b[40], periode[160], status[160];
  snprintf(periode, sizeof periode, "PERIODE PENILAIAN: %s S.D. %s", kn_doc_tanggal(kn_doc_str(s, "periode_awal"), a),
           kn_doc_tanggal(kn_doc_str(s, "periode_akhir"), b));
  kn_doc_upper(periode);
  kn_doc_skp_judul(p, c->data, "SASARAN KINERJA PEGAWAI", periode);
  snprintf(status, sizeof status, "Status SKP: %s, versi %lld%s", kn_doc_str(s, "status"),
           (long long)json_integer_value(json_object_get(s, "versi")),
           strcmp(kn_doc_str(s, "status"), "DITETAPKAN") && strcmp(kn_doc_str(s, "status"), "SELESAI") ? " (belum ditetapkan)" : "");
  kn_doc_pdf_text(p, KN_PDF_SMALL, KN_PDF_RIGHT, status);
  kn_doc_identitas(p, c->data);
  kn_doc_hasil_kerja(p, c->data, NULL, NULL);
  kn_doc_perilaku(p, s, NULL);
  lampiran(p, s);
  const char *tgl = json_string_value(json_object_get(s, "tanggal_ditetapkan"));
  kn_doc_ttd(p, kn_doc_tempat(c->data), tgl ? tgl : c->tanggal, "Pegawai yang Dinilai", json_object_get(s, "pegawai"),
          "Pejabat Penilai Kinerja", json_object_get(s, "pejabat_penilai"));
}
