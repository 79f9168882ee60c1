/* Organisation predikat and the distribution curve of a unit:
 * GET/POST /v1/unor/{id}/predikat-organisasi, GET /v1/unor/{id}/distribusi(.svg).
 * Owner: api (assessment). The rules come from the distribusi_aturan table; the evaluation is
 * src/domain/distribusi.c. */
#include "kinerja/api.h"
#include "kinerja/api_distribusi.h"
#include "kinerja/db.h"
#include "kinerja/strbuf.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_ORG_LIST = -1, S_ORG_PUT = -1, S_DATA = -1;

static const char *const PREDIKAT[] = {"SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG", NULL};
static const char *const PREDIKAT_ORG[] = {"ISTIMEWA", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG", NULL};
static const char *const JENIS[] = {"BULANAN", "TRIWULAN", NULL};
static const kn_api_field_spec_t ORG_SPEC[] = {
  {"tahun", KN_F_INT, true, false, 0, NULL},
  {"jenis", KN_F_ENUM, true, false, 0, JENIS},
  {"nomor", KN_F_INT, true, false, 0, NULL},
  {"predikat", KN_F_ENUM, true, false, 0, PREDIKAT_ORG},
  {"dasar", KN_F_STRING, true, false, 4000, NULL},
};

int kn_api_predikat_index(const char *name) {
  for (int i = 0; name && PREDIKAT[i]; i++) if (strcmp(PREDIKAT[i], name) == 0) return i;
  return -1;
}

int kn_api_rules_from_json(json_t *arr, dom_rule_t *out, int cap) {
  int n = 0;
  size_t i;
  json_t *r;
  json_array_foreach(arr, i, r) {
    if (n >= cap) break;
    dom_rule_t *d = &out[n];
    memset(d, 0, sizeof *d);
    snprintf(d->code, sizeof d->code, "%s", json_string_value(json_object_get(r, "kode")));
    d->op = dom_rule_op_from_name(json_string_value(json_object_get(r, "operasi")));
    d->value = json_number_value(json_object_get(r, "nilai"));
    size_t j;
    json_t *p;
    json_array_foreach(json_object_get(r, "predikat"), j, p) {
      int idx = kn_api_predikat_index(json_string_value(p));
      if (idx >= 0) d->set |= 1u << idx;
    }
    if (d->op) n++;
  }
  return n;
}

static void org_list(kn_http_req_t *r) {
  char th[24];
  const char *th_p;
  if (!kn_api_can_read(r) || !kn_api_id_param(r, 0, "Unor", "Unit") || !kn_api_query_int(r, "tahun", th, &th_p)) return;
  const char *v[2] = {r->params[0], th_p};
  PGresult *res = kn_api_one(r, true, S_ORG_LIST, 2, v);
  if (!res) return;
  kn_http_respond_json(r, 200, PQgetisnull(res, 0, 0) ? "{\"items\":[],\"next_cursor\":null}" : PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void org_put(kn_http_req_t *r) {
  /* set by the leadership above the unit; BKPSDM records it */
  if (kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM) && kn_api_id_param(r, 0, "Unor", "Unit"))
    kn_api_write_json(r, S_ORG_PUT, r->params[0], ORG_SPEC, 5, false, false, 201);
}

/* Read ?tahun=&jenis=&nomor= and the unit's distribution data. NULL after answering. */
static json_t *load_data(kn_http_req_t *r) {
  char th[24], nm[24];
  const char *th_p, *nm_p, *jn = kn_http_query(r, "jenis");
  if (!kn_api_can_read(r) || !kn_api_id_param(r, 0, "Unor", "Unit") || !kn_api_query_int(r, "tahun", th, &th_p) ||
      !kn_api_query_int(r, "nomor", nm, &nm_p))
    return NULL;
  if (!th_p) kn_http_field_error(r, "tahun", "required", "Wajib diisi", "Required");
  if (!nm_p) kn_http_field_error(r, "nomor", "required", "Wajib diisi", "Required");
  if (!jn || !kn_api_enum_has(JENIS, jn))
    kn_http_field_error(r, "jenis", "invalid_enum", "BULANAN atau TRIWULAN", "BULANAN or TRIWULAN");
  if (r->nfield_errors) { kn_api_fail_validation(r); return NULL; }
  const char *v[4] = {r->params[0], th_p, jn, nm_p};
  PGresult *res = kn_api_one(r, true, S_DATA, 4, v);
  if (!res) return NULL;
  json_t *d = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  PQclear(res);
  return d;
}

typedef struct curve {
  dom_rule_t rules[API_MAX_RULES];
  int nrules, n, unrated, counts[DOM_NPREDIKAT], min[DOM_NPREDIKAT], max[DOM_NPREDIKAT];
  dom_violation_t v[API_MAX_RULES];
  int nv;
} curve_t;

static void evaluate(json_t *d, curve_t *c) {
  c->nrules = kn_api_rules_from_json(json_object_get(d, "rules"), c->rules, API_MAX_RULES);
  c->n = (int)json_integer_value(json_object_get(d, "n"));
  c->unrated = (int)json_integer_value(json_object_get(d, "unrated"));
  for (int i = 0; i < DOM_NPREDIKAT; i++)
    c->counts[i] = (int)json_integer_value(json_array_get(json_object_get(d, "counts"), (size_t)i));
  dom_distribusi_ranges(c->rules, c->nrules, c->n, c->min, c->max);
  c->nv = dom_distribusi_check(c->rules, c->nrules, c->n, c->counts, c->unrated, c->v, API_MAX_RULES);
}

static void distribusi_json(kn_http_req_t *r) {
  json_t *d = load_data(r);
  if (!d) return;
  curve_t c;
  evaluate(d, &c);
  json_t *out = json_pack("{s:O, s:O, s:O, s:O, s:i, s:i, s:O, s:O, s:O}", "unor_id", json_object_get(d, "unor_id"),
                          "tahun", json_object_get(d, "tahun"), "jenis", json_object_get(d, "jenis"),
                          "nomor", json_object_get(d, "nomor"), "jumlah_dinilai", c.n, "belum_ditetapkan", c.unrated,
                          "tidak_dinilai", json_object_get(d, "tidak_dinilai"),
                          "predikat_organisasi", json_object_get(d, "predikat_organisasi"),
                          "aturan_berlaku_mulai", json_object_get(d, "aturan_berlaku_mulai"));
  json_t *ranges = json_array();
  for (int i = 0; i < DOM_NPREDIKAT; i++)
    json_array_append_new(ranges, json_pack("{s:s, s:i, s:i, s:i}", "predikat", PREDIKAT[i], "min", c.min[i],
                                            "max", c.max[i], "aktual", c.counts[i]));
  json_object_set_new(out, "rentang", ranges);
  json_t *viol = json_array();
  size_t k;
  json_t *rule;
  for (int i = 0; i < c.nv; i++) {
    const char *ket = "";
    json_array_foreach(json_object_get(d, "rules"), k, rule)
      if (strcmp(json_string_value(json_object_get(rule, "kode")), c.v[i].rule->code) == 0)
        ket = json_string_value(json_object_get(rule, "keterangan"));
    json_array_append_new(viol, json_pack("{s:s, s:s, s:i, s:i, s:b}", "kode", c.v[i].rule->code, "keterangan", ket,
                                          "aktual", c.v[i].actual, "batas", c.v[i].limit,
                                          "peringatan", c.v[i].warning_only));
  }
  json_object_set_new(out, "pelanggaran", viol);
  char *text = json_dumps(out, JSON_COMPACT);
  kn_http_respond_json(r, 200, text);
  free(text);
  json_decref(out);
  json_decref(d);
}

/* A bar per predikat: the allowed range as a band, the actual count as a bar. */
static void distribusi_svg(kn_http_req_t *r) {
  json_t *d = load_data(r);
  if (!d) return;
  curve_t c;
  evaluate(d, &c);
  int scale_n = c.n > 0 ? c.n : 1;
  kn_sb_t sb;
  kn_sb_init(&sb);
  kn_sb_printf(&sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"300\" role=\"img\" "
                    "font-family=\"sans-serif\" font-size=\"12\"><title>Distribusi predikat, unor %lld, %s %lld/%lld</title>"
                    "<rect width=\"640\" height=\"300\" fill=\"#fff\"/>",
               (long long)json_integer_value(json_object_get(d, "unor_id")),
               json_string_value(json_object_get(d, "jenis")), (long long)json_integer_value(json_object_get(d, "nomor")),
               (long long)json_integer_value(json_object_get(d, "tahun")));
  for (int i = 0; i < DOM_NPREDIKAT; i++) {
    int x = 40 + i * 120, h_min = 220 * c.min[i] / scale_n, h_max = 220 * c.max[i] / scale_n;
    int h_act = 220 * c.counts[i] / scale_n;
    bool out_of_range = c.counts[i] > c.max[i] || c.counts[i] + c.unrated < c.min[i];
    kn_sb_printf(&sb, "<rect x=\"%d\" y=\"%d\" width=\"80\" height=\"%d\" fill=\"#dbeafe\"><title>rentang %d-%d</title></rect>",
                 x, 250 - h_max, h_max - h_min, c.min[i], c.max[i]);
    kn_sb_printf(&sb, "<rect x=\"%d\" y=\"%d\" width=\"40\" height=\"%d\" fill=\"%s\"><title>aktual %d</title></rect>",
                 x + 20, 250 - h_act, h_act, out_of_range ? "#dc2626" : "#2563eb", c.counts[i]);
    kn_sb_printf(&sb, "<text x=\"%d\" y=\"270\" text-anchor=\"middle\">%s</text><text x=\"%d\" y=\"%d\" "
                      "text-anchor=\"middle\">%d</text>", x + 40, PREDIKAT[i], x + 40, 244 - h_act, c.counts[i]);
  }
  kn_sb_printf(&sb, "<text x=\"20\" y=\"20\">n=%d, belum ditetapkan=%d, pelanggaran=%d</text></svg>", c.n, c.unrated, c.nv);
  kn_http_respond(r, 200, "image/svg+xml", sb.data, sb.len);
  kn_sb_free(&sb);
  json_decref(d);
}

void kn_api_distribusi_register(void) {
  S_ORG_LIST = kn_db_register("org_list", "SELECT predikat_organisasi_list($1::bigint, $2::int)::text");
  S_ORG_PUT = kn_db_register("org_put", "SELECT api_predikat_organisasi_put($1::bigint, $2::jsonb)::text");
  S_DATA = kn_db_register("distribusi_data", "SELECT distribusi_for($1::bigint, $2::int, $3, $4::int)::text");
  kn_http_route("GET", "/v1/unor/{id}/predikat-organisasi", org_list, 0);
  kn_http_route("POST", "/v1/unor/{id}/predikat-organisasi", org_put, 0);
  kn_http_route("GET", "/v1/unor/{id}/distribusi", distribusi_json, 0);
  kn_http_route("GET", "/v1/unor/{id}/distribusi.svg", distribusi_svg, 0);
}
