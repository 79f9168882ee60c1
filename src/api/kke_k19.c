/* KKE check K19: SIASN sync of FINAL results (see include/kinerja/api_kke_k19.h).
 * Owner: integration. The facts are the push facts (siasn_push_facts), so "what we would send
 * now" is computed exactly as the push computes it, and compared by digest with what was sent. */
#include "kinerja/api_kke_k19.h"
#include "kinerja/api.h"
#include "kinerja/db.h"
#include "kinerja/log.h"
#include "kinerja/siasn.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_FACTS = -1;

void api_kke_k19_register(void) {
  S_FACTS = kn_db_register("kke_k19_facts", "SELECT siasn_push_facts($2::int, NULL, $1::bigint)::text");
}

static void check_item(json_t *f, api_kke_found_fn found, void *ctx) {
  char err[256], msg[512], digest[65];
  bool annual = strcmp(json_string_value(json_object_get(f, "jenis")), "TAHUNAN") == 0;
  const char *nip = json_string_value(json_object_get(f, "nip")), *sent = json_string_value(json_object_get(f, "isi_sha256"));
  const char *lokal = json_string_value(json_object_get(f, "predikat"));
  const char *siasn = json_string_value(json_object_get(f, "predikat_siasn"));
  const char *what = annual ? "Hasil tahunan" : "Hasil periodik";
  long long eid = json_integer_value(json_object_get(f, "evaluasi_id"));
  json_t *p = annual ? kn_siasn_payload_skp22(f, err, sizeof err) : kn_siasn_payload_periodik(f, err, sizeof err);
  bool ok = false;
  if (!p) snprintf(msg, sizeof msg, "%s FINAL tidak dapat dikirim ke SIASN: %s", what, err);
  else if (!sent) snprintf(msg, sizeof msg, "%s FINAL belum dikirim ke SIASN", what);
  else if (kn_siasn_payload_digest(p, digest), strcmp(digest, sent) != 0)
    snprintf(msg, sizeof msg, "%s berubah sejak dikirim ke SIASN; kirim ulang", what);
  else if (siasn && lokal && strcmp(siasn, lokal) != 0)
    snprintf(msg, sizeof msg, "SIASN mencatat predikat %s, data lokal %s", siasn, lokal);
  else ok = true;
  json_decref(p);
  found(ctx, "K19", ok, "evaluasi", eid, nip, ok ? "" : msg);
}

void api_kke_k19(kn_req_t *r, const char *unor_id, const char *tahun, const char *semester, api_kke_found_fn found,
                 void *ctx) {
  const char *v[2] = {unor_id, tahun};
  kn_db_query_t q = {.stmt = S_FACTS, .nparams = 2, .values = v};
  kn_db_error_t err;
  if (kn_api_tx(r, true, &q, 1, &err) != 0) {
    kn_log("warn", "KKE K19 skipped: %s %s", err.sqlstate, err.message);
    return;
  }
  json_t *facts = json_loads(PQgetvalue(q.result, 0, 0), 0, NULL);
  kn_db_clear(&q, 1);
  bool first_half = atoi(semester) == 1;
  size_t i;
  json_t *f;
  json_array_foreach(json_object_get(facts, "items"), i, f) {
    json_int_t end = json_integer_value(json_object_get(f, "bulan_selesai"));
    if ((end <= 6) == first_half) check_item(f, found, ctx);
  }
  json_decref(facts);
}
