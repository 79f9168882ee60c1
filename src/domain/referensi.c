/* Reference lists of the domain: codes (what is stored and answered), Indonesian and English
 * labels, accepted aliases. Sources: domain.md §3, §6, §7.3 and api.md "Enums"; the jenjang names
 * are the official levels of jabatan fungsional keahlian (Ahli Pertama ... Ahli Utama) and
 * keterampilan (Pemula ... Penyelia), coefficients in table angka_kredit_koefisien. Pure.
 * Owner: domain. */
#include "kinerja/domain_referensi.h"
#include <ctype.h>
#include <string.h>

#define A(...) ((const char *const[]){__VA_ARGS__, NULL})
#define LIST(var, nm, lid, len) const dom_ref_list_t dom_ref_##var = {nm, lid, len, dom_ref_##var##_kode, var##_L}

const char *const dom_ref_jenis_asn_kode[] = {"PNS", "PPPK", NULL};
static const dom_ref_label_t jenis_asn_L[] = {
  {"Pegawai Negeri Sipil", "Civil servant (permanent)", NULL},
  {"Pegawai Pemerintah dengan Perjanjian Kerja", "Government employee on contract", NULL}};
LIST(jenis_asn, "jenis_asn", "Jenis ASN", "Kind of civil servant");

const char *const dom_ref_jenis_jabatan_kode[] = {"JPT", "ADMINISTRATOR", "PENGAWAS", "PELAKSANA", "FUNGSIONAL", NULL};
static const dom_ref_label_t jenis_jabatan_L[] = {
  {"Jabatan Pimpinan Tinggi", "Senior executive post", NULL},
  {"Jabatan Administrator", "Administrator post", NULL},
  {"Jabatan Pengawas", "Supervisor post", NULL},
  {"Jabatan Pelaksana", "Staff post", NULL},
  {"Jabatan Fungsional", "Functional post", NULL}};
LIST(jenis_jabatan, "jenis_jabatan", "Jenis jabatan", "Kind of position");

const char *const dom_ref_status_pegawai_kode[] = {"AKTIF", "CLTN", "TUGAS_BELAJAR", "MPP", "DIBERHENTIKAN_SEMENTARA",
                                               "PENSIUN", NULL};
static const dom_ref_label_t status_pegawai_L[] = {
  {"Aktif", "Active", NULL},
  {"Cuti di luar tanggungan negara", "Unpaid leave", NULL},
  {"Tugas belajar", "Study leave", NULL},
  {"Masa persiapan pensiun", "Pre-retirement leave", NULL},
  {"Diberhentikan sementara", "Temporarily dismissed", NULL},
  {"Pensiun", "Retired", NULL}};
LIST(status_pegawai, "status_pegawai", "Status pegawai", "Employment status");

const char *const dom_ref_jenjang_jf_kode[] = {"PEMULA", "TERAMPIL", "MAHIR", "PENYELIA", "PERTAMA", "MUDA", "MADYA",
                                           "UTAMA", NULL};
static const dom_ref_label_t jenjang_jf_L[] = {
  {"Pemula", "Beginner (skilled track)", A("Pemula")},
  {"Terampil", "Skilled", A("Terampil")},
  {"Mahir", "Proficient", A("Mahir")},
  {"Penyelia", "Supervisor (skilled track)", A("Penyelia")},
  {"Ahli Pertama", "First expert", A("Ahli Pertama")},
  {"Ahli Muda", "Junior expert", A("Ahli Muda")},
  {"Ahli Madya", "Intermediate expert", A("Ahli Madya")},
  {"Ahli Utama", "Principal expert", A("Ahli Utama")}};
LIST(jenjang_jf, "jenjang_jf", "Jenjang jabatan fungsional", "Level of a functional post");

