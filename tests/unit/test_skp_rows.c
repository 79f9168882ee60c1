/* Unit tests: the SKP document written in C from skp_get's rows (src/api/skp_rows.c). Owner:
 * planning module. The rows are a PGresult built with libpq's PQsetvalue, in a shuffled order;
 * the expected bytes are skp_json's (json_build_object's "k" : v, json_agg's ", "), checked
 * against the SQL document by tests/api/test_skp_bytes.py and bench/check-skp-bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "kinerja/api_skp_rows.h"

enum { NCOL = 26 };

static PGresult *result(void) {
  PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
  PGresAttDesc att[NCOL];
  char names[NCOL][8];
  for (int i = 0; i < NCOL; i++) {
    snprintf(names[i], sizeof names[i], "c%d", i);
    att[i] = (PGresAttDesc){.name = names[i], .tableid = 0, .columnid = 0, .format = 0, .typid = 25,
                            .typlen = -1, .atttypmod = -1};
  }
  assert_true(PQsetResultAttrs(res, NCOL, att));
  return res;
}

/* row r of res: k, then the values (the columns after them are SQL NULL) */
static void row(PGresult *res, int r, const char *const *v, int nv) {
  for (int i = 0; i < NCOL; i++) {
    const char *x = i < nv ? v[i] : NULL;
    assert_true(PQsetvalue(res, r, i, (char *)x, x ? (int)strlen(x) : -1));
  }
}

#define ROW(res, r, ...) do { \
    const char *const v_[] = {__VA_ARGS__}; \
    row(res, r, v_, (int)(sizeof v_ / sizeof v_[0])); \
  } while (0)
#define Q "\xe6\xbc\xa2 \"q\" \\ \n\x01 \xf0\x9f\x98\x80" /* 漢 "q" \ LF U+0001 😀 */
#define QJ "\"\xe6\xbc\xa2 \\\"q\\\" \\\\ \\n\\u0001 \xf0\x9f\x98\x80\""

static const char *const SKP[] = {
  "0", "7", "2026", "2026-01-01", "2026-12-31", "NON_JPT", "KUANTITATIF", "DIAJUKAN", "1",
  "t", "199001012020011001", Q, "PNS", "3", "Analis", "PELAKSANA",
  "{\"nip\": \"1\", \"nama\": \"A \\\"b\\\"\"}", NULL,
  "2026-01-31", "t", "f", "2026-02-29 23:59:59.5+07", NULL, "4",
  "2026-01-02 03:04:05.123456+00", "2026-02-01 00:00:00+00"};

