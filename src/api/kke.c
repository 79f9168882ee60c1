/* Kertas kerja evaluasi: POST /v1/kke runs the catalogue's checks (src/domain/kke.c) over a
 * Perangkat Daerah and semester and stores an immutable snapshot; GET /v1/kke(/{id}(/temuan));
 * PATCH a finding (PD answer, BKPSDM verification); worksheet transitions. Owner: api (KKE).
 * Decides here: nothing about whether an item passes. This file reads the facts of K01, K02,
 * K04-K06, K08-K18, K20-K22 from the kke_data document, groups them (segments per pegawai,
 * holders per RHK text), calls the domain decision (include/kinerja/domain_kke_checks.h,
 * domain_kke.h, domain_distribusi.h) and words the finding (kn_api_kke_check). Left to others: the
 * facts themselves (sql/, kke_data), K03, K07 and the dated exemptions (src/api/kke_tambahan.c),
 * K19 (src/api/kke_k19.c), the thresholds and rules (src/domain/kke_checks.c, kke.c,
 * kke_rules.c). The whole-instansi job runs KKE_PARALLEL PDs at once (run_all), one connection
 * and one set of transactions per thread. */
#include "kinerja/api.h"
#include "kinerja/api_dokumen.h"
#include "kinerja/api_distribusi.h"
#include "kinerja/api_export.h"
#include "kinerja/api_jadwal.h"
#include "kinerja/api_kke.h"
#include "kinerja/api_kke_k19.h"
#include "kinerja/db.h"
#include "kinerja/domain_kke.h"
#include "kinerja/domain_kke_checks.h"
#include "kinerja/domain_periode.h"
#include "kinerja/strbuf.h"
#include <libpq-fe.h>
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_PDS = -1, S_CHECK = -1, S_DATA = -1, S_EXTRA = -1, S_SAVE = -1, S_LIST = -1, S_GET = -1, S_TEMUAN = -1, S_PATCH = -1, S_MOVE = -1;

typedef kke_run_t run_t;

void kn_api_kke_check(run_t *x, const char *kode, bool ok, const char *entitas, long long id, const char *nip,
                  const char *fmt, ...) {
  int i = 0;
  while (i < x->ncat && strcmp(x->cat[i].kode, kode) != 0) i++;
  if (i == x->ncat) return;
  x->tally[i].checked++;
  if (ok) return;
  x->tally[i].findings++;
  char msg[600], eid[24];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(eid, sizeof eid, "%lld", id);
  /* a row [kode, entitas, entitas_id, nip, pesan]; severity and perbaikan go once per kode
   * (catalogue_json, api_kke_simpan) */
  json_array_append_new(x->findings, json_pack("[s, s, s, s?, s]", kode, entitas, eid, nip, msg));
}

/* {kode: [severity, perbaikan]} of the catalogue, for api_kke_simpan. */
static json_t *catalogue_json(const run_t *x) {
  json_t *c = json_object();
  for (int i = 0; i < x->ncat; i++) {
    char sev[2] = {x->cat[i].severity, '\0'};
    json_object_set_new(c, x->cat[i].kode, json_pack("[s, s]", sev, x->cat[i].perbaikan));
  }
  return c;
}

static long days(const char *iso) {
  dom_date_t d;
  return dom_date_parse(iso, &d) ? dom_date_days(d) : -1;
}

/* An instansi KKE limit from kke_data's "pengaturan" (its default when absent). */
static int limit_of(json_t *d, const char *name) {
  int n;
  const dom_kke_setting_t *s = dom_kke_settings(&n);
  json_t *v = json_object_get(json_object_get(d, "pengaturan"), name);
  for (int i = 0; i < n; i++)
    if (strcmp(s[i].name, name) == 0) return json_is_integer(v) ? (int)json_integer_value(v) : s[i].def;
  return json_is_integer(v) ? (int)json_integer_value(v) : 0;
}

typedef struct owned { long long pegawai; json_t *skp; } owned_t;

static int by_owner(const void *a, const void *b) {
  const owned_t *x = a, *y = b;
  if (x->pegawai != y->pegawai) return x->pegawai < y->pegawai ? -1 : 1;
  return strcmp(kn_jstr(x->skp, "periode_awal"), kn_jstr(y->skp, "periode_awal")); /* segments in date order */
}

