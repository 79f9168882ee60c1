/* Execution write gate. Owner: api (execution). */
#include "kinerja/api.h"
#include "kinerja/api_periode.h"
#include "kinerja/db.h"
#include "kinerja/domain_periode.h"
#include <libpq-fe.h>
#include <string.h>

static dom_date_t date_of(json_t *f, const char *k) {
  dom_date_t d = {0, 0, 0};
  dom_date_parse(json_string_value(json_object_get(f, k)), &d);
  return d;
}

bool kn_api_periode_gate(kn_http_req_t *r, json_t *f, bool owner_only) {
  json_t *actor = json_object_get(f, "actor");
  if (owner_only && !json_is_true(json_object_get(actor, "owner"))) {
    kn_http_problem(r, "forbidden", "Hanya pegawai pemilik SKP yang mengisi realisasi dan bukti dukungnya",
               "Only the pegawai who owns the SKP records realisasi and evidence");
    return false;
  }
  const char *st = json_string_value(json_object_get(f, "skp_status"));
  if (!st || (strcmp(st, "DITETAPKAN") != 0 && strcmp(st, "DITUTUP") != 0)) {
    kn_http_problem(r, "skp_invalid_transition", "Realisasi hanya untuk SKP yang sudah ditetapkan",
               "Realisasi can only be recorded against an SKP that has been set");
    return false;
  }
  dom_periode_state_t s = dom_periode_state(date_of(f, "today"), date_of(f, "awal"), date_of(f, "akhir"),
                                            (int)json_integer_value(json_object_get(f, "tenggang")),
                                            date_of(f, "dibuka_ulang_sampai"));
  /* a locked period passes the window check: the write refuses it (periode_not_locked) */
  if (json_is_true(json_object_get(f, "terkunci"))) return true;
  switch (s) {
    case DOM_PERIODE_OPEN: return true;
    case DOM_PERIODE_NOT_STARTED:
      kn_http_problem(r, "periode_closed", "Periode ini belum dimulai", "This period has not started yet");
      return false;
    case DOM_PERIODE_CLOSED:
      kn_http_problem(r, "periode_closed", "Masa pengisian periode ini sudah lewat; minta pengelola kinerja membukanya kembali",
                 "The filling window of this period has passed; ask the pengelola kinerja to reopen it");
      return false;
  }
  return false;
}
