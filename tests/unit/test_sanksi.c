/* Unit tests for the sanction-case stages (include/kinerja/domain_sanksi.h, src/domain/sanksi.c,
 * domain.md R18, §7.4 item 2 for PNS, §7.5 for PPPK). The stage table is written out below by
 * hand from the regulation's sequence; every stage × decision × kind of ASN is checked against it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/domain_sanksi.h"

#include <stdio.h>
#include <string.h>

static dom_date_t D(int y, int m, int d) { dom_date_t x = {y, m, d}; return x; }
static void date_eq(dom_date_t a, dom_date_t b, const char *ctx) {
  if (a.y != b.y || a.m != b.m || a.d != b.d)
    fail_msg("%s: expected %04d-%02d-%02d, got %04d-%02d-%02d", ctx, b.y, b.m, b.d, a.y, a.m, a.d);
}

static const char *const DECISIONS[] = {"MEMBAIK", "TIDAK_MEMBAIK", "MEMENUHI", "TIDAK_MEMENUHI", "DIPINDAHKAN",
                                        "TIDAK_ADA_LOWONGAN", "DIBERHENTIKAN", "KONTRAK_TIDAK_DIPERPANJANG", "LAIN", NULL};
#define NDEC 9
#define R DOM_SANKSI_RENCANA_PENGEMBANGAN
#define U DOM_SANKSI_UJI_KOMPETENSI
#define P DOM_SANKSI_PEMINDAHAN
#define S DOM_SANKSI_PENEMPATAN_SEMENTARA
#define B DOM_SANKSI_PEMBERHENTIAN
#define K DOM_SANKSI_PEMUTUSAN_KONTRAK
#define X DOM_SANKSI_INVALID
#define END (-2)  /* the case closes */

/* R18 / §7.4: [stage][decision] → next stage (END: closed), for PNS and PPPK; X: refused. */
static const int NEXT_PNS[DOM_SANKSI_NTAHAP][NDEC] = {
  /*        MEMBAIK TIDAK_M MEMENUHI TIDAK_MEM DIPINDAH TIDAK_ADA DIBERHEN KONTRAK LAIN */
  /* R */ {END,    U,      X,       X,        X,       X,        X,       X,      X},
  /* U */ {X,      X,      P,       P,        X,       X,        X,       X,      X},
  /* P */ {X,      X,      X,       X,        END,     S,        X,       X,      X},
  /* S */ {X,      X,      X,       X,        END,     B,        X,       X,      X},
  /* B */ {X,      X,      X,       X,        X,       X,        END,     X,      X},
  /* K */ {X,      X,      X,       X,        X,       X,        X,       X,      X},
};
static const int NEXT_PPPK[DOM_SANKSI_NTAHAP][NDEC] = {
  /* R */ {END,    U,      X,       X,        X,       X,        X,       X,      X},
  /* U */ {X,      X,      P,       P,        X,       X,        X,       X,      X},
  /* P */ {X,      X,      X,       X,        END,     S,        X,       X,      X},
  /* S */ {X,      X,      X,       X,        END,     K,        X,       X,      X},
  /* B */ {X,      X,      X,       X,        X,       X,        X,       X,      X},
  /* K */ {X,      X,      X,       X,        X,       X,        X,       END,    X},
};
/* months of each stage: 6 to improve, a year of temporary placement at most; the rest [I] */
static const int MONTHS[DOM_SANKSI_NTAHAP] = {6, 3, 3, 12, 1, 1};

static void R18_stage_table(void **state) {
  (void)state;
  int n = 0;
  for (int pppk = 0; pppk < 2; pppk++)
    for (int t = 0; t < DOM_SANKSI_NTAHAP; t++)
      for (int k = 0; k < NDEC; k++) {
        dom_date_t mulai = D(2025, 1, 15), due = dom_sanksi_jatuh_tempo((dom_sanksi_tahap_t)t, mulai);
        dom_date_t tanggal = due, today = D(2027, 1, 1);
        int want = (pppk ? NEXT_PPPK : NEXT_PNS)[t][k];
        dom_sanksi_keputusan_t d = dom_sanksi_putuskan((dom_sanksi_tahap_t)t, pppk, DECISIONS[k], mulai, due, tanggal, today);
        char ctx[120];
        snprintf(ctx, sizeof ctx, "%s %s (%s)", dom_sanksi_tahap_name((dom_sanksi_tahap_t)t), DECISIONS[k], pppk ? "PPPK" : "PNS");
        if (want == X) {
          if (d.ok || strcmp(d.code, "sanksi_invalid_transition") != 0) fail_msg("%s: expected refusal", ctx);
          if (!d.message_id || !d.message_en) fail_msg("%s: refusal without messages", ctx);
          continue;
        }
        n++;
        if (!d.ok) fail_msg("%s: refused (%s)", ctx, d.code);
        if (want == END) {
          if (!d.selesai || !d.hasil) fail_msg("%s: expected the case to close", ctx);
        } else {
          if (d.selesai || (int)d.next != want) fail_msg("%s: expected next %d, got %d", ctx, want, (int)d.next);
          date_eq(d.next_mulai, tanggal, ctx);
          date_eq(d.next_jatuh_tempo, dom_date_add_months(tanggal, MONTHS[want]), ctx);
        }
      }
  assert_int_equal(n, 18);
}

