/* Evaluation workflow (domain.md §5.3, api.md status_evaluasi): TERBUKA → DINILAI (ratings by
 * the penilai) → DITETAPKAN (predikat set, period frozen) → KEBERATAN (objection within the
 * window) → FINAL (decided, or the window passed). FINAL never changes. Pure. Owner: domain. */
#ifndef KINERJA_DOMAIN_EVALUASI_H
#define KINERJA_DOMAIN_EVALUASI_H
#include <stdbool.h>

typedef enum dom_eval_status {
  DOM_EVAL_INVALID = -1,
  DOM_EVAL_TERBUKA = 0, DOM_EVAL_DINILAI, DOM_EVAL_DITETAPKAN, DOM_EVAL_KEBERATAN, DOM_EVAL_FINAL,
} dom_eval_status_t;

dom_eval_status_t dom_evaluasi_status_from_name(const char *name);
const char *dom_evaluasi_status_name(dom_eval_status_t s);

/* DITETAPKAN turns FINAL when more than window_days have passed since it was set. */
dom_eval_status_t dom_evaluasi_effective(dom_eval_status_t s, int days_since_set, int window_days);

bool dom_evaluasi_can_rate(dom_eval_status_t effective);    /* TERBUKA or DINILAI */
bool dom_evaluasi_can_set(dom_eval_status_t effective);     /* DINILAI */
bool dom_evaluasi_can_object(dom_eval_status_t effective);  /* DITETAPKAN (inside the window) */
bool dom_evaluasi_can_decide(dom_eval_status_t effective);  /* KEBERATAN */

/* Who decides a keberatan (domain.md R14, R14a). The atasan penilai when that is a pegawai;
 * otherwise (the kepala daerah, or nobody above the penilai) the PPK, whose decision BKPSDM
 * records with the decree reference, so no objection is left without anyone able to decide it. */
typedef enum dom_keberatan_pemutus {
  DOM_PEMUTUS_ATASAN_PENILAI = 0,
  DOM_PEMUTUS_PPK,
} dom_keberatan_pemutus_t;

/* From the SKP's atasan_jenis ("PEGAWAI", "KEPALA_DAERAH", "NONE"). */
dom_keberatan_pemutus_t dom_keberatan_pemutus(const char *atasan_jenis);
const char *dom_keberatan_pemutus_name(dom_keberatan_pemutus_t p); /* "ATASAN_PENILAI", "PPK" */

typedef enum dom_putus_check {
  DOM_PUTUS_OK = 0,
  DOM_PUTUS_NOT_ATASAN,       /* the atasan penilai decides; the caller is not that pegawai */
  DOM_PUTUS_NOT_BKPSDM,       /* the PPK decides; only BKPSDM records it */
  DOM_PUTUS_NOMOR_REQUIRED,   /* BKPSDM recording the PPK's decision without the nomor keputusan */
} dom_putus_check_t;

/* May this caller decide the objection now? caller_atasan: the caller is the SKP's atasan
 * penilai (a pegawai); caller_bkpsdm: the caller is admin_bkpsdm; nomor_given: a nomor
 * keputusan (decree reference) is in the request. BKPSDM never decides for an atasan pegawai. */
dom_putus_check_t dom_keberatan_can_decide_as(dom_keberatan_pemutus_t p, bool caller_atasan, bool caller_bkpsdm,
                                              bool nomor_given);
#endif
