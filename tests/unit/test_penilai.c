/* Unit tests for penilai resolution (include/kinerja/domain_penilai.h, domain.md §2). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/domain_penilai.h"

#include <stdio.h>
#include <string.h>

/* Org tree used below (unor ids / head pegawai ids):
 *   PEMDA 1 (root, not a PD, no ASN head: the Kepala Daerah is not a pegawai)
 *   ├─ SETDA 2 (PD), head = Sekda 500
 *   │   └─ BAGIAN 21, head = kabag 510
 *   └─ DINAS 3 (PD), head = kadis 300
 *       └─ BIDANG 31, head = kabid 310
 *           └─ SEKSI 311, head = kasi 311000
 */
enum {
  U_PEMDA = 1, U_SETDA = 2, U_BAGIAN = 21, U_DINAS = 3, U_BIDANG = 31, U_SEKSI = 311,
  P_SEKDA = 500, P_KABAG = 510, P_KADIS = 300, P_KABID = 310, P_KASI = 311000,
  P_STAFF = 9001, P_PLT = 777,
};

#define SEKDA_RULE DOM_PD_HEAD_BY_SEKDA
#define BUPATI_RULE DOM_PD_HEAD_BY_BUPATI

static dom_unit_t unit(long id, bool pd, long head, bool plt) {
  dom_unit_t u = {id, pd, head, plt};
  return u;
}
static dom_unit_t pemda(void) { return unit(U_PEMDA, false, 0, false); }
static dom_unit_t setda(void) { return unit(U_SETDA, true, P_SEKDA, false); }
static dom_unit_t dinas(void) { return unit(U_DINAS, true, P_KADIS, false); }
static dom_unit_t bidang(void) { return unit(U_BIDANG, false, P_KABID, false); }
static dom_unit_t seksi(void) { return unit(U_SEKSI, false, P_KASI, false); }

static dom_penilai_t peg(long id, long unor, bool plt) {
  dom_penilai_t p = {DOM_PENILAI_PEGAWAI, id, unor, plt};
  return p;
}
static dom_penilai_t kd(void) {
  dom_penilai_t p = {DOM_PENILAI_KEPALA_DAERAH, 0, 0, false};
  return p;
}
static dom_penilai_t nobody(void) {
  dom_penilai_t p = {DOM_PENILAI_NONE, 0, 0, false};
  return p;
}
static dom_penilai_t sekda(void) { return peg(P_SEKDA, U_SETDA, false); }

#define MAX_CHAIN 6

typedef struct pcase {
  const char *label;
  long pegawai;
  dom_unit_t chain[MAX_CHAIN];
  int n;
  dom_pd_head_rule_t rule;
  dom_penilai_t sekda;
  dom_penilai_t want_penilai, want_atasan;
} pcase_t;

static void check_one(const char *label, const char *which, dom_penilai_t got, dom_penilai_t want) {
  if (got.kind != want.kind || got.pegawai_id != want.pegawai_id || got.unor_id != want.unor_id ||
      got.plt != want.plt)
    fail_msg("%s: %s expected {%s, pegawai %ld, unor %ld, plt %d}, got {%s, pegawai %ld, unor %ld, plt %d}",
             label, which, dom_penilai_kind_name(want.kind), want.pegawai_id, want.unor_id, want.plt,
             dom_penilai_kind_name(got.kind), got.pegawai_id, got.unor_id, got.plt);
}

static void run(const pcase_t *c, size_t n) {
  for (size_t i = 0; i < n; i++) {
    dom_penilai_result_t r = dom_penilai_resolve(c[i].pegawai, c[i].chain, c[i].n, c[i].rule, c[i].sekda);
    check_one(c[i].label, "penilai", r.penilai, c[i].want_penilai);
    check_one(c[i].label, "atasan", r.atasan, c[i].want_atasan);
  }
}

