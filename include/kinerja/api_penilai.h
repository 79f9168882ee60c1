/* Penilai resolution glue between SQL (penilai_context) and src/domain/penilai.c.
 * Owner: api (organisation). */
#ifndef KINERJA_API_PENILAI_H
#define KINERJA_API_PENILAI_H
#include <stdbool.h>
#include <jansson.h>
#include "kinerja/domain_penilai.h"
#include "kinerja/http.h"

/* Resolve from a penilai_context document (borrowed). *overridden tells whether an override
 * replaced the automatic result. */
dom_penilai_result_t kn_api_penilai_from_context(json_t *ctx, bool *overridden);

/* An override {penilai_id, atasan_id} (null ids: the Kepala Daerah) replaces the resolved
 * result; ovr not an object: res unchanged. *overridden tells which. */
dom_penilai_result_t kn_api_penilai_apply_override(dom_penilai_result_t res, json_t *ovr, bool *overridden);

/* True when the caller (a pegawai) is the pejabat penilai or atasan penilai of `nip` this
 * year. Runs one read transaction. Answers nothing. */
bool kn_api_penilai_caller_appraises(kn_http_req_t *r, const char *nip);
/* Resolve and describe the appraisers of `nip` for `tahun`, for the SKP snapshot:
 * {"penilai_jenis", "penilai_id", "atasan_jenis", "atasan_id", "snapshot": {"pejabat_penilai",
 * "atasan_penilai"}}. NULL when the pegawai does not exist (*failed=false) or the database
 * failed (*failed=true, err filled). Caller owns the result. */
json_t *kn_api_penilai_for_snapshot(kn_http_req_t *r, const char *nip, int tahun, bool *failed, void *err);
/* Ids of the caller (a pegawai) and of everyone the caller appraises this year as pejabat
 * penilai or atasan penilai, resolved by the domain rules. Returns a malloc'ed array (caller
 * frees) and its length in *n; NULL after answering a database error. */
long *kn_api_penilai_appraisees(kn_http_req_t *r, int *n);
/* The instansi's PD-head rule ("rule") as the SQL documents carry it; a missing rule reads as
 * the default SEKDA. */
dom_pd_head_rule_t kn_api_penilai_rule_of(json_t *doc);
/* Units as rows [id, parent_id, is_pd, head_id, head_plt] into a sorted malloc'ed array (caller
 * frees) for dom_penilai_chain. */
dom_unit_row_t *kn_api_penilai_units(json_t *units);
#endif
