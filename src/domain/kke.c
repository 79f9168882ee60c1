/* Data-quality check catalogue and rules. Pure. Owner: domain. */
#include "kinerja/domain_kke.h"
#include <ctype.h>
#include <math.h>
#include <string.h>

static const dom_kke_check_t CATALOGUE[] = {
  {"K01", 'E', "Setiap ASN aktif memiliki SKP tahun berjalan",
   "Buat SKP untuk pegawai ini (atau catat status pengecualiannya: CLTN, tugas belajar, MPP)."},
  {"K02", 'W', "SKP ditetapkan tepat waktu",
   "Tetapkan SKP sebelum batas waktu instansi; untuk mutasi, segera setelah TMT jabatan baru."},
  {"K03", 'E', "Pejabat penilai dan atasan penilai sesuai struktur unor (atau penetapan khusus)",
   "Perbarui pejabat penilai/atasan penilai SKP sesuai struktur unor, atau catat penetapan khusus beserta alasannya (PUT /v1/pegawai/{nip}/penilai)."},
  {"K04", 'E', "RHK utama JA/JF mengintervensi RHK pejabat penilai",
   "Kaitkan setiap RHK utama dengan RHK pada SKP pejabat penilai tahun yang sama."},
  {"K05", 'W', "RHK JPT memiliki perspektif",
   "Isi perspektif (penerima layanan, proses bisnis, penguatan internal, anggaran) pada setiap RHK JPT."},
  {"K06", 'W', "Indikator terukur",
   "Beri target angka dengan satuan; hindari kata mutlak seperti 'semua', 'selalu', 'setiap'."},
  {"K07", 'W', "Target tidak lebih rendah dari realisasi tahun lalu dan bukan sekadar 100% tepat waktu",
   "Naikkan target setidaknya setara realisasi tahun lalu untuk indikator yang sama, dan lengkapi RHK dengan indikator kuantitas/kualitas."},
  {"K08", 'W', "RHK tidak disalin seragam ke banyak pegawai",
   "Turunkan RHK sesuai peran masing-masing pegawai, jangan menyalin templat yang sama."},
  {"K09", 'W', "Hasil kerja tambahan tidak mengulang hasil kerja utama",
   "Hapus atau ubah RHK tambahan yang sama dengan RHK utama."},
  {"K10", 'W', "Perilaku kerja lengkap dengan ekspektasi khusus pimpinan",
   "Pastikan ketujuh nilai BerAKHLAK ada dan isi ekspektasi khusus pimpinan."},
  {"K11", 'W', "Lampiran SKP lengkap",
   "Isi ketiga bagian lampiran: dukungan sumber daya, skema pertanggungjawaban, konsekuensi."},
  {"K12", 'E', "Siklus periode berjalan lengkap",
   "Isi realisasi semua indikator dan tetapkan penilaian setiap periode yang sudah berakhir."},
  {"K13", 'E', "Setiap realisasi didukung bukti yang valid, bertanggal dalam periodenya, tanpa berkas yang dipakai ulang untuk indikator yang tidak berkaitan",
   "Unggah bukti dukung untuk setiap realisasi dari periode itu (isi tanggal bukti) dan minta pejabat penilai memverifikasinya; jangan melampirkan berkas yang sama pada indikator yang tidak berkaitan."},
  {"K14", 'W', "Ada umpan balik/pembinaan setiap periode",
   "Catat minimal satu umpan balik, bimbingan atau catatan kinerja per periode."},
  {"K15", 'E', "Predikat sesuai matriks rating",
   "Perbaiki rating; predikat selalu mengikuti matriks hasil kerja × perilaku."},
  {"K16", 'E', "Predikat organisasi ditetapkan dan distribusi sesuai kurva",
   "Tetapkan predikat kinerja organisasi sebelum predikat pegawai dan sesuaikan sebarannya."},
  {"K17", 'E', "Rating hasil kerja pimpinan unit mengikuti predikat organisasi",
   "Sesuaikan rating hasil kerja pimpinan unit dengan predikat kinerja organisasinya."},
  {"K18", 'E', "Bobot RHK berjumlah 100 (bila bobot digunakan)",
   "Isi bobot setiap RHK dan pastikan jumlahnya 100."},
  {"K19", 'E', "Hasil FINAL tersinkron ke SIASN dengan nilai yang sama",
   "Jalankan push SIASN (POST /v1/sync/siasn/push) untuk hasil ini; bila SIASN berbeda, periksa konflik."},
  {"K20", 'W', "Jabatan fungsional memiliki jenjang dengan koefisien angka kredit",
   "Lengkapi jenjang jabatan fungsional pegawai agar angka kredit dapat dihitung."},
  {"K21", 'W', "Segmen SKP menutup tahun tanpa celah atau tumpang tindih",
   "Buat SKP untuk bagian tahun yang belum tercakup (mis. setelah mutasi)."},
  {"K22", 'W', "Keberatan diputus tepat waktu",
   "Atasan pejabat penilai perlu memutus keberatan dalam batas waktu instansi sejak diajukan (keberatan_putus_hari, bawaan 21 hari)."},
};

