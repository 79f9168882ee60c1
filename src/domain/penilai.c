/* Penilai resolution. Pure. Owner: domain. */
#include "kinerja/domain_penilai.h"
#include <stdlib.h>

static dom_penilai_t kepala_daerah(void) {
  dom_penilai_t p = {DOM_PENILAI_KEPALA_DAERAH, 0, 0, false};
  return p;
}

static dom_penilai_t none(void) {
  dom_penilai_t p = {DOM_PENILAI_NONE, 0, 0, false};
  return p;
}

/* The appraiser of `who`, who heads chain[head_idx] (head_idx = -1 when `who` heads nothing in
 * the chain and sits in chain[0]). */
static dom_penilai_t appraiser_of(long who, int head_idx, const dom_unit_t *chain, int n,
                                  dom_pd_head_rule_t rule, dom_penilai_t sekda) {
  if (who == 0) return none(); /* the Kepala Daerah has no appraiser here */
  if (head_idx >= 0 && chain[head_idx].is_pd) {
    bool is_sekda = sekda.kind == DOM_PENILAI_PEGAWAI && sekda.pegawai_id == who;
    if (is_sekda || rule == DOM_PD_HEAD_BY_BUPATI || sekda.kind != DOM_PENILAI_PEGAWAI)
      return kepala_daerah();
    return sekda;
  }
  for (int i = head_idx + 1; i < n; i++) {
    if (chain[i].head_id != 0 && chain[i].head_id != who) {
      dom_penilai_t p = {DOM_PENILAI_PEGAWAI, chain[i].head_id, chain[i].unor_id, chain[i].head_plt};
      return p;
    }
  }
  return kepala_daerah();
}

/* The highest unit `who` heads in the chain: a kadis who is also Plt head of one of his own
 * bidang is appraised as the kadis, not as the bidang head. */
static int head_index(long who, const dom_unit_t *chain, int n) {
  for (int i = n - 1; i >= 0; i--)
    if (chain[i].head_id == who) return i;
  return -1;
}

dom_penilai_result_t dom_penilai_resolve(long pegawai_id, const dom_unit_t *chain, int n,
                                         dom_pd_head_rule_t rule, dom_penilai_t sekda) {
  dom_penilai_result_t r;
  /* only the employee's own unit counts for "is a head": heading a unit further up while
   * placed below would be a data error, and the own unit is what the position says */
  int own = n > 0 && chain[0].head_id == pegawai_id ? 0 : -1;
  r.penilai = appraiser_of(pegawai_id, own, chain, n, rule, sekda);
  if (r.penilai.kind != DOM_PENILAI_PEGAWAI) {
    r.atasan = none(); /* the Kepala Daerah has no atasan penilai in the system */
    return r;
  }
  int idx = head_index(r.penilai.pegawai_id, chain, n);
  if (idx < 0) {
    /* the penilai came from outside the chain (the Sekda for a PD head) */
    bool sekda_is_penilai = sekda.kind == DOM_PENILAI_PEGAWAI && sekda.pegawai_id == r.penilai.pegawai_id;
    r.atasan = sekda_is_penilai ? kepala_daerah() : none();
    return r;
  }
  r.atasan = appraiser_of(r.penilai.pegawai_id, idx, chain, n, rule, sekda);
  return r;
}

const char *dom_penilai_kind_name(dom_penilai_kind_t k) {
  switch (k) {
    case DOM_PENILAI_PEGAWAI: return "PEGAWAI";
    case DOM_PENILAI_KEPALA_DAERAH: return "KEPALA_DAERAH";
    case DOM_PENILAI_NONE: return "NONE";
  }
  return "NONE";
}

static int by_unit_id(const void *a, const void *b) {
  long x = ((const dom_unit_row_t *)a)->id, y = ((const dom_unit_row_t *)b)->id;
  return x < y ? -1 : x > y;
}

void dom_unit_rows_sort(dom_unit_row_t *rows, unsigned long n) { qsort(rows, n, sizeof *rows, by_unit_id); }

const dom_unit_row_t *dom_unit_row_find(const dom_unit_row_t *rows, unsigned long n, long id) {
  dom_unit_row_t key = {.id = id};
  return n ? bsearch(&key, rows, n, sizeof *rows, by_unit_id) : NULL;
}

static int by_unit_time(const void *a, const void *b) {
  const dom_unit_change_t *x = a, *y = b;
  if (x->unor_id != y->unor_id) return x->unor_id < y->unor_id ? -1 : 1;
  return x->at < y->at ? -1 : x->at > y->at;
}

void dom_unit_changes_sort(dom_unit_change_t *changes, unsigned long n) { qsort(changes, n, sizeof *changes, by_unit_time); }

dom_unit_row_t dom_unit_row_at(const dom_unit_row_t *row, const dom_unit_change_t *changes, unsigned long nc, long at) {
  dom_unit_row_t r = *row;
  unsigned long lo = 0, hi = nc; /* first change of this unit after `at` */
  while (lo < hi) {
    unsigned long mid = (lo + hi) / 2;
    const dom_unit_change_t *c = &changes[mid];
    if (c->unor_id < row->id || (c->unor_id == row->id && c->at <= at)) lo = mid + 1; else hi = mid;
  }
  if (lo < nc && changes[lo].unor_id == row->id) {
    r.parent = changes[lo].parent;
    r.head = changes[lo].head;
    r.plt = changes[lo].plt;
  }
  return r;
}

int dom_penilai_chain_at(const dom_unit_row_t *rows, unsigned long n, const dom_unit_change_t *changes,
                         unsigned long nc, long unor_id, long at, dom_unit_t *chain, int cap) {
  int len = 0;
  for (const dom_unit_row_t *x = dom_unit_row_find(rows, n, unor_id); x && len < cap;) {
    dom_unit_row_t then = dom_unit_row_at(x, changes, nc, at);
    chain[len++] = (dom_unit_t){then.id, then.pd, then.head, then.plt};
    x = then.parent ? dom_unit_row_find(rows, n, then.parent) : NULL;
  }
  return len;
}

int dom_penilai_chain(const dom_unit_row_t *rows, unsigned long n, long unor_id, dom_unit_t *chain, int cap) {
  return dom_penilai_chain_at(rows, n, NULL, 0, unor_id, 0, chain, cap);
}
