/* GET /v1/laporan/evaluasi?tahun=&semester= — the semester evaluation report: per Perangkat
 * Daerah the latest KKE score, the compliance of the indicators BKPSDM reports on, the share
 * of the cycle's items done on time (ketepatan_waktu, src/api/pengingat.c) and the
 * sanction-case stages that were overdue in the semester (sanksi_terlambat, R18); JSON, CSV
 * (Accept: text/csv) or an SVG bar chart (?format=svg&indikator=...). Sortable with
 * ?urut=skor|nama|<indikator>&arah=asc|desc. Owner: api (KKE). */
#include "kinerja/api.h"
#include "kinerja/api_dokumen.h"
#include "kinerja/api_export.h"
#include "kinerja/api_ketepatan.h"
#include "kinerja/db.h"
#include "kinerja/strbuf.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_DATA = -1;

/* Report indicator → the check whose compliance measures it. */
static const struct { const char *name; const char *kode; } INDIKATOR[] = {
  {"cakupan_skp", "K01"}, {"skp_tepat_waktu", "K02"}, {"siklus_lengkap", "K12"}, {"bukti_dukung", "K13"},
  {"umpan_balik", "K14"}, {"distribusi_sesuai", "K16"},
};
#define NIND (sizeof INDIKATOR / sizeof INDIKATOR[0])

static json_t *compliance(json_t *ringkasan, const char *kode) {
  size_t i;
  json_t *c;
  json_array_foreach(ringkasan, i, c)
    if (strcmp(json_string_value(json_object_get(c, "kode")), kode) == 0 && json_integer_value(json_object_get(c, "diperiksa")) > 0)
      return json_copy(json_object_get(c, "kepatuhan"));
  return json_null();
}

/* "skor" or one of the report indicators: the only keys a chart or a sort may name. */
static bool indikator_known(const char *k) {
  bool known = strcmp(k, "skor") == 0 || strcmp(k, "ketepatan_waktu") == 0;
  for (size_t i = 0; i < NIND; i++) known |= strcmp(k, INDIKATOR[i].name) == 0;
  return known;
}

static const char *sort_key;
static int sort_dir;

static int by_key(const void *a, const void *b) {
  json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
  json_t *vx = json_object_get(x, sort_key), *vy = json_object_get(y, sort_key);
  int c;
  if (json_is_string(vx) && json_is_string(vy)) c = strcmp(json_string_value(vx), json_string_value(vy));
  else if (json_is_null(vx) || !vx) c = json_is_null(vy) || !vy ? 0 : 1; /* no data last */
  else if (json_is_null(vy) || !vy) c = -1;
  else {
    double dx = json_number_value(vx), dy = json_number_value(vy);
    c = (dx > dy) - (dx < dy);
  }
  if (json_is_null(vx) != json_is_null(vy)) return c; /* "no data" stays last either way */
  return c * sort_dir;
}

int kn_api_laporan_tingkat(double v) { return v >= 80 ? 0 : v >= 60 ? 1 : 2; }

static const char *kolom[NIND + 3]; /* "skor" and the indicators; filled at registration */
const char *const *kn_api_laporan_kolom(void) { return kolom; }

static void svg(kn_http_req_t *r, json_t *rows, const char *key, int th, int sem) {
  static const char *const WARNA[] = {"#16a34a", "#ca8a04", "#dc2626"};
  kn_sb_t sb;
  kn_sb_init(&sb);
  size_t n = json_array_size(rows), i;
  int h = 40 + (int)n * 22;
  kn_sb_printf(&sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"%d\" font-family=\"sans-serif\" "
               "font-size=\"12\" role=\"img\"><title>Evaluasi ", h);
  kn_sb_xml_text(&sb, key, 0);
  kn_sb_printf(&sb, " semester %d %d</title><rect width=\"760\" height=\"%d\" fill=\"#fff\"/><text x=\"10\" y=\"20\">",
               sem, th, h);
  kn_sb_xml_text(&sb, key, 0);
  kn_sb_printf(&sb, ", semester %d/%d (0-100)</text>", sem, th);
  json_t *row;
  json_array_foreach(rows, i, row) {
    json_t *v = json_object_get(row, key);
    double val = json_is_number(v) ? json_number_value(v) : 0;
    int y = 32 + (int)i * 22, w = (int)(val * 4.0);
    kn_sb_puts(&sb, "<text x=\"10\" y=\"");
    kn_sb_printf(&sb, "%d\">", y + 13);
    kn_sb_xml_text(&sb, json_string_value(json_object_get(row, "nama")), 40);
    kn_sb_printf(&sb, "</text><rect x=\"300\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"%s\"/>"
                      "<text x=\"%d\" y=\"%d\">%s</text>", y, w, WARNA[kn_api_laporan_tingkat(val)],
                 306 + w, y + 13, json_is_number(v) ? "" : "belum ada data");
    if (json_is_number(v)) kn_sb_printf(&sb, "<text x=\"%d\" y=\"%d\">%.1f</text>", 306 + w, y + 13, val);
  }
  kn_sb_puts(&sb, "</svg>");
  kn_http_respond(r, 200, "image/svg+xml", sb.data, sb.len);
  kn_sb_free(&sb);
}

