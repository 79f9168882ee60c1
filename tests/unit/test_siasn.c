/* Unit tests for the SIASN field mapping (src/sync/siasn_map.c, domain.md §9.3). Owner: integration.
 * Expected bodies are written out key by key: the point is BKN's exact (inconsistent) names. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/siasn.h"
#include <string.h>

static json_t *facts(const char *jenis) {
  return json_pack("{ss si ss si si ss ss ss ss ss ss ss ss ss ss}", "jenis", jenis, "tahun", 2024,
                   "periode_jenis", "TRIWULAN", "bulan_mulai", 4, "bulan_selesai", 6, "nip", "199001012015031001",
                   "pns_siasn_id", "A1B2-PNS", "rating_hasil_kerja", "DI_ATAS_EKSPEKTASI", "rating_perilaku",
                   "DI_BAWAH_EKSPEKTASI", "predikat", "KURANG", "penilai_nip", "198001012005011002",
                   "penilai_nama", "Penilai Uji", "penilai_jabatan", "Kepala Bidang", "penilai_unor_nama", "Bidang Uji",
                   "penilai_status", "ASN");
}

static void assert_keys(json_t *o, const char *const *keys) {
  size_t n = 0;
  for (const char *const *k = keys; *k; k++, n++)
    if (!json_object_get(o, *k)) fail_msg("missing key %s", *k);
  assert_int_equal(json_object_size(o), n);
}

static void codes_follow_the_reference_tables(void **s) {
  (void)s;
  assert_int_equal(kn_siasn_rating_code("DI_ATAS_EKSPEKTASI"), 1);
  assert_int_equal(kn_siasn_rating_code("SESUAI_EKSPEKTASI"), 2);
  assert_int_equal(kn_siasn_rating_code("DI_BAWAH_EKSPEKTASI"), 3);
  assert_int_equal(kn_siasn_rating_code("di_atas_ekspektasi"), 0);
  assert_int_equal(kn_siasn_kuadran_code("SANGAT_BAIK"), 1);
  assert_int_equal(kn_siasn_kuadran_code("SANGAT_KURANG"), 5);
  assert_string_equal(kn_siasn_predikat_name(3), "BUTUH_PERBAIKAN");
  assert_null(kn_siasn_predikat_name(6));
  /* the table, not max(hk, pk): (Di Atas, Di Bawah) is KURANG (4), not 3 */
  assert_int_equal(kn_siasn_kuadran_of(1, 3), 4);
  assert_int_equal(kn_siasn_kuadran_of(3, 1), 3);
  assert_int_equal(kn_siasn_kuadran_of(1, 1), 1);
  assert_int_equal(kn_siasn_kuadran_of(3, 3), 5);
  assert_int_equal(kn_siasn_kuadran_of(0, 1), 0);
  assert_int_equal(kn_siasn_periodik_id("BULANAN"), 1);
  assert_int_equal(kn_siasn_periodik_id("TRIWULAN"), 2);
  assert_int_equal(kn_siasn_periodik_id("SEMESTER"), 0);
}

static void skp22_payload_uses_pnsDinilaiOrang_and_penilaiJabatan(void **s) {
  (void)s;
  char err[256];
  json_t *f = facts("TAHUNAN");
  json_t *p = kn_siasn_payload_skp22(f, err, sizeof err);
  assert_non_null(p);
  static const char *const KEYS[] = {"id", "tahun", "pnsDinilaiOrang", "hasilKinerjaNilai", "perilakuKerjaNilai",
    "kuadranKinerjaNilai", "penilaiNipNrp", "penilaiNama", "penilaiJabatan", "penilaiUnorNama", "penilaiGolongan",
    "statusPenilai", "path", NULL};
  assert_keys(p, KEYS);
  assert_string_equal(json_string_value(json_object_get(p, "id")), "");
  assert_string_equal(json_string_value(json_object_get(p, "pnsDinilaiOrang")), "A1B2-PNS");
  assert_int_equal(json_integer_value(json_object_get(p, "tahun")), 2024);
  assert_int_equal(json_integer_value(json_object_get(p, "hasilKinerjaNilai")), 1);
  assert_int_equal(json_integer_value(json_object_get(p, "perilakuKerjaNilai")), 3);
  assert_int_equal(json_integer_value(json_object_get(p, "kuadranKinerjaNilai")), 4);
  assert_string_equal(json_string_value(json_object_get(p, "penilaiJabatan")), "Kepala Bidang");
  json_decref(p);
  /* a re-push carries the SIASN row id */
  json_object_set_new(f, "siasn_id", json_string("RW-77"));
  p = kn_siasn_payload_skp22(f, err, sizeof err);
  assert_string_equal(json_string_value(json_object_get(p, "id")), "RW-77");
  json_decref(p);
  json_decref(f);
}