const char *const dom_ref_jenis_skp_kode[] = {"JPT", "NON_JPT", NULL};
static const dom_ref_label_t jenis_skp_L[] = {
  {"SKP Jabatan Pimpinan Tinggi", "Senior executive SKP", NULL},
  {"SKP JA/JF", "Administrative/functional SKP", NULL}};
LIST(jenis_skp, "jenis_skp", "Jenis SKP", "Kind of SKP");

const char *const dom_ref_pendekatan_kode[] = {"KUANTITATIF", "KUALITATIF", NULL};
static const dom_ref_label_t pendekatan_L[] = {
  {"Kuantitatif", "Quantitative", NULL},
  {"Kualitatif", "Qualitative", NULL}};
LIST(pendekatan, "pendekatan", "Pendekatan SKP", "Approach of the SKP");

const char *const dom_ref_status_skp_kode[] = {"DRAFT", "DIAJUKAN", "DIKEMBALIKAN", "DISETUJUI", "DITETAPKAN", "DITUTUP",
                                           "SELESAI", NULL};
static const dom_ref_label_t status_skp_L[] = {
  {"Draf", "Draft", NULL},
  {"Diajukan", "Submitted", NULL},
  {"Dikembalikan", "Returned", NULL},
  {"Disetujui", "Approved", NULL},
  {"Ditetapkan", "Set", NULL},
  {"Ditutup", "Closed", NULL},
  {"Selesai", "Completed", NULL}};
LIST(status_skp, "status_skp", "Status SKP", "SKP status");

const char *const dom_ref_jenis_rhk_kode[] = {"UTAMA", "TAMBAHAN", NULL};
static const dom_ref_label_t jenis_rhk_L[] = {
  {"Hasil kerja utama", "Main result", NULL},
  {"Hasil kerja tambahan", "Additional result", NULL}};
LIST(jenis_rhk, "jenis_rhk", "Jenis rencana hasil kerja", "Kind of planned result");

const char *const dom_ref_jenis_intervensi_kode[] = {"LANGSUNG", "TIDAK_LANGSUNG", NULL};
static const dom_ref_label_t jenis_intervensi_L[] = {
  {"Intervensi langsung", "Direct cascading", NULL},
  {"Intervensi tidak langsung", "Indirect cascading", NULL}};
LIST(jenis_intervensi, "jenis_intervensi", "Jenis intervensi", "Kind of cascading");

const char *const dom_ref_perspektif_kode[] = {"PENERIMA_LAYANAN", "PROSES_BISNIS", "PENGUATAN_INTERNAL", "ANGGARAN", NULL};
static const dom_ref_label_t perspektif_L[] = {
  {"Penerima layanan", "Service recipients", NULL},
  {"Proses bisnis", "Business process", NULL},
  {"Penguatan internal", "Internal capacity", NULL},
  {"Anggaran", "Budget", NULL}};
LIST(perspektif, "perspektif", "Perspektif (JPT)", "Perspective (senior executives)");

const char *const dom_ref_aspek_kode[] = {"KUANTITAS", "KUALITAS", "WAKTU", "BIAYA", NULL};
static const dom_ref_label_t aspek_L[] = {
  {"Kuantitas", "Quantity", NULL},
  {"Kualitas", "Quality", NULL},
  {"Waktu", "Time", NULL},
  {"Biaya", "Cost", NULL}};
LIST(aspek, "aspek", "Aspek indikator", "Aspect of an indicator");

const char *const dom_ref_arah_kode[] = {"NAIK_BAIK", "TURUN_BAIK", NULL};
static const dom_ref_label_t arah_L[] = {
  {"Makin tinggi makin baik", "Higher is better", NULL},
  {"Makin rendah makin baik", "Lower is better", NULL}};
LIST(arah, "arah", "Arah indikator", "Direction of an indicator");

const char *const dom_ref_nilai_perilaku_kode[] = {"BERORIENTASI_PELAYANAN", "AKUNTABEL", "KOMPETEN", "HARMONIS", "LOYAL",
                                               "ADAPTIF", "KOLABORATIF", NULL};
