/* GET /v1/skp/{id}: the whole-SKP document written in C from plain rows. Owner: planning module.
 *
 * skp_dokumen (sql/functions/skp.sql) builds the same document with nested json_build_object /
 * json_agg; that cost most of the request's PostgreSQL CPU (issue 17: about 414 us of it for an
 * SKP of 8 RHK x 3 indikator). The read takes the rows instead and writes the bytes PostgreSQL
 * would have written (src/api/rows_json.c): key order, ", " / " : " separators, escapes, numbers,
 * dates and timestamps as the json output has them. The writes still answer skp_json (SQL):
 * the two writers are kept equal by tests/api/test_skp_bytes.py (a write's answer and the GET
 * that follows it, byte for byte, with texts that need escaping) and bench/check-skp-bytes (every
 * seeded SKP against the previous release's SQL document); a change to one is a change to both.
 *
 * One statement, one round trip: the SKP the caller may see (skp_terlihat, the visibility rule)
 * and its RHK are materialized once; the UNION ALL returns one row per part, column k the part
 * (K_* below), every value as text, unused columns NULL; no row: missing or not visible. The
 * rows come in no particular order and the server sorts each part by the document's ORDER BY
 * (sort_key): a row_number() per part in SQL cost ~60 us of PostgreSQL CPU a request (five
 * sorts and window aggregates), sorting ~50 rows here costs next to nothing
 * (tests/unit/test_skp_rows.c gives the parts shuffled). */
#include "kinerja/api.h"
#include "kinerja/api_rows.h"
#include "kinerja/api_skp_rows.h"
#include "kinerja/db.h"
#include "kinerja/strbuf.h"
#include <stdlib.h>
#include <string.h>

enum { K_SKP, K_RHK, K_IND, K_INTV, K_PERILAKU, K_LAMPIRAN, NK };
enum { C0 = 1 }; /* first value column, after k */

int kn_api_skp_rows_register(void) {
  return kn_db_register("skp_get",
    "WITH s AS MATERIALIZED (SELECT * FROM skp_terlihat($1::bigint)), "
    "r AS MATERIALIZED (SELECT r.* FROM s JOIN rhk r ON r.instansi_id = s.instansi_id AND r.skp_id = s.id) "
    "SELECT 0 AS k, s.id::text, s.tahun::text, s.periode_awal::text, s.periode_akhir::text, "
    "  s.jenis_skp, s.pendekatan, s.status, s.versi::text, "
    "  (p.id IS NOT NULL)::text, p.nip::text, p.nama::text, p.jenis_asn::text, "
    "  s.unor_id::text, s.jabatan, s.jenis_jabatan, "
    "  (s.penilai_snapshot->'pejabat_penilai')::text, (s.penilai_snapshot->'atasan_penilai')::text, "
    "  skp_batas_dari(s.tahun, i.batas_skp_bulan, i.batas_skp_hari)::text, "
    "  COALESCE(COALESCE(s.tanggal_ditetapkan::date, current_date) "
    "           > skp_batas_dari(s.tahun, i.batas_skp_bulan, i.batas_skp_hari), false)::text, "
    "  s.ditetapkan_pengelola::text, s.tanggal_diajukan::text, s.tanggal_ditetapkan::text, "
    "  s.version::text, s.created_at::text, s.updated_at::text "
    " FROM s LEFT JOIN pegawai p ON p.instansi_id = s.instansi_id AND p.id = s.pegawai_id "
    "  LEFT JOIN instansi i ON i.id = app_instansi_id() "
    "UNION ALL SELECT 1, r.id::text, r.skp_id::text, r.jenis_rhk, r.uraian, r.rhk_atasan_id::text, "
    "  r.jenis_intervensi, r.perspektif, r.bobot::text, r.urutan::text, r.version::text, "
    "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM r "
    "UNION ALL SELECT 2, x.id::text, x.rhk_id::text, x.aspek, x.uraian, x.target_min::text, x.target_max::text, "
    "  x.satuan, x.target_teks, x.arah, x.urutan::text, x.version::text, "
    "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM r JOIN indikator x ON x.instansi_id = r.instansi_id AND x.rhk_id = r.id "
    "UNION ALL SELECT 3, c.id::text, c.skp_id::text, p.nip::text, p.nama::text, c.uraian, c.jenis_intervensi, "
    "  c.rhk_atasan_id::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
    " FROM r JOIN rhk c ON c.instansi_id = r.instansi_id AND c.rhk_atasan_id = r.id "
    "  JOIN skp cs ON cs.instansi_id = c.instansi_id AND cs.id = c.skp_id "
    "  JOIN pegawai p ON p.instansi_id = cs.instansi_id AND p.id = cs.pegawai_id "
    "UNION ALL SELECT 4, b.nilai, b.ekspektasi_khusus, b.urutan::text, b.id::text, "
    "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
    " FROM s JOIN skp_perilaku b ON b.instansi_id = s.instansi_id AND b.skp_id = s.id "
    "UNION ALL SELECT 5, l.jenis, l.uraian, l.urutan::text, l.id::text, "
    "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
    " FROM s JOIN skp_lampiran l ON l.instansi_id = s.instansi_id AND l.skp_id = s.id");
}

