/* Organisation predikat and the distribution curve of a unit:
 * GET/POST /v1/unor/{id}/predikat-organisasi (+ /riwayat), GET /v1/unor/{id}/distribusi(.svg).
 * Owner: api (assessment). The rules come from the distribusi_aturan table; the evaluation is
 * src/domain/distribusi.c. */
#include "kinerja/api.h"
#include "kinerja/api_distribusi.h"
#include "kinerja/api_dokumen.h"
#include "kinerja/db.h"
#include "kinerja/strbuf.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_ORG_LIST = -1, S_ORG_PUT = -1, S_DATA = -1, S_SET = -1, S_RIWAYAT = -1, S_KEPALA = -1;

static const kn_api_field_spec_t ORG_SPEC[] = {
  {"tahun", KN_F_INT, true, false, 0, NULL},
  {"jenis", KN_F_ENUM, true, false, 0, dom_ref_jenis_periode_kode},
  {"nomor", KN_F_INT, true, false, 0, NULL},
  {"predikat", KN_F_ENUM, true, false, 0, dom_ref_predikat_organisasi_kode},
  {"dasar", KN_F_STRING, true, false, 4000, NULL},
  {"alasan", KN_F_STRING, false, false, 4000, NULL}, /* required for a change (If-Match) */
};
#define NORG (sizeof ORG_SPEC / sizeof ORG_SPEC[0])

int kn_api_predikat_index(const char *name) {
  for (int i = 0; name && dom_ref_predikat.codes[i]; i++) if (strcmp(dom_ref_predikat.codes[i], name) == 0) return i;
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

void kn_api_distribusi_population(json_t *data, bool with_proposed, dom_dist_population_t *out) {
  dom_dist_group_t g[64];
  int ng = 0;
  size_t i;
  json_t *k;
  json_array_foreach(json_object_get(data, "kelompok"), i, k) {
    if (ng == (int)(sizeof g / sizeof g[0])) break; /* at most 5 statuses x 6 predikat values */
    const char *predikat = json_string_value(json_object_get(k, "predikat"));
    g[ng].stage = dom_distribusi_stage(json_string_value(json_object_get(k, "status")), predikat);
    g[ng].predikat = kn_api_predikat_index(predikat);
    g[ng].jumlah = (int)json_integer_value(json_object_get(k, "jumlah"));
    ng++;
  }
  dom_distribusi_population(g, ng, with_proposed, out);
}

static void org_list(kn_http_req_t *r) {
  if (kn_api_dokumen_wanted(r)) { kn_api_dokumen_organisasi(r); return; }
  char th[24];
  const char *th_p;
  if (!kn_api_can_read(r) || !kn_api_id_param(r, 0, "Unor", "Unit") || !kn_api_query_int(r, "tahun", th, &th_p)) return;
  const char *v[2] = {r->params[0], th_p};
  PGresult *res = kn_api_one(r, true, S_ORG_LIST, 2, v);
  if (!res) return;
  json_t *doc = PQgetisnull(res, 0, 0) ? NULL : json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  if (kn_api_list_cap_ok(r, json_array_size(json_object_get(doc, "items")), "?tahun=", "?tahun="))
    kn_http_respond_json(r, 200, doc ? PQgetvalue(res, 0, 0) : "{\"items\":[],\"next_cursor\":null}");
  json_decref(doc);
  PQclear(res);
}

static json_t *data_for(kn_http_req_t *r, bool primary, const char *uid, const char *th, const char *jn, const char *nm);
static json_t *melanggar_for(kn_http_req_t *r, bool primary, json_t *d);
static json_t *kepala_tidak_sesuai(kn_http_req_t *r, bool primary, json_t *d);

/* POST: the first setting of a period (201), or a change of it (200): If-Match (428 without,
 * 412 stale) and alasan required; the answer lists the set evaluations that break the curve
 * under the new predikat (evaluasi_melanggar, domain.md §6.4 item 4). */
static void org_put(kn_http_req_t *r) {
  /* set by the leadership above the unit; BKPSDM records it */
  if (!kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM) || !kn_api_id_param(r, 0, "Unor", "Unit")) return;
  char ver[24];
  bool bad = false;
  const char *expected = kn_api_if_match(r, ver, &bad);
  if (bad) return;
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  kn_api_validate(r, b, ORG_SPEC, NORG, false, NULL);
  const char *alasan = kn_jstr(b, "alasan");
  if (expected && (!alasan || strlen(alasan) < 5))
    kn_http_field_error(r, "alasan", "required", "Alasan perubahan wajib diisi (minimal 5 karakter)",
                        "A reason for the change is required (at least 5 characters)");
  if (r->nfield_errors) { json_decref(b); kn_api_fail_validation(r); return; }
  char *text = json_dumps(b, JSON_COMPACT);
  json_decref(b);
  const char *v[3] = {r->params[0], text, expected};
  PGresult *res = kn_api_one(r, false, S_ORG_PUT, 3, v);
  free(text);
  if (!res) return;
  json_t *o = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  PQclear(res);
  char th[24], nm[24];
  snprintf(th, sizeof th, "%lld", kn_jint(o, "tahun"));
  snprintf(nm, sizeof nm, "%lld", kn_jint(o, "nomor"));
  json_t *d = data_for(r, true, r->params[0], th, kn_jstr(o, "jenis"), nm);
  json_t *list = d ? melanggar_for(r, true, d) : NULL;
  json_t *kepala = list ? kepala_tidak_sesuai(r, true, d) : NULL;
  json_decref(d);
  if (!kepala) { json_decref(list); json_decref(o); return; }
  json_object_set_new(o, "evaluasi_melanggar", list);
  json_object_set_new(o, "kepala_unit_tidak_sesuai", kepala);
  char *out = json_dumps(o, JSON_COMPACT);
  kn_api_respond_resource(r, kn_jint(o, "version") == 1 ? 201 : 200, out);
  free(out);
  json_decref(o);
}