static void staff_and_structural_heads(void **state) {
  (void)state;
  const pcase_t C[] = {
    {"staff in seksi", P_STAFF, {seksi(), bidang(), dinas(), pemda()}, 4, SEKDA_RULE, sekda(),
     peg(P_KASI, U_SEKSI, false), peg(P_KABID, U_BIDANG, false)},
    {"staff in seksi (BUPATI rule changes nothing)", P_STAFF, {seksi(), bidang(), dinas(), pemda()}, 4,
     BUPATI_RULE, sekda(), peg(P_KASI, U_SEKSI, false), peg(P_KABID, U_BIDANG, false)},
    {"kasi", P_KASI, {seksi(), bidang(), dinas(), pemda()}, 4, SEKDA_RULE, sekda(),
     peg(P_KABID, U_BIDANG, false), peg(P_KADIS, U_DINAS, false)},
    {"staff in bidang", P_STAFF, {bidang(), dinas(), pemda()}, 3, SEKDA_RULE, sekda(),
     peg(P_KABID, U_BIDANG, false), peg(P_KADIS, U_DINAS, false)},
    {"kabid, SEKDA rule", P_KABID, {bidang(), dinas(), pemda()}, 3, SEKDA_RULE, sekda(),
     peg(P_KADIS, U_DINAS, false), sekda()},
    {"kabid, BUPATI rule", P_KABID, {bidang(), dinas(), pemda()}, 3, BUPATI_RULE, sekda(),
     peg(P_KADIS, U_DINAS, false), kd()},
    {"staff in bagian of Setda", P_STAFF, {unit(U_BAGIAN, false, P_KABAG, false), setda(), pemda()}, 3,
     SEKDA_RULE, sekda(), peg(P_KABAG, U_BAGIAN, false), peg(P_SEKDA, U_SETDA, false)},
    {"kabag of Setda", P_KABAG, {unit(U_BAGIAN, false, P_KABAG, false), setda(), pemda()}, 3,
     SEKDA_RULE, sekda(), peg(P_SEKDA, U_SETDA, false), kd()},
  };
  run(C, sizeof C / sizeof C[0]);
}

static void vacant_posts(void **state) {
  (void)state;
  const dom_unit_t vseksi = unit(U_SEKSI, false, 0, false);
  const dom_unit_t vbidang = unit(U_BIDANG, false, 0, false);
  const pcase_t C[] = {
    {"vacant seksi: staff -> kabid", P_STAFF, {vseksi, bidang(), dinas(), pemda()}, 4, SEKDA_RULE, sekda(),
     peg(P_KABID, U_BIDANG, false), peg(P_KADIS, U_DINAS, false)},
    {"vacant seksi + bidang: staff -> kadis, SEKDA", P_STAFF, {vseksi, vbidang, dinas(), pemda()}, 4,
     SEKDA_RULE, sekda(), peg(P_KADIS, U_DINAS, false), sekda()},
    {"vacant seksi + bidang: staff -> kadis, BUPATI", P_STAFF, {vseksi, vbidang, dinas(), pemda()}, 4,
     BUPATI_RULE, sekda(), peg(P_KADIS, U_DINAS, false), kd()},
    {"vacant bidang: kasi -> kadis", P_KASI, {seksi(), vbidang, dinas(), pemda()}, 4, SEKDA_RULE, sekda(),
     peg(P_KADIS, U_DINAS, false), sekda()},
    {"vacant bidang: staff -> kasi, atasan skips to kadis", P_STAFF, {seksi(), vbidang, dinas(), pemda()}, 4,
     SEKDA_RULE, sekda(), peg(P_KASI, U_SEKSI, false), peg(P_KADIS, U_DINAS, false)},
    {"nothing headed above", P_STAFF, {vseksi, vbidang, unit(U_DINAS, false, 0, false), pemda()}, 4,
     SEKDA_RULE, sekda(), kd(), nobody()},
    {"only the root", P_STAFF, {pemda()}, 1, SEKDA_RULE, sekda(), kd(), nobody()},
    {"empty chain", P_STAFF, {{0, false, 0, false}}, 0, SEKDA_RULE, sekda(), kd(), nobody()},
    /* the root is part of the walk: a headed non-PD root unit appraises */
    {"vacant up to a headed root", P_STAFF, {vseksi, unit(U_PEMDA, false, 900, false)}, 2, SEKDA_RULE,
     sekda(), peg(900, U_PEMDA, false), kd()},
    {"staff in a headed single-unit chain", P_STAFF, {unit(U_PEMDA, false, 900, true)}, 1, SEKDA_RULE,
     sekda(), peg(900, U_PEMDA, true), kd()},
  };
  run(C, sizeof C / sizeof C[0]);
}