static const dom_ref_label_t nilai_perilaku_L[] = {
  {"Berorientasi Pelayanan", "Service oriented", NULL},
  {"Akuntabel", "Accountable", NULL},
  {"Kompeten", "Competent", NULL},
  {"Harmonis", "Harmonious", NULL},
  {"Loyal", "Loyal", NULL},
  {"Adaptif", "Adaptive", NULL},
  {"Kolaboratif", "Collaborative", NULL}};
LIST(nilai_perilaku, "nilai_perilaku", "Nilai perilaku kerja (BerAKHLAK)", "Work behaviour value (BerAKHLAK)");

const char *const dom_ref_jenis_periode_kode[] = {"BULANAN", "TRIWULAN", NULL};
static const dom_ref_label_t jenis_periode_L[] = {
  {"Bulanan", "Monthly", NULL},
  {"Triwulanan", "Quarterly", NULL}};
LIST(jenis_periode, "jenis_periode", "Jenis periode penilaian", "Kind of evaluation period");

const char *const dom_ref_rating_kode[] = {"DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI", NULL};
static const dom_ref_label_t rating_L[] = {
  {"Di atas ekspektasi", "Above expectations", NULL},
  {"Sesuai ekspektasi", "Meets expectations", NULL},
  {"Di bawah ekspektasi", "Below expectations", NULL}};
LIST(rating, "rating", "Rating hasil kerja / perilaku kerja", "Result / behaviour rating");

const char *const dom_ref_predikat_kode[] = {"SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG", NULL};
static const dom_ref_label_t predikat_L[] = {
  {"Sangat Baik", "Very good", NULL},
  {"Baik", "Good", NULL},
  {"Butuh Perbaikan", "Needs improvement", NULL},
  {"Kurang/Misconduct", "Poor/misconduct", NULL},
  {"Sangat Kurang", "Very poor", NULL}};
LIST(predikat, "predikat", "Predikat kinerja pegawai", "Employee performance grade");

const char *const dom_ref_predikat_organisasi_kode[] = {"ISTIMEWA", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG",
                                                    NULL};
static const dom_ref_label_t predikat_organisasi_L[] = {
  {"Istimewa", "Outstanding", NULL},
  {"Baik", "Good", NULL},
  {"Butuh Perbaikan", "Needs improvement", NULL},
  {"Kurang", "Poor", NULL},
  {"Sangat Kurang", "Very poor", NULL}};
LIST(predikat_organisasi, "predikat_organisasi", "Predikat kinerja organisasi", "Organisation performance grade");

const char *const dom_ref_status_evaluasi_kode[] = {"TERBUKA", "DINILAI", "DITETAPKAN", "KEBERATAN", "FINAL", NULL};
static const dom_ref_label_t status_evaluasi_L[] = {
  {"Terbuka", "Open", NULL},
  {"Dinilai", "Rated", NULL},
  {"Ditetapkan", "Set", NULL},
  {"Keberatan", "Under objection", NULL},
  {"Final", "Final", NULL}};
LIST(status_evaluasi, "status_evaluasi", "Status evaluasi", "Evaluation status");

const char *const dom_ref_status_keberatan_kode[] = {"DIAJUKAN", "DITERIMA", "DITOLAK", NULL};
static const dom_ref_label_t status_keberatan_L[] = {
  {"Diajukan", "Filed", NULL},
  {"Diterima", "Upheld", NULL},
  {"Ditolak", "Rejected", NULL}};
LIST(status_keberatan, "status_keberatan", "Status keberatan", "Objection status");

const char *const dom_ref_keputusan_keberatan_kode[] = {"DITERIMA", "DITOLAK", NULL};
static const dom_ref_label_t keputusan_keberatan_L[] = {
  {"Diterima", "Upheld", NULL},
  {"Ditolak", "Rejected", NULL}};