#define N(a) ((int)(sizeof a / sizeof a[0]))
/* skp_dokumen's members, in its order, split where a nested part comes in */
static const kn_api_jcol_t SKP_HEAD[] = {  /* from column C0 */
  {"id", KN_JC_NUM}, {"tahun", KN_JC_NUM}, {"periode_awal", KN_JC_DATE}, {"periode_akhir", KN_JC_DATE},
  {"jenis_skp", KN_JC_STR}, {"pendekatan", KN_JC_STR}, {"status", KN_JC_STR}, {"versi", KN_JC_NUM}};
enum { C_PEG_EXISTS = C0 + N(SKP_HEAD) };   /* the pegawai object, null when there is no row */
static const kn_api_jcol_t PEGAWAI[] = {{"nip", KN_JC_STR}, {"nama", KN_JC_STR}, {"jenis_asn", KN_JC_STR}};
static const kn_api_jcol_t SKP_MID[] = {   /* after the pegawai's columns */
  {"unor_id", KN_JC_NUM}, {"jabatan", KN_JC_STR}, {"jenis_jabatan", KN_JC_STR},
  {"pejabat_penilai", KN_JC_JSON}, {"atasan_penilai", KN_JC_JSON}};
static const kn_api_jcol_t SKP_TAIL[] = {  /* then, written after rhk, perilaku, lampiran */
  {"batas_waktu", KN_JC_DATE}, {"terlambat", KN_JC_BOOL}, {"ditetapkan_pengelola", KN_JC_BOOL},
  {"tanggal_diajukan", KN_JC_TS}, {"tanggal_ditetapkan", KN_JC_TS}, {"version", KN_JC_NUM},
  {"created_at", KN_JC_TS}, {"updated_at", KN_JC_TS}};
enum { C_PEGAWAI = C_PEG_EXISTS + 1, C_MID = C_PEGAWAI + N(PEGAWAI), C_TAIL = C_MID + N(SKP_MID),
       C_VERSION = C_TAIL + 5 /* SKP_TAIL's "version" */ };
/* rhk_dokumen's members before its indikator and diintervensi_oleh arrays */
static const kn_api_jcol_t RHK[] = {
  {"id", KN_JC_NUM}, {"skp_id", KN_JC_NUM}, {"jenis_rhk", KN_JC_STR}, {"uraian", KN_JC_STR},
  {"rhk_atasan_id", KN_JC_NUM}, {"jenis_intervensi", KN_JC_STR}, {"perspektif", KN_JC_STR},
  {"bobot", KN_JC_NUM}, {"urutan", KN_JC_NUM}, {"version", KN_JC_NUM}};
static const kn_api_jcol_t INDIKATOR[] = { /* indikator_json; rhk_id (C0+1) groups them */
  {"id", KN_JC_NUM}, {"rhk_id", KN_JC_NUM}, {"aspek", KN_JC_STR}, {"uraian", KN_JC_STR},
  {"target_min", KN_JC_NUM}, {"target_max", KN_JC_NUM}, {"satuan", KN_JC_STR}, {"target_teks", KN_JC_STR},
  {"arah", KN_JC_STR}, {"urutan", KN_JC_NUM}, {"version", KN_JC_NUM}};