static void plt_heads(void **state) {
  (void)state;
  const dom_unit_t plt_seksi = unit(U_SEKSI, false, P_PLT, true);
  const dom_unit_t plt_bidang = unit(U_BIDANG, false, P_PLT, true);
  const dom_unit_t plt_dinas = unit(U_DINAS, true, P_PLT, true);
  const dom_penilai_t plt_sekda = peg(P_PLT, U_SETDA, true);
  const pcase_t C[] = {
    {"Plt kasi appraises staff", P_STAFF, {plt_seksi, bidang(), dinas(), pemda()}, 4, SEKDA_RULE, sekda(),
     peg(P_PLT, U_SEKSI, true), peg(P_KABID, U_BIDANG, false)},
    {"Plt kabid is atasan", P_STAFF, {seksi(), plt_bidang, dinas(), pemda()}, 4, SEKDA_RULE, sekda(),
     peg(P_KASI, U_SEKSI, false), peg(P_PLT, U_BIDANG, true)},
    {"the Plt kasi himself -> kabid", P_PLT, {plt_seksi, bidang(), dinas(), pemda()}, 4, SEKDA_RULE, sekda(),
     peg(P_KABID, U_BIDANG, false), peg(P_KADIS, U_DINAS, false)},
    {"Plt kadis, SEKDA rule", P_STAFF, {plt_dinas, pemda()}, 2, SEKDA_RULE, sekda(),
     peg(P_PLT, U_DINAS, true), sekda()},
    {"the Plt kadis himself, SEKDA rule", P_PLT, {plt_dinas, pemda()}, 2, SEKDA_RULE, sekda(),
     sekda(), kd()},
    {"Plt Sekda appraises kadis", P_KADIS, {dinas(), pemda()}, 2, SEKDA_RULE, plt_sekda,
     peg(P_PLT, U_SETDA, true), kd()},
  };
  run(C, sizeof C / sizeof C[0]);
}

static void pd_heads_and_sekda(void **state) {
  (void)state;
  const pcase_t C[] = {
    {"kadis, SEKDA rule", P_KADIS, {dinas(), pemda()}, 2, SEKDA_RULE, sekda(), sekda(), kd()},
    {"kadis, BUPATI rule", P_KADIS, {dinas(), pemda()}, 2, BUPATI_RULE, sekda(), kd(), nobody()},
    {"kadis, SEKDA rule, Sekda vacant", P_KADIS, {dinas(), pemda()}, 2, SEKDA_RULE, nobody(), kd(), nobody()},
    {"kadis, SEKDA rule, sekda arg kind KEPALA_DAERAH", P_KADIS, {dinas(), pemda()}, 2, SEKDA_RULE, kd(),
     kd(), nobody()},
    {"the Sekda, SEKDA rule", P_SEKDA, {setda(), pemda()}, 2, SEKDA_RULE, sekda(), kd(), nobody()},
    {"the Sekda, BUPATI rule", P_SEKDA, {setda(), pemda()}, 2, BUPATI_RULE, sekda(), kd(), nobody()},
    {"the Sekda, Setda not flagged as PD", P_SEKDA, {unit(U_SETDA, false, P_SEKDA, false), pemda()}, 2,
     SEKDA_RULE, sekda(), kd(), nobody()},
    {"staff directly in PD, SEKDA rule", P_STAFF, {dinas(), pemda()}, 2, SEKDA_RULE, sekda(),
     peg(P_KADIS, U_DINAS, false), sekda()},
    {"staff directly in PD, BUPATI rule", P_STAFF, {dinas(), pemda()}, 2, BUPATI_RULE, sekda(),
     peg(P_KADIS, U_DINAS, false), kd()},
    {"staff directly in PD, SEKDA rule, Sekda vacant", P_STAFF, {dinas(), pemda()}, 2, SEKDA_RULE, nobody(),
     peg(P_KADIS, U_DINAS, false), kd()},
    {"staff directly in Setda", P_STAFF, {setda(), pemda()}, 2, SEKDA_RULE, sekda(),
     peg(P_SEKDA, U_SETDA, false), kd()},
  };
  run(C, sizeof C / sizeof C[0]);
}

