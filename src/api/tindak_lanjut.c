/* Follow-up (tindak lanjut): GET /v1/angka-kredit, /v1/peringkat, /v1/pppk/rekomendasi-kontrak,
 * /v1/tindak-lanjut, POST /v1/tindak-lanjut/{id}/keputusan, GET/PUT /v1/aturan/tindak-lanjut.
 * Owner: api (follow-up). One SQL document of annual results per request (the ranking: one
 * compact row per pegawai, tl_peringkat); the arithmetic,
 * ordering and rule firing are src/domain/tindak_lanjut.c. The system advises, people decide. */
#include "kinerja/api.h"
#include "kinerja/api_distribusi.h"
#include "kinerja/api_export.h"
#include "kinerja/db.h"
#include "kinerja/domain_tindak_lanjut.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_DATA = -1, S_RANK = -1, S_RULES = -1, S_RULES_PUT = -1, S_DECIDE = -1;


static dom_predikat_t predikat_of(json_t *o) {
  int i = kn_api_predikat_index(kn_jstr(o, "predikat"));
  return i < 0 ? DOM_PREDIKAT_INVALID : (dom_predikat_t)(i + 1);
}

/* ?tahun= (required) and optional ?unor_id=, ?jenis_jabatan=; then statement `stmt` over them
 * (and one_nip when the statement takes four parameters). NULL after answering the error. */
static PGresult *query(kn_http_req_t *r, int *tahun, int stmt, int nparams, const char *one_nip) {
  char th[24], u[24];
  const char *th_p, *u_p, *jj = kn_http_query(r, "jenis_jabatan");
  if (!kn_api_can_read(r) || !kn_api_query_int(r, "tahun", th, &th_p) || !kn_api_query_int(r, "unor_id", u, &u_p)) return NULL;
  if (!th_p && !tahun[0]) kn_http_field_error(r, "tahun", "required", "Wajib diisi", "Required");
  if (r->nfield_errors) { kn_api_fail_validation(r); return NULL; }
  if (th_p) *tahun = atoi(th_p);
  char tbuf[16];
  snprintf(tbuf, sizeof tbuf, "%d", *tahun);
  const char *v[4] = {tbuf, u_p, jj, one_nip};
  return kn_api_one(r, true, stmt, nparams, v);
}

/* whole-instansi aggregates: a hard cap rather than pages (a ranking is one ordering) */
static bool cap_ok(kn_http_req_t *r, size_t n) {
  return kn_api_list_cap_ok(r, n, "?unor_id= (satu Perangkat Daerah) atau ?jenis_jabatan=", "?unor_id= (one Perangkat Daerah) or ?jenis_jabatan=");
}

/* The data document of tl_data. */
static json_t *load(kn_http_req_t *r, int *tahun, const char *one_nip) {
  PGresult *res = query(r, tahun, S_DATA, 4, one_nip);
  if (!res) return NULL;
  json_t *d = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  PQclear(res);
  if (!cap_ok(r, json_array_size(d))) { json_decref(d); return NULL; }
  return d;
}

