/* Unit tests for the SKP workflow (include/kinerja/domain_skp.h, src/domain/skp.c,
 * domain.md §5.2). The expected state table and the actor table are written out below by hand;
 * every state × action × actor × deadline × reason combination is checked against them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/domain_skp.h"

#include <stdio.h>
#include <string.h>


#define NSTATES 7
#define NACT DOM_SKP_NACTIONS
#define X DOM_SKP_INVALID

enum { OWNER = 0, PENILAI, ADMIN_PD, ADMIN_BKPSDM, NOBODY, NACTORS };
static const char *const ACTOR_NAME[NACTORS] = {"owner", "penilai", "admin_pd", "admin_bkpsdm", "nobody"};

static dom_skp_actor_t actor(int who) {
  dom_skp_actor_t a = {who == OWNER, who == PENILAI, who == ADMIN_PD, who == ADMIN_BKPSDM};
  return a;
}

/* Facts under which every content guard passes. */
static dom_skp_facts_t good_facts(bool deadline_passed, bool has_reason) {
  dom_skp_facts_t f = {
    .rhk_utama = 2, .rhk_without_indikator = 0, .perilaku = 7, .lampiran_sections = 3, .cascading_missing = 0,
    .bobot_aktif = false, .bobot_sum = 0, .bobot_missing = 0, .deadline_passed = deadline_passed,
    .has_reason = has_reason, .periode_terkunci = 0, .akhir_tahun_final = true,
  };
  return f;
}

/* domain.md §5.2, the normal (non-pengelola) path: from-state × action → next state. */
static const dom_skp_status_t NEXT[NSTATES][NACT] = {
  /*                   ajukan             kembalikan            setujui            tetapkan             revisi          tutup            selesai */
  /* DRAFT        */ {DOM_SKP_DIAJUKAN, X,                    X,                 X,                   X,              X,               X},
  /* DIAJUKAN     */ {X,                DOM_SKP_DIKEMBALIKAN, DOM_SKP_DISETUJUI, X,                   X,              X,               X},
  /* DIKEMBALIKAN */ {DOM_SKP_DIAJUKAN, X,                    X,                 X,                   X,              X,               X},
  /* DISETUJUI    */ {X,                DOM_SKP_DIKEMBALIKAN, X,                 DOM_SKP_DITETAPKAN,  X,              X,               X},
  /* DITETAPKAN   */ {X,                X,                    X,                 X,                   DOM_SKP_DRAFT,  DOM_SKP_DITUTUP, DOM_SKP_SELESAI},
  /* DITUTUP      */ {X,                X,                    X,                 X,                   X,              X,               X},
  /* SELESAI      */ {X,                X,                    X,                 X,                   X,              X,               X},
};

/* Who may take each action (state aside); tetapkan by an admin is the pengelola path below. */
static const bool MAY[NACT][NACTORS] = {
  /*              owner  penilai admin_pd admin_bkpsdm nobody */
  /* ajukan     */ {true, false, false, false, false},
  /* kembalikan */ {false, true, true, true, false},
  /* setujui    */ {false, true, false, false, false},
  /* tetapkan   */ {false, true, false, false, false},
  /* revisi     */ {true, true, false, false, false},
  /* tutup      */ {false, true, true, true, false},
  /* selesai    */ {false, false, true, true, false},
};

/* Actions that need an alasan. */
static const bool NEEDS_REASON[NACT] = {false, true, false, false, true, true, false};

/* The pengelola path: an admin (not the penilai) may tetapkan from DRAFT..DISETUJUI, but only
 * after the deadline; before it the admin is refused with `forbidden`. */
static const bool PENGELOLA_FROM[NSTATES] = {true, true, true, true, false, false, false};

typedef struct expected {
  bool ok;
  dom_skp_status_t next;
  bool by_pengelola;
  const char *code;
} expected_t;

static expected_t expect(int from, int a, int who, bool deadline, bool reason) {
  expected_t e = {false, X, false, NULL};
  bool admin = who == ADMIN_PD || who == ADMIN_BKPSDM;
  if (a == DOM_SKP_TETAPKAN && admin && PENGELOLA_FROM[from]) {
    if (!deadline) { e.code = "forbidden"; return e; }
    e.ok = true; e.next = DOM_SKP_DITETAPKAN; e.by_pengelola = true;
    return e;
  }
  if (NEXT[from][a] == X) { e.code = "skp_invalid_transition"; return e; }
  if (!MAY[a][who]) { e.code = "forbidden"; return e; }
  if (NEEDS_REASON[a] && !reason) { e.code = "alasan_required"; return e; }
  e.ok = true;
  e.next = NEXT[from][a];
  return e;
}

