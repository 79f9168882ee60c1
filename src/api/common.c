/* Shared handler helpers. Owner: api. */
#include "kinerja/api.h"
#include "kinerja/b64.h"
#include "kinerja/config.h"
#include "kinerja/db.h"
#include "kinerja/domain_akses.h"
#include "kinerja/domain_nip.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *type_name(kn_api_ftype_t t, bool en) {
  switch (t) {
    case KN_F_INT: return en ? "an integer" : "bilangan bulat";
    case KN_F_BOOL: return en ? "a boolean" : "boolean";
    case KN_F_DATE: return en ? "a date YYYY-MM-DD" : "tanggal YYYY-MM-DD";
    case KN_F_MONTH_DAY: return en ? "a month-day MM-DD" : "bulan-tanggal MM-DD";
    case KN_F_NUMBER: return en ? "a number" : "angka";
    case KN_F_ENUM_SET: return en ? "a non-empty list of distinct values" : "daftar nilai berbeda yang tidak kosong";
    default: return en ? "a string" : "teks";
  }
}

/* MM-DD (a yearly deadline): checked against a leap year so 02-29 is allowed. */
static bool valid_month_day(const char *s) {
  char full[16];
  dom_date_t d;
  if (strlen(s) != 5) return false;
  snprintf(full, sizeof full, "2024-%s", s);
  return dom_date_parse(full, &d);
}

static void type_error(kn_http_req_t *r, const char *field, kn_api_ftype_t t) {
  char id[160], en[160];
  snprintf(id, sizeof id, "Harus berupa %s", type_name(t, false));
  snprintf(en, sizeof en, "Must be %s", type_name(t, true));
  kn_http_field_error(r, field, "invalid_type", id, en);
}

static void check_enum(kn_http_req_t *r, const kn_api_field_spec_t *f, const char *s, const char *fname) {
  const dom_ref_list_t *ref = dom_ref_of_codes(f->enum_values);
  if (ref ? dom_ref_resolve(ref, s) != NULL : kn_api_enum_has(f->enum_values, s)) return;
  kn_api_enum_error(r, fname, ref, f->enum_values, s);
}

bool kn_api_check_ref(kn_http_req_t *r, const char *field, const dom_ref_list_t *l, const char *s) {
  if (!s || kn_api_enum_has(l->codes, s)) return true;
  kn_api_enum_error(r, field, l, NULL, s);
  return false;
}

void kn_api_enum_error(kn_http_req_t *r, const char *fname, const dom_ref_list_t *ref, const char *const *values,
                       const char *s) {
  if (ref) values = ref->codes;
  char list[600] = "";
  for (size_t i = 0; values[i]; i++) {
    size_t l = strlen(list);
    snprintf(list + l, sizeof list - l, "%s%s", l ? ", " : "", values[i]);
  }
  bool aliases = false; /* the official names a list also accepts, e.g. jenjang "Ahli Pertama" */
  for (size_t i = 0; ref && values[i]; i++)
    for (const char *const *a = ref->labels[i].aliases; a && *a; a++) {
      if (strcmp(*a, values[i]) == 0) continue;
      size_t l = strlen(list);
      snprintf(list + l, sizeof list - l, "%s%s", aliases ? ", " : " (atau/or: ", *a);
      aliases = true;
    }
  if (aliases) { size_t l = strlen(list); snprintf(list + l, sizeof list - l, ")"); }
  char id[800], en[800];
  snprintf(id, sizeof id, "Nilai '%.60s' tidak dikenal; pilihan: %s", s, list);
  snprintf(en, sizeof en, "Unknown value '%.60s'; allowed: %s", s, list);
  kn_http_field_error(r, fname, "invalid_enum", id, en);
}

/* A list of distinct enum values (scopes, event kinds). */
static void check_enum_set(kn_http_req_t *r, const kn_api_field_spec_t *f, json_t *v, const char *fname) {
  size_t i, j;
  json_t *x;
  if (!json_is_array(v) || json_array_size(v) == 0) { type_error(r, fname, f->type); return; }
  json_array_foreach(v, i, x) {
    char item[160];
    snprintf(item, sizeof item, "%s[%zu]", fname, i);
    if (!json_is_string(x)) { kn_http_field_error(r, item, "invalid_type", "Harus berupa teks", "Must be a string"); continue; }
    check_enum(r, f, json_string_value(x), item);
    for (j = 0; j < i; j++)
      if (json_equal(json_array_get(v, j), x)) kn_http_field_error(r, item, "duplicate", "Nilai ganda", "Duplicate value");
  }
}