LIST(keputusan_keberatan, "keputusan_keberatan", "Keputusan keberatan", "Objection decision");

const char *const dom_ref_pemutus_keberatan_kode[] = {"ATASAN_PENILAI", "PPK", NULL};
static const dom_ref_label_t pemutus_keberatan_L[] = {
  {"Atasan pejabat penilai", "The appraiser's superior", NULL},
  {"Pejabat Pembina Kepegawaian (dicatat BKPSDM)", "Staffing authority (recorded by BKPSDM)", NULL}};
LIST(pemutus_keberatan, "pemutus_keberatan", "Pemutus keberatan", "Who decides an objection");

const char *const dom_ref_jenis_bukti_kode[] = {"FILE", "URL", NULL};
static const dom_ref_label_t jenis_bukti_L[] = {
  {"Berkas", "File", NULL},
  {"Tautan", "Link", NULL}};
LIST(jenis_bukti, "jenis_bukti", "Jenis bukti dukung", "Kind of evidence");

const char *const dom_ref_status_verifikasi_kode[] = {"BELUM", "VALID", "TIDAK_VALID", NULL};
static const dom_ref_label_t status_verifikasi_L[] = {
  {"Belum diverifikasi", "Not verified yet", NULL},
  {"Valid", "Valid", NULL},
  {"Tidak valid", "Not valid", NULL}};
LIST(status_verifikasi, "status_verifikasi", "Status verifikasi bukti", "Evidence verification status");

const char *const dom_ref_jenis_umpan_balik_kode[] = {"UMPAN_BALIK", "BIMBINGAN", "KONSELING", "CATATAN_KINERJA", NULL};
static const dom_ref_label_t jenis_umpan_balik_L[] = {
  {"Umpan balik", "Feedback", NULL},
  {"Bimbingan", "Coaching", NULL},
  {"Konseling", "Counselling", NULL},
  {"Catatan kinerja", "Performance note", NULL}};
LIST(jenis_umpan_balik, "jenis_umpan_balik", "Jenis umpan balik", "Kind of feedback");

const char *const dom_ref_penilai_kepala_pd_kode[] = {"BUPATI", "SEKDA", NULL};
static const dom_ref_label_t penilai_kepala_pd_L[] = {
  {"Kepala daerah menilai kepala PD", "The regional head appraises PD heads", NULL},
  {"Sekda menilai kepala PD, kepala daerah atasan penilai", "The Sekda appraises PD heads, the regional head is the superior", NULL}};
LIST(penilai_kepala_pd, "penilai_kepala_pd", "Pejabat penilai kepala Perangkat Daerah", "Appraiser of Perangkat Daerah heads");

const char *const dom_ref_dari_peran_kode[] = {"PEGAWAI", "PENILAI", "ATASAN_PENILAI", "PENGELOLA", NULL};
static const dom_ref_label_t dari_peran_L[] = {
  {"Pegawai", "The employee", NULL},
  {"Pejabat penilai", "The appraiser", NULL},
  {"Atasan pejabat penilai", "The appraiser's superior", NULL},
  {"Pengelola kinerja", "Performance administrator", NULL}};
LIST(dari_peran, "dari_peran", "Pemberi umpan balik", "Who gave the feedback");

const char *const dom_ref_status_kke_kode[] = {"DRAFT", "DIJAWAB_PD", "DIVERIFIKASI", "SELESAI", NULL};
static const dom_ref_label_t status_kke_L[] = {
  {"Draf", "Draft", NULL},
  {"Dijawab Perangkat Daerah", "Answered by the Perangkat Daerah", NULL},
  {"Diverifikasi BKPSDM", "Verified by BKPSDM", NULL},
  {"Selesai", "Completed", NULL}};
LIST(status_kke, "status_kke", "Status kertas kerja evaluasi", "Evaluation worksheet status");