/* K01, K21 (pegawai exempt during the window excepted: exempt ids, sorted) and K20. */
static void check_pegawai(run_t *x, json_t *d, const long long *exempt, size_t nexempt) {
  size_t i, k;
  json_t *p, *s;
  json_t *skps = json_object_get(d, "skp");
  size_t ns = json_array_size(skps);
  owned_t *own = calloc(ns ? ns : 1, sizeof *own);
  json_array_foreach(skps, k, s) own[k] = (owned_t){kn_jint(s, "pegawai_id"), s};
  qsort(own, ns, sizeof *own, by_owner);
  json_array_foreach(json_object_get(d, "pegawai"), i, p) {
    long long id = kn_jint(p, "id");
    int n = 0;
    long starts[16], ends[16];
    /* this pegawai's segments: binary search in the sorted list (not a scan per pegawai) */
    size_t lo = 0, hi = ns;
    while (lo < hi) { size_t mid = (lo + hi) / 2; if (own[mid].pegawai < id) lo = mid + 1; else hi = mid; }
    for (k = lo; k < ns && own[k].pegawai == id && n < 16; k++, n++) {
      starts[n] = days(kn_jstr(own[k].skp, "periode_awal"));
      ends[n] = days(kn_jstr(own[k].skp, "periode_akhir"));
    }
    if (!kn_api_kke_is_exempt(exempt, nexempt, id)) {
      kn_api_kke_check(x, "K01", dom_kke_k01_has_skp(n), "pegawai", id, kn_jstr(p, "nip"), "Pegawai aktif belum memiliki SKP tahun %lld", kn_jint(d, "tahun"));
      if (n > 0)
        kn_api_kke_check(x, "K21", dom_kke_k21_covers_year(starts, ends, n, (int)kn_jint(d, "tahun")), "pegawai", id, kn_jstr(p, "nip"),
              "Segmen SKP tidak menutup sisa tahun tanpa celah atau tumpang tindih");
    }
    if (dom_kke_k20_applies(kn_jstr(p, "jenis_jabatan")))
      kn_api_kke_check(x, "K20", kn_jtrue(p, "koefisien"), "pegawai", id, kn_jstr(p, "nip"),
            "Jenjang jabatan fungsional '%s' tidak memiliki koefisien angka kredit", kn_jstr(p, "jenjang_jf") ? kn_jstr(p, "jenjang_jf") : "-");
  }
  free(own);
}

static void check_skp(run_t *x, json_t *d) {
  size_t i;
  json_t *s;
  json_t *ekspektasi = json_object_get(d, "perilaku_ekspektasi");
  int mutasi = limit_of(d, "kke_mutasi_hari");
  json_array_foreach(json_object_get(d, "skp"), i, s) {
    long long id = kn_jint(s, "id");
    const char *nip = kn_jstr(s, "nip");
    json_t *f = json_object_get(s, "facts");
    long set = days(kn_jstr(s, "ditetapkan"));
    bool on_time = dom_kke_k02_on_time(days(kn_jstr(s, "batas")), days(kn_jstr(s, "tmt")), set, days(kn_jstr(d, "today")), mutasi);
    kn_api_kke_check(x, "K02", on_time, "skp", id, nip,
                  set >= 0 ? "SKP ditetapkan setelah batas waktu" : "SKP belum ditetapkan padahal batas waktu sudah lewat");
    if (!dom_kke_skp_is_jpt(kn_jstr(s, "jenis_skp")))
      kn_api_kke_check(x, "K04", dom_kke_k04_cascading_ok(kn_jint(f, "cascading_missing")), "skp", id, nip,
                    "%lld RHK utama tidak mengintervensi RHK pejabat penilai", kn_jint(f, "cascading_missing"));
    char key[24];
    snprintf(key, sizeof key, "%lld", id);
    long long filled = json_integer_value(json_object_get(ekspektasi, key));
    kn_api_kke_check(x, "K10", dom_kke_k10_perilaku_ok(kn_jint(f, "perilaku"), filled), "skp", id, nip,
          "Perilaku kerja %lld dari %d nilai, ekspektasi khusus pimpinan terisi pada %lld nilai", kn_jint(f, "perilaku"),
          DOM_KKE_PERILAKU_VALUES, filled);
    kn_api_kke_check(x, "K11", dom_kke_k11_lampiran_ok(kn_jint(f, "lampiran_sections")), "skp", id, nip,
          "Lampiran SKP baru %lld dari %d bagian", kn_jint(f, "lampiran_sections"), DOM_KKE_LAMPIRAN_SECTIONS);
    if (kn_jtrue(f, "bobot_aktif")) {
      double sum = json_number_value(json_object_get(f, "bobot_sum"));
      kn_api_kke_check(x, "K18", dom_kke_k18_bobot_ok(sum, kn_jint(f, "bobot_missing")), "skp", id, nip,
            "Bobot RHK berjumlah %.2f dengan %lld RHK tanpa bobot", sum, kn_jint(f, "bobot_missing"));
    }
  }
}

typedef struct text_ref { char norm[256]; const char *nip; size_t idx; } text_ref_t;

static int by_text(const void *a, const void *b) {
  const text_ref_t *x = a, *y = b;
  int c = strcmp(x->norm, y->norm);
  return c ? c : strcmp(x->nip ? x->nip : "", y->nip ? y->nip : "");
}

