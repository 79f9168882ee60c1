/* SIASN field mapping: local evaluation facts -> skp22/save and kinerjaperiodik/save bodies,
 * SIASN reads (ref-unor, data-utama, rw-skp22, rw-kinerjaperiodik) -> local rows. Pure: no I/O.
 * Owner: integration. BKN's names are inconsistent between endpoints (domain.md §9.3), so every
 * field is named explicitly here; nothing is matched case-insensitively. */
#include "kinerja/siasn.h"
#include "kinerja/domain_predikat.h"
#include "kinerja/storage.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The domain's rating and predikat enums already carry the SIASN ids (domain_predikat.h). */
static const char *const RATINGS[] = {NULL, "DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"};

int kn_siasn_rating_code(const char *rating) { return rating ? (int)dom_rating_from_name(rating) : 0; }
const char *kn_siasn_rating_name(int code) { return code >= 1 && code <= 3 ? RATINGS[code] : NULL; }
const char *kn_siasn_predikat_name(int code) {
  return code >= 1 && code <= 5 ? dom_predikat_name((dom_predikat_t)code) : NULL;
}
int kn_siasn_kuadran_code(const char *predikat) {
  for (int c = 1; predikat && c <= 5; c++) if (strcmp(dom_predikat_name((dom_predikat_t)c), predikat) == 0) return c;
  return 0;
}

/* The §6.1 table (never max(hk, pk)), through the domain's matrix. */
int kn_siasn_kuadran_of(int hk, int pk) {
  return hk >= 1 && hk <= 3 && pk >= 1 && pk <= 3 ? (int)dom_predikat_from_ratings((dom_rating_t)hk, (dom_rating_t)pk) : 0;
}

int kn_siasn_periodik_id(const char *jenis) {
  if (jenis && strcmp(jenis, "BULANAN") == 0) return 1;
  if (jenis && strcmp(jenis, "TRIWULAN") == 0) return 2;
  return 0;
}