const char *const dom_ref_jawaban_kke_kode[] = {"DIPERBAIKI", "DIJELASKAN", "DISANGGAH", NULL};
static const dom_ref_label_t jawaban_kke_L[] = {
  {"Sudah diperbaiki", "Fixed", NULL},
  {"Dijelaskan", "Explained", NULL},
  {"Disanggah", "Disputed", NULL}};
LIST(jawaban_kke, "jawaban_kke", "Jawaban Perangkat Daerah atas temuan", "Answer of the Perangkat Daerah to a finding");

const char *const dom_ref_verifikasi_kke_kode[] = {"DITERIMA", "TIDAK_DITERIMA", NULL};
static const dom_ref_label_t verifikasi_kke_L[] = {
  {"Jawaban diterima", "Answer accepted", NULL},
  {"Jawaban tidak diterima", "Answer not accepted", NULL}};
LIST(verifikasi_kke, "verifikasi_kke", "Verifikasi BKPSDM atas jawaban", "BKPSDM's verification of an answer");

const char *const dom_ref_keputusan_tindak_lanjut_kode[] = {"DITERIMA", "DITOLAK", NULL};
static const dom_ref_label_t keputusan_tindak_lanjut_L[] = {
  {"Rekomendasi diterima", "Recommendation accepted", NULL},
  {"Rekomendasi ditolak", "Recommendation rejected", NULL}};
LIST(keputusan_tindak_lanjut, "keputusan_tindak_lanjut", "Keputusan atas rekomendasi tindak lanjut",
     "Decision on a follow-up recommendation");

const char *const dom_ref_sumber_potensi_kode[] = {"ASSESSMENT_CENTER", "UJI_KOMPETENSI", "PENILAIAN_POTENSI", "LAINNYA",
                                                   NULL};
static const dom_ref_label_t sumber_potensi_L[] = {
  {"Assessment center", "Assessment centre", NULL},
  {"Uji kompetensi", "Competency test", NULL},
  {"Penilaian potensi", "Potential assessment", NULL},
  {"Lainnya", "Other", NULL}};
LIST(sumber_potensi, "sumber_potensi", "Sumber hasil penilaian potensi", "Source of a potential result");

const char *const dom_ref_level_potensi_kode[] = {"RENDAH", "MENENGAH", "TINGGI", NULL};
static const dom_ref_label_t level_potensi_L[] = {
  {"Rendah", "Low", NULL},
  {"Menengah", "Medium", NULL},
  {"Tinggi", "High", NULL}};
LIST(level_potensi, "level_potensi", "Level potensi", "Potential level");

const char *const dom_ref_status_sanksi_kode[] = {"BERJALAN", "SELESAI", NULL};
static const dom_ref_label_t status_sanksi_L[] = {
  {"Berjalan", "Running", NULL},
  {"Selesai", "Closed", NULL}};
LIST(status_sanksi, "status_sanksi", "Status kasus tindak lanjut kinerja", "Status of a follow-up case");

/* the decisions of the stages of src/domain/sanksi.c, in the order of its table */
const char *const dom_ref_keputusan_sanksi_kode[] = {"MEMBAIK", "TIDAK_MEMBAIK", "MEMENUHI", "TIDAK_MEMENUHI",
                                                     "DIPINDAHKAN", "TIDAK_ADA_LOWONGAN", "DIBERHENTIKAN",
                                                     "KONTRAK_TIDAK_DIPERPANJANG", NULL};
static const dom_ref_label_t keputusan_sanksi_L[] = {
  {"Kinerja membaik", "Performance improved", NULL},
  {"Kinerja tidak membaik", "Performance did not improve", NULL},
  {"Memenuhi standar kompetensi", "Meets the competency standard", NULL},
  {"Tidak memenuhi standar kompetensi", "Does not meet the competency standard", NULL},
  {"Dipindahkan ke jabatan yang sesuai", "Moved to a suitable post", NULL},
  {"Tidak ada lowongan jabatan", "No vacant post", NULL},
  {"Diberhentikan", "Dismissed", NULL},
  {"Perjanjian kerja tidak diperpanjang", "Contract not renewed", NULL}};
