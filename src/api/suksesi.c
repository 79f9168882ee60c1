/* Decisions from the talent data: GET /v1/suksesi (candidates from the talent pool for vacant and
 * Plt-held posts) and GET /v1/pengembangan (competency-development needs from the BerAKHLAK values
 * recorded below expectation). Owner: api (talent). Posts and counts come from suksesi_jabatan()
 * and pengembangan_data() (sql/functions/talenta.sql); the fit of a candidate is
 * dom_talenta_cocok, the order the ranking's dom_rank_compare (domain.md §7.6). */
#include "kinerja/api.h"
#include "kinerja/api_export.h"
#include "kinerja/api_talenta.h"
#include "kinerja/db.h"
#include "kinerja/domain_talenta.h"
#include "kinerja/domain_tindak_lanjut.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_POSTS = -1, S_NEEDS = -1;

static void pengembangan(kn_http_req_t *r) {
  int tahun;
  char uid[24], th[16];
  const char *uid_p;
  if (!kn_api_can_read(r) || !kn_api_talenta_params(r, true, &tahun, uid, &uid_p)) return;
  snprintf(th, sizeof th, "%d", tahun);
  const char *v[2] = {th, uid_p};
  PGresult *res = kn_api_one(r, true, S_NEEDS, 2, v);
  if (!res) return;
  json_t *d = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  PQclear(res);
  json_t *items = json_incref(json_object_get(d, "items")), *it;
  size_t i;
  json_array_foreach(items, i, it) {  /* the most frequent need first, for the CSV */
    json_t *top = json_array_get(json_object_get(it, "kebutuhan"), 0);
    json_object_set(it, "kebutuhan_utama", top ? json_object_get(top, "nilai") : json_null());
  }
  json_t *extra = json_pack("{s:i, s:O}", "tahun", tahun, "perangkat_daerah", json_object_get(d, "perangkat_daerah"));
  json_decref(d);
  static const char *const COLS[] = {"nip", "nama", "unor_id", "pd_id", "evaluasi_perilaku_di_bawah",
                                     "evaluasi_tanpa_dimensi", "kebutuhan_utama", NULL};
  kn_api_respond_list(r, items, extra, COLS, "pengembangan.csv");
}

static int rating_score(const char *s) {
  dom_rating_t x = dom_rating_from_name(s);
  return x == DOM_RATING_INVALID ? 0 : 4 - (int)x;
}

static int org_score(const char *s) {
  static const char *const O[] = {"SANGAT_KURANG", "KURANG", "BUTUH_PERBAIKAN", "BAIK", "ISTIMEWA"};
  for (int i = 0; s && i < 5; i++) if (strcmp(O[i], s) == 0) return i + 1;
  return 0;
}

typedef struct cand { dom_rank_keys_t k; json_t *p; int level; } cand_t;

static int by_rank(const void *a, const void *b) {
  const cand_t *x = a, *y = b;
  int c = dom_rank_compare(&x->k, &y->k);
  return c ? c : strcmp(kn_jstr(x->p, "nip"), kn_jstr(y->p, "nip"));
}

/* The talent pool (active pegawai in a talent-pool box), in ranking order; items are owned. */
static cand_t *pool_of(const kn_api_talenta_t *t, int *n) {
  static const char *const P[] = {"SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG"};
  cand_t *c = calloc((size_t)t->n + 1, sizeof *c);
  *n = 0;
  for (int i = 0; i < t->n; i++) {
    if (!t->row[i].talent_pool || strcmp(kn_api_talenta_get(t, i, KN_TL_STATUS), "AKTIF") != 0) continue;
    int pr = 0;
    for (int j = 0; j < 5; j++) if (strcmp(P[j], kn_api_talenta_get(t, i, KN_TL_PRED)) == 0) pr = 5 - j;
    c[*n] = (cand_t){{pr, rating_score(kn_api_talenta_get(t, i, KN_TL_HK)), rating_score(kn_api_talenta_get(t, i, KN_TL_PK)),
                      atoi(kn_api_talenta_get(t, i, KN_TL_PB)), org_score(kn_api_talenta_get(t, i, KN_TL_ORG))},
                     kn_api_talenta_item(t, i),
                     dom_talenta_level(kn_api_talenta_get(t, i, KN_TL_JENIS), kn_api_talenta_get(t, i, KN_TL_JENJANG))};
    (*n)++;
  }
  qsort(c, (size_t)*n, sizeof *c, by_rank);
  return c;
}

