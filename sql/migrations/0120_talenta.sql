-- Talent management (issue 20; Permen PANRB 3/2020, domain.md §16): potensi assessment results per
-- pegawai and date, the 9-box mapping (kinerja x potensi -> kotak, label, recommendation) as
-- effective-dated data with per-instansi overrides, and the BerAKHLAK value a feedback entry
-- records as below expectation (development needs). Owner: talent module (src/api/talenta.c,
-- src/api/potensi.c, src/domain/talenta.c, sql/functions/talenta.sql).

-- One assessment result: its source, scores and the resulting potensi level. History: every
-- assessment stays; the talent map uses the newest one (talenta_data).
CREATE TABLE potensi (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  pegawai_id bigint NOT NULL,
  tanggal date NOT NULL,
  sumber text NOT NULL CHECK (sumber IN ('ASSESSMENT_CENTER','UJI_KOMPETENSI','PENILAIAN_POTENSI','LAINNYA')),
  penyelenggara text CHECK (length(penyelenggara) BETWEEN 1 AND 300),
  skor jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(skor) = 'object'),
  level text NOT NULL CHECK (level IN ('RENDAH','MENENGAH','TINGGI')),
  catatan text CHECK (length(catatan) <= 2000),
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  -- the import's idempotency key: one result per pegawai, date and source
  UNIQUE (instansi_id, pegawai_id, tanggal, sumber),
  FOREIGN KEY (instansi_id, pegawai_id) REFERENCES pegawai (instansi_id, id) ON DELETE CASCADE
);
SELECT tenant_rls('potensi', 'SELECT, INSERT, UPDATE, DELETE');

-- The 9-box: which kotak a (kinerja, potensi) pair falls in, its label, recommendation and whether
-- it is the talent pool. instansi_id NULL rows are the shipped defaults; an instansi's own rows
-- (a complete set of nine per berlaku_mulai) replace the defaults from that date on.
CREATE TABLE talenta_kotak (
  instansi_id bigint REFERENCES instansi(id),
  berlaku_mulai date NOT NULL,
  kinerja text NOT NULL CHECK (kinerja IN ('DI_BAWAH_EKSPEKTASI','SESUAI_EKSPEKTASI','DI_ATAS_EKSPEKTASI')),
  potensi text NOT NULL CHECK (potensi IN ('RENDAH','MENENGAH','TINGGI')),
  kotak int NOT NULL CHECK (kotak BETWEEN 1 AND 9),
  label text NOT NULL CHECK (length(label) BETWEEN 2 AND 200),
  rekomendasi text NOT NULL CHECK (length(rekomendasi) BETWEEN 5 AND 1000),
  talent_pool boolean NOT NULL DEFAULT false,
  sumber text NOT NULL CHECK (length(sumber) BETWEEN 3 AND 300),
  UNIQUE NULLS NOT DISTINCT (instansi_id, berlaku_mulai, kinerja, potensi),
  UNIQUE NULLS NOT DISTINCT (instansi_id, berlaku_mulai, kotak)
);
ALTER TABLE talenta_kotak ENABLE ROW LEVEL SECURITY;
SELECT tenant_rls_force('talenta_kotak');
CREATE POLICY talenta_kotak_tenant ON talenta_kotak
  USING (instansi_id IS NULL OR instansi_id = (SELECT app_instansi_id()))
  WITH CHECK (instansi_id = (SELECT app_instansi_id()));
GRANT SELECT, INSERT, DELETE ON talenta_kotak TO kinerja_app;

-- Defaults: the layout of Permen PANRB 3/2020 (Manajemen Talenta ASN) as commonly reproduced
-- (kinerja across, potensi up; verify against the official Lampiran before user-facing use):
--   potensi TINGGI    6  8  9
--   potensi MENENGAH  3  5  7
--   potensi RENDAH    1  2  4
--                    di bawah / sesuai / di atas ekspektasi
INSERT INTO talenta_kotak (instansi_id, berlaku_mulai, kinerja, potensi, kotak, label, rekomendasi, talent_pool, sumber)
SELECT NULL, DATE '2020-01-01', k, p, n, l, r, t, 'Permen PANRB 3/2020 (Manajemen Talenta ASN), susunan 9 kotak' FROM (VALUES
 ('DI_BAWAH_EKSPEKTASI', 'RENDAH', 1, 'Kinerja di bawah ekspektasi, potensi rendah',
  'Diproses sesuai ketentuan tindak lanjut kinerja: rencana perbaikan 6 bulan, uji kompetensi, penempatan sesuai kompetensi (PP 30/2019 Pasal 56-58)', false),
 ('SESUAI_EKSPEKTASI', 'RENDAH', 2, 'Kinerja sesuai ekspektasi, potensi rendah',
  'Bimbingan kinerja, pengembangan kompetensi, penempatan yang sesuai', false),
 ('DI_BAWAH_EKSPEKTASI', 'MENENGAH', 3, 'Kinerja di bawah ekspektasi, potensi menengah',
  'Bimbingan dan konseling kinerja, pengembangan kompetensi, penempatan yang sesuai', false),
 ('DI_ATAS_EKSPEKTASI', 'RENDAH', 4, 'Kinerja di atas ekspektasi, potensi rendah',
  'Rotasi, pengembangan kompetensi', false),
 ('SESUAI_EKSPEKTASI', 'MENENGAH', 5, 'Kinerja sesuai ekspektasi, potensi menengah',
  'Penempatan yang sesuai, bimbingan kinerja, pengembangan kompetensi', false),
 ('DI_BAWAH_EKSPEKTASI', 'TINGGI', 6, 'Kinerja di bawah ekspektasi, potensi tinggi',
  'Penempatan yang sesuai, bimbingan dan konseling kinerja', false),
 ('DI_ATAS_EKSPEKTASI', 'MENENGAH', 7, 'Kinerja di atas ekspektasi, potensi menengah',
  'Dipertahankan, kelompok rencana suksesi instansi, rotasi, pengembangan kompetensi', true),
 ('SESUAI_EKSPEKTASI', 'TINGGI', 8, 'Kinerja sesuai ekspektasi, potensi tinggi',
  'Dipertahankan, kelompok rencana suksesi instansi, rotasi/perluasan jabatan, bimbingan kinerja', true),
 ('DI_ATAS_EKSPEKTASI', 'TINGGI', 9, 'Kinerja di atas ekspektasi, potensi tinggi',
  'Promosi, dipertahankan, kelompok rencana suksesi (talent pool) instansi dan nasional, penghargaan', true)
) AS d(k, p, n, l, r, t);

-- Development needs: the BerAKHLAK value a feedback/coaching entry records as below expectation
-- (a table of its own: umpan_balik's rows stay as they were, and old nodes keep writing them).
CREATE TABLE umpan_balik_perilaku (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  umpan_balik_id bigint NOT NULL,
  nilai text NOT NULL CHECK (nilai IN ('BERORIENTASI_PELAYANAN','AKUNTABEL','KOMPETEN','HARMONIS','LOYAL','ADAPTIF','KOLABORATIF')),
  PRIMARY KEY (instansi_id, umpan_balik_id),
  FOREIGN KEY (instansi_id, umpan_balik_id) REFERENCES umpan_balik (instansi_id, id) ON DELETE CASCADE
);
SELECT tenant_rls('umpan_balik_perilaku', 'SELECT, INSERT');

CREATE INDEX potensi_pegawai_tanggal ON potensi (instansi_id, pegawai_id, tanggal DESC, id DESC);
