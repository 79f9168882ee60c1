/* Pieces shared by the documents: dates, identity, hasil kerja, perilaku, signatures.
 * Owner: doc. */
#include "kinerja/doc.h"
#include "kinerja/domain_referensi.h"
#include "kinerja/strbuf.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const BULAN[] = {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
                                    "Agustus", "September", "Oktober", "November", "Desember"};

/* SE MenPANRB 20/2021: the core values and their behaviour guides, in SKP order. */
static const struct { const char *kode, *nama, *panduan; } BERAKHLAK[] = {
  {"BERORIENTASI_PELAYANAN", "Berorientasi Pelayanan",
   "- Memahami dan memenuhi kebutuhan masyarakat\n- Ramah, cekatan, solutif, dan dapat diandalkan\n"
   "- Melakukan perbaikan tiada henti"},
  {"AKUNTABEL", "Akuntabel",
   "- Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi\n"
   "- Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien\n"
   "- Tidak menyalahgunakan kewenangan jabatan"},
  {"KOMPETEN", "Kompeten",
   "- Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah\n- Membantu orang lain belajar\n"
   "- Melaksanakan tugas dengan kualitas terbaik"},
  {"HARMONIS", "Harmonis",
   "- Menghargai setiap orang apa pun latar belakangnya\n- Suka menolong orang lain\n"
   "- Membangun lingkungan kerja yang kondusif"},
  {"LOYAL", "Loyal",
   "- Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun 1945, setia kepada "
   "Negara Kesatuan Republik Indonesia serta pemerintahan yang sah\n"
   "- Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara\n- Menjaga rahasia jabatan dan negara"},
  {"ADAPTIF", "Adaptif",
   "- Cepat menyesuaikan diri menghadapi perubahan\n- Terus berinovasi dan mengembangkan kreativitas\n"
   "- Bertindak proaktif"},
  {"KOLABORATIF", "Kolaboratif",
   "- Memberi kesempatan kepada berbagai pihak untuk berkontribusi\n"
   "- Terbuka dalam bekerja sama untuk menghasilkan nilai tambah\n"
   "- Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama"},
};
#define NBERAKHLAK (sizeof BERAKHLAK / sizeof BERAKHLAK[0])

const char *kn_doc_str(json_t *o, const char *k) {
  const char *s = json_string_value(json_object_get(o, k));
  return s && *s ? s : "-";
}

const char *kn_doc_tanggal(const char *iso, char out[40]) {
  int y, m, d;
  if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12) return strcpy(out, "-");
  snprintf(out, 40, "%d %s %d", d, BULAN[m - 1], y);
  return out;
}

const char *kn_doc_kata(const char *value, char *out, size_t n) {
  if (!value || !*value) { snprintf(out, n, "-"); return out; }
  size_t i = 0;
  bool word_start = true;
  for (const char *s = value; *s && i + 1 < n; s++, i++) {
    char c = *s == '_' ? ' ' : *s;
    out[i] = word_start ? c : (char)tolower((unsigned char)c);
    word_start = c == ' ';
  }
  out[i] = '\0';
  return out;
}

const char *kn_doc_tempat(json_t *data) {
  const char *n = kn_doc_str(json_object_get(data, "instansi"), "nama");
  return strncmp(n, "Pemerintah ", 11) == 0 ? n + 11 : n;
}

const char *kn_doc_romawi(long long n) {
  static const char *const R[] = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};
  return n >= 1 && n <= 12 ? R[n] : "";
}

char *kn_doc_upper(char *s) {
  for (char *c = s; *c; c++) if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 32);
  return s;
}

void kn_doc_bagian(kn_doc_pdf_t *p, const char *text) {
  kn_doc_pdf_space(p, 8);
  kn_doc_pdf_keep(p, 60);
  kn_doc_pdf_text(p, KN_PDF_HEADING, KN_PDF_LEFT, text);
  kn_doc_pdf_space(p, 3);
}

void kn_doc_judul(kn_doc_pdf_t *p, const char *const *lines, int n) {
  for (int i = 0; i < n; i++) kn_doc_pdf_text(p, i == 0 ? KN_PDF_TITLE : KN_PDF_HEADING, KN_PDF_CENTER, lines[i]);
  kn_doc_pdf_space(p, 10);
}

static const char *nip_of(json_t *o) { return kn_doc_str(o, "nip"); }