static json_t *candidates(const cand_t *pool, int n, int level, const char *plt_nip, int limit) {
  json_t *out = json_array();
  for (int i = 0; i < n && (int)json_array_size(out) < limit; i++) {
    int fit = dom_talenta_cocok(level, pool[i].level);
    if (!fit) continue;
    json_t *p = pool[i].p;
    char why[400];
    snprintf(why, sizeof why, "Kotak %lld (talent pool); predikat %s, hasil kerja %s, perilaku %s, %lld evaluasi periodik baik, "
             "predikat organisasi %s; %s", kn_jint(p, "kotak"), kn_jstr(p, "predikat"), kn_jstr(p, "rating_hasil_kerja"),
             kn_jstr(p, "rating_perilaku"), kn_jint(p, "periodik_baik"),
             kn_jstr(p, "predikat_organisasi") ? kn_jstr(p, "predikat_organisasi") : "belum ada",
             fit == 2 ? "satu tingkat di bawah jabatan ini (promosi)" : "jabatan setara (mutasi/rotasi)");
    json_array_append_new(out, json_pack("{s:i, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:s, s:b, s:s}",
      "urutan", (int)json_array_size(out) + 1, "nip", json_object_get(p, "nip"), "nama", json_object_get(p, "nama"),
      "unor_id", json_object_get(p, "unor_id"), "jenis_jabatan", json_object_get(p, "jenis_jabatan"),
      "jenjang_jf", json_object_get(p, "jenjang_jf"), "kotak", json_object_get(p, "kotak"),
      "predikat", json_object_get(p, "predikat"), "rating_hasil_kerja", json_object_get(p, "rating_hasil_kerja"),
      "rating_perilaku", json_object_get(p, "rating_perilaku"), "periodik_baik", json_object_get(p, "periodik_baik"),
      "predikat_organisasi", json_object_get(p, "predikat_organisasi"), "kesesuaian", fit == 2 ? "PROMOSI" : "SETARA",
      "pemegang_plt", plt_nip && strcmp(plt_nip, kn_jstr(p, "nip")) == 0, "alasan", why));
  }
  return out;
}

static void suksesi(kn_http_req_t *r) {
  int tahun;
  char uid[24], lim[24];
  const char *uid_p, *lim_p;
  /* the talent pool is a pengelola's view: a pegawai sees only their own box (GET /v1/talenta) */
  if (!kn_api_can_read(r) ||
      !kn_http_require_role(r, KN_ROLE_ADMIN_PD | KN_ROLE_ADMIN_BKPSDM | KN_ROLE_AUDITOR | KN_ROLE_INTEGRASI))
    return;
  if (!kn_api_query_int(r, "limit", lim, &lim_p)) return;
  if (lim_p && (atoi(lim_p) < 1 || atoi(lim_p) > 50))
    kn_http_field_error(r, "limit", "out_of_range", "Batas 1 sampai 50", "Limit 1 to 50");
  if (!kn_api_talenta_params(r, false, &tahun, uid, &uid_p)) return;
  int limit = lim_p ? atoi(lim_p) : 10;
  PGresult *res = kn_api_one(r, true, S_POSTS, 1, &uid_p);
  if (!res) return;
  json_t *posts = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  PQclear(res);
  kn_api_talenta_t t;
  if (!kn_api_talenta_load(r, tahun, NULL, &t)) { json_decref(posts); return; }
  int n;
  cand_t *pool = pool_of(&t, &n);
  json_t *post;
  size_t i;
  json_array_foreach(posts, i, post) {
    int level = dom_talenta_level(kn_jstr(post, "jenis_jabatan"), NULL);
    json_object_set_new(post, "tingkat", json_integer(level));
    json_object_set_new(post, "status", json_string(level ? "ADA_KANDIDAT" : "JENIS_JABATAN_TIDAK_DIKETAHUI"));
    json_t *c = level ? candidates(pool, n, level, kn_jstr(post, "plt_nip"), limit) : json_array();
    if (level && json_array_size(c) == 0) json_object_set_new(post, "status", json_string("TANPA_KANDIDAT"));
    json_object_set_new(post, "kandidat", c);
  }
  for (int k = 0; k < n; k++) json_decref(pool[k].p);
  free(pool);
  json_t *extra = json_pack("{s:i, s:[sssss], s:O}", "tahun", tahun, "urutan_kunci", "predikat", "rating_hasil_kerja",
                            "rating_perilaku", "periodik_baik", "predikat_organisasi", "aturan_berlaku_mulai",
                            json_object_get(t.rules, "berlaku_mulai"));
  kn_api_talenta_free(&t);
  static const char *const COLS[] = {"unor_id", "nama", "nama_jabatan", "keadaan", "jenis_jabatan", "status", NULL};
  kn_api_respond_list(r, posts, extra, COLS, "suksesi.csv");
}

void kn_api_suksesi_register(void) {
  S_POSTS = kn_db_register("suksesi_jabatan", "SELECT suksesi_jabatan($1::bigint)::text");
  S_NEEDS = kn_db_register("pengembangan_data", "SELECT pengembangan_data($1::int, $2::bigint)::text");
  kn_http_route("GET", "/v1/suksesi", suksesi, 0);
  kn_http_route("GET", "/v1/pengembangan", pengembangan, 0);
}
