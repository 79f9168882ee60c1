-- SKP planning (perencanaan): SKP, RHK, indikator, perilaku, lampiran, transitions, versions.
-- Owner: planning module (src/api/skp*.c, src/domain/skp.c).
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE skp (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  pegawai_id bigint NOT NULL,
  tahun int NOT NULL CHECK (tahun BETWEEN 2022 AND 2100),
  periode_awal date NOT NULL,
  periode_akhir date NOT NULL,
  jenis_skp text NOT NULL CHECK (jenis_skp IN ('JPT','NON_JPT')),
  pendekatan text NOT NULL DEFAULT 'KUANTITATIF' CHECK (pendekatan IN ('KUANTITATIF','KUALITATIF')),
  status text NOT NULL DEFAULT 'DRAFT'
    CHECK (status IN ('DRAFT','DIAJUKAN','DIKEMBALIKAN','DISETUJUI','DITETAPKAN','DITUTUP','SELESAI')),
  versi int NOT NULL DEFAULT 1,
  -- snapshot at creation (domain.md §3.2): who appraises, in which post and unit
  unor_id bigint NOT NULL,
  jabatan text NOT NULL,
  jenis_jabatan text NOT NULL,
  penilai_jenis text NOT NULL CHECK (penilai_jenis IN ('PEGAWAI','KEPALA_DAERAH')),
  penilai_pegawai_id bigint,
  atasan_jenis text NOT NULL CHECK (atasan_jenis IN ('PEGAWAI','KEPALA_DAERAH','NONE')),
  atasan_pegawai_id bigint,
  penilai_snapshot jsonb NOT NULL,
  ditetapkan_pengelola boolean NOT NULL DEFAULT false,
  tanggal_diajukan timestamptz,
  tanggal_ditetapkan timestamptz,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, pegawai_id) REFERENCES pegawai (instansi_id, id),
  FOREIGN KEY (instansi_id, unor_id) REFERENCES unor (instansi_id, id),
  CHECK (periode_akhir >= periode_awal),
  CHECK (extract(year FROM periode_awal) = tahun AND extract(year FROM periode_akhir) = tahun),
  -- segments of one year never overlap (a job change closes one SKP and opens the next)
  EXCLUDE USING gist (instansi_id WITH =, pegawai_id WITH =,
                      daterange(periode_awal, periode_akhir, '[]') WITH &&)
);
CREATE INDEX skp_pegawai_idx ON skp (instansi_id, pegawai_id, tahun);
CREATE INDEX skp_penilai_idx ON skp (instansi_id, penilai_pegawai_id, tahun);
CREATE INDEX skp_unor_idx ON skp (instansi_id, unor_id, tahun);

CREATE TABLE rhk (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  skp_id bigint NOT NULL,
  jenis_rhk text NOT NULL CHECK (jenis_rhk IN ('UTAMA','TAMBAHAN')),
  uraian text NOT NULL CHECK (length(uraian) BETWEEN 1 AND 2000),
  rhk_atasan_id bigint,
  jenis_intervensi text CHECK (jenis_intervensi IN ('LANGSUNG','TIDAK_LANGSUNG')),
  perspektif text CHECK (perspektif IN ('PENERIMA_LAYANAN','PROSES_BISNIS','PENGUATAN_INTERNAL','ANGGARAN')),
  bobot numeric(5,2) CHECK (bobot > 0 AND bobot <= 100),
  urutan int NOT NULL DEFAULT 0,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, skp_id) REFERENCES skp (instansi_id, id) ON DELETE CASCADE,
  FOREIGN KEY (instansi_id, rhk_atasan_id) REFERENCES rhk (instansi_id, id)
);
CREATE INDEX rhk_skp_idx ON rhk (instansi_id, skp_id, urutan, id);
CREATE INDEX rhk_atasan_idx ON rhk (instansi_id, rhk_atasan_id);

