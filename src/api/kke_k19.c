/* KKE check K19: SIASN sync of FINAL results (see include/kinerja/kn_api_kke_k19.h).
 * Owner: integration. The facts are the push facts (siasn_push_facts), so "what we would send
 * now" is computed exactly as the push computes it, and compared by digest with what was sent.
 * Decides here: nothing; it builds the payload and its digest (src/sync) and words the finding.
 * Which state a result is in and which semester it belongs to are decided by dom_kke_k19_state and
 * dom_kke_in_semester (src/domain/kke_checks.c). */
#include "kinerja/api_kke_k19.h"
#include "kinerja/api.h"
#include "kinerja/db.h"
#include "kinerja/domain_kke_checks.h"
#include "kinerja/log.h"
#include "kinerja/siasn.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_FACTS = -1;

void kn_api_kke_k19_register(void) {
  S_FACTS = kn_db_register("kke_k19_facts", "SELECT siasn_push_facts($2::int, NULL, $1::bigint, $3::int, $4::int)::text");
}

static void check_item(json_t *f, kn_api_kke_found_fn found, void *ctx) {
  char err[256], msg[512], digest[65];
  bool annual = strcmp(json_string_value(json_object_get(f, "jenis")), "TAHUNAN") == 0;
  const char *nip = json_string_value(json_object_get(f, "nip")), *sent = json_string_value(json_object_get(f, "isi_sha256"));
  const char *lokal = json_string_value(json_object_get(f, "predikat"));
  const char *siasn = json_string_value(json_object_get(f, "predikat_siasn"));
  const char *what = annual ? "Hasil tahunan" : "Hasil periodik";
  long long eid = json_integer_value(json_object_get(f, "evaluasi_id"));
  json_t *p = annual ? kn_siasn_payload_skp22(f, err, sizeof err) : kn_siasn_payload_periodik(f, err, sizeof err);
  bool same = false;
  if (p && sent) {
    kn_siasn_payload_digest(p, digest);
    same = strcmp(digest, sent) == 0;
  }
  dom_kke_k19_t state = dom_kke_k19_state(p != NULL, sent != NULL, same, siasn, lokal);
  switch (state) {
    case DOM_KKE_K19_UNSENDABLE: snprintf(msg, sizeof msg, "%s FINAL tidak dapat dikirim ke SIASN: %s", what, err); break;
    case DOM_KKE_K19_UNSENT: snprintf(msg, sizeof msg, "%s FINAL belum dikirim ke SIASN", what); break;
    case DOM_KKE_K19_CHANGED: snprintf(msg, sizeof msg, "%s berubah sejak dikirim ke SIASN; kirim ulang", what); break;
    case DOM_KKE_K19_MISMATCH: snprintf(msg, sizeof msg, "SIASN mencatat predikat %s, data lokal %s", siasn, lokal); break;
    case DOM_KKE_K19_OK: msg[0] = '\0'; break;
  }
  json_decref(p);
  found(ctx, "K19", state == DOM_KKE_K19_OK, "evaluasi", eid, nip, msg);
}

void kn_api_kke_k19(kn_http_req_t *r, const char *unor_id, const char *tahun, const char *semester, kn_api_kke_found_fn found,
                 void *ctx) {
  /* only the facts of the semester's months (the superset the C filter below then decides on) */
  char a[4], b[4];
  bool first = atoi(semester) == 1;
  snprintf(a, sizeof a, "%d", first ? 1 : DOM_KKE_SEMESTER1_LAST_MONTH + 1);
  snprintf(b, sizeof b, "%d", first ? DOM_KKE_SEMESTER1_LAST_MONTH : 12);
  const char *v[4] = {unor_id, tahun, a, b};
  kn_db_query_t q = {.stmt = S_FACTS, .nparams = 4, .values = v};
  kn_db_error_t err;
  if (kn_api_tx(r, true, &q, 1, &err) != 0) {
    kn_log("warn", "KKE K19 skipped: %s %s", err.sqlstate, err.message);
    return;
  }
  json_t *facts = json_loads(PQgetvalue(q.result, 0, 0), 0, NULL);
  kn_db_clear(&q, 1);
  int sem = atoi(semester);
  size_t i;
  json_t *f;
  json_array_foreach(json_object_get(facts, "items"), i, f)
    if (dom_kke_in_semester((int)json_integer_value(json_object_get(f, "bulan_selesai")), sem)) check_item(f, found, ctx);
  json_decref(facts);
}
