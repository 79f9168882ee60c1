/* SIASN (BKN) connector: pure field mapping (siasn_map.c), HTTP client with the two tokens and
 * retries (siasn_client.c), and the pull / push / import runs (siasn_sync.c).
 * Owner: integration. Field names follow domain.md §9.3 exactly; nothing is matched
 * case-insensitively. Every json_t returned is owned by the caller. */
#ifndef KINERJA_SIASN_H
#define KINERJA_SIASN_H
#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

struct kn_db_ctx;

/* ---- mapping (pure, no I/O) ------------------------------------------------------------ */

/* Rating (DI_ATAS_EKSPEKTASI ...) <-> SIASN perilakuDanKinerja id 1..3; 0 / NULL when unknown. */
int kn_siasn_rating_code(const char *rating);
const char *kn_siasn_rating_name(int code);
/* Predikat (SANGAT_BAIK ...) <-> SIASN kuadranNilai id 1..5; 0 / NULL when unknown. */
int kn_siasn_kuadran_code(const char *predikat);
const char *kn_siasn_predikat_name(int code);
/* The kuadran of (hasil kerja, perilaku) codes from the §6.1 table; 0 when a code is invalid. */
int kn_siasn_kuadran_of(int hk, int pk);
/* Period kind -> SIASN periodik id (1 bulanan, 2 triwulan); 0 when unknown. */
int kn_siasn_periodik_id(const char *periode_jenis);

/* Build the body of POST skp22/save (annual) or kinerjaperiodik/save (periodic) from the facts
 * of one evaluation (siasn_push_facts item). NULL with a reason in err when a fact is missing
 * or inconsistent (no SIASN id of the pegawai, predikat not the matrix cell, ...). */
json_t *kn_siasn_payload_skp22(const json_t *facts, char *err, size_t errlen);
json_t *kn_siasn_payload_periodik(const json_t *facts, char *err, size_t errlen);

/* SHA-256 (hex) of the values of a save body: the compact JSON without its "id", so a re-push
 * of unchanged results (now carrying the SIASN row id) digests the same. */
void kn_siasn_payload_digest(const json_t *payload, char out[65]);

/* ref-unor answer (its "data" array of {Id, NamaUnor, NamaJabatan, DiatasanId}) -> rows for
 * the unor import: siasn_id, nama, nama_jabatan, parent_siasn_id (NULL when the parent is not
 * in the list: the top of the instansi). */
json_t *kn_siasn_unor_rows(const json_t *ref_unor);
/* data-utama answer ({"data": {...}}) -> a pegawai row (nip, siasn_id, nama, gelar_*, jabatan,
 * unor_siasn_id, status when known, jenis_jabatan for a new pegawai); NULL when unusable. */
json_t *kn_siasn_pegawai_row(const json_t *data_utama);
/* One rw-skp22 / rw-kinerjaperiodik row -> {jenis, siasn_id, tahun, bulan_mulai, bulan_selesai,
 * periodik_id, rating_hasil_kerja, rating_perilaku, predikat, penilai_nip, penilai_nama}. */
json_t *kn_siasn_read_skp22(const json_t *row);
json_t *kn_siasn_read_periodik(const json_t *row);
/* The rows of a history answer: its "data" array (or the answer itself when an array). */
const json_t *kn_siasn_data_array(const json_t *answer);
/* The history row id a save answered (mapData.rwSkpId and its relatives, or id); NULL if none. */
const char *kn_siasn_saved_id(const json_t *answer, char *buf, size_t len);
/* SIASN's human message in an answer ("message", "error_description", "error", "data"). */
const char *kn_siasn_message(const json_t *answer);

/* ---- client ----------------------------------------------------------------------------- */

typedef struct kn_siasn_cfg {
  char base_url[512];        /* KINERJA_SIASN_BASE_URL, e.g. https://…:8243/apisiasn/1.0 */
  char apim_token_url[512];  /* KINERJA_SIASN_APIM_TOKEN_URL */
  char sso_token_url[512];   /* KINERJA_SIASN_SSO_TOKEN_URL */
  char consumer_key[256];    /* KINERJA_SIASN_CONSUMER_KEY */
  char consumer_secret[256]; /* KINERJA_SIASN_CONSUMER_SECRET */
  char sso_client_id[128];   /* KINERJA_SIASN_SSO_CLIENT_ID */
  char username[128];        /* KINERJA_SIASN_USERNAME */
  char password[256];        /* KINERJA_SIASN_PASSWORD */
  long timeout_ms;           /* KINERJA_SIASN_TIMEOUT_MS, default 60000 */
  int max_attempts;          /* KINERJA_SIASN_MAX_ATTEMPTS, default 3 */
  long backoff_ms;           /* KINERJA_SIASN_BACKOFF_MS: first retry delay, doubled each time; default 500 */
} kn_siasn_cfg_t;

/* Read the configuration from the environment. -1 with the missing variable names (comma
 * separated) in missing when anything required is unset. Secrets stay in this struct only. */
int kn_siasn_config_load(kn_siasn_cfg_t *c, char *missing, size_t len);

typedef struct kn_siasn_resp {
  long status;          /* HTTP status of the last attempt; 0 = no answer (timeout, refused) */
  json_t *body;         /* parsed answer or NULL */
  int attempts;
  long duration_ms;
  bool auth_failed;     /* a token could not be obtained (status/message say why) */
  char message[512];    /* SIASN's message or the transport error; never a secret */
} kn_siasn_resp_t;

/* One data call: METHOD base_url + path, JSON body (POST) or NULL, both tokens, retries with
 * exponential backoff on 5xx / timeouts, one token refresh on 401. 0 when a 2xx arrived,
 * -1 otherwise (resp says why). Free resp->body with json_decref. Thread-safe. */
int kn_siasn_call(const kn_siasn_cfg_t *c, const char *method, const char *path, const char *body,
                  kn_siasn_resp_t *resp);
/* Forget cached tokens (tests, configuration change). */
void kn_siasn_tokens_reset(void);

/* ---- runs ------------------------------------------------------------------------------- */

typedef struct kn_siasn_run {
  int tahun;            /* push / import: required */
  json_t *nips;         /* borrowed array of NIP strings or NULL */
  long long unor_id;    /* 0 = whole scope */
  bool dry_run;
} kn_siasn_run_t;

typedef struct kn_siasn_error {
  long status;          /* HTTP status to answer */
  char code[48];        /* problem code */
  char detail_id[512];
  char detail_en[512];
} kn_siasn_error_t;

void kn_siasn_register(void);  /* prepared statements (server and CLI) */
/* Whether the KINERJA_SIASN_* settings are complete; false with the 503 problem in *err. */
bool kn_siasn_configured(kn_siasn_error_t *err);
/* Each returns the report (caller owns) or NULL with *err filled. r carries the caller. */
json_t *kn_siasn_pull(const struct kn_db_ctx *ctx, const kn_siasn_run_t *run, kn_siasn_error_t *err);
json_t *kn_siasn_push(const struct kn_db_ctx *ctx, const kn_siasn_run_t *run, kn_siasn_error_t *err);
json_t *kn_siasn_import(const struct kn_db_ctx *ctx, const kn_siasn_run_t *run, kn_siasn_error_t *err);
#endif
