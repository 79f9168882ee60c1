/* Evidence storage backends and sniffing. Owner: storage. */
#include "kinerja/storage.h"
#include "kinerja/config.h"
#include "kinerja/fileutil.h"
#include "kinerja/log.h"
#include <errno.h>
#include <fcntl.h>
#include <magic.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *kn_storage_backend(void) { return kn_cfg.storage_dir[0] ? "dir" : "pg"; }

/* Tenant codes are [a-z0-9_-] (instansi.kode check) and hashes hex: safe path components. */
static int path_for(char *out, size_t cap, const char *instansi, const char *sha) {
  if (strspn(sha, "0123456789abcdef") != 64 || strchr(instansi, '/') || instansi[0] == '.') return -1;
  int n = snprintf(out, cap, "%s/%s/%s", kn_cfg.storage_dir, instansi, sha);
  return n > 0 && (size_t)n < cap ? 0 : -1;
}

/* pwrite every byte of [p, p+len) at off: 0, or -1 with errno. */
static int pwrite_all(int fd, const char *p, size_t len, off_t off) {
  while (len > 0) {
    ssize_t w = pwrite(fd, p, len, off);
    if (w <= 0) { if (w == 0) errno = EIO; return -1; }
    p += w;
    off += w;
    len -= (size_t)w;
  }
  return 0;
}

enum { DIRECT_ALIGN = 4096 };

/* The bytes bypass the page cache where they can (issue 17: copying 1 MiB into fresh page-cache
 * pages cost the server more CPU than its SHA-256): the page-aligned part of a page-aligned
 * buffer (the server's body buffers are) goes with O_DIRECT, the tail, and everything when the
 * file system refuses O_DIRECT (tmpfs), through the page cache. */
static int write_file(int fd, const char *data, size_t len) {
  size_t direct = (uintptr_t)data % DIRECT_ALIGN == 0 ? len / DIRECT_ALIGN * DIRECT_ALIGN : 0;
  int fl = direct ? fcntl(fd, F_GETFL) : -1;
  if (fl >= 0 && fcntl(fd, F_SETFL, fl | O_DIRECT) == 0) {
    int rc = pwrite_all(fd, data, direct, 0);
    int e = errno;
    if (fcntl(fd, F_SETFL, fl) != 0) return -1;
    if (rc != 0 && e != EINVAL) return -1;
    if (rc != 0) direct = 0; /* refused: all through the page cache */
  } else {
    direct = 0;
  }
  return pwrite_all(fd, data + direct, len - direct, (off_t)direct);
}

int kn_storage_dir_put(const char *instansi, const char *sha, const void *data, size_t len) {
  char path[1200], dir[1200], tmp[1300];
  if (path_for(path, sizeof path, instansi, sha) != 0) return -1;
  snprintf(dir, sizeof dir, "%s/%s", kn_cfg.storage_dir, instansi);
  if (mkdir(dir, 0750) != 0 && errno != EEXIST) return -1;
  /* same hash, same bytes: refresh its age so the GC's grace covers this upload's transaction
   * (if the GC took it away meanwhile, utimensat fails and the file is written anew) */
  if (utimensat(AT_FDCWD, path, NULL, 0) == 0) return 0;
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)gettid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0640);
  if (fd < 0) return -1;
  if (write_file(fd, data, len) != 0) { close(fd); unlink(tmp); return -1; }
  /* durable before the row that names it commits: the bytes (fdatasync: the size, not the
   * times), then the name (the directory's fsync after the rename) */
  int rc = fdatasync(fd) == 0 ? 0 : -1;
  if (close(fd) != 0) rc = -1;
  if (rc == 0) rc = rename(tmp, path);
  if (rc != 0) { unlink(tmp); return rc; }
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  if (dfd < 0) return -1;
  rc = fsync(dfd) == 0 ? 0 : -1;
  close(dfd);
  return rc;
}

char *kn_storage_dir_get(const char *instansi, const char *sha, size_t *len) {
  char path[1200];
  if (path_for(path, sizeof path, instansi, sha) != 0) return NULL;
  return kn_file_read(path, len);
}

static __thread magic_t cookie;

const char *kn_storage_sniff_mime(const void *data, size_t len) {
  if (!cookie) {
    cookie = magic_open(MAGIC_MIME_TYPE);
    if (cookie && magic_load(cookie, NULL) != 0) {
      kn_log("error", "libmagic: %s", magic_error(cookie));
      magic_close(cookie);
      cookie = NULL;
    }
  }
  const char *m = cookie ? magic_buffer(cookie, data, len) : NULL;
  return m ? m : "application/octet-stream";
}

void kn_storage_sha256_hex(const void *data, size_t len, char out[65]) {
  unsigned char md[32];
  unsigned n = 0;
  EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
  for (int i = 0; i < 32; i++) sprintf(out + 2 * i, "%02x", md[i]);
}
