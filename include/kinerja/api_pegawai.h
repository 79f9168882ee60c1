/* Pegawai field spec shared by /v1/pegawai and the bulk import. Owner: api (organisation). */
#ifndef KINERJA_API_PEGAWAI_H
#define KINERJA_API_PEGAWAI_H
#include <stddef.h>
#include "kinerja/api.h"

extern const char *const API_JENIS_ASN[];
extern const char *const API_JENIS_JABATAN[];
extern const char *const API_STATUS_PEGAWAI[];
#endif