static const char *str_of(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

/* SIASN sends ids and codes as numbers or as strings, depending on the endpoint. */
static long long int_of(const json_t *o, const char *k) {
  const json_t *v = json_object_get(o, k);
  if (json_is_integer(v)) return json_integer_value(v);
  if (json_is_string(v)) {
    char *end;
    long long n = strtoll(json_string_value(v), &end, 10);
    return end != json_string_value(v) && *end == '\0' ? n : 0;
  }
  return 0;
}

/* Text form of an id that may come as a number or a string; NULL when absent/empty. */
static const char *id_of(const json_t *o, const char *k, char *buf, size_t len) {
  const json_t *v = json_object_get(o, k);
  if (json_is_integer(v)) { snprintf(buf, len, "%lld", (long long)json_integer_value(v)); return buf; }
  const char *s = json_string_value(v);
  return s && *s ? s : NULL;
}

static json_t *str_or_empty(const char *s) { return json_string(s ? s : ""); }

/* The parts both saves share; fills hk/pk/kuadran or explains what is wrong. */
static json_t *common_payload(const json_t *f, char *err, size_t errlen) {
  const char *pns = str_of(f, "pns_siasn_id");
  int hk = kn_siasn_rating_code(str_of(f, "rating_hasil_kerja"));
  int pk = kn_siasn_rating_code(str_of(f, "rating_perilaku"));
  int kd = kn_siasn_kuadran_code(str_of(f, "predikat"));
  if (!pns || !*pns) {
    snprintf(err, errlen, "pegawai %s belum punya id SIASN (jalankan pull dahulu)", str_of(f, "nip") ? str_of(f, "nip") : "?");
    return NULL;
  }
  if (!hk || !pk || !kd) { snprintf(err, errlen, "rating atau predikat belum lengkap"); return NULL; }
  if (kn_siasn_kuadran_of(hk, pk) != kd) {
    snprintf(err, errlen, "predikat %s bukan sel matriks (%d,%d)", str_of(f, "predikat"), hk, pk);
    return NULL;
  }
  const char *sid = str_of(f, "siasn_id");
  json_t *p = json_object();
  json_object_set_new(p, "id", str_or_empty(sid));
  json_object_set_new(p, "tahun", json_integer(int_of(f, "tahun")));
  json_object_set_new(p, "hasilKinerjaNilai", json_integer(hk));
  json_object_set_new(p, "perilakuKerjaNilai", json_integer(pk));
  json_object_set_new(p, "kuadranKinerjaNilai", json_integer(kd));
  json_object_set_new(p, "penilaiNipNrp", str_or_empty(str_of(f, "penilai_nip")));
  json_object_set_new(p, "penilaiNama", str_or_empty(str_of(f, "penilai_nama")));
  json_object_set_new(p, "penilaiUnorNama", str_or_empty(str_of(f, "penilai_unor_nama")));
  json_object_set_new(p, "penilaiGolongan", str_or_empty(str_of(f, "penilai_golongan")));
  json_object_set_new(p, "statusPenilai", str_or_empty(str_of(f, "penilai_status")));
  json_object_set_new(p, "path", json_array());
  return p;
}

json_t *kn_siasn_payload_skp22(const json_t *f, char *err, size_t errlen) {
  json_t *p = common_payload(f, err, errlen);
  if (!p) return NULL;
  json_object_set_new(p, "pnsDinilaiOrang", json_string(str_of(f, "pns_siasn_id")));
  json_object_set_new(p, "penilaiJabatan", str_or_empty(str_of(f, "penilai_jabatan")));
  return p;
}

json_t *kn_siasn_payload_periodik(const json_t *f, char *err, size_t errlen) {
  int per = kn_siasn_periodik_id(str_of(f, "periode_jenis"));
  long long bm = int_of(f, "bulan_mulai"), bs = int_of(f, "bulan_selesai");
  if (!per || bm < 1 || bs > 12 || bs < bm) { snprintf(err, errlen, "periode tidak dapat dipetakan ke SIASN"); return NULL; }
  json_t *p = common_payload(f, err, errlen);
  if (!p) return NULL;
  char perid[4];
  snprintf(perid, sizeof perid, "%d", per);
  json_object_set_new(p, "bulanMulaiPenilaian", json_integer(bm));
  json_object_set_new(p, "bulanSelesaiPenilaian", json_integer(bs));
  json_object_set_new(p, "tahunMulaiPenilaian", json_integer(int_of(f, "tahun")));
  json_object_set_new(p, "tahunSelesaiPenilaian", json_integer(int_of(f, "tahun")));
  json_object_set_new(p, "periodikId", json_string(perid));  /* a string in BKN's examples */
  json_object_set_new(p, "koefisienId", str_or_empty(str_of(f, "koefisien_id")));
  json_object_set_new(p, "pnsDinilaiId", json_string(str_of(f, "pns_siasn_id")));
  json_object_set_new(p, "penilaiJabatanNama", str_or_empty(str_of(f, "penilai_jabatan")));
  return p;
}

void kn_siasn_payload_digest(const json_t *payload, char out[65]) {
  json_t *c = json_copy((json_t *)payload);
  json_object_del(c, "id");
  char *text = json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS);
  kn_storage_sha256_hex(text ? text : "", text ? strlen(text) : 0, out);
  free(text);
  json_decref(c);
}

const json_t *kn_siasn_data_array(const json_t *answer) {
  if (json_is_array(answer)) return answer;
  const json_t *d = json_object_get(answer, "data");
  return json_is_array(d) ? d : NULL;
}