/* K08 needs, per RHK, how many pegawai carry the same (normalized) text: sort once instead of
 * comparing every pair (a PD of 4,000 pegawai made that 16 million comparisons). */
static int *text_holders(json_t *all) {
  size_t n = json_array_size(all), i;
  text_ref_t *t = calloc(n ? n : 1, sizeof *t);
  int *holders = calloc(n ? n : 1, sizeof *holders);
  json_t *r;
  json_array_foreach(all, i, r) {
    dom_kke_normalize(kn_jstr(r, "uraian"), t[i].norm, sizeof t[i].norm);
    t[i].nip = kn_jstr(r, "nip");
    t[i].idx = i;
  }
  qsort(t, n, sizeof *t, by_text);
  for (size_t a = 0; a < n;) {
    size_t b = a;
    int distinct = 0;
    while (b < n && strcmp(t[b].norm, t[a].norm) == 0) {
      if (b == a || strcmp(t[b].nip ? t[b].nip : "", t[b - 1].nip ? t[b - 1].nip : "") != 0) distinct++;
      b++;
    }
    for (size_t k = a; k < b; k++) holders[t[k].idx] = t[a].norm[0] ? distinct : 0;
    a = b;
  }
  free(t);
  return holders;
}

typedef struct skp_ref { long long skp; size_t idx; } skp_ref_t;

