-- SIASN (BKN) connector: call log, SIASN row ids of pushed evaluations, imported SIASN /
-- e-Kinerja results and their reconciliation with local evaluations (domain.md §9).
-- Owner: integration (src/sync/*.c, src/api/sync.c, src/domain/siasn.c).

-- Every call to SIASN: append-only (the server role may insert and read, never change).
CREATE TABLE siasn_sync_log (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  arah text NOT NULL CHECK (arah IN ('PULL','PUSH','IMPORT')),
  metode text NOT NULL CHECK (metode IN ('GET','POST','DELETE')),
  endpoint text NOT NULL CHECK (length(endpoint) <= 300),
  entitas text CHECK (entitas IN ('unor','pegawai','evaluasi')),
  entitas_id text,
  request_sha256 text CHECK (request_sha256 ~ '^[0-9a-f]{64}$'),
  http_status int,                 -- NULL: no answer (timeout, connection refused)
  siasn_id text CHECK (length(siasn_id) <= 64),
  pesan text CHECK (length(pesan) <= 1000),
  percobaan int NOT NULL CHECK (percobaan BETWEEN 1 AND 20),
  durasi_ms int NOT NULL DEFAULT 0,
  berhasil boolean NOT NULL,
  actor text NOT NULL DEFAULT COALESCE(NULLIF(current_setting('app.actor', true), ''), 'system'),
  request_id text DEFAULT NULLIF(current_setting('app.request_id', true), ''),
  PRIMARY KEY (instansi_id, id)
);
CREATE INDEX siasn_sync_log_entitas_idx ON siasn_sync_log (instansi_id, entitas, entitas_id, id);

-- The SIASN history row an evaluation was written to: a re-push sends this id, so SIASN
-- updates the same row. One evaluation may feed a periodic row and (year-end) an annual row.
CREATE TABLE siasn_evaluasi (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  evaluasi_id bigint NOT NULL,
  jenis text NOT NULL CHECK (jenis IN ('TAHUNAN','PERIODIK')),
  siasn_id text NOT NULL CHECK (length(siasn_id) BETWEEN 1 AND 64),
  -- SHA-256 of the values sent (the body without its "id"): KKE K19 compares it with today's
  payload_sha256 text NOT NULL CHECK (payload_sha256 ~ '^[0-9a-f]{64}$'),
  disinkron_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, evaluasi_id, jenis),
  FOREIGN KEY (instansi_id, evaluasi_id) REFERENCES evaluasi (instansi_id, id) ON DELETE CASCADE
);

-- Results read from SIASN (rw-skp22: annual, rw-kinerjaperiodik: periodic), e.g. written by
-- e-Kinerja, kept as read (codes) for reconciliation; never copied into local evaluations.
CREATE TABLE siasn_hasil (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  pegawai_id bigint NOT NULL,
  tahun int NOT NULL CHECK (tahun BETWEEN 2022 AND 2100),
  jenis text NOT NULL CHECK (jenis IN ('TAHUNAN','PERIODIK')),
  siasn_id text NOT NULL CHECK (length(siasn_id) BETWEEN 1 AND 64),
  bulan_mulai int CHECK (bulan_mulai BETWEEN 1 AND 12),
  bulan_selesai int CHECK (bulan_selesai BETWEEN 1 AND 12),
  periodik_id int,
  rating_hasil_kerja text,
  rating_perilaku text,
  predikat text CHECK (predikat IN ('SANGAT_BAIK','BAIK','BUTUH_PERBAIKAN','KURANG','SANGAT_KURANG')),
  penilai_nip text,
  penilai_nama text,
  diimpor_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, jenis, siasn_id),
  FOREIGN KEY (instansi_id, pegawai_id) REFERENCES pegawai (instansi_id, id)
);
CREATE INDEX siasn_hasil_pegawai_idx ON siasn_hasil (instansi_id, tahun, pegawai_id);

SELECT audit_attach('siasn_evaluasi');
SELECT audit_attach('siasn_hasil');
SELECT tenant_rls('siasn_sync_log', 'SELECT, INSERT');
SELECT tenant_rls('siasn_evaluasi', 'SELECT, INSERT, UPDATE');
SELECT tenant_rls('siasn_hasil', 'SELECT, INSERT, UPDATE, DELETE');
