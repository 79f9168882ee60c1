-- KKE limits as instansi settings (issue 16 item 8), each with the default the checks used when
-- they were constants in src/domain/kke_checks.h (DOM_KKE_DEFAULT_*, with the same ranges as
-- dom_kke_settings, which PATCH /v1/instansi validates with):
--   kke_mutasi_hari       K02: days after a mid-year TMT within which the new SKP is set
--   kke_templat_pegawai   K08: pegawai carrying the same RHK text that make it a copied template
--   keberatan_putus_hari  K22 and GET /v1/keberatan: days within which a keberatan is decided
-- K13's evidence date: bukti.tanggal, the date the evidence is of (a report's date, the day a
-- photo was taken), given by the uploader; the check falls back to the upload date. The sha256
-- index serves K13's reuse check (one file attached to unrelated indicators). Expand only: old
-- nodes ignore the new columns. Owner: KKE module / execution module.
ALTER TABLE instansi
  ADD COLUMN kke_mutasi_hari int NOT NULL DEFAULT 30 CHECK (kke_mutasi_hari BETWEEN 1 AND 180),
  ADD COLUMN kke_templat_pegawai int NOT NULL DEFAULT 5 CHECK (kke_templat_pegawai BETWEEN 2 AND 1000),
  ADD COLUMN keberatan_putus_hari int NOT NULL DEFAULT 21 CHECK (keberatan_putus_hari BETWEEN 1 AND 90);

ALTER TABLE bukti ADD COLUMN tanggal date CHECK (tanggal BETWEEN '1900-01-01' AND '2200-12-31');

CREATE INDEX IF NOT EXISTS bukti_sha256_idx ON bukti (instansi_id, sha256) WHERE sha256 IS NOT NULL;  -- 0061 makes the same one