LIST(keputusan_sanksi, "keputusan_sanksi", "Keputusan tahap tindak lanjut kinerja", "Decision of a follow-up stage");

const char *const dom_ref_jenis_pengingat_kode[] = {"skp", "realisasi", "evaluasi_periodik", "evaluasi_tahunan",
                                                    "keberatan", "kke_jawaban", "tindak_lanjut", NULL};
static const dom_ref_label_t jenis_pengingat_L[] = {
  {"Penyusunan dan penetapan SKP", "Drafting and setting the SKP", NULL},
  {"Pengisian realisasi", "Entering results", NULL},
  {"Evaluasi periodik", "Periodic evaluation", NULL},
  {"Evaluasi tahunan", "Annual evaluation", NULL},
  {"Keputusan keberatan", "Decision on an objection", NULL},
  {"Jawaban temuan KKE", "Answer to a KKE finding", NULL},
  {"Tahap tindak lanjut kinerja", "Follow-up stage", NULL}};
LIST(jenis_pengingat, "jenis_pengingat", "Jenis pengingat", "Kind of reminder");

const char *const dom_ref_tahap_pengingat_kode[] = {"jatuh_tempo", "terlambat", NULL};
static const dom_ref_label_t tahap_pengingat_L[] = {
  {"Segera jatuh tempo", "Due soon", NULL},
  {"Terlambat", "Overdue", NULL}};
LIST(tahap_pengingat, "tahap_pengingat", "Tahap pengingat", "Stage of a reminder");

/* the job kinds src/jobs/runs.c runs (also the CHECK of jadwal.jenis and pekerjaan.jenis) */
const char *const dom_ref_jenis_pekerjaan_kode[] = {"siasn_pull", "siasn_push", "siasn_import", "kke", "pengingat",
                                                    "purge", "statistik", NULL};
static const dom_ref_label_t jenis_pekerjaan_L[] = {
  {"Tarik data dari SIASN", "Pull from SIASN", NULL},
  {"Kirim hasil ke SIASN", "Push results to SIASN", NULL},
  {"Impor hasil dari SIASN", "Import results from SIASN", NULL},
  {"Kertas kerja evaluasi", "Evaluation worksheet", NULL},
  {"Pemindaian pengingat", "Reminder scan", NULL},
  {"Pembersihan data", "Housekeeping purge", NULL},
  {"Pembaruan statistik", "Statistics refresh", NULL}};
LIST(jenis_pekerjaan, "jenis_pekerjaan", "Jenis pekerjaan terjadwal", "Kind of scheduled job");

const char *const dom_ref_status_pekerjaan_kode[] = {"MENUNGGU", "BERJALAN", "SELESAI", "GAGAL", NULL};
static const dom_ref_label_t status_pekerjaan_L[] = {
  {"Menunggu", "Queued", NULL},
  {"Berjalan", "Running", NULL},
  {"Selesai", "Done", NULL},
  {"Gagal", "Failed", NULL}};
LIST(status_pekerjaan, "status_pekerjaan", "Status pekerjaan", "Status of a job run");

const char *const dom_ref_arah_sinkronisasi_kode[] = {"PULL", "PUSH", "IMPORT", NULL};
static const dom_ref_label_t arah_sinkronisasi_L[] = {
  {"Tarik dari SIASN", "Pull from SIASN", NULL},
  {"Kirim ke SIASN", "Push to SIASN", NULL},
  {"Impor hasil dari SIASN", "Result import from SIASN", NULL}};
LIST(arah_sinkronisasi, "arah_sinkronisasi", "Arah sinkronisasi SIASN", "Direction of a SIASN exchange");