static void check_decision(dom_skp_decision_t d, expected_t e, const char *ctx) {
  if (d.ok != e.ok) fail_msg("%s: expected ok=%d, got ok=%d (code %s)", ctx, e.ok, d.ok, d.code ? d.code : "NULL");
  if (e.ok) {
    if (d.next != e.next)
      fail_msg("%s: expected next %s, got %s", ctx, dom_skp_status_name(e.next), dom_skp_status_name(d.next));
    if (d.by_pengelola != e.by_pengelola) fail_msg("%s: expected by_pengelola=%d", ctx, e.by_pengelola);
    if (d.code) fail_msg("%s: ok but code %s", ctx, d.code);
  } else {
    if (!d.code || strcmp(d.code, e.code) != 0)
      fail_msg("%s: expected code %s, got %s", ctx, e.code, d.code ? d.code : "NULL");
    if (d.next != DOM_SKP_INVALID) fail_msg("%s: refused but next=%d", ctx, (int)d.next);
    if (d.by_pengelola) fail_msg("%s: refused but by_pengelola", ctx);
    if (!d.message_id || !d.message_id[0] || !d.message_en || !d.message_en[0])
      fail_msg("%s: refusal without both messages", ctx);
  }
}

/* 7 states × 7 actions × 5 actors × deadline × reason = 980 decisions. */
static void full_transition_matrix(void **state) {
  (void)state;
  int n = 0, oks = 0;
  for (int from = 0; from < NSTATES; from++)
    for (int a = 0; a < NACT; a++)
      for (int who = 0; who < NACTORS; who++)
        for (int dl = 0; dl < 2; dl++)
          for (int rs = 0; rs < 2; rs++) {
            dom_skp_facts_t f = good_facts(dl, rs);
            dom_skp_decision_t d = dom_skp_decide((dom_skp_status_t)from, (dom_skp_action_t)a, actor(who), &f);
            expected_t e = expect(from, a, who, dl, rs);
            char ctx[160];
            snprintf(ctx, sizeof ctx, "%s %s by %s, deadline %s, reason %s", dom_skp_status_name((dom_skp_status_t)from),
                     dom_skp_action_name((dom_skp_action_t)a), ACTOR_NAME[who], dl ? "passed" : "not passed",
                     rs ? "yes" : "no");
            check_decision(d, e, ctx);
            n++;
            oks += e.ok;
          }
  assert_int_equal(n, 980);
  /* sanity of the oracle itself: a fixed number of permitted decisions */
  assert_int_equal(oks, 62);
}

/* Hand-picked rows of the matrix, spelled out (the oracle above could share a mistake with the
 * code; these cannot). */
