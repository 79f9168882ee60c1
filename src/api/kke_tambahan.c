/* KKE checks that read the kke_data_tambahan document (sql/migrations/0022): K03 penilai and
 * atasan penilai consistent with the unor tree (or a documented override), K07 kesesuaian
 * target, and the dated exemptions used by K01/K21. Owner: api (KKE).
 * Decides here: nothing about whether an item passes or a pegawai is exempt. This file reads the
 * facts, builds the tree as it was and groups the indicators per RHK and last year's per pegawai,
 * calls the domain rules and words the finding. Left to others: the expected appraiser
 * (src/domain/penilai.c), whether the recorded one matches, K07's target rules and the exemption
 * rules (src/domain/kke_rules.c), the facts (sql/).
 * K03 resolves from the SKP's recorded unit (its placement when the SKP was made) up the tree as
 * it was when the SKP was made: parents, heads and Plt flags changed since then are taken back
 * to their earlier values from the audit log (sql/migrations/0022). */
#include "kinerja/api.h"
#include "kinerja/api_kke.h"
#include "kinerja/api_penilai.h"
#include "kinerja/domain_kke_rules.h"
#include "kinerja/domain_periode.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CHAIN 32

static long day_of(const char *iso) {
  dom_date_t d;
  return iso && dom_date_parse(iso, &d) ? dom_date_days(d) : -1;
}

static int by_id(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return x < y ? -1 : x > y;
}

long long *kn_api_kke_exempt_ids(json_t *extra, size_t *n) {
  json_t *rows = json_object_get(extra, "status_riwayat"), *row;
  long a = day_of(kn_jstr(extra, "awal")), b = day_of(kn_jstr(extra, "akhir"));
  if (b < a) b = a; /* a semester not yet begun: the status on its first day */
  long long *ids = calloc(json_array_size(rows) + 1, sizeof *ids);
  if (!ids) abort();
  size_t i, m = 0;
  json_array_foreach(rows, i, row) {
    long long pid = json_integer_value(json_array_get(row, 0));
    const char *status = json_string_value(json_array_get(row, 1));
    long mulai = day_of(json_string_value(json_array_get(row, 2)));
    long selesai = day_of(json_string_value(json_array_get(row, 3)));
    if (dom_kke_status_exempt(status) && dom_kke_status_in_window(mulai, selesai, a, b) && (m == 0 || ids[m - 1] != pid))
      ids[m++] = pid;
  }
  qsort(ids, m, sizeof *ids, by_id);
  *n = m;
  return ids;
}

bool kn_api_kke_is_exempt(const long long *ids, size_t n, long long id) {
  return n > 0 && bsearch(&id, ids, n, sizeof *ids, by_id) != NULL;
}

/* "NIP 1987..." / "Kepala Daerah" / "tidak ada" for a message. */
static void who(char *out, size_t cap, json_t *nips, const char *jenis, long long id) {
  char key[24];
  snprintf(key, sizeof key, "%lld", id);
  const char *nip = json_string_value(json_object_get(nips, key));
  if (jenis && strcmp(jenis, "PEGAWAI") == 0) snprintf(out, cap, "NIP %s", nip ? nip : key);
  else if (jenis && strcmp(jenis, "KEPALA_DAERAH") == 0) snprintf(out, cap, "Kepala Daerah");
  else snprintf(out, cap, "tidak ada");
}

/* Unit changes [unor_id, at, parent, head, plt] into a sorted malloc'ed array (caller frees). */
static dom_unit_change_t *unit_changes(json_t *rows, size_t *n) {
  size_t i;
  json_t *r;
  dom_unit_change_t *c = calloc(json_array_size(rows) + 1, sizeof *c);
  if (!c) abort();
  json_array_foreach(rows, i, r)
    c[i] = (dom_unit_change_t){(long)json_integer_value(json_array_get(r, 0)), (long)json_integer_value(json_array_get(r, 1)),
                               (long)json_integer_value(json_array_get(r, 2)), (long)json_integer_value(json_array_get(r, 3)),
                               json_is_true(json_array_get(r, 4))};
  *n = json_array_size(rows);
  dom_unit_changes_sort(c, *n);
  return c;
}

/* The Sekda at time `at`: the head of the Setda then. */
static dom_penilai_t sekda_at(const dom_unit_row_t *rows, size_t nu, const dom_unit_change_t *ch, size_t nc,
                              long setda, long at) {
  const dom_unit_row_t *u = dom_unit_row_find(rows, nu, setda);
  if (!u) return (dom_penilai_t){DOM_PENILAI_NONE, 0, 0, false};
  dom_unit_row_t then = dom_unit_row_at(u, ch, nc, at);
  return then.head ? (dom_penilai_t){DOM_PENILAI_PEGAWAI, then.head, then.id, then.plt}
                   : (dom_penilai_t){DOM_PENILAI_NONE, 0, 0, false};
}