/* GET .../predikat-organisasi/riwayat?tahun=&jenis=&nomor=: every setting with its reason. */
static void org_riwayat(kn_http_req_t *r) {
  char th[24], nm[24], lim[16], after[24];
  const char *th_p, *nm_p, *jn = kn_http_query(r, "jenis");
  if (!kn_api_can_read(r) || !kn_api_id_param(r, 0, "Unor", "Unit") || !kn_api_query_int(r, "tahun", th, &th_p) ||
      !kn_api_query_int(r, "nomor", nm, &nm_p) || !kn_api_page_params(r, lim, after))
    return;
  if (jn && !kn_api_enum_has(dom_ref_jenis_periode.codes, jn)) {
    kn_http_field_error(r, "jenis", "invalid_enum", "BULANAN atau TRIWULAN", "BULANAN or TRIWULAN");
    kn_api_fail_validation(r);
    return;
  }
  const char *v[6] = {r->params[0], th_p, jn, nm_p, after, lim};
  PGresult *res = kn_api_one(r, true, S_RIWAYAT, 6, v);
  if (!res) return;
  kn_api_respond_page(r, PQgetvalue(res, 0, 0));
  PQclear(res);
}

/* The distribution data of unit uid for one period (primary: read from the primary, after a
 * write of this request). NULL after answering. */
static json_t *data_for(kn_http_req_t *r, bool primary, const char *uid, const char *th, const char *jn, const char *nm) {
  const char *v[4] = {uid, th, jn, nm};
  PGresult *res = kn_api_one(r, !primary, S_DATA, 4, v);
  if (!res) return NULL;
  json_t *d = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  PQclear(res);
  return d;
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
  if (!jn || !kn_api_enum_has(dom_ref_jenis_periode.codes, jn))
    kn_http_field_error(r, "jenis", "invalid_enum", "BULANAN atau TRIWULAN", "BULANAN or TRIWULAN");
  if (r->nfield_errors) { kn_api_fail_validation(r); return NULL; }
  return data_for(r, false, r->params[0], th_p, jn, nm_p);
}

typedef struct curve {
  dom_dist_population_t pop;
  dom_rule_t *rules;
  int nrules, min[DOM_NPREDIKAT], max[DOM_NPREDIKAT];
  dom_violation_t v[API_MAX_RULES];
  int nv;
} curve_t;

