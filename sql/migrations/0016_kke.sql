-- Kertas kerja evaluasi (KKE): immutable snapshots of the data-quality checks per Perangkat
-- Daerah, their findings, and the worksheet workflow. Owner: KKE module (src/api/kke.c,
-- src/domain/kke.c).
CREATE TABLE kke (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  unor_id bigint NOT NULL,
  tahun int NOT NULL CHECK (tahun BETWEEN 2022 AND 2100),
  semester int NOT NULL CHECK (semester IN (1, 2)),
  skor numeric(5,1) NOT NULL,
  ringkasan jsonb NOT NULL,            -- per check: kode, judul, severity, diperiksa, temuan, kepatuhan
  status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT','DIJAWAB_PD','DIVERIFIKASI','SELESAI')),
  dibuat_oleh text NOT NULL,
  riwayat_status jsonb NOT NULL DEFAULT '[]',
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, unor_id) REFERENCES unor (instansi_id, id)
);
CREATE INDEX kke_unor_idx ON kke (instansi_id, unor_id, tahun, semester, id);

CREATE TABLE kke_temuan (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  kke_id bigint NOT NULL,
  kode text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('E','W')),
  entitas text NOT NULL,
  entitas_id text NOT NULL,
  nip text,
  pesan text NOT NULL,
  perbaikan text NOT NULL,
  masih_ditemukan boolean NOT NULL DEFAULT false,  -- answered "fixed" in an earlier run, found again
  jawaban_status text CHECK (jawaban_status IN ('DIPERBAIKI','DIJELASKAN','DISANGGAH')),
  jawaban text CHECK (length(jawaban) <= 2000),
  dijawab_oleh text,
  verifikasi text CHECK (verifikasi IN ('DITERIMA','TIDAK_DITERIMA')),
  catatan_verifikasi text CHECK (length(catatan_verifikasi) <= 2000),
  diverifikasi_oleh text,
  version int NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, kke_id) REFERENCES kke (instansi_id, id) ON DELETE CASCADE
);
CREATE INDEX kke_temuan_idx ON kke_temuan (instansi_id, kke_id, id);
-- "fixed but still found": earlier findings of the same entity and check
CREATE INDEX kke_temuan_entitas_idx ON kke_temuan (instansi_id, entitas, entitas_id, kode);

-- The snapshot is immutable: only the worksheet fields may change after it is written.
CREATE FUNCTION kke_temuan_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.kke_id, NEW.kode, NEW.severity, NEW.entitas, NEW.entitas_id, NEW.nip, NEW.pesan, NEW.masih_ditemukan)
     IS DISTINCT FROM (OLD.kke_id, OLD.kode, OLD.severity, OLD.entitas, OLD.entitas_id, OLD.nip, OLD.pesan, OLD.masih_ditemukan) THEN
    RAISE EXCEPTION USING ERRCODE = 'KN409', MESSAGE = 'conflict', DETAIL = 'Temuan KKE tidak dapat diubah', HINT = 'KKE findings are immutable';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER kke_temuan_immutable BEFORE UPDATE ON kke_temuan FOR EACH ROW EXECUTE FUNCTION kke_temuan_immutable();
CREATE FUNCTION kke_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.unor_id, NEW.tahun, NEW.semester, NEW.skor, NEW.ringkasan) IS DISTINCT FROM
     (OLD.unor_id, OLD.tahun, OLD.semester, OLD.skor, OLD.ringkasan) THEN
    RAISE EXCEPTION USING ERRCODE = 'KN409', MESSAGE = 'conflict', DETAIL = 'Hasil KKE tidak dapat diubah', HINT = 'KKE results are immutable';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER kke_immutable BEFORE UPDATE ON kke FOR EACH ROW EXECUTE FUNCTION kke_immutable();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['kke','kke_temuan'] LOOP
    EXECUTE format('CREATE TRIGGER %I_version BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION bump_version()', t, t);
    PERFORM audit_attach(t::regclass);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I_tenant ON %I USING (instansi_id = (SELECT app_instansi_id())) '
                   'WITH CHECK (instansi_id = (SELECT app_instansi_id()))', t, t);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE ON kke, kke_temuan TO kinerja_app;
