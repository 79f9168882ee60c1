/* Talent map (manajemen talenta, Permen PANRB 3/2020): GET /v1/talenta?tahun=&unor_id= as JSON,
 * CSV (Accept: text/csv) or a 3x3 SVG chart (?format=svg or Accept: image/svg+xml), and the 9-box
 * mapping table GET/PUT /v1/aturan/talenta. Owner: api (talent). The facts come as rows from
 * talenta_baris() and the mapping in force from talenta_kotak_rules() (sql/functions/talenta.sql)
 * in one snapshot; the placement is dom_talenta_place (src/domain/talenta.c). The JSON answer of a
 * whole instansi (10,000 pegawai) is written straight from the rows (bench/run-talenta). */
#include "kinerja/api.h"
#include "kinerja/api_export.h"
#include "kinerja/api_talenta.h"
#include "kinerja/db.h"
#include "kinerja/strbuf.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_DATA = -1, S_RULES = -1, S_RULES_PUT = -1;

/* talenta_baris() columns, in order */
static const char *const COL[KN_TL_NCOL] = {
  "nip", "nama", "jenis_jabatan", "jenjang_jf", "jabatan", "unor_id", "status_pegawai", "evaluasi_id",
  "hasil_ditetapkan", "predikat", "rating_hasil_kerja", "rating_perilaku", "periodik_baik", "predikat_organisasi",
  "potensi_id", "potensi_tanggal", "potensi_sumber", "potensi_level"};
/* which of them are JSON numbers or booleans rather than strings */
static bool col_raw(int c) { return c == KN_TL_UNOR || c == KN_TL_EVAL || c == KN_TL_SET || c == KN_TL_PB || c == KN_TL_POT_ID; }

static dom_predikat_t predikat_of(const char *name) {
  static const char *const P[] = {"SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG"};
  for (int i = 0; name && i < 5; i++) if (strcmp(P[i], name) == 0) return (dom_predikat_t)(i + 1);
  return DOM_PREDIKAT_INVALID;
}

const char *kn_api_talenta_get(const kn_api_talenta_t *t, int i, int col) {
  return PQgetisnull(t->res, i, col) ? NULL : PQgetvalue(t->res, i, col);
}

/* The mapping document's cells as the domain's table; false when it is not a complete 9-box. */
static bool peta_of(json_t *rules, dom_talenta_peta_t *m) {
  memset(m, 0, sizeof *m);
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(rules, "kotak"), i, c) {
    dom_talenta_kinerja_t k = dom_talenta_kinerja_from_name(kn_jstr(c, "kinerja"));
    dom_talenta_potensi_t p = dom_talenta_potensi_from_name(kn_jstr(c, "potensi"));
    if (k == DOM_TK_INVALID || p == DOM_TP_INVALID) return false;
    m->sel[k][p] = (dom_talenta_sel_t){(int)kn_jint(c, "kotak"), kn_jtrue(c, "talent_pool"), (int)i};
  }
  return dom_talenta_peta_valid(m);
}

bool kn_api_talenta_load(kn_http_req_t *r, int tahun, const char *uid, kn_api_talenta_t *t) {
  char th[16], at[16];
  snprintf(th, sizeof th, "%d", tahun);
  snprintf(at, sizeof at, "%04d-12-31", tahun);
  const char *vd[2] = {th, uid}, *vr[1] = {at};
  kn_db_query_t q[2] = {{.stmt = S_RULES, .nparams = 1, .values = vr}, {.stmt = S_DATA, .nparams = 2, .values = vd}};
  kn_db_error_t err;
  memset(t, 0, sizeof *t);
  if (kn_api_tx(r, true, q, 2, &err) != 0) { kn_api_db_fail(r, &err); return false; }
  t->rules = json_loads(PQgetvalue(q[0].result, 0, 0), 0, NULL);
  PQclear(q[0].result);
  t->res = q[1].result;
  t->n = PQntuples(t->res);
  if (!t->rules || !peta_of(t->rules, &t->peta)) {
    kn_api_talenta_free(t);
    kn_http_problem(r, "internal", "Tabel 9 kotak tidak lengkap", "The 9-box table is incomplete");
    return false;
  }
  t->row = calloc((size_t)t->n + 1, sizeof *t->row);
  for (int i = 0; i < t->n; i++) {
    const dom_talenta_sel_t *sel;
    dom_predikat_t pr = predikat_of(kn_api_talenta_get(t, i, KN_TL_PRED));
    t->row[i].status = dom_talenta_place(&t->peta, pr, dom_talenta_potensi_from_name(kn_api_talenta_get(t, i, KN_TL_POT_LEVEL)), &sel);
    t->row[i].kinerja = dom_talenta_kinerja(pr);
    t->row[i].cell = sel ? json_array_get(json_object_get(t->rules, "kotak"), (size_t)sel->ref) : NULL;
    t->row[i].kotak = sel ? sel->kotak : 0;
    t->row[i].talent_pool = sel && sel->talent_pool;
  }
  return true;
}

