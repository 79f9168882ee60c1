-- Assessment (penilaian): evaluations per SKP period, organisation predikat, the distribution
-- curve as data, the org-predikat → rating mapping as data, keberatan.
-- Owner: assessment module (src/api/evaluasi.c, distribusi.c; src/domain/distribusi.c, evaluasi.c).

ALTER TABLE instansi ADD COLUMN keberatan_hari int NOT NULL DEFAULT 14 CHECK (keberatan_hari BETWEEN 1 AND 90);

CREATE TABLE evaluasi (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  periode_id bigint NOT NULL,
  skp_id bigint NOT NULL,
  status text NOT NULL DEFAULT 'TERBUKA' CHECK (status IN ('TERBUKA','DINILAI','DITETAPKAN','KEBERATAN','FINAL')),
  rating_hasil_kerja text CHECK (rating_hasil_kerja IN ('DI_ATAS_EKSPEKTASI','SESUAI_EKSPEKTASI','DI_BAWAH_EKSPEKTASI')),
  rating_perilaku text CHECK (rating_perilaku IN ('DI_ATAS_EKSPEKTASI','SESUAI_EKSPEKTASI','DI_BAWAH_EKSPEKTASI')),
  predikat text CHECK (predikat IN ('SANGAT_BAIK','BAIK','BUTUH_PERBAIKAN','KURANG','SANGAT_KURANG')),
  catatan text CHECK (length(catatan) <= 4000),
  dinilai_oleh text,
  ditetapkan_at timestamptz,
  override_distribusi_alasan text,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, periode_id),
  FOREIGN KEY (instansi_id, periode_id) REFERENCES periode (instansi_id, id) ON DELETE CASCADE,
  FOREIGN KEY (instansi_id, skp_id) REFERENCES skp (instansi_id, id) ON DELETE CASCADE,
  CHECK ((predikat IS NULL) = (rating_hasil_kerja IS NULL OR rating_perilaku IS NULL))
);
CREATE INDEX evaluasi_skp_idx ON evaluasi (instansi_id, skp_id);

-- Every period gets its evaluation.
CREATE FUNCTION evaluasi_for_new_periode() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO evaluasi (instansi_id, periode_id, skp_id)
  SELECT instansi_id, id, skp_id FROM new_rows ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER periode_evaluasi AFTER INSERT ON periode REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION evaluasi_for_new_periode();

CREATE TABLE predikat_organisasi (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  unor_id bigint NOT NULL,
  tahun int NOT NULL CHECK (tahun BETWEEN 2022 AND 2100),
  jenis text NOT NULL CHECK (jenis IN ('BULANAN','TRIWULAN')),
  nomor int NOT NULL CHECK (nomor BETWEEN 1 AND 12),
  predikat text NOT NULL CHECK (predikat IN ('ISTIMEWA','BAIK','BUTUH_PERBAIKAN','KURANG','SANGAT_KURANG')),
  dasar text NOT NULL CHECK (length(dasar) BETWEEN 5 AND 4000),
  ditetapkan_oleh text NOT NULL,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, unor_id, tahun, jenis, nomor),
  FOREIGN KEY (instansi_id, unor_id) REFERENCES unor (instansi_id, id)
);