static void whole_document(void **state) {
  (void)state;
  PGresult *res = result();
  int r = 0;
  /* shuffled: the parts come in any order; each is sorted by the document's ORDER BY */
  ROW(res, r++, "3", "21", "9", "199002022020012002", "Staf " Q, "Sub " Q, "LANGSUNG", "11");
  ROW(res, r++, "2", "103", "10", "WAKTU", "i3", "1", NULL, "bulan", NULL, "NAIK_BAIK", "2", "1");
  ROW(res, r++, "1", "10", "7", "TAMBAHAN", "Tambahan", NULL, NULL, NULL, NULL, "-1", "1");
  ROW(res, r++, "5", "KONSEKUENSI", "Sanksi " Q, "1", "30");
  ROW(res, r++, "2", "101", "11", "KUANTITAS", Q, "NaN", "-Infinity", "m\xc2\xb2", Q, "TURUN_BAIK", "0", "2");
  row(res, r++, SKP, NCOL);
  ROW(res, r++, "4", "LOYAL", NULL, "10", "5");
  ROW(res, r++, "3", "20", "9", "199002022020012002", "Lain", NULL, "LANGSUNG", "11");
  ROW(res, r++, "1", "11", "7", "UTAMA", Q, "5", "LANGSUNG", "PROSES_BISNIS", "12.50", "0", "3");
  ROW(res, r++, "4", "ADAPTIF", Q, "2", "6");
  ROW(res, r++, "2", "102", "11", "KUALITAS", "i2", "2.5", "1e+21", NULL, NULL, "NAIK_BAIK", "0", "1");
  ROW(res, r++, "5", "DUKUNGAN_SUMBER_DAYA", "Laptop", "2", "31");
  ROW(res, r++, "5", "DUKUNGAN_SUMBER_DAYA", "Meja", "1", "32");
  kn_sb_t sb;
  kn_sb_init(&sb);
  long long ver = -1;
  assert_true(kn_api_skp_rows_json(&sb, res, &ver));
  assert_int_equal(ver, 4);
  const char *want =
    "{\"id\" : 7, \"tahun\" : 2026, \"periode_awal\" : \"2026-01-01\", \"periode_akhir\" : \"2026-12-31\", "
    "\"jenis_skp\" : \"NON_JPT\", \"pendekatan\" : \"KUANTITATIF\", \"status\" : \"DIAJUKAN\", \"versi\" : 1, "
    "\"pegawai\" : {\"nip\" : \"199001012020011001\", \"nama\" : " QJ ", \"jenis_asn\" : \"PNS\"}, "
    "\"unor_id\" : 3, \"jabatan\" : \"Analis\", \"jenis_jabatan\" : \"PELAKSANA\", "
    "\"pejabat_penilai\" : {\"nip\": \"1\", \"nama\": \"A \\\"b\\\"\"}, \"atasan_penilai\" : null, "
    "\"rhk\" : [{\"id\" : 11, \"skp_id\" : 7, \"jenis_rhk\" : \"UTAMA\", \"uraian\" : " QJ ", "
    "\"rhk_atasan_id\" : 5, \"jenis_intervensi\" : \"LANGSUNG\", \"perspektif\" : \"PROSES_BISNIS\", "
    "\"bobot\" : 12.50, \"urutan\" : 0, \"version\" : 3, "
    "\"indikator\" : [{\"id\" : 101, \"rhk_id\" : 11, \"aspek\" : \"KUANTITAS\", \"uraian\" : " QJ ", "
    "\"target_min\" : \"NaN\", \"target_max\" : \"-Infinity\", \"satuan\" : \"m\xc2\xb2\", \"target_teks\" : " QJ ", "
    "\"arah\" : \"TURUN_BAIK\", \"urutan\" : 0, \"version\" : 2}, "
    "{\"id\" : 102, \"rhk_id\" : 11, \"aspek\" : \"KUALITAS\", \"uraian\" : \"i2\", \"target_min\" : 2.5, "
    "\"target_max\" : 1e+21, \"satuan\" : null, \"target_teks\" : null, \"arah\" : \"NAIK_BAIK\", \"urutan\" : 0, "
    "\"version\" : 1}], "
    "\"diintervensi_oleh\" : [{\"rhk_id\" : 20, \"skp_id\" : 9, \"nip\" : \"199002022020012002\", "
    "\"nama\" : \"Lain\", \"uraian\" : null, \"jenis_intervensi\" : \"LANGSUNG\"}, {\"rhk_id\" : 21, \"skp_id\" : 9, \"nip\" : \"199002022020012002\", "
    "\"nama\" : \"Staf \xe6\xbc\xa2 \\\"q\\\" \\\\ \\n\\u0001 \xf0\x9f\x98\x80\", "
    "\"uraian\" : \"Sub \xe6\xbc\xa2 \\\"q\\\" \\\\ \\n\\u0001 \xf0\x9f\x98\x80\", \"jenis_intervensi\" : \"LANGSUNG\"}]}, "
    "{\"id\" : 10, \"skp_id\" : 7, \"jenis_rhk\" : \"TAMBAHAN\", \"uraian\" : \"Tambahan\", \"rhk_atasan_id\" : null, "
    "\"jenis_intervensi\" : null, \"perspektif\" : null, \"bobot\" : null, \"urutan\" : -1, \"version\" : 1, "
    "\"indikator\" : [{\"id\" : 103, \"rhk_id\" : 10, \"aspek\" : \"WAKTU\", \"uraian\" : \"i3\", "
    "\"target_min\" : 1, \"target_max\" : null, \"satuan\" : \"bulan\", \"target_teks\" : null, "
    "\"arah\" : \"NAIK_BAIK\", \"urutan\" : 2, \"version\" : 1}], \"diintervensi_oleh\" : []}], "
    "\"perilaku\" : [{\"nilai\" : \"ADAPTIF\", \"ekspektasi_khusus\" : " QJ "}, "
    "{\"nilai\" : \"LOYAL\", \"ekspektasi_khusus\" : null}], "
    "\"lampiran\" : {\"dukungan_sumber_daya\" : [\"Meja\", \"Laptop\"], \"skema_pertanggungjawaban\" : [], "
    "\"konsekuensi\" : [\"Sanksi \xe6\xbc\xa2 \\\"q\\\" \\\\ \\n\\u0001 \xf0\x9f\x98\x80\"]}, "
    "\"batas_waktu\" : \"2026-01-31\", \"terlambat\" : true, \"ditetapkan_pengelola\" : false, "
    "\"tanggal_diajukan\" : \"2026-02-29T23:59:59.5+07:00\", \"tanggal_ditetapkan\" : null, \"version\" : 4, "
    "\"created_at\" : \"2026-01-02T03:04:05.123456+00:00\", \"updated_at\" : \"2026-02-01T00:00:00+00:00\"}";
  if (strcmp(sb.data, want) != 0) fail_msg("got\n%s\nwant\n%s", sb.data, want);
  kn_sb_free(&sb);
  PQclear(res);
}

