-- The organisation predikat as a versioned decision (issue 16 item 2; domain.md §5.4
-- "DITETAPKAN → REVISI with reason", §6.4 item 4 "re-check when org predikat changes"):
-- a change needs If-Match and a reason (alasan), and every setting is kept in a history.
-- Owner: assessment module (src/api/distribusi.c, sql/functions/penilaian.sql).

CREATE TABLE predikat_organisasi_riwayat (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  predikat_organisasi_id bigint NOT NULL,
  versi int NOT NULL,                 -- the version of predikat_organisasi this setting made
  predikat_lama text,                 -- NULL for the first setting
  predikat text NOT NULL,
  dasar text NOT NULL,
  alasan text CHECK (length(alasan) BETWEEN 5 AND 4000),  -- required for every change after the first
  ditetapkan_oleh text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, predikat_organisasi_id, versi),
  FOREIGN KEY (instansi_id, predikat_organisasi_id) REFERENCES predikat_organisasi (instansi_id, id)
);

SELECT tenant_rls('predikat_organisasi_riwayat', 'SELECT, INSERT');
-- A setting made before this table has no entry: the first change writes the state it replaces
-- as the entry of that version (api_predikat_organisasi_put), so no row is rewritten here.