static void check_value(kn_http_req_t *r, const kn_api_field_spec_t *f, json_t *v, const char *fname) {
  if (json_is_null(v)) {
    /* "required" means the key must be present; null is a value when the field is nullable */
    if (!f->nullable) kn_http_field_error(r, fname, "required", "Tidak boleh null", "Must not be null");
    return;
  }
  switch (f->type) {
    case KN_F_INT:
      if (!json_is_integer(v) || json_integer_value(v) < 0) type_error(r, fname, f->type);
      return;
    case KN_F_BOOL:
      if (!json_is_boolean(v)) type_error(r, fname, f->type);
      return;
    case KN_F_NUMBER:
      if (!json_is_number(v)) type_error(r, fname, f->type);
      return;
    case KN_F_ENUM_SET:
      check_enum_set(r, f, v, fname);
      return;
    default: break;
  }
  if (!json_is_string(v)) { type_error(r, fname, f->type); return; }
  const char *s = json_string_value(v);
  size_t max = f->max_len ? f->max_len : 300;
  if (f->type == KN_F_STRING) {
    size_t n = 0; /* characters, not bytes: names may carry non-ASCII letters */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) n += (*p & 0xC0) != 0x80;
    bool blank = true;
    for (const char *p = s; *p; p++) if (!isspace((unsigned char)*p)) { blank = false; break; }
    if (n == 0 || blank) kn_http_field_error(r, fname, "empty", "Tidak boleh kosong", "Must not be empty");
    else if (n > max) {
      char id[120], en[120];
      snprintf(id, sizeof id, "Paling banyak %zu karakter", max);
      snprintf(en, sizeof en, "At most %zu characters", max);
      kn_http_field_error(r, fname, "too_long", id, en);
    }
  } else if (f->type == KN_F_DATE || f->type == KN_F_MONTH_DAY) {
    dom_date_t d;
    bool ok = f->type == KN_F_DATE ? dom_date_parse(s, &d) && d.y >= 1900 && d.y <= 2200 : valid_month_day(s);
    if (!ok) type_error(r, fname, f->type);
  } else if (f->type == KN_F_ENUM) {
    check_enum(r, f, s, fname);
  } else if (f->type == KN_F_NIP) {
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    dom_nip_error_t e = dom_nip_parse(s, tm.tm_year + 1900, tm.tm_mon + 1, NULL);
    if (e != DOM_NIP_OK)
      kn_http_field_error(r, fname, dom_nip_error_code(e), dom_nip_error_message(e, false),
                     dom_nip_error_message(e, true));
  }
}

int kn_api_validate(kn_http_req_t *r, json_t *obj, const kn_api_field_spec_t *spec, size_t n, bool partial,
                const char *prefix) {
  int before = r->nfield_errors;
  char fname[128];
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    const kn_api_field_spec_t *f = NULL;
    for (size_t i = 0; i < n; i++) if (strcmp(spec[i].name, key) == 0) f = &spec[i];
    snprintf(fname, sizeof fname, "%s%s", prefix ? prefix : "", key);
    if (!f) kn_http_field_error(r, fname, "unknown_field", "Kolom tidak dikenal", "Unknown field");
    else check_value(r, f, v, fname);
  }
  for (size_t i = 0; i < n; i++) { /* aliases of a domain list are stored as their code */
    json_t *x = json_object_get(obj, spec[i].name);
    const dom_ref_list_t *ref = spec[i].type == KN_F_ENUM ? dom_ref_of_codes(spec[i].enum_values) : NULL;
    const char *code = ref && json_is_string(x) ? dom_ref_resolve(ref, json_string_value(x)) : NULL;
    if (code && strcmp(code, json_string_value(x)) != 0) json_object_set_new(obj, spec[i].name, json_string(code));
  }
  for (size_t i = 0; i < n && !partial; i++) {
    if (spec[i].required && !json_object_get(obj, spec[i].name)) {
      snprintf(fname, sizeof fname, "%s%s", prefix ? prefix : "", spec[i].name);
      kn_http_field_error(r, fname, "required", "Wajib diisi", "Required");
    }
  }
  return r->nfield_errors - before;
}

void kn_api_fail_validation(kn_http_req_t *r) {
  kn_http_problem(r, "validation_failed", "Periksa kolom yang disebut pada errors",
             "Check the fields listed in errors");
}

static bool parse_uint(const char *s, long long *out) {
  if (!s || !*s || strlen(s) > 18) return false;
  for (const char *p = s; *p; p++) if (*p < '0' || *p > '9') return false;
  *out = atoll(s);
  return true;
}