-- The distribution curve as data (domain.md §6.4), versioned by berlaku_mulai: a regulation
-- change is a new set of rows, and last year's evaluations keep last year's rules.
CREATE TABLE distribusi_aturan (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  berlaku_mulai date NOT NULL,
  predikat_organisasi text NOT NULL CHECK (predikat_organisasi IN ('ISTIMEWA','BAIK','BUTUH_PERBAIKAN','KURANG','SANGAT_KURANG')),
  kode text NOT NULL,
  predikat text[] NOT NULL,
  operasi text NOT NULL CHECK (operasi IN ('MAX_PCT','MIN_PCT','MIN_COUNT','LARGEST')),
  nilai numeric NOT NULL DEFAULT 0,
  keterangan text NOT NULL,
  UNIQUE (berlaku_mulai, predikat_organisasi, kode)
);
INSERT INTO distribusi_aturan (berlaku_mulai, predikat_organisasi, kode, predikat, operasi, nilai, keterangan) VALUES
 ('2023-01-01','ISTIMEWA','ISTIMEWA_SB_MAKS_70','{SANGAT_BAIK}','MAX_PCT',70,'Sangat Baik paling banyak 70%'),
 ('2023-01-01','ISTIMEWA','ISTIMEWA_SB_TERBANYAK','{SANGAT_BAIK}','LARGEST',0,'Sangat Baik kelompok terbanyak'),
 ('2023-01-01','BAIK','BAIK_B_MAKS_70','{BAIK}','MAX_PCT',70,'Baik paling banyak 70%'),
 ('2023-01-01','BAIK','BAIK_B_TERBANYAK','{BAIK}','LARGEST',0,'Baik kelompok terbanyak'),
 ('2023-01-01','BAIK','BAIK_MIN_BP_ATAU_K','{BUTUH_PERBAIKAN,KURANG}','MIN_COUNT',1,'Minimal satu pegawai Butuh Perbaikan dan/atau Kurang'),
 ('2023-01-01','BUTUH_PERBAIKAN','BP_SB_MAKS_10','{SANGAT_BAIK}','MAX_PCT',10,'Sangat Baik paling banyak 10%'),
 ('2023-01-01','BUTUH_PERBAIKAN','BP_BP_MIN_60','{BUTUH_PERBAIKAN}','MIN_PCT',60,'Butuh Perbaikan paling sedikit 60%'),
 ('2023-01-01','KURANG','KURANG_SB_MAKS_10','{SANGAT_BAIK}','MAX_PCT',10,'Sangat Baik paling banyak 10%'),
 ('2023-01-01','KURANG','KURANG_BP_MIN_10','{BUTUH_PERBAIKAN}','MIN_PCT',10,'Butuh Perbaikan paling sedikit 10%'),
 ('2023-01-01','KURANG','KURANG_K_MIN_60','{KURANG}','MIN_PCT',60,'Kurang paling sedikit 60%'),
 ('2023-01-01','SANGAT_KURANG','SK_SB_NOL','{SANGAT_BAIK}','MAX_PCT',0,'Tidak ada Sangat Baik'),
 ('2023-01-01','SANGAT_KURANG','SK_BP_K_MIN_10','{BUTUH_PERBAIKAN,KURANG}','MIN_PCT',10,'Butuh Perbaikan dan/atau Kurang paling sedikit 10%'),
 ('2023-01-01','SANGAT_KURANG','SK_SK_MIN_60','{SANGAT_KURANG}','MIN_PCT',60,'Sangat Kurang paling sedikit 60%');

-- Unit heads: rating hasil kerja follows the unit's predikat (domain.md §6.2 item 4). Rows with
-- instansi_id NULL are the defaults; an instansi may add its own rows.
CREATE TABLE predikat_organisasi_rating (
  instansi_id bigint REFERENCES instansi(id),
  predikat_organisasi text NOT NULL,
  rating text NOT NULL CHECK (rating IN ('DI_ATAS_EKSPEKTASI','SESUAI_EKSPEKTASI','DI_BAWAH_EKSPEKTASI')),
  UNIQUE (instansi_id, predikat_organisasi)
);
INSERT INTO predikat_organisasi_rating (instansi_id, predikat_organisasi, rating) VALUES
 (NULL,'ISTIMEWA','DI_ATAS_EKSPEKTASI'), (NULL,'BAIK','SESUAI_EKSPEKTASI'),
 (NULL,'BUTUH_PERBAIKAN','DI_BAWAH_EKSPEKTASI'), (NULL,'KURANG','DI_BAWAH_EKSPEKTASI'),
 (NULL,'SANGAT_KURANG','DI_BAWAH_EKSPEKTASI');

CREATE TABLE keberatan (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  evaluasi_id bigint NOT NULL,
  alasan text NOT NULL CHECK (length(alasan) BETWEEN 5 AND 4000),
  status text NOT NULL DEFAULT 'DIAJUKAN' CHECK (status IN ('DIAJUKAN','DITERIMA','DITOLAK')),
  predikat_lama text,
  predikat_baru text,
  catatan_keputusan text,
  diputus_oleh text,
  diputus_at timestamptz,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, evaluasi_id),
  FOREIGN KEY (instansi_id, evaluasi_id) REFERENCES evaluasi (instansi_id, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['evaluasi','predikat_organisasi','keberatan'] LOOP
    EXECUTE format('CREATE TRIGGER %I_version BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION bump_version()', t, t);
    PERFORM audit_attach(t::regclass);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I_tenant ON %I USING (instansi_id = (SELECT app_instansi_id())) '
                   'WITH CHECK (instansi_id = (SELECT app_instansi_id()))', t, t);
  END LOOP;
END $$;
ALTER TABLE predikat_organisasi_rating ENABLE ROW LEVEL SECURITY;
CREATE POLICY predikat_organisasi_rating_tenant ON predikat_organisasi_rating
  USING (instansi_id IS NULL OR instansi_id = (SELECT app_instansi_id()));

GRANT SELECT, INSERT, UPDATE ON evaluasi, predikat_organisasi, keberatan TO kinerja_app;
GRANT SELECT ON distribusi_aturan, predikat_organisasi_rating TO kinerja_app;
