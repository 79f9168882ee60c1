/* Talent map (manajemen talenta, Permen PANRB 3/2020): GET /v1/talenta?tahun=&unor_id= as JSON,
 * CSV (Accept: text/csv) or a 3x3 SVG chart (?format=svg), and the 9-box mapping table
 * GET/PUT /v1/aturan/talenta. Owner: api (talent). The facts come from talenta_data() and the
 * mapping in force from talenta_kotak_rules() (sql/functions/talenta.sql) in one snapshot; the
 * placement is dom_talenta_place (src/domain/talenta.c). */
#include "kinerja/api.h"
#include "kinerja/api_export.h"
#include "kinerja/api_talenta.h"
#include "kinerja/db.h"
#include "kinerja/domain_talenta.h"
#include "kinerja/strbuf.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_DATA = -1, S_RULES = -1, S_RULES_PUT = -1;

static dom_predikat_t predikat_of(const char *name) {
  static const char *const P[] = {"SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG"};
  for (int i = 0; name && i < 5; i++) if (strcmp(P[i], name) == 0) return (dom_predikat_t)(i + 1);
  return DOM_PREDIKAT_INVALID;
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

static json_t *why(json_t *p) {
  json_t *pot = json_object_get(p, "potensi");
  const char *pred = kn_jstr(p, "predikat");
  char text[400];
  int n = 0;
  if (pred) {
    dom_talenta_kinerja_t k = dom_talenta_kinerja(predikat_of(pred));
    n = snprintf(text, sizeof text, "Predikat tahunan %s (hasil kerja %s, perilaku %s): kinerja %s", pred,
                 kn_jstr(p, "rating_hasil_kerja"), kn_jstr(p, "rating_perilaku"), dom_talenta_kinerja_name(k));
  } else {
    n = snprintf(text, sizeof text, "%s", json_is_integer(json_object_get(p, "evaluasi_id"))
                                              ? "Hasil tahunan belum ditetapkan" : "Tidak ada evaluasi akhir tahun");
  }
  if (pot && !json_is_null(pot))
    snprintf(text + n, sizeof text - (size_t)n, "; potensi %s (%s, %s)", kn_jstr(pot, "level"), kn_jstr(pot, "sumber"),
             kn_jstr(pot, "tanggal"));
  else
    snprintf(text + n, sizeof text - (size_t)n, "; belum ada hasil penilaian potensi");
  return json_string(text);
}

json_t *kn_api_talenta_peta(kn_http_req_t *r, int tahun, const char *uid, json_t **rules_out) {
  char th[16], at[16];
  snprintf(th, sizeof th, "%d", tahun);
  snprintf(at, sizeof at, "%04d-12-31", tahun);
  const char *vd[2] = {th, uid}, *vr[1] = {at};
  kn_db_query_t q[2] = {{.stmt = S_RULES, .nparams = 1, .values = vr}, {.stmt = S_DATA, .nparams = 2, .values = vd}};
  kn_db_error_t err;
  if (kn_api_tx(r, true, q, 2, &err) != 0) { kn_api_db_fail(r, &err); return NULL; }
  json_t *rules = json_loads(PQgetvalue(q[0].result, 0, 0), 0, NULL);
  json_t *data = json_loads(PQgetvalue(q[1].result, 0, 0), 0, NULL);
  PQclear(q[0].result);
  PQclear(q[1].result);
  dom_talenta_peta_t m;
  if (!rules || !data || !peta_of(rules, &m)) {
    json_decref(rules);
    json_decref(data);
    kn_http_problem(r, "internal", "Tabel 9 kotak tidak lengkap", "The 9-box table is incomplete");
    return NULL;
  }
  json_t *cells = json_object_get(rules, "kotak"), *items = json_array(), *p;
  size_t i;
  json_array_foreach(data, i, p) {
    json_t *pot = json_object_get(p, "potensi");
    dom_talenta_potensi_t pl = dom_talenta_potensi_from_name(pot ? kn_jstr(pot, "level") : NULL);
    const dom_talenta_sel_t *sel;
    dom_talenta_status_t st = dom_talenta_place(&m, predikat_of(kn_jstr(p, "predikat")), pl, &sel);
    json_t *cell = sel ? json_array_get(cells, (size_t)sel->ref) : NULL;
    json_t *it = json_deep_copy(p);
    json_object_set_new(it, "kinerja", sel ? json_string(dom_talenta_kinerja_name(dom_talenta_kinerja(
                                               predikat_of(kn_jstr(p, "predikat"))))) : json_null());
    json_object_set_new(it, "potensi_level", pl != DOM_TP_INVALID ? json_string(dom_talenta_potensi_name(pl)) : json_null());
    json_object_set_new(it, "kotak", sel ? json_integer(sel->kotak) : json_null());
    json_object_set(it, "label", cell ? json_object_get(cell, "label") : json_null());
    json_object_set(it, "rekomendasi", cell ? json_object_get(cell, "rekomendasi") : json_null());
    json_object_set_new(it, "talent_pool", json_boolean(sel && sel->talent_pool));
    json_object_set_new(it, "status", json_string(dom_talenta_status_name(st)));
    json_object_set_new(it, "alasan", why(p));
    json_array_append_new(items, it);
  }
  json_decref(data);
  *rules_out = rules;
  return items;
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

static void svg(kn_http_req_t *r, json_t *items, json_t *rules, int tahun) {
  int count[10] = {0}, missing = 0;
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    json_t *k = json_object_get(it, "kotak");
    if (json_is_integer(k)) count[json_integer_value(k)]++;
    else missing++;
  }
  kn_sb_t sb;
  kn_sb_init(&sb);
  kn_sb_printf(&sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"560\" font-family=\"sans-serif\" "
               "font-size=\"12\" role=\"img\"><title>Peta talenta %d</title><rect width=\"640\" height=\"560\" fill=\"#fff\"/>"
               "<text x=\"20\" y=\"24\" font-size=\"15\">Peta talenta %d (kinerja x potensi)</text>", tahun, tahun);
  json_t *c;
  json_array_foreach(json_object_get(rules, "kotak"), i, c) {
    int k = dom_talenta_kinerja_from_name(kn_jstr(c, "kinerja")), p = dom_talenta_potensi_from_name(kn_jstr(c, "potensi"));
    if (k < 0 || p < 0) continue;
    int x = 100 + k * 170, y = 40 + (2 - p) * 150, n = (int)kn_jint(c, "kotak");
    kn_sb_printf(&sb, "<g class=\"kotak\" data-kotak=\"%d\" data-jumlah=\"%d\"><rect x=\"%d\" y=\"%d\" width=\"166\" "
                 "height=\"146\" fill=\"%s\" stroke=\"#555\"/><text x=\"%d\" y=\"%d\" font-size=\"18\">%d</text>"
                 "<text x=\"%d\" y=\"%d\" font-size=\"26\">%d</text><text x=\"%d\" y=\"%d\" font-size=\"10\">",
                 n, n >= 1 && n <= 9 ? count[n] : 0, x, y,
                 kn_jtrue(c, "talent_pool") ? "#bbf7d0" : k == DOM_TK_DI_BAWAH ? "#fecaca" : "#fde68a",
                 x + 8, y + 22, n, x + 70, y + 85, n >= 1 && n <= 9 ? count[n] : 0, x + 8, y + 135);
    kn_sb_xml_text(&sb, kn_jtrue(c, "talent_pool") ? "talent pool" : "", 0);
    kn_sb_puts(&sb, "</text></g>");
  }
  kn_sb_puts(&sb, "<text x=\"20\" y=\"120\">Potensi</text><text x=\"20\" y=\"140\" font-size=\"10\">tinggi</text>"
                  "<text x=\"20\" y=\"290\" font-size=\"10\">menengah</text><text x=\"20\" y=\"440\" font-size=\"10\">rendah</text>"
                  "<text x=\"130\" y=\"510\" font-size=\"10\">di bawah ekspektasi</text><text x=\"300\" y=\"510\" "
                  "font-size=\"10\">sesuai ekspektasi</text><text x=\"470\" y=\"510\" font-size=\"10\">di atas ekspektasi</text>"
                  "<text x=\"300\" y=\"528\">Kinerja</text>");
  kn_sb_printf(&sb, "<text x=\"20\" y=\"550\" data-belum-dipetakan=\"%d\">Belum dipetakan (data belum lengkap): %d; "
               "sumber: ", missing, missing);
  kn_sb_xml_text(&sb, kn_jstr(json_array_get(json_object_get(rules, "kotak"), 0), "sumber"), 80);
  kn_sb_puts(&sb, "</text></svg>");
  kn_http_respond(r, 200, "image/svg+xml", sb.data, sb.len);
  kn_sb_free(&sb);
}

static void peta(kn_http_req_t *r) {
  int tahun;
  char uid[24];
  const char *uid_p, *fmt = kn_http_query(r, "format");
  if (!kn_api_can_read(r) || !kn_api_talenta_params(r, true, &tahun, uid, &uid_p)) return;
  if (fmt && strcmp(fmt, "svg") != 0) {
    kn_http_field_error(r, "format", "invalid_enum", "Hanya svg", "Only svg");
    kn_api_fail_validation(r);
    return;
  }
  json_t *rules = NULL, *items = kn_api_talenta_peta(r, tahun, uid_p, &rules);
  if (!items) return;
  if (fmt) {
    svg(r, items, rules, tahun);
    json_decref(items);
    json_decref(rules);
    return;
  }
  json_t *counts = json_object(), *states = json_object(), *it;
  size_t i;
  for (int k = 1; k <= 9; k++) {
    char key[4];
    snprintf(key, sizeof key, "%d", k);
    json_object_set_new(counts, key, json_integer(0));
  }
  json_array_foreach(items, i, it) {
    json_t *k = json_object_get(it, "kotak");
    char key[8];
    if (json_is_integer(k)) {
      snprintf(key, sizeof key, "%d", (int)json_integer_value(k));
      json_object_set_new(counts, key, json_integer(json_integer_value(json_object_get(counts, key)) + 1));
    }
    const char *s = kn_jstr(it, "status");
    json_object_set_new(states, s, json_integer(json_integer_value(json_object_get(states, s)) + 1));
  }
  json_t *extra = json_pack("{s:i, s:{s:O, s:O, s:O}, s:o, s:o}", "tahun", tahun, "aturan", "berlaku_mulai",
                            json_object_get(rules, "berlaku_mulai"), "asal", json_object_get(rules, "asal"), "sumber",
                            json_object_get(json_array_get(json_object_get(rules, "kotak"), 0), "sumber"),
                            "jumlah_per_kotak", counts, "jumlah_per_status", states);
  json_decref(rules);
  static const char *const COLS[] = {"nip", "nama", "unor_id", "jenis_jabatan", "predikat", "kinerja", "potensi_level",
                                     "kotak", "label", "talent_pool", "status", "rekomendasi", "alasan", NULL};
  kn_api_respond_list(r, items, extra, COLS, "talenta.csv");
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
  S_DATA = kn_db_register("talenta_data", "SELECT talenta_data($1::int, $2::bigint)::text");
  S_RULES = kn_db_register("talenta_rules", "SELECT talenta_kotak_rules($1::date)::text");
  S_RULES_PUT = kn_db_register("talenta_rules_put", "SELECT api_talenta_kotak_put($1::jsonb)::text");
  kn_http_route("GET", "/v1/talenta", peta, 0);
  kn_http_route("GET", "/v1/aturan/talenta", rules_get, 0);
  kn_http_route("PUT", "/v1/aturan/talenta", rules_put, 0);
}
