/* Reference lists (the enumerated values of the domain) with Indonesian and English labels and
 * accepted aliases: the one source of truth for the validators (src/api field specs), for
 * GET /v1/referensi and, through a test, for the enums of openapi/openapi.yaml (each schema of a
 * list carries `x-referensi: <name>`). Pure, no I/O. Owner: domain. */
#ifndef KINERJA_DOMAIN_REFERENSI_H
#define KINERJA_DOMAIN_REFERENSI_H
#include <stdbool.h>
#include <stddef.h>

typedef struct dom_ref_label {
  const char *id;               /* Indonesian label */
  const char *en;               /* English label */
  const char *const *aliases;   /* NULL or NULL-terminated: other names accepted on input */
} dom_ref_label_t;

typedef struct dom_ref_list {
  const char *name;             /* "predikat", "jenjang_jf", ... */
  const char *label_id, *label_en;
  const char *const *codes;     /* NULL-terminated: what is stored and answered */
  const dom_ref_label_t *labels;/* index-aligned with codes */
} dom_ref_list_t;

extern const dom_ref_list_t dom_ref_jenis_asn, dom_ref_jenis_jabatan, dom_ref_status_pegawai, dom_ref_jenjang_jf,
    dom_ref_jenis_skp, dom_ref_pendekatan, dom_ref_status_skp, dom_ref_jenis_rhk, dom_ref_jenis_intervensi,
    dom_ref_perspektif, dom_ref_aspek, dom_ref_arah, dom_ref_nilai_perilaku, dom_ref_jenis_periode,
    dom_ref_rating, dom_ref_predikat, dom_ref_predikat_organisasi, dom_ref_status_evaluasi,
    dom_ref_status_keberatan, dom_ref_keputusan_keberatan, dom_ref_pemutus_keberatan, dom_ref_jenis_bukti,
    dom_ref_status_verifikasi, dom_ref_jenis_umpan_balik, dom_ref_dari_peran, dom_ref_penilai_kepala_pd,
    dom_ref_status_kke, dom_ref_jawaban_kke, dom_ref_verifikasi_kke, dom_ref_keputusan_tindak_lanjut,
    dom_ref_sumber_potensi, dom_ref_level_potensi, dom_ref_status_sanksi, dom_ref_keputusan_sanksi,
    dom_ref_jenis_pengingat, dom_ref_tahap_pengingat, dom_ref_jenis_pekerjaan, dom_ref_status_pekerjaan,
    dom_ref_arah_sinkronisasi, dom_ref_entitas_sinkronisasi;

/* The codes arrays of the lists (what field specs name as their enum values). */
extern const char *const dom_ref_jenis_asn_kode[], *const dom_ref_jenis_jabatan_kode[],
    *const dom_ref_status_pegawai_kode[], *const dom_ref_jenjang_jf_kode[], *const dom_ref_jenis_skp_kode[],
    *const dom_ref_pendekatan_kode[], *const dom_ref_status_skp_kode[], *const dom_ref_jenis_rhk_kode[],
    *const dom_ref_jenis_intervensi_kode[], *const dom_ref_perspektif_kode[], *const dom_ref_aspek_kode[],
    *const dom_ref_arah_kode[], *const dom_ref_nilai_perilaku_kode[], *const dom_ref_jenis_periode_kode[],
    *const dom_ref_rating_kode[], *const dom_ref_predikat_kode[], *const dom_ref_predikat_organisasi_kode[],
    *const dom_ref_status_evaluasi_kode[], *const dom_ref_status_keberatan_kode[],
    *const dom_ref_keputusan_keberatan_kode[], *const dom_ref_pemutus_keberatan_kode[],
    *const dom_ref_jenis_bukti_kode[], *const dom_ref_status_verifikasi_kode[], *const dom_ref_jenis_umpan_balik_kode[],
    *const dom_ref_penilai_kepala_pd_kode[], *const dom_ref_dari_peran_kode[], *const dom_ref_status_kke_kode[],
    *const dom_ref_jawaban_kke_kode[], *const dom_ref_verifikasi_kke_kode[],
    *const dom_ref_keputusan_tindak_lanjut_kode[], *const dom_ref_sumber_potensi_kode[],
    *const dom_ref_level_potensi_kode[], *const dom_ref_status_sanksi_kode[], *const dom_ref_keputusan_sanksi_kode[],
    *const dom_ref_jenis_pengingat_kode[], *const dom_ref_tahap_pengingat_kode[], *const dom_ref_jenis_pekerjaan_kode[],
    *const dom_ref_status_pekerjaan_kode[], *const dom_ref_arah_sinkronisasi_kode[],
    *const dom_ref_entitas_sinkronisasi_kode[];

/* Every list, in a stable order; *n gets the count. */
const dom_ref_list_t *const *dom_ref_all(size_t *n);
/* The list of that name, NULL when none. */
const dom_ref_list_t *dom_ref_find(const char *name);
/* The list whose codes array is `codes` (pointer identity), NULL for any other array. */
const dom_ref_list_t *dom_ref_of_codes(const char *const *codes);
/* Number of codes of l. */
size_t dom_ref_count(const dom_ref_list_t *l);
/* The code s stands for: s itself when it is a code (exact), else the code whose alias (or code)
 * equals s ignoring case and runs of blanks ("ahli  pertama" -> PERTAMA); NULL when none. */
const char *dom_ref_resolve(const dom_ref_list_t *l, const char *s);
#endif