void kn_doc_identitas(kn_doc_pdf_t *p, json_t *data) {
  json_t *s = json_object_get(data, "skp"), *peg = json_object_get(s, "pegawai");
  json_t *pen = json_object_get(s, "pejabat_penilai"), *ata = json_object_get(s, "atasan_penilai");
  static const kn_doc_pdf_col_t COLS[] = {{"NO", 0.05, KN_PDF_CENTER}, {"", 0.14, KN_PDF_LEFT},
                                      {"PEGAWAI YANG DINILAI", 0.27, KN_PDF_LEFT},
                                      {"PEJABAT PENILAI KINERJA", 0.27, KN_PDF_LEFT},
                                      {"ATASAN PEJABAT PENILAI KINERJA", 0.27, KN_PDF_LEFT}};
  kn_doc_pdf_table_begin(p, COLS, 5, true, true);
  const char *r1[] = {"1", "NAMA", kn_doc_str(peg, "nama"), kn_doc_str(pen, "nama"), kn_doc_str(ata, "nama")};
  const char *r2[] = {"2", "NIP", nip_of(peg), nip_of(pen), nip_of(ata)};
  const char *r3[] = {"3", "JABATAN", kn_doc_str(s, "jabatan"), kn_doc_str(pen, "jabatan"), kn_doc_str(ata, "jabatan")};
  const char *r4[] = {"4", "UNIT KERJA", kn_doc_str(json_object_get(data, "unit"), "nama"),
                      kn_doc_str(json_object_get(data, "unit_penilai"), "nama"), kn_doc_str(json_object_get(data, "unit_atasan"), "nama")};
  const char *r5[] = {"5", "STATUS", kn_doc_str(peg, "jenis_asn"), kn_doc_str(pen, "status_penilai"), kn_doc_str(ata, "status_penilai")};
  const char *const *rows[] = {r1, r2, r3, r4, r5};
  for (int i = 0; i < 5; i++) kn_doc_pdf_table_row(p, rows[i], KN_PDF_NORMAL);
  kn_doc_pdf_table_end(p);
}

static void number(kn_sb_t *sb, json_t *v) {
  char b[48];
  snprintf(b, sizeof b, "%.10g", json_number_value(v));
  for (char *c = b; *c; c++) if (*c == '.') *c = ','; /* Indonesian decimal comma */
  kn_sb_puts(sb, b);
}

static void target(kn_sb_t *sb, json_t *ind) {
  const char *tt = json_string_value(json_object_get(ind, "target_teks"));
  json_t *mn = json_object_get(ind, "target_min"), *mx = json_object_get(ind, "target_max");
  if (tt && *tt) { kn_sb_puts(sb, tt); return; }
  if (json_is_number(mn)) number(sb, mn);
  if (json_is_number(mx) && (!json_is_number(mn) || json_number_value(mx) != json_number_value(mn))) {
    if (json_is_number(mn)) kn_sb_puts(sb, " - ");
    number(sb, mx);
  }
  const char *sat = json_string_value(json_object_get(ind, "satuan"));
  if (sat && *sat) { kn_sb_puts(sb, " "); kn_sb_puts(sb, sat); }
  if (!sb->len) kn_sb_puts(sb, "-");
}

/* Realisasi of one indikator in the period: value with the target's unit, description, evidence. */
static void realisasi(kn_sb_t *sb, json_t *periode, json_t *ind) {
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(periode, "realisasi"), i, x) {
    if (json_integer_value(json_object_get(x, "indikator_id")) != json_integer_value(json_object_get(ind, "id"))) continue;
    if (json_is_number(json_object_get(x, "nilai"))) {
      number(sb, json_object_get(x, "nilai"));
      const char *sat = json_string_value(json_object_get(ind, "satuan"));
      if (sat && *sat) { kn_sb_puts(sb, " "); kn_sb_puts(sb, sat); }
      kn_sb_puts(sb, ": ");
    }
    kn_sb_puts(sb, kn_doc_str(x, "uraian"));
    size_t nb = json_array_size(json_object_get(x, "bukti")), valid = 0, k;
    json_t *b;
    json_array_foreach(json_object_get(x, "bukti"), k, b) valid += strcmp(kn_doc_str(b, "status_verifikasi"), "VALID") == 0;
    if (nb) kn_sb_printf(sb, "\nBukti dukung: %zu (%zu valid)", nb, valid);
    return;
  }
  kn_sb_puts(sb, "Belum diisi");
}

/* The feedback of one RHK (rhk_id) or on behaviour (rhk_id 0: entries without an RHK). */
static void umpan(kn_sb_t *sb, json_t *umpan_balik, long long rhk_id) {
  size_t i;
  json_t *u;
  char jenis[40];
  json_array_foreach(umpan_balik, i, u) {
    json_t *r = json_object_get(u, "rhk_id");
    if (rhk_id ? json_integer_value(r) != rhk_id : !json_is_null(r) && r) continue;
    if (sb->len) kn_sb_puts(sb, "\n");
    kn_sb_printf(sb, "%s: %s", kn_doc_kata(json_string_value(json_object_get(u, "jenis")), jenis, sizeof jenis), kn_doc_str(u, "isi"));
  }
  if (!sb->len) kn_sb_puts(sb, "-");
}

