/* GET/PATCH /v1/instansi — the caller's tenant and its settings. Owner: api. */
#include "kinerja/api.h"
#include "kinerja/db.h"
#include <libpq-fe.h>

static int S_GET = -1, S_PATCH = -1;

static const char *const PERIODE[] = {"BULANAN", "TRIWULAN", NULL};
static const char *const PENILAI_PD[] = {"BUPATI", "SEKDA", NULL};
static const kn_api_field_spec_t SPEC[] = {
  {"nama", KN_F_STRING, false, false, 300, NULL},
  {"nama_kepala_daerah", KN_F_STRING, false, true, 200, NULL},
  {"siasn_instansi_id", KN_F_STRING, false, true, 64, NULL},
  {"periode_penilaian", KN_F_ENUM, false, false, 0, PERIODE},
  {"batas_skp", KN_F_MONTH_DAY, false, false, 0, NULL},
  {"bobot_aktif", KN_F_BOOL, false, false, 0, NULL},
  {"penilai_kepala_pd", KN_F_ENUM, false, false, 0, PENILAI_PD},
  {"unor_setda_id", KN_F_INT, false, true, 0, NULL},
  {"tenggang_realisasi_hari", KN_F_INT, false, false, 0, NULL},
  {"masa_buka_ulang_hari", KN_F_INT, false, false, 0, NULL},
  {"pengingat_hari", KN_F_INT, false, false, 0, NULL},   /* reminders (issue 19): due-soon lead */
  {"penilaian_hari", KN_F_INT, false, false, 0, NULL},   /* days to rate after the filling window */
  {"kke_jawab_hari", KN_F_INT, false, false, 0, NULL},   /* days for a PD to answer a KKE */
};

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
  if (kn_http_require_role(r, KN_ROLE_ADMIN_BKPSDM))
    kn_api_write_json(r, S_PATCH, NULL, SPEC, sizeof SPEC / sizeof SPEC[0], true, true, 200);
}

void kn_api_instansi_register(void) {
  S_GET = kn_db_register("instansi_get",
    "SELECT instansi_json(i)::text FROM instansi i WHERE i.id = app_instansi_id()");
  S_PATCH = kn_db_register("instansi_patch", "SELECT api_instansi_patch($1::jsonb, $2::int)::text");
  kn_http_route("GET", "/v1/instansi", instansi_get, 0);
  kn_http_route("PATCH", "/v1/instansi", instansi_patch, 0);
}