void kn_api_talenta_free(kn_api_talenta_t *t) {
  PQclear(t->res);
  json_decref(t->rules);
  free(t->row);
  memset(t, 0, sizeof *t);
}

/* Why the box (or which data is missing), in words. */
static void why(const kn_api_talenta_t *t, int i, char *out, size_t cap) {
  const char *pred = kn_api_talenta_get(t, i, KN_TL_PRED), *lvl = kn_api_talenta_get(t, i, KN_TL_POT_LEVEL);
  int n;
  if (pred)
    n = snprintf(out, cap, "Predikat tahunan %s (hasil kerja %s, perilaku %s): kinerja %s", pred,
                 kn_api_talenta_get(t, i, KN_TL_HK), kn_api_talenta_get(t, i, KN_TL_PK),
                 dom_talenta_kinerja_name(t->row[i].kinerja));
  else
    n = snprintf(out, cap, "%s", kn_api_talenta_get(t, i, KN_TL_EVAL) ? "Hasil tahunan belum ditetapkan"
                                                                       : "Tidak ada evaluasi akhir tahun");
  if (n < 0 || (size_t)n >= cap) return;
  if (lvl)
    snprintf(out + n, cap - (size_t)n, "; potensi %s (%s, %s)", lvl, kn_api_talenta_get(t, i, KN_TL_POT_SUMBER),
             kn_api_talenta_get(t, i, KN_TL_POT_TGL));
  else
    snprintf(out + n, cap - (size_t)n, "; belum ada hasil penilaian potensi");
}

/* One item as JSON text: the facts, the assessment used, then the placement. */
static void item_json(kn_sb_t *sb, const kn_api_talenta_t *t, int i) {
  char text[512];
  kn_sb_puts(sb, "{");
  for (int c = 0; c < KN_TL_POT_ID; c++) {
    const char *v = kn_api_talenta_get(t, i, c);
    kn_sb_printf(sb, "\"%s\":", COL[c]);
    if (!v) kn_sb_puts(sb, "null");
    else if (c == KN_TL_SET) kn_sb_puts(sb, v[0] == 't' ? "true" : "false");
    else if (col_raw(c)) kn_sb_puts(sb, v);
    else kn_sb_json_str(sb, v);
    kn_sb_puts(sb, ",");
  }
  const char *lvl = kn_api_talenta_get(t, i, KN_TL_POT_LEVEL);
  if (lvl) {
    kn_sb_printf(sb, "\"potensi\":{\"id\":%s,\"tanggal\":\"%s\",\"sumber\":\"%s\",\"level\":\"%s\"},",
                 kn_api_talenta_get(t, i, KN_TL_POT_ID), kn_api_talenta_get(t, i, KN_TL_POT_TGL),
                 kn_api_talenta_get(t, i, KN_TL_POT_SUMBER), lvl);  /* a date and enum values: nothing to escape */
  } else {
    kn_sb_puts(sb, "\"potensi\":null,");
  }
  const kn_api_talenta_row_t *w = &t->row[i];
  if (w->kotak) {
    kn_sb_printf(sb, "\"kinerja\":\"%s\",\"potensi_level\":\"%s\",\"kotak\":%d,\"label\":",
                 dom_talenta_kinerja_name(w->kinerja), lvl, w->kotak);
    kn_sb_json_str(sb, kn_jstr(w->cell, "label"));
    kn_sb_puts(sb, ",\"rekomendasi\":");
    kn_sb_json_str(sb, kn_jstr(w->cell, "rekomendasi"));
  } else {
    kn_sb_puts(sb, "\"kinerja\":null,\"potensi_level\":");
    if (lvl) kn_sb_printf(sb, "\"%s\"", lvl);
    else kn_sb_puts(sb, "null");
    kn_sb_puts(sb, ",\"kotak\":null,\"label\":null,\"rekomendasi\":null");
  }
  kn_sb_printf(sb, ",\"talent_pool\":%s,\"status\":\"%s\",\"alasan\":", w->talent_pool ? "true" : "false",
               dom_talenta_status_name(w->status));
  why(t, i, text, sizeof text);
  kn_sb_json_str(sb, text);
  kn_sb_puts(sb, "}");
}

