/* GET /v1/referensi — every reference list of the domain (src/domain/referensi.c: codes,
 * Indonesian and English labels, accepted aliases) and the instansi's TPP factors in force
 * today, for front ends. Any authenticated caller; ETag over the body (If-None-Match: 304).
 * Owner: api. */
#include "kinerja/api.h"
#include "kinerja/db.h"
#include "kinerja/domain_referensi.h"
#include <libpq-fe.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_TPP = -1;

static json_t *list_json(const dom_ref_list_t *l) {
  json_t *items = json_array();
  for (size_t i = 0; l->codes[i]; i++) {
    json_t *alias = json_array();
    for (const char *const *a = l->labels[i].aliases; a && *a; a++) json_array_append_new(alias, json_string(*a));
    json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:o}", "kode", l->codes[i], "label_id", l->labels[i].id,
                                           "label_en", l->labels[i].en, "alias", alias));
  }
  return json_pack("{s:s, s:s, s:o}", "label_id", l->label_id, "label_en", l->label_en, "items", items);
}

/* The TPP table in force ({"berlaku_mulai", "faktor": {predikat: persen}}) as one item per predikat
 * with its labels; persen null where the instansi has set none. */
static json_t *tpp_json(json_t *rules) {
  json_t *items = json_array(), *f = json_object_get(rules, "faktor");
  for (size_t i = 0; dom_ref_predikat.codes[i]; i++) {
    json_t *p = json_object_get(f, dom_ref_predikat.codes[i]);
    json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:O}", "predikat", dom_ref_predikat.codes[i],
                                           "label_id", dom_ref_predikat.labels[i].id, "label_en",
                                           dom_ref_predikat.labels[i].en, "persen", p ? p : json_null()));
  }
  json_t *since = json_object_get(rules, "berlaku_mulai");
  return json_pack("{s:s, s:s, s:O, s:o}", "label_id", "Faktor TPP per predikat", "label_en",
                   "TPP factor per predikat", "berlaku_mulai", since ? since : json_null(), "items", items);
}

static void referensi_get(kn_http_req_t *r) {
  PGresult *res = kn_api_one(r, true, S_TPP, 0, NULL);
  if (!res) return;
  json_t *rules = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
  PQclear(res);
  size_t n;
  const dom_ref_list_t *const *all = dom_ref_all(&n);
  json_t *daftar = json_object();
  for (size_t i = 0; i < n; i++) json_object_set_new(daftar, all[i]->name, list_json(all[i]));
  json_object_set_new(daftar, "tpp_faktor", tpp_json(rules));
  json_decref(rules);
  json_t *doc = json_pack("{s:o}", "daftar", daftar);
  char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(doc);
  if (!text) { kn_http_problem(r, "internal_error", NULL, NULL); return; }
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256((const unsigned char *)text, strlen(text), md);
  char etag[40] = "\"r";
  for (int i = 0; i < 12; i++) snprintf(etag + 2 + 2 * i, sizeof etag - 2 - 2 * i, "%02x", md[i]);
  strcat(etag, "\"");
  kn_http_set_header(r, "ETag", etag);
  kn_http_set_header(r, "Cache-Control", "private, no-cache");
  const char *inm = kn_http_header(r, "If-None-Match");
  if (inm && strcmp(inm, etag) == 0) kn_http_respond(r, 304, NULL, NULL, 0);
  else kn_http_respond_json(r, 200, text);
  free(text);
}

void kn_api_referensi_register(void) {
  S_TPP = kn_db_register("referensi_tpp", "SELECT tpp_rules(current_date)::text");
  kn_http_route("GET", "/v1/referensi", referensi_get, 0);
}