/* No pegawai row: "pegawai" : null, and every array empty. */
static void bare_skp(void **state) {
  (void)state;
  PGresult *res = result();
  const char *v[NCOL];
  memcpy(v, SKP, sizeof v);
  v[9] = "f";
  v[10] = v[11] = v[12] = NULL;
  row(res, 0, v, NCOL);
  kn_sb_t sb;
  kn_sb_init(&sb);
  long long ver = -1;
  assert_true(kn_api_skp_rows_json(&sb, res, &ver));
  assert_non_null(strstr(sb.data, "\"versi\" : 1, \"pegawai\" : null, \"unor_id\" : 3"));
  assert_non_null(strstr(sb.data, "\"rhk\" : [], \"perilaku\" : [], \"lampiran\" : {\"dukungan_sumber_daya\" : [], "
                                  "\"skema_pertanggungjawaban\" : [], \"konsekuensi\" : []}, \"batas_waktu\""));
  kn_sb_free(&sb);
  PQclear(res);
}

/* Rows that are not one SKP's: refused, never a wrong document. */
static void broken_rows(void **state) {
  (void)state;
  kn_sb_t sb;
  long long ver;
  PGresult *res = result();
  ROW(res, 0, "1", "11", "7", "UTAMA", "x", NULL, NULL, NULL, NULL, "0", "3");  /* no SKP row */
  kn_sb_init(&sb);
  assert_false(kn_api_skp_rows_json(&sb, res, &ver));
  row(res, 1, SKP, NCOL);
  row(res, 2, SKP, NCOL);  /* two */
  assert_false(kn_api_skp_rows_json(&sb, res, &ver));
  PQclear(res);
  res = result();
  row(res, 0, SKP, NCOL);
  ROW(res, 1, "9", "1");  /* no such part */
  assert_false(kn_api_skp_rows_json(&sb, res, &ver));
  assert_int_equal(sb.len, 0);
  kn_sb_free(&sb);
  PQclear(res);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(whole_document),
    cmocka_unit_test(bare_skp),
    cmocka_unit_test(broken_rows),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