const char *const dom_ref_entitas_sinkronisasi_kode[] = {"unor", "pegawai", "evaluasi", NULL};
static const dom_ref_label_t entitas_sinkronisasi_L[] = {
  {"Unit organisasi", "Organisation unit", NULL},
  {"Pegawai", "Employee", NULL},
  {"Evaluasi kinerja", "Performance evaluation", NULL}};
LIST(entitas_sinkronisasi, "entitas_sinkronisasi", "Entitas sinkronisasi SIASN", "Entity of a SIASN exchange");

static const dom_ref_list_t *const ALL[] = {
  &dom_ref_predikat, &dom_ref_predikat_organisasi, &dom_ref_rating, &dom_ref_jenjang_jf, &dom_ref_status_skp,
  &dom_ref_status_evaluasi, &dom_ref_status_pegawai, &dom_ref_status_keberatan, &dom_ref_keputusan_keberatan,
  &dom_ref_pemutus_keberatan, &dom_ref_status_verifikasi, &dom_ref_jenis_periode, &dom_ref_jenis_asn,
  &dom_ref_jenis_jabatan, &dom_ref_jenis_skp, &dom_ref_pendekatan, &dom_ref_jenis_rhk, &dom_ref_jenis_intervensi,
  &dom_ref_perspektif, &dom_ref_aspek, &dom_ref_arah, &dom_ref_nilai_perilaku, &dom_ref_jenis_bukti,
  &dom_ref_jenis_umpan_balik, &dom_ref_dari_peran, &dom_ref_penilai_kepala_pd, &dom_ref_status_kke,
  &dom_ref_jawaban_kke, &dom_ref_verifikasi_kke, &dom_ref_keputusan_tindak_lanjut, &dom_ref_sumber_potensi,
  &dom_ref_level_potensi, &dom_ref_status_sanksi, &dom_ref_keputusan_sanksi, &dom_ref_jenis_pengingat,
  &dom_ref_tahap_pengingat, &dom_ref_jenis_pekerjaan, &dom_ref_status_pekerjaan, &dom_ref_arah_sinkronisasi,
  &dom_ref_entitas_sinkronisasi,
};

const dom_ref_list_t *const *dom_ref_all(size_t *n) {
  *n = sizeof ALL / sizeof ALL[0];
  return ALL;
}

const dom_ref_list_t *dom_ref_find(const char *name) {
  for (size_t i = 0; name && i < sizeof ALL / sizeof ALL[0]; i++)
    if (strcmp(ALL[i]->name, name) == 0) return ALL[i];
  return NULL;
}

const dom_ref_list_t *dom_ref_of_codes(const char *const *codes) {
  for (size_t i = 0; codes && i < sizeof ALL / sizeof ALL[0]; i++)
    if (ALL[i]->codes == codes) return ALL[i];
  return NULL;
}

size_t dom_ref_count(const dom_ref_list_t *l) {
  size_t n = 0;
  while (l->codes[n]) n++;
  return n;
}

/* s lowercased (ASCII), trimmed, each run of blanks one space; false when it does not fit. */
static bool fold(const char *s, char *out, size_t cap) {
  size_t n = 0;
  bool gap = false;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (isspace(c)) { gap = n > 0; continue; }
    if (gap) { if (n + 1 >= cap) return false; out[n++] = ' '; gap = false; }
    if (n + 1 >= cap) return false;
    out[n++] = (char)tolower(c);
  }
  out[n] = '\0';
  return true;
}

const char *dom_ref_resolve(const dom_ref_list_t *l, const char *s) {
  if (!l || !s) return NULL;
  for (size_t i = 0; l->codes[i]; i++) if (strcmp(l->codes[i], s) == 0) return l->codes[i];
  char want[96], alias[96];
  if (!fold(s, want, sizeof want)) return NULL;
  for (size_t i = 0; l->codes[i]; i++)
    for (const char *const *a = l->labels[i].aliases; a && *a; a++)
      if (fold(*a, alias, sizeof alias) && strcmp(alias, want) == 0) return l->codes[i];
  return NULL;
}
