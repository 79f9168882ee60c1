/* Distribution glue: rules and population from distribusi_data() into the domain check.
 * Owner: api (assessment). */
#ifndef KINERJA_API_DISTRIBUSI_H
#define KINERJA_API_DISTRIBUSI_H
#include <jansson.h>
#include "kinerja/domain_distribusi.h"
#include "kinerja/domain_predikat.h"
#include "kinerja/http.h"

#define API_MAX_RULES 16

/* Fill rules from the "rules" array of a distribusi_data() document. Returns the count. */
int kn_api_rules_from_json(json_t *rules_json, dom_rule_t *out, int cap);

/* GET /v1/unor/{id}/distribusi for ?tahun=&jenis=&nomor=: ranges, counts and violations of the
 * unit (the JSON the route answers), or NULL after answering the error. Caller owns it. */
json_t *kn_api_distribusi_hasil(kn_http_req_t *r);

/* The population of the curve (R14b) from the "kelompok" array of a distribusi_data() document:
 * set predikat only, or with_proposed also the proposed ones (dom_distribusi_population). */
void kn_api_distribusi_population(json_t *data, bool with_proposed, dom_dist_population_t *out);

/* Predikat name → index 0..4 (SIASN id - 1), -1 when unknown. */
int kn_api_predikat_index(const char *name);
#endif
