/* Reminders and timeliness: GET /v1/pengingat (a pegawai its own, admin_pd its PD's, admin_bkpsdm
 * and auditor all; ?jenis=&unor_id=&tahap=) and GET /v1/unor/{id}/ketepatan-waktu?tahun=&semester=
 * (per kind the share of SKP, realisasi, evaluations, keberatan decisions and KKE answers done
 * by their due date, and what is late; ?format=svg for the chart). Due dates are the rules of
 * src/domain/tenggat.c applied by kn_jobs_tenggat_item to the facts of tenggat_fakta, the same
 * the reminder scan uses. Owner: jobs. */
#include "kinerja/api.h"
#include "kinerja/api_ketepatan.h"
#include "kinerja/db.h"
#include "kinerja/domain_periode.h"
#include "kinerja/domain_tenggat.h"
#include "kinerja/jobs.h"
#include "kinerja/strbuf.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_LIST = -1, S_FAKTA = -1, S_RINGKAS = -1, S_UNIT = -1;

static const char *const *const JENIS = dom_ref_jenis_pengingat_kode;

static void pengingat_list(kn_http_req_t *r) {
  if (!kn_api_can_read(r)) return;
  char limit[16], after[24], uid[24];
  const char *uid_p, *jn = kn_http_query(r, "jenis"), *tp = kn_http_query(r, "tahap");
  if (!kn_api_page_params(r, limit, after) || !kn_api_query_int(r, "unor_id", uid, &uid_p)) return;
  /* 422 naming the value and the allowed ones, as every enumerated field */
  kn_api_check_ref(r, "jenis", &dom_ref_jenis_pengingat, jn);
  kn_api_check_ref(r, "tahap", &dom_ref_tahap_pengingat, tp);
  if (r->nfield_errors) { kn_api_fail_validation(r); return; }
  const char *v[5] = {after, limit, jn, uid_p, tp};
  PGresult *res = kn_api_one(r, true, S_LIST, 5, v);
  if (!res) return;
  kn_api_respond_page(r, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void iso(long day, char out[16]) {
  dom_date_t d = dom_date_from_days(day);
  snprintf(out, 16, "%04d-%02d-%02d", d.y, d.m, d.d);
}

json_t *kn_api_ketepatan_hitung(kn_http_req_t *r, int tahun, int semester, long long uid, json_t **late) {
  long from = dom_date_days((dom_date_t){tahun, semester == 1 ? 1 : 7, 1});
  long to = dom_date_days((dom_date_t){tahun, semester == 1 ? 6 : 12, semester == 1 ? 30 : 31});
  long today = dom_date_days(kn_api_today());
  char th0[16], th1[16], u[24];
  snprintf(th0, sizeof th0, "%d", tahun - 1);   /* last year's year-end evaluations fall due in January */
  snprintf(th1, sizeof th1, "%d", tahun);
  snprintf(u, sizeof u, "%lld", uid);
  const char *v0[2] = {th0, uid ? u : NULL}, *v1[2] = {th1, uid ? u : NULL};
  /* without the late list only counts matter: the facts come grouped (tenggat_ringkas, n items
   * per distinct row), a few hundred rows instead of an object per item of two years */
  int stmt = late ? S_FAKTA : S_RINGKAS;
  kn_db_query_t q[2] = {{.stmt = stmt, .nparams = 2, .values = v0}, {.stmt = stmt, .nparams = 2, .values = v1}};
  kn_db_error_t err;
  if (kn_api_tx(r, true, q, 2, &err) != 0) { kn_api_db_fail(r, &err); return NULL; }
  json_t *per_pd = json_object();
  if (late) *late = json_array();
  for (int k = 0; k < 2; k++) {
    json_t *doc = json_loads(PQgetvalue(q[k].result, 0, 0), 0, NULL);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(doc, "items"), i, it) {
      long due, done;
      if (!kn_jobs_tenggat_item(it, &due, &done) || !dom_tenggat_dinilai(due, from, to, today)) continue;
      bool ok = dom_tenggat_tepat_waktu(due, done);
      char pd[24];
      snprintf(pd, sizeof pd, "%lld", kn_jint(it, "unor_id"));
      json_t *slot = json_object_get(per_pd, pd);
      if (!slot) { slot = json_object(); json_object_set_new(per_pd, pd, slot); }
      const char *jn = kn_jstr(it, "jenis");
      json_t *c = json_object_get(slot, jn);
      if (!c) { c = json_pack("[i, i]", 0, 0); json_object_set_new(slot, jn, c); }
      json_int_t n = late ? 1 : kn_jint(it, "n");
      json_array_set_new(c, 0, json_integer(json_integer_value(json_array_get(c, 0)) + n));
      if (ok) json_array_set_new(c, 1, json_integer(json_integer_value(json_array_get(c, 1)) + n));
      if (!ok && late) {
        char d_due[16], d_done[16];
        iso(due, d_due);
        if (done >= 0) iso(done, d_done);
        json_array_append_new(*late, json_pack("{s:s, s:s, s:O?, s:O?, s:O?, s:s, s:s?, s:I}", "jenis", jn,
          "kunci", kn_jstr(it, "kunci"), "unor_id", json_object_get(it, "unor_id"), "nip", json_object_get(it, "nip"),
          "nama", json_object_get(it, "nama"), "jatuh_tempo", d_due, "selesai", done >= 0 ? d_done : NULL,
          "terlambat_hari", (json_int_t)((done >= 0 ? done : today) - due)));
      }
    }
    json_decref(doc);
  }
  kn_db_clear(q, 2);
  return per_pd;
}

json_t *kn_api_ketepatan_persen(json_t *per_jenis) {
  long long n = 0, ok = 0;
  const char *k;
  json_t *c;
  json_object_foreach(per_jenis, k, c) {
    n += json_integer_value(json_array_get(c, 0));
    ok += json_integer_value(json_array_get(c, 1));
  }
  return n ? json_real((double)((long)(1000.0 * ok / n + 0.5)) / 10.0) : json_null();
}

static void svg(kn_http_req_t *r, json_t *doc) {
  kn_sb_t sb;
  kn_sb_init(&sb);
  json_t *rows = json_object_get(doc, "per_jenis"), *row;
  size_t n = json_array_size(rows), i;
  int h = 60 + (int)n * 24;
  kn_sb_printf(&sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"%d\" font-family=\"sans-serif\" "
               "font-size=\"12\" role=\"img\"><title>Ketepatan waktu ", h);
  kn_sb_xml_text(&sb, kn_jstr(json_object_get(doc, "unor"), "nama"), 80);
  kn_sb_printf(&sb, "</title><rect width=\"760\" height=\"%d\" fill=\"#fff\"/><text x=\"10\" y=\"20\">Ketepatan waktu ", h);
  kn_sb_xml_text(&sb, kn_jstr(json_object_get(doc, "unor"), "nama"), 80);
  kn_sb_printf(&sb, ", semester %lld/%lld (%% tepat waktu)</text>", kn_jint(doc, "semester"), kn_jint(doc, "tahun"));
  json_array_foreach(rows, i, row) {
    json_t *p = json_object_get(row, "persen");
    double val = json_is_number(p) ? json_number_value(p) : 0;
    int y = 36 + (int)i * 24, w = (int)(val * 4.0);
    const char *color = val >= 80 ? "#16a34a" : val >= 60 ? "#ca8a04" : "#dc2626";
    kn_sb_printf(&sb, "<text x=\"10\" y=\"%d\">", y + 13);
    kn_sb_xml_text(&sb, kn_jstr(row, "jenis"), 40);
    kn_sb_printf(&sb, "</text><rect x=\"200\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"%s\"/>"
                      "<text x=\"%d\" y=\"%d\">%.1f%% (%lld/%lld)</text>", y, w, color, 206 + w, y + 13, val,
                 kn_jint(row, "tepat_waktu"), kn_jint(row, "dinilai"));
  }
  kn_sb_puts(&sb, "</svg>");
  kn_http_respond(r, 200, "image/svg+xml", sb.data, sb.len);
  kn_sb_free(&sb);
}

static void ketepatan(kn_http_req_t *r) {
  if (!kn_api_can_read(r) || !kn_api_id_param(r, 0, "Unor", "Unit")) return;
  char th[24], sm[24];
  const char *th_p, *sm_p, *fmt = kn_http_query(r, "format");
  if (!kn_api_query_int(r, "tahun", th, &th_p) || !kn_api_query_int(r, "semester", sm, &sm_p)) return;
  if (!th_p || atoi(th_p) < 2022 || atoi(th_p) > 2100)
    kn_http_field_error(r, "tahun", "invalid_range", "Wajib, 2022 sampai 2100", "Required, 2022 to 2100");
  if (!sm_p || (atoi(sm_p) != 1 && atoi(sm_p) != 2)) kn_http_field_error(r, "semester", "invalid_range", "1 atau 2", "1 or 2");
  if (fmt && strcmp(fmt, "svg") != 0 && strcmp(fmt, "json") != 0)
    kn_http_field_error(r, "format", "invalid_enum", "json atau svg", "json or svg");
  if (r->nfield_errors) { kn_api_fail_validation(r); return; }
  json_t *unit = kn_api_read_json(r, S_UNIT, r->params[0]);   /* 404 outside the caller's scope */
  if (!unit) return;
  json_t *late = NULL, *per_pd = kn_api_ketepatan_hitung(r, atoi(th_p), atoi(sm_p), atoll(r->params[0]), &late);
  if (!per_pd) { json_decref(unit); return; }
  /* the subtree's PDs summed per kind */
  json_t *sum = json_object(), *slot, *c;
  const char *pd, *jn;
  json_object_foreach(per_pd, pd, slot) {
    json_object_foreach(slot, jn, c) {
      json_t *s = json_object_get(sum, jn);
      if (!s) { s = json_pack("[i, i]", 0, 0); json_object_set_new(sum, jn, s); }
      for (int k = 0; k < 2; k++)
        json_array_set_new(s, k, json_integer(json_integer_value(json_array_get(s, k)) + json_integer_value(json_array_get(c, k))));
    }
  }
  json_t *rows = json_array();
  for (int i = 0; JENIS[i]; i++) {
    json_t *s = json_object_get(sum, JENIS[i]);
    if (!s) continue;
    json_t *one = json_object();
    json_object_set(one, JENIS[i], s);
    json_array_append_new(rows, json_pack("{s:s, s:O, s:O, s:o}", "jenis", JENIS[i], "dinilai", json_array_get(s, 0),
                                          "tepat_waktu", json_array_get(s, 1), "persen", kn_api_ketepatan_persen(one)));
    json_decref(one);
  }
  json_t *doc = json_pack("{s:o, s:i, s:i, s:o, s:o, s:o}", "unor", unit, "tahun", atoi(th_p), "semester", atoi(sm_p),
                          "persen", kn_api_ketepatan_persen(sum), "per_jenis", rows, "terlambat", late);
  json_decref(sum);
  json_decref(per_pd);
  if (fmt && strcmp(fmt, "svg") == 0) svg(r, doc);
  else {
    char *text = json_dumps(doc, JSON_COMPACT);
    kn_http_respond_json(r, 200, text);
    free(text);
  }
  json_decref(doc);
}

void kn_api_pengingat_register(void) {
  S_LIST = kn_db_register("pengingat_list", "SELECT api_pengingat_list($1::bigint, $2::int, $3, $4::bigint, $5)::text");
  S_FAKTA = kn_db_register("ketepatan_fakta", "SELECT tenggat_fakta($1::int, $2::bigint)::text");
  S_RINGKAS = kn_db_register("ketepatan_ringkas", "SELECT tenggat_ringkas($1::int, $2::bigint)::text");
  S_UNIT = kn_db_register("ketepatan_unit", "SELECT ketepatan_unit($1::bigint)::text");
  kn_http_route("GET", "/v1/pengingat", pengingat_list, 0);
  kn_http_route("GET", "/v1/unor/{id}/ketepatan-waktu", ketepatan, 0);
}
