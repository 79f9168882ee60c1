/* Penilai resolution (domain.md §2): who appraises a pegawai (pejabat penilai) and who is above
 * the appraiser (atasan pejabat penilai). Pure, no I/O. Owner: domain.
 *
 * Rules:
 *  - penilai = head of the employee's unit; for the unit's own head, the head of a unit above;
 *  - vacant posts (no head) are skipped walking up the tree; Plt heads count as heads;
 *  - heads of Perangkat Daerah follow the instansi setting: BUPATI → the Kepala Daerah appraises
 *    them directly; SEKDA → the Sekda appraises them with the Kepala Daerah as atasan; the Sekda
 *    is appraised by the Kepala Daerah;
 *  - nothing above → the Kepala Daerah (a non-ASN official, SIASN statusPenilai "NON ASN");
 *  - an override (per pegawai and year, with a reason) replaces the resolved result. */
#ifndef KINERJA_DOMAIN_PENILAI_H
#define KINERJA_DOMAIN_PENILAI_H
#include <stdbool.h>

typedef struct dom_unit {
  long unor_id;
  bool is_pd;       /* Perangkat Daerah */
  long head_id;     /* pegawai id of the head, 0 when vacant */
  bool head_plt;    /* head is a Plt (acting) */
} dom_unit_t;

typedef enum dom_penilai_kind {
  DOM_PENILAI_NONE = 0,       /* no one (atasan of the Kepala Daerah) */
  DOM_PENILAI_PEGAWAI,        /* an ASN, pegawai_id set */
  DOM_PENILAI_KEPALA_DAERAH,  /* the Bupati/Walikota (non-ASN) */
} dom_penilai_kind_t;

typedef struct dom_penilai {
  dom_penilai_kind_t kind;
  long pegawai_id;
  long unor_id;     /* the unit this person heads (0 for Kepala Daerah / none) */
  bool plt;
} dom_penilai_t;

typedef enum dom_pd_head_rule { DOM_PD_HEAD_BY_SEKDA = 0, DOM_PD_HEAD_BY_BUPATI = 1 } dom_pd_head_rule_t;

typedef struct dom_penilai_result {
  dom_penilai_t penilai;
  dom_penilai_t atasan;
} dom_penilai_result_t;

/* chain[0] is the employee's unit, chain[n-1] the root. sekda: the Sekda as a head (kind NONE
 * when vacant or not configured). */
dom_penilai_result_t dom_penilai_resolve(long pegawai_id, const dom_unit_t *chain, int n,
                                         dom_pd_head_rule_t rule, dom_penilai_t sekda);

/* A unit as a flat row (the whole tree in one array, sorted by id with dom_unit_rows_sort). */
typedef struct dom_unit_row { long id, parent; bool pd; long head; bool plt; } dom_unit_row_t;
void dom_unit_rows_sort(dom_unit_row_t *rows, unsigned long n);

const dom_unit_row_t *dom_unit_row_find(const dom_unit_row_t *rows, unsigned long n, long id);

/* A unit's parent, head and Plt flag as they were before a change at time `at` (epoch microseconds);
 * sort with dom_unit_changes_sort (by unit, then time). */
typedef struct dom_unit_change { long unor_id; long at; long parent; long head; bool plt; } dom_unit_change_t;
void dom_unit_changes_sort(dom_unit_change_t *changes, unsigned long n);

/* The unit as it was at time `at`: the values before its first change after `at`, else as now. */
dom_unit_row_t dom_unit_row_at(const dom_unit_row_t *row, const dom_unit_change_t *changes, unsigned long nc, long at);

/* The chain from unit `unor_id` up to the root (chain[0] = the unit) out of sorted rows, as the
 * tree was at time `at` (changes may be NULL: as now); returns its length (0 when the unit is
 * unknown), at most cap. */
int dom_penilai_chain_at(const dom_unit_row_t *rows, unsigned long n, const dom_unit_change_t *changes,
                         unsigned long nc, long unor_id, long at, dom_unit_t *chain, int cap);
int dom_penilai_chain(const dom_unit_row_t *rows, unsigned long n, long unor_id, dom_unit_t *chain, int cap);

/* Kind name for JSON: "PEGAWAI", "KEPALA_DAERAH", "NONE". */
const char *dom_penilai_kind_name(dom_penilai_kind_t k);
#endif
