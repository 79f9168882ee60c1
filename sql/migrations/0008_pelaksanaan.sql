-- Execution, monitoring and coaching: evaluation periods, realisasi, evidence (bukti dukung),
-- feedback (umpan balik). Owner: execution module (src/api/periode.c, bukti.c, umpan_balik.c).

ALTER TABLE instansi
  ADD COLUMN tenggang_realisasi_hari int NOT NULL DEFAULT 5 CHECK (tenggang_realisasi_hari BETWEEN 0 AND 60),
  ADD COLUMN masa_buka_ulang_hari int NOT NULL DEFAULT 7 CHECK (masa_buka_ulang_hari BETWEEN 1 AND 60);

CREATE TABLE periode (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  skp_id bigint NOT NULL,
  jenis text NOT NULL CHECK (jenis IN ('BULANAN','TRIWULAN')),
  nomor int NOT NULL CHECK (nomor BETWEEN 1 AND 12),
  tanggal_awal date NOT NULL,
  tanggal_akhir date NOT NULL,
  akhir_tahun boolean NOT NULL DEFAULT false,
  dibuka_ulang_sampai date,
  alasan_buka_ulang text,
  terkunci_at timestamptz,       -- set when the period's evaluation is set (assessment module)
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, skp_id, jenis, nomor),
  FOREIGN KEY (instansi_id, skp_id) REFERENCES skp (instansi_id, id) ON DELETE CASCADE,
  CHECK (tanggal_akhir >= tanggal_awal)
);

CREATE TABLE realisasi (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  periode_id bigint NOT NULL,
  indikator_id bigint NOT NULL,
  nilai numeric,
  uraian text NOT NULL CHECK (length(uraian) BETWEEN 1 AND 4000),
  diisi_oleh text NOT NULL,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, periode_id, indikator_id),
  FOREIGN KEY (instansi_id, periode_id) REFERENCES periode (instansi_id, id),
  FOREIGN KEY (instansi_id, indikator_id) REFERENCES indikator (instansi_id, id)
);

CREATE TABLE bukti (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  realisasi_id bigint NOT NULL,
  jenis text NOT NULL CHECK (jenis IN ('FILE','URL')),
  nama text NOT NULL CHECK (length(nama) BETWEEN 1 AND 255),
  url text CHECK (url ~ '^https?://' AND length(url) <= 2000),
  mime text,
  ukuran bigint,
  sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  penyimpanan text CHECK (penyimpanan IN ('pg','dir')),
  status_verifikasi text NOT NULL DEFAULT 'BELUM' CHECK (status_verifikasi IN ('BELUM','VALID','TIDAK_VALID')),
  catatan text CHECK (length(catatan) <= 2000),
  diverifikasi_oleh text,
  diverifikasi_at timestamptz,
  diunggah_oleh text NOT NULL,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, realisasi_id) REFERENCES realisasi (instansi_id, id),
  CHECK ((jenis = 'URL') = (url IS NOT NULL))
);
CREATE INDEX bukti_realisasi_idx ON bukti (instansi_id, realisasi_id);

-- File bytes for the PostgreSQL storage backend (the directory backend keeps them on disk).
CREATE TABLE bukti_konten (
  instansi_id bigint NOT NULL REFERENCES instansi(id),
  bukti_id bigint NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (instansi_id, bukti_id),
  FOREIGN KEY (instansi_id, bukti_id) REFERENCES bukti (instansi_id, id) ON DELETE CASCADE
);
ALTER TABLE bukti_konten ALTER COLUMN data SET STORAGE EXTERNAL;  -- already-compressed files

CREATE TABLE umpan_balik (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  skp_id bigint NOT NULL,
  rhk_id bigint,
  periode_id bigint,
  jenis text NOT NULL CHECK (jenis IN ('UMPAN_BALIK','BIMBINGAN','KONSELING','CATATAN_KINERJA')),
  isi text NOT NULL CHECK (length(isi) BETWEEN 1 AND 4000),
  dari_nip text,
  dari_peran text NOT NULL CHECK (dari_peran IN ('PEGAWAI','PENILAI','ATASAN_PENILAI','PENGELOLA')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, skp_id) REFERENCES skp (instansi_id, id) ON DELETE CASCADE,
  FOREIGN KEY (instansi_id, rhk_id) REFERENCES rhk (instansi_id, id),
  FOREIGN KEY (instansi_id, periode_id) REFERENCES periode (instansi_id, id)
);
CREATE INDEX umpan_balik_skp_idx ON umpan_balik (instansi_id, skp_id, id);
CREATE INDEX umpan_balik_periode_idx ON umpan_balik (instansi_id, periode_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['periode','realisasi','bukti'] LOOP
    EXECUTE format('CREATE TRIGGER %I_version BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION bump_version()', t, t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['periode','realisasi','bukti','umpan_balik'] LOOP
    PERFORM audit_attach(t::regclass);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['periode','realisasi','bukti','bukti_konten','umpan_balik'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I_tenant ON %I USING (instansi_id = (SELECT app_instansi_id())) '
                   'WITH CHECK (instansi_id = (SELECT app_instansi_id()))', t, t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON periode TO kinerja_app;
GRANT SELECT, INSERT, UPDATE ON realisasi, bukti TO kinerja_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON bukti_konten TO kinerja_app;
GRANT SELECT, INSERT ON umpan_balik TO kinerja_app;
