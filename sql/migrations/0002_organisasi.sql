-- Organisation tree (unor), pegawai with status and position history, penilai overrides.
-- Owner: organisation module (src/api/unor.c, pegawai.c, penilai.c, import.c).

CREATE TABLE unor (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  parent_id bigint,
  nama text NOT NULL CHECK (length(nama) BETWEEN 1 AND 300),
  nama_jabatan text CHECK (length(nama_jabatan) <= 300),
  is_perangkat_daerah boolean NOT NULL DEFAULT false,
  kepala_pegawai_id bigint,
  kepala_plt boolean NOT NULL DEFAULT false,
  siasn_id text CHECK (length(siasn_id) BETWEEN 1 AND 64),
  -- materialized path of ids, '/1/5/23/': subtree = path LIKE '/1/5/%' (btree pattern index)
  path text NOT NULL DEFAULT '',
  berlaku_mulai date NOT NULL DEFAULT current_date,
  berlaku_selesai date,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, parent_id) REFERENCES unor (instansi_id, id),
  UNIQUE (instansi_id, siasn_id),
  CHECK (berlaku_selesai IS NULL OR berlaku_selesai >= berlaku_mulai),
  CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX unor_path_idx ON unor (instansi_id, path text_pattern_ops);
CREATE INDEX unor_parent_idx ON unor (instansi_id, parent_id);

-- Keep the materialized path right and refuse cycles; a move rewrites the subtree's paths.
CREATE FUNCTION unor_set_path() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE parent_path text;
BEGIN
  IF NEW.parent_id IS NULL THEN
    NEW.path := '/' || NEW.id || '/';
  ELSE
    SELECT path INTO parent_path FROM unor WHERE instansi_id = NEW.instansi_id AND id = NEW.parent_id;
    IF parent_path IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'KN422', MESSAGE = 'validation_failed',
        DETAIL = 'Unor induk tidak ditemukan', HINT = 'Parent unit not found';
    END IF;
    IF parent_path LIKE '%/' || NEW.id || '/%' THEN
      RAISE EXCEPTION USING ERRCODE = 'KN409', MESSAGE = 'unor_cycle',
        DETAIL = 'Unor tidak dapat dipindah ke bawah unor turunannya sendiri',
        HINT = 'A unit cannot be moved under one of its own descendants';
    END IF;
    NEW.path := parent_path || NEW.id || '/';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER unor_path_ins BEFORE INSERT ON unor FOR EACH ROW EXECUTE FUNCTION unor_set_path();
CREATE TRIGGER unor_path_upd BEFORE UPDATE OF parent_id ON unor FOR EACH ROW
  WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id) EXECUTE FUNCTION unor_set_path();

CREATE FUNCTION unor_move_subtree() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.path <> OLD.path THEN
    UPDATE unor SET path = NEW.path || substr(path, length(OLD.path) + 1)
     WHERE instansi_id = NEW.instansi_id AND path LIKE OLD.path || '_%';
  END IF;
  INSERT INTO unor_riwayat (instansi_id, unor_id, parent_id, nama, berlaku_sampai)
  VALUES (OLD.instansi_id, OLD.id, OLD.parent_id, OLD.nama, current_date);
  RETURN NULL;
END $$;

-- History of a unit's place and name, so reports for earlier periods stay right after a
-- reorganisation.
CREATE TABLE unor_riwayat (
  instansi_id bigint NOT NULL REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  unor_id bigint NOT NULL,
  parent_id bigint,
  nama text NOT NULL,
  berlaku_sampai date NOT NULL,
  PRIMARY KEY (instansi_id, id)
);
CREATE TRIGGER unor_moved AFTER UPDATE OF parent_id, nama ON unor FOR EACH ROW
  WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.nama IS DISTINCT FROM NEW.nama)
  EXECUTE FUNCTION unor_move_subtree();

CREATE TABLE pegawai (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  nip char(18) NOT NULL CHECK (nip ~ '^[0-9]{18}$'),
  nama text NOT NULL CHECK (length(nama) BETWEEN 1 AND 200),
  gelar_depan text CHECK (length(gelar_depan) <= 50),
  gelar_belakang text CHECK (length(gelar_belakang) <= 50),
  jenis_asn text NOT NULL CHECK (jenis_asn IN ('PNS','PPPK')),
  jenis_jabatan text NOT NULL CHECK (jenis_jabatan IN ('JPT','ADMINISTRATOR','PENGAWAS','PELAKSANA','FUNGSIONAL')),
  jabatan text NOT NULL CHECK (length(jabatan) BETWEEN 1 AND 300),
  jenjang_jf text CHECK (length(jenjang_jf) <= 50),
  unor_id bigint NOT NULL,
  is_plt boolean NOT NULL DEFAULT false,
  tmt_jabatan date,
  status text NOT NULL DEFAULT 'AKTIF'
    CHECK (status IN ('AKTIF','CLTN','TUGAS_BELAJAR','MPP','DIBERHENTIKAN_SEMENTARA','PENSIUN')),
  status_sejak date NOT NULL DEFAULT current_date,
  siasn_id text CHECK (length(siasn_id) BETWEEN 1 AND 64),
  kontrak_selesai date,  -- PPPK: end of the current contract (follow-up advice)
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, nip),
  UNIQUE (instansi_id, siasn_id),
  FOREIGN KEY (instansi_id, unor_id) REFERENCES unor (instansi_id, id)
);
CREATE INDEX pegawai_unor_idx ON pegawai (instansi_id, unor_id, id);
CREATE INDEX pegawai_nama_idx ON pegawai (instansi_id, lower(nama) text_pattern_ops);

ALTER TABLE unor ADD FOREIGN KEY (instansi_id, kepala_pegawai_id) REFERENCES pegawai (instansi_id, id)
  DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE instansi ADD FOREIGN KEY (id, unor_setda_id) REFERENCES unor (instansi_id, id);