json_t *kn_siasn_unor_rows(const json_t *ref) {
  const json_t *arr = kn_siasn_data_array(ref);
  json_t *out = json_array();
  size_t i, j;
  const json_t *u, *w;
  char b1[32], b2[32], b3[32];
  json_array_foreach(arr, i, u) {
    const char *id = id_of(u, "Id", b1, sizeof b1), *nama = str_of(u, "NamaUnor");
    if (!id || !nama || !*nama) continue;
    const char *parent = id_of(u, "DiatasanId", b2, sizeof b2);
    bool known = false;  /* a parent outside the list is the instansi above us: our root */
    json_array_foreach(arr, j, w) {
      const char *wid = id_of(w, "Id", b3, sizeof b3);
      if (parent && wid && strcmp(wid, parent) == 0 && strcmp(parent, id) != 0) known = true;
    }
    json_t *row = json_object();
    json_object_set_new(row, "siasn_id", json_string(id));
    json_object_set_new(row, "nama", json_string(nama));
    const char *jab = str_of(u, "NamaJabatan");
    json_object_set_new(row, "nama_jabatan", jab && *jab ? json_string(jab) : json_null());
    json_object_set_new(row, "parent_siasn_id", known ? json_string(parent) : json_null());
    json_array_append_new(out, row);
  }
  return out;
}

/* SIASN's kedudukan hukum -> local status; NULL keeps the local value. */
static const char *status_of(const char *kedudukan) {
  static const struct { const char *siasn, *local; } MAP[] = {
    {"Aktif", "AKTIF"}, {"CLTN", "CLTN"}, {"Tugas Belajar", "TUGAS_BELAJAR"},
    {"Masa Persiapan Pensiun", "MPP"}, {"MPP", "MPP"}, {"Pemberhentian Sementara", "DIBERHENTIKAN_SEMENTARA"},
    {"Pensiun", "PENSIUN"}};
  for (size_t i = 0; kedudukan && i < sizeof MAP / sizeof MAP[0]; i++)
    if (strcasecmp(MAP[i].siasn, kedudukan) == 0) return MAP[i].local;
  return NULL;
}

/* jenisJabatanId 1 struktural (by eselon: I/II JPT, III administrator, IV pengawas),
 * 2 fungsional tertentu, 4 fungsional umum (pelaksana). */
static const char *jenis_jabatan_of(const json_t *d) {
  long long jj = int_of(d, "jenisJabatanId"), es = int_of(d, "eselonId");
  if (jj == 2) return "FUNGSIONAL";
  if (jj == 4) return "PELAKSANA";
  if (jj == 1) return es >= 11 && es <= 22 ? "JPT" : es >= 31 && es <= 32 ? "ADMINISTRATOR" : "PENGAWAS";
  return NULL;
}

json_t *kn_siasn_pegawai_row(const json_t *answer) {
  const json_t *d = json_object_get(answer, "data");
  char b1[32], b2[32];
  const char *id = id_of(d, "id", b1, sizeof b1), *nip = str_of(d, "nipBaru"), *nama = str_of(d, "nama");
  if (!json_is_object(d) || !id || !nip || strlen(nip) != 18 || !nama || !*nama) return NULL;
  json_t *row = json_object();
  json_object_set_new(row, "nip", json_string(nip));
  json_object_set_new(row, "siasn_id", json_string(id));
  json_object_set_new(row, "nama", json_string(nama));
  const char *gd = str_of(d, "gelarDepan"), *gb = str_of(d, "gelarBelakang"), *jab = str_of(d, "jabatanNama");
  const char *unor = id_of(d, "unorId", b2, sizeof b2), *st = status_of(str_of(d, "kedudukanPnsNama"));
  const char *jj = jenis_jabatan_of(d);
  if (gd && *gd) json_object_set_new(row, "gelar_depan", json_string(gd));
  if (gb && *gb) json_object_set_new(row, "gelar_belakang", json_string(gb));
  if (jab && *jab) json_object_set_new(row, "jabatan", json_string(jab));
  if (unor) json_object_set_new(row, "unor_siasn_id", json_string(unor));
  if (st) json_object_set_new(row, "status", json_string(st));
  if (jj) json_object_set_new(row, "jenis_jabatan", json_string(jj));
  /* PPPK NIPs carry 21 in the TMT month position (README, NIP validation) */
  json_object_set_new(row, "jenis_asn", json_string(nip[12] == '2' && nip[13] == '1' ? "PPPK" : "PNS"));
  return row;
}