json_t *kn_api_talenta_item(const kn_api_talenta_t *t, int i) {
  kn_sb_t sb;
  kn_sb_init(&sb);
  item_json(&sb, t, i);
  json_t *j = json_loadb(sb.data, sb.len, 0, NULL);
  kn_sb_free(&sb);
  return j;
}

/* ?tahun= (required, 2000-2100) and ?unor_id=; false after answering 422. */
bool kn_api_talenta_params(kn_http_req_t *r, bool tahun_required, int *tahun, char uid[24], const char **uid_p) {
  char th[24];
  const char *th_p;
  if (!kn_api_query_int(r, "tahun", th, &th_p) || !kn_api_query_int(r, "unor_id", uid, uid_p)) return false;
  if (th_p && (atoi(th_p) < 2000 || atoi(th_p) > 2100))
    kn_http_field_error(r, "tahun", "out_of_range", "Tahun 2000 sampai 2100", "Year 2000 to 2100");
  else if (!th_p && tahun_required)
    kn_http_field_error(r, "tahun", "required", "Wajib diisi", "Required");
  if (r->nfield_errors) { kn_api_fail_validation(r); return false; }
  *tahun = th_p ? atoi(th_p) : kn_api_today().y - 1;
  return true;
}

static void svg(kn_http_req_t *r, const kn_api_talenta_t *t, int tahun) {
  int count[10] = {0}, missing = 0;
  for (int i = 0; i < t->n; i++) {
    if (t->row[i].kotak) count[t->row[i].kotak]++;
    else missing++;
  }
  kn_sb_t sb;
  kn_sb_init(&sb);
  kn_sb_printf(&sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"560\" font-family=\"sans-serif\" "
               "font-size=\"12\" role=\"img\"><title>Peta talenta %d</title><rect width=\"640\" height=\"560\" fill=\"#fff\"/>"
               "<text x=\"20\" y=\"24\" font-size=\"15\">Peta talenta %d (kinerja x potensi)</text>", tahun, tahun);
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(t->rules, "kotak"), i, c) {
    int k = dom_talenta_kinerja_from_name(kn_jstr(c, "kinerja")), p = dom_talenta_potensi_from_name(kn_jstr(c, "potensi"));
    int x = 100 + k * 170, y = 40 + (2 - p) * 150, n = (int)kn_jint(c, "kotak");
    kn_sb_printf(&sb, "<g class=\"kotak\" data-kotak=\"%d\" data-jumlah=\"%d\"><rect x=\"%d\" y=\"%d\" width=\"166\" "
                 "height=\"146\" fill=\"%s\" stroke=\"#555\"/><text x=\"%d\" y=\"%d\" font-size=\"18\">%d</text>"
                 "<text x=\"%d\" y=\"%d\" font-size=\"26\">%d</text><text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text></g>",
                 n, count[n], x, y,
                 kn_jtrue(c, "talent_pool") ? "#bbf7d0" : k == DOM_TK_DI_BAWAH ? "#fecaca" : "#fde68a",
                 x + 8, y + 22, n, x + 70, y + 85, count[n], x + 8, y + 135, kn_jtrue(c, "talent_pool") ? "talent pool" : "");
  }
  kn_sb_puts(&sb, "<text x=\"20\" y=\"120\">Potensi</text><text x=\"20\" y=\"140\" font-size=\"10\">tinggi</text>"
                  "<text x=\"20\" y=\"290\" font-size=\"10\">menengah</text><text x=\"20\" y=\"440\" font-size=\"10\">rendah</text>"
                  "<text x=\"130\" y=\"510\" font-size=\"10\">di bawah ekspektasi</text><text x=\"300\" y=\"510\" "
                  "font-size=\"10\">sesuai ekspektasi</text><text x=\"470\" y=\"510\" font-size=\"10\">di atas ekspektasi</text>"
                  "<text x=\"300\" y=\"528\">Kinerja</text>");
  kn_sb_printf(&sb, "<text x=\"20\" y=\"550\" data-belum-dipetakan=\"%d\">Belum dipetakan (data belum lengkap): %d; "
               "sumber: ", missing, missing);
  kn_sb_xml_text(&sb, kn_jstr(json_array_get(json_object_get(t->rules, "kotak"), 0), "sumber"), 80);
  kn_sb_puts(&sb, "</text></svg>");
  kn_http_respond(r, 200, "image/svg+xml", sb.data, sb.len);
  kn_sb_free(&sb);
}

