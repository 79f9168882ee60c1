-- Sanction cases (issue 16 item 5; domain.md R18, §7.4, §7.5): a pegawai with a low annual
-- predikat goes through stages (rencana pengembangan 6 months → uji kompetensi → pemindahan →
-- penempatan sementara up to 1 year → pemberhentian (PNS) / kontrak tidak diperpanjang (PPPK)),
-- each with a due date computed from the date the previous one was decided (src/domain/sanksi.c),
-- and the decision, its date, decree number and who recorded it. The system only tracks: the
-- decisions are the PPK's. Owner: follow-up module (src/api/sanksi.c, sql/functions/sanksi.sql).

CREATE TABLE sanksi (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  pegawai_id bigint NOT NULL,
  evaluasi_id bigint NOT NULL,        -- the year-end evaluation whose predikat opened the case
  tahun int NOT NULL,
  jenis_asn text NOT NULL CHECK (jenis_asn IN ('PNS','PPPK')),
  predikat text NOT NULL CHECK (predikat IN ('BUTUH_PERBAIKAN','KURANG','SANGAT_KURANG')),
  dasar text NOT NULL CHECK (length(dasar) BETWEEN 5 AND 4000),
  status text NOT NULL DEFAULT 'BERJALAN' CHECK (status IN ('BERJALAN','SELESAI')),
  hasil text CHECK (hasil IN ('MEMBAIK','DIPINDAHKAN','DIBERHENTIKAN','KONTRAK_TIDAK_DIPERPANJANG')),
  tanggal_mulai date NOT NULL,
  dibuka_oleh text NOT NULL,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, evaluasi_id),
  FOREIGN KEY (instansi_id, pegawai_id) REFERENCES pegawai (instansi_id, id),
  FOREIGN KEY (instansi_id, evaluasi_id) REFERENCES evaluasi (instansi_id, id),
  CHECK ((status = 'SELESAI') = (hasil IS NOT NULL))
);
-- one running case per pegawai
CREATE UNIQUE INDEX sanksi_berjalan_idx ON sanksi (instansi_id, pegawai_id) WHERE status = 'BERJALAN';

CREATE TABLE sanksi_tahap (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  sanksi_id bigint NOT NULL,
  urutan int NOT NULL CHECK (urutan BETWEEN 1 AND 10),
  tahap text NOT NULL CHECK (tahap IN ('RENCANA_PENGEMBANGAN','UJI_KOMPETENSI','PEMINDAHAN','PENEMPATAN_SEMENTARA',
                                       'PEMBERHENTIAN','PEMUTUSAN_KONTRAK')),
  tanggal_mulai date NOT NULL,
  jatuh_tempo date NOT NULL,
  keputusan text,
  tanggal_keputusan date,
  nomor_keputusan text CHECK (length(nomor_keputusan) <= 200),
  catatan text CHECK (length(catatan) <= 4000),
  diputus_oleh text,
  diputus_at timestamptz,
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, sanksi_id, urutan),
  FOREIGN KEY (instansi_id, sanksi_id) REFERENCES sanksi (instansi_id, id),
  CHECK (jatuh_tempo >= tanggal_mulai),
  CHECK ((keputusan IS NULL) = (tanggal_keputusan IS NULL))
);
-- the open stage of each case; overdue = open and jatuh_tempo < today
CREATE UNIQUE INDEX sanksi_tahap_terbuka_idx ON sanksi_tahap (instansi_id, sanksi_id) WHERE keputusan IS NULL;
CREATE INDEX sanksi_tahap_tempo_idx ON sanksi_tahap (instansi_id, jatuh_tempo) WHERE keputusan IS NULL;

SELECT tenant_rls('sanksi', 'SELECT, INSERT, UPDATE');
SELECT tenant_rls('sanksi_tahap', 'SELECT, INSERT, UPDATE');