CREATE TABLE indikator (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  rhk_id bigint NOT NULL,
  aspek text CHECK (aspek IN ('KUANTITAS','KUALITAS','WAKTU','BIAYA')),
  uraian text NOT NULL CHECK (length(uraian) BETWEEN 1 AND 2000),
  target_min numeric,
  target_max numeric,
  satuan text CHECK (length(satuan) <= 100),
  target_teks text CHECK (length(target_teks) <= 2000),
  arah text NOT NULL DEFAULT 'NAIK_BAIK' CHECK (arah IN ('NAIK_BAIK','TURUN_BAIK')),
  urutan int NOT NULL DEFAULT 0,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, rhk_id) REFERENCES rhk (instansi_id, id) ON DELETE CASCADE,
  CHECK (target_min IS NULL OR target_max IS NULL OR target_min <= target_max),
  CHECK (target_teks IS NOT NULL OR (target_min IS NOT NULL AND satuan IS NOT NULL))
);
CREATE INDEX indikator_rhk_idx ON indikator (instansi_id, rhk_id, urutan, id);

CREATE TABLE skp_perilaku (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  skp_id bigint NOT NULL,
  nilai text NOT NULL CHECK (nilai IN ('BERORIENTASI_PELAYANAN','AKUNTABEL','KOMPETEN','HARMONIS',
                                       'LOYAL','ADAPTIF','KOLABORATIF')),
  urutan int NOT NULL,
  ekspektasi_khusus text CHECK (length(ekspektasi_khusus) <= 2000),
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, skp_id, nilai),
  FOREIGN KEY (instansi_id, skp_id) REFERENCES skp (instansi_id, id) ON DELETE CASCADE
);

CREATE TABLE skp_lampiran (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  skp_id bigint NOT NULL,
  jenis text NOT NULL CHECK (jenis IN ('DUKUNGAN_SUMBER_DAYA','SKEMA_PERTANGGUNGJAWABAN','KONSEKUENSI')),
  urutan int NOT NULL,
  uraian text NOT NULL CHECK (length(uraian) BETWEEN 1 AND 2000),
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, skp_id) REFERENCES skp (instansi_id, id) ON DELETE CASCADE
);
CREATE INDEX skp_lampiran_idx ON skp_lampiran (instansi_id, skp_id, jenis, urutan);

-- Transitions and superseded versions: GET /v1/skp/{id}/riwayat.
CREATE TABLE skp_transisi (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  skp_id bigint NOT NULL,
  versi int NOT NULL,
  aksi text NOT NULL,
  dari text,
  ke text NOT NULL,
  aktor text NOT NULL,
  aktor_nip text,
  alasan text,
  oleh_pengelola boolean NOT NULL DEFAULT false,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, skp_id) REFERENCES skp (instansi_id, id) ON DELETE CASCADE
);
CREATE INDEX skp_transisi_idx ON skp_transisi (instansi_id, skp_id, id);

CREATE TABLE skp_versi (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  skp_id bigint NOT NULL,
  versi int NOT NULL,
  isi jsonb NOT NULL,
  diganti_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, skp_id, versi),
  FOREIGN KEY (instansi_id, skp_id) REFERENCES skp (instansi_id, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['skp','rhk','indikator'] LOOP
    EXECUTE format('CREATE TRIGGER %I_version BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION bump_version()', t, t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['skp','rhk','indikator','skp_perilaku','skp_lampiran'] LOOP
    PERFORM audit_attach(t::regclass);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['skp','rhk','indikator','skp_perilaku','skp_lampiran','skp_transisi','skp_versi'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I_tenant ON %I USING (instansi_id = (SELECT app_instansi_id())) '
                   'WITH CHECK (instansi_id = (SELECT app_instansi_id()))', t, t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON skp, rhk, indikator, skp_perilaku, skp_lampiran TO kinerja_app;
GRANT SELECT, INSERT ON skp_transisi, skp_versi TO kinerja_app;
