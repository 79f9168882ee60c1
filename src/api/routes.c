/* Registration of every resource module (statements and routes). Owner: api. */
#include "kinerja/api.h"

void kn_api_health_register(void);
void kn_api_audit_register(void);
void kn_api_instansi_register(void);
void kn_api_unor_register(void);
void kn_api_pegawai_register(void);
void kn_api_penilai_register(void);
void kn_api_import_register(void);
void kn_api_skp_register(void);
void kn_api_rhk_register(void);
void kn_api_periode_register(void);
void kn_api_bukti_register(void);
void kn_api_umpan_balik_register(void);
void kn_api_distribusi_register(void);
void kn_api_evaluasi_register(void);
void kn_api_tindak_lanjut_register(void);
void kn_api_sanksi_register(void);
void kn_api_tpp_register(void);
void kn_api_kke_register(void);
void kn_api_laporan_register(void);
void kn_api_auth_token_register(void);
void kn_api_klien_register(void);
void kn_api_perubahan_register(void);
void kn_api_webhook_register(void);
void kn_api_sync_register(void);
void kn_api_dokumen_register(void);

void kn_api_register_all(void) {
  kn_api_idempotency_register();
  kn_api_health_register();
  kn_api_audit_register();
  kn_api_instansi_register();
  kn_api_unor_register();
  kn_api_pegawai_register();
  kn_api_penilai_register();
  kn_api_import_register();
  kn_api_skp_register();
  kn_api_rhk_register();
  kn_api_periode_register();
  kn_api_bukti_register();
  kn_api_umpan_balik_register();
  kn_api_distribusi_register();
  kn_api_evaluasi_register();
  kn_api_tindak_lanjut_register();
  kn_api_sanksi_register();
  kn_api_tpp_register();
  kn_api_kke_register();
  kn_api_laporan_register();
  kn_api_auth_token_register();
  kn_api_klien_register();
  kn_api_perubahan_register();
  kn_api_webhook_register();
  kn_api_sync_register();
  kn_api_dokumen_register();
}
