/* GET/PATCH /v1/instansi — the caller's tenant and its settings. Owner: api.
 * The KKE limits (kke_mutasi_hari, kke_templat_pegawai, keberatan_putus_hari) are range-checked
 * against their table in src/domain/kke_checks.c (dom_kke_settings). */
#include "kinerja/api.h"
#include "kinerja/db.h"
#include "kinerja/domain_kke_checks.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

static int S_GET = -1, S_PATCH = -1;

static const kn_api_field_spec_t SPEC[] = {
  {"nama", KN_F_STRING, false, false, 300, NULL},
  {"nama_kepala_daerah", KN_F_STRING, false, true, 200, NULL},
  {"siasn_instansi_id", KN_F_STRING, false, true, 64, NULL},
  {"periode_penilaian", KN_F_ENUM, false, false, 0, dom_ref_jenis_periode_kode},
  {"batas_skp", KN_F_MONTH_DAY, false, false, 0, NULL},
  {"bobot_aktif", KN_F_BOOL, false, false, 0, NULL},
  {"penilai_kepala_pd", KN_F_ENUM, false, false, 0, dom_ref_penilai_kepala_pd_kode},
  {"unor_setda_id", KN_F_INT, false, true, 0, NULL},
  {"tenggang_realisasi_hari", KN_F_INT, false, false, 0, NULL},
  {"masa_buka_ulang_hari", KN_F_INT, false, false, 0, NULL},
  {"kke_mutasi_hari", KN_F_INT, false, false, 0, NULL},
  {"kke_templat_pegawai", KN_F_INT, false, false, 0, NULL},
  {"keberatan_putus_hari", KN_F_INT, false, false, 0, NULL},
  {"pengingat_hari", KN_F_INT, false, false, 0, NULL},   /* reminders (issue 19): due-soon lead */
  {"penilaian_hari", KN_F_INT, false, false, 0, NULL},   /* days to rate after the filling window */
  {"kke_jawab_hari", KN_F_INT, false, false, 0, NULL},   /* days for a PD to answer a KKE */
};

/* The KKE limits within their allowed ranges (422 invalid_range naming them). */
static void check_limits(kn_http_req_t *r, json_t *b) {
  int n;
  const dom_kke_setting_t *s = dom_kke_settings(&n);
  for (int i = 0; i < n; i++) {
    json_t *v = json_object_get(b, s[i].name);
    if (!json_is_integer(v) || (json_integer_value(v) >= s[i].min && json_integer_value(v) <= s[i].max)) continue;
    char id[120], en[120];
    snprintf(id, sizeof id, "Harus %d sampai %d (bawaan %d)", s[i].min, s[i].max, s[i].def);
    snprintf(en, sizeof en, "Must be %d to %d (default %d)", s[i].min, s[i].max, s[i].def);
    kn_http_field_error(r, s[i].name, "invalid_range", id, en);
  }
}

static void instansi_get(kn_http_req_t *r) {
  if (!kn_api_can_read(r)) return;
  PGresult *res = kn_api_one(r, true, S_GET, 0, NULL);
  if (!res) return;
  if (PQntuples(res) == 0) kn_http_problem(r, "not_found", "Instansi tidak terdaftar", "Unknown instansi");
  else kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void instansi_patch(kn_http_req_t *r) {
  /* the tenant is the caller's own: no id parameter, just (body, expected version) */
  if (!kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM)) return;
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  if (!kn_api_validate(r, b, SPEC, sizeof SPEC / sizeof SPEC[0], true, NULL)) check_limits(r, b);
  if (r->nfield_errors) { json_decref(b); kn_api_fail_validation(r); return; }
  char *text = json_dumps(b, JSON_COMPACT);
  json_decref(b);
  const char *v[1] = {text};
  PGresult *res = kn_api_one_versioned(r, S_PATCH, 1, v);
  free(text);
  if (!res) return;
  kn_api_respond_resource(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

void kn_api_instansi_register(void) {
  S_GET = kn_db_register("instansi_get",
    "SELECT instansi_json(i)::text FROM instansi i WHERE i.id = app_instansi_id()");
  S_PATCH = kn_db_register("instansi_patch", "SELECT api_instansi_patch($1::jsonb, $2::int)::text");
  kn_http_route("GET", "/v1/instansi", instansi_get, 0);
  kn_http_route("PATCH", "/v1/instansi", instansi_patch, 0);
}