static int by_skp(const void *a, const void *b) {
  const skp_ref_t *x = a, *y = b;
  if (x->skp != y->skp) return x->skp < y->skp ? -1 : 1;
  return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* K09 compares a tambahan RHK with the RHKs of its own SKP: the RHKs sorted by SKP once, then a
 * binary search per tambahan RHK (a scan of every RHK of the PD per tambahan RHK was quadratic:
 * most of the CPU of a whole-instansi KKE). */
static skp_ref_t *by_skp_index(json_t *all) {
  size_t n = json_array_size(all), i;
  skp_ref_t *t = calloc(n ? n : 1, sizeof *t);
  json_t *r;
  json_array_foreach(all, i, r) t[i] = (skp_ref_t){kn_jint(r, "skp_id"), i};
  qsort(t, n, sizeof *t, by_skp);
  return t;
}

static bool k09_repeats(json_t *all, const skp_ref_t *idx, json_t *r) {
  size_t n = json_array_size(all), lo = 0, hi = n;
  long long skp = kn_jint(r, "skp_id");
  while (lo < hi) { size_t mid = (lo + hi) / 2; if (idx[mid].skp < skp) lo = mid + 1; else hi = mid; }
  for (size_t k = lo; k < n && idx[k].skp == skp; k++) {
    json_t *o = json_array_get(all, idx[k].idx);
    if (dom_kke_k09_repeats_utama(kn_jstr(r, "uraian"), kn_jstr(o, "jenis"), kn_jstr(o, "uraian"))) return true;
  }
  return false;
}

static void check_rhk(run_t *x, json_t *d) {
  size_t i;
  json_t *r;
  json_t *all = json_object_get(d, "rhk");
  int *holders = text_holders(all), templat = limit_of(d, "kke_templat_pegawai");
  skp_ref_t *same_skp = by_skp_index(all);
  json_array_foreach(all, i, r) {
    long long id = kn_jint(r, "id");
    const char *nip = kn_jstr(r, "nip");
    if (dom_kke_skp_is_jpt(kn_jstr(r, "jenis_skp")))
      kn_api_kke_check(x, "K05", dom_kke_k05_perspektif_ok(kn_jstr(r, "perspektif")), "rhk", id, nip, "RHK JPT tanpa perspektif: \"%.120s\"", kn_jstr(r, "uraian"));
    kn_api_kke_check(x, "K08", dom_kke_k08_not_template(holders[i], templat), "rhk", id, nip, "RHK \"%.120s\" sama persis pada %d pegawai", kn_jstr(r, "uraian"), holders[i]);
    if (dom_kke_rhk_is_tambahan(kn_jstr(r, "jenis"))) {
      bool dup = k09_repeats(all, same_skp, r);
      kn_api_kke_check(x, "K09", !dup, "rhk", id, nip, "RHK tambahan mengulang RHK utama: \"%.120s\"", kn_jstr(r, "uraian"));
    }
  }
  free(holders);
  free(same_skp);
  json_array_foreach(json_object_get(d, "indikator"), i, r) {
    const char *word;
    bool measurable = dom_kke_k06_measurable(kn_jstr(r, "uraian"), kn_jstr(r, "target_teks"), kn_jtrue(r, "kuantitatif"),
                                             kn_jtrue(r, "target_angka"), &word);
    if (word)
      kn_api_kke_check(x, "K06", measurable, "indikator", kn_jint(r, "id"), kn_jstr(r, "nip"), "Indikator memakai kata mutlak '%s': \"%.120s\"",
            word, kn_jstr(r, "uraian"));
    else
      kn_api_kke_check(x, "K06", measurable, "indikator", kn_jint(r, "id"), kn_jstr(r, "nip"), "Indikator tanpa target terukur: \"%.120s\"",
            kn_jstr(r, "uraian"));
  }
}

static void check_periode(run_t *x, json_t *d) {
  size_t i;
  json_t *p;
  json_array_foreach(json_object_get(d, "periode"), i, p) {
    long long id = kn_jint(p, "id");
    const char *nip = kn_jstr(p, "nip");
    json_t *e = json_object_get(p, "evaluasi");
    bool set = dom_kke_evaluasi_set(kn_jstr(e, "status"));
    kn_api_kke_check(x, "K12", dom_kke_k12_cycle_ok(kn_jint(p, "realisasi_n"), kn_jint(p, "indikator_n"), set), "periode", id, nip,
          "%s %lld: realisasi %lld dari %lld indikator, penilaian %s", kn_jstr(p, "jenis"), kn_jint(p, "nomor"),
          kn_jint(p, "realisasi_n"), kn_jint(p, "indikator_n"), set ? "ditetapkan" : "belum ditetapkan");
    if (dom_kke_k13_applies(kn_jint(p, "realisasi_n")))
      kn_api_kke_check(x, "K13", dom_kke_k13_bukti_ok(kn_jint(p, "tanpa_bukti_valid")), "periode", id, nip, "%lld realisasi tanpa bukti dukung yang valid",
            kn_jint(p, "tanpa_bukti_valid"));
    kn_api_kke_check(x, "K14", dom_kke_k14_umpan_balik_ok(kn_jint(p, "umpan_balik_n")), "periode", id, nip, "Tidak ada umpan balik pada %s %lld", kn_jstr(p, "jenis"),
          kn_jint(p, "nomor"));
    if (kn_jstr(e, "predikat") && kn_jstr(e, "hk") && kn_jstr(e, "pk")) {
      const char *matrix;
      bool ok = dom_kke_k15_predikat_ok(kn_jstr(e, "hk"), kn_jstr(e, "pk"), kn_jstr(e, "predikat"), &matrix);
      kn_api_kke_check(x, "K15", ok, "evaluasi", kn_jint(e, "id"), nip, "Predikat %s tidak sesuai matriks (%s)", kn_jstr(e, "predikat"),
            matrix);
      if (kn_jtrue(p, "kepala_unit") && kn_jstr(p, "rating_organisasi"))
        kn_api_kke_check(x, "K17", dom_kke_k17_unit_head_ok(kn_jstr(e, "hk"), kn_jstr(p, "rating_organisasi")), "evaluasi", kn_jint(e, "id"), nip,
              "Rating hasil kerja pimpinan unit %s, predikat organisasi memetakan ke %s", kn_jstr(e, "hk"), kn_jstr(p, "rating_organisasi"));
    }
  }
}

static dom_kke_bukti_ref_t bukti_ref(json_t *b) {
  return (dom_kke_bukti_ref_t){kn_jint(b, "indikator_id"), kn_jint(b, "rhk_id"), kn_jint(b, "rhk_atasan_id")};
}

/* K13 per evidence item: dated within its period; its file not also evidence of an unrelated
 * indicator (the first such one is named). */
static void check_bukti(run_t *x, json_t *d) {
  size_t i, k;
  json_t *b, *o;
  int tenggang = (int)kn_jint(json_object_get(d, "pengaturan"), "tenggang_realisasi_hari");
  json_array_foreach(json_object_get(d, "bukti"), i, b) {
    long long id = kn_jint(b, "id");
    const char *nip = kn_jstr(b, "nip"), *tanggal = kn_jstr(b, "tanggal");
    bool dated = dom_kke_k13_dated_in_period(tanggal ? days(tanggal) : -1, days(kn_jstr(b, "diunggah")),
                                             days(kn_jstr(b, "awal")), days(kn_jstr(b, "akhir")), tenggang);
    kn_api_kke_check(x, "K13", dated, "bukti", id, nip, "Bukti %s %s di luar periodenya (%s s.d. %s)",
          tanggal ? "bertanggal" : "tanpa tanggal, diunggah", tanggal ? tanggal : kn_jstr(b, "diunggah"),
          kn_jstr(b, "awal"), kn_jstr(b, "akhir"));
    json_t *other = NULL;
    json_array_foreach(json_object_get(b, "sama"), k, o)
      if (!other && !dom_kke_k13_related(bukti_ref(b), bukti_ref(o))) other = o;
    kn_api_kke_check(x, "K13", other == NULL, "bukti", id, nip,
          "Berkas yang sama juga menjadi bukti indikator lain yang tidak berkaitan (bukti %lld, NIP %s)",
          other ? kn_jint(other, "id") : 0, other && kn_jstr(other, "nip") ? kn_jstr(other, "nip") : "-");
  }
}

static void check_unit(run_t *x, json_t *d, long long unit) {
  size_t i;
  json_t *u;
  json_array_foreach(json_object_get(d, "distribusi"), i, u) {
    dom_dist_population_t pop; /* the set predikat (R14b) */
    kn_api_distribusi_population(u, false, &pop);
    if (pop.n == 0) continue; /* nothing set yet: K12 reports the missing assessments */
    dom_rule_t rules[API_MAX_RULES];
    int nr = kn_api_rules_from_json(json_object_get(u, "rules"), rules, API_MAX_RULES);
    dom_violation_t v[API_MAX_RULES];
    int nv = !kn_jstr(u, "predikat_organisasi") ? 0 : dom_distribusi_check(rules, nr, pop.n, pop.counts, v, API_MAX_RULES);
    int blocking;
    bool ok = dom_kke_k16_distribusi_ok(kn_jstr(u, "predikat_organisasi") != NULL, v, nv, &blocking);
    if (kn_jstr(u, "predikat_organisasi"))
      kn_api_kke_check(x, "K16", ok, "unor", unit, NULL, "%s %lld: %d aturan pola distribusi dilanggar (lihat distribusi unit)",
            kn_jstr(u, "jenis"), kn_jint(u, "nomor"), blocking);
    else
      kn_api_kke_check(x, "K16", ok, "unor", unit, NULL, "%s %lld: predikat organisasi belum ditetapkan", kn_jstr(u, "jenis"), kn_jint(u, "nomor"));
  }
  int batas = limit_of(d, "keberatan_putus_hari");
  json_array_foreach(json_object_get(d, "keberatan"), i, u) {
    const char *diputus = kn_jstr(u, "diputus");
    long elapsed;
    bool ok = dom_kke_k22_on_time(days(kn_jstr(u, "diajukan")), diputus ? days(diputus) : -1, days(kn_jstr(d, "today")), batas,
                                  &elapsed);
    kn_api_kke_check(x, "K22", ok, "keberatan", kn_jint(u, "id"), kn_jstr(u, "nip"), "Keberatan %sdiputus setelah %ld hari (batas %d hari)",
          diputus ? "" : "belum ", elapsed, batas);
  }
}

/* Findings of checks kept in their own files (K19: src/api/kke_k19.c). */
static void found(void *x, const char *kode, bool ok, const char *entitas, long long id, const char *nip, const char *msg) {
  kn_api_kke_check(x, kode, ok, entitas, id, nip, "%s", msg);
}

static const kn_api_field_spec_t RUN_SPEC[] = {
  {"unor_id", KN_F_INT, true, false, 0, NULL},
  {"tahun", KN_F_INT, true, false, 0, NULL},
  {"semester", KN_F_INT, true, false, 0, NULL},
};

static const kn_api_field_spec_t RUN_ALL_SPEC[] = {
  {"tahun", KN_F_INT, true, false, 0, NULL},
  {"semester", KN_F_INT, true, false, 0, NULL},
};

/* Run the checks for one PD and store the snapshot; returns its JSON (caller frees) or NULL
 * with *err. It only reads r (the whole-instansi job runs PDs on several threads): the error is
 * answered and the write's consistency token (into token) set by the caller. */
static char *run_one(kn_http_req_t *r, const char *u, const char *t, const char *s, char *token, kn_db_error_t *err) {
  const char *v[3] = {u, t, s};
  kn_db_query_t q[3] = {{.stmt = S_CHECK, .nparams = 1, .values = v}, {.stmt = S_DATA, .nparams = 3, .values = v},
                        {.stmt = S_EXTRA, .nparams = 3, .values = v}};
  kn_db_ctx_t ctx = kn_api_db_ctx(r);
  if (kn_db_tx(&ctx, true, q, 3, err) != 0) return NULL;
  json_t *d = json_loads(PQgetvalue(q[1].result, 0, 0), 0, NULL);
  json_t *extra = json_loads(PQgetvalue(q[2].result, 0, 0), 0, NULL);
  kn_db_clear(q, 3);
  size_t nexempt;
  long long *exempt = kn_api_kke_exempt_ids(extra, &nexempt);
  run_t x;
  memset(&x, 0, sizeof x);
  x.cat = dom_kke_catalogue(&x.ncat);
  x.findings = json_array();
  check_pegawai(&x, d, exempt, nexempt);
  check_skp(&x, d);
  kn_api_kke_check_penilai(&x, extra);
  check_rhk(&x, d);
  kn_api_kke_check_target(&x, extra);
  check_periode(&x, d);
  check_bukti(&x, d);
  check_unit(&x, d, atoll(u));
  kn_api_kke_k19(r, u, t, s, found, &x);
  json_decref(d);
  json_decref(extra);
  free(exempt);
  json_t *sum = json_array();
  for (int i = 0; i < x.ncat; i++) {
    char sev[2] = {x.cat[i].severity, '\0'};
    double comp = x.tally[i].checked ? 100.0 * (x.tally[i].checked - x.tally[i].findings) / x.tally[i].checked : 100.0;
    json_array_append_new(sum, json_pack("{s:s, s:s, s:s, s:i, s:i, s:f}", "kode", x.cat[i].kode, "judul", x.cat[i].judul,
                                         "severity", sev, "diperiksa", x.tally[i].checked, "temuan", x.tally[i].findings,
                                         "kepatuhan", (double)((long)(comp * 10 + 0.5)) / 10.0));
  }
  char score[16];
  snprintf(score, sizeof score, "%.1f", dom_kke_score(x.tally, x.ncat));
  json_t *cat = catalogue_json(&x);
  char *st = json_dumps(sum, JSON_COMPACT), *ct = json_dumps(cat, JSON_COMPACT), *ft = json_dumps(x.findings, JSON_COMPACT);
  json_decref(sum);
  json_decref(cat);
  json_decref(x.findings);
  const char *w[7] = {u, t, s, score, st, ct, ft};
  kn_db_query_t save = {.stmt = S_SAVE, .nparams = 7, .values = w};
  ctx.commit_token = token;
  int rc = kn_db_tx(&ctx, false, &save, 1, err);
  free(st);
  free(ct);
  free(ft);
  if (rc != 0) return NULL;
  char *out = strdup(PQgetvalue(save.result, 0, 0));
  kn_db_clear(&save, 1);
  return out;
}

/* PDs of the whole-instansi job run at once, each on its thread's own connection and in its own
 * transactions: the reference machine has two cores, and one PD's run is sequential work of the
 * server and of one PostgreSQL backend (with one PD at a time a core stayed idle). Bounded, so
 * the job never takes more than this many backends from the requests. */
#define KKE_PARALLEL 2

typedef struct pd_pool {
  kn_http_req_t *r;
  PGresult *pds;
  const char *t, *s;
  pthread_mutex_t mu;
  int next, n;
  bool failed;
  kn_db_error_t err;           /* the first failure, answered by the caller */
  char token[KN_DB_TOKEN_MAX]; /* the latest commit's consistency token */
  char **out;                  /* per PD, in the PDs' order */
} pd_pool_t;

static void *pd_worker(void *arg) {
  pd_pool_t *p = arg;
  for (;;) {
    pthread_mutex_lock(&p->mu);
    int i = p->failed ? p->n : p->next++; /* after a failure no PD is started; earlier ones keep their snapshots */
    pthread_mutex_unlock(&p->mu);
    if (i >= p->n) break;
    kn_db_error_t err;
    char token[KN_DB_TOKEN_MAX] = "";
    char *one = run_one(p->r, PQgetvalue(p->pds, i, 0), p->t, p->s, token, &err);
    pthread_mutex_lock(&p->mu);
    p->out[i] = one;
    kn_db_token_max(p->token, token);
    if (!one && !p->failed) { p->failed = true; p->err = err; }
    pthread_mutex_unlock(&p->mu);
  }
  return NULL;
}

static void *pd_thread(void *arg) {
  pd_worker(arg);
  kn_db_thread_end(); /* this thread's connection */
  return NULL;
}

/* Every PD of the instansi (the job run): KKE_PARALLEL at a time, the calling thread one of them. */
static void run_all(kn_http_req_t *r, const char *t, const char *s) {
  PGresult *res = kn_api_one(r, true, S_PDS, 0, NULL);
  if (!res) return;
  pd_pool_t p = {.r = r, .pds = res, .t = t, .s = s, .mu = PTHREAD_MUTEX_INITIALIZER, .n = PQntuples(res)};
  p.out = calloc((size_t)p.n + 1, sizeof *p.out);
  if (!p.out) abort();
  pthread_t th[KKE_PARALLEL];
  int started = 0;
  for (int k = 1; k < KKE_PARALLEL && k < p.n; k++)
    if (pthread_create(&th[started], NULL, pd_thread, &p) == 0) started++;
  pd_worker(&p);
  for (int k = 0; k < started; k++) pthread_join(th[k], NULL);
  PQclear(res);
  kn_api_consistency_header(r, p.token);
  if (p.failed) { /* the PDs done keep their snapshots; the answer is the first failure */
    kn_api_db_fail(r, &p.err);
  } else {
    kn_sb_t out;
    kn_sb_init(&out);
    kn_sb_puts(&out, "{\"items\":[");
    for (int i = 0; i < p.n; i++) kn_sb_printf(&out, "%s%s", i ? "," : "", p.out[i]);
    kn_sb_puts(&out, "],\"next_cursor\":null}");
    kn_http_respond_json(r, 201, out.data);
    kn_sb_free(&out);
  }
  for (int i = 0; i < p.n; i++) free(p.out[i]);
  free(p.out);
  malloc_trim(0);
}

/* POST /v1/kke {unor_id, tahun, semester}: one PD; without unor_id (admin_bkpsdm): every PD of
 * the instansi, one snapshot each, as a job run (202; the scheduler calls this handler in_job). */
static void kke_run(kn_http_req_t *r) {
  if (!kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM | KN_ROLE_ADMIN_PD)) return;
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  bool all = !json_object_get(b, "unor_id");
  if (all && !(r->principal.roles & KN_ROLE_ADMIN_BKPSDM))
    kn_http_field_error(r, "unor_id", "required", "Wajib diisi", "Required");
  kn_api_validate(r, b, all ? RUN_ALL_SPEC : RUN_SPEC, all ? 2 : 3, false, NULL);
  long long sem = kn_jint(b, "semester"), th = kn_jint(b, "tahun");
  if (json_is_integer(json_object_get(b, "semester")) && sem != 1 && sem != 2)
    kn_http_field_error(r, "semester", "invalid_range", "1 atau 2", "1 or 2");
  if (json_is_integer(json_object_get(b, "tahun")) && (th < 2022 || th > 2100))
    kn_http_field_error(r, "tahun", "invalid_range", "2022 sampai 2100", "2022 to 2100");
  if (r->nfield_errors) { json_decref(b); kn_api_fail_validation(r); return; }
  char u[24], t[16], s[4];
  snprintf(u, sizeof u, "%lld", kn_jint(b, "unor_id"));
  snprintf(t, sizeof t, "%lld", th);
  snprintf(s, sizeof s, "%lld", sem);
  json_decref(b);
  if (all && !r->in_job) {   /* every PD is long work: a job run for `kinerja scheduler` (202) */
    json_t *p = json_pack("{s:I, s:I}", "tahun", (json_int_t)th, "semester", (json_int_t)sem);
    kn_api_pekerjaan_antre(r, "kke", p);
    json_decref(p);
    return;
  }
  if (all) { run_all(r, t, s); return; }
  kn_db_error_t err;
  char token[KN_DB_TOKEN_MAX] = "";
  char *one = run_one(r, u, t, s, token, &err);
  malloc_trim(0); /* megabytes of facts and findings: give them back */
  kn_api_consistency_header(r, token);
  if (one) kn_api_respond_resource(r, 201, one);
  else kn_api_db_fail(r, &err);
  free(one);
}