static void rhk_rows(kn_doc_pdf_t *p, json_t *rhk, int no, bool jpt, json_t *atasan, json_t *periode, json_t *ub) {
  json_t *inds = json_object_get(rhk, "indikator");
  size_t n = json_array_size(inds), k;
  char nos[16], aspek[40], idkey[24];
  snprintf(nos, sizeof nos, "%d", no);
  snprintf(idkey, sizeof idkey, "%lld", (long long)json_integer_value(json_object_get(rhk, "rhk_atasan_id")));
  const char *intervensi = kn_doc_str(atasan, idkey), *persp = json_string_value(json_object_get(rhk, "perspektif"));
  kn_sb_t fb;
  kn_sb_init(&fb);
  if (periode) umpan(&fb, ub, json_integer_value(json_object_get(rhk, "id")));
  for (k = 0; k < (n ? n : 1); k++) {
    json_t *ind = json_array_get(inds, k);
    kn_sb_t t, rl;
    kn_sb_init(&t);
    kn_sb_init(&rl);
    if (ind) target(&t, ind);
    if (ind && periode) realisasi(&rl, periode, ind);
    const char *cells[8];
    int c = 0;
    cells[c++] = k == 0 ? nos : "";
    if (!jpt) cells[c++] = k == 0 ? intervensi : "";
    cells[c++] = k == 0 ? kn_doc_str(rhk, "uraian") : "";
    if (!jpt) cells[c++] = ind ? kn_doc_kata(json_string_value(json_object_get(ind, "aspek")), aspek, sizeof aspek) : "";
    cells[c++] = ind ? kn_doc_str(ind, "uraian") : "Belum ada indikator";
    cells[c++] = ind ? t.data : "";
    if (jpt) cells[c++] = k == 0 ? kn_doc_kata(persp, aspek, sizeof aspek) : "";
    if (periode) {
      cells[c++] = ind ? rl.data : "";
      cells[c++] = k == 0 ? fb.data : "";
    }
    kn_doc_pdf_table_row(p, cells, KN_PDF_NORMAL);
    kn_sb_free(&t);
    kn_sb_free(&rl);
  }
  kn_sb_free(&fb);
}

void kn_doc_hasil_kerja(kn_doc_pdf_t *p, json_t *data, json_t *periode, json_t *umpan_balik) {
  json_t *s = json_object_get(data, "skp"), *atasan = json_object_get(data, "rhk_atasan");
  bool jpt = strcmp(kn_doc_str(s, "jenis_skp"), "JPT") == 0, ev = periode != NULL;
  kn_doc_pdf_col_t cols[8];
  int n = 0;
  /* widths: the SKP's columns, narrowed to make room for the evaluation's two */
  cols[n++] = (kn_doc_pdf_col_t){"NO", 0.05, KN_PDF_CENTER};
  if (!jpt) cols[n++] = (kn_doc_pdf_col_t){"RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI", ev ? 0.13 : 0.21, KN_PDF_LEFT};
  cols[n++] = (kn_doc_pdf_col_t){"RENCANA HASIL KERJA", ev ? 0.15 : (jpt ? 0.33 : 0.22), KN_PDF_LEFT};
  if (!jpt) cols[n++] = (kn_doc_pdf_col_t){"ASPEK", ev ? 0.08 : 0.1, KN_PDF_LEFT};
  cols[n++] = (kn_doc_pdf_col_t){"INDIKATOR KINERJA INDIVIDU", ev ? (jpt ? 0.2 : 0.15) : (jpt ? 0.3 : 0.27), KN_PDF_LEFT};
  cols[n++] = (kn_doc_pdf_col_t){"TARGET", ev ? 0.09 : (jpt ? 0.16 : 0.15), KN_PDF_LEFT};
  if (jpt) cols[n++] = (kn_doc_pdf_col_t){"PERSPEKTIF", ev ? 0.1 : 0.16, KN_PDF_LEFT};
  if (ev) {
    double rest = 1.0;
    for (int i = 0; i < n; i++) rest -= cols[i].width;
    cols[n++] = (kn_doc_pdf_col_t){"REALISASI BERDASARKAN BUKTI DUKUNG", rest / 2, KN_PDF_LEFT};
    cols[n++] = (kn_doc_pdf_col_t){"UMPAN BALIK BERKELANJUTAN BERDASARKAN BUKTI DUKUNG", rest / 2, KN_PDF_LEFT};
  }
  kn_doc_bagian(p, "HASIL KERJA");
  kn_doc_pdf_table_begin(p, cols, n, true, true);
  const char *const *JENIS = dom_ref_jenis_rhk_kode;
  for (int j = 0; j < 2; j++) {
    kn_doc_pdf_table_span(p, j == 0 ? "A. UTAMA" : "B. TAMBAHAN", KN_PDF_BOLD);
    int no = 0;
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(s, "rhk"), i, r)
      if (strcmp(kn_doc_str(r, "jenis_rhk"), JENIS[j]) == 0) rhk_rows(p, r, ++no, jpt, atasan, periode, umpan_balik);
    if (!no) {
      const char *empty[8] = {"", "Tidak ada"};
      kn_doc_pdf_table_row(p, empty, KN_PDF_NORMAL);
    }
  }
  kn_doc_pdf_table_end(p);
}

