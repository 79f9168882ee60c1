/* Whole-file reading. Owner: core. */
#ifndef KINERJA_FILEUTIL_H
#define KINERJA_FILEUTIL_H
#include <stddef.h>

/* Read a whole file; NUL-terminated; *len (may be NULL) gets its size. NULL when unreadable.
 * Caller frees. */
char *kn_file_read(const char *path, size_t *len);
#endif