static void periodik_payload_uses_pnsDinilaiId_and_month_range(void **s) {
  (void)s;
  char err[256];
  json_t *f = facts("PERIODIK");
  json_t *p = kn_siasn_payload_periodik(f, err, sizeof err);
  assert_non_null(p);
  static const char *const KEYS[] = {"id", "tahun", "bulanMulaiPenilaian", "bulanSelesaiPenilaian",
    "tahunMulaiPenilaian", "tahunSelesaiPenilaian", "periodikId", "koefisienId", "pnsDinilaiId", "hasilKinerjaNilai",
    "perilakuKerjaNilai", "kuadranKinerjaNilai", "penilaiNipNrp", "penilaiNama", "penilaiJabatanNama",
    "penilaiUnorNama", "penilaiGolongan", "statusPenilai", "path", NULL};
  assert_keys(p, KEYS);
  assert_string_equal(json_string_value(json_object_get(p, "periodikId")), "2");
  assert_int_equal(json_integer_value(json_object_get(p, "bulanMulaiPenilaian")), 4);
  assert_int_equal(json_integer_value(json_object_get(p, "bulanSelesaiPenilaian")), 6);
  assert_int_equal(json_integer_value(json_object_get(p, "tahunSelesaiPenilaian")), 2024);
  assert_string_equal(json_string_value(json_object_get(p, "pnsDinilaiId")), "A1B2-PNS");
  assert_string_equal(json_string_value(json_object_get(p, "penilaiJabatanNama")), "Kepala Bidang");
  assert_null(json_object_get(p, "pnsDinilaiOrang"));
  json_decref(p);
  json_decref(f);
}

static void payload_refuses_missing_or_inconsistent_facts(void **s) {
  (void)s;
  char err[256];
  json_t *f = facts("TAHUNAN");
  json_object_set_new(f, "predikat", json_string("BUTUH_PERBAIKAN"));  /* the max() mistake */
  assert_null(kn_siasn_payload_skp22(f, err, sizeof err));
  assert_non_null(strstr(err, "matriks"));
  json_object_set_new(f, "predikat", json_string("KURANG"));
  json_object_set_new(f, "pns_siasn_id", json_null());
  assert_null(kn_siasn_payload_skp22(f, err, sizeof err));
  assert_non_null(strstr(err, "pull"));
  json_object_set_new(f, "pns_siasn_id", json_string("X"));
  json_object_set_new(f, "periode_jenis", json_string("SEMESTER"));
  assert_null(kn_siasn_payload_periodik(f, err, sizeof err));
  json_decref(f);
}

static void reads_map_capitalised_and_misspelt_fields(void **s) {
  (void)s;
  json_t *row = json_pack("{ss si si si si ss ss}", "id", "S22-1", "tahun", 2024, "hasilKinerjaNilai", 2,
                          "PerilakuKerjaNilai", 1, "KuadranKinerjaNilai", 2, "nipNrpPenilai", "198001012005011002",
                          "namaPenilai", "Penilai");
  json_t *m = kn_siasn_read_skp22(row);
  assert_string_equal(json_string_value(json_object_get(m, "jenis")), "TAHUNAN");
  assert_string_equal(json_string_value(json_object_get(m, "predikat")), "BAIK");
  assert_string_equal(json_string_value(json_object_get(m, "rating_perilaku")), "DI_ATAS_EKSPEKTASI");
  assert_string_equal(json_string_value(json_object_get(m, "penilai_nip")), "198001012005011002");
  json_decref(m);
  json_decref(row);
  /* lower-case kuadranKinerjaNilai is NOT the read name of rw-skp22 */
  row = json_pack("{ss si si}", "id", "S22-2", "tahun", 2024, "kuadranKinerjaNilai", 1);
  m = kn_siasn_read_skp22(row);
  assert_true(json_is_null(json_object_get(m, "predikat")));
  json_decref(m);
  json_decref(row);
  row = json_pack("{ss ss si si ss si si si ss}", "id", "KP-9", "tahun", "2024", "bulanMulaiPenilaian", 1,
                  "bulanSelesaiPenilaian", 3, "periodikId", "2", "hasilKinerjaNilai", 3, "perilakuKerjaNilai", 3,
                  "kuadranNilai", 5, "koefisenId", "K12");
  m = kn_siasn_read_periodik(row);
  assert_int_equal(json_integer_value(json_object_get(m, "tahun")), 2024);
  assert_int_equal(json_integer_value(json_object_get(m, "periodik_id")), 2);
  assert_int_equal(json_integer_value(json_object_get(m, "bulan_selesai")), 3);
  assert_string_equal(json_string_value(json_object_get(m, "predikat")), "SANGAT_KURANG");
  assert_string_equal(json_string_value(json_object_get(m, "koefisien_id")), "K12");
  json_decref(m);
  json_decref(row);
}