static bool limit_param(kn_http_req_t *r, char limit[16]) {
  long long lim = 50;
  const char *l = kn_http_query(r, "limit");
  if (l && (!parse_uint(l, &lim) || lim < 1 || lim > 500)) {
    kn_http_field_error(r, "limit", "invalid_range", "Harus 1 sampai 500", "Must be 1 to 500");
    return false;
  }
  snprintf(limit, 16, "%lld", lim);
  return true;
}

bool kn_api_page_limit(kn_http_req_t *r, char limit[16]) {
  if (limit_param(r, limit)) return true;
  kn_api_fail_validation(r);
  return false;
}

bool kn_api_page_params(kn_http_req_t *r, char limit[16], char after[24]) {
  long long id = 0;
  const char *c = kn_http_query(r, "cursor");
  limit_param(r, limit);
  if (c) {
    unsigned char raw[40];
    long n = kn_b64url_decode(c, strlen(c), raw, sizeof raw - 1);
    if (n > 3) raw[n] = '\0';
    if (n <= 3 || strncmp((char *)raw, "k1:", 3) != 0 || !parse_uint((char *)raw + 3, &id))
      kn_http_field_error(r, "cursor", "invalid_cursor", "Cursor tidak valid", "Invalid cursor");
  }
  if (r->nfield_errors) { kn_api_fail_validation(r); return false; }
  snprintf(after, 24, "%lld", id);
  return true;
}

bool kn_api_query_int(kn_http_req_t *r, const char *name, char out[24], const char **param) {
  const char *v = kn_http_query(r, name);
  long long n;
  *param = NULL;
  if (!v) return true;
  if (!parse_uint(v, &n)) {
    kn_http_field_error(r, name, "invalid_type", "Harus bilangan bulat", "Must be an integer");
    kn_api_fail_validation(r);
    return false;
  }
  snprintf(out, 24, "%lld", n);
  *param = out;
  return true;
}

bool kn_api_query_bool(kn_http_req_t *r, const char *name, const char **param) {
  const char *v = kn_http_query(r, name);
  *param = NULL;
  if (!v) return true;
  if (strcmp(v, "true") && strcmp(v, "false")) {
    kn_http_field_error(r, name, "invalid_type", "Harus true atau false", "Must be true or false");
    kn_api_fail_validation(r);
    return false;
  }
  *param = v;
  return true;
}

const char *kn_api_if_match(kn_http_req_t *r, char out[24], bool *bad) {
  *bad = false;
  const char *h = kn_http_header(r, "If-Match");
  if (!h) return NULL;
  long long v;
  char digits[24];
  size_t n = strlen(h);
  if (n >= 4 && n < 22 && h[0] == '"' && h[1] == 'v' && h[n - 1] == '"') {
    memcpy(digits, h + 2, n - 3);
    digits[n - 3] = '\0';
    if (parse_uint(digits, &v)) { snprintf(out, 24, "%lld", v); return out; }
  }
  *bad = true;
  kn_http_problem(r, "precondition_failed", "If-Match tidak cocok dengan ETag mana pun",
             "If-Match does not match any ETag");
  return NULL;
}

/* The "version" of the top-level object, found by scanning (no re-parse of the whole JSON:
 * building it in SQL was the point). Nested objects' versions are skipped by depth. -1 if none. */
static long long top_level_version(const char *j) {
  int depth = 0;
  for (const char *p = j; *p; p++) {
    if (*p == '"') {
      const char *start = ++p;
      while (*p && *p != '"') { if (*p == '\\' && p[1]) p++; p++; }
      if (!*p) return -1;
      if (depth == 1 && p - start == 7 && strncmp(start, "version", 7) == 0) {
        const char *v = p + 1;
        while (*v == ' ') v++;
        if (*v == ':') { /* a key, not a string value that happens to read "version" */
          v++;
          while (*v == ' ') v++;
          return *v >= '0' && *v <= '9' ? atoll(v) : -1;
        }
      }
    } else if (*p == '{' || *p == '[') {
      depth++;
    } else if (*p == '}' || *p == ']') {
      depth--;
    }
  }
  return -1;
}

bool kn_api_etag_current(kn_http_req_t *r, long long ver, bool conditional) {
  char etag[32];
  snprintf(etag, sizeof etag, "\"v%lld\"", ver);
  kn_http_set_header(r, "ETag", etag);
  /* conditional GET: a client holding the current version gets no body */
  const char *inm = kn_http_header(r, "If-None-Match");
  if (!conditional || strcmp(r->method, "GET") != 0 || !inm || strcmp(inm, etag) != 0) return false;
  kn_http_respond(r, 304, NULL, NULL, 0);
  return true;
}

