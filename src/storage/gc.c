/* Evidence-file garbage collection of the directory backend (issue 15, item 8): files written
 * before their transaction (kn_storage_dir_put) stay behind when it fails or when the evidence is
 * replaced; this removes the ones no committed row names, past a grace age. Entry point for
 * `kinerja purge` and the scheduler: kn_storage_gc. Owner: storage. */
#include "kinerja/config.h"
#include "kinerja/log.h"
#include "kinerja/storage.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BATCH 256

typedef struct batch {
  char names[BATCH][65];
  const char *ptr[BATCH];
  long long size[BATCH];
  int n;
} batch_t;

static bool is_hash(const char *s) { return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64; }

/* "<64 hex>.gc": a file this GC set aside and was stopped before deciding on */
static bool is_aside(const char *s) {
  return strlen(s) == 67 && strspn(s, "0123456789abcdef") == 64 && strcmp(s + 64, ".gc") == 0;
}

/* "<64 hex>.tmp.<digits>": a write that never reached its rename */
static bool is_temp(const char *s) {
  return strlen(s) > 69 && strspn(s, "0123456789abcdef") == 64 && strncmp(s + 64, ".tmp.", 5) == 0;
}

static bool old_enough(const struct stat *st, time_t now, unsigned grace) {
  return st->st_mtime + (time_t)grace <= now;
}

/* Move path aside, look at its age again (a put may have refreshed it between our stat and the
 * rename) and either delete it or put it back. */
static void remove_one(const char *path, unsigned grace, kn_storage_gc_report_t *rep, long long size) {
  char aside[1700];
  snprintf(aside, sizeof aside, "%s.gc", path);
  if (rename(path, aside) != 0) { if (errno != ENOENT) rep->errors++; return; }
  struct stat st;
  if (stat(aside, &st) != 0 || !old_enough(&st, time(NULL), grace)) {
    if (rename(aside, path) != 0) rep->errors++;
    rep->kept_young++;
    return;
  }
  if (unlink(aside) != 0) { rep->errors++; return; }
  rep->removed++;
  rep->bytes_removed += size;
}

static void flush(const char *dir, const char *instansi, batch_t *b, unsigned grace, bool dry_run,
                  kn_storage_gc_referenced_fn referenced, void *ctx, kn_storage_gc_report_t *rep) {
  if (b->n == 0) return;
  bool ref[BATCH] = {0};
  if (referenced(instansi, b->ptr, b->n, ref, ctx) != 0) {
    rep->errors += b->n;
  } else {
    for (int i = 0; i < b->n; i++) {
      if (ref[i]) { rep->kept_referenced++; continue; }
      if (dry_run) { rep->removed++; rep->bytes_removed += b->size[i]; continue; }
      char path[1600];
      snprintf(path, sizeof path, "%s/%s", dir, b->names[i]);
      remove_one(path, grace, rep, b->size[i]);
    }
  }
  b->n = 0;
}

static void gc_tenant(const char *instansi, unsigned grace, bool dry_run, kn_storage_gc_referenced_fn referenced,
                      void *ctx, kn_storage_gc_report_t *rep) {
  char dir[1300];
  snprintf(dir, sizeof dir, "%s/%s", kn_cfg.storage_dir, instansi);
  DIR *d = opendir(dir);
  if (!d) { rep->errors++; return; }
  static __thread batch_t b;
  b.n = 0;
  time_t now = time(NULL);
  for (struct dirent *e; (e = readdir(d));) {
    char path[1600];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    struct stat st;
    bool hash = is_hash(e->d_name), temp = !hash && is_temp(e->d_name);
    if (!hash && !temp && is_aside(e->d_name) && lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
      /* an interrupted run: put it back (unless the bytes were stored again) for the next run */
      char back[1600];
      snprintf(back, sizeof back, "%s/%.64s", dir, e->d_name);
      if (access(back, F_OK) == 0 ? unlink(path) != 0 : rename(path, back) != 0) rep->errors++;
      continue;
    }
    if ((!hash && !temp) || lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (temp) {
      if (old_enough(&st, now, grace) && (dry_run || unlink(path) == 0)) rep->temp_removed++;
      continue;
    }
    rep->files_seen++;
    if (!old_enough(&st, now, grace)) { rep->kept_young++; continue; }
    memcpy(b.names[b.n], e->d_name, 65); /* is_hash: exactly 64 characters and the NUL */
    b.ptr[b.n] = b.names[b.n];
    b.size[b.n] = (long long)st.st_size;
    if (++b.n == BATCH) flush(dir, instansi, &b, grace, dry_run, referenced, ctx, rep);
  }
  closedir(d);
  flush(dir, instansi, &b, grace, dry_run, referenced, ctx, rep);
}

int kn_storage_gc(unsigned grace_seconds, bool dry_run, kn_storage_gc_referenced_fn referenced, void *ctx,
                  kn_storage_gc_report_t *report) {
  memset(report, 0, sizeof *report);
  if (!kn_cfg.storage_dir[0]) return -1;
  DIR *root = opendir(kn_cfg.storage_dir);
  if (!root) { kn_log("error", "evidence GC: cannot read %s: %s", kn_cfg.storage_dir, strerror(errno)); return -1; }
  for (struct dirent *e; (e = readdir(root));) {
    /* tenant directories are instansi codes ([a-z0-9_-]); anything else is not ours */
    if (e->d_name[0] == '.' || strspn(e->d_name, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(e->d_name)) continue;
    char path[1300];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", kn_cfg.storage_dir, e->d_name);
    if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode)) continue;
    gc_tenant(e->d_name, grace_seconds, dry_run, referenced, ctx, report);
  }
  closedir(root);
  return 0;
}
