/* Evidence file storage: PostgreSQL (default, bytes in bukti_konten) or a directory
 * (KINERJA_STORAGE_DIR), content-addressed by SHA-256 so a failed transaction leaves at most an
 * unreferenced file and never a wrong one. Also content sniffing. Owner: storage. */
#ifndef KINERJA_STORAGE_H
#define KINERJA_STORAGE_H
#include <stddef.h>

/* "pg" or "dir", from the configuration. */
const char *kn_storage_backend(void);

/* Directory backend: write atomically (temp file + rename). Returns 0 or -1. */
int kn_storage_dir_put(const char *instansi, const char *sha256_hex, const void *data, size_t len);
/* Directory backend: read the bytes; caller frees. NULL when missing. */
char *kn_storage_dir_get(const char *instansi, const char *sha256_hex, size_t *len);

/* MIME type sniffed from the bytes with libmagic (per-thread handle). Static per thread:
 * copy it before the next call. "application/octet-stream" when unknown. */
const char *kn_storage_sniff_mime(const void *data, size_t len);

/* Lower-case hex SHA-256 of the bytes into out[65]. */
void kn_storage_sha256_hex(const void *data, size_t len, char out[65]);
#endif