/* The curve of one population (R14b): set predikat only, or with the proposed ones. */
static void evaluate(json_t *d, dom_rule_t *rules, int nrules, bool with_proposed, curve_t *c) {
  kn_api_distribusi_population(d, with_proposed, &c->pop);
  c->rules = rules;
  c->nrules = nrules;
  dom_distribusi_ranges(rules, nrules, c->pop.n, c->min, c->max);
  c->nv = dom_distribusi_check(rules, nrules, c->pop.n, c->pop.counts, c->v, API_MAX_RULES);
}

/* Both curves of the request's unit and period (set only; set + proposed). NULL after answering. */
static json_t *load_curves(kn_http_req_t *r, dom_rule_t rules[API_MAX_RULES], curve_t *set, curve_t *all) {
  json_t *d = load_data(r);
  if (!d) return NULL;
  int nr = kn_api_rules_from_json(json_object_get(d, "rules"), rules, API_MAX_RULES);
  evaluate(d, rules, nr, false, set);
  evaluate(d, rules, nr, true, all);
  return d;
}

/* The set evaluations of d's unit and period that break its curve of set predikat (R12; §6.4
 * item 4, re-checked after an org predikat change), each with the codes of the violated rules
 * that blame its predikat (dom_distribusi_blame). NULL after answering. */
static json_t *melanggar(kn_http_req_t *r, bool primary, json_t *d, const curve_t *c) {
  unsigned blame[API_MAX_RULES], any = 0;
  for (int i = 0; i < c->nv; i++) any |= blame[i] = dom_distribusi_blame(&c->v[i], c->pop.counts);
  if (!any) return json_array();
  char arr[128] = "{", uid[24], th[24], nm[24];
  for (int p = 0; p < DOM_NPREDIKAT; p++)
    if (any & (1u << p)) {
      size_t l = strlen(arr);
      snprintf(arr + l, sizeof arr - l, "%s%s", l > 1 ? "," : "", dom_ref_predikat.codes[p]);
    }
  strcat(arr, "}");
  snprintf(uid, sizeof uid, "%lld", kn_jint(d, "unor_id"));
  snprintf(th, sizeof th, "%lld", kn_jint(d, "tahun"));
  snprintf(nm, sizeof nm, "%lld", kn_jint(d, "nomor"));
  const char *v[5] = {uid, th, kn_jstr(d, "jenis"), nm, arr};
  PGresult *res = kn_api_one(r, !primary, S_SET, 5, v);
  if (!res) return NULL;
  json_t *list = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  PQclear(res);
  size_t k;
  json_t *e;
  json_array_foreach(list, k, e) {
    int p = kn_api_predikat_index(kn_jstr(e, "predikat"));
    json_t *codes = json_array();
    for (int i = 0; p >= 0 && i < c->nv; i++)
      if (blame[i] & (1u << p)) json_array_append_new(codes, json_string(c->v[i].rule->code));
    json_object_set_new(e, "pelanggaran", codes);
  }
  return list;
}

/* melanggar for the set curve of d. */
static json_t *melanggar_for(kn_http_req_t *r, bool primary, json_t *d) {
  dom_rule_t rules[API_MAX_RULES];
  curve_t set;
  int nr = kn_api_rules_from_json(json_object_get(d, "rules"), rules, API_MAX_RULES);
  evaluate(d, rules, nr, false, &set);
  return melanggar(r, primary, d, &set);
}

/* The set evaluations of the unit head of d's unit and period whose rating hasil kerja is no
 * longer the organisation predikat's (R13). NULL after answering. */
static json_t *kepala_tidak_sesuai(kn_http_req_t *r, bool primary, json_t *d) {
  char uid[24], th[24], nm[24];
  snprintf(uid, sizeof uid, "%lld", kn_jint(d, "unor_id"));
  snprintf(th, sizeof th, "%lld", kn_jint(d, "tahun"));
  snprintf(nm, sizeof nm, "%lld", kn_jint(d, "nomor"));
  const char *v[4] = {uid, th, kn_jstr(d, "jenis"), nm};
  PGresult *res = kn_api_one(r, !primary, S_KEPALA, 4, v);
  if (!res) return NULL;
  json_t *list = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  PQclear(res);
  return list;
}

