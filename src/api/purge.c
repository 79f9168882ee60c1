/* `kinerja purge` and the purge entry points for a scheduler (include/kinerja/api_purge.h):
 * idempotency rows past their age (idempotensi_purge) and the evidence-file GC
 * (kn_storage_gc, asking bukti_berkas_dirujuk which files committed rows name). Owner: api. */
#include "kinerja/api_purge.h"
#include "kinerja/config.h"
#include "kinerja/db.h"
#include "kinerja/log.h"
#include "kinerja/strbuf.h"
#include <getopt.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_IDEM = -1, S_REF = -1;
static const kn_db_ctx_t CTX = {.actor = "system:purge", .request_id = "purge"};

void kn_api_purge_register(void) {
  if (S_IDEM >= 0) return;
  S_IDEM = kn_db_register("purge_idempotensi", "SELECT idempotensi_purge(make_interval(hours => $1::int))");
  S_REF = kn_db_register("purge_bukti_dirujuk", "SELECT bukti_berkas_dirujuk($1, $2::text[])");
}

static void log_err(const char *what, const kn_db_error_t *e) {
  kn_log("error", "purge %s: %s %s %s", what, e->sqlstate, e->message, e->hint);
}

int kn_api_purge_idempotensi(unsigned hours, long long *deleted) {
  kn_api_purge_register();
  char h[16];
  snprintf(h, sizeof h, "%u", hours);
  const char *v[1] = {h};
  kn_db_query_t q = {.stmt = S_IDEM, .nparams = 1, .values = v};
  kn_db_error_t err;
  if (kn_db_tx(&CTX, false, &q, 1, &err) != 0) { log_err("idempotensi", &err); return -1; }
  *deleted = strtoll(PQgetvalue(q.result, 0, 0), NULL, 10);
  kn_db_clear(&q, 1);
  return 0;
}

static int referenced(const char *instansi, const char *const *shas, int n, bool *ref, void *ctx) {
  (void)ctx;
  kn_sb_t arr;
  kn_sb_init(&arr);
  kn_sb_puts(&arr, "{");
  for (int i = 0; i < n; i++) kn_sb_printf(&arr, "%s%s", i ? "," : "", shas[i]); /* 64-hex: no quoting needed */
  kn_sb_puts(&arr, "}");
  const char *v[2] = {instansi, arr.data};
  kn_db_query_t q = {.stmt = S_REF, .nparams = 2, .values = v};
  kn_db_error_t err;
  int rc = kn_db_tx(&CTX, true, &q, 1, &err);
  kn_sb_free(&arr);
  if (rc != 0) { log_err("bukti", &err); return -1; }
  for (int r = 0; r < PQntuples(q.result); r++)
    for (int i = 0; i < n; i++)
      if (strcmp(PQgetvalue(q.result, r, 0), shas[i]) == 0) ref[i] = true;
  kn_db_clear(&q, 1);
  return 0;
}

int kn_api_purge_bukti(unsigned grace_seconds, bool dry_run, kn_storage_gc_report_t *report) {
  kn_api_purge_register();
  memset(report, 0, sizeof *report);
  if (!kn_cfg.storage_dir[0]) return 1;
  return kn_storage_gc(grace_seconds, dry_run, referenced, NULL, report);
}

int kn_api_purge_cli(int argc, char **argv) {
  static const struct option opts[] = {
    {"idempotensi-jam", required_argument, 0, 'i'}, {"bukti-tenggang-detik", required_argument, 0, 'g'},
    {"dry-run", no_argument, 0, 'n'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
  unsigned hours = KN_PURGE_IDEMPOTENSI_HOURS, grace = KN_PURGE_BUKTI_GRACE_S;
  bool dry = false;
  int c;
  while ((c = getopt_long(argc, argv, "i:g:nh", opts, NULL)) != -1) {
    switch (c) {
      case 'i': hours = (unsigned)strtoul(optarg, NULL, 10); break;
      case 'g': grace = (unsigned)strtoul(optarg, NULL, 10); break;
      case 'n': dry = true; break;
      case 'h':
        printf("usage: kinerja purge [--idempotensi-jam H] [--bukti-tenggang-detik S] [--dry-run]\n"
               "Deletes stored Idempotency-Key replies older than H hours (default %d, at least 24) in every\n"
               "instansi, and (KINERJA_STORAGE_DIR set) evidence files that no committed row names and that\n"
               "were last written more than S seconds ago (default %d). --dry-run deletes no replies and\n"
               "no files, it only counts the files. Prints one JSON line. For cron; safe to run on any node.\n",
               KN_PURGE_IDEMPOTENSI_HOURS, KN_PURGE_BUKTI_GRACE_S);
        return 0;
      default: return 2;
    }
  }
  if (!kn_cfg.database_url[0]) { fprintf(stderr, "KINERJA_DATABASE_URL is required\n"); return 2; }
  if (hours < 24) { fprintf(stderr, "--idempotensi-jam must be at least 24 (the replay window)\n"); return 2; }
  if (grace < 60) { fprintf(stderr, "--bukti-tenggang-detik must be at least 60\n"); return 2; }
  long long deleted = 0;
  int rc_i = dry ? 0 : kn_api_purge_idempotensi(hours, &deleted);
  kn_storage_gc_report_t g;
  int rc_b = kn_api_purge_bukti(grace, dry, &g);
  printf("{\"dry_run\":%s,\"idempotensi_dihapus\":%lld,\"bukti\":", dry ? "true" : "false", deleted);
  if (rc_b == 1) printf("null");
  else printf("{\"berkas\":%lld,\"muda\":%lld,\"dirujuk\":%lld,\"dihapus\":%lld,\"byte_dihapus\":%lld,"
              "\"sementara_dihapus\":%lld,\"galat\":%lld}", g.files_seen, g.kept_young, g.kept_referenced,
              g.removed, g.bytes_removed, g.temp_removed, g.errors);
  printf("}\n");
  return rc_i != 0 || rc_b < 0 || (rc_b == 0 && g.errors) ? 3 : 0;
}