/* Result of one resolution carries plt from exactly the unit that supplied the head. */
static void plt_flag_is_per_person(void **state) {
  (void)state;
  dom_unit_t chain[] = {unit(U_SEKSI, false, P_PLT, true), unit(U_BIDANG, false, P_KABID, false), dinas(),
                        pemda()};
  dom_penilai_result_t r = dom_penilai_resolve(P_STAFF, chain, 4, SEKDA_RULE, sekda());
  assert_int_equal(r.penilai.kind, DOM_PENILAI_PEGAWAI);
  assert_int_equal(r.penilai.pegawai_id, P_PLT);
  assert_true(r.penilai.plt);
  assert_int_equal(r.atasan.pegawai_id, P_KABID);
  assert_false(r.atasan.plt);
  /* the chain is not modified */
  assert_int_equal(chain[0].head_id, P_PLT);
  assert_true(chain[0].head_plt);
}

/* One person heading two units of the chain (kabid who is also Plt kasi). The person is
 * skipped as their own appraiser. */
static void concurrent_heads(void **state) {
  (void)state;
  const pcase_t C[] = {
    {"kabid also Plt kasi: staff", P_STAFF,
     {unit(U_SEKSI, false, P_KABID, true), bidang(), dinas(), pemda()}, 4, SEKDA_RULE, sekda(),
     peg(P_KABID, U_SEKSI, true), peg(P_KADIS, U_DINAS, false)},
    {"kasi also Plt kabid: kasi -> kadis", P_KASI,
     {seksi(), unit(U_BIDANG, false, P_KASI, true), dinas(), pemda()}, 4, SEKDA_RULE, sekda(),
     peg(P_KADIS, U_DINAS, false), sekda()},
  };
  run(C, sizeof C / sizeof C[0]);
}

/* Kadis who is also Plt kabid (common in practice): the staff of the bidang get the kadis (as
 * Plt kabid) as penilai; the atasan must be whoever appraises the kadis as PD head - the Sekda
 * under the SEKDA rule. The implementation walks past the PD because the next head up is the
 * same person and ended at the Kepala Daerah before head_index looked for the highest unit. */
static void kadis_plt_kabid_atasan(void **state) {
  (void)state;
  dom_unit_t chain[] = {unit(U_BIDANG, false, P_KADIS, true), dinas(), pemda()};
  dom_penilai_result_t r = dom_penilai_resolve(P_STAFF, chain, 3, SEKDA_RULE, sekda());
  assert_int_equal(r.penilai.kind, DOM_PENILAI_PEGAWAI);
  assert_int_equal(r.penilai.pegawai_id, P_KADIS);
  check_one("kadis Plt kabid, SEKDA rule", "atasan", r.atasan, sekda());
}

/* Only the own unit (chain[0]) makes the pegawai "a head": a pegawai recorded as head of a unit
 * further up while placed below is treated as staff of the own unit (data error, see the comment
 * in dom_penilai_resolve). */