/* jumlah_dinilai, rentang and pelanggaran of one curve, into out. */
static void curve_json(json_t *out, json_t *d, const curve_t *c) {
  json_object_set_new(out, "jumlah_dinilai", json_integer(c->pop.n));
  json_t *ranges = json_array();
  for (int i = 0; i < DOM_NPREDIKAT; i++)
    json_array_append_new(ranges, json_pack("{s:s, s:i, s:i, s:i}", "predikat", dom_ref_predikat.codes[i], "min", c->min[i],
                                            "max", c->max[i], "aktual", c->pop.counts[i]));
  json_object_set_new(out, "rentang", ranges);
  json_t *viol = json_array();
  size_t k;
  json_t *rule;
  for (int i = 0; i < c->nv; i++) {
    const char *ket = "";
    json_array_foreach(json_object_get(d, "rules"), k, rule)
      if (strcmp(json_string_value(json_object_get(rule, "kode")), c->v[i].rule->code) == 0)
        ket = json_string_value(json_object_get(rule, "keterangan"));
    json_array_append_new(viol, json_pack("{s:s, s:s, s:i, s:i, s:b}", "kode", c->v[i].rule->code, "keterangan", ket,
                                          "aktual", c->v[i].actual, "batas", c->v[i].limit,
                                          "peringatan", c->v[i].warning_only));
  }
  json_object_set_new(out, "pelanggaran", viol);
}

/* GET /v1/unor/{id}/distribusi for ?tahun=&jenis=&nomor= (also the organisation-predikat document):
 * the top level is the set predikat; dengan_usulan the check on set + proposed predikat. */
json_t *kn_api_distribusi_hasil(kn_http_req_t *r) {
  dom_rule_t rules[API_MAX_RULES];
  curve_t set, all;
  json_t *d = load_curves(r, rules, &set, &all);
  if (!d) return NULL;
  json_t *out = json_pack("{s:O, s:O, s:O, s:O, s:i, s:i, s:i, s:O, s:O, s:O}", "unor_id", json_object_get(d, "unor_id"),
                          "tahun", json_object_get(d, "tahun"), "jenis", json_object_get(d, "jenis"),
                          "nomor", json_object_get(d, "nomor"), "diusulkan", set.pop.diusulkan,
                          "belum_dinilai", set.pop.belum_dinilai,
                          "belum_ditetapkan", set.pop.diusulkan + set.pop.belum_dinilai,
                          "tidak_dinilai", json_object_get(d, "tidak_dinilai"),
                          "predikat_organisasi", json_object_get(d, "predikat_organisasi"),
                          "aturan_berlaku_mulai", json_object_get(d, "aturan_berlaku_mulai"));
  curve_json(out, d, &set);
  json_t *list = melanggar(r, false, d, &set);
  json_t *kepala = list ? kepala_tidak_sesuai(r, false, d) : NULL;
  if (!kepala) { json_decref(list); json_decref(out); json_decref(d); return NULL; }
  json_object_set_new(out, "evaluasi_melanggar", list);
  json_object_set_new(out, "kepala_unit_tidak_sesuai", kepala);
  json_t *usulan = json_object();
  curve_json(usulan, d, &all);
  json_object_set_new(out, "dengan_usulan", usulan);
  json_decref(d);
  return out;
}

static void distribusi_json(kn_http_req_t *r) {
  json_t *out = kn_api_distribusi_hasil(r);
  if (!out) return;
  char *text = json_dumps(out, JSON_COMPACT);
  kn_http_respond_json(r, 200, text);
  free(text);
  json_decref(out);
}

/* A bar per predikat: the allowed range (for set + proposed) as a band, the set count as a bar,
 * set + proposed as an outline. */
