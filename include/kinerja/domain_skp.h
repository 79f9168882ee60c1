/* SKP workflow (domain.md §5.2): who may move an SKP from which state to which, and the guards
 * before DITETAPKAN. revisi only while no period of the segment is assessed (locked); selesai
 * (DITETAPKAN → SELESAI, the pengelola closing the year) only once the year-end evaluation is
 * FINAL. Pure, no I/O: the handler gathers the facts in SQL, this decides, the
 * handler writes. Owner: domain. */
#ifndef KINERJA_DOMAIN_SKP_H
#define KINERJA_DOMAIN_SKP_H
#include <stdbool.h>

typedef enum dom_skp_status {
  DOM_SKP_INVALID = -1,
  DOM_SKP_DRAFT = 0, DOM_SKP_DIAJUKAN, DOM_SKP_DIKEMBALIKAN, DOM_SKP_DISETUJUI,
  DOM_SKP_DITETAPKAN, DOM_SKP_DITUTUP, DOM_SKP_SELESAI,
} dom_skp_status_t;

typedef enum dom_skp_action {
  DOM_SKP_AJUKAN = 0, DOM_SKP_KEMBALIKAN, DOM_SKP_SETUJUI, DOM_SKP_TETAPKAN, DOM_SKP_REVISI,
  DOM_SKP_TUTUP, DOM_SKP_SELESAIKAN, DOM_SKP_NACTIONS,
} dom_skp_action_t;

/* How the caller relates to this SKP (several may hold). */
typedef struct dom_skp_actor {
  bool owner;         /* the pegawai whose SKP it is */
  bool penilai;       /* the pejabat penilai recorded on the SKP */
  bool admin_pd;      /* pengelola kinerja with the SKP in scope */
  bool admin_bkpsdm;
} dom_skp_actor_t;

/* Facts about the SKP's content, gathered by the caller. */
typedef struct dom_skp_facts {
  int rhk_utama;                /* number of UTAMA RHK */
  int rhk_without_indikator;    /* RHK (any kind) that have no indikator */
  int perilaku;                 /* perilaku rows (must be 7) */
  int lampiran_sections;        /* lampiran sections with at least one item (must be 3) */
  int cascading_missing;        /* NON_JPT UTAMA RHK without a valid rhk_atasan (0 for JPT) */
  bool bobot_aktif;             /* instansi uses optional weights */
  double bobot_sum;             /* sum of RHK weights */
  int bobot_missing;            /* RHK without a weight while weights are on */
  bool deadline_passed;         /* today is after the instansi's SKP deadline for the year */
  bool has_reason;              /* the request carries a non-empty alasan */
  int periode_terkunci;         /* periods of this segment already assessed (evaluation set: locked) */
  bool akhir_tahun_final;       /* the segment's year-end evaluation is FINAL */
} dom_skp_facts_t;

typedef struct dom_skp_decision {
  bool ok;
  dom_skp_status_t next;
  bool by_pengelola;      /* set by the pengelola kinerja on the employee's behalf */
  const char *code;       /* when !ok: skp_invalid_transition, forbidden, alasan_required,
                             skp_periode_terkunci, skp_evaluasi_akhir_belum_final, or a guard
                             code (skp_rhk_utama_missing, ...) */
  const char *message_id; /* Bahasa Indonesia */
  const char *message_en;
} dom_skp_decision_t;

dom_skp_decision_t dom_skp_decide(dom_skp_status_t from, dom_skp_action_t action,
                                  dom_skp_actor_t actor, const dom_skp_facts_t *facts);

/* Actions this actor could take from `from` (ignoring content guards), as a bit mask of
 * 1 << action; used to tell the caller what is possible. */
unsigned dom_skp_allowed_actions(dom_skp_status_t from, dom_skp_actor_t actor, bool deadline_passed);

dom_skp_status_t dom_skp_status_from_name(const char *name);
const char *dom_skp_status_name(dom_skp_status_t s);
dom_skp_action_t dom_skp_action_from_name(const char *name); /* DOM_SKP_NACTIONS if unknown */
const char *dom_skp_action_name(dom_skp_action_t a);

/* Whether SKP content may be edited (RHK, indikator, perilaku, lampiran, fields: only in DRAFT
 * and DIKEMBALIKAN) is decided inside the write, by skp_for_edit in sql/functions/skp.sql. */
#endif