-- Status and position history, written by trigger so no code path can forget it.
CREATE TABLE pegawai_status_riwayat (
  instansi_id bigint NOT NULL REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  pegawai_id bigint NOT NULL,
  status text NOT NULL,
  mulai date NOT NULL,
  selesai date,
  -- no foreign key: written only by the pegawai trigger, and a per-row RI check would make a
  -- 10,000-row import pay 10,000 extra lookups
  PRIMARY KEY (instansi_id, id)
);
CREATE INDEX pegawai_status_riwayat_idx ON pegawai_status_riwayat (instansi_id, pegawai_id, mulai);

CREATE TABLE penempatan_jabatan (
  instansi_id bigint NOT NULL REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  pegawai_id bigint NOT NULL,
  unor_id bigint NOT NULL,
  jabatan text NOT NULL,
  jenis_jabatan text NOT NULL,
  is_plt boolean NOT NULL,
  mulai date NOT NULL,
  selesai date,
  PRIMARY KEY (instansi_id, id)  -- no foreign key, as above
);
CREATE INDEX penempatan_jabatan_idx ON penempatan_jabatan (instansi_id, pegawai_id, mulai);

-- Statement-level so that a bulk import writes history in two statements, not per row.
CREATE FUNCTION pegawai_history_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pegawai_status_riwayat (instansi_id, pegawai_id, status, mulai)
  SELECT instansi_id, id, status, status_sejak FROM new_rows;
  INSERT INTO penempatan_jabatan (instansi_id, pegawai_id, unor_id, jabatan, jenis_jabatan, is_plt, mulai)
  SELECT instansi_id, id, unor_id, jabatan, jenis_jabatan, is_plt, COALESCE(tmt_jabatan, current_date) FROM new_rows;
  RETURN NULL;
END $$;

CREATE FUNCTION pegawai_history_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS pegawai_changed (instansi_id bigint, id bigint, status_changed bool,
    jabatan_changed bool, status text, status_sejak date, unor_id bigint, jabatan text,
    jenis_jabatan text, is_plt bool, tmt date) ON COMMIT DROP;
  TRUNCATE pegawai_changed;
  INSERT INTO pegawai_changed
  SELECT n.instansi_id, n.id, n.status IS DISTINCT FROM o.status,
         (n.unor_id, n.jabatan, n.jenis_jabatan, n.is_plt) IS DISTINCT FROM (o.unor_id, o.jabatan, o.jenis_jabatan, o.is_plt),
         n.status, n.status_sejak, n.unor_id, n.jabatan, n.jenis_jabatan, n.is_plt, COALESCE(n.tmt_jabatan, current_date)
    FROM new_rows n JOIN old_rows o ON o.instansi_id = n.instansi_id AND o.id = n.id;
  UPDATE pegawai_status_riwayat r SET selesai = c.status_sejak FROM pegawai_changed c
   WHERE c.status_changed AND r.instansi_id = c.instansi_id AND r.pegawai_id = c.id AND r.selesai IS NULL;
  INSERT INTO pegawai_status_riwayat (instansi_id, pegawai_id, status, mulai)
  SELECT instansi_id, id, status, status_sejak FROM pegawai_changed WHERE status_changed;
  UPDATE penempatan_jabatan r SET selesai = c.tmt FROM pegawai_changed c
   WHERE c.jabatan_changed AND r.instansi_id = c.instansi_id AND r.pegawai_id = c.id AND r.selesai IS NULL;
  INSERT INTO penempatan_jabatan (instansi_id, pegawai_id, unor_id, jabatan, jenis_jabatan, is_plt, mulai)
  SELECT instansi_id, id, unor_id, jabatan, jenis_jabatan, is_plt, tmt FROM pegawai_changed WHERE jabatan_changed;
  RETURN NULL;
END $$;
CREATE TRIGGER pegawai_history_ins AFTER INSERT ON pegawai REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pegawai_history_insert();
CREATE TRIGGER pegawai_history_upd AFTER UPDATE ON pegawai REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pegawai_history_update();

-- Penilai override per pegawai and year (Plt arrangements, JF under a team leader, ...).
CREATE TABLE penilai_override (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  pegawai_id bigint NOT NULL,
  tahun int NOT NULL CHECK (tahun BETWEEN 2022 AND 2100),
  penilai_pegawai_id bigint,
  atasan_penilai_pegawai_id bigint,
  alasan text NOT NULL CHECK (length(alasan) BETWEEN 5 AND 1000),
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, pegawai_id, tahun),
  FOREIGN KEY (instansi_id, pegawai_id) REFERENCES pegawai (instansi_id, id),
  FOREIGN KEY (instansi_id, penilai_pegawai_id) REFERENCES pegawai (instansi_id, id),
  FOREIGN KEY (instansi_id, atasan_penilai_pegawai_id) REFERENCES pegawai (instansi_id, id),
  CHECK (penilai_pegawai_id IS DISTINCT FROM pegawai_id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['unor','pegawai','penilai_override'] LOOP
    EXECUTE format('CREATE TRIGGER %I_version BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION bump_version()', t, t);
    PERFORM audit_attach(t::regclass);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['unor','pegawai','penilai_override','unor_riwayat','pegawai_status_riwayat','penempatan_jabatan'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I_tenant ON %I USING (instansi_id = (SELECT app_instansi_id())) '
                   'WITH CHECK (instansi_id = (SELECT app_instansi_id()))', t, t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON unor, pegawai, penilai_override TO kinerja_app;
GRANT SELECT, INSERT, UPDATE ON unor_riwayat, pegawai_status_riwayat, penempatan_jabatan TO kinerja_app;
