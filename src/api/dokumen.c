/* Official documents (issue 18): GET /v1/skp/{id}/dokumen.pdf, /v1/evaluasi/{id}/dokumen.pdf,
 * /v1/kke/{id}/dokumen.pdf, /v1/unor/{id}/predikat-organisasi/dokumen.pdf, /v1/laporan/evaluasi.pdf
 * (and Accept: application/pdf on their JSON routes); GET /v1/dokumen/{kode} (public
 * verification); POST /v1/dokumen/{kode}/tertandatangan (the PAdES-signed copy). Owner: doc.
 *
 * Each document is registered (sql/functions/dokumen.sql: dokumen_daftar) by the SQL read of its
 * resource, behind that resource's own access check; the registration gives the code, number
 * and time printed in it, so the same data always renders to the same bytes. */
#include "kinerja/api.h"
#include "kinerja/api_distribusi.h"
#include "kinerja/api_dokumen.h"
#include "kinerja/config.h"
#include "kinerja/db.h"
#include "kinerja/doc.h"
#include "kinerja/log.h"
#include "kinerja/pades.h"
#include "kinerja/storage.h"
#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int S_SKP = -1, S_EVALUASI = -1, S_KKE = -1, S_ORGANISASI = -1, S_LAPORAN = -1, S_SHA = -1, S_VERIFIKASI = -1,
           S_TTD = -1;

bool kn_api_dokumen_wanted(kn_http_req_t *r) {
  const char *a = kn_http_header(r, "Accept");
  return a && strstr(a, "application/pdf") != NULL;
}

static void filename_of(const char *nomor, char *out, size_t cap) {
  size_t o = 0;
  for (const char *s = nomor; s && *s && o + 5 < cap; s++) out[o++] = isalnum((unsigned char)*s) ? *s : '-';
  snprintf(out + o, cap - o, ".pdf");
}

/* Render the registration `reg_text` ({"data", "dokumen"}) with `build`, store the SHA-256 of the
 * bytes on the first render, and answer the PDF. */
