/* Timeliness of the cycle per Perangkat Daerah (src/api/pengingat.c), shared with the semester
 * report (src/api/laporan.c). Owner: jobs. */
#ifndef KINERJA_API_KETEPATAN_H
#define KINERJA_API_KETEPATAN_H
#include "kinerja/http.h"
#include <jansson.h>

/* Items of tahun's semester (due in the window and already due) below unit uid (0: the caller's
 * whole scope), counted per PD and kind: {"<pd id>": {"<jenis>": [dinilai, tepat_waktu], ...}};
 * the late items go to *late when late is not NULL. NULL after answering the error. */
json_t *kn_api_ketepatan_hitung(kn_http_req_t *r, int tahun, int semester, long long uid, json_t **late);
/* Share on time in percent over every kind of one PD's counts; JSON null when nothing was due. */
json_t *kn_api_ketepatan_persen(json_t *per_jenis);
#endif