static void distribusi_svg(kn_http_req_t *r) {
  dom_rule_t rules[API_MAX_RULES];
  curve_t set, all;
  json_t *d = load_curves(r, rules, &set, &all);
  if (!d) return;
  int scale_n = all.pop.n > 0 ? all.pop.n : 1;
  kn_sb_t sb;
  kn_sb_init(&sb);
  kn_sb_printf(&sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"300\" role=\"img\" "
                    "font-family=\"sans-serif\" font-size=\"12\"><title>Distribusi predikat, unor %lld, %s %lld/%lld</title>"
                    "<rect width=\"640\" height=\"300\" fill=\"#fff\"/>",
               (long long)json_integer_value(json_object_get(d, "unor_id")),
               json_string_value(json_object_get(d, "jenis")), (long long)json_integer_value(json_object_get(d, "nomor")),
               (long long)json_integer_value(json_object_get(d, "tahun")));
  for (int i = 0; i < DOM_NPREDIKAT; i++) {
    int x = 40 + i * 120, h_min = 220 * all.min[i] / scale_n, h_max = 220 * all.max[i] / scale_n;
    int h_act = 220 * set.pop.counts[i] / scale_n, h_all = 220 * all.pop.counts[i] / scale_n;
    bool out_of_range = all.pop.counts[i] > all.max[i] || all.pop.counts[i] < all.min[i];
    kn_sb_printf(&sb, "<rect x=\"%d\" y=\"%d\" width=\"80\" height=\"%d\" fill=\"#dbeafe\"><title>rentang %d-%d</title></rect>",
                 x, 250 - h_max, h_max - h_min, all.min[i], all.max[i]);
    kn_sb_printf(&sb, "<rect x=\"%d\" y=\"%d\" width=\"40\" height=\"%d\" fill=\"%s\"><title>ditetapkan %d</title></rect>",
                 x + 20, 250 - h_act, h_act, out_of_range ? "#dc2626" : "#2563eb", set.pop.counts[i]);
    kn_sb_printf(&sb, "<rect x=\"%d\" y=\"%d\" width=\"40\" height=\"%d\" fill=\"none\" stroke=\"%s\" stroke-dasharray=\"4 2\">"
                      "<title>ditetapkan + diusulkan %d</title></rect>",
                 x + 20, 250 - h_all, h_all, out_of_range ? "#dc2626" : "#2563eb", all.pop.counts[i]);
    kn_sb_printf(&sb, "<text x=\"%d\" y=\"270\" text-anchor=\"middle\">%s</text><text x=\"%d\" y=\"%d\" "
                      "text-anchor=\"middle\">%d/%d</text>", x + 40, dom_ref_predikat.codes[i], x + 40, 244 - h_all, set.pop.counts[i],
                 all.pop.counts[i]);
  }
  kn_sb_printf(&sb, "<text x=\"20\" y=\"20\">ditetapkan=%d, diusulkan=%d, belum dinilai=%d, pelanggaran=%d "
                    "(dengan usulan %d)</text></svg>",
               set.pop.n, all.pop.diusulkan, all.pop.belum_dinilai, set.nv, all.nv);
  kn_http_respond(r, 200, "image/svg+xml", sb.data, sb.len);
  kn_sb_free(&sb);
  json_decref(d);
}

void kn_api_distribusi_register(void) {
  S_ORG_LIST = kn_db_register("org_list", "SELECT predikat_organisasi_list($1::bigint, $2::int)::text");
  S_ORG_PUT = kn_db_register("org_put", "SELECT api_predikat_organisasi_put($1::bigint, $2::jsonb, $3::int)::text");
  S_RIWAYAT = kn_db_register("org_riwayat", "SELECT predikat_organisasi_riwayat_list($1::bigint, $2::int, $3, $4::int, "
                                            "$5::bigint, $6::int)::text");
  S_KEPALA = kn_db_register("distribusi_kepala", "SELECT distribusi_kepala_tidak_sesuai($1::bigint, $2::int, $3, $4::int)::text");
  S_SET = kn_db_register("distribusi_set", "SELECT distribusi_evaluasi_set($1::bigint, $2::int, $3, $4::int, $5::text[])::text");
  S_DATA = kn_db_register("distribusi_data", "SELECT distribusi_for($1::bigint, $2::int, $3, $4::int)::text");
  kn_http_route("GET", "/v1/unor/{id}/predikat-organisasi", org_list, 0);
  kn_http_route("POST", "/v1/unor/{id}/predikat-organisasi", org_put, 0);
  kn_http_route("GET", "/v1/unor/{id}/predikat-organisasi/riwayat", org_riwayat, 0);
  kn_http_route("GET", "/v1/unor/{id}/distribusi", distribusi_json, 0);
  kn_http_route("GET", "/v1/unor/{id}/distribusi.svg", distribusi_svg, 0);
}
