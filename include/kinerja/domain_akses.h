/* Access rules that do not depend on the data (README "Roles and scopes"): which roles may read,
 * which may write at all, and a null-safe "same pegawai" test for relations. A write needs a role
 * that may write FIRST; only then does a relation (owner, pejabat penilai, atasan penilai,
 * pengelola scope) decide. Pure. Owner: domain (security). */
#ifndef KINERJA_DOMAIN_AKSES_H
#define KINERJA_DOMAIN_AKSES_H
#include <stdbool.h>

typedef struct dom_caller {
  bool pegawai, admin_pd, admin_bkpsdm, auditor, integrasi; /* roles of the token */
  bool sync_read, sync_write;                                /* integrasi scopes */
} dom_caller_t;

/* Reads: pegawai, admin_pd, admin_bkpsdm, auditor, or integrasi with sync:read or sync:write. */
bool dom_akses_may_read(const dom_caller_t *c);
/* Writes as a pengelola (the data scope is checked in SQL): admin_pd, admin_bkpsdm, integrasi
 * with sync:write. */
bool dom_akses_may_manage(const dom_caller_t *c);
/* Any write at all: a pengelola, or a pegawai (as owner or appraiser). auditor and integrasi
 * without sync:write never write, whatever nip their token carries. */
bool dom_akses_may_write(const dom_caller_t *c);

/* The read scope is the whole instansi (SQL app_scope_for's '/'): admin_bkpsdm, auditor,
 * integrasi, whatever else the token carries. Otherwise the PD (admin_pd) or the caller's own
 * relations (pegawai). */
bool dom_akses_reads_whole_instansi(const dom_caller_t *c);

/* Relation test on pegawai ids, null-safe: 0 (no pegawai, e.g. the Kepala Daerah or a token nip
 * that names nobody) never matches, not even another 0. */
bool dom_akses_same_pegawai(long caller_id, long other_id);
#endif