static void transition_spot_rows(void **state) {
  (void)state;
  static const struct {
    dom_skp_status_t from;
    dom_skp_action_t a;
    int who;
    bool deadline, reason;
    bool ok;
    dom_skp_status_t next;
    bool by_pengelola;
    const char *code;
  } T[] = {
    {DOM_SKP_DRAFT, DOM_SKP_AJUKAN, OWNER, false, false, true, DOM_SKP_DIAJUKAN, false, NULL},
    {DOM_SKP_DIKEMBALIKAN, DOM_SKP_AJUKAN, OWNER, true, false, true, DOM_SKP_DIAJUKAN, false, NULL},
    {DOM_SKP_DRAFT, DOM_SKP_AJUKAN, PENILAI, false, true, false, X, false, "forbidden"},
    {DOM_SKP_DIAJUKAN, DOM_SKP_AJUKAN, OWNER, false, true, false, X, false, "skp_invalid_transition"},
    {DOM_SKP_DIAJUKAN, DOM_SKP_SETUJUI, PENILAI, false, false, true, DOM_SKP_DISETUJUI, false, NULL},
    {DOM_SKP_DIAJUKAN, DOM_SKP_SETUJUI, OWNER, false, false, false, X, false, "forbidden"},
    {DOM_SKP_DIAJUKAN, DOM_SKP_SETUJUI, ADMIN_PD, true, true, false, X, false, "forbidden"},
    {DOM_SKP_DISETUJUI, DOM_SKP_SETUJUI, PENILAI, false, false, false, X, false, "skp_invalid_transition"},
    {DOM_SKP_DIAJUKAN, DOM_SKP_KEMBALIKAN, PENILAI, false, true, true, DOM_SKP_DIKEMBALIKAN, false, NULL},
    {DOM_SKP_DIAJUKAN, DOM_SKP_KEMBALIKAN, PENILAI, false, false, false, X, false, "alasan_required"},
    {DOM_SKP_DIAJUKAN, DOM_SKP_KEMBALIKAN, ADMIN_PD, false, true, true, DOM_SKP_DIKEMBALIKAN, false, NULL},
    {DOM_SKP_DISETUJUI, DOM_SKP_KEMBALIKAN, ADMIN_BKPSDM, false, true, true, DOM_SKP_DIKEMBALIKAN, false, NULL},
    {DOM_SKP_DIAJUKAN, DOM_SKP_KEMBALIKAN, OWNER, false, true, false, X, false, "forbidden"},
    {DOM_SKP_DRAFT, DOM_SKP_KEMBALIKAN, PENILAI, false, true, false, X, false, "skp_invalid_transition"},
    {DOM_SKP_DISETUJUI, DOM_SKP_TETAPKAN, PENILAI, false, false, true, DOM_SKP_DITETAPKAN, false, NULL},
    {DOM_SKP_DISETUJUI, DOM_SKP_TETAPKAN, PENILAI, true, false, true, DOM_SKP_DITETAPKAN, false, NULL},
    {DOM_SKP_DISETUJUI, DOM_SKP_TETAPKAN, OWNER, true, false, false, X, false, "forbidden"},
    {DOM_SKP_DRAFT, DOM_SKP_TETAPKAN, PENILAI, true, false, false, X, false, "skp_invalid_transition"},
    {DOM_SKP_DIAJUKAN, DOM_SKP_TETAPKAN, PENILAI, false, false, false, X, false, "skp_invalid_transition"},
    /* pengelola path */
    {DOM_SKP_DRAFT, DOM_SKP_TETAPKAN, ADMIN_PD, true, false, true, DOM_SKP_DITETAPKAN, true, NULL},
    {DOM_SKP_DIAJUKAN, DOM_SKP_TETAPKAN, ADMIN_BKPSDM, true, false, true, DOM_SKP_DITETAPKAN, true, NULL},
    {DOM_SKP_DIKEMBALIKAN, DOM_SKP_TETAPKAN, ADMIN_PD, true, false, true, DOM_SKP_DITETAPKAN, true, NULL},
    {DOM_SKP_DISETUJUI, DOM_SKP_TETAPKAN, ADMIN_BKPSDM, true, false, true, DOM_SKP_DITETAPKAN, true, NULL},
    {DOM_SKP_DRAFT, DOM_SKP_TETAPKAN, ADMIN_PD, false, true, false, X, false, "forbidden"},
    {DOM_SKP_DISETUJUI, DOM_SKP_TETAPKAN, ADMIN_BKPSDM, false, true, false, X, false, "forbidden"},
    {DOM_SKP_DITETAPKAN, DOM_SKP_TETAPKAN, ADMIN_PD, true, true, false, X, false, "skp_invalid_transition"},
    {DOM_SKP_DITETAPKAN, DOM_SKP_TETAPKAN, ADMIN_PD, false, true, false, X, false, "skp_invalid_transition"},
    {DOM_SKP_DRAFT, DOM_SKP_TETAPKAN, NOBODY, true, true, false, X, false, "skp_invalid_transition"},
    {DOM_SKP_DISETUJUI, DOM_SKP_TETAPKAN, NOBODY, true, true, false, X, false, "forbidden"},
    /* after DITETAPKAN */
    {DOM_SKP_DITETAPKAN, DOM_SKP_REVISI, OWNER, false, true, true, DOM_SKP_DRAFT, false, NULL},
    {DOM_SKP_DITETAPKAN, DOM_SKP_REVISI, PENILAI, true, true, true, DOM_SKP_DRAFT, false, NULL},
    {DOM_SKP_DITETAPKAN, DOM_SKP_REVISI, OWNER, false, false, false, X, false, "alasan_required"},
    {DOM_SKP_DITETAPKAN, DOM_SKP_REVISI, ADMIN_PD, false, true, false, X, false, "forbidden"},
    {DOM_SKP_DISETUJUI, DOM_SKP_REVISI, OWNER, false, true, false, X, false, "skp_invalid_transition"},
    {DOM_SKP_DITETAPKAN, DOM_SKP_TUTUP, ADMIN_BKPSDM, false, true, true, DOM_SKP_DITUTUP, false, NULL},
    {DOM_SKP_DITETAPKAN, DOM_SKP_TUTUP, PENILAI, false, false, false, X, false, "alasan_required"},
    {DOM_SKP_DITETAPKAN, DOM_SKP_TUTUP, OWNER, false, true, false, X, false, "forbidden"},
    {DOM_SKP_DITUTUP, DOM_SKP_TUTUP, PENILAI, false, true, false, X, false, "skp_invalid_transition"},
    {DOM_SKP_SELESAI, DOM_SKP_REVISI, OWNER, false, true, false, X, false, "skp_invalid_transition"},
    {DOM_SKP_SELESAI, DOM_SKP_KEMBALIKAN, ADMIN_BKPSDM, true, true, false, X, false, "skp_invalid_transition"},
  };
  for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
    dom_skp_facts_t f = good_facts(T[i].deadline, T[i].reason);
    dom_skp_decision_t d = dom_skp_decide(T[i].from, T[i].a, actor(T[i].who), &f);
    expected_t e = {T[i].ok, T[i].next, T[i].by_pengelola, T[i].code};
    char ctx[64];
    snprintf(ctx, sizeof ctx, "row %zu", i);
    check_decision(d, e, ctx);
  }
}