static void head_status_from_own_unit_only(void **state) {
  (void)state;
  const pcase_t C[] = {
    {"placed in seksi, recorded as kadis", P_KADIS, {seksi(), bidang(), dinas(), pemda()}, 4, SEKDA_RULE,
     sekda(), peg(P_KASI, U_SEKSI, false), peg(P_KABID, U_BIDANG, false)},
  };
  run(C, sizeof C / sizeof C[0]);
}

static void kind_names(void **state) {
  (void)state;
  assert_string_equal(dom_penilai_kind_name(DOM_PENILAI_PEGAWAI), "PEGAWAI");
  assert_string_equal(dom_penilai_kind_name(DOM_PENILAI_KEPALA_DAERAH), "KEPALA_DAERAH");
  assert_string_equal(dom_penilai_kind_name(DOM_PENILAI_NONE), "NONE");
  assert_string_equal(dom_penilai_kind_name((dom_penilai_kind_t)42), "NONE");
  assert_int_equal(DOM_PD_HEAD_BY_SEKDA, 0);
  assert_int_equal(DOM_PD_HEAD_BY_BUPATI, 1);
}

/* The tree at a date: the seksi's head was kasi 311000 until t=1000 (then 777), and the seksi hung
 * under BAGIAN 21 until t=500 (then moved under BIDANG 31). */
static void chain_at_a_date(void **state) {
  (void)state;
  dom_unit_row_t rows[] = {{U_SEKSI, U_BIDANG, false, P_PLT, false}, {U_PEMDA, 0, false, 0, false},
                           {U_BIDANG, U_DINAS, false, P_KABID, false}, {U_DINAS, U_PEMDA, true, P_KADIS, false},
                           {U_BAGIAN, U_SETDA, false, P_KABAG, false}, {U_SETDA, U_PEMDA, true, P_SEKDA, false}};
  dom_unit_rows_sort(rows, 6);
  dom_unit_change_t ch[] = {{U_SEKSI, 1000, U_BIDANG, P_KASI, false}, {U_SEKSI, 500, U_BAGIAN, P_KASI, true}};
  dom_unit_changes_sort(ch, 2);
  dom_unit_t c[8];
  int n = dom_penilai_chain_at(rows, 6, ch, 2, U_SEKSI, 2000, c, 8); /* now */
  assert_int_equal(n, 4);
  assert_int_equal(c[0].head_id, P_PLT);
  assert_int_equal(c[1].unor_id, U_BIDANG);
  n = dom_penilai_chain_at(rows, 6, ch, 2, U_SEKSI, 700, c, 8);  /* after the move, before the new head */
  assert_int_equal(n, 4);
  assert_int_equal(c[0].head_id, P_KASI);
  assert_false(c[0].head_plt);
  assert_int_equal(c[1].unor_id, U_BIDANG);
  n = dom_penilai_chain_at(rows, 6, ch, 2, U_SEKSI, 100, c, 8);  /* before the move: under the bagian, a Plt */
  assert_int_equal(n, 4);
  assert_true(c[0].head_plt);
  assert_int_equal(c[1].unor_id, U_BAGIAN);
  assert_int_equal(c[2].unor_id, U_SETDA);
  assert_int_equal(dom_penilai_chain(rows, 6, U_SEKSI, c, 8), 4);
  assert_int_equal(c[0].head_id, P_PLT);                           /* without changes: as now */
  assert_int_equal(dom_penilai_chain(rows, 6, 999, c, 8), 0);      /* unknown unit */
  assert_null(dom_unit_row_find(rows, 0, U_SEKSI));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(staff_and_structural_heads),
    cmocka_unit_test(vacant_posts),
    cmocka_unit_test(plt_heads),
    cmocka_unit_test(pd_heads_and_sekda),
    cmocka_unit_test(plt_flag_is_per_person),
    cmocka_unit_test(concurrent_heads),
    cmocka_unit_test(kadis_plt_kabid_atasan),
    cmocka_unit_test(head_status_from_own_unit_only),
    cmocka_unit_test(kind_names),
    cmocka_unit_test(chain_at_a_date),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