void kn_api_respond_resource(kn_http_req_t *r, long status, const char *json_text) {
  long long ver = top_level_version(json_text);
  if (ver >= 0 && kn_api_etag_current(r, ver, status == 200)) return;
  kn_http_respond_json(r, status, json_text);
}

void kn_api_respond_with_secret(kn_http_req_t *r, long status, const char *doc, const char *field, const char *secret) {
  json_t *o = json_loads(doc, 0, NULL);
  if (!o) { kn_http_problem(r, "internal_error", NULL, NULL); return; }
  json_object_set_new(o, field, json_null());
  free(r->replay_body);
  r->replay_body = json_dumps(o, JSON_COMPACT);
  json_object_set_new(o, field, json_string(secret));
  char *text = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  if (!text || !r->replay_body) { free(text); kn_http_problem(r, "internal_error", NULL, NULL); return; }
  kn_http_set_header(r, "Cache-Control", "no-store");
  kn_api_respond_resource(r, status, text);
  explicit_bzero(text, strlen(text));
  free(text);
}

void kn_api_respond_page(kn_http_req_t *r, const char *json_text) {
  /* The SQL ends the object with "next_cursor": <id>|null}; swap in the opaque token. */
  /* last occurrence: item payloads (audit before/after) may contain the same key */
  const char *k = NULL;
  for (const char *p = strstr(json_text, "\"next_cursor\""); p; p = strstr(p + 1, "\"next_cursor\"")) k = p;
  if (!k) { kn_http_respond_json(r, 200, json_text); return; }
  const char *v = strchr(k + 13, ':');
  v = v ? v + 1 : k;
  while (*v == ' ') v++;
  long long id;
  char digits[24] = "";
  size_t dl = strspn(v, "0123456789");
  if (dl == 0 || dl >= sizeof digits) { kn_http_respond_json(r, 200, json_text); return; }
  memcpy(digits, v, dl);
  if (!parse_uint(digits, &id)) { kn_http_respond_json(r, 200, json_text); return; }
  kn_sb_t out;
  kn_sb_init(&out);
  kn_sb_append(&out, json_text, (size_t)(v - json_text));
  kn_api_cursor_token(&out, digits);
  kn_sb_puts(&out, v + dl);
  kn_http_respond_json(r, 200, out.data);
  kn_sb_free(&out);
}

void kn_api_cursor_token(kn_sb_t *sb, const char *id) {
  char raw[32], tok[64];
  int rl = snprintf(raw, sizeof raw, "k1:%s", id);
  kn_b64url_encode((unsigned char *)raw, (size_t)rl, tok, sizeof tok);
  kn_sb_printf(sb, "\"%s\"", tok);
}

static dom_caller_t caller_of(const kn_http_req_t *r) {
  unsigned ro = r->principal.roles;
  bool integrasi = ro & KN_ROLE_INTEGRASI;
  return (dom_caller_t){
    .pegawai = ro & KN_ROLE_PEGAWAI, .admin_pd = ro & KN_ROLE_ADMIN_PD, .admin_bkpsdm = ro & KN_ROLE_ADMIN_BKPSDM,
    .auditor = ro & KN_ROLE_AUDITOR, .integrasi = integrasi,
    .sync_read = integrasi && kn_auth_principal_has_scope(&r->principal, "sync:read"),
    .sync_write = integrasi && kn_auth_principal_has_scope(&r->principal, "sync:write")};
}

/* Answer 403 unless the rule holds for the caller's roles. */
static bool role_allows(kn_http_req_t *r, bool (*rule)(const dom_caller_t *)) {
  dom_caller_t c = caller_of(r);
  return rule(&c) || kn_http_require_role(r, 0);
}

bool kn_api_can_read(kn_http_req_t *r) { return role_allows(r, dom_akses_may_read); }
bool kn_api_can_write(kn_http_req_t *r) { return role_allows(r, dom_akses_may_manage); }
bool kn_api_can_write_related(kn_http_req_t *r) { return role_allows(r, dom_akses_may_write); }
bool kn_api_reads_whole_instansi(const kn_http_req_t *r) {
  dom_caller_t c = caller_of(r);
  return dom_akses_reads_whole_instansi(&c);
}

bool kn_api_enum_has(const char *const *values, const char *s) {
  for (const char *const *e = values; s && *e; e++)
    if (strcmp(*e, s) == 0) return true;
  return false;
}