static void R18_results(void **state) {
  (void)state;
  dom_date_t m = D(2025, 3, 1), due = D(2025, 9, 1), today = D(2026, 1, 1);
  dom_sanksi_keputusan_t d = dom_sanksi_putuskan(R, false, "MEMBAIK", m, due, D(2025, 9, 2), today);
  assert_true(d.selesai); assert_string_equal(d.hasil, "MEMBAIK");
  d = dom_sanksi_putuskan(P, true, "DIPINDAHKAN", m, due, D(2025, 4, 1), today);
  assert_true(d.selesai); assert_string_equal(d.hasil, "DIPINDAHKAN");
  d = dom_sanksi_putuskan(B, false, "DIBERHENTIKAN", m, due, D(2025, 4, 1), today);
  assert_string_equal(d.hasil, "DIBERHENTIKAN");
  d = dom_sanksi_putuskan(K, true, "KONTRAK_TIDAK_DIPERPANJANG", m, due, D(2025, 4, 1), today);
  assert_string_equal(d.hasil, "KONTRAK_TIDAK_DIPERPANJANG");
  /* PNS never reach the PPPK stage and the other way round */
  assert_string_equal(dom_sanksi_putuskan(K, false, "KONTRAK_TIDAK_DIPERPANJANG", m, due, m, today).code,
                      "sanksi_invalid_transition");
  assert_string_equal(dom_sanksi_putuskan(B, true, "DIBERHENTIKAN", m, due, m, today).code, "sanksi_invalid_transition");
  assert_string_equal(dom_sanksi_putuskan(X, false, "MEMBAIK", m, due, m, today).code, "sanksi_invalid_transition");
  assert_string_equal(dom_sanksi_putuskan(R, false, NULL, m, due, m, today).code, "sanksi_invalid_transition");
}

/* "6 months to improve" and "max 1 year": escalation only on or after the due date. */
static void R18_escalation_waits_for_the_due_date(void **state) {
  (void)state;
  dom_date_t m = D(2025, 2, 10), today = D(2026, 6, 1);
  dom_date_t due = dom_sanksi_jatuh_tempo(R, m);
  date_eq(due, D(2025, 8, 10), "6 months");
  dom_sanksi_keputusan_t d = dom_sanksi_putuskan(R, false, "TIDAK_MEMBAIK", m, due, D(2025, 8, 9), today);
  assert_false(d.ok); assert_string_equal(d.code, "sanksi_belum_jatuh_tempo");
  assert_non_null(strstr(d.message_id, "6 bulan"));
  d = dom_sanksi_putuskan(R, false, "TIDAK_MEMBAIK", m, due, D(2025, 8, 10), today);
  assert_true(d.ok); assert_int_equal(d.next, U);
  date_eq(d.next_jatuh_tempo, D(2025, 11, 10), "uji kompetensi due");
  /* improvement may be recorded early */
  assert_true(dom_sanksi_putuskan(R, false, "MEMBAIK", m, due, D(2025, 5, 1), today).ok);
  /* temporary placement: a vacancy any time, dismissal after the year */
  dom_date_t sm = D(2025, 12, 1), sdue = dom_sanksi_jatuh_tempo(S, sm);
  date_eq(sdue, D(2026, 12, 1), "1 year");
  assert_true(dom_sanksi_putuskan(S, false, "DIPINDAHKAN", sm, sdue, D(2026, 1, 5), D(2027, 1, 1)).ok);
  d = dom_sanksi_putuskan(S, false, "TIDAK_ADA_LOWONGAN", sm, sdue, D(2026, 11, 30), D(2027, 1, 1));
  assert_string_equal(d.code, "sanksi_belum_jatuh_tempo");
  d = dom_sanksi_putuskan(S, true, "TIDAK_ADA_LOWONGAN", sm, sdue, D(2026, 12, 1), D(2027, 1, 1));
  assert_true(d.ok); assert_int_equal(d.next, K);
  /* uji kompetensi and pemindahan are not time-boxed */
  assert_true(dom_sanksi_putuskan(P, false, "TIDAK_ADA_LOWONGAN", sm, sdue, sm, D(2027, 1, 1)).ok);
}

static void R18_decision_date_bounds(void **state) {
  (void)state;
  dom_date_t m = D(2025, 3, 1), due = D(2025, 6, 1), today = D(2025, 4, 1);
  assert_string_equal(dom_sanksi_putuskan(U, false, "MEMENUHI", m, due, D(2025, 2, 28), today).code, "validation_failed");
  assert_string_equal(dom_sanksi_putuskan(U, false, "MEMENUHI", m, due, D(2025, 4, 2), today).code, "validation_failed");
  assert_true(dom_sanksi_putuskan(U, false, "MEMENUHI", m, due, m, today).ok);
  assert_true(dom_sanksi_putuskan(U, false, "MEMENUHI", m, due, today, today).ok);
}