static void angka_kredit(kn_http_req_t *r) {
  int tahun = 0;
  json_t *d = load(r, &tahun, NULL);
  if (!d) return;
  json_t *items = json_array();
  size_t i;
  json_t *p;
  json_array_foreach(d, i, p) {
    if (strcmp(kn_jstr(p, "jenis_jabatan"), "FUNGSIONAL") != 0) continue;
    double koef = json_number_value(json_object_get(p, "koefisien")), total = 0;
    int months_total = 0;
    bool review = !json_object_get(p, "koefisien") || json_is_null(json_object_get(p, "koefisien"));
    json_t *segs = json_array(), *s;
    size_t k;
    const char *last = NULL;
    json_array_foreach(json_object_get(p, "segmen"), k, s) {
      int y1, m1, d1, y2, m2, d2;
      sscanf(kn_jstr(s, "periode_awal"), "%d-%d-%d", &y1, &m1, &d1);
      sscanf(kn_jstr(s, "periode_akhir"), "%d-%d-%d", &y2, &m2, &d2);
      int months = dom_months_between(y1, m1, y2, m2);
      dom_predikat_t pr = predikat_of(s);
      double ak = pr == DOM_PREDIKAT_INVALID ? 0 : dom_angka_kredit(pr, koef, months);
      if (pr == DOM_PREDIKAT_INVALID) review = true;
      else last = kn_jstr(s, "predikat");
      total += ak;
      months_total += months;
      json_array_append_new(segs, json_pack("{s:O, s:O, s:i, s:O, s:i, s:f}", "periode_awal", json_object_get(s, "periode_awal"),
                                            "periode_akhir", json_object_get(s, "periode_akhir"), "bulan", months,
                                            "predikat", json_object_get(s, "predikat"), "persen", dom_ak_persen(pr), "angka_kredit", ak));
    }
    if (json_array_size(segs) == 0) review = true;
    json_array_append_new(items, json_pack("{s:O, s:O, s:O, s:O, s:i, s:s?, s:f, s:b, s:o}", "nip", json_object_get(p, "nip"),
                                           "nama", json_object_get(p, "nama"), "jenjang_jf", json_object_get(p, "jenjang_jf"),
                                           "koefisien", json_object_get(p, "koefisien"), "bulan", months_total, "predikat", last,
                                           "total_angka_kredit", total, "perlu_tinjauan", review, "segmen", segs));
  }
  json_decref(d);
  static const char *const COLS[] = {"nip", "nama", "jenjang_jf", "koefisien", "bulan", "predikat", "total_angka_kredit",
                                     "perlu_tinjauan", NULL};
  kn_api_respond_list(r, items, json_pack("{s:i}", "tahun", tahun), COLS, "angka-kredit.csv");
}

/* Columns of tl_peringkat (sql/functions/tindak_lanjut.sql). */
enum { C_NIP, C_NAMA, C_JJ, C_UNOR, C_ADA, C_PRED, C_HK, C_PK, C_PB, C_ORG };

typedef struct ranked { dom_rank_keys_t k; int row; const char *nip; } ranked_t;

static int by_keys(const void *a, const void *b) {
  const ranked_t *x = a, *y = b;
  int c = dom_rank_compare(&x->k, &y->k);
  return c ? c : strcmp(x->nip, y->nip); /* stable, documented tie order */
}

static int rating_score(const char *s) {
  if (!s) return 0;
  return strcmp(s, "DI_ATAS_EKSPEKTASI") == 0 ? 3 : strcmp(s, "SESUAI_EKSPEKTASI") == 0 ? 2 : 1;
}

static int org_score(const char *s) {
  static const char *const O[] = {"SANGAT_KURANG", "KURANG", "BUTUH_PERBAIKAN", "BAIK", "ISTIMEWA"};
  for (int i = 0; s && i < 5; i++) if (strcmp(O[i], s) == 0) return i + 1;
  return 0;
}