/* Callers with several roles at once. */
static void combined_roles(void **state) {
  (void)state;
  dom_skp_facts_t f = good_facts(true, true);
  dom_skp_actor_t owner_penilai = {true, true, false, false};
  dom_skp_actor_t penilai_admin = {false, true, true, false};
  dom_skp_actor_t owner_admin = {true, false, true, false};
  dom_skp_actor_t both_admins = {false, false, true, true};
  dom_skp_decision_t d;

  d = dom_skp_decide(DOM_SKP_DRAFT, DOM_SKP_AJUKAN, owner_penilai, &f);
  assert_true(d.ok); assert_int_equal(d.next, DOM_SKP_DIAJUKAN);
  d = dom_skp_decide(DOM_SKP_DIAJUKAN, DOM_SKP_SETUJUI, owner_penilai, &f);
  assert_true(d.ok); assert_int_equal(d.next, DOM_SKP_DISETUJUI);
  /* the penilai who is also an admin sets an approved SKP as penilai, not as pengelola */
  d = dom_skp_decide(DOM_SKP_DISETUJUI, DOM_SKP_TETAPKAN, penilai_admin, &f);
  assert_true(d.ok); assert_int_equal(d.next, DOM_SKP_DITETAPKAN); assert_false(d.by_pengelola);
  f.deadline_passed = false;
  d = dom_skp_decide(DOM_SKP_DISETUJUI, DOM_SKP_TETAPKAN, penilai_admin, &f);
  assert_true(d.ok); assert_false(d.by_pengelola);
  /* an owner who is also an admin of the PD: the pengelola path, deadline permitting */
  d = dom_skp_decide(DOM_SKP_DRAFT, DOM_SKP_TETAPKAN, owner_admin, &f);
  assert_false(d.ok); assert_string_equal(d.code, "forbidden");
  f.deadline_passed = true;
  d = dom_skp_decide(DOM_SKP_DRAFT, DOM_SKP_TETAPKAN, owner_admin, &f);
  assert_true(d.ok); assert_true(d.by_pengelola);
  d = dom_skp_decide(DOM_SKP_DIAJUKAN, DOM_SKP_TETAPKAN, both_admins, &f);
  assert_true(d.ok); assert_true(d.by_pengelola); assert_int_equal(d.next, DOM_SKP_DITETAPKAN);
}

/* Unknown action or state: skp_invalid_transition for anybody. */
static void unknown_action_or_state(void **state) {
  (void)state;
  dom_skp_actor_t all = {true, true, true, true};
  for (int dl = 0; dl < 2; dl++) {
    dom_skp_facts_t f = good_facts(dl, true);
    for (int from = 0; from < NSTATES; from++) {
      dom_skp_decision_t d = dom_skp_decide((dom_skp_status_t)from, DOM_SKP_NACTIONS, all, &f);
      assert_false(d.ok); assert_string_equal(d.code, "skp_invalid_transition");
    }
    for (int a = 0; a < NACT; a++)
      for (int who = 0; who <= NACTORS; who++) {
        dom_skp_decision_t d = dom_skp_decide(DOM_SKP_INVALID, (dom_skp_action_t)a, who < NACTORS ? actor(who) : all, &f);
        if (d.ok || strcmp(d.code, "skp_invalid_transition") != 0 || d.next != DOM_SKP_INVALID)
          fail_msg("INVALID %s by %s: expected skp_invalid_transition", dom_skp_action_name((dom_skp_action_t)a),
                   who < NACTORS ? ACTOR_NAME[who] : "all");
      }
  }
}

/* No action is possible from an unknown state, as dom_skp_decide says (above). */
static void allowed_actions_invalid_state(void **state) {
  (void)state;
  /* regression: skp.c allowed_actions has no INVALID check: target() lets -1 <= DISETUJUI through (fixed) */
  for (int dl = 0; dl < 2; dl++)
    for (unsigned roles = 0; roles < 16; roles++) {
      dom_skp_actor_t a = {roles & 1, (roles >> 1) & 1, (roles >> 2) & 1, (roles >> 3) & 1};
      unsigned got = dom_skp_allowed_actions(DOM_SKP_INVALID, a, dl);
      if (got != 0) fail_msg("INVALID, roles 0x%x, deadline %d: expected mask 0, got 0x%x", roles, dl, got);
    }
}

/* ---- guards before DITETAPKAN ----------------------------------------------------------- */

typedef struct guard_case {
  const char *name;
  int rhk_utama, rhk_without_indikator, perilaku, lampiran_sections, cascading_missing;
  bool bobot_aktif;
  double bobot_sum;
  int bobot_missing;
  const char *code; /* NULL = passes */
} guard_case_t;