static json_t *read_common(const json_t *row, const char *jenis, int hk, int pk, int kd,
                           const char *pen_nip, const char *pen_nama) {
  char b[32];
  const char *id = id_of(row, "id", b, sizeof b);
  if (!id) return NULL;
  json_t *o = json_object();
  json_object_set_new(o, "jenis", json_string(jenis));
  json_object_set_new(o, "siasn_id", json_string(id));
  json_object_set_new(o, "tahun", json_integer(int_of(row, "tahun")));
  const char *rh = kn_siasn_rating_name(hk), *rp = kn_siasn_rating_name(pk), *pr = kn_siasn_predikat_name(kd);
  json_object_set_new(o, "rating_hasil_kerja", rh ? json_string(rh) : json_null());
  json_object_set_new(o, "rating_perilaku", rp ? json_string(rp) : json_null());
  json_object_set_new(o, "predikat", pr ? json_string(pr) : json_null());
  json_object_set_new(o, "penilai_nip", pen_nip ? json_string(pen_nip) : json_null());
  json_object_set_new(o, "penilai_nama", pen_nama ? json_string(pen_nama) : json_null());
  return o;
}

json_t *kn_siasn_read_skp22(const json_t *row) {
  /* rw-skp22 answers with capitalised KuadranKinerjaNilai / PerilakuKerjaNilai */
  json_t *o = read_common(row, "TAHUNAN", (int)int_of(row, "hasilKinerjaNilai"), (int)int_of(row, "PerilakuKerjaNilai"),
                          (int)int_of(row, "KuadranKinerjaNilai"), str_of(row, "nipNrpPenilai"), str_of(row, "namaPenilai"));
  if (!o) return NULL;
  json_object_set_new(o, "bulan_mulai", json_null());
  json_object_set_new(o, "bulan_selesai", json_null());
  json_object_set_new(o, "periodik_id", json_null());
  return o;
}

json_t *kn_siasn_read_periodik(const json_t *row) {
  /* rw-kinerjaperiodik: kuadranNilai (not kuadranKinerjaNilai), koefisenId [sic] */
  json_t *o = read_common(row, "PERIODIK", (int)int_of(row, "hasilKinerjaNilai"), (int)int_of(row, "perilakuKerjaNilai"),
                          (int)int_of(row, "kuadranNilai"), str_of(row, "nipNrpPenilai"), str_of(row, "namaPenilai"));
  if (!o) return NULL;
  json_object_set_new(o, "bulan_mulai", json_integer(int_of(row, "bulanMulaiPenilaian")));
  json_object_set_new(o, "bulan_selesai", json_integer(int_of(row, "bulanSelesaiPenilaian")));
  json_object_set_new(o, "periodik_id", json_integer(int_of(row, "periodikId")));
  const char *koef = str_of(row, "koefisenId");
  json_object_set_new(o, "koefisien_id", koef ? json_string(koef) : json_null());
  return o;
}

const char *kn_siasn_saved_id(const json_t *a, char *buf, size_t len) {
  static const char *const KEYS[] = {"rwSkpId", "rwKinerjaPeriodikId", "id"};
  const json_t *m = json_object_get(a, "mapData");
  for (size_t i = 0; json_is_object(m) && i < 3; i++) {
    const char *s = id_of(m, KEYS[i], buf, len);
    if (s) return s;
  }
  return id_of(a, "id", buf, len);
}

const char *kn_siasn_message(const json_t *a) {
  static const char *const KEYS[] = {"message", "error_description", "error", "data"};
  for (size_t i = 0; i < 4; i++) {
    const char *s = str_of(a, KEYS[i]);
    if (s && *s) return s;
  }
  return NULL;
}