const dom_kke_check_t *dom_kke_catalogue(int *n) {
  *n = (int)(sizeof CATALOGUE / sizeof CATALOGUE[0]);
  return CATALOGUE;
}

const dom_kke_check_t *dom_kke_find(const char *kode) {
  for (size_t i = 0; kode && i < sizeof CATALOGUE / sizeof CATALOGUE[0]; i++)
    if (strcmp(CATALOGUE[i].kode, kode) == 0) return &CATALOGUE[i];
  return NULL;
}

/* Copy s lower-cased with every run of non-alphanumerics as one space, trimmed. */
void dom_kke_normalize(const char *s, char *out, unsigned long cap) {
  size_t o = 0;
  bool space = true;
  for (; s && *s && o + 2 < cap; s++) {
    unsigned char c = (unsigned char)*s;
    if (isalnum(c)) { out[o++] = (char)tolower(c); space = false; }
    else if (!space) { out[o++] = ' '; space = true; }
  }
  if (o > 0 && out[o - 1] == ' ') o--;
  out[o] = '\0';
}

const char *dom_kke_absolute_word(const char *text) {
  static const char *const WORDS[] = {"semua", "selalu", "tidak pernah", "setiap", NULL};
  char buf[2048], padded[2056];
  dom_kke_normalize(text, buf, sizeof buf);
  size_t n = strlen(buf);
  padded[0] = ' ';
  memcpy(padded + 1, buf, n);
  padded[n + 1] = ' ';
  padded[n + 2] = '\0';
  for (const char *const *w = WORDS; *w; w++) {
    char needle[32];
    size_t wl = strlen(*w);
    needle[0] = ' ';
    memcpy(needle + 1, *w, wl);
    needle[wl + 1] = ' ';
    needle[wl + 2] = '\0';
    if (strstr(padded, needle)) return *w;
  }
  return NULL;
}

bool dom_kke_same_text(const char *a, const char *b) {
  char x[2048], y[2048];
  dom_kke_normalize(a, x, sizeof x);
  dom_kke_normalize(b, y, sizeof y);
  return x[0] && strcmp(x, y) == 0;
}

bool dom_kke_segments_cover(const long *starts, const long *ends, int n, long from, long to) {
  long next = from;
  for (int i = 0; i < n; i++) {
    if (starts[i] != next) return false; /* a gap (>) or an overlap (<) */
    next = ends[i] + 1;
  }
  return n > 0 && next == to + 1;
}

double dom_kke_score(const dom_kke_tally_t *t, int n) {
  int nc;
  const dom_kke_check_t *cat = dom_kke_catalogue(&nc);
  double num = 0, den = 0;
  for (int i = 0; i < n && i < nc; i++) {
    if (t[i].checked <= 0) continue;
    double w = cat[i].severity == 'E' ? 2.0 : 1.0;
    double compliance = 1.0 - (double)t[i].findings / (double)t[i].checked;
    if (compliance < 0) compliance = 0;
    num += w * compliance;
    den += w;
  }
  if (den == 0) return 100.0;
  return floor(num / den * 1000.0 + 0.5) / 10.0;
}