static const kn_api_jcol_t INTERVENSI[] = { /* then the intervened RHK's id (C0+6) groups them */
  {"rhk_id", KN_JC_NUM}, {"skp_id", KN_JC_NUM}, {"nip", KN_JC_STR}, {"nama", KN_JC_STR},
  {"uraian", KN_JC_STR}, {"jenis_intervensi", KN_JC_STR}};
static const kn_api_jcol_t PERILAKU[] = {{"nilai", KN_JC_STR}, {"ekspektasi_khusus", KN_JC_STR}};
static const char *const LAMPIRAN[][2] = {{"dukungan_sumber_daya", "DUKUNGAN_SUMBER_DAYA"},
                                          {"skema_pertanggungjawaban", "SKEMA_PERTANGGUNGJAWABAN"},
                                          {"konsekuensi", "KONSEKUENSI"}};

typedef struct {
  const PGresult *res;
  int *at[NK]; /* at[k][j]: the result row of part k's j-th element in the document's order */
  int count[NK];
} parts_t;

/* "[{...}, {...}]" of the rows of part k whose column key_col equals key (all rows of k when
 * key is NULL), in the document's order */
static void json_array_of(kn_sb_t *sb, const parts_t *p, int k, int key_col, const char *key,
                          const kn_api_jcol_t *cols, int ncols) {
  kn_sb_append(sb, "[", 1);
  int written = 0;
  for (int j = 0; j < p->count[k]; j++) {
    int row = p->at[k][j];
    if (key && strcmp(PQgetvalue(p->res, row, key_col), key) != 0) continue;
    if (written++) kn_sb_append(sb, ", ", 2);
    kn_sb_append(sb, "{", 1);
    kn_api_row_members(sb, p->res, row, C0, cols, ncols);
    kn_sb_append(sb, "}", 1);
  }
  kn_sb_append(sb, "]", 1);
}

static void rhk_json(kn_sb_t *sb, const parts_t *p, int row) {
  const char *id = PQgetvalue(p->res, row, C0);
  kn_sb_append(sb, "{", 1);
  kn_api_row_members(sb, p->res, row, C0, RHK, N(RHK));
  kn_sb_puts(sb, ", \"indikator\" : ");
  json_array_of(sb, p, K_IND, C0 + 1, id, INDIKATOR, N(INDIKATOR));
  kn_sb_puts(sb, ", \"diintervensi_oleh\" : ");
  json_array_of(sb, p, K_INTV, C0 + 6, id, INTERVENSI, N(INTERVENSI));
  kn_sb_append(sb, "}", 1);
}

static void lampiran_json(kn_sb_t *sb, const parts_t *p) {
  kn_sb_append(sb, "{", 1);
  for (int s = 0; s < 3; s++) {
    kn_sb_printf(sb, "%s\"%s\" : [", s ? ", " : "", LAMPIRAN[s][0]);
    int written = 0;
    for (int j = 0; j < p->count[K_LAMPIRAN]; j++) {
      int row = p->at[K_LAMPIRAN][j];
      if (strcmp(PQgetvalue(p->res, row, C0), LAMPIRAN[s][1]) != 0) continue;
      if (written++) kn_sb_append(sb, ", ", 2);
      kn_sb_json_str(sb, PQgetvalue(p->res, row, C0 + 1));
    }
    kn_sb_append(sb, "]", 1);
  }
  kn_sb_append(sb, "}", 1);
}

/* A part's ORDER BY in skp_dokumen / rhk_dokumen: RHK by jenis_rhk DESC (UTAMA before TAMBAHAN,
 * the only values the schema allows, in any collation), urutan, id; indikator, perilaku and
 * lampiran by urutan, id; the intervening RHK by id. */
typedef struct {
  const char *desc; /* compared first, descending ("" for the parts without it) */
  long long a, b;
  int row;
} sort_key_t;

static int by_key(const void *x, const void *y) {
  const sort_key_t *p = x, *q = y;
  int c = strcmp(q->desc, p->desc);
  if (c) return c;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  return p->b < q->b ? -1 : p->b > q->b;
}