static const guard_case_t GUARDS[] = {
  /*                                 utama noind peri lamp casc bobot  sum      miss  code */
  /* everything wrong, then fixed one at a time: the codes come in this order */
  {"all wrong",                       0,   2,    5,   1,   1,   true,  80,      1,    "skp_rhk_utama_missing"},
  {"utama fixed",                     1,   2,    5,   1,   1,   true,  80,      1,    "skp_indikator_missing"},
  {"indikator fixed",                 1,   0,    5,   1,   1,   true,  80,      1,    "skp_perilaku_incomplete"},
  {"perilaku fixed",                  1,   0,    7,   1,   1,   true,  80,      1,    "skp_lampiran_missing"},
  {"lampiran fixed",                  1,   0,    7,   3,   1,   true,  80,      1,    "skp_cascading_invalid"},
  {"cascading fixed",                 1,   0,    7,   3,   0,   true,  80,      1,    "skp_bobot_invalid"},
  {"bobot fixed",                     1,   0,    7,   3,   0,   true,  100,     0,    NULL},
  /* each guard alone */
  {"no utama",                        0,   0,    7,   3,   0,   false, 0,       0,    "skp_rhk_utama_missing"},
  {"utama -1",                        -1,  0,    7,   3,   0,   false, 0,       0,    "skp_rhk_utama_missing"},
  {"many utama",                      12,  0,    7,   3,   0,   false, 0,       0,    NULL},
  {"one rhk without indikator",       1,   1,    7,   3,   0,   false, 0,       0,    "skp_indikator_missing"},
  {"perilaku 0",                      1,   0,    0,   3,   0,   false, 0,       0,    "skp_perilaku_incomplete"},
  {"perilaku 6",                      1,   0,    6,   3,   0,   false, 0,       0,    "skp_perilaku_incomplete"},
  {"perilaku 8",                      1,   0,    8,   3,   0,   false, 0,       0,    "skp_perilaku_incomplete"},
  {"lampiran 0",                      1,   0,    7,   0,   0,   false, 0,       0,    "skp_lampiran_missing"},
  {"lampiran 2",                      1,   0,    7,   2,   0,   false, 0,       0,    "skp_lampiran_missing"},
  {"lampiran 4",                      1,   0,    7,   4,   0,   false, 0,       0,    "skp_lampiran_missing"},
  {"one cascading missing",           1,   0,    7,   3,   1,   false, 0,       0,    "skp_cascading_invalid"},
  /* weights: only when the instansi uses them; all present and the sum 100 within 0.001 */
  {"bobot off, sum 0, 3 missing",     1,   0,    7,   3,   0,   false, 0,       3,    NULL},
  {"bobot off, sum 55",               1,   0,    7,   3,   0,   false, 55,      0,    NULL},
  {"bobot 99.9",                      1,   0,    7,   3,   0,   true,  99.9,    0,    "skp_bobot_invalid"},
  {"bobot 99.99",                     1,   0,    7,   3,   0,   true,  99.99,   0,    "skp_bobot_invalid"},
  {"bobot 99.9995",                   1,   0,    7,   3,   0,   true,  99.9995, 0,    NULL},
  {"bobot 100",                       1,   0,    7,   3,   0,   true,  100,     0,    NULL},
  {"bobot 100.0",                     1,   0,    7,   3,   0,   true,  100.0,   0,    NULL},
  {"bobot 100.0005",                  1,   0,    7,   3,   0,   true,  100.0005,0,    NULL},
  {"bobot 100.002",                   1,   0,    7,   3,   0,   true,  100.002, 0,    "skp_bobot_invalid"},
  {"bobot 100.1",                     1,   0,    7,   3,   0,   true,  100.1,   0,    "skp_bobot_invalid"},
  {"bobot 0",                         1,   0,    7,   3,   0,   true,  0,       0,    "skp_bobot_invalid"},
  {"bobot 200",                       1,   0,    7,   3,   0,   true,  200,     0,    "skp_bobot_invalid"},
  {"bobot 100 but one missing",       1,   0,    7,   3,   0,   true,  100,     1,    "skp_bobot_invalid"},
  {"bobot 99.9 and one missing",      1,   0,    7,   3,   0,   true,  99.9,    1,    "skp_bobot_invalid"},
};
#define NGUARDS (sizeof GUARDS / sizeof GUARDS[0])

static dom_skp_facts_t guard_facts(const guard_case_t *g) {
  dom_skp_facts_t f = good_facts(false, false);
  f.rhk_utama = g->rhk_utama;
  f.rhk_without_indikator = g->rhk_without_indikator;
  f.perilaku = g->perilaku;
  f.lampiran_sections = g->lampiran_sections;
  f.cascading_missing = g->cascading_missing;
  f.bobot_aktif = g->bobot_aktif;
  f.bobot_sum = g->bobot_sum;
  f.bobot_missing = g->bobot_missing;
  return f;
}

/* A sum built from parts lands next to 100, not on it: still accepted. */
static void bobot_sum_of_parts(void **state) {
  (void)state;
  double sum = 0;
  for (int i = 0; i < 10; i++) sum += 10.1;   /* 101.0 (not exactly) */
  for (int i = 0; i < 10; i++) sum -= 0.1;    /* ~100.0 with rounding error */
  assert_true(sum != 100.0);
  dom_skp_facts_t f = good_facts(false, false);
  f.bobot_aktif = true;
  f.bobot_sum = sum;
  dom_skp_decision_t d = dom_skp_decide(DOM_SKP_DISETUJUI, DOM_SKP_TETAPKAN, actor(PENILAI), &f);
  assert_true(d.ok);
  double thirds = 100.0 / 3 + 100.0 / 3 + 100.0 / 3;
  f.bobot_sum = thirds;
  assert_true(dom_skp_decide(DOM_SKP_DISETUJUI, DOM_SKP_TETAPKAN, actor(PENILAI), &f).ok);
}

/* The guards apply to both ways of setting: the penilai from DISETUJUI, and the pengelola after
 * the deadline; the deadline and reason facts must not matter to them. */
static void tetapkan_guards(void **state) {
  (void)state;
  static const struct { dom_skp_status_t from; int who; bool by_pengelola; } WAYS[] = {
    {DOM_SKP_DISETUJUI, PENILAI, false}, {DOM_SKP_DRAFT, ADMIN_PD, true}, {DOM_SKP_DIAJUKAN, ADMIN_BKPSDM, true},
  };
  for (size_t w = 0; w < 3; w++)
    for (size_t i = 0; i < NGUARDS; i++)
      for (int rs = 0; rs < 2; rs++) {
        dom_skp_facts_t f = guard_facts(&GUARDS[i]);
        f.deadline_passed = true;
        f.has_reason = rs;
        dom_skp_decision_t d = dom_skp_decide(WAYS[w].from, DOM_SKP_TETAPKAN, actor(WAYS[w].who), &f);
        expected_t e = {GUARDS[i].code == NULL, GUARDS[i].code ? X : DOM_SKP_DITETAPKAN,
                        GUARDS[i].code ? false : WAYS[w].by_pengelola, GUARDS[i].code};
        char ctx[128];
        snprintf(ctx, sizeof ctx, "guard '%s' via %s", GUARDS[i].name, ACTOR_NAME[WAYS[w].who]);
        check_decision(d, e, ctx);
      }
}

