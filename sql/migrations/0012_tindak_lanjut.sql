-- Follow-up (tindak lanjut): JF coefficients, PPPK contract end, TPP factors, follow-up rules
-- and decisions. Rules are data, effective-dated. Owner: follow-up module (src/api/tindak_lanjut.c,
-- src/domain/tindak_lanjut.c).

CREATE TABLE angka_kredit_koefisien (
  jenjang text PRIMARY KEY,
  koefisien numeric NOT NULL CHECK (koefisien > 0)
);
-- SIASN ref "koefisien" (domain.md §7.3): ahli and keterampilan levels.
INSERT INTO angka_kredit_koefisien VALUES ('PERTAMA', 12.5), ('MUDA', 25), ('MADYA', 37.5), ('UTAMA', 50),
  ('PEMULA', 3.75), ('TERAMPIL', 5), ('MAHIR', 12.5), ('PENYELIA', 25);

CREATE TABLE tpp_faktor (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  berlaku_mulai date NOT NULL,
  predikat text NOT NULL CHECK (predikat IN ('SANGAT_BAIK','BAIK','BUTUH_PERBAIKAN','KURANG','SANGAT_KURANG')),
  persen numeric NOT NULL CHECK (persen BETWEEN 0 AND 200),
  PRIMARY KEY (instansi_id, berlaku_mulai, predikat)
);

-- Follow-up rules: instansi_id NULL rows are the shipped defaults; an instansi's own rows (any
-- berlaku_mulai) replace the defaults from that date on.
CREATE TABLE aturan_tindak_lanjut (
  instansi_id bigint REFERENCES instansi(id),
  berlaku_mulai date NOT NULL,
  kode text NOT NULL CHECK (kode ~ '^[A-Z0-9_]{2,48}$'),
  predikat text[] NOT NULL,
  tahun_berturut int NOT NULL CHECK (tahun_berturut BETWEEN 1 AND 5),
  rekomendasi text NOT NULL CHECK (length(rekomendasi) BETWEEN 5 AND 1000),
  tenggat_bulan int CHECK (tenggat_bulan BETWEEN 1 AND 36),
  UNIQUE (instansi_id, berlaku_mulai, kode)
);
INSERT INTO aturan_tindak_lanjut (instansi_id, berlaku_mulai, kode, predikat, tahun_berturut, rekomendasi, tenggat_bulan) VALUES
 (NULL, '2022-01-01', 'KELOMPOK_TALENTA', '{SANGAT_BAIK}', 2,
  'Prioritas kelompok rencana suksesi dan pengembangan kompetensi (Sangat Baik dua tahun berturut-turut)', NULL),
 (NULL, '2022-01-01', 'RENCANA_PERBAIKAN', '{KURANG,SANGAT_KURANG}', 1,
  'Rencana perbaikan kinerja dengan kesempatan 6 bulan (PP 30/2019 Pasal 56)', 6),
 (NULL, '2022-01-01', 'UJI_KOMPETENSI', '{KURANG,SANGAT_KURANG}', 2,
  'Kinerja tidak membaik: uji kompetensi kembali, lalu penempatan sesuai kompetensi, jabatan sementara paling lama 1 tahun, atau usul pemberhentian dengan hormat (PP 30/2019 Pasal 56-58)', 3);

CREATE TABLE tindak_lanjut_keputusan (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  kasus text NOT NULL,             -- "<nip>-<tahun>-<kode>", the recommendation's id
  pegawai_id bigint NOT NULL,
  tahun int NOT NULL,
  kode text NOT NULL,
  rekomendasi text NOT NULL,
  tenggat date,
  keputusan text NOT NULL CHECK (keputusan IN ('DITERIMA','DITOLAK')),
  alasan text NOT NULL CHECK (length(alasan) BETWEEN 5 AND 2000),
  pejabat text NOT NULL CHECK (length(pejabat) BETWEEN 3 AND 300),
  diputus_oleh text NOT NULL,
  diputus_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, kasus),
  FOREIGN KEY (instansi_id, pegawai_id) REFERENCES pegawai (instansi_id, id)
);

SELECT audit_attach('tpp_faktor'::regclass);
SELECT audit_attach('tindak_lanjut_keputusan'::regclass);
ALTER TABLE tpp_faktor ENABLE ROW LEVEL SECURITY;
CREATE POLICY tpp_faktor_tenant ON tpp_faktor USING (instansi_id = (SELECT app_instansi_id()))
  WITH CHECK (instansi_id = (SELECT app_instansi_id()));
ALTER TABLE tindak_lanjut_keputusan ENABLE ROW LEVEL SECURITY;
CREATE POLICY tindak_lanjut_keputusan_tenant ON tindak_lanjut_keputusan USING (instansi_id = (SELECT app_instansi_id()))
  WITH CHECK (instansi_id = (SELECT app_instansi_id()));
ALTER TABLE aturan_tindak_lanjut ENABLE ROW LEVEL SECURITY;
CREATE POLICY aturan_tindak_lanjut_tenant ON aturan_tindak_lanjut
  USING (instansi_id IS NULL OR instansi_id = (SELECT app_instansi_id()))
  WITH CHECK (instansi_id = (SELECT app_instansi_id()));

GRANT SELECT ON angka_kredit_koefisien TO kinerja_app;
GRANT SELECT, INSERT, DELETE ON tpp_faktor TO kinerja_app;
GRANT SELECT, INSERT, DELETE ON aturan_tindak_lanjut TO kinerja_app;
GRANT SELECT, INSERT ON tindak_lanjut_keputusan TO kinerja_app;
SELECT audit_attach('aturan_tindak_lanjut'::regclass);
