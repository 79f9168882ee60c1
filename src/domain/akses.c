/* Access rules independent of the data. Pure. Owner: domain (security). */
#include "kinerja/domain_akses.h"

bool dom_akses_may_manage(const dom_caller_t *c) {
  return c->admin_pd || c->admin_bkpsdm || (c->integrasi && c->sync_write);
}

bool dom_akses_may_write(const dom_caller_t *c) { return c->pegawai || dom_akses_may_manage(c); }

bool dom_akses_may_read(const dom_caller_t *c) {
  return dom_akses_may_write(c) || c->auditor || (c->integrasi && c->sync_read);
}

bool dom_akses_reads_whole_instansi(const dom_caller_t *c) { return c->admin_bkpsdm || c->auditor || c->integrasi; }

bool dom_akses_same_pegawai(long caller_id, long other_id) { return caller_id != 0 && caller_id == other_id; }
