/* Shared helpers for resource handlers: field validation against a spec, pagination, ETag /
 * If-Match, scope gates. Owner: api. Handlers stay thin: validate in C, run one SQL function,
 * pass the JSON through. */
#ifndef KINERJA_API_H
#define KINERJA_API_H
#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "kinerja/db.h"
#include "kinerja/domain_periode.h"
#include "kinerja/domain_referensi.h"
#include "kinerja/http.h"
#include "kinerja/strbuf.h"

typedef enum kn_ftype {
  KN_F_STRING, KN_F_INT, KN_F_BOOL, KN_F_DATE, KN_F_ENUM, KN_F_NIP, KN_F_MONTH_DAY, KN_F_NUMBER,
  KN_F_ENUM_SET,          /* non-empty JSON array of distinct enum_values */
} kn_api_ftype_t;

typedef struct kn_api_field_spec {
  const char *name;
  kn_api_ftype_t type;
  bool required;          /* on create */
  bool nullable;          /* JSON null accepted (clears the field) */
  size_t max_len;         /* strings: max characters (0 = 300) */
  const char *const *enum_values; /* KN_F_ENUM / KN_F_ENUM_SET: NULL-terminated list; for a domain
                                     list the codes array of src/domain/referensi.c (dom_ref_*_kode):
                                     then its aliases are accepted and replaced by the code */
} kn_api_field_spec_t;

/* Validate obj against spec: unknown fields, types, required (unless partial), enum values
 * (an alias of a domain list is replaced by its code in obj), lengths, NIP rules. Field names are prefixed with `prefix` (e.g. "[3]." in imports).
 * Records field errors on r and returns the number of errors. */
int kn_api_validate(kn_http_req_t *r, json_t *obj, const kn_api_field_spec_t *spec, size_t n, bool partial,
                const char *prefix);

/* Answer 422 validation_failed with the collected field errors. */
void kn_api_fail_validation(kn_http_req_t *r);

/* ?limit= (default 50, 1..500) and ?cursor= (opaque). Writes "limit" and "after id" as text for
 * SQL params. Returns false after answering 422 when malformed. */
bool kn_api_page_params(kn_http_req_t *r, char limit[16], char after[24]);
/* Only ?limit= (for lists with their own cursor format); answers 422 and returns false when bad. */
bool kn_api_page_limit(kn_http_req_t *r, char limit[16]);

/* Parse an optional integer query parameter into text (NULL when absent). Returns false after
 * answering 422 when malformed. out must hold 24 bytes. */
bool kn_api_query_int(kn_http_req_t *r, const char *name, char out[24], const char **param);
/* Optional boolean query parameter ("true"/"false"). */
bool kn_api_query_bool(kn_http_req_t *r, const char *name, const char **param);

/* If-Match: NULL when absent; else writes the expected version into out and returns out.
 * Answers 412 and sets *bad when the header is not one of our ETags. */
const char *kn_api_if_match(kn_http_req_t *r, char out[24], bool *bad);

/* Send a single-resource JSON (with its "version" field) with an ETag. */
void kn_api_respond_resource(kn_http_req_t *r, long status, const char *json_text);

/* Send the resource doc with a one-time secret added as `field` (no-store), and keep a copy with
 * the field null as what an Idempotency-Key replay answers: a secret is never stored. */
void kn_api_respond_with_secret(kn_http_req_t *r, long status, const char *doc, const char *field, const char *secret);

/* The ETag "v<ver>" of a resource, set on the answer; when `conditional` and a GET's
 * If-None-Match names it, 304 is answered and true returned (kn_api_respond_resource's check, also
 * for handlers that know the version before building the document). */
bool kn_api_etag_current(kn_http_req_t *r, long long ver, bool conditional);
/* Convert the list JSON the SQL built ({"items":[...], "next_cursor": <last id>|null}) by
 * encoding next_cursor as an opaque token. */