/* K03: resolved as the tree was when the SKP was made (its unit then, heads then). */
void kn_api_kke_check_penilai(kke_run_t *x, json_t *extra) {
  json_t *tree = json_object_get(extra, "pohon"), *units = json_object_get(tree, "units");
  json_t *nips = json_object_get(extra, "nip"), *s;
  size_t nu = json_array_size(units), nc, i;
  dom_unit_row_t *rows = kn_api_penilai_units(units);
  dom_unit_change_t *ch = unit_changes(json_object_get(extra, "perubahan_unor"), &nc);
  dom_pd_head_rule_t rule = kn_api_penilai_rule_of(tree);
  json_array_foreach(json_object_get(extra, "skp"), i, s) {
    long at = (long)kn_jint(s, "dibuat");
    dom_unit_t chain[MAX_CHAIN];
    int n = dom_penilai_chain_at(rows, nu, ch, nc, (long)kn_jint(s, "unor_id"), at, chain, MAX_CHAIN);
    dom_penilai_t sekda = sekda_at(rows, nu, ch, nc, (long)kn_jint(tree, "setda_id"), at);
    bool ovr;
    dom_penilai_result_t want = kn_api_penilai_apply_override(
        dom_penilai_resolve((long)kn_jint(s, "pegawai_id"), chain, n, rule, sekda), json_object_get(s, "override"), &ovr);
    const char *pj = kn_jstr(s, "penilai_jenis"), *aj = kn_jstr(s, "atasan_jenis");
    bool pen_ok = dom_kke_penilai_matches(pj, (long)kn_jint(s, "penilai_id"), want.penilai);
    bool ats_ok = dom_kke_penilai_matches(aj, (long)kn_jint(s, "atasan_id"), want.atasan);
    char have[64], should[64];
    const char *what = !pen_ok ? "Pejabat penilai" : "Atasan pejabat penilai";
    who(have, sizeof have, nips, !pen_ok ? pj : aj, kn_jint(s, !pen_ok ? "penilai_id" : "atasan_id"));
    dom_penilai_t w = !pen_ok ? want.penilai : want.atasan;
    who(should, sizeof should, nips, dom_penilai_kind_name(w.kind), w.pegawai_id);
    kn_api_kke_check(x, "K03", pen_ok && ats_ok, "skp", kn_jint(s, "id"), kn_jstr(s, "nip"),
                  "%s tercatat %s, menurut %s seharusnya %s", what, have,
                  ovr ? "penetapan khusus" : "struktur unor saat SKP dibuat", should);
  }
  free(ch);
  free(rows);
}

static dom_kke_target_t target_of(json_t *t) {
  json_t *mn = json_object_get(t, "target_min"), *mx = json_object_get(t, "target_max");
  return (dom_kke_target_t){kn_jstr(t, "aspek"), kn_jstr(t, "uraian"), kn_jstr(t, "target_teks"), kn_jstr(t, "satuan"),
                            json_is_number(mn), json_is_number(mx), json_number_value(mn), json_number_value(mx),
                            kn_jstr(t, "arah") && strcmp(kn_jstr(t, "arah"), "TURUN_BAIK") == 0};
}

typedef struct rhk_flag { long long rhk; size_t idx; bool t100; } rhk_flag_t;

static int by_rhk(const void *a, const void *b) {
  const rhk_flag_t *x = a, *y = b;
  return x->rhk < y->rhk ? -1 : x->rhk > y->rhk;
}

/* Per indicator: true when it is a 100 % time target and every indicator of its RHK is one. */
static bool *trivial_flags(json_t *targets) {
  size_t n = json_array_size(targets), i;
  rhk_flag_t *f = calloc(n + 1, sizeof *f);
  bool *out = calloc(n + 1, sizeof *out);
  if (!f || !out) abort();
  json_t *t;
  json_array_foreach(targets, i, t) {
    dom_kke_target_t g = target_of(t);
    f[i] = (rhk_flag_t){kn_jint(t, "rhk_id"), i, dom_kke_time_100(&g)};
  }
  qsort(f, n, sizeof *f, by_rhk);
  for (size_t a = 0; a < n;) {
    size_t b = a;
    bool all = true;
    for (; b < n && f[b].rhk == f[a].rhk; b++) all = all && f[b].t100;
    for (size_t k = a; k < b; k++) out[f[k].idx] = all;
    a = b;
  }
  free(f);
  return out;
}

/* Last year's realisation of the same pegawai's matching indicator (same aspek, same text);
 * "lalu" is sorted by pegawai. */
static bool last_year(json_t *lalu, json_t *t, bool turun, double *prev) {
  size_t lo = 0, hi = json_array_size(lalu);
  long long pid = kn_jint(t, "pegawai_id");
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (kn_jint(json_array_get(lalu, mid), "pegawai_id") < pid) lo = mid + 1; else hi = mid;
  }
  for (; lo < json_array_size(lalu); lo++) {
    json_t *l = json_array_get(lalu, lo);
    if (kn_jint(l, "pegawai_id") != pid) break;
    if (!dom_kke_same_indicator(kn_jstr(l, "aspek"), kn_jstr(l, "uraian"), kn_jstr(t, "aspek"), kn_jstr(t, "uraian"))) continue;
    *prev = json_number_value(json_object_get(l, turun ? "min" : "maks"));
    return true;
  }
  return false;
}

void kn_api_kke_check_target(kke_run_t *x, json_t *extra) {
  json_t *targets = json_object_get(extra, "target"), *lalu = json_object_get(extra, "lalu"), *t;
  bool *trivial = trivial_flags(targets);
  size_t i;
  json_array_foreach(targets, i, t) {
    dom_kke_target_t g = target_of(t);
    double prev = 0;
    bool below = last_year(lalu, t, g.turun_baik, &prev) && dom_kke_below_last_year(&g, prev);
    if (below)
      kn_api_kke_check(x, "K07", false, "indikator", kn_jint(t, "id"), kn_jstr(t, "nip"),
                    "RHK %lld, indikator \"%.120s\": target %g %s lebih rendah dari realisasi tahun lalu (%g)", kn_jint(t, "rhk_id"),
                    kn_jstr(t, "uraian"), dom_kke_target_value(&g),
                    g.satuan ? g.satuan : "", prev);
    else
      kn_api_kke_check(x, "K07", !trivial[i], "indikator", kn_jint(t, "id"), kn_jstr(t, "nip"),
                    "RHK %lld hanya diukur dengan target 100%% tepat waktu: \"%.120s\"", kn_jint(t, "rhk_id"),
                    kn_jstr(t, "uraian"));
  }
  free(trivial);
}
