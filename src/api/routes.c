/* Registration of every resource module (statements and routes). Owner: api. */
#include "kinerja/api.h"

void api_health_register(void);
void api_audit_register(void);
void api_instansi_register(void);
void api_unor_register(void);
void api_pegawai_register(void);
void api_penilai_register(void);
void api_import_register(void);
void api_skp_register(void);
void api_rhk_register(void);
void api_periode_register(void);
void api_bukti_register(void);
void api_umpan_balik_register(void);
void api_distribusi_register(void);
void api_evaluasi_register(void);
void api_tindak_lanjut_register(void);
void api_tpp_register(void);
void api_kke_register(void);
void api_laporan_register(void);
void api_auth_token_register(void);
void api_klien_register(void);
void api_perubahan_register(void);
void api_webhook_register(void);
void api_sync_register(void);
void api_dokumen_register(void);

void kn_api_register_all(void) {
  kn_api_idempotency_register();
  api_health_register();
  api_audit_register();
  api_instansi_register();
  api_unor_register();
  api_pegawai_register();
  api_penilai_register();
  api_import_register();
  api_skp_register();
  api_rhk_register();
  api_periode_register();
  api_bukti_register();
  api_umpan_balik_register();
  api_distribusi_register();
  api_evaluasi_register();
  api_tindak_lanjut_register();
  api_tpp_register();
  api_kke_register();
  api_laporan_register();
  api_auth_token_register();
  api_klien_register();
  api_perubahan_register();
  api_webhook_register();
  api_sync_register();
  api_dokumen_register();
}
