/* kinerja — the Kinerja API binary: serve | worker | scheduler | migrate | token | routes | sync | purge. Owner: core. */
#include "kinerja/api_purge.h"
#include "kinerja/auth.h"
#include "kinerja/config.h"
#include "kinerja/http.h"
#include "kinerja/jobs.h"
#include "kinerja/log.h"
#include "kinerja/migrate.h"
#include "kinerja/webhook.h"
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void kn_api_register_all(void);
int kn_siasn_cli(int argc, char **argv);

static void usage(FILE *out) {
  fprintf(out,
    "usage: kinerja <command> [options]\n\n"
    "commands:\n"
    "  serve     run the HTTP API (config from KINERJA_* environment, see README)\n"
    "  worker    deliver webhooks from the change feed (KINERJA_WEBHOOK_* environment)\n"
    "  scheduler run schedules and queued jobs: SIASN, KKE, reminders, purges (KINERJA_JOBS_*)\n"
    "  migrate   apply pending SQL migrations (advisory-locked, checksummed)\n"
    "  token     mint a signed HS256 JWT for development and demos\n"
    "  routes    print every registered route (METHOD PATH)\n"
    "  sync      SIASN: kinerja sync siasn pull|push|import-hasil --instansi KODE ...\n"
    "  purge     delete old Idempotency-Key replies and unreferenced evidence files (for cron)\n\n"
    "Run 'kinerja <command> --help' for the options of a command.\n");
}

static int cmd_serve(int argc, char **argv) {
  static const struct option opts[] = {
    {"listen", required_argument, 0, 'l'}, {"workers", required_argument, 0, 'w'},
    {"database-url", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
  int c;
  while ((c = getopt_long(argc, argv, "l:w:d:h", opts, NULL)) != -1) {
    switch (c) {
      case 'l':
        if (kn_config_set_listen(optarg) != 0) { fprintf(stderr, "--listen must be host:port\n"); return 2; }
        break;
      case 'w': kn_cfg.workers = (unsigned)atoi(optarg); break;
      case 'd': snprintf(kn_cfg.database_url, sizeof kn_cfg.database_url, "%s", optarg); break;
      case 'h':
        printf("usage: kinerja serve [--listen HOST:PORT] [--workers N] [--database-url URL]\n"
               "Flags override KINERJA_LISTEN, KINERJA_WORKERS, KINERJA_DATABASE_URL.\n");
        return 0;
      default: return 2;
    }
  }
  if (kn_cfg.workers < 1) kn_cfg.workers = 1;
  if (kn_config_check_serve() != 0 || kn_auth_keyring_load() != 0) return 2;
  int pending = kn_db_migrate_check(kn_cfg.database_url);
  if (pending < 0) {
    kn_log("error", "refusing to start: migrations do not match the database (see above)");
    return 3;
  }
  if (pending > 0) kn_log("warn", "%d migration(s) pending: run 'kinerja migrate'; /readyz answers 503", pending);
  kn_api_register_all();
  int rc = kn_http_server_run();
  kn_auth_keyring_free();
  return rc;
}

static int cmd_migrate(int argc, char **argv) {
  int check_only = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0) {
      printf("usage: kinerja migrate [--check] [--database-url URL]\n"
             "Applies sql/migrations/NNNN_*.sql in order and the function modules of sql/functions/ORDER,\n"
             "in one transaction (KINERJA_MIGRATIONS_DIR, KINERJA_FUNCTIONS_DIR override the folders).\n"
             "--check only verifies checksums and reports pending migrations.\n");
      return 0;
    }
    if (strcmp(argv[i], "--check") == 0) check_only = 1;
    else if (strcmp(argv[i], "--database-url") == 0 && i + 1 < argc)
      snprintf(kn_cfg.database_url, sizeof kn_cfg.database_url, "%s", argv[++i]);
    else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
  }
  if (!kn_cfg.database_url[0]) { fprintf(stderr, "KINERJA_DATABASE_URL is required\n"); return 2; }
  if (check_only) {
    int p = kn_db_migrate_check(kn_cfg.database_url);
    if (p >= 0) printf("%d pending\n", p);
    return p < 0 ? 3 : 0;
  }
  return kn_db_migrate_apply(kn_cfg.database_url) == 0 ? 0 : 3;
}