static const char *cell(const PGresult *res, int row, int col) {
  return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

static json_t *cell_json(const PGresult *res, int row, int col) {
  const char *v = cell(res, row, col);
  return v ? json_string(v) : json_null();
}

static void peringkat(kn_http_req_t *r) {
  int tahun = 0;
  PGresult *res = query(r, &tahun, S_RANK, 3, NULL);
  if (!res) return;
  int n = PQntuples(res);
  if (!cap_ok(r, (size_t)n)) { PQclear(res); return; }
  ranked_t *rows = calloc((size_t)(n ? n : 1), sizeof *rows);
  json_t *review = json_array();
  int m = 0;
  for (int i = 0; i < n; i++) {
    const char *pred = cell(res, i, C_PRED);
    int pi = kn_api_predikat_index(pred);
    if (pi < 0) {
      /* incomplete data is listed for review, never silently ranked last */
      json_array_append_new(review, json_pack("{s:s, s:s, s:I, s:s}", "nip", PQgetvalue(res, i, C_NIP),
                                              "nama", PQgetvalue(res, i, C_NAMA), "unor_id", (json_int_t)atoll(PQgetvalue(res, i, C_UNOR)),
                                              "alasan", PQgetvalue(res, i, C_ADA)[0] == 't' ? "Hasil tahunan belum ditetapkan"
                                                                                          : "Tidak ada SKP tahun ini"));
      continue;
    }
    rows[m].row = i;
    rows[m].nip = PQgetvalue(res, i, C_NIP);
    rows[m].k.predikat = 6 - (pi + 1);
    rows[m].k.hasil_kerja = rating_score(cell(res, i, C_HK));
    rows[m].k.perilaku = rating_score(cell(res, i, C_PK));
    rows[m].k.periodik_baik = atoi(PQgetvalue(res, i, C_PB));
    rows[m].k.organisasi = org_score(cell(res, i, C_ORG));
    m++;
  }
  qsort(rows, (size_t)m, sizeof *rows, by_keys);
  dom_rank_keys_t *keys = calloc((size_t)(m ? m : 1), sizeof *keys);
  int *ranks = calloc((size_t)(m ? m : 1), sizeof *ranks);
  for (int j = 0; j < m; j++) keys[j] = rows[j].k;
  dom_rank_dense(keys, m, ranks);
  json_t *items = json_array();
  for (int j = 0; j < m; j++) {
    int i = rows[j].row;
    json_array_append_new(items, json_pack("{s:i, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:i, s:o}", "peringkat", ranks[j],
      "nip", rows[j].nip, "nama", PQgetvalue(res, i, C_NAMA), "jenis_jabatan", PQgetvalue(res, i, C_JJ),
      "unor_id", (json_int_t)atoll(PQgetvalue(res, i, C_UNOR)), "predikat", cell_json(res, i, C_PRED),
      "rating_hasil_kerja", cell_json(res, i, C_HK), "rating_perilaku", cell_json(res, i, C_PK),
      "periodik_baik", rows[j].k.periodik_baik, "predikat_organisasi", cell_json(res, i, C_ORG)));
  }
  free(rows);
  free(keys);
  free(ranks);
  PQclear(res);
  json_t *extra = json_pack("{s:i, s:o, s:[sssss]}", "tahun", tahun, "perlu_tinjauan", review, "urutan_kunci", "predikat",
                            "rating_hasil_kerja", "rating_perilaku", "periodik_baik", "predikat_organisasi");
  static const char *const COLS[] = {"peringkat", "nip", "nama", "jenis_jabatan", "predikat", "rating_hasil_kerja",
                                     "rating_perilaku", "periodik_baik", "predikat_organisasi", NULL};
  kn_api_respond_list(r, items, extra, COLS, "peringkat.csv");
}

static void pppk(kn_http_req_t *r) {
  char b[24];
  const char *b_p;
  if (!kn_api_query_int(r, "bulan", b, &b_p)) return;
  int months = b_p ? atoi(b_p) : 6, tahun = 0;
  json_t *d = load(r, &tahun, NULL);
  if (!d) return;
  dom_date_t today = kn_api_today();
  long limit = dom_date_days(today) + months * 31L;
  json_t *items = json_array(), *p;
  size_t i;
  json_array_foreach(d, i, p) {
    dom_date_t end;
    if (strcmp(kn_jstr(p, "jenis_asn"), "PPPK") != 0 || !dom_date_parse(kn_jstr(p, "kontrak_selesai"), &end)) continue;
    if (dom_date_days(end) > limit) continue;
    json_t *year = json_array_get(json_object_get(p, "tahunan"), 0);
    dom_predikat_t pr = year && json_integer_value(json_object_get(year, "tahun")) == tahun ? predikat_of(year)
                                                                                            : DOM_PREDIKAT_INVALID;
    if (pr < DOM_PREDIKAT_BUTUH_PERBAIKAN) continue;  /* BAIK or better, or no result yet */
    json_array_append_new(items, json_pack("{s:O, s:O, s:O, s:s, s:O}", "nip", json_object_get(p, "nip"),
                                           "nama", json_object_get(p, "nama"), "kontrak_selesai",
                                           json_object_get(p, "kontrak_selesai"), "predikat", dom_predikat_name(pr),
                                           "riwayat", json_object_get(p, "tahunan")));
  }
  json_decref(d);
  static const char *const COLS[] = {"nip", "nama", "kontrak_selesai", "predikat", NULL};
  kn_api_respond_list(r, items, json_pack("{s:i, s:i}", "tahun", tahun, "bulan", months), COLS, "pppk-rekomendasi.csv");
}

/* Rules in force for the year, from the data table, as domain rules. */
static json_t *load_rules(kn_http_req_t *r, int tahun) {
  char t[16];
  snprintf(t, sizeof t, "%d", tahun);
  const char *v = t;
  PGresult *res = kn_api_one(r, true, S_RULES, 1, &v);
  if (!res) return NULL;
  json_t *j = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  PQclear(res);
  return j;
}

static int to_domain_rules(json_t *rules, dom_tl_rule_t *out, int cap) {
  int n = 0;
  size_t i;
  json_t *a;
  json_array_foreach(json_object_get(rules, "aturan"), i, a) {
    if (n >= cap) break;
    memset(&out[n], 0, sizeof out[n]);
    snprintf(out[n].kode, sizeof out[n].kode, "%s", kn_jstr(a, "kode"));
    out[n].tahun_berturut = (int)json_integer_value(json_object_get(a, "tahun_berturut"));
    size_t k;
    json_t *p;
    json_array_foreach(json_object_get(a, "predikat"), k, p) {
      int idx = kn_api_predikat_index(json_string_value(p));
      if (idx >= 0) out[n].predikat_set |= 1u << idx;
    }
    n++;
  }
  return n;
}

/* Recommendations of one pegawai for `tahun`, appended to items (with decisions merged). */
static void recommend(json_t *p, int tahun, json_t *rules, json_t *items) {
  dom_predikat_t hist[8];
  int ny = 0;
  size_t i;
  json_t *y;
  /* history[0] = tahun, [1] = tahun-1, ...; a missing year breaks the run */
  json_array_foreach(json_object_get(p, "tahunan"), i, y) {
    int yr = (int)json_integer_value(json_object_get(y, "tahun"));
    while (ny < 8 && tahun - ny > yr) hist[ny++] = DOM_PREDIKAT_INVALID;
    if (ny < 8 && tahun - ny == yr) hist[ny++] = predikat_of(y);
  }
  dom_tl_rule_t dr[16];
  int nr = to_domain_rules(rules, dr, 16);
  for (int k = 0; k < nr; k++) {
    if (!dom_tl_rule_fires(&dr[k], hist, ny)) continue;
    json_t *a = json_array_get(json_object_get(rules, "aturan"), (size_t)k);
    char id[96], due[16] = "";
    snprintf(id, sizeof id, "%.24s-%d-%.47s", kn_jstr(p, "nip"), tahun, dr[k].kode);
    json_t *tb = json_object_get(a, "tenggat_bulan");
    if (json_is_integer(tb)) {
      dom_date_t first = {tahun + 1, (int)json_integer_value(tb) % 12 + 1, 1};
      if (json_integer_value(tb) >= 12) first.y += (int)(json_integer_value(tb) / 12);
      dom_date_t last = dom_date_from_days(dom_date_days(first) - 1); /* end of the tenggat month */
      snprintf(due, sizeof due, "%04d-%02d-%02d", last.y, last.m, last.d);
    }
    json_t *dec = NULL, *dd;
    size_t j;
    json_array_foreach(json_object_get(p, "keputusan"), j, dd)
      if (strcmp(kn_jstr(dd, "kasus"), id) == 0) dec = dd;
    json_array_append_new(items, json_pack("{s:s, s:O, s:O, s:i, s:s, s:O, s:s?, s:s, s:O}", "id", id,
      "nip", json_object_get(p, "nip"), "nama", json_object_get(p, "nama"), "tahun", tahun, "kode", dr[k].kode,
      "rekomendasi", json_object_get(a, "rekomendasi"), "tenggat", due[0] ? due : NULL,
      "status", dec ? kn_jstr(dec, "keputusan") : "TERBUKA", "keputusan", dec ? dec : json_null()));
  }
}

static void tindak_lanjut(kn_http_req_t *r) {
  int tahun = 0;
  json_t *d = load(r, &tahun, NULL);
  if (!d) return;
  json_t *rules = load_rules(r, tahun);
  if (!rules) { json_decref(d); return; }
  json_t *items = json_array(), *p;
  size_t i;
  json_array_foreach(d, i, p) recommend(p, tahun, rules, items);
  json_t *extra = json_pack("{s:i, s:O}", "tahun", tahun, "aturan_berlaku_mulai", json_object_get(rules, "berlaku_mulai"));
  json_decref(d);
  json_decref(rules);
  static const char *const COLS[] = {"id", "nip", "nama", "tahun", "kode", "rekomendasi", "tenggat", "status", NULL};
  kn_api_respond_list(r, items, extra, COLS, "tindak-lanjut.csv");
}

static const kn_api_field_spec_t DECIDE_SPEC[] = {
  {"keputusan", KN_F_ENUM, true, false, 0, dom_ref_keputusan_tindak_lanjut_kode},
  {"alasan", KN_F_STRING, true, false, 2000, NULL},
  {"pejabat", KN_F_STRING, true, false, 300, NULL},
};

static void decide(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM | KN_ROLE_ADMIN_PD)) return;
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  if (kn_api_validate(r, b, DECIDE_SPEC, 3, false, NULL)) { json_decref(b); kn_api_fail_validation(r); return; }
  /* the id names the recommendation: <nip>-<tahun>-<kode>; it must fire now to be decided */
  char nip[24] = "", kode[64] = "";
  int tahun = 0;
  const char *id = r->params[0];
  if (sscanf(id, "%18[0-9]-%d-%63[A-Z0-9_]", nip, &tahun, kode) != 3) {
    json_decref(b);
    kn_http_problem(r, "not_found", "Rekomendasi tidak ditemukan", "Recommendation not found");
    return;
  }
  json_t *d = load(r, &tahun, nip), *rules = d ? load_rules(r, tahun) : NULL;
  json_t *items = json_array(), *found = NULL, *it;
  size_t i;
  if (d && rules) json_array_foreach(d, i, it) recommend(it, tahun, rules, items);
  json_array_foreach(items, i, it) if (strcmp(kn_jstr(it, "id"), id) == 0) found = it;
  if (r->status) { /* load answered an error */
  } else if (!found) {
    kn_http_problem(r, "not_found", "Rekomendasi tidak ditemukan", "Recommendation not found");
  } else {
    char th[16], *bt = json_dumps(b, JSON_COMPACT);
    snprintf(th, sizeof th, "%d", tahun);
    const char *v[6] = {id, th, kode, kn_jstr(found, "rekomendasi"), kn_jstr(found, "tenggat"), bt};
    PGresult *res = kn_api_one(r, false, S_DECIDE, 6, v);
    free(bt);
    if (res) { kn_http_respond_json(r, 201, PQgetvalue(res, 0, 0)); PQclear(res); }
  }
  json_decref(items);
  json_decref(d);
  json_decref(rules);
  json_decref(b);
}