static void send_pdf(kn_http_req_t *r, const char *reg_text, kn_doc_pdf_build_fn build, const char *judul) {
  json_t *reg = json_loads(reg_text, 0, NULL), *dok = json_object_get(reg, "dokumen");
  json_t *data = json_object_get(reg, "data");
  const char *kode = kn_jstr(dok, "kode"), *stored = kn_jstr(dok, "sha256");
  if (!reg || !kode) { json_decref(reg); kn_http_problem(r, "internal_error", NULL, NULL); return; }
  char qr[700], title[400];
  snprintf(qr, sizeof qr, "%s/v1/dokumen/%s", kn_cfg.public_url, kode);
  snprintf(title, sizeof title, "%s", judul);
  kn_doc_pdf_meta_t m = {.title = title, .author = kn_jstr(json_object_get(data, "instansi"), "nama"),
                     .nomor = kn_jstr(dok, "nomor"), .kode = kode, .qr_text = qr,
                     .created = (time_t)kn_jint(dok, "dibuat_epoch")};
  kn_doc_ctx_t ctx = {.data = data, .tanggal = kn_jstr(dok, "tanggal")};
  char *pdf = NULL, sha[65], size[24], fname[96];
  size_t len = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int rc = kn_doc_pdf_render(&m, build, &ctx, &pdf, &len);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (rc != 0) {
    json_decref(reg);
    kn_http_problem(r, "internal_error", "Dokumen tidak dapat dibuat", "The document could not be rendered");
    return;
  }
  kn_storage_sha256_hex(pdf, len, sha);
  if (!stored) {
    snprintf(size, sizeof size, "%zu", len);
    const char *v[3] = {kode, sha, size};
    PGresult *res = kn_api_one(r, false, S_SHA, 3, v);
    if (!res) { free(pdf); json_decref(reg); return; }
    if (strcmp(PQgetvalue(res, 0, 0), sha) != 0) kn_log("error", "dokumen %s: concurrent render differs", kode);
    PQclear(res);
  } else if (strcmp(stored, sha) != 0) {
    /* fonts or the layout code changed under a registered version: the printout still verifies
       against the stored hash, this copy does not */
    kn_log("error", "dokumen %s: render differs from its registered SHA-256", kode);
  }
  filename_of(m.nomor, fname, sizeof fname);
  char disp[160];
  snprintf(disp, sizeof disp, "inline; filename=\"%s\"", fname);
  kn_http_set_header(r, "Content-Disposition", disp);
  kn_http_set_header(r, "X-Dokumen-Kode", kode);
  kn_http_set_header(r, "X-Dokumen-Sha256", sha);
  char timing[48]; /* layout and rendering alone, for bench/run-dokumen */
  snprintf(timing, sizeof timing, "render;dur=%.1f",
           (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
  kn_http_set_header(r, "Server-Timing", timing);
  kn_http_respond(r, 200, "application/pdf", pdf, len);
  free(pdf);
  json_decref(reg);
}

/* A document registered by one SQL statement over a path id. */
static void by_id(kn_http_req_t *r, int stmt, const char *what_id, const char *what_en, kn_doc_pdf_build_fn build,
                  const char *judul) {
  if (!kn_api_can_read(r) || !kn_api_id_param(r, 0, what_id, what_en)) return;
  const char *id = r->params[0];
  PGresult *res = kn_api_one(r, false, stmt, 1, &id);
  if (!res) return;
  send_pdf(r, PQgetvalue(res, 0, 0), build, judul);
  PQclear(res);
}

void kn_api_dokumen_skp(kn_http_req_t *r) { by_id(r, S_SKP, "SKP", "SKP", kn_doc_skp, "Sasaran Kinerja Pegawai"); }
void kn_api_dokumen_evaluasi(kn_http_req_t *r) {
  by_id(r, S_EVALUASI, "Evaluasi", "Evaluation", kn_doc_evaluasi, "Evaluasi Kinerja Pegawai");
}
void kn_api_dokumen_kke(kn_http_req_t *r) { by_id(r, S_KKE, "KKE", "KKE", kn_doc_kke, "Kertas Kerja Evaluasi"); }

/* C-built data (the distribution curve, the report rows) registered by stmt(params..., data). */
static void with_data(kn_http_req_t *r, int stmt, const char *const *params, int n, json_t *data, kn_doc_pdf_build_fn build,
                      const char *judul) {
  char *text = json_dumps(data, JSON_COMPACT);
  json_decref(data);
  const char *v[6];
  for (int i = 0; i < n; i++) v[i] = params[i];
  v[n] = text;
  PGresult *res = kn_api_one(r, false, stmt, n + 1, v);
  free(text);
  if (!res) return;
  send_pdf(r, PQgetvalue(res, 0, 0), build, judul);
  PQclear(res);
}

void kn_api_dokumen_organisasi(kn_http_req_t *r) {
  json_t *d = kn_api_distribusi_hasil(r);
  if (!d) return;
  char th[24], nm[24];
  snprintf(th, sizeof th, "%lld", kn_jint(d, "tahun"));
  snprintf(nm, sizeof nm, "%lld", kn_jint(d, "nomor"));
  const char *v[4] = {r->params[0], th, kn_jstr(d, "jenis"), nm};
  char jenis[16];
  snprintf(jenis, sizeof jenis, "%s", v[2]);
  v[2] = jenis;
  with_data(r, S_ORGANISASI, v, 4, d, kn_doc_organisasi, "Penetapan Predikat Kinerja Organisasi");
}

void kn_api_dokumen_laporan(kn_http_req_t *r, json_t *items, int tahun, int semester) {
  char th[24], sm[24];
  snprintf(th, sizeof th, "%d", tahun);
  snprintf(sm, sizeof sm, "%d", semester);
  const char *v[2] = {th, sm};
  with_data(r, S_LAPORAN, v, 2, json_pack("{s:o}", "items", items), kn_doc_laporan, "Laporan Evaluasi Kinerja Semester");
}

/* Codes are 10 characters of [0-9A-Z]; lower case is read as upper case. */
static bool kode_param(kn_http_req_t *r, char out[11]) {
  const char *s = r->params[0];
  size_t n = strlen(s);
  for (size_t i = 0; i < n && i < 10; i++) out[i] = (char)toupper((unsigned char)s[i]);
  out[n < 10 ? n : 10] = '\0';
  bool ok = n == 10 && strspn(out, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 10;
  if (!ok) kn_http_problem(r, "not_found", "Dokumen tidak ditemukan", "Document not found");
  return ok;
}

static void verifikasi(kn_http_req_t *r) {
  char kode[11];
  if (!kode_param(r, kode)) return;
  const char *v[1] = {kode};
  PGresult *res = kn_api_one(r, true, S_VERIFIKASI, 1, v);
  if (!res) return;
  if (PQgetisnull(res, 0, 0)) kn_http_problem(r, "not_found", "Dokumen tidak ditemukan", "Document not found");
  else kn_http_respond_json(r, 200, PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void tertandatangan(kn_http_req_t *r) {
  char kode[11], subject[512];
  /* recording a signature is a write: read-only roles (auditor, sync:read) are refused first */
  if (!kn_api_can_write_related(r) || !kode_param(r, kode)) return;
  if (!kn_http_content_type_is(r, "application/pdf")) {
    kn_http_problem(r, "unsupported_media_type", "Kirim PDF yang ditandatangani sebagai application/pdf",
               "Send the signed PDF as application/pdf");
    return;
  }
  const char *pdf = kn_http_req_body(r), *why_id, *why_en;
  size_t len = kn_http_req_body_length(r);
  if (len < 5 || memcmp(pdf, "%PDF-", 5) != 0) {
    kn_http_problem(r, "unsupported_media_type", "Isi permintaan bukan PDF", "The body is not a PDF");
    return;
  }
  if (kn_doc_pades_signer(pdf, len, subject, sizeof subject, &why_id, &why_en) != 0) {
    kn_http_problem(r, "tanda_tangan_tidak_valid", why_id, why_en);
    return;
  }
  const char *v[3] = {kode, subject, pdf};
  int lengths[3] = {0, 0, (int)len}, formats[3] = {0, 0, 1};
  kn_db_query_t q = {.stmt = S_TTD, .nparams = 3, .values = v, .lengths = lengths, .formats = formats};
  kn_db_error_t err;
  if (kn_api_tx(r, false, &q, 1, &err) != 0) { kn_api_db_fail(r, &err); return; }
  kn_http_respond_json(r, 200, PQgetvalue(q.result, 0, 0));
  kn_db_clear(&q, 1);
}

void kn_api_dokumen_register(void) {
  /* every registration names the layout version (KN_DOC_TATA_LETAK, kinerja/doc.h) */
  S_SKP = kn_db_register("dokumen_skp",
    "SELECT dokumen_daftar('" KN_DOC_TATA_LETAK "', 'SKP', 'skp/' || s.id, s.version, dokumen_skp_data(s))::text FROM skp_for($1::bigint) s");
  S_EVALUASI = kn_db_register("dokumen_evaluasi",
    "SELECT dokumen_daftar('" KN_DOC_TATA_LETAK "', 'EVALUASI', 'evaluasi/' || e.id, e.version, dokumen_evaluasi_data(e))::text "
    "FROM evaluasi_for($1::bigint) e");
  S_KKE = kn_db_register("dokumen_kke",
    "SELECT dokumen_daftar('" KN_DOC_TATA_LETAK "', 'KKE', 'kke/' || k.id, k.version, dokumen_kke_data(k))::text FROM kke_for($1::bigint) k");
  S_ORGANISASI = kn_db_register("dokumen_organisasi",
    "SELECT dokumen_organisasi_daftar('" KN_DOC_TATA_LETAK "', $1::bigint, $2::int, $3, $4::int, $5::jsonb)::text");
  S_LAPORAN = kn_db_register("dokumen_laporan", "SELECT dokumen_laporan_daftar('" KN_DOC_TATA_LETAK "', $1::int, $2::int, $3::jsonb)::text");
  S_SHA = kn_db_register("dokumen_sha", "SELECT dokumen_simpan_sha($1, $2, $3::int)");
  S_VERIFIKASI = kn_db_register("dokumen_verifikasi", "SELECT dokumen_verifikasi($1)::text");
  S_TTD = kn_db_register("dokumen_ttd", "SELECT api_dokumen_tertandatangan($1, $2, $3::bytea)::text");
  kn_http_route("GET", "/v1/skp/{id}/dokumen.pdf", kn_api_dokumen_skp, 0);
  kn_http_route("GET", "/v1/evaluasi/{id}/dokumen.pdf", kn_api_dokumen_evaluasi, 0);
  kn_http_route("GET", "/v1/kke/{id}/dokumen.pdf", kn_api_dokumen_kke, 0);
  kn_http_route("GET", "/v1/unor/{id}/predikat-organisasi/dokumen.pdf", kn_api_dokumen_organisasi, 0);
  kn_http_route("GET", "/v1/laporan/evaluasi.pdf", kn_api_laporan_pdf, 0);
  kn_http_route("GET", "/v1/dokumen/{kode}", verifikasi, KN_ROUTE_PUBLIC);
  kn_http_route("POST", "/v1/dokumen/{kode}/tertandatangan", tertandatangan, KN_ROUTE_UPLOAD);
}