/* A wrong state or actor is reported before any guard. */
static void state_and_actor_before_guards(void **state) {
  (void)state;
  dom_skp_facts_t f = guard_facts(&GUARDS[0]);
  f.has_reason = true;
  f.deadline_passed = false;
  dom_skp_decision_t d = dom_skp_decide(DOM_SKP_DIAJUKAN, DOM_SKP_TETAPKAN, actor(PENILAI), &f);
  assert_string_equal(d.code, "skp_invalid_transition");
  d = dom_skp_decide(DOM_SKP_DISETUJUI, DOM_SKP_TETAPKAN, actor(OWNER), &f);
  assert_string_equal(d.code, "forbidden");
  d = dom_skp_decide(DOM_SKP_DRAFT, DOM_SKP_TETAPKAN, actor(ADMIN_PD), &f);
  assert_string_equal(d.code, "forbidden");
  f.has_reason = false;
  d = dom_skp_decide(DOM_SKP_DIAJUKAN, DOM_SKP_KEMBALIKAN, actor(OWNER), &f);
  assert_string_equal(d.code, "forbidden");
}

/* Guards are only for tetapkan; ajukan needs an UTAMA RHK; the others need none. */
static void guards_only_on_tetapkan(void **state) {
  (void)state;
  dom_skp_facts_t bad = guard_facts(&GUARDS[0]);
  bad.has_reason = true;
  dom_skp_decision_t d = dom_skp_decide(DOM_SKP_DRAFT, DOM_SKP_AJUKAN, actor(OWNER), &bad);
  assert_false(d.ok); assert_string_equal(d.code, "skp_rhk_utama_missing");
  d = dom_skp_decide(DOM_SKP_DIKEMBALIKAN, DOM_SKP_AJUKAN, actor(OWNER), &bad);
  assert_false(d.ok); assert_string_equal(d.code, "skp_rhk_utama_missing");
  /* ajukan only looks at the UTAMA count */
  dom_skp_facts_t utama_only = bad;
  utama_only.rhk_utama = 1;
  d = dom_skp_decide(DOM_SKP_DRAFT, DOM_SKP_AJUKAN, actor(OWNER), &utama_only);
  assert_true(d.ok); assert_int_equal(d.next, DOM_SKP_DIAJUKAN);
  d = dom_skp_decide(DOM_SKP_DIAJUKAN, DOM_SKP_SETUJUI, actor(PENILAI), &bad);
  assert_true(d.ok); assert_int_equal(d.next, DOM_SKP_DISETUJUI);
  d = dom_skp_decide(DOM_SKP_DIAJUKAN, DOM_SKP_KEMBALIKAN, actor(PENILAI), &bad);
  assert_true(d.ok); assert_int_equal(d.next, DOM_SKP_DIKEMBALIKAN);
  d = dom_skp_decide(DOM_SKP_DITETAPKAN, DOM_SKP_REVISI, actor(OWNER), &bad);
  assert_true(d.ok); assert_int_equal(d.next, DOM_SKP_DRAFT);
  d = dom_skp_decide(DOM_SKP_DITETAPKAN, DOM_SKP_TUTUP, actor(PENILAI), &bad);
  assert_true(d.ok); assert_int_equal(d.next, DOM_SKP_DITUTUP);
  /* the wrong actor for ajukan hears forbidden, not the content problem */
  d = dom_skp_decide(DOM_SKP_DRAFT, DOM_SKP_AJUKAN, actor(PENILAI), &bad);
  assert_string_equal(d.code, "forbidden");
}

/* ---- dom_skp_allowed_actions ------------------------------------------------------------ */

#define M(a) (1u << (a))
#define AJ M(DOM_SKP_AJUKAN)
#define KB M(DOM_SKP_KEMBALIKAN)
#define ST M(DOM_SKP_SETUJUI)
#define TP M(DOM_SKP_TETAPKAN)
#define RV M(DOM_SKP_REVISI)
#define TT M(DOM_SKP_TUTUP)
#define SL M(DOM_SKP_SELESAIKAN)