static void csv(kn_http_req_t *r, const kn_api_talenta_t *t) {
  json_t *items = json_array();
  for (int i = 0; i < t->n; i++) json_array_append_new(items, kn_api_talenta_item(t, i));
  static const char *const COLS[] = {"nip", "nama", "unor_id", "jenis_jabatan", "predikat", "kinerja", "potensi_level",
                                     "kotak", "label", "talent_pool", "status", "rekomendasi", "alasan", NULL};
  kn_api_respond_list(r, items, NULL, COLS, "talenta.csv");
}

static void peta(kn_http_req_t *r) {
  int tahun;
  char uid[24];
  const char *uid_p, *fmt = kn_http_query(r, "format"), *acc = kn_http_header(r, "Accept");
  if (!kn_api_can_read(r) || !kn_api_talenta_params(r, true, &tahun, uid, &uid_p)) return;
  if (fmt && strcmp(fmt, "svg") != 0) {
    kn_http_field_error(r, "format", "invalid_enum", "Hanya svg", "Only svg");
    kn_api_fail_validation(r);
    return;
  }
  kn_api_talenta_t t;
  if (!kn_api_talenta_load(r, tahun, uid_p, &t)) return;
  if (fmt || (acc && strstr(acc, "image/svg+xml"))) { svg(r, &t, tahun); kn_api_talenta_free(&t); return; }
  if (acc && strstr(acc, "text/csv")) { csv(r, &t); kn_api_talenta_free(&t); return; }
  int count[10] = {0}, states[4] = {0};
  for (int i = 0; i < t.n; i++) {
    count[t.row[i].kotak]++;
    states[t.row[i].status]++;
  }
  kn_sb_t sb;
  kn_sb_init(&sb);
  kn_sb_printf(&sb, "{\"tahun\":%d,\"aturan\":{\"berlaku_mulai\":", tahun);
  kn_sb_json_str(&sb, kn_jstr(t.rules, "berlaku_mulai"));
  kn_sb_puts(&sb, ",\"asal\":");
  kn_sb_json_str(&sb, kn_jstr(t.rules, "asal"));
  kn_sb_puts(&sb, ",\"sumber\":");
  kn_sb_json_str(&sb, kn_jstr(json_array_get(json_object_get(t.rules, "kotak"), 0), "sumber"));
  kn_sb_puts(&sb, "},\"jumlah_per_kotak\":{");
  for (int k = 1; k <= 9; k++) kn_sb_printf(&sb, "%s\"%d\":%d", k > 1 ? "," : "", k, count[k]);
  kn_sb_puts(&sb, "},\"jumlah_per_status\":{");
  for (int s = 0, first = 1; s < 4; s++)
    if (states[s]) { kn_sb_printf(&sb, "%s\"%s\":%d", first ? "" : ",", dom_talenta_status_name(s), states[s]); first = 0; }
  kn_sb_puts(&sb, "},\"items\":[");
  for (int i = 0; i < t.n; i++) {
    if (i) kn_sb_puts(&sb, ",");
    item_json(&sb, &t, i);
  }
  kn_sb_puts(&sb, "]}");
  kn_api_talenta_free(&t);
  kn_http_respond(r, 200, "application/json", sb.data, sb.len);
  kn_sb_free(&sb);
}

