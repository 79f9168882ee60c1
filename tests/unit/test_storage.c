/* Unit tests for the directory backend's write (src/storage/storage.c): every byte back whatever
 * the buffer's alignment and length (O_DIRECT part, page-cache tail, refused O_DIRECT on tmpfs),
 * no temp file left. Owner: storage. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/config.h"
#include "kinerja/storage.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void put_and_get(const char *root, size_t len, size_t misalign) {
  snprintf(kn_cfg.storage_dir, sizeof kn_cfg.storage_dir, "%s", root);
  unsigned char *buf = aligned_alloc(4096, (len + misalign + 4095) / 4096 * 4096 + 4096);
  assert_non_null(buf);
  unsigned char *data = buf + misalign;
  for (size_t i = 0; i < len; i++) data[i] = (unsigned char)(i * 131 + len);
  char sha[65];
  kn_storage_sha256_hex(data, len, sha);
  assert_int_equal(kn_storage_dir_put("uji", sha, data, len), 0);
  size_t got = 0;
  char *back = kn_storage_dir_get("uji", sha, &got);
  assert_non_null(back);
  assert_int_equal(got, len);
  assert_memory_equal(back, data, len);
  free(back);
  char dir[1200];
  snprintf(dir, sizeof dir, "%s/uji", root);
  DIR *d = opendir(dir);
  assert_non_null(d);
  for (struct dirent *e; (e = readdir(d));) assert_null(strstr(e->d_name, ".tmp."));
  closedir(d);
  free(buf);
}

static void sizes_and_alignments(const char *root) {
  const size_t lens[] = {1, 4095, 4096, 4097, 1048576, 1048576 + 123};
  for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
    put_and_get(root, lens[i], 0);
    put_and_get(root, lens[i] + 7, 1); /* another hash; misaligned: all through the page cache */
  }
}

static void on_disk(void **state) {
  (void)state;
  char root[] = "/tmp/kn-storage-XXXXXX";
  assert_non_null(mkdtemp(root));
  sizes_and_alignments(root);
  char cmd[64];
  snprintf(cmd, sizeof cmd, "rm -rf %s", root);
  assert_int_equal(system(cmd), 0);
}

static void on_tmpfs(void **state) { /* O_DIRECT refused there */
  (void)state;
  char root[] = "/dev/shm/kn-storage-XXXXXX";
  if (!mkdtemp(root)) skip();
  sizes_and_alignments(root);
  char cmd[64];
  snprintf(cmd, sizeof cmd, "rm -rf %s", root);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(on_disk),
    cmocka_unit_test(on_tmpfs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