static int cmd_token(int argc, char **argv) {
  static const struct option opts[] = {
    {"sub", required_argument, 0, 's'}, {"instansi", required_argument, 0, 'i'},
    {"roles", required_argument, 0, 'r'}, {"nip", required_argument, 0, 'n'},
    {"scope", required_argument, 0, 'c'}, {"ttl", required_argument, 0, 't'},
    {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
  const char *sub = NULL, *inst = NULL, *roles = NULL, *nip = NULL, *scope = NULL;
  long ttl = 3600;
  int c;
  while ((c = getopt_long(argc, argv, "s:i:r:n:c:t:h", opts, NULL)) != -1) {
    switch (c) {
      case 's': sub = optarg; break;
      case 'i': inst = optarg; break;
      case 'r': roles = optarg; break;
      case 'n': nip = optarg; break;
      case 'c': scope = optarg; break;
      case 't': ttl = atol(optarg); break;
      case 'h':
        printf("usage: kinerja token --sub ID --instansi KODE --roles r1,r2 [--nip NIP] [--scope S] [--ttl SECONDS]\n"
               "Signs with KINERJA_JWT_HS256_SECRET; iss/aud from KINERJA_JWT_ISSUER/AUDIENCE.\n"
               "Roles: pegawai, admin_pd, admin_bkpsdm, auditor, integrasi.\n");
        return 0;
      default: return 2;
    }
  }
  if (!sub || !inst || !roles || ttl <= 0) { fprintf(stderr, "--sub, --instansi and --roles are required\n"); return 2; }
  if (strlen(kn_cfg.hs256_secret) < 32) { fprintf(stderr, "KINERJA_JWT_HS256_SECRET (>= 32 bytes) is required\n"); return 2; }
  json_t *claims = json_object();
  time_t now = time(NULL);
  json_object_set_new(claims, "iss", json_string(kn_cfg.jwt_issuer));
  json_object_set_new(claims, "aud", json_string(kn_cfg.jwt_audience));
  json_object_set_new(claims, "sub", json_string(sub));
  json_object_set_new(claims, "instansi", json_string(inst));
  json_object_set_new(claims, "iat", json_integer(now));
  json_object_set_new(claims, "exp", json_integer(now + ttl));
  if (nip) json_object_set_new(claims, "nip", json_string(nip));
  if (scope) json_object_set_new(claims, "scope", json_string(scope));
  json_t *arr = json_array();
  char *copy = strdup(roles), *save = NULL;
  for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
    if (!kn_auth_role_from_name(t)) { fprintf(stderr, "unknown role %s\n", t); free(copy); json_decref(arr); json_decref(claims); return 2; }
    json_array_append_new(arr, json_string(t));
  }
  free(copy);
  json_object_set_new(claims, "roles", arr);
  char *payload = json_dumps(claims, JSON_COMPACT);
  char *tok = kn_auth_jwt_mint_hs256(kn_cfg.hs256_secret, NULL, payload);
  printf("%s\n", tok ? tok : "");
  free(tok);
  free(payload);
  json_decref(claims);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (kn_config_load() != 0) return 2;
  const char *cmd = argv[1];
  if (strcmp(cmd, "serve") == 0) return cmd_serve(argc - 1, argv + 1);
  if (strcmp(cmd, "worker") == 0) return kn_webhook_worker_run();
  if (strcmp(cmd, "scheduler") == 0) return kn_jobs_scheduler_main(argc - 1, argv + 1);
  if (strcmp(cmd, "migrate") == 0) return cmd_migrate(argc - 1, argv + 1);
  if (strcmp(cmd, "token") == 0) return cmd_token(argc - 1, argv + 1);
  if (strcmp(cmd, "sync") == 0) return kn_siasn_cli(argc - 1, argv + 1);
  if (strcmp(cmd, "purge") == 0) return kn_api_purge_cli(argc - 1, argv + 1);
  if (strcmp(cmd, "routes") == 0) { kn_api_register_all(); kn_http_routes_print(); return 0; }
  fprintf(stderr, "unknown command '%s'\n", cmd);
  usage(stderr);
  return 2;
}