void kn_doc_perilaku(kn_doc_pdf_t *p, json_t *skp, json_t *umpan_balik) {
  static const kn_doc_pdf_col_t COLS[] = {{"NO", 0.05, KN_PDF_CENTER}, {"PERILAKU KERJA", 0.5, KN_PDF_LEFT},
                                      {"EKSPEKTASI KHUSUS PIMPINAN", 0.45, KN_PDF_LEFT}};
  kn_doc_bagian(p, "PERILAKU KERJA");
  kn_doc_pdf_table_begin(p, COLS, 3, true, true);
  size_t i;
  json_t *b;
  json_array_foreach(json_object_get(skp, "perilaku"), i, b) {
    const char *kode = kn_doc_str(b, "nilai");
    kn_sb_t t;
    kn_sb_init(&t);
    for (size_t k = 0; k < NBERAKHLAK; k++)
      if (strcmp(BERAKHLAK[k].kode, kode) == 0) kn_sb_printf(&t, "%s\n%s", BERAKHLAK[k].nama, BERAKHLAK[k].panduan);
    if (!t.len) kn_sb_puts(&t, kode);
    char no[24];
    snprintf(no, sizeof no, "%zu", i + 1);
    const char *cells[] = {no, t.data, kn_doc_str(b, "ekspektasi_khusus")};
    kn_doc_pdf_table_row(p, cells, KN_PDF_NORMAL);
    kn_sb_free(&t);
  }
  kn_doc_pdf_table_end(p);
  if (umpan_balik) {
    kn_sb_t t;
    kn_sb_init(&t);
    umpan(&t, umpan_balik, 0);
    kn_doc_pdf_space(p, 4);
    kn_doc_pdf_text(p, KN_PDF_BOLD, KN_PDF_LEFT, "Umpan balik berkelanjutan atas perilaku kerja:");
    kn_doc_pdf_text(p, KN_PDF_NORMAL, KN_PDF_LEFT, t.data);
    kn_sb_free(&t);
  }
}

void kn_doc_ttd(kn_doc_pdf_t *p, const char *tempat, const char *tanggal, const char *kiri, json_t *kiri_orang,
             const char *kanan, json_t *kanan_orang) {
  static const kn_doc_pdf_col_t COLS[] = {{"", 0.5, KN_PDF_CENTER}, {"", 0.5, KN_PDF_CENTER}};
  char tgl[40], at[160], nip_l[40], nip_r[40];
  snprintf(at, sizeof at, "%s, %s", tempat, kn_doc_tanggal(tanggal, tgl));
  snprintf(nip_l, sizeof nip_l, "NIP %s", kiri_orang ? kn_doc_str(kiri_orang, "nip") : "");
  snprintf(nip_r, sizeof nip_r, "NIP %s", kanan_orang ? kn_doc_str(kanan_orang, "nip") : "");
  kn_doc_pdf_space(p, 14);
  kn_doc_pdf_keep(p, 150);
  kn_doc_pdf_table_begin(p, COLS, 2, false, false);
  const char *r1[] = {"", at};
  const char *r2[] = {kiri ? kiri : "", kanan ? kanan : ""};
  const char *r3[] = {"\n\n\n\n\n", ""};
  const char *r4[] = {kiri ? (kiri_orang ? kn_doc_str(kiri_orang, "nama") : "(..............................)") : "",
                      kanan_orang ? kn_doc_str(kanan_orang, "nama") : "(..............................)"};
  const char *r5[] = {kiri && kiri_orang && json_string_value(json_object_get(kiri_orang, "nip")) ? nip_l : "",
                      kanan_orang && json_string_value(json_object_get(kanan_orang, "nip")) ? nip_r : ""};
  kn_doc_pdf_table_row(p, r1, KN_PDF_NORMAL);
  kn_doc_pdf_table_row(p, r2, KN_PDF_BOLD);
  kn_doc_pdf_table_row(p, r3, KN_PDF_NORMAL);
  kn_doc_pdf_table_row(p, r4, KN_PDF_BOLD);
  kn_doc_pdf_table_row(p, r5, KN_PDF_NORMAL);
  kn_doc_pdf_table_end(p);
}
