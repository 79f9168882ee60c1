/* problem+json (RFC 9457) responses with a bilingual catalogue. Owner: http. */
#include "kinerja/http.h"
#include "kinerja/strbuf.h"
#include <string.h>
#include <stdio.h>

typedef struct problem_def {
  const char *code;
  long status;
  const char *title_id;
  const char *title_en;
} problem_def_t;

/* Stable machine codes. Add new ones here; clients switch on `code`, not on titles. */
static const problem_def_t CATALOGUE[] = {
  {"validation_failed", 422, "Data tidak valid", "Validation failed"},
  {"malformed_json", 400, "JSON tidak dapat dibaca", "Malformed JSON"},
  {"bad_request", 400, "Permintaan tidak valid", "Bad request"},
  {"unsupported_media_type", 415, "Jenis media tidak didukung", "Unsupported media type"},
  {"payload_too_large", 413, "Isi permintaan terlalu besar", "Payload too large"},
  {"unauthorized", 401, "Autentikasi diperlukan", "Authentication required"},
  {"invalid_token", 401, "Token tidak valid", "Invalid token"},
  {"forbidden", 403, "Akses ditolak", "Forbidden"},
  {"not_found", 404, "Sumber daya tidak ditemukan", "Resource not found"},
  {"method_not_allowed", 405, "Metode tidak diizinkan", "Method not allowed"},
  {"conflict", 409, "Konflik dengan data yang ada", "Conflict with existing data"},
  {"precondition_failed", 412, "Versi data sudah berubah", "Precondition failed"},
  {"precondition_required", 428, "If-Match diperlukan", "If-Match required"},
  {"unor_cycle", 409, "Struktur organisasi menjadi melingkar", "Organisation tree would contain a cycle"},
  {"nip_invalid", 422, "NIP tidak valid", "Invalid NIP"},
  {"import_failed", 422, "Impor ditolak, tidak ada data yang disimpan", "Import rejected, nothing was saved"},
  {"skp_invalid_transition", 409, "Tindakan tidak berlaku pada status SKP saat ini", "Action not valid in the SKP's current state"},
  {"skp_not_editable", 409, "SKP tidak dapat diubah pada status ini", "The SKP cannot be edited in this state"},
  {"skp_excluded", 422, "Pegawai dikecualikan dari perencanaan SKP", "The pegawai is excluded from SKP planning"},
  {"alasan_required", 422, "Alasan wajib diisi", "A reason is required"},
  {"skp_rhk_utama_missing", 422, "SKP belum lengkap: RHK utama", "SKP incomplete: main results plan"},
  {"skp_indikator_missing", 422, "SKP belum lengkap: indikator", "SKP incomplete: indicators"},
  {"skp_perilaku_incomplete", 422, "SKP belum lengkap: perilaku kerja", "SKP incomplete: work behaviour"},
  {"skp_lampiran_missing", 422, "SKP belum lengkap: lampiran", "SKP incomplete: appendix"},
  {"skp_cascading_invalid", 422, "Cascading SKP tidak valid", "SKP cascading invalid"},
  {"skp_bobot_invalid", 422, "Bobot RHK tidak valid", "RHK weights invalid"},
  {"rhk_cascading_invalid", 422, "RHK atasan tidak valid", "Invalid superior RHK"},
  {"rhk_in_use", 409, "RHK masih dirujuk", "The RHK is still referenced"},
  {"periode_closed", 409, "Periode tidak menerima isian", "The period does not accept entries"},
  {"periode_locked", 409, "Periode sudah dikunci", "The period is locked"},
  {"evaluasi_invalid_transition", 409, "Tindakan tidak berlaku pada status evaluasi", "Action not valid in the evaluation's state"},
  {"predikat_organisasi_missing", 409, "Predikat organisasi belum ditetapkan", "Organisation predikat not set"},
  {"distribusi_violation", 422, "Melanggar pola distribusi predikat", "Breaks the predikat distribution curve"},
  {"distribusi_berubah", 409, "Distribusi predikat unit berubah bersamaan", "The unit's predikat distribution changed concurrently"},
  {"evidence_quota_exceeded", 413, "Kuota penyimpanan bukti instansi terlampaui", "The instansi's evidence storage quota is exceeded"},
  {"list_too_large", 422, "Daftar terlalu besar untuk satu jawaban", "The list is too large for one response"},
  {"predikat_organisasi_bukan_perangkat_daerah", 422, "Predikat organisasi hanya untuk Perangkat Daerah",
   "Organisation predikat only for a Perangkat Daerah"},
  {"skp_periode_terkunci", 409, "Periode SKP sudah dinilai dan dikunci", "An SKP period is assessed and locked"},
  {"skp_evaluasi_akhir_belum_final", 409, "Evaluasi akhir tahun belum FINAL", "The year-end evaluation is not FINAL"},
  {"sanksi_invalid_transition", 409, "Keputusan tidak berlaku pada tahap kasus ini", "Decision not valid at this stage of the case"},
  {"sanksi_belum_jatuh_tempo", 409, "Tahap kasus sanksi belum jatuh tempo", "The sanction stage is not due yet"},
  {"sanksi_tidak_memenuhi", 422, "Pegawai tidak memenuhi syarat kasus sanksi", "The pegawai does not qualify for a sanction case"},
  {"idempotency_key_reused", 422, "Idempotency-Key dipakai ulang", "Idempotency-Key reused"},
  {"kke_invalid_transition", 409, "Tindakan tidak berlaku pada status lembar kerja", "Action not valid in the worksheet's state"},
  {"kke_incomplete", 409, "Lembar kerja belum lengkap", "The worksheet is incomplete"},
  {"invalid_request", 400, "Permintaan token tidak valid", "Invalid token request"},
  {"invalid_client", 401, "Autentikasi klien gagal", "Client authentication failed"},
  {"unsupported_grant_type", 400, "grant_type tidak didukung", "Unsupported grant_type"},
  {"invalid_scope", 400, "Scope tidak valid", "Invalid scope"},
  {"too_many_attempts", 429, "Terlalu banyak percobaan", "Too many attempts"},
  {"rate_limited", 429, "Terlalu banyak permintaan", "Too many requests"},
  {"server_busy", 429, "Server sedang sibuk", "Server busy"},
  {"token_unavailable", 503, "Penerbitan token tidak tersedia", "Token issuing unavailable"},
  {"webhook_unavailable", 503, "Webhook tidak tersedia", "Webhooks unavailable"},
  {"siasn_not_configured", 503, "Koneksi SIASN belum dikonfigurasi", "SIASN connection not configured"},
  {"siasn_auth_failed", 502, "SIASN menolak kredensial", "SIASN refused the credentials"},
  {"siasn_unavailable", 502, "SIASN tidak dapat dihubungi", "SIASN unavailable"},
  {"siasn_data_invalid", 422, "Data SIASN tidak dapat diterapkan", "SIASN data cannot be applied"},
  {"dokumen_tidak_cocok", 422, "Dokumen tidak cocok dengan yang terdaftar", "The document does not match the registered one"},
  {"tanda_tangan_tidak_valid", 422, "Tanda tangan elektronik tidak valid", "Invalid electronic signature"},
  {"database_unavailable", 503, "Basis data tidak tersedia", "Database unavailable"},
  {"internal_error", 500, "Kesalahan internal", "Internal error"},
};