static void rules_get(kn_http_req_t *r) {
  char th[24], at[16];
  const char *th_p;
  if (!kn_api_can_read(r) || !kn_api_query_int(r, "tahun", th, &th_p)) return;
  snprintf(at, sizeof at, "%04d-12-31", th_p ? atoi(th_p) : kn_api_today().y);
  const char *v = at;
  PGresult *res = kn_api_one(r, true, S_RULES, 1, &v);
  if (!res) return;
  kn_http_respond_json(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static const char *const KINERJA[] = {"DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_ATAS_EKSPEKTASI", NULL};
static const char *const POTENSI[] = {"RENDAH", "MENENGAH", "TINGGI", NULL};

/* PUT /v1/aturan/talenta: a complete 9-box version from berlaku_mulai, with its source named. */
static void rules_put(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM)) return;
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  static const kn_api_field_spec_t TOP[] = {{"berlaku_mulai", KN_F_DATE, true, false, 0, NULL},
                                            {"sumber", KN_F_STRING, true, false, 300, NULL}};
  static const kn_api_field_spec_t CELL[] = {
    {"kotak", KN_F_INT, true, false, 0, NULL}, {"kinerja", KN_F_ENUM, true, false, 0, KINERJA},
    {"potensi", KN_F_ENUM, true, false, 0, POTENSI}, {"label", KN_F_STRING, true, false, 200, NULL},
    {"rekomendasi", KN_F_STRING, true, false, 1000, NULL}, {"talent_pool", KN_F_BOOL, true, false, 0, NULL}};
  json_t *cells = json_object_get(b, "kotak"), *top = json_deep_copy(b);
  json_object_del(top, "kotak");
  kn_api_validate(r, top, TOP, 2, false, NULL);
  json_decref(top);
  if (!json_is_array(cells) || json_array_size(cells) != 9) {
    kn_http_field_error(r, "kotak", "invalid_type", "Larik tepat 9 kotak", "An array of exactly 9 boxes");
  } else {
    size_t i;
    json_t *c;
    json_array_foreach(cells, i, c) {
      char pre[40];
      snprintf(pre, sizeof pre, "kotak[%zu].", i);
      if (!json_is_object(c)) { kn_http_field_error(r, "kotak", "invalid_type", "Setiap kotak objek", "Each box is an object"); break; }
      kn_api_validate(r, c, CELL, 6, false, pre);
    }
    dom_talenta_peta_t m;
    if (!r->nfield_errors && !peta_of(b, &m))
      kn_http_field_error(r, "kotak", "invalid_grid", "Setiap pasangan kinerja-potensi sekali dan kotak 1-9 masing-masing sekali",
                          "Each kinerja-potensi pair once and the boxes 1-9 once each");
  }
  if (r->nfield_errors) { json_decref(b); kn_api_fail_validation(r); return; }
  kn_api_write_body(r, S_RULES_PUT, b, 200);
}

void kn_api_talenta_register(void) {
  S_DATA = kn_db_register("talenta_baris", "SELECT * FROM talenta_baris($1::int, $2::bigint)");
  S_RULES = kn_db_register("talenta_rules", "SELECT talenta_kotak_rules($1::date)::text");
  S_RULES_PUT = kn_db_register("talenta_rules_put", "SELECT api_talenta_kotak_put($1::jsonb)::text");
  kn_http_route("GET", "/v1/talenta", peta, 0);
  kn_http_route("GET", "/v1/aturan/talenta", rules_get, 0);
  kn_http_route("PUT", "/v1/aturan/talenta", rules_put, 0);
}
