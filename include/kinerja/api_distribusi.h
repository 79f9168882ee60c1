/* Distribution glue: rules and population from distribusi_data() into the domain check.
 * Owner: api (assessment). */
#ifndef KINERJA_API_DISTRIBUSI_H
#define KINERJA_API_DISTRIBUSI_H
#include <jansson.h>
#include "kinerja/domain_distribusi.h"
#include "kinerja/domain_predikat.h"

#define API_MAX_RULES 16

/* Fill rules from the "rules" array of a distribusi_data() document. Returns the count. */
int kn_api_rules_from_json(json_t *rules_json, dom_rule_t *out, int cap);

/* Predikat name → index 0..4 (SIASN id - 1), -1 when unknown. */
int kn_api_predikat_index(const char *name);
#endif
