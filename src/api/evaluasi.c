/* Assessment: GET /v1/evaluasi(/{id}), PUT /v1/evaluasi/{id}/rating, POST .../tetapkan,
 * POST .../keberatan, GET /v1/keberatan, POST /v1/keberatan/{id}/putuskan. Owner: api (assessment).
 * Decisions are the domain's: the predikat matrix (domain/predikat.c), the workflow and who
 * decides a keberatan (domain/evaluasi.c), the distribution curve and its population
 * (domain/distribusi.c). SQL supplies facts and applies results under a version check. */
#include "kinerja/api.h"
#include "kinerja/api_dokumen.h"
#include "kinerja/api_distribusi.h"
#include "kinerja/db.h"
#include "kinerja/domain_evaluasi.h"
#include "kinerja/domain_kke_checks.h"
#include "kinerja/domain_periode.h"
#include "kinerja/domain_predikat.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_LIST = -1, S_GET = -1, S_FACTS = -1, S_FACTS_CURVE = -1, S_RATE = -1, S_SET = -1, S_OBJECT = -1, S_KFACTS = -1,
           S_DECIDE = -1, S_KLIST = -1;

static const kn_api_field_spec_t RATE_SPEC[] = {
  {"rating_hasil_kerja", KN_F_ENUM, false, false, 0, dom_ref_rating_kode},
  {"rating_perilaku", KN_F_ENUM, true, false, 0, dom_ref_rating_kode},
  {"catatan", KN_F_STRING, false, true, 4000, NULL},
};
static const kn_api_field_spec_t SET_SPEC[] = {{"override_alasan", KN_F_STRING, false, true, 2000, NULL}};
static const kn_api_field_spec_t OBJECT_SPEC[] = {{"alasan", KN_F_STRING, true, false, 4000, NULL}};
static const kn_api_field_spec_t DECIDE_SPEC[] = {
  {"keputusan", KN_F_ENUM, true, false, 0, dom_ref_keputusan_keberatan_kode},
  {"rating_hasil_kerja", KN_F_ENUM, false, false, 0, dom_ref_rating_kode},
  {"rating_perilaku", KN_F_ENUM, false, false, 0, dom_ref_rating_kode},
  {"catatan", KN_F_STRING, true, false, 4000, NULL},
  {"nomor_keputusan", KN_F_STRING, false, false, 200, NULL}, /* the PPK's decree, recorded by BKPSDM (R14a) */
};
#define N(a) (sizeof a / sizeof a[0])