static void rules_get(kn_http_req_t *r) {
  char th[24];
  const char *th_p;
  if (!kn_api_can_read(r) || !kn_api_query_int(r, "tahun", th, &th_p)) return;
  json_t *j = load_rules(r, th_p ? atoi(th_p) : kn_api_today().y);
  if (!j) return;
  char *text = json_dumps(j, JSON_COMPACT);
  kn_http_respond_json(r, 200, text);
  free(text);
  json_decref(j);
}


static void rules_put(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM)) return;
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  static const kn_api_field_spec_t TOP[] = {{"berlaku_mulai", KN_F_DATE, true, false, 0, NULL},
                                        {"aturan", KN_F_STRING, true, false, 0, NULL}};
  /* "predikat" (an array) is checked separately below */
  static const kn_api_field_spec_t RULE[] = {
    {"kode", KN_F_STRING, true, false, 48, NULL}, {"tahun_berturut", KN_F_INT, true, false, 0, NULL},
    {"rekomendasi", KN_F_STRING, true, false, 1000, NULL}, {"tenggat_bulan", KN_F_INT, false, true, 0, NULL}};
  json_t *aturan = json_object_get(b, "aturan");
  json_t *top = json_deep_copy(b);
  json_object_del(top, "aturan");
  kn_api_validate(r, top, TOP, 1, false, NULL);
  json_decref(top);
  if (!json_is_array(aturan) || json_array_size(aturan) == 0 || json_array_size(aturan) > 16) {
    kn_http_field_error(r, "aturan", "invalid_type", "Larik 1 sampai 16 aturan", "An array of 1 to 16 rules");
  } else {
    size_t i;
    json_t *a;
    json_array_foreach(aturan, i, a) {
      char pre[32];
      snprintf(pre, sizeof pre, "aturan[%zu].", i);
      json_t *copy = json_is_object(a) ? json_deep_copy(a) : json_object();
      json_t *ps = json_object_get(a, "predikat");
      json_object_del(copy, "predikat");
      kn_api_validate(r, copy, RULE, 4, false, pre);
      json_decref(copy);
      bool ok = json_is_array(ps) && json_array_size(ps) > 0;
      size_t k;
      json_t *p;
      json_array_foreach(ps, k, p) if (!kn_api_enum_has(dom_ref_predikat.codes, json_string_value(p))) ok = false;
      if (!ok) {
        char f[48];
        snprintf(f, sizeof f, "%spredikat", pre);
        kn_http_field_error(r, f, "invalid_enum", "Larik predikat yang dikenal", "An array of known predikat");
      }
    }
  }
  if (r->nfield_errors) { json_decref(b); kn_api_fail_validation(r); return; }
  char *text = json_dumps(b, JSON_COMPACT);
  json_decref(b);
  const char *v = text;
  PGresult *res = kn_api_one(r, false, S_RULES_PUT, 1, &v);
  free(text);
  if (!res) return;
  kn_http_respond_json(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

void kn_api_tindak_lanjut_register(void) {
  S_DATA = kn_db_register("tl_data", "SELECT tl_data($1::int, $2::bigint, $3, $4)::text");
  S_RANK = kn_db_register("tl_peringkat", "SELECT * FROM tl_peringkat($1::int, $2::bigint, $3)");
  S_RULES = kn_db_register("tl_rules", "SELECT tl_rules($1::int)::text");
  S_RULES_PUT = kn_db_register("tl_rules_put", "SELECT api_tl_rules_put($1::jsonb)::text");
  S_DECIDE = kn_db_register("tl_decide", "SELECT api_tl_keputusan($1, $2::int, $3, $4, $5::date, $6::jsonb)::text");
  kn_http_route("GET", "/v1/angka-kredit", angka_kredit, 0);
  kn_http_route("GET", "/v1/peringkat", peringkat, 0);
  kn_http_route("GET", "/v1/pppk/rekomendasi-kontrak", pppk, 0);
  kn_http_route("GET", "/v1/tindak-lanjut", tindak_lanjut, 0);
  kn_http_route("POST", "/v1/tindak-lanjut/{id}/keputusan", decide, 0);
  kn_http_route("GET", "/v1/aturan/tindak-lanjut", rules_get, 0);
  kn_http_route("PUT", "/v1/aturan/tindak-lanjut", rules_put, 0);
}