void kn_api_write_doc(kn_http_req_t *r, int stmt, const char *const *params, int nparams, json_t *body, bool versioned,
                      long status) {
  enum { MAXP = 8 };
  if (nparams >= MAXP) abort(); /* a programming error: no JSON write has that many parameters */
  const char *v[MAXP];
  for (int i = 0; i < nparams; i++) v[i] = params[i];
  char *text = json_dumps(body, JSON_COMPACT);
  json_decref(body);
  v[nparams] = text;
  PGresult *res = versioned ? kn_api_one_versioned(r, stmt, nparams + 1, v) : kn_api_one(r, false, stmt, nparams + 1, v);
  free(text);
  if (!res) return;
  kn_api_respond_resource(r, status, PQgetvalue(res, 0, 0));
  PQclear(res);
}

void kn_api_write_json(kn_http_req_t *r, int stmt, const char *id, const kn_api_field_spec_t *spec, size_t n,
                   bool partial, bool versioned, long status) {
  char ver[24];
  bool bad = false;
  if (versioned) kn_api_if_match(r, ver, &bad); /* a malformed If-Match is answered before the body */
  if (bad) return;
  json_t *b = kn_http_body_object(r);
  if (!b) return;
  if (kn_api_validate(r, b, spec, n, partial, NULL)) { json_decref(b); kn_api_fail_validation(r); return; }
  kn_api_write_doc(r, stmt, &id, id ? 1 : 0, b, versioned, status);
}

bool kn_api_tx_versioned(kn_http_req_t *r, kn_db_query_t *q) {
  char ver[24];
  bool bad;
  const char *expected = kn_api_if_match(r, ver, &bad);
  if (bad) return false;
  enum { MAXP = 16 };
  if (q->nparams >= MAXP) abort(); /* a programming error: no write has that many parameters */
  const char *v[MAXP];
  int len[MAXP], fmt[MAXP];
  for (int i = 0; i < q->nparams; i++) {
    v[i] = q->values[i];
    len[i] = q->lengths ? q->lengths[i] : 0;
    fmt[i] = q->formats ? q->formats[i] : 0;
  }
  v[q->nparams] = expected; /* NULL without If-Match: check_version then compares nothing */
  len[q->nparams] = fmt[q->nparams] = 0;
  kn_db_query_t vq = *q;
  vq.nparams = q->nparams + 1;
  vq.values = v;
  vq.lengths = q->lengths ? len : NULL;
  vq.formats = q->formats ? fmt : NULL;
  kn_db_error_t err;
  if (kn_api_tx(r, false, &vq, 1, &err) != 0) { kn_api_db_fail(r, &err); return false; }
  q->result = vq.result;
  return true;
}

PGresult *kn_api_one_versioned(kn_http_req_t *r, int stmt, int nparams, const char *const *values) {
  kn_db_query_t q = {.stmt = stmt, .nparams = nparams, .values = values};
  return kn_api_tx_versioned(r, &q) ? q.result : NULL;
}

void kn_api_delete(kn_http_req_t *r, int stmt, const char *id) {
  char ver[24];
  bool bad;
  const char *expected = kn_api_if_match(r, ver, &bad);
  if (bad) return;
  const char *v[2] = {id, expected};
  PGresult *res = kn_api_one(r, false, stmt, 2, v);
  if (!res) return;
  PQclear(res);
  kn_http_respond(r, 204, NULL, NULL, 0);
}

dom_date_t kn_api_today(void) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  dom_date_t d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
  return d;
}

json_t *kn_api_read_json(kn_http_req_t *r, int stmt, const char *id) {
  PGresult *res = kn_api_one(r, true, stmt, 1, &id);
  if (!res) return NULL;
  json_t *f = kn_api_result_doc(r, res);
  PQclear(res);
  return f;
}

bool kn_api_list_cap_ok(kn_http_req_t *r, size_t n, const char *narrow_id, const char *narrow_en) {
  if (n <= kn_cfg.list_cap) return true;
  char id[400], en[400];
  snprintf(id, sizeof id, "Daftar ini berisi %zu butir, paling banyak %u per jawaban; persempit dengan %s", n, kn_cfg.list_cap,
           narrow_id);
  snprintf(en, sizeof en, "This list has %zu items, at most %u per response; narrow it with %s", n, kn_cfg.list_cap, narrow_en);
  kn_http_problem(r, "list_too_large", id, en);
  return false;
}

void kn_api_write_body(kn_http_req_t *r, int stmt, json_t *body, long status) {
  kn_api_write_doc(r, stmt, NULL, 0, body, false, status);
}