static sort_key_t sort_key(const PGresult *res, int k, int i) {
  sort_key_t s = {"", 0, 0, i};
  switch (k) {
    case K_RHK:
      s.desc = PQgetvalue(res, i, C0 + 2);
      s.a = atoll(PQgetvalue(res, i, C0 + 8));
      s.b = atoll(PQgetvalue(res, i, C0));
      break;
    case K_IND:
      s.a = atoll(PQgetvalue(res, i, C0 + 9));
      s.b = atoll(PQgetvalue(res, i, C0));
      break;
    case K_INTV: s.a = atoll(PQgetvalue(res, i, C0)); break;
    default: /* perilaku, lampiran: urutan and id after the two values */
      s.a = atoll(PQgetvalue(res, i, C0 + 2));
      s.b = atoll(PQgetvalue(res, i, C0 + 3));
      break;
  }
  return s;
}

/* Sort the rows into parts, each in the document's order; false when they are not one SKP's. */
static bool parts_of(parts_t *p, const PGresult *res, int *slots, sort_key_t *keys) {
  int nt = PQntuples(res);
  memset(p, 0, sizeof *p);
  p->res = res;
  for (int i = 0; i < nt; i++) {
    int k = atoi(PQgetvalue(res, i, 0));
    if (k < 0 || k >= NK) return false;
    p->count[k]++;
  }
  if (p->count[K_SKP] != 1) return false;
  int off = 0, fill[NK];
  for (int k = 0; k < NK; k++) { p->at[k] = slots + off; fill[k] = off; off += p->count[k]; }
  for (int i = 0; i < nt; i++) {
    int k = atoi(PQgetvalue(res, i, 0));
    keys[fill[k]++] = sort_key(res, k, i);
  }
  for (int k = 0; k < NK; k++) {
    sort_key_t *part = keys + (p->at[k] - slots);
    qsort(part, (size_t)p->count[k], sizeof *part, by_key);
    for (int j = 0; j < p->count[k]; j++) p->at[k][j] = part[j].row;
  }
  return true;
}

bool kn_api_skp_rows_json(kn_sb_t *sb, const PGresult *res, long long *version) {
  size_t nt = (size_t)PQntuples(res) + 1;
  int *slots = malloc(sizeof(int) * nt);
  sort_key_t *keys = malloc(sizeof(sort_key_t) * nt);
  if (!slots || !keys) abort();
  parts_t p;
  bool ok = parts_of(&p, res, slots, keys);
  if (ok) {
    int s = p.at[K_SKP][0];
    kn_sb_append(sb, "{", 1);
    kn_api_row_members(sb, res, s, C0, SKP_HEAD, N(SKP_HEAD));
    kn_sb_puts(sb, ", \"pegawai\" : ");
    if (PQgetvalue(res, s, C_PEG_EXISTS)[0] == 't') {
      kn_sb_append(sb, "{", 1);
      kn_api_row_members(sb, res, s, C_PEGAWAI, PEGAWAI, N(PEGAWAI));
      kn_sb_append(sb, "}", 1);
    } else {
      kn_sb_append(sb, "null", 4);
    }
    kn_sb_append(sb, ", ", 2);
    kn_api_row_members(sb, res, s, C_MID, SKP_MID, N(SKP_MID));
    kn_sb_puts(sb, ", \"rhk\" : [");
    for (int j = 0; j < p.count[K_RHK]; j++) {
      if (j) kn_sb_append(sb, ", ", 2);
      rhk_json(sb, &p, p.at[K_RHK][j]);
    }
    kn_sb_puts(sb, "], \"perilaku\" : ");
    json_array_of(sb, &p, K_PERILAKU, 0, NULL, PERILAKU, N(PERILAKU));
    kn_sb_puts(sb, ", \"lampiran\" : ");
    lampiran_json(sb, &p);
    kn_sb_append(sb, ", ", 2);
    kn_api_row_members(sb, res, s, C_TAIL, SKP_TAIL, N(SKP_TAIL));
    kn_sb_append(sb, "}", 1);
    *version = atoll(PQgetvalue(res, s, C_VERSION));
  }
  free(slots);
  free(keys);
  return ok;
}
