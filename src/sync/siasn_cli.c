/* `kinerja sync siasn pull|push|import-hasil --instansi KODE [--tahun N] [--nip NIP]...
 * [--unor ID] [--dry-run]`: the same runs as the HTTP routes, as the BKPSDM administrator of
 * the instansi (actor "cli:<user>"), printing the report as JSON. Owner: integration. */
#include "kinerja/auth.h"
#include "kinerja/config.h"
#include "kinerja/db.h"
#include "kinerja/siasn.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int usage(FILE *o, int rc) {
  fprintf(o, "usage: kinerja sync siasn pull|push|import-hasil --instansi KODE [--tahun N] [--nip NIP]...\n"
             "                          [--unor ID] [--dry-run]\n"
             "pull: ref-unor and data-utama into unor/pegawai; push: FINAL evaluations of --tahun to SIASN;\n"
             "import-hasil: rw-skp22 and rw-kinerjaperiodik of --tahun for reconciliation.\n"
             "--dry-run (pull, push) shows what would change and stores nothing.\n"
             "SIASN settings come from KINERJA_SIASN_* (see README); the database from KINERJA_DATABASE_URL.\n");
  return rc;
}

int kn_siasn_cli(int argc, char **argv) {
  static const struct option opts[] = {
    {"instansi", required_argument, 0, 'i'}, {"tahun", required_argument, 0, 't'},
    {"nip", required_argument, 0, 'n'}, {"unor", required_argument, 0, 'u'},
    {"dry-run", no_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
  if (argc < 3 || strcmp(argv[1], "siasn") != 0) return usage(stderr, 2);
  const char *what = argv[2], *inst = NULL;
  kn_siasn_run_t run = {0};
  json_t *nips = NULL;
  int c;
  optind = 3;
  while ((c = getopt_long(argc, argv, "i:t:n:u:dh", opts, NULL)) != -1) {
    switch (c) {
      case 'i': inst = optarg; break;
      case 't': run.tahun = atoi(optarg); break;
      case 'n':
        if (!nips) nips = json_array();
        json_array_append_new(nips, json_string(optarg));
        break;
      case 'u': run.unor_id = atoll(optarg); break;
      case 'd': run.dry_run = true; break;
      case 'h': json_decref(nips); return usage(stdout, 0);
      default: json_decref(nips); return 2;
    }
  }
  run.nips = nips;
  json_t *(*fn)(const kn_db_ctx_t *, const kn_siasn_run_t *, kn_siasn_error_t *) =
    strcmp(what, "pull") == 0 ? kn_siasn_pull : strcmp(what, "push") == 0 ? kn_siasn_push
    : strcmp(what, "import-hasil") == 0 ? kn_siasn_import : NULL;
  bool needs_tahun = fn != kn_siasn_pull;
  if (!fn || !inst || (needs_tahun && (run.tahun < 2022 || run.tahun > 2100)) || (run.dry_run && fn == kn_siasn_import)) {
    json_decref(nips);
    return usage(stderr, 2);
  }
  if (!kn_cfg.database_url[0]) { fprintf(stderr, "KINERJA_DATABASE_URL is required\n"); json_decref(nips); return 2; }
  kn_siasn_register();
  /* the CLI acts as the instansi's BKPSDM administrator; audit shows cli:<user> */
  const char *user = getenv("USER");
  char actor[128], request_id[32];
  snprintf(actor, sizeof actor, "cli:%s", user ? user : "root");
  snprintf(request_id, sizeof request_id, "cli-%ld", (long)getpid());
  const kn_db_ctx_t ctx = {.instansi = inst, .actor = actor, .roles = "admin_bkpsdm", .request_id = request_id};
  kn_siasn_error_t e = {0};
  json_t *out = fn(&ctx, &run, &e);
  json_decref(nips);
  if (!out) {
    fprintf(stderr, "%s (%ld): %s\n", e.code, e.status, e.detail_en);
    return e.status == 503 || e.status == 502 ? 4 : 3;
  }
  json_dumpf(out, stdout, JSON_INDENT(2));
  fputc('\n', stdout);
  json_decref(out);
  return 0;
}