/* [deadline][state][actor], written out. */
static const unsigned MASK[2][NSTATES][NACTORS] = {
  { /* deadline not passed */
    /*               owner    penilai       admin_pd   admin_bkpsdm nobody */
    /* DRAFT      */ {AJ,      0,            0,         0,           0},
    /* DIAJUKAN   */ {0,       KB | ST,      KB,        KB,          0},
    /* DIKEMBALIKAN*/{AJ,      0,            0,         0,           0},
    /* DISETUJUI  */ {0,       KB | TP,      KB,        KB,          0},
    /* DITETAPKAN */ {RV,      RV | TT,      TT | SL,   TT | SL,     0},
    /* DITUTUP    */ {0,       0,            0,         0,           0},
    /* SELESAI    */ {0,       0,            0,         0,           0},
  },
  { /* deadline passed: admins gain tetapkan on DRAFT..DISETUJUI */
    /* DRAFT      */ {AJ,      0,            TP,        TP,          0},
    /* DIAJUKAN   */ {0,       KB | ST,      KB | TP,   KB | TP,     0},
    /* DIKEMBALIKAN*/{AJ,      0,            TP,        TP,          0},
    /* DISETUJUI  */ {0,       KB | TP,      KB | TP,   KB | TP,     0},
    /* DITETAPKAN */ {RV,      RV | TT,      TT | SL,   TT | SL,     0},
    /* DITUTUP    */ {0,       0,            0,         0,           0},
    /* SELESAI    */ {0,       0,            0,         0,           0},
  },
};

static void allowed_masks(void **state) {
  (void)state;
  for (int dl = 0; dl < 2; dl++)
    for (int s = 0; s < NSTATES; s++)
      for (int who = 0; who < NACTORS; who++) {
        unsigned got = dom_skp_allowed_actions((dom_skp_status_t)s, actor(who), dl);
        if (got != MASK[dl][s][who])
          fail_msg("%s by %s, deadline %d: expected mask 0x%x, got 0x%x", dom_skp_status_name((dom_skp_status_t)s),
                   ACTOR_NAME[who], dl, MASK[dl][s][who], got);
      }
  dom_skp_actor_t owner_penilai = {true, true, false, false};
  assert_int_equal(dom_skp_allowed_actions(DOM_SKP_DRAFT, owner_penilai, false), AJ);
  assert_int_equal(dom_skp_allowed_actions(DOM_SKP_DIAJUKAN, owner_penilai, false), KB | ST);
  assert_int_equal(dom_skp_allowed_actions(DOM_SKP_DITETAPKAN, owner_penilai, false), RV | TT);
  assert_int_equal(dom_skp_allowed_actions(DOM_SKP_INVALID, owner_penilai, true), 0);
  /* never a bit beyond the actions */
  dom_skp_actor_t all = {true, true, true, true};
  for (int s = 0; s < NSTATES; s++) assert_int_equal(dom_skp_allowed_actions((dom_skp_status_t)s, all, true) >> NACT, 0);
}

/* The mask agrees with dom_skp_decide under passing guards and a reason. */
static void masks_agree_with_decide(void **state) {
  (void)state;
  for (int dl = 0; dl < 2; dl++)
    for (int s = 0; s < NSTATES; s++)
      for (unsigned roles = 0; roles < 16; roles++) {
        dom_skp_actor_t a = {roles & 1, (roles >> 1) & 1, (roles >> 2) & 1, (roles >> 3) & 1};
        unsigned mask = dom_skp_allowed_actions((dom_skp_status_t)s, a, dl);
        for (int act = 0; act < NACT; act++) {
          dom_skp_facts_t f = good_facts(dl, true);
          bool ok = dom_skp_decide((dom_skp_status_t)s, (dom_skp_action_t)act, a, &f).ok;
          if (ok != ((mask >> act) & 1))
            fail_msg("state %d roles 0x%x deadline %d action %d: decide ok=%d but mask bit %u", s, roles, dl, act, ok,
                     (mask >> act) & 1);
        }
      }
}

/* ---- names and editability --------------------------------------------------------------- */

static void status_names(void **state) {
  (void)state;
  static const struct { dom_skp_status_t s; const char *name; } T[] = {
    {DOM_SKP_DRAFT, "DRAFT"}, {DOM_SKP_DIAJUKAN, "DIAJUKAN"}, {DOM_SKP_DIKEMBALIKAN, "DIKEMBALIKAN"},
    {DOM_SKP_DISETUJUI, "DISETUJUI"}, {DOM_SKP_DITETAPKAN, "DITETAPKAN"}, {DOM_SKP_DITUTUP, "DITUTUP"},
    {DOM_SKP_SELESAI, "SELESAI"},
  };
  for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
    assert_int_equal((int)T[i].s, (int)i);
    assert_string_equal(dom_skp_status_name(T[i].s), T[i].name);
    assert_int_equal(dom_skp_status_from_name(T[i].name), T[i].s);
  }
  static const char *const BAD[] = {"draft", "Draft", "DRAFT ", "", "INVALID", "DITETAPKANX", "DITUTU", "FINAL"};
  for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++)
    if (dom_skp_status_from_name(BAD[i]) != DOM_SKP_INVALID) fail_msg("'%s' should be INVALID", BAD[i]);
  assert_int_equal(dom_skp_status_from_name(NULL), DOM_SKP_INVALID);
  assert_string_equal(dom_skp_status_name(DOM_SKP_INVALID), "INVALID");
  assert_string_equal(dom_skp_status_name((dom_skp_status_t)7), "INVALID");
  assert_string_equal(dom_skp_status_name((dom_skp_status_t)-2), "INVALID");
}