static void list(kn_http_req_t *r) {
  if (!kn_api_can_read(r)) return;
  char limit[16], after[24], th[24], nm[24], unor[24];
  const char *th_p, *nm_p, *unor_p, *jn = kn_http_query(r, "jenis"), *st = kn_http_query(r, "status");
  if (!kn_api_page_params(r, limit, after) || !kn_api_query_int(r, "tahun", th, &th_p) ||
      !kn_api_query_int(r, "nomor", nm, &nm_p) || !kn_api_query_int(r, "unor_id", unor, &unor_p))
    return;
  kn_api_check_ref(r, "status", &dom_ref_status_evaluasi, st);
  if (r->nfield_errors) { kn_api_fail_validation(r); return; }
  const char *v[7] = {after, limit, th_p, jn, nm_p, unor_p, st};
  PGresult *res = kn_api_one(r, true, S_LIST, 7, v);
  if (!res) return;
  kn_api_respond_page(r, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void get(kn_http_req_t *r) {
  if (kn_api_dokumen_wanted(r)) { kn_api_dokumen_evaluasi(r); return; }
  if (!kn_api_can_read(r) || !kn_api_id_param(r, 0, "Evaluasi", "Evaluation")) return;
  const char *id = r->params[0];
  PGresult *res = kn_api_one(r, true, S_GET, 1, &id);
  if (!res) return;
  kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

/* The caller may write, path parameter 0 is an id of `what`, the body passes spec (the facts are
 * read in the write's transaction): the body, or NULL after answering. */
static json_t *begin_as(kn_http_req_t *r, const char *what_id, const char *what_en, const kn_api_field_spec_t *spec,
                        size_t n, bool body_optional) {
  if (!kn_api_can_write_related(r) || !kn_api_id_param(r, 0, what_id, what_en)) return NULL;
  json_t *body = body_optional ? kn_http_body_object_optional(r) : kn_http_body_object(r);
  if (!body) return NULL;
  if (kn_api_validate(r, body, spec, n, false, NULL)) { kn_api_fail_validation(r); json_decref(body); return NULL; }
  return body;
}

/* begin_as for the evaluation routes. */
static json_t *begin(kn_http_req_t *r, const kn_api_field_spec_t *spec, size_t n, bool body_optional) {
  return begin_as(r, "Evaluasi", "Evaluation", spec, n, body_optional);
}

/* What a decision on the evaluation's facts hands to its write: the body, the statement's values
 * (they may point into the body, the facts and the buffers here). */
typedef struct eval_write {
  json_t *b;
  const char *v[9];
  char ver[24], cur[24];
} eval_write_t;

/* Answer the document of the write stmt (or its error), one transaction with the facts read. */
static void write_on_facts(kn_http_req_t *r, int facts_stmt, kn_api_decide_fn decide, eval_write_t *a, int stmt) {
  kn_db_query_t w = {.stmt = stmt};
  PGresult *res = kn_api_one_on_facts(r, facts_stmt, r->params[0], decide, a, &w);
  json_decref(a->b);
  if (!res) return;
  kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

/* The write's n values, kept in a (the caller's array is gone when the write runs). */
static bool use_values(eval_write_t *a, kn_db_query_t *w, const char *const *v, int n) {
  memcpy(a->v, v, (size_t)n * sizeof *v);
  w->nparams = n;
  w->values = a->v;
  return true;
}

/* The stored version, the write's default expectation when If-Match is absent. */
static const char *current_version(json_t *f, char cur[24]) {
  snprintf(cur, 24, "%lld", (long long)json_integer_value(json_object_get(f, "version")));
  return cur;
}

static dom_eval_status_t effective(json_t *f) {
  return dom_evaluasi_effective(dom_evaluasi_status_from_name(kn_jstr(f, "status")),
                                (int)json_integer_value(json_object_get(f, "hari_sejak_ditetapkan")),
                                (int)json_integer_value(json_object_get(f, "keberatan_hari")));
}

static void wrong_state(kn_http_req_t *r, dom_eval_status_t s) {
  char id[200], en[200];
  snprintf(id, sizeof id, "Tindakan ini tidak berlaku untuk evaluasi berstatus %s", dom_evaluasi_status_name(s));
  snprintf(en, sizeof en, "This action does not apply to an evaluation in state %s", dom_evaluasi_status_name(s));
  kn_http_problem(r, "evaluasi_invalid_transition", id, en);
}

/* The rating's decision: the penilai, a state that may be rated, the unit head's rule. */
static bool rate_decide(kn_http_req_t *r, json_t *f, void *arg, kn_db_query_t *w) {
  eval_write_t *a = arg;
  json_t *b = a->b;
  bool bad;
  const char *expected = kn_api_if_match(r, a->ver, &bad);
  dom_eval_status_t s = effective(f);
  const char *hk = kn_jstr(b, "rating_hasil_kerja"), *pk = kn_jstr(b, "rating_perilaku");
  const char *org = kn_jstr(f, "rating_organisasi");
  if (bad) {
  } else if (!kn_jtrue(json_object_get(f, "actor"), "penilai")) {
    kn_http_problem(r, "forbidden", "Hanya pejabat penilai yang memberi rating", "Only the pejabat penilai rates");
    bad = true;
  } else if (!dom_evaluasi_can_rate(s)) {
    wrong_state(r, s);
    bad = true;
  } else if (kn_jtrue(f, "pegawai_kepala_unit")) {
    /* a unit head's rating hasil kerja follows the unit's organisation predikat (data mapping) */
    if (!org) {
      kn_http_problem(r, "predikat_organisasi_missing", "Predikat kinerja organisasi unit ini untuk periode ini belum ditetapkan",
                 "The unit's organisation predikat for this period has not been set");
      bad = true;
    } else if (hk && strcmp(hk, org) != 0) {
      kn_http_field_error(r, "rating_hasil_kerja", "follows_organisasi", "Untuk pimpinan unit, rating hasil kerja mengikuti predikat organisasi",
                     "For a unit head the results rating follows the organisation predikat");
      kn_api_fail_validation(r);
      bad = true;
    } else {
      hk = org;
    }
  } else if (!hk) {
    kn_http_field_error(r, "rating_hasil_kerja", "required", "Wajib diisi", "Required");
    kn_api_fail_validation(r);
    bad = true;
  }
  if (bad) return false;
  dom_predikat_t p = dom_predikat_from_ratings(dom_rating_from_name(hk), dom_rating_from_name(pk));
  const char *v[6] = {r->params[0], hk, pk, dom_predikat_name(p), kn_jstr(b, "catatan"),
                      expected ? expected : current_version(f, a->cur)};
  return use_values(a, w, v, 6);
}

static void rate(kn_http_req_t *r) {
  eval_write_t a = {.b = begin(r, RATE_SPEC, N(RATE_SPEC), false)};
  if (a.b) write_on_facts(r, S_FACTS, rate_decide, &a, S_RATE);
}

/* The curve on the set and proposed predikat (R14b; this evaluation's is among the proposed):
 * blocking violations → 422. */
static bool curve_allows(kn_http_req_t *r, json_t *f, bool override) {
  json_t *d = json_object_get(f, "distribusi");
  if (!d || !kn_jstr(d, "predikat_organisasi")) {
    kn_http_problem(r, "predikat_organisasi_missing", "Predikat kinerja organisasi unit ini untuk periode ini belum ditetapkan",
               "The unit's organisation predikat for this period has not been set");
    return false;
  }
  dom_rule_t rules[API_MAX_RULES];
  int nr = kn_api_rules_from_json(json_object_get(d, "rules"), rules, API_MAX_RULES);
  dom_dist_population_t pop;
  kn_api_distribusi_population(d, true, &pop);
  dom_violation_t v[API_MAX_RULES];
  int nv = dom_distribusi_check(rules, nr, pop.n, pop.counts, v, API_MAX_RULES);
  char list[400] = "";
  int blocking = 0;
  for (int i = 0; i < nv; i++) {
    if (v[i].warning_only) continue;
    size_t l = strlen(list);
    snprintf(list + l, sizeof list - l, "%s%s (aktual %d, batas %d)", blocking ? "; " : "", v[i].rule->code,
             v[i].actual, v[i].limit);
    blocking++;
  }
  if (!blocking || override) return true;
  char id[520], en[520];
  snprintf(id, sizeof id, "Penetapan ini melanggar pola distribusi: %s", list);
  snprintf(en, sizeof en, "Setting this breaks the distribution curve: %s", list);
  kn_http_problem(r, "distribusi_violation", id, en);
  return false;
}

/* Decide a tetapkan on the facts f (403/409/422 answered: false). */
static bool may_set(kn_http_req_t *r, json_t *b, json_t *f, bool *override) {
  const char *ov = kn_jstr(b, "override_alasan");
  *override = ov && ov[0];
  json_t *a = json_object_get(f, "actor");
  /* an override of the curve is the unit leadership's (or BKPSDM's) call, never the penilai's alone */
  bool may_override = kn_jtrue(f, "caller_kepala_unit") || kn_jtrue(a, "admin_bkpsdm");
  dom_eval_status_t s = effective(f);
  if (!kn_jtrue(a, "penilai") && !(*override && may_override)) {
    kn_http_problem(r, "forbidden", "Hanya pejabat penilai yang menetapkan predikat", "Only the pejabat penilai sets the predikat");
    return false;
  }
  if (*override && !may_override) {
    kn_http_problem(r, "forbidden", "Pengecualian pola distribusi hanya oleh pimpinan unit atau BKPSDM",
               "Only the unit's leadership or BKPSDM may override the distribution curve");
    return false;
  }
  if (!dom_evaluasi_can_set(s)) { wrong_state(r, s); return false; }
  return curve_allows(r, f, *override);
}

/* Attempts of a tetapkan whose distribution facts changed between its decision and its write. */
#define SET_ATTEMPTS 4

static bool set_decide(kn_http_req_t *r, json_t *f, void *arg, kn_db_query_t *w) {
  eval_write_t *a = arg;
  bool bad, override;
  const char *expected = kn_api_if_match(r, a->ver, &bad);
  if (bad || !may_set(r, a->b, f, &override)) return false;
  const char *v[4] = {r->params[0], override ? kn_jstr(a->b, "override_alasan") : NULL,
                      override ? NULL : kn_jstr(f, "sidik_distribusi"), expected ? expected : current_version(f, a->cur)};
  return use_values(a, w, v, 4);
}

/* The curve is decided in C on the facts read at the start of the write's transaction; the write
 * re-reads them under the unit's curve lock (a newer snapshot) and refuses (distribusi_berubah)
 * when their fingerprint changed, so the decision is made again on the new facts in a new
 * transaction: two concurrent writes can never both pass on the same stale facts. */
static void set(kn_http_req_t *r) {
  eval_write_t a = {.b = begin(r, SET_SPEC, N(SET_SPEC), true)};
  if (!a.b) return;
  for (int attempt = 1;; attempt++) {
    kn_db_query_t w = {.stmt = S_SET};
    kn_db_error_t err;
    int rc = kn_api_tx_on_facts(r, S_FACTS_CURVE, r->params[0], set_decide, &a, &w, &err);
    if (rc == 0) {
      kn_api_respond_resource(r, 200, PQgetvalue(w.result, 0, 0));
      kn_db_clear(&w, 1);
    }
    if (rc >= 0) break;
    if (attempt == SET_ATTEMPTS || strcmp(err.sqlstate, "KN409") != 0 || strcmp(err.message, "distribusi_berubah") != 0) {
      kn_api_db_fail(r, &err);
      break;
    }
  }
  json_decref(a.b);
}

static bool object_decide(kn_http_req_t *r, json_t *f, void *arg, kn_db_query_t *w) {
  eval_write_t *a = arg;
  dom_eval_status_t s = effective(f);
  bool bad = true;
  if (!kn_jtrue(json_object_get(f, "actor"), "owner"))
    kn_http_problem(r, "forbidden", "Hanya pegawai yang dinilai yang dapat mengajukan keberatan", "Only the appraised pegawai may object");
  else if (!dom_evaluasi_can_object(s))
    wrong_state(r, s);
  else
    a->v[2] = kn_api_if_match(r, a->ver, &bad);
  if (bad) return false;
  const char *v[3] = {r->params[0], kn_jstr(a->b, "alasan"), a->v[2]};
  return use_values(a, w, v, 3);
}

static void object(kn_http_req_t *r) {
  eval_write_t a = {.b = begin(r, OBJECT_SPEC, N(OBJECT_SPEC), false)};
  if (a.b) write_on_facts(r, S_FACTS, object_decide, &a, S_OBJECT);
}

/* Who may decide (domain: dom_keberatan_can_decide_as): false after answering 403/422. */
static bool may_decide(kn_http_req_t *r, json_t *kf, json_t *a, const char *nomor, dom_keberatan_pemutus_t *p) {
  *p = dom_keberatan_pemutus(kn_jstr(kf, "atasan_jenis"));
  switch (dom_keberatan_can_decide_as(*p, kn_jtrue(a, "atasan"), kn_jtrue(a, "admin_bkpsdm"), nomor != NULL)) {
    case DOM_PUTUS_OK: return true;
    case DOM_PUTUS_NOT_ATASAN:
      kn_http_problem(r, "forbidden", "Keberatan diputus oleh atasan pejabat penilai; BKPSDM hanya mencatat keputusan PPK "
                 "bila atasan penilai adalah kepala daerah",
                 "The atasan penilai decides objections; BKPSDM only records the PPK's decision when the atasan penilai "
                 "is the kepala daerah");
      return false;
    case DOM_PUTUS_NOT_BKPSDM:
      kn_http_problem(r, "forbidden", "Atasan penilai adalah kepala daerah: keberatan diputus PPK dan dicatat oleh BKPSDM",
                 "The atasan penilai is the kepala daerah: the PPK decides and BKPSDM records the decision");
      return false;
    case DOM_PUTUS_NOMOR_REQUIRED:
      kn_http_field_error(r, "nomor_keputusan", "required", "Wajib diisi: nomor keputusan PPK",
                     "Required: the number of the PPK's decree");
      kn_api_fail_validation(r);
      return false;
  }
  return false;
}

/* The decision on a keberatan's facts kf: who decides, its state, a rejection changes nothing. */
static bool decide_decide(kn_http_req_t *r, json_t *kf, void *arg, kn_db_query_t *w) {
  eval_write_t *a = arg;
  json_t *b = a->b, *f = json_object_get(kf, "evaluasi");
  bool accept = strcmp(kn_jstr(b, "keputusan"), "DITERIMA") == 0;
  const char *hk = kn_jstr(b, "rating_hasil_kerja"), *pk = kn_jstr(b, "rating_perilaku"), *nomor = kn_jstr(b, "nomor_keputusan");
  dom_keberatan_pemutus_t pemutus = DOM_PEMUTUS_ATASAN_PENILAI;
  bool ok = false;
  if (!f) kn_http_problem(r, "not_found", "Keberatan tidak ditemukan", "Objection not found");
  else if (!may_decide(r, kf, json_object_get(f, "actor"), nomor, &pemutus)) {
  } else if (!dom_evaluasi_can_decide(effective(f)) || strcmp(kn_jstr(kf, "keberatan_status"), "DIAJUKAN") != 0)
    wrong_state(r, effective(f));
  else if (!accept && (hk || pk)) {
    kn_http_field_error(r, "keputusan", "conflict", "Keberatan yang ditolak tidak mengubah rating", "A rejected objection changes no rating");
    kn_api_fail_validation(r);
  } else ok = true;
  bool bad = true;
  const char *expected = ok ? kn_api_if_match(r, a->ver, &bad) : NULL;
  if (bad) return false;
  const char *new_hk = hk ? hk : kn_jstr(f, "rating_hasil_kerja"), *new_pk = pk ? pk : kn_jstr(f, "rating_perilaku");
  dom_predikat_t p = dom_predikat_from_ratings(dom_rating_from_name(new_hk), dom_rating_from_name(new_pk));
  const char *v[9] = {r->params[0], kn_jstr(b, "keputusan"), accept ? hk : NULL, accept ? pk : NULL,
                      accept ? dom_predikat_name(p) : NULL, kn_jstr(b, "catatan"), nomor,
                      dom_keberatan_pemutus_name(pemutus), expected};
  return use_values(a, w, v, 9);
}

static void decide(kn_http_req_t *r) {
  eval_write_t a = {.b = begin_as(r, "Keberatan", "Objection", DECIDE_SPEC, N(DECIDE_SPEC), false)};
  if (a.b) write_on_facts(r, S_KFACTS, decide_decide, &a, S_DECIDE);
}

/* GET /v1/keberatan: the objections the caller may see, for those who decide them. */
static void list_keberatan(kn_http_req_t *r) {
  if (!kn_api_can_read(r)) return;
  char limit[16], after[24], unor[24], pegawai_atasan[8];
  const char *unor_p, *st = kn_http_query(r, "status"), *batas = kn_http_query(r, "batas_putus_sebelum"), *pm = kn_http_query(r, "pemutus");
  if (!kn_api_page_params(r, limit, after) || !kn_api_query_int(r, "unor_id", unor, &unor_p)) return;
  dom_date_t d;
  kn_api_check_ref(r, "status", &dom_ref_status_keberatan, st);
  if (batas && !dom_date_parse(batas, &d)) kn_http_field_error(r, "batas_putus_sebelum", "invalid_type", "Tanggal YYYY-MM-DD",
                                                          "A date YYYY-MM-DD");
  kn_api_check_ref(r, "pemutus", &dom_ref_pemutus_keberatan, pm);
  if (r->nfield_errors) { kn_api_fail_validation(r); return; }
  /* the pemutus filter as the fact it rests on: is the atasan penilai a pegawai? */
  snprintf(pegawai_atasan, sizeof pegawai_atasan, "%s",
           pm && strcmp(pm, dom_keberatan_pemutus_name(DOM_PEMUTUS_PPK)) == 0 ? "false" : "true");
  /* hari NULL: the instansi's keberatan_putus_hari (K22's limit) */
  const char *v[7] = {after, limit, st, unor_p, batas, NULL, pm ? pegawai_atasan : NULL};
  PGresult *res = kn_api_one(r, true, S_KLIST, 7, v);
  if (!res) return;
  json_t *page = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  PQclear(res);
  size_t i;
  json_t *item;
  json_array_foreach(json_object_get(page, "items"), i, item) {
    dom_keberatan_pemutus_t p = dom_keberatan_pemutus(kn_jstr(item, "atasan_jenis"));
    json_object_set_new(item, "pemutus", json_string(dom_keberatan_pemutus_name(p)));
    json_object_del(item, "atasan_jenis");
  }
  char *text = json_dumps(page, JSON_COMPACT | JSON_PRESERVE_ORDER);
  kn_api_respond_page(r, text);
  free(text);
  json_decref(page);
}

/* The list's filters on one evaluation e (?tahun, ?jenis, ?nomor, ?unor_id subtree, ?status), as
 * a per-row check: a subquery, so no plan can start from the filtered SKPs or units and sort the
 * tenant's evaluations (it did: 1.7 s a page at 79k evaluations, generic plan). */
#define EVAL_FILTER \
  "  AND (($3::int IS NULL AND $4::text IS NULL AND $5::int IS NULL AND $6::bigint IS NULL) " \
  "    OR COALESCE((SELECT true FROM skp s, periode p, unor u WHERE s.instansi_id = e.instansi_id " \
  "      AND s.id = e.skp_id AND p.instansi_id = e.instansi_id AND p.id = e.periode_id " \
  "      AND u.instansi_id = s.instansi_id AND u.id = s.unor_id AND ($3::int IS NULL OR s.tahun = $3::int) " \
  "      AND ($4::text IS NULL OR p.jenis = $4) AND ($5::int IS NULL OR p.nomor = $5::int) " \
  "      AND ($6::bigint IS NULL OR u.path LIKE (SELECT path FROM base) || '%')), false)) " \
  "  AND ($7::text IS NULL OR evaluasi_status(e) = $7) "

void kn_api_evaluasi_register(void) {
  /* Like skp_list (src/api/skp.c): for scope '/' a walk of the tenant's evaluations in index
   * order; otherwise the evaluations of the SKPs in the PD scope or related to the caller. */
  S_LIST = kn_db_register("evaluasi_list",
    "WITH me AS MATERIALIZED (SELECT app_scope_path() AS sp, "
    "  (SELECT id FROM pegawai WHERE instansi_id = app_instansi_id() AND nip = app_nip()) AS pid), "
    "base AS (SELECT path FROM unor WHERE instansi_id = app_instansi_id() AND id = $6::bigint), "
    "skps AS MATERIALIZED (SELECT s.id FROM skp s WHERE (SELECT sp FROM me) IS DISTINCT FROM '/' "
    "    AND s.instansi_id = app_instansi_id() AND s.unor_id IN (SELECT u.id FROM unor u "
    "      WHERE u.instansi_id = app_instansi_id() AND u.path LIKE (SELECT sp FROM me) || '%') "
    "  UNION SELECT s.id FROM skp s WHERE (SELECT sp FROM me) IS DISTINCT FROM '/' "
    "    AND s.instansi_id = app_instansi_id() AND (s.pegawai_id = (SELECT pid FROM me) "
    "      OR s.penilai_pegawai_id = (SELECT pid FROM me) OR s.atasan_pegawai_id = (SELECT pid FROM me))), "
    "ids AS ((SELECT e.id FROM evaluasi e WHERE (SELECT sp FROM me) = '/' AND e.instansi_id = app_instansi_id() "
    "    AND e.id > $1::bigint " EVAL_FILTER " ORDER BY e.instansi_id, e.id LIMIT $2::int) "
    "  UNION (SELECT e.id FROM skps, evaluasi e WHERE e.instansi_id = app_instansi_id() AND e.skp_id = skps.id "
    "    AND e.id > $1::bigint " EVAL_FILTER " ORDER BY e.id LIMIT $2::int)) "
    "SELECT json_build_object('items', COALESCE(json_agg(evaluasi_json(e) ORDER BY e.id), '[]'::json), "
    "  'next_cursor', CASE WHEN count(*) = $2::int THEN max(e.id) END)::text "
    "FROM (SELECT e.* FROM (SELECT id FROM ids ORDER BY id LIMIT $2::int) i "
    "  JOIN evaluasi e ON e.instansi_id = app_instansi_id() AND e.id = i.id) e");
  S_GET = kn_db_register("evaluasi_get", "SELECT evaluasi_json(e)::text FROM evaluasi_for($1::bigint) e");
  S_FACTS = kn_db_register("evaluasi_facts", "SELECT evaluasi_facts($1::bigint, false)::text");
  S_FACTS_CURVE = kn_db_register("evaluasi_facts_curve", "SELECT evaluasi_facts($1::bigint, true)::text");
  S_RATE = kn_db_register("evaluasi_rate", "SELECT api_evaluasi_rating($1::bigint, $2, $3, $4, $5, $6::int)::text");
  S_SET = kn_db_register("evaluasi_set", "SELECT api_evaluasi_tetapkan($1::bigint, $2, $3, $4::int)::text");
  S_OBJECT = kn_db_register("keberatan_ajukan", "SELECT api_keberatan_ajukan($1::bigint, $2, $3::int)::text");
  S_KFACTS = kn_db_register("keberatan_facts", "SELECT keberatan_facts($1::bigint)::text");
  S_DECIDE = kn_db_register("keberatan_putuskan", "SELECT api_keberatan_putuskan($1::bigint, $2, $3, $4, $5, $6, $7, $8, $9::int)::text");
  S_KLIST = kn_db_register("keberatan_list",
    "SELECT keberatan_list($1::bigint, $2::int, $3, $4::bigint, $5::date, $6::int, $7::boolean)::text");
  kn_http_route("GET", "/v1/evaluasi", list, 0);
  kn_http_route("GET", "/v1/evaluasi/{id}", get, 0);
  kn_http_route("PUT", "/v1/evaluasi/{id}/rating", rate, 0);
  kn_http_route("POST", "/v1/evaluasi/{id}/tetapkan", set, 0);
  kn_http_route("POST", "/v1/evaluasi/{id}/keberatan", object, 0);
  kn_http_route("GET", "/v1/keberatan", list_keberatan, 0);
  kn_http_route("POST", "/v1/keberatan/{id}/putuskan", decide, 0);
}