static void unor_and_pegawai_rows(void **s) {
  (void)s;
  json_t *ref = json_loads("{\"data\":[{\"Id\":\"U1\",\"NamaUnor\":\"Pemda\",\"DiatasanId\":\"PUSAT\"},"
                           "{\"Id\":\"U2\",\"NamaUnor\":\"Dinas\",\"DiatasanId\":\"U1\",\"NamaJabatan\":\"Kepala Dinas\"},"
                           "{\"Id\":\"\",\"NamaUnor\":\"Tanpa id\"}]}", 0, NULL);
  json_t *rows = kn_siasn_unor_rows(ref);
  assert_int_equal(json_array_size(rows), 2);
  assert_true(json_is_null(json_object_get(json_array_get(rows, 0), "parent_siasn_id")));
  assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "parent_siasn_id")), "U1");
  assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "nama_jabatan")), "Kepala Dinas");
  json_decref(rows);
  json_decref(ref);
  json_t *du = json_loads("{\"data\":{\"id\":\"P-1\",\"nipBaru\":\"199001012015031001\",\"nama\":\"Nama Uji\","
                          "\"jabatanNama\":\"Analis\",\"unorId\":\"U2\",\"kedudukanPnsNama\":\"Tugas Belajar\","
                          "\"jenisJabatanId\":\"2\"}}", 0, NULL);
  json_t *p = kn_siasn_pegawai_row(du);
  assert_string_equal(json_string_value(json_object_get(p, "siasn_id")), "P-1");
  assert_string_equal(json_string_value(json_object_get(p, "status")), "TUGAS_BELAJAR");
  assert_string_equal(json_string_value(json_object_get(p, "jenis_jabatan")), "FUNGSIONAL");
  assert_string_equal(json_string_value(json_object_get(p, "jenis_asn")), "PNS");
  assert_string_equal(json_string_value(json_object_get(p, "unor_siasn_id")), "U2");
  json_decref(p);
  json_decref(du);
  du = json_loads("{\"data\":{\"id\":\"P-2\",\"nipBaru\":\"123\",\"nama\":\"X\"}}", 0, NULL);
  assert_null(kn_siasn_pegawai_row(du));
  json_decref(du);
}

static void saved_id_and_message(void **s) {
  (void)s;
  char b[64];
  json_t *a = json_loads("{\"success\":true,\"mapData\":{\"rwSkpId\":\"RW-1\"}}", 0, NULL);
  assert_string_equal(kn_siasn_saved_id(a, b, sizeof b), "RW-1");
  json_decref(a);
  a = json_loads("{\"success\":true,\"mapData\":{\"rwKinerjaPeriodikId\":42}}", 0, NULL);
  assert_string_equal(kn_siasn_saved_id(a, b, sizeof b), "42");
  json_decref(a);
  a = json_loads("{\"success\":false,\"message\":\"tahun tidak valid\"}", 0, NULL);
  assert_null(kn_siasn_saved_id(a, b, sizeof b));
  assert_string_equal(kn_siasn_message(a), "tahun tidak valid");
  json_decref(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(codes_follow_the_reference_tables),
    cmocka_unit_test(skp22_payload_uses_pnsDinilaiOrang_and_penilaiJabatan),
    cmocka_unit_test(periodik_payload_uses_pnsDinilaiId_and_month_range),
    cmocka_unit_test(payload_refuses_missing_or_inconsistent_facts),
    cmocka_unit_test(reads_map_capitalised_and_misspelt_fields),
    cmocka_unit_test(unor_and_pegawai_rows),
    cmocka_unit_test(saved_id_and_message),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
