-- Official documents (issue 18): every rendered PDF is registered with what it was made from
-- (resource, its version, a SHA-256 of the data laid out), when and for whom, under a short
-- public verification code printed and QR-encoded on every page. Owner: doc
-- (src/api/dokumen.c, src/doc/, sql/functions/dokumen.sql).
CREATE TABLE dokumen (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  kode text NOT NULL UNIQUE CHECK (kode ~ '^[0-9A-Z]{10}$'),   -- public: GET /v1/dokumen/{kode}
  nomor text NOT NULL,                  -- document number, printed in every footer
  jenis text NOT NULL CHECK (jenis IN ('SKP', 'EVALUASI', 'PREDIKAT_ORGANISASI', 'KKE', 'LAPORAN_EVALUASI')),
  sumber text NOT NULL,                 -- the resource: 'skp/12', 'evaluasi/40', 'kke/3', ...
  sumber_versi int,                     -- its version (ETag) when it has one
  isi_sha256 text NOT NULL CHECK (isi_sha256 ~ '^[0-9a-f]{64}$'),  -- of the data laid out
  sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),                  -- of the PDF bytes, once rendered
  ukuran int,
  dibuat_at timestamptz NOT NULL,       -- the only time inside the PDF (CreationDate)
  dibuat_oleh text NOT NULL,
  -- the PAdES-signed copy returned by the signer's system (bytes in dokumen_berkas)
  ttd_sha256 text CHECK (ttd_sha256 ~ '^[0-9a-f]{64}$'),
  ttd_ukuran int,
  ttd_subjek text,
  ttd_at timestamptz,
  ttd_oleh text,
  version int NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, jenis, sumber, isi_sha256)
);

CREATE INDEX dokumen_sumber_idx ON dokumen (instansi_id, jenis, sumber, id);
CREATE INDEX dokumen_tahun_idx ON dokumen (instansi_id, dibuat_at);

SELECT tenant_rls('dokumen', 'SELECT, INSERT, UPDATE');

-- The signed PDF itself; not audited (bytes do not belong in audit_log: the audited row in
-- dokumen records its hash, size, signer and time).
CREATE TABLE dokumen_berkas (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id(),
  dokumen_id bigint NOT NULL,
  pdf bytea NOT NULL,
  PRIMARY KEY (instansi_id, dokumen_id),
  FOREIGN KEY (instansi_id, dokumen_id) REFERENCES dokumen (instansi_id, id)
);

SELECT tenant_rls('dokumen_berkas', 'SELECT, INSERT, UPDATE');