static void kke_list(kn_http_req_t *r) {
  char u[24], t[24];
  const char *u_p, *t_p;
  char limit[16], after[24];
  if (!kn_api_can_read(r) || !kn_api_query_int(r, "unor_id", u, &u_p) || !kn_api_query_int(r, "tahun", t, &t_p) ||
      !kn_api_page_params(r, limit, after))
    return;
  const char *v[4] = {u_p, t_p, after, limit};
  PGresult *res = kn_api_one(r, true, S_LIST, 4, v);
  if (!res) return;
  kn_api_respond_page(r, PQgetvalue(res, 0, 0));
  PQclear(res);
}

/* GET /v1/kke/{id}: the snapshot; with Accept: text/csv its findings as a worksheet file. */
static void kke_get(kn_http_req_t *r) {
  if (kn_api_dokumen_wanted(r)) { kn_api_dokumen_kke(r); return; }
  if (!kn_api_can_read(r) || !kn_api_id_param(r, 0, "KKE", "KKE")) return;
  const char *id = r->params[0];
  const char *a = kn_http_header(r, "Accept");
  if (a && strstr(a, "text/csv")) {
    const char *v[3] = {id, "0", "2147483647"}; /* the worksheet file holds every finding of the one KKE */
    PGresult *res = kn_api_one(r, true, S_TEMUAN, 3, v);
    if (!res) return;
    json_t *d = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
    PQclear(res);
    static const char *const COLS[] = {"id", "kode", "severity", "entitas", "entitas_id", "nip", "pesan", "perbaikan",
                                       "masih_ditemukan", "jawaban_status", "jawaban", "verifikasi", "catatan_verifikasi", NULL};
    kn_api_respond_list(r, json_incref(json_object_get(d, "items")), NULL, COLS, "kke-temuan.csv");
    json_decref(d);
    return;
  }
  PGresult *res = kn_api_one(r, true, S_GET, 1, &id);
  if (!res) return;
  kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void kke_temuan(kn_http_req_t *r) {
  char limit[16], after[24];
  if (!kn_api_can_read(r) || !kn_api_id_param(r, 0, "KKE", "KKE") || !kn_api_page_params(r, limit, after)) return;
  const char *v[3] = {r->params[0], after, limit};
  PGresult *res = kn_api_one(r, true, S_TEMUAN, 3, v);
  if (!res) return;
  kn_api_respond_page(r, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static const kn_api_field_spec_t ANSWER_SPEC[] = {
  {"jawaban_status", KN_F_ENUM, true, false, 0, dom_ref_jawaban_kke_kode},
  {"jawaban", KN_F_STRING, true, false, 2000, NULL},
};
static const kn_api_field_spec_t VERIFY_SPEC[] = {
  {"verifikasi", KN_F_ENUM, true, false, 0, dom_ref_verifikasi_kke_kode},
  {"catatan_verifikasi", KN_F_STRING, false, true, 2000, NULL},
};

/* The PD answers its findings; BKPSDM (the evaluator) verifies the answers. */
static void temuan_patch(kn_http_req_t *r) {
  if (!kn_api_id_param(r, 0, "KKE", "KKE") || !kn_api_id_param(r, 1, "Temuan", "Finding")) return;
  bool bkpsdm = r->principal.roles & KN_ROLE_ADMIN_BKPSDM;
  if (!bkpsdm && !kn_http_require_role(r, KN_ROLE_ADMIN_PD)) return;
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  if (kn_api_validate(r, b, bkpsdm ? VERIFY_SPEC : ANSWER_SPEC, 2, false, NULL)) { json_decref(b); kn_api_fail_validation(r); return; }
  char *text = json_dumps(b, JSON_COMPACT);
  json_decref(b);
  const char *v[4] = {r->params[0], r->params[1], text, bkpsdm ? "BKPSDM" : "PD"};
  PGresult *res = kn_api_one_versioned(r, S_PATCH, 4, v);
  free(text);
  if (!res) return;
  kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void move(kn_http_req_t *r, unsigned role, const char *from, const char *to) {
  if (!kn_http_require_role(r, role) || !kn_api_id_param(r, 0, "KKE", "KKE")) return;
  const char *v[3] = {r->params[0], from, to};
  PGresult *res = kn_api_one_versioned(r, S_MOVE, 3, v);
  if (!res) return;
  kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}
static void t_ajukan(kn_http_req_t *r) { move(r, KN_ROLE_ADMIN_PD, "DRAFT", "DIJAWAB_PD"); }
static void t_verifikasi(kn_http_req_t *r) { move(r, KN_ROLE_ADMIN_BKPSDM, "DIJAWAB_PD", "DIVERIFIKASI"); }
static void t_selesai(kn_http_req_t *r) { move(r, KN_ROLE_ADMIN_BKPSDM, "DIVERIFIKASI", "SELESAI"); }

void kn_api_kke_register(void) {
  S_PDS = kn_db_register("kke_pds", "SELECT id FROM unor WHERE instansi_id = app_instansi_id() AND is_perangkat_daerah "
                                    "AND berlaku_selesai IS NULL ORDER BY id");
  S_CHECK = kn_db_register("kke_check", "SELECT kke_unit_check($1::bigint)");
  S_DATA = kn_db_register("kke_data", "SELECT kke_data($1::bigint, $2::int, $3::int)::text");
  S_EXTRA = kn_db_register("kke_data_tambahan", "SELECT kke_data_tambahan($1::bigint, $2::int, $3::int)::text");
  S_SAVE = kn_db_register("kke_save", "SELECT api_kke_simpan($1::bigint, $2::int, $3::int, $4::numeric, $5::jsonb, $6::jsonb, $7::jsonb)::text");
  S_LIST = kn_db_register("kke_list", "SELECT kke_list($1::bigint, $2::int, $3::bigint, $4::int)::text");
  S_GET = kn_db_register("kke_get", "SELECT kke_json(k)::text FROM kke_for($1::bigint) k");
  S_TEMUAN = kn_db_register("kke_temuan", "SELECT kke_temuan_list($1::bigint, $2::bigint, $3::int)::text");
  S_PATCH = kn_db_register("kke_temuan_patch", "SELECT api_kke_temuan_patch($1::bigint, $2::bigint, $3::jsonb, $4, $5::int)::text");
  S_MOVE = kn_db_register("kke_move", "SELECT api_kke_transisi($1::bigint, $2, $3, $4::int)::text");
  kn_http_route("POST", "/v1/kke", kke_run, 0);
  kn_http_route("GET", "/v1/kke", kke_list, 0);
  kn_http_route("GET", "/v1/kke/{id}", kke_get, 0);
  kn_http_route("GET", "/v1/kke/{id}/temuan", kke_temuan, 0);
  kn_http_route("PATCH", "/v1/kke/{id}/temuan/{temuan_id}", temuan_patch, 0);
  kn_http_route("POST", "/v1/kke/{id}/ajukan", t_ajukan, 0);
  kn_http_route("POST", "/v1/kke/{id}/verifikasi", t_verifikasi, 0);
  kn_http_route("POST", "/v1/kke/{id}/selesai", t_selesai, 0);
}