static const problem_def_t *lookup(const char *code) {
  for (size_t i = 0; i < sizeof CATALOGUE / sizeof CATALOGUE[0]; i++)
    if (strcmp(CATALOGUE[i].code, code) == 0) return &CATALOGUE[i];
  return NULL;
}

void kn_http_field_error(kn_http_req_t *r, const char *field, const char *code, const char *msg_id,
                    const char *msg_en) {
  if (r->nfield_errors >= KN_MAX_FIELD_ERRORS) return;
  kn_http_field_error_t *fe = &r->field_errors[r->nfield_errors++];
  snprintf(fe->field, sizeof fe->field, "%s", field ? field : "");
  snprintf(fe->code, sizeof fe->code, "%s", code ? code : "invalid");
  const char *msg = r->lang_en ? (msg_en ? msg_en : msg_id) : (msg_id ? msg_id : msg_en);
  snprintf(fe->message, sizeof fe->message, "%s", msg ? msg : "");
}

void kn_http_problem_status(kn_http_req_t *r, long status, const char *code, const char *detail_id,
                       const char *detail_en) {
  const problem_def_t *def = lookup(code);
  if (!def) def = lookup("internal_error");
  if (status <= 0) status = def->status;
  kn_sb_t sb;
  kn_sb_init(&sb);
  kn_sb_printf(&sb, "{\"type\":\"https://kinerja.example/problems/%s\",\"title\":", code);
  kn_sb_json_str(&sb, r->lang_en ? def->title_en : def->title_id);
  kn_sb_printf(&sb, ",\"status\":%ld,\"detail\":", status);
  const char *detail = r->lang_en ? (detail_en ? detail_en : detail_id) : (detail_id ? detail_id : detail_en);
  kn_sb_json_str(&sb, detail ? detail : (r->lang_en ? def->title_en : def->title_id));
  kn_sb_puts(&sb, ",\"code\":");
  kn_sb_json_str(&sb, code);
  kn_sb_puts(&sb, ",\"errors\":[");
  for (int i = 0; i < r->nfield_errors; i++) {
    if (i) kn_sb_puts(&sb, ",");
    kn_sb_puts(&sb, "{\"field\":");
    kn_sb_json_str(&sb, r->field_errors[i].field);
    kn_sb_puts(&sb, ",\"code\":");
    kn_sb_json_str(&sb, r->field_errors[i].code);
    kn_sb_puts(&sb, ",\"message\":");
    kn_sb_json_str(&sb, r->field_errors[i].message);
    kn_sb_puts(&sb, "}");
  }
  r->nfield_errors = 0;
  kn_sb_puts(&sb, "],\"request_id\":");
  kn_sb_json_str(&sb, r->request_id);
  kn_sb_puts(&sb, "}");
  if (status == 401)
    kn_http_set_header(r, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
  kn_http_respond(r, status, "application/problem+json", sb.data, sb.len);
  kn_sb_free(&sb);
}

void kn_http_problem(kn_http_req_t *r, const char *code, const char *detail_id, const char *detail_en) {
  kn_http_problem_status(r, 0, code, detail_id, detail_en);
}