void kn_api_respond_page(kn_http_req_t *r, const char *json_text);
/* Append the opaque cursor token of the last id of a page (decimal digits), quoted. */
void kn_api_cursor_token(kn_sb_t *sb, const char *id);
/* The hard cap of a whole-instansi aggregate list (KINERJA_LIST_CAP; issue 15 item 8): true when
 * n items may be answered, else false after answering 422 list_too_large, which names the count,
 * the cap and the filters that narrow the list (narrow_id / narrow_en). */
bool kn_api_list_cap_ok(kn_http_req_t *r, size_t n, const char *narrow_id, const char *narrow_en);

/* Role gates (rules in src/domain/akses.c; the data scope and the relation are checked in SQL
 * after them). Each answers 403 and returns false when the token's roles do not allow it.
 * kn_api_can_read: admin_bkpsdm, auditor, admin_pd, pegawai, or integrasi with sync:read/sync:write.
 * kn_api_can_write: a pengelola write: admin_bkpsdm, admin_pd or integrasi with sync:write.
 * kn_api_can_write_related: a write that a relation may also allow (owner, penilai, atasan): the
 * pengelola roles or pegawai. Never auditor or integrasi without sync:write, whatever nip the
 * token carries. */
bool kn_api_can_read(kn_http_req_t *r);
bool kn_api_can_write(kn_http_req_t *r);
bool kn_api_can_write_related(kn_http_req_t *r);
/* The caller's read scope is the whole instansi (dom_akses_reads_whole_instansi): no answer, a
 * choice of statement only; the statement still checks the scope in SQL. */
bool kn_api_reads_whole_instansi(const kn_http_req_t *r);

/* Path parameter i must be a numeric id; answers 404 naming the resource otherwise. */
bool kn_api_id_param(kn_http_req_t *r, int i, const char *what_id, const char *what_en);
/* 404 not_found "<what> <id> tidak ditemukan" / "<what> <id> not found" (kn_not_found in SQL). */
void kn_api_not_found_id(kn_http_req_t *r, const char *what_id, const char *what_en, const char *oid);

/* The common write: parse the body, validate it against spec (partial for PATCH), honour
 * If-Match when `versioned`, run stmt with params (id?, body, expected-version?) — id omitted
 * when NULL, expected omitted unless versioned — and answer the JSON it returns with `status`
 * (and an ETag when it has a version). */
void kn_api_write_json(kn_http_req_t *r, int stmt, const char *id, const kn_api_field_spec_t *spec, size_t n,
                   bool partial, bool versioned, long status);

/* Idempotency-Key on POST: statements and the router hooks (src/api/idempotency.c). */
void kn_api_idempotency_register(void);
/* An Idempotency-Key header value is 1-255 printable ASCII characters (0x21-0x7e). */
bool kn_api_idempotency_key_valid(const char *key);

/* Read-your-writes across replicas: a committed write answers its consistency token in this
 * header; a request that sends it back is read from a replica only once it has replayed it. */
#define KN_API_CONSISTENCY_HEADER "Kinerja-Konsistensi"

/* The request as the db layer's context (principal, request id, the consistency token it
 * sent; replica_ok for GET and HEAD; borrowed from r). */
kn_db_ctx_t kn_api_db_ctx(const kn_http_req_t *r);
/* Answer token (from kn_db_ctx_t.commit_token) in the consistency header; nothing when empty. */
void kn_api_consistency_header(kn_http_req_t *r, const char *token);
/* kn_db_tx with the request's context; a committed write sets the consistency header (only
 * when replicas are configured). */
int kn_api_tx(kn_http_req_t *r, bool read_only, kn_db_query_t *qs, int nq, kn_db_error_t *err);
/* One statement; on error answers the mapped problem and returns NULL. On success returns the
 * result (caller clears with PQclear). */
PGresult *kn_api_one(kn_http_req_t *r, bool read_only, int stmt, int nparams, const char *const *values);
/* Answer the problem+json matching a database error (src/api/db_bridge.c). */
void kn_api_db_fail(kn_http_req_t *r, const kn_db_error_t *err);

/* The JSON document in the one-row result res (NULL after answering 404 when there is none).
 * Caller owns it. */
