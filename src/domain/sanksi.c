/* Sanction-case stages, due dates and decisions (domain.md R18, §7.4, §7.5). Pure. Owner: domain. */
#include "kinerja/domain_sanksi.h"
#include <stddef.h>
#include <string.h>

static const char *const NAME[DOM_SANKSI_NTAHAP] = {"RENCANA_PENGEMBANGAN", "UJI_KOMPETENSI", "PEMINDAHAN",
                                                    "PENEMPATAN_SEMENTARA", "PEMBERHENTIAN", "PEMUTUSAN_KONTRAK"};
static const int BULAN[DOM_SANKSI_NTAHAP] = {6, 3, 3, 12, 1, 1};

/* One row of the stage table: a decision and where it leads. */
typedef struct step {
  const char *keputusan;
  bool escalates_after_due; /* only once the stage's time is up */
  const char *hasil;        /* closes the case with this result; else moves on */
  dom_sanksi_tahap_t next, next_pppk;
} step_t;

static const step_t STEPS[DOM_SANKSI_NTAHAP][3] = {
  {{"MEMBAIK", false, "MEMBAIK", 0, 0},
   {"TIDAK_MEMBAIK", true, NULL, DOM_SANKSI_UJI_KOMPETENSI, DOM_SANKSI_UJI_KOMPETENSI}},
  {{"MEMENUHI", false, NULL, DOM_SANKSI_PEMINDAHAN, DOM_SANKSI_PEMINDAHAN},
   {"TIDAK_MEMENUHI", false, NULL, DOM_SANKSI_PEMINDAHAN, DOM_SANKSI_PEMINDAHAN}},
  {{"DIPINDAHKAN", false, "DIPINDAHKAN", 0, 0},
   {"TIDAK_ADA_LOWONGAN", false, NULL, DOM_SANKSI_PENEMPATAN_SEMENTARA, DOM_SANKSI_PENEMPATAN_SEMENTARA}},
  {{"DIPINDAHKAN", false, "DIPINDAHKAN", 0, 0},
   {"TIDAK_ADA_LOWONGAN", true, NULL, DOM_SANKSI_PEMBERHENTIAN, DOM_SANKSI_PEMUTUSAN_KONTRAK}},
  {{"DIBERHENTIKAN", false, "DIBERHENTIKAN", 0, 0}},
  {{"KONTRAK_TIDAK_DIPERPANJANG", false, "KONTRAK_TIDAK_DIPERPANJANG", 0, 0}},
};

static const char *const KEPUTUSAN[DOM_SANKSI_NTAHAP][3] = {
  {"MEMBAIK", "TIDAK_MEMBAIK", NULL}, {"MEMENUHI", "TIDAK_MEMENUHI", NULL}, {"DIPINDAHKAN", "TIDAK_ADA_LOWONGAN", NULL},
  {"DIPINDAHKAN", "TIDAK_ADA_LOWONGAN", NULL}, {"DIBERHENTIKAN", NULL, NULL}, {"KONTRAK_TIDAK_DIPERPANJANG", NULL, NULL},
};

dom_sanksi_tahap_t dom_sanksi_tahap_from_name(const char *n) {
  for (int i = 0; n && i < DOM_SANKSI_NTAHAP; i++) if (strcmp(NAME[i], n) == 0) return (dom_sanksi_tahap_t)i;
  return DOM_SANKSI_INVALID;
}

const char *dom_sanksi_tahap_name(dom_sanksi_tahap_t t) {
  return t >= 0 && t < DOM_SANKSI_NTAHAP ? NAME[t] : "INVALID";
}

int dom_sanksi_bulan(dom_sanksi_tahap_t t) { return t >= 0 && t < DOM_SANKSI_NTAHAP ? BULAN[t] : 0; }

const char *const *dom_sanksi_keputusan_for(dom_sanksi_tahap_t t) {
  static const char *const NONE[] = {NULL};
  return t >= 0 && t < DOM_SANKSI_NTAHAP ? KEPUTUSAN[t] : NONE;
}