static void action_names(void **state) {
  (void)state;
  static const struct { dom_skp_action_t a; const char *name; } T[] = {
    {DOM_SKP_AJUKAN, "ajukan"}, {DOM_SKP_KEMBALIKAN, "kembalikan"}, {DOM_SKP_SETUJUI, "setujui"},
    {DOM_SKP_TETAPKAN, "tetapkan"}, {DOM_SKP_REVISI, "revisi"}, {DOM_SKP_TUTUP, "tutup"},
    {DOM_SKP_SELESAIKAN, "selesai"},
  };
  assert_int_equal(DOM_SKP_NACTIONS, 7);
  for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
    assert_int_equal((int)T[i].a, (int)i);
    assert_string_equal(dom_skp_action_name(T[i].a), T[i].name);
    assert_int_equal(dom_skp_action_from_name(T[i].name), T[i].a);
  }
  static const char *const BAD[] = {"AJUKAN", "Ajukan", "ajukan ", "", "setuju", "tetapkanx", "hapus", "?"};
  for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++)
    if (dom_skp_action_from_name(BAD[i]) != DOM_SKP_NACTIONS) fail_msg("'%s' should be unknown", BAD[i]);
  assert_int_equal(dom_skp_action_from_name(NULL), DOM_SKP_NACTIONS);
  assert_string_equal(dom_skp_action_name(DOM_SKP_NACTIONS), "?");
}

/* ---- closing the year and revisi after assessment (issue 16 item 4, domain.md §5.2) ------- */

static void closure_and_locked_revisi(void **state) {
  (void)state;
  dom_skp_facts_t f = good_facts(true, true);
  /* revisi: "only before first periodic evaluation is locked" */
  f.periode_terkunci = 1;
  for (int who = OWNER; who <= PENILAI; who++) {
    dom_skp_decision_t d = dom_skp_decide(DOM_SKP_DITETAPKAN, DOM_SKP_REVISI, actor(who), &f);
    assert_false(d.ok); assert_string_equal(d.code, "skp_periode_terkunci");
    assert_non_null(strstr(d.message_id, "dikunci")); assert_non_null(strstr(d.message_en, "locked"));
  }
  /* the state, the actor and the reason are reported first */
  assert_string_equal(dom_skp_decide(DOM_SKP_DITETAPKAN, DOM_SKP_REVISI, actor(ADMIN_PD), &f).code, "forbidden");
  assert_string_equal(dom_skp_decide(DOM_SKP_SELESAI, DOM_SKP_REVISI, actor(OWNER), &f).code, "skp_invalid_transition");
  f.has_reason = false;
  assert_string_equal(dom_skp_decide(DOM_SKP_DITETAPKAN, DOM_SKP_REVISI, actor(OWNER), &f).code, "alasan_required");
  /* a locked period does not stop closing for a job change (tutup) */
  f.has_reason = true;
  assert_true(dom_skp_decide(DOM_SKP_DITETAPKAN, DOM_SKP_TUTUP, actor(PENILAI), &f).ok);
  /* selesai: the pengelola, from DITETAPKAN, once the year-end evaluation is FINAL */
  f.akhir_tahun_final = false;
  dom_skp_decision_t d = dom_skp_decide(DOM_SKP_DITETAPKAN, DOM_SKP_SELESAIKAN, actor(ADMIN_PD), &f);
  assert_false(d.ok); assert_string_equal(d.code, "skp_evaluasi_akhir_belum_final");
  f.akhir_tahun_final = true;
  d = dom_skp_decide(DOM_SKP_DITETAPKAN, DOM_SKP_SELESAIKAN, actor(ADMIN_BKPSDM), &f);
  assert_true(d.ok); assert_int_equal(d.next, DOM_SKP_SELESAI);
  assert_string_equal(dom_skp_decide(DOM_SKP_DITETAPKAN, DOM_SKP_SELESAIKAN, actor(PENILAI), &f).code, "forbidden");
  assert_string_equal(dom_skp_decide(DOM_SKP_DITUTUP, DOM_SKP_SELESAIKAN, actor(ADMIN_PD), &f).code,
                      "skp_invalid_transition");
  assert_string_equal(dom_skp_decide(DOM_SKP_SELESAI, DOM_SKP_SELESAIKAN, actor(ADMIN_PD), &f).code,
                      "skp_invalid_transition");
  /* SELESAI is terminal */
  for (int a = 0; a < NACT; a++)
    assert_false(dom_skp_decide(DOM_SKP_SELESAI, (dom_skp_action_t)a, (dom_skp_actor_t){true, true, true, true}, &f).ok);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(full_transition_matrix),
    cmocka_unit_test(transition_spot_rows),
    cmocka_unit_test(combined_roles),
    cmocka_unit_test(unknown_action_or_state),
    cmocka_unit_test(tetapkan_guards),
    cmocka_unit_test(bobot_sum_of_parts),
    cmocka_unit_test(state_and_actor_before_guards),
    cmocka_unit_test(guards_only_on_tetapkan),
    cmocka_unit_test(allowed_masks),
    cmocka_unit_test(masks_agree_with_decide),
    cmocka_unit_test(allowed_actions_invalid_state),
    cmocka_unit_test(status_names),
    cmocka_unit_test(action_names),
    cmocka_unit_test(closure_and_locked_revisi),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
