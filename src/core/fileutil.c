/* Whole-file reading. Owner: core. */
#include "kinerja/fileutil.h"
#include <stdio.h>
#include <stdlib.h>

char *kn_file_read(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (b && fread(b, 1, (size_t)n, f) != (size_t)n) { free(b); b = NULL; }
  if (b) {
    b[n] = '\0';
    if (len) *len = (size_t)n;
  }
  fclose(f);
  return b;
}