static int month_days(int y, int m) {
  static const int D[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : D[m - 1];
}

dom_date_t dom_date_add_months(dom_date_t d, int n) {
  int idx = d.y * 12 + (d.m - 1) + n;
  dom_date_t out = {idx / 12, idx % 12 + 1, d.d};
  int last = month_days(out.y, out.m);
  if (out.d > last) out.d = last;
  return out;
}

dom_date_t dom_sanksi_jatuh_tempo(dom_sanksi_tahap_t t, dom_date_t mulai) {
  return dom_date_add_months(mulai, dom_sanksi_bulan(t));
}

bool dom_sanksi_memenuhi(const char *jenis_jabatan, const char *predikat) {
  if (!predikat) return false;
  if (strcmp(predikat, "KURANG") == 0 || strcmp(predikat, "SANGAT_KURANG") == 0) return true;
  return strcmp(predikat, "BUTUH_PERBAIKAN") == 0 && jenis_jabatan && strcmp(jenis_jabatan, "JPT") == 0;
}

static dom_sanksi_keputusan_t refuse(const char *code, const char *id, const char *en) {
  dom_sanksi_keputusan_t k = {false, code, id, en, false, NULL, DOM_SANKSI_INVALID, {0, 0, 0}, {0, 0, 0}};
  return k;
}

dom_sanksi_keputusan_t dom_sanksi_putuskan(dom_sanksi_tahap_t tahap, bool pppk, const char *keputusan,
                                           dom_date_t mulai, dom_date_t jatuh_tempo, dom_date_t tanggal,
                                           dom_date_t today) {
  if (tahap < 0 || tahap >= DOM_SANKSI_NTAHAP)
    return refuse("sanksi_invalid_transition", "Kasus ini tidak memiliki tahap terbuka", "This case has no open stage");
  if (pppk ? tahap == DOM_SANKSI_PEMBERHENTIAN : tahap == DOM_SANKSI_PEMUTUSAN_KONTRAK)
    return refuse("sanksi_invalid_transition", "Tahap ini tidak berlaku untuk jenis ASN pegawai",
                  "This stage does not apply to the pegawai's kind of ASN");
  const step_t *s = NULL;
  for (int i = 0; i < 3 && STEPS[tahap][i].keputusan; i++)
    if (keputusan && strcmp(STEPS[tahap][i].keputusan, keputusan) == 0) s = &STEPS[tahap][i];
  if (!s)
    return refuse("sanksi_invalid_transition", "Keputusan ini tidak berlaku pada tahap kasus saat ini",
                  "This decision does not apply at the case's current stage");
  long t = dom_date_days(tanggal);
  if (t < dom_date_days(mulai) || t > dom_date_days(today))
    return refuse("validation_failed", "Tanggal keputusan harus di antara mulai tahap dan hari ini",
                  "The decision date must lie between the stage's start and today");
  if (s->escalates_after_due && t < dom_date_days(jatuh_tempo))
    return refuse("sanksi_belum_jatuh_tempo", tahap == DOM_SANKSI_RENCANA_PENGEMBANGAN
                  ? "Pegawai diberi 6 bulan untuk memperbaiki kinerja; keputusan TIDAK_MEMBAIK baru dapat diambil "
                    "pada atau setelah jatuh tempo tahap"
                  : "Penempatan sementara berlaku paling lama 1 tahun; pemberhentian baru dapat diputuskan pada atau "
                    "setelah jatuh tempo tahap",
                  tahap == DOM_SANKSI_RENCANA_PENGEMBANGAN
                  ? "The pegawai has 6 months to improve; TIDAK_MEMBAIK can be decided only on or after the stage's "
                    "due date"
                  : "A temporary placement lasts up to 1 year; dismissal can be decided only on or after the stage's "
                    "due date");
  dom_sanksi_keputusan_t k = {true, NULL, NULL, NULL, s->hasil != NULL, s->hasil, DOM_SANKSI_INVALID,
                              {0, 0, 0}, {0, 0, 0}};
  if (!k.selesai) {
    k.next = pppk ? s->next_pppk : s->next;
    k.next_mulai = tanggal;
    k.next_jatuh_tempo = dom_sanksi_jatuh_tempo(k.next, tanggal);
  }
  return k;
}

dom_sanksi_keputusan_t dom_sanksi_buka(const dom_sanksi_fakta_t *f, dom_date_t mulai, dom_date_t today) {
  if (!f->akhir_tahun)
    return refuse("sanksi_tidak_memenuhi", "Kasus sanksi dibuka atas predikat tahunan: evaluasi akhir tahun",
                  "A sanction case rests on the annual predikat: the year-end evaluation");
  if (!f->final)
    return refuse("sanksi_tidak_memenuhi", "Predikat tahunan belum FINAL (masa keberatan atau keberatan belum diputus)",
                  "The annual predikat is not FINAL yet (objection window open or objection undecided)");
  if (!dom_sanksi_memenuhi(f->jenis_jabatan, f->predikat))
    return refuse("sanksi_tidak_memenuhi", "Kasus sanksi hanya untuk predikat tahunan KURANG atau SANGAT_KURANG (JPT: juga "
                  "BUTUH_PERBAIKAN)", "A sanction case is only for an annual predikat KURANG or SANGAT_KURANG (JPT: also "
                  "BUTUH_PERBAIKAN)");
  if (f->berjalan)
    return refuse("conflict", "Pegawai ini masih memiliki kasus sanksi yang berjalan",
                  "This pegawai already has a running sanction case");
  long m = dom_date_days(mulai);
  if (m < dom_date_days(f->ditetapkan) || m > dom_date_days(today))
    return refuse("validation_failed", "Tanggal mulai harus di antara penetapan predikat dan hari ini",
                  "The start date must lie between the setting of the predikat and today");
  dom_sanksi_keputusan_t k = {true, NULL, NULL, NULL, false, NULL, DOM_SANKSI_RENCANA_PENGEMBANGAN, mulai,
                              dom_sanksi_jatuh_tempo(DOM_SANKSI_RENCANA_PENGEMBANGAN, mulai)};
  return k;
}