static void add_months_clamps(void **state) {
  (void)state;
  date_eq(dom_date_add_months(D(2025, 8, 31), 6), D(2026, 2, 28), "31 Aug + 6");
  date_eq(dom_date_add_months(D(2027, 8, 31), 6), D(2028, 2, 29), "leap");
  date_eq(dom_date_add_months(D(2025, 12, 15), 1), D(2026, 1, 15), "year wrap");
  date_eq(dom_date_add_months(D(2025, 1, 31), 12), D(2026, 1, 31), "a year");
  date_eq(dom_date_add_months(D(2025, 10, 31), 3), D(2026, 1, 31), "3 months");
  date_eq(dom_date_add_months(D(2025, 11, 30), 3), D(2026, 2, 28), "to February");
}

static void R18_who_qualifies(void **state) {
  (void)state;
  static const char *const JJ[] = {"JPT", "ADMINISTRATOR", "PENGAWAS", "PELAKSANA", "FUNGSIONAL"};
  for (int i = 0; i < 5; i++) {
    assert_true(dom_sanksi_memenuhi(JJ[i], "KURANG"));
    assert_true(dom_sanksi_memenuhi(JJ[i], "SANGAT_KURANG"));
    assert_int_equal(dom_sanksi_memenuhi(JJ[i], "BUTUH_PERBAIKAN"), i == 0);
    assert_false(dom_sanksi_memenuhi(JJ[i], "BAIK"));
    assert_false(dom_sanksi_memenuhi(JJ[i], "SANGAT_BAIK"));
    assert_false(dom_sanksi_memenuhi(JJ[i], NULL));
  }
  assert_false(dom_sanksi_memenuhi(NULL, "BUTUH_PERBAIKAN"));
}

static void R18_opening_a_case(void **state) {
  (void)state;
  dom_sanksi_fakta_t f = {true, true, "PELAKSANA", "KURANG", {2026, 1, 10}, false};
  dom_date_t today = D(2026, 3, 1);
  dom_sanksi_keputusan_t d = dom_sanksi_buka(&f, D(2026, 2, 1), today);
  assert_true(d.ok); assert_int_equal(d.next, R);
  date_eq(d.next_mulai, D(2026, 2, 1), "mulai");
  date_eq(d.next_jatuh_tempo, D(2026, 8, 1), "6 months");
  assert_true(dom_sanksi_buka(&f, D(2026, 1, 10), today).ok);
  assert_string_equal(dom_sanksi_buka(&f, D(2026, 1, 9), today).code, "validation_failed");
  assert_string_equal(dom_sanksi_buka(&f, D(2026, 3, 2), today).code, "validation_failed");
  dom_sanksi_fakta_t g = f;
  g.akhir_tahun = false;
  assert_string_equal(dom_sanksi_buka(&g, today, today).code, "sanksi_tidak_memenuhi");
  g = f; g.final = false;
  assert_string_equal(dom_sanksi_buka(&g, today, today).code, "sanksi_tidak_memenuhi");
  g = f; g.predikat = "BUTUH_PERBAIKAN";
  assert_string_equal(dom_sanksi_buka(&g, today, today).code, "sanksi_tidak_memenuhi");
  g.jenis_jabatan = "JPT";
  assert_true(dom_sanksi_buka(&g, today, today).ok);
  g = f; g.berjalan = true;
  assert_string_equal(dom_sanksi_buka(&g, today, today).code, "conflict");
}

static void names(void **state) {
  (void)state;
  static const char *const N[] = {"RENCANA_PENGEMBANGAN", "UJI_KOMPETENSI", "PEMINDAHAN", "PENEMPATAN_SEMENTARA",
                                  "PEMBERHENTIAN", "PEMUTUSAN_KONTRAK"};
  for (int i = 0; i < DOM_SANKSI_NTAHAP; i++) {
    assert_string_equal(dom_sanksi_tahap_name((dom_sanksi_tahap_t)i), N[i]);
    assert_int_equal(dom_sanksi_tahap_from_name(N[i]), i);
    assert_int_equal(dom_sanksi_bulan((dom_sanksi_tahap_t)i), MONTHS[i]);
    assert_non_null(dom_sanksi_keputusan_for((dom_sanksi_tahap_t)i)[0]);
  }
  assert_int_equal(dom_sanksi_tahap_from_name("uji_kompetensi"), DOM_SANKSI_INVALID);
  assert_int_equal(dom_sanksi_tahap_from_name(NULL), DOM_SANKSI_INVALID);
  assert_string_equal(dom_sanksi_tahap_name(DOM_SANKSI_NTAHAP), "INVALID");
  assert_null(dom_sanksi_keputusan_for(DOM_SANKSI_INVALID)[0]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(R18_stage_table),
    cmocka_unit_test(R18_results),
    cmocka_unit_test(R18_escalation_waits_for_the_due_date),
    cmocka_unit_test(R18_decision_date_bounds),
    cmocka_unit_test(add_months_clamps),
    cmocka_unit_test(R18_who_qualifies),
    cmocka_unit_test(R18_opening_a_case),
    cmocka_unit_test(names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