/* The report's rows for ?tahun=&semester=, sorted by ?urut=&arah=; NULL after answering 422. */
static json_t *rows_for(kn_http_req_t *r, int *tahun, int *semester) {
  char th[24], sm[24];
  const char *th_p, *sm_p, *urut = kn_http_query(r, "urut"), *arah = kn_http_query(r, "arah");
  if (!kn_api_can_read(r) || !kn_api_query_int(r, "tahun", th, &th_p) || !kn_api_query_int(r, "semester", sm, &sm_p)) return NULL;
  if (!th_p) kn_http_field_error(r, "tahun", "required", "Wajib diisi", "Required");
  if (!sm_p || (atoi(sm_p) != 1 && atoi(sm_p) != 2)) kn_http_field_error(r, "semester", "invalid_range", "1 atau 2", "1 or 2");
  if (urut && strcmp(urut, "nama") != 0 && !indikator_known(urut)) kn_http_field_error(r, "urut", "invalid_enum", "skor, nama atau nama indikator", "skor, nama or an indicator name");
  if (arah && strcmp(arah, "asc") && strcmp(arah, "desc")) kn_http_field_error(r, "arah", "invalid_enum", "asc atau desc", "asc or desc");
  const char *ind = kn_http_query(r, "indikator");
  if (ind && !indikator_known(ind))
    kn_http_field_error(r, "indikator", "invalid_enum", "skor atau nama indikator", "skor or an indicator name");
  if (r->nfield_errors) { kn_api_fail_validation(r); return NULL; }
  const char *v[2] = {th_p, sm_p};
  PGresult *res = kn_api_one(r, true, S_DATA, 2, v);
  if (!res) return NULL;
  json_t *data = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  PQclear(res);
  size_t n = json_array_size(data), i;
  json_t **rows = calloc(n ? n : 1, sizeof *rows), *d;
  json_array_foreach(data, i, d) {
    json_t *row = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O}", "unor_id", json_object_get(d, "unor_id"),
                            "nama", json_object_get(d, "nama"), "kke_id", json_object_get(d, "kke_id"),
                            "skor", json_object_get(d, "skor"), "status", json_object_get(d, "status"),
                            "sanksi_terlambat", json_object_get(d, "sanksi_terlambat"));
    for (size_t k = 0; k < NIND; k++)
      json_object_set_new(row, INDIKATOR[k].name, compliance(json_object_get(d, "ringkasan"), INDIKATOR[k].kode));
    rows[i] = row;
  }
  json_decref(data);
  json_t *tepat = kn_api_ketepatan_hitung(r, atoi(th_p), atoi(sm_p), 0, NULL);
  if (!tepat) {
    for (i = 0; i < n; i++) json_decref(rows[i]);
    free(rows);
    return NULL;
  }
  for (i = 0; i < n; i++) {
    char pd[24];
    snprintf(pd, sizeof pd, "%lld", kn_jint(rows[i], "unor_id"));
    json_t *c = json_object_get(tepat, pd);
    json_object_set_new(rows[i], "ketepatan_waktu", c ? kn_api_ketepatan_persen(c) : json_null());
  }
  json_decref(tepat);
  sort_key = urut ? urut : "skor";
  sort_dir = arah ? (strcmp(arah, "asc") == 0 ? 1 : -1) : (strcmp(sort_key, "nama") == 0 ? 1 : -1);
  qsort(rows, n, sizeof *rows, by_key);
  json_t *items = json_array();
  for (i = 0; i < n; i++) json_array_append_new(items, rows[i]);
  free(rows);
  *tahun = atoi(th_p);
  *semester = atoi(sm_p);
  return items;
}

void kn_api_laporan_pdf(kn_http_req_t *r) {
  int th, sm;
  json_t *items = rows_for(r, &th, &sm);
  if (items) kn_api_dokumen_laporan(r, items, th, sm);
}

static void laporan(kn_http_req_t *r) {
  if (kn_api_dokumen_wanted(r)) { kn_api_laporan_pdf(r); return; }
  int th, sm;
  const char *fmt = kn_http_query(r, "format");
  json_t *items = rows_for(r, &th, &sm);
  if (!items) return;
  if (fmt && strcmp(fmt, "svg") == 0) {
    const char *key = kn_http_query(r, "indikator") ? kn_http_query(r, "indikator") : "skor";
    svg(r, items, key, th, sm);
    json_decref(items);
    return;
  }
  static const char *const COLS[] = {"unor_id", "nama", "skor", "cakupan_skp", "skp_tepat_waktu", "siklus_lengkap",
                                     "bukti_dukung", "umpan_balik", "distribusi_sesuai", "ketepatan_waktu",
                                     "sanksi_terlambat", "status",
                                     "kke_id", NULL};
  kn_api_respond_list(r, items, json_pack("{s:i, s:i}", "tahun", th, "semester", sm), COLS, "laporan-evaluasi.csv");
}

void kn_api_laporan_register(void) {
  kolom[0] = "skor";
  for (size_t i = 0; i < NIND; i++) kolom[i + 1] = INDIKATOR[i].name;
  kolom[NIND + 1] = "ketepatan_waktu";
  S_DATA = kn_db_register("laporan_evaluasi", "SELECT laporan_evaluasi($1::int, $2::int)::text");
  kn_http_route("GET", "/v1/laporan/evaluasi", laporan, 0);
}
