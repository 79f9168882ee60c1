/* Sanction cases for a low annual predikat (domain.md R18, §7.4 PNS, §7.5 PPPK): the stages, their
 * due dates and the decisions that move a case on. Pure, no I/O: the handler gathers the facts
 * in SQL, this decides, the SQL write records it. The system only tracks; every decision is the
 * PPK's, recorded by BKPSDM. Owner: domain.
 *
 * The sequence (§7.4 item 2; the durations marked [I] are this system's choice, domain.md gives
 * none):
 *   RENCANA_PENGEMBANGAN  6 months to improve             MEMBAIK → closed (MEMBAIK)
 *                                                          TIDAK_MEMBAIK (not before due) → UJI_KOMPETENSI
 *   UJI_KOMPETENSI        3 months [I]                     MEMENUHI | TIDAK_MEMENUHI (a fitting or a lower
 *                                                          post) → PEMINDAHAN
 *   PEMINDAHAN            3 months [I]                     DIPINDAHKAN → closed (DIPINDAHKAN)
 *                                                          TIDAK_ADA_LOWONGAN → PENEMPATAN_SEMENTARA
 *   PENEMPATAN_SEMENTARA  at most 1 year                   DIPINDAHKAN → closed (DIPINDAHKAN)
 *                                                          TIDAK_ADA_LOWONGAN (not before due) →
 *                                                          PEMBERHENTIAN (PNS) / PEMUTUSAN_KONTRAK (PPPK)
 *   PEMBERHENTIAN         1 month [I]                      DIBERHENTIKAN → closed (DIBERHENTIKAN)
 *   PEMUTUSAN_KONTRAK     1 month [I]                      KONTRAK_TIDAK_DIPERPANJANG → closed (same)
 * A stage starts on the date the previous one was decided; its due date is that start plus its
 * duration (end of month clamped: 31 Aug + 6 months = 28/29 Feb). */
#ifndef KINERJA_DOMAIN_SANKSI_H
#define KINERJA_DOMAIN_SANKSI_H
#include "kinerja/domain_periode.h"
#include <stdbool.h>

typedef enum dom_sanksi_tahap {
  DOM_SANKSI_INVALID = -1,
  DOM_SANKSI_RENCANA_PENGEMBANGAN = 0, DOM_SANKSI_UJI_KOMPETENSI, DOM_SANKSI_PEMINDAHAN,
  DOM_SANKSI_PENEMPATAN_SEMENTARA, DOM_SANKSI_PEMBERHENTIAN, DOM_SANKSI_PEMUTUSAN_KONTRAK,
  DOM_SANKSI_NTAHAP,
} dom_sanksi_tahap_t;

dom_sanksi_tahap_t dom_sanksi_tahap_from_name(const char *name);
const char *dom_sanksi_tahap_name(dom_sanksi_tahap_t t);

/* Months a stage lasts (its due date from its start). */
int dom_sanksi_bulan(dom_sanksi_tahap_t t);
/* start + the stage's months (day clamped to the month's last). */
dom_date_t dom_sanksi_jatuh_tempo(dom_sanksi_tahap_t t, dom_date_t mulai);
/* d + n months, the day clamped to the last of the month. */
dom_date_t dom_date_add_months(dom_date_t d, int n);

/* Who qualifies for a case: annual predikat KURANG or SANGAT_KURANG (JA/JF); a JPT also with
 * BUTUH_PERBAIKAN (§7.4 item 2, the 2025 BRIN restatement of the JPT branch). */
bool dom_sanksi_memenuhi(const char *jenis_jabatan, const char *predikat);

typedef struct dom_sanksi_keputusan {
  bool ok;
  const char *code;          /* when !ok: sanksi_invalid_transition, sanksi_belum_jatuh_tempo, validation_failed */
  const char *message_id, *message_en;
  bool selesai;              /* the case closes with hasil */
  const char *hasil;         /* MEMBAIK, DIPINDAHKAN, DIBERHENTIKAN, KONTRAK_TIDAK_DIPERPANJANG */
  dom_sanksi_tahap_t next;   /* the stage that opens (when !selesai) */
  dom_date_t next_mulai, next_jatuh_tempo;
} dom_sanksi_keputusan_t;

/* Decide `keputusan` on the open stage `tahap` (started `mulai`, due `jatuh_tempo`) taken on
 * `tanggal` (not before mulai, not after today); pppk picks the last stage. */
dom_sanksi_keputusan_t dom_sanksi_putuskan(dom_sanksi_tahap_t tahap, bool pppk, const char *keputusan,
                                           dom_date_t mulai, dom_date_t jatuh_tempo, dom_date_t tanggal,
                                           dom_date_t today);

/* Facts about the evaluation a case is opened on. */
typedef struct dom_sanksi_fakta {
  bool akhir_tahun;          /* the year-end evaluation: the annual predikat (R16) */
  bool final;                /* FINAL: no keberatan can change it any more */
  const char *jenis_jabatan, *predikat;
  dom_date_t ditetapkan;     /* the date the predikat was set */
  bool berjalan;             /* the pegawai already has a running case */
} dom_sanksi_fakta_t;

/* Open a case on `mulai` (not before the predikat was set, not after today): the first stage,
 * RENCANA_PENGEMBANGAN, with its due date in next / next_mulai / next_jatuh_tempo. Refusals:
 * sanksi_tidak_memenuhi (not a FINAL annual KURANG/SANGAT_KURANG, or BUTUH_PERBAIKAN of a JPT),
 * conflict (a running case), validation_failed (the date). */
dom_sanksi_keputusan_t dom_sanksi_buka(const dom_sanksi_fakta_t *f, dom_date_t mulai, dom_date_t today);

/* The decisions a stage accepts, NULL-terminated (for the error text and the OpenAPI). */
const char *const *dom_sanksi_keputusan_for(dom_sanksi_tahap_t t);
#endif