json_t *kn_api_result_doc(kn_http_req_t *r, PGresult *res);

/* A write decided in C on facts, in ONE transaction (kn_db_tx_decide): facts_stmt(id) is read,
 * its document (404 when none) handed to decide, which answers a refusal itself and returns
 * false, or fills *write's values (write->stmt is set by the caller: it is prepared before the
 * transaction starts; the values may point into facts and into arg, both
 * alive until the write has run) and returns true. The write then runs and commits; it still
 * checks under its locks what it depends on (If-Match, status guards, curve re-checks). */
typedef bool (*kn_api_decide_fn)(kn_http_req_t *r, json_t *facts, void *arg, kn_db_query_t *write);
/* 0: committed, write->result set (kn_db_clear); 1: answered (refused, or no facts); -1: a
 * database error in *err, not answered (kn_api_db_fail). Sets the consistency header. */
int kn_api_tx_on_facts(kn_http_req_t *r, int facts_stmt, const char *id, kn_api_decide_fn decide, void *arg,
                       kn_db_query_t *write, kn_db_error_t *err);
/* kn_api_tx_on_facts answering its errors: the write's result (caller PQclears) or NULL. */
PGresult *kn_api_one_on_facts(kn_http_req_t *r, int facts_stmt, const char *id, kn_api_decide_fn decide, void *arg,
                              kn_db_query_t *write);

/* If-Match, the one mechanism: every versioned write's SQL function takes the expected version
 * as its last parameter, locks its row and compares with check_version (sql/functions/org.sql,
 * 412 on a mismatch). For statements that are not run through kn_api_write_json/kn_api_delete, these
 * append If-Match's version (NULL when absent) to q's parameters and run it; false after
 * answering an error; on success q->result is set (kn_db_clear). */
bool kn_api_tx_versioned(kn_http_req_t *r, kn_db_query_t *q);
/* kn_api_tx_versioned for one statement with text params, as kn_api_one (caller PQclears). */
PGresult *kn_api_one_versioned(kn_http_req_t *r, int stmt, int nparams, const char *const *values);

/* The common delete: If-Match honoured, stmt(id, expected) run, 204. */
void kn_api_delete(kn_http_req_t *r, int stmt, const char *id);

/* Run the read statement stmt(id) and parse the JSON document it returns; NULL after answering
 * the error (404 when there is no document). Caller owns the result. */
json_t *kn_api_read_json(kn_http_req_t *r, int stmt, const char *id);

/* The tail of every JSON write: run stmt(params..., body as compact JSON text[, If-Match's
 * version when `versioned`]) (takes ownership of body) and answer the document it returns with
 * `status` (and an ETag when it has a version); on error the mapped problem. */
void kn_api_write_doc(kn_http_req_t *r, int stmt, const char *const *params, int nparams, json_t *body, bool versioned,
                      long status);
/* kn_api_write_doc of stmt($1 = body). */
void kn_api_write_body(kn_http_req_t *r, int stmt, json_t *body, long status);

/* Readers of the JSON documents the SQL side returns (NULL / 0 / false when absent). */
static inline const char *kn_jstr(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }
static inline long long kn_jint(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }
static inline bool kn_jtrue(json_t *o, const char *k) { return json_is_true(json_object_get(o, k)); }

/* Today's date (UTC, the service's calendar). */
dom_date_t kn_api_today(void);

/* Field error invalid_enum on `field` naming the value and the allowed ones: the codes (and the
 * aliases) of ref, else the NULL-terminated values. */
void kn_api_enum_error(kn_http_req_t *r, const char *field, const dom_ref_list_t *ref, const char *const *values,
                       const char *s);
/* A query parameter s (NULL: absent, fine) must be a code of l; else records kn_api_enum_error
 * and returns false (the caller answers kn_api_fail_validation). */
bool kn_api_check_ref(kn_http_req_t *r, const char *field, const dom_ref_list_t *l, const char *s);

/* True when s is one of the NULL-terminated values. */
bool kn_api_enum_has(const char *const *values, const char *s);
#endif
