/* Evidence file storage: PostgreSQL (default, bytes in bukti_konten) or a directory
 * (KINERJA_STORAGE_DIR), content-addressed by SHA-256 so a failed transaction leaves at most an
 * unreferenced file and never a wrong one. Also content sniffing. Owner: storage. */
#ifndef KINERJA_STORAGE_H
#define KINERJA_STORAGE_H
#include <stdbool.h>
#include <stddef.h>

/* "pg" or "dir", from the configuration. */
const char *kn_storage_backend(void);

/* Directory backend: write atomically and durably (temp file, fdatasync, rename, fsync of the
 * directory). A page-aligned buffer goes to disk with O_DIRECT where the file system allows it.
 * Returns 0 or -1. */
int kn_storage_dir_put(const char *instansi, const char *sha256_hex, const void *data, size_t len);
/* Directory backend: read the bytes; caller frees. NULL when missing. */
char *kn_storage_dir_get(const char *instansi, const char *sha256_hex, size_t *len);

/* Evidence-file garbage collection of the directory backend (src/storage/gc.c). */
typedef struct kn_storage_gc_report {
  long long files_seen;      /* content files looked at (64-hex names) */
  long long kept_young;      /* younger than the grace age: possibly an in-flight upload */
  long long kept_referenced; /* named by a committed bukti row */
  long long removed;         /* unreferenced and old: deleted (or, dry run, would be) */
  long long bytes_removed;
  long long temp_removed;    /* leftover "<sha>.tmp.<tid>" files of interrupted writes */
  long long errors;          /* files or directories that could not be read or removed */
} kn_storage_gc_report_t;

/* Which of the n hashes shas[] (64-hex) of tenant `instansi` a committed row still names: set
 * referenced[i]. Returns 0, or -1 when it cannot tell (then nothing of that batch is removed). */
typedef int (*kn_storage_gc_referenced_fn)(const char *instansi, const char *const *shas, int n, bool *referenced,
                                          void *ctx);

/* Walk KINERJA_STORAGE_DIR/<instansi>/ and remove every content file that is older than
 * grace_seconds (by mtime; a put of the same bytes refreshes it) and that `referenced` says no
 * committed row names; also temp files older than the grace age. Never removes a referenced
 * file, nor a file written (or re-put) within grace_seconds, so an upload whose transaction has
 * not committed yet keeps its file: the grace age must exceed the longest transaction. A file is
 * first renamed aside, its age looked at again, and put back if a put refreshed it meanwhile.
 * dry_run: only count. Returns 0 (see report->errors), or -1 when no directory backend is
 * configured or its root cannot be read. */
int kn_storage_gc(unsigned grace_seconds, bool dry_run, kn_storage_gc_referenced_fn referenced, void *ctx,
                  kn_storage_gc_report_t *report);

/* MIME type sniffed from the bytes with libmagic (per-thread handle). Static per thread:
 * copy it before the next call. "application/octet-stream" when unknown. */
const char *kn_storage_sniff_mime(const void *data, size_t len);

/* Lower-case hex SHA-256 of the bytes into out[65]. */
void kn_storage_sha256_hex(const void *data, size_t len, char out[65]);
#endif
