-- Module kke: facts for the data-quality checks, snapshots and the worksheet workflow.
-- Owner: KKE module (src/api/kke.c, kke_tambahan.c, kke_k19.c; rules in src/domain/kke*.c).

-- The snapshot is immutable: only the worksheet fields may change after it is written.
CREATE OR REPLACE FUNCTION kke_temuan_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.kke_id, NEW.kode, NEW.severity, NEW.entitas, NEW.entitas_id, NEW.nip, NEW.pesan, NEW.masih_ditemukan)
     IS DISTINCT FROM (OLD.kke_id, OLD.kode, OLD.severity, OLD.entitas, OLD.entitas_id, OLD.nip, OLD.pesan, OLD.masih_ditemukan) THEN
    RAISE EXCEPTION USING ERRCODE = 'KN409', MESSAGE = 'conflict', DETAIL = 'Temuan KKE tidak dapat diubah', HINT = 'KKE findings are immutable';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION kke_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.unor_id, NEW.tahun, NEW.semester, NEW.skor, NEW.ringkasan) IS DISTINCT FROM
     (OLD.unor_id, OLD.tahun, OLD.semester, OLD.skor, OLD.ringkasan) THEN
    RAISE EXCEPTION USING ERRCODE = 'KN409', MESSAGE = 'conflict', DETAIL = 'Hasil KKE tidak dapat diubah', HINT = 'KKE results are immutable';
  END IF;
  RETURN NEW;
END $$;

-- SQL side of the KKE: one document of facts per Perangkat Daerah and semester (the checks are
-- evaluated in C, src/api/kke.c with src/domain/kke.c), and the snapshot writes.
-- Owner: KKE module.
CREATE OR REPLACE FUNCTION kke_data(uid bigint, th int, sem int) RETURNS json LANGUAGE sql STABLE AS $$
  WITH pd AS (SELECT * FROM unor WHERE instansi_id = app_instansi_id() AND id = uid),
  win AS (SELECT make_date(th, CASE WHEN sem = 1 THEN 1 ELSE 7 END, 1) AS a,
                 least(make_date(th, CASE WHEN sem = 1 THEN 6 ELSE 12 END, CASE WHEN sem = 1 THEN 30 ELSE 31 END),
                       current_date - 1) AS b),
  peg AS (SELECT p.* FROM pegawai p JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id, pd
           WHERE p.instansi_id = pd.instansi_id AND u.path LIKE pd.path || '%'),
  -- an SKP's indicators counted once per SKP, not once per period (12 monthly periods each)
  sk AS MATERIALIZED (SELECT s.*, peg.nip, (SELECT count(*) FROM indikator i JOIN rhk r ON r.instansi_id = i.instansi_id AND r.id = i.rhk_id
                                   WHERE r.instansi_id = s.instansi_id AND r.skp_id = s.id) AS indikator_n
          FROM skp s JOIN peg ON peg.instansi_id = s.instansi_id AND peg.id = s.pegawai_id
          WHERE s.tahun = th),
  per AS (SELECT p.*, sk.nip, sk.pegawai_id, sk.unor_id AS skp_unor, sk.indikator_n
            FROM periode p JOIN sk ON sk.instansi_id = p.instansi_id AND sk.id = p.skp_id, win
           WHERE p.tanggal_akhir BETWEEN win.a AND win.b),
  bk AS (SELECT b.id, b.sha256, b.tanggal, (b.created_at AT TIME ZONE 'UTC')::date AS diunggah, p.id AS periode_id,
                p.nip, p.tanggal_awal, p.tanggal_akhir, x.indikator_id, i.rhk_id, r.rhk_atasan_id
           FROM per p JOIN realisasi x ON x.instansi_id = p.instansi_id AND x.periode_id = p.id
           JOIN bukti b ON b.instansi_id = x.instansi_id AND b.realisasi_id = x.id
           JOIN indikator i ON i.instansi_id = x.instansi_id AND i.id = x.indikator_id
           JOIN rhk r ON r.instansi_id = i.instansi_id AND r.id = i.rhk_id),
  -- the organisation's rating per period kind and number (at most 12 rows)
  org AS MATERIALIZED (SELECT o.jenis, o.nomor, (SELECT r.rating FROM predikat_organisasi_rating r
                              WHERE r.predikat_organisasi = o.predikat AND (r.instansi_id IS NULL OR r.instansi_id = o.instansi_id)
                              ORDER BY r.instansi_id NULLS LAST LIMIT 1) AS rating
                         FROM predikat_organisasi o, pd WHERE o.instansi_id = pd.instansi_id AND o.unor_id = pd.id AND o.tahun = th)
  SELECT json_build_object(
    'tahun', th, 'semester', sem, 'today', current_date,
    'pengaturan', (SELECT json_build_object('kke_mutasi_hari', i.kke_mutasi_hari, 'kke_templat_pegawai', i.kke_templat_pegawai,
                     'keberatan_putus_hari', i.keberatan_putus_hari, 'tenggang_realisasi_hari', i.tenggang_realisasi_hari)
                     FROM instansi i WHERE i.id = app_instansi_id()),
    -- K13: every evidence item of the window's periods, with what it supports, and for a file the
    -- other evidence items anywhere in the instansi with the same content (sha256) for another
    -- indicator (C decides which of those are unrelated: dom_kke_k13_related)
    'bukti', (SELECT COALESCE(json_agg(json_build_object('id', bk.id, 'nip', bk.nip, 'periode_id', bk.periode_id,
                  'tanggal', bk.tanggal, 'diunggah', bk.diunggah, 'awal', bk.tanggal_awal, 'akhir', bk.tanggal_akhir,
                  'indikator_id', bk.indikator_id, 'rhk_id', bk.rhk_id, 'rhk_atasan_id', bk.rhk_atasan_id,
                  'sama', (SELECT COALESCE(json_agg(json_build_object('id', o.id, 'indikator_id', ox.indikator_id,
                              'rhk_id', oi.rhk_id, 'rhk_atasan_id', orr.rhk_atasan_id,
                              'nip', (SELECT g.nip FROM skp os JOIN pegawai g ON g.instansi_id = os.instansi_id AND g.id = os.pegawai_id
                                       WHERE os.instansi_id = orr.instansi_id AND os.id = orr.skp_id)) ORDER BY o.id), '[]'::json)
                             FROM bukti o JOIN realisasi ox ON ox.instansi_id = o.instansi_id AND ox.id = o.realisasi_id
                             JOIN indikator oi ON oi.instansi_id = ox.instansi_id AND oi.id = ox.indikator_id
                             JOIN rhk orr ON orr.instansi_id = oi.instansi_id AND orr.id = oi.rhk_id
                            WHERE bk.sha256 IS NOT NULL AND o.instansi_id = app_instansi_id() AND o.sha256 = bk.sha256
                              AND o.id <> bk.id AND ox.indikator_id <> bk.indikator_id))
                  ORDER BY bk.id), '[]'::json) FROM bk),
    'pegawai', (SELECT COALESCE(json_agg(json_build_object('id', peg.id, 'nip', peg.nip, 'status', peg.status,
                  'jenis_jabatan', peg.jenis_jabatan, 'jenjang_jf', peg.jenjang_jf,
                  'koefisien', EXISTS (SELECT 1 FROM angka_kredit_koefisien k WHERE k.jenjang = peg.jenjang_jf))
                  ORDER BY peg.id), '[]'::json) FROM peg),
    'skp', (SELECT COALESCE(json_agg(json_build_object('id', s.id, 'pegawai_id', s.pegawai_id,
                  'nip', (SELECT nip FROM pegawai WHERE instansi_id = s.instansi_id AND id = s.pegawai_id), 'status', s.status,
                  'jenis_skp', s.jenis_skp, 'periode_awal', s.periode_awal, 'periode_akhir', s.periode_akhir,
                  'ditetapkan', (s.tanggal_ditetapkan AT TIME ZONE 'UTC')::date, 'batas', (SELECT skp_deadline(th)),
                  'tmt', (SELECT tmt_jabatan FROM pegawai WHERE instansi_id = s.instansi_id AND id = s.pegawai_id),
                  'facts', skp_counts(s)) ORDER BY s.id), '[]'::json)
              FROM (SELECT * FROM skp WHERE id IN (SELECT id FROM sk) AND instansi_id = app_instansi_id()) s),
    'rhk', (SELECT COALESCE(json_agg(json_build_object('id', r.id, 'skp_id', r.skp_id, 'nip', sk.nip, 'jenis', r.jenis_rhk,
                  'uraian', r.uraian, 'perspektif', r.perspektif, 'jenis_skp', sk.jenis_skp) ORDER BY r.id), '[]'::json)
              FROM rhk r JOIN sk ON sk.instansi_id = r.instansi_id AND sk.id = r.skp_id),
    'indikator', (SELECT COALESCE(json_agg(json_build_object('id', i.id, 'skp_id', sk.id, 'nip', sk.nip,
                  'uraian', i.uraian, 'target_teks', i.target_teks, 'kuantitatif', sk.pendekatan = 'KUANTITATIF',
                  'target_angka', i.target_min IS NOT NULL AND i.satuan IS NOT NULL) ORDER BY i.id), '[]'::json)
              FROM indikator i JOIN rhk r ON r.instansi_id = i.instansi_id AND r.id = i.rhk_id
              JOIN sk ON sk.instansi_id = r.instansi_id AND sk.id = r.skp_id),
    'perilaku_ekspektasi', (SELECT COALESCE(json_object_agg(sk.id, (SELECT count(*) FROM skp_perilaku b
                  WHERE b.instansi_id = sk.instansi_id AND b.skp_id = sk.id AND b.ekspektasi_khusus IS NOT NULL)), '{}'::json) FROM sk),
    -- per period: its realisasi counted in one pass (the count and those without valid evidence),
    -- the evaluation and the organisation's rating joined. Only the period CTE is scanned, the
    -- rest are index probes or the tiny org: a join of two CTEs is planned from estimates of one
    -- row each (generic plan) as a nested loop, quadratic in the periods of a large PD.
    'periode', (SELECT COALESCE(json_agg(json_build_object('id', p.id, 'skp_id', p.skp_id, 'nip', p.nip, 'jenis', p.jenis,
                  'nomor', p.nomor, 'indikator_n', p.indikator_n, 'realisasi_n', x.n, 'tanpa_bukti_valid', x.tanpa,
                  'umpan_balik_n', (SELECT count(*) FROM umpan_balik u WHERE u.instansi_id = p.instansi_id AND u.periode_id = p.id),
                  'evaluasi', CASE WHEN e.id IS NOT NULL THEN json_build_object('id', e.id, 'status', e.status, 'predikat', e.predikat,
                                 'hk', e.rating_hasil_kerja, 'pk', e.rating_perilaku) END,
                  'kepala_unit', (SELECT kepala_pegawai_id FROM pd) = p.pegawai_id,
                  'rating_organisasi', org.rating)
                  ORDER BY p.id), '[]'::json)
                  FROM per p
                  CROSS JOIN LATERAL (SELECT count(*) AS n, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM bukti b
                                        WHERE b.instansi_id = x.instansi_id AND b.realisasi_id = x.id AND b.status_verifikasi = 'VALID')) AS tanpa
                                        FROM realisasi x WHERE x.instansi_id = p.instansi_id AND x.periode_id = p.id) x
                  LEFT JOIN evaluasi e ON e.instansi_id = p.instansi_id AND e.periode_id = p.id
                  LEFT JOIN org ON org.jenis = p.jenis AND org.nomor = p.nomor),
    'distribusi', (SELECT COALESCE(json_agg(distribusi_data(uid, th, k.jenis, k.nomor, NULL) ORDER BY k.jenis, k.nomor), '[]'::json)
                     FROM (SELECT DISTINCT jenis, nomor FROM per) k),
    'keberatan', (SELECT COALESCE(json_agg(json_build_object('id', k.id, 'nip', s.nip, 'status', k.status,
                  'diajukan', (k.created_at AT TIME ZONE 'UTC')::date, 'diputus', (k.diputus_at AT TIME ZONE 'UTC')::date)), '[]'::json)
                  FROM keberatan k JOIN evaluasi e ON e.instansi_id = k.instansi_id AND e.id = k.evaluasi_id
                  JOIN sk s ON s.instansi_id = e.instansi_id AND s.id = e.skp_id)) $$;

CREATE OR REPLACE FUNCTION kke_json(k kke) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', k.id, 'unor_id', k.unor_id, 'tahun', k.tahun, 'semester', k.semester, 'skor', k.skor,
    'status', k.status, 'ringkasan', k.ringkasan, 'dibuat_oleh', k.dibuat_oleh, 'riwayat_status', k.riwayat_status,
    'jumlah_temuan', (SELECT count(*) FROM kke_temuan t WHERE t.instansi_id = k.instansi_id AND t.kke_id = k.id),
    'version', k.version, 'created_at', k.created_at) $$;

CREATE OR REPLACE FUNCTION kke_for(kid bigint) RETURNS kke LANGUAGE plpgsql STABLE AS $$
DECLARE k kke; u unor;
BEGIN
  SELECT * INTO k FROM kke WHERE instansi_id = app_instansi_id() AND id = kid;
  IF k.id IS NOT NULL THEN SELECT * INTO u FROM unor WHERE instansi_id = k.instansi_id AND id = k.unor_id; END IF;
  -- a run over every PD (no unor_id) is visible to whole-instansi scopes only
  IF k.id IS NULL OR NOT COALESCE(u.path LIKE app_scope_path() || '%', app_scope_path() = '/', false) THEN
    PERFORM kn_raise('404', 'not_found', 'KKE ' || kid || ' tidak ditemukan', 'KKE ' || kid || ' not found');
  END IF;
  RETURN k;
END $$;

-- Store a run: the snapshot and its findings in one statement. temuan: rows [kode, entitas,
-- entitas_id, nip, pesan] in the order found; katalog: {kode: [severity, perbaikan]} (the catalogue
-- once, not its texts in every row). A finding that an earlier run of the same PD and semester had
-- answered DIPERBAIKI ("fixed") but that this run still finds is flagged: the answered findings
-- are read once (partial index kke_temuan_diperbaiki_idx, 0150), not probed per finding.
-- The findings are data of the run (kke_id): the audit trail records the run, its kke row (who,
-- when, the PD, score and summary), not one row per finding (sql/functions/audit.sql).
CREATE OR REPLACE FUNCTION api_kke_simpan(uid bigint, th int, sem int, skor numeric, ringkasan jsonb, katalog jsonb, temuan jsonb)
RETURNS json LANGUAGE plpgsql AS $$
DECLARE k kke;
BEGIN
  INSERT INTO kke (unor_id, tahun, semester, skor, ringkasan, dibuat_oleh)
  VALUES (uid, th, sem, skor, ringkasan, current_setting('app.actor', true)) RETURNING * INTO k;
  INSERT INTO kke_temuan (kke_id, kode, severity, entitas, entitas_id, nip, pesan, perbaikan, masih_ditemukan)
  SELECT k.id, t.f->>0, katalog->(t.f->>0)->>0, t.f->>1, t.f->>2, t.f->>3, t.f->>4, katalog->(t.f->>0)->>1,
         d.kode IS NOT NULL
    FROM jsonb_array_elements(temuan) WITH ORDINALITY t(f, n)
    LEFT JOIN (SELECT DISTINCT o.kode, o.entitas, o.entitas_id
                 FROM kke ok JOIN kke_temuan o ON o.instansi_id = ok.instansi_id AND o.kke_id = ok.id
                WHERE ok.instansi_id = k.instansi_id AND ok.unor_id = uid AND ok.tahun = th AND ok.semester = sem
                  AND ok.id < k.id AND o.jawaban_status = 'DIPERBAIKI') d
      ON d.kode = t.f->>0 AND d.entitas = t.f->>1 AND d.entitas_id = t.f->>2
   ORDER BY t.n;
  RETURN kke_json(k);
END $$;

CREATE OR REPLACE FUNCTION kke_temuan_json(t kke_temuan) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', t.id, 'kke_id', t.kke_id, 'kode', t.kode, 'severity', t.severity, 'entitas', t.entitas,
    'entitas_id', t.entitas_id, 'nip', t.nip, 'pesan', t.pesan, 'perbaikan', t.perbaikan,
    'masih_ditemukan', t.masih_ditemukan, 'jawaban_status', t.jawaban_status, 'jawaban', t.jawaban,
    'dijawab_oleh', t.dijawab_oleh, 'verifikasi', t.verifikasi, 'catatan_verifikasi', t.catatan_verifikasi,
    'diverifikasi_oleh', t.diverifikasi_oleh, 'version', t.version) $$;

CREATE OR REPLACE FUNCTION api_kke_temuan_patch(kid bigint, tid bigint, b jsonb, peran text, expected int)
RETURNS json LANGUAGE plpgsql AS $$
DECLARE k kke := kke_for(kid); t kke_temuan;
BEGIN
  PERFORM check_version((SELECT x.version FROM kke_temuan x WHERE x.instansi_id = k.instansi_id AND x.kke_id = k.id
                           AND x.id = tid FOR UPDATE), expected);
  IF (peran = 'PD' AND k.status <> 'DRAFT') OR (peran = 'BKPSDM' AND k.status <> 'DIJAWAB_PD') THEN
    PERFORM kn_raise('409', 'kke_invalid_transition', 'Lembar kerja berstatus ' || k.status || ' tidak menerima isian ini',
                     'A worksheet in state ' || k.status || ' does not take this entry');
  END IF;
  UPDATE kke_temuan SET
    jawaban_status = CASE WHEN peran = 'PD' THEN b->>'jawaban_status' ELSE jawaban_status END,
    jawaban = CASE WHEN peran = 'PD' THEN b->>'jawaban' ELSE jawaban END,
    dijawab_oleh = CASE WHEN peran = 'PD' THEN current_setting('app.actor', true) ELSE dijawab_oleh END,
    verifikasi = CASE WHEN peran = 'BKPSDM' THEN b->>'verifikasi' ELSE verifikasi END,
    catatan_verifikasi = CASE WHEN peran = 'BKPSDM' THEN b->>'catatan_verifikasi' ELSE catatan_verifikasi END,
    diverifikasi_oleh = CASE WHEN peran = 'BKPSDM' THEN current_setting('app.actor', true) ELSE diverifikasi_oleh END
  WHERE instansi_id = k.instansi_id AND kke_id = k.id AND id = tid RETURNING * INTO t;
  IF t.id IS NULL THEN
    PERFORM kn_raise('404', 'not_found', 'Temuan ' || tid || ' tidak ditemukan', 'Finding ' || tid || ' not found');
  END IF;
  RETURN kke_temuan_json(t);
END $$;

-- Worksheet: DRAFT -(PD answered every finding)-> DIJAWAB_PD -(BKPSDM verified every answer)->
-- DIVERIFIKASI -> SELESAI.
CREATE OR REPLACE FUNCTION api_kke_transisi(kid bigint, dari text, ke text, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE k kke := kke_for(kid); open_n int;
BEGIN
  SELECT * INTO k FROM kke WHERE instansi_id = k.instansi_id AND id = k.id FOR UPDATE;
  PERFORM check_version(k.version, expected);
  IF k.status <> dari THEN
    PERFORM kn_raise('409', 'kke_invalid_transition', 'Lembar kerja berstatus ' || k.status || ', bukan ' || dari,
                     'The worksheet is ' || k.status || ', not ' || dari);
  END IF;
  SELECT count(*) INTO open_n FROM kke_temuan t WHERE t.instansi_id = k.instansi_id AND t.kke_id = k.id
     AND ((ke = 'DIJAWAB_PD' AND t.jawaban_status IS NULL) OR (ke = 'DIVERIFIKASI' AND t.verifikasi IS NULL));
  IF open_n > 0 THEN
    PERFORM kn_raise('409', 'kke_incomplete', open_n || ' temuan belum ' || CASE WHEN ke = 'DIJAWAB_PD' THEN 'dijawab' ELSE 'diverifikasi' END,
                     open_n || ' findings not yet ' || CASE WHEN ke = 'DIJAWAB_PD' THEN 'answered' ELSE 'verified' END);
  END IF;
  UPDATE kke SET status = ke, riwayat_status = riwayat_status || jsonb_build_object('status', ke,
                   'oleh', current_setting('app.actor', true), 'at', now())
   WHERE instansi_id = k.instansi_id AND id = k.id RETURNING * INTO k;
  RETURN kke_json(k);
END $$;

-- Keyset pages by id (after, lim: api.md "Lists").
CREATE OR REPLACE FUNCTION kke_list(uid bigint, th int, after bigint, lim int) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('items', COALESCE(json_agg(kke_json(k) ORDER BY k.id), '[]'::json),
                           'next_cursor', CASE WHEN count(*) = lim THEN max(k.id) END)
    FROM (SELECT k.* FROM kke k JOIN unor u ON u.instansi_id = k.instansi_id AND u.id = k.unor_id
           WHERE k.instansi_id = app_instansi_id() AND (SELECT app_scope_path()) IS NOT NULL AND u.path LIKE (SELECT app_scope_path()) || '%'
             AND (uid IS NULL OR k.unor_id = uid) AND (th IS NULL OR k.tahun = th) AND k.id > after
           ORDER BY k.id LIMIT lim) k $$;

CREATE OR REPLACE FUNCTION kke_temuan_list(kid bigint, after bigint, lim int) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('items', COALESCE(json_agg(kke_temuan_json(t) ORDER BY t.id), '[]'::json),
                           'next_cursor', CASE WHEN count(*) = lim THEN max(t.id) END)
    FROM (SELECT t.* FROM kke_for(kid) k JOIN kke_temuan t ON t.instansi_id = k.instansi_id AND t.kke_id = k.id
           WHERE t.id > after ORDER BY t.id LIMIT lim) t $$;

-- The PD must be visible to the caller and be a Perangkat Daerah.
CREATE OR REPLACE FUNCTION kke_unit_check(uid bigint) RETURNS void LANGUAGE plpgsql STABLE AS $$
DECLARE u unor;
BEGIN
  SELECT * INTO u FROM unor WHERE instansi_id = app_instansi_id() AND id = uid;
  IF u.id IS NULL OR app_scope_path() IS NULL OR u.path NOT LIKE app_scope_path() || '%' THEN
    PERFORM kn_raise('404', 'not_found', 'Unor ' || uid || ' tidak ditemukan', 'Unit ' || uid || ' not found');
  END IF;
  IF NOT u.is_perangkat_daerah THEN
    PERFORM kn_raise('422', 'validation_failed', 'KKE dijalankan per Perangkat Daerah', 'The KKE runs per Perangkat Daerah');
  END IF;
END $$;

-- Semester evaluation report: the latest snapshot of every Perangkat Daerah in scope.
CREATE OR REPLACE FUNCTION laporan_evaluasi(th int, sem int) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT COALESCE(json_agg(json_build_object('unor_id', u.id, 'nama', u.nama, 'kke_id', k.id, 'skor', k.skor,
           'status', k.status, 'dibuat', k.created_at, 'ringkasan', k.ringkasan,
           'sanksi_terlambat', sanksi_terlambat_semester(u.id, th, sem)) ORDER BY u.id), '[]'::json)
    FROM unor u
    LEFT JOIN LATERAL (SELECT * FROM kke WHERE instansi_id = u.instansi_id AND unor_id = u.id AND tahun = th
                         AND semester = sem ORDER BY id DESC LIMIT 1) k ON true
   WHERE u.instansi_id = app_instansi_id() AND u.is_perangkat_daerah
     AND (SELECT app_scope_path()) IS NOT NULL AND u.path LIKE (SELECT app_scope_path()) || '%' $$;

-- KKE facts for K03 (penilai consistent with the unor tree or a documented override), K07
-- (kesesuaian target against last year's realisation) and dated exemptions for K01/K21: one
-- document per Perangkat Daerah and semester, next to kke_data (0017). The rules themselves are
-- in src/domain/kke_rules.c and src/domain/penilai.c. Owner: KKE module.
CREATE OR REPLACE FUNCTION kke_data_tambahan(uid bigint, th int, sem int) RETURNS json LANGUAGE sql STABLE AS $$
  WITH pd AS (SELECT * FROM unor WHERE instansi_id = app_instansi_id() AND id = uid),
  win AS (SELECT make_date(th, CASE WHEN sem = 1 THEN 1 ELSE 7 END, 1) AS a,
                 least(make_date(th, CASE WHEN sem = 1 THEN 6 ELSE 12 END, CASE WHEN sem = 1 THEN 30 ELSE 31 END),
                       current_date - 1) AS b),
  peg AS MATERIALIZED (SELECT p.id, p.nip FROM pegawai p JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id, pd
                        WHERE p.instansi_id = pd.instansi_id AND u.path LIKE pd.path || '%'),
  sk AS MATERIALIZED (SELECT s.*, peg.nip FROM skp s JOIN peg ON s.instansi_id = app_instansi_id() AND s.pegawai_id = peg.id
                       WHERE s.tahun = th)
  SELECT json_build_object(
    'awal', (SELECT a FROM win), 'akhir', (SELECT b FROM win),
    'status_riwayat', (SELECT COALESCE(json_agg(json_build_array(r.pegawai_id, r.status, r.mulai, r.selesai)
                         ORDER BY r.pegawai_id, r.mulai), '[]'::json)
                         FROM pegawai_status_riwayat r JOIN peg ON r.instansi_id = app_instansi_id() AND r.pegawai_id = peg.id),
    -- the tree, the PD-head rule and the Sekda in the shape src/api/penilai.c reads (as 0015's
    -- appraisal_candidates gives them, without its per-caller lists, which cost 27 ms a PD)
    'pohon', (SELECT json_build_object('rule', i.penilai_kepala_pd, 'setda_id', i.unor_setda_id,
                'sekda', (SELECT json_build_object('id', s.kepala_pegawai_id, 'unor_id', s.id, 'plt', s.kepala_plt)
                            FROM unor s WHERE s.instansi_id = i.id AND s.id = i.unor_setda_id AND s.kepala_pegawai_id IS NOT NULL),
                'units', (SELECT json_agg(json_build_array(u.id, u.parent_id, u.is_perangkat_daerah, u.kepala_pegawai_id,
                                                           u.kepala_plt)) FROM unor u WHERE u.instansi_id = i.id))
                FROM instansi i WHERE i.id = app_instansi_id()),
    -- the tree at an SKP's date: every change of a unit's parent, head or Plt flag since the
    -- oldest SKP was made, with the values before it (from the audit log; epoch microseconds)
    'perubahan_unor', (SELECT COALESCE(json_agg(json_build_array((a.before->>'id')::bigint, (extract(epoch FROM a.at) * 1000000)::bigint,
                         (a.before->>'parent_id')::bigint, (a.before->>'kepala_pegawai_id')::bigint,
                         COALESCE((a.before->>'kepala_plt')::boolean, false))), '[]'::json)
                         FROM audit_log a
                        WHERE a.instansi_id = app_instansi_id() AND a.entity = 'unor' AND a.action = 'UPDATE'
                          AND a.at >= (SELECT min(created_at) FROM sk)
                          AND (a.before->'parent_id', a.before->'kepala_pegawai_id', a.before->'kepala_plt')
                              IS DISTINCT FROM (a.after->'parent_id', a.after->'kepala_pegawai_id', a.after->'kepala_plt')),
    'skp', (SELECT COALESCE(json_agg(json_build_object('id', s.id, 'nip', s.nip, 'pegawai_id', s.pegawai_id,
                  'dibuat', (extract(epoch FROM s.created_at) * 1000000)::bigint,
                  'unor_id', s.unor_id, 'penilai_jenis', s.penilai_jenis, 'penilai_id', s.penilai_pegawai_id,
                  'atasan_jenis', s.atasan_jenis, 'atasan_id', s.atasan_pegawai_id,
                  'override', (SELECT json_build_object('penilai_id', o.penilai_pegawai_id, 'atasan_id', o.atasan_penilai_pegawai_id)
                                 FROM penilai_override o WHERE o.instansi_id = s.instansi_id AND o.pegawai_id = s.pegawai_id
                                  AND o.tahun = s.tahun)) ORDER BY s.id), '[]'::json) FROM sk s),
    -- NIPs of everyone who is or should be an appraiser, for the finding messages
    'nip', (SELECT COALESCE(json_object_agg(n.id, n.nip), '{}'::json) FROM pegawai n
             WHERE n.instansi_id = app_instansi_id()
               AND n.id IN (SELECT kepala_pegawai_id FROM unor WHERE instansi_id = app_instansi_id()
                            UNION SELECT penilai_pegawai_id FROM sk UNION SELECT atasan_pegawai_id FROM sk
                            UNION SELECT unnest(ARRAY[penilai_pegawai_id, atasan_penilai_pegawai_id]) FROM penilai_override
                                   WHERE instansi_id = app_instansi_id() AND tahun = th)),
    'target', (SELECT COALESCE(json_agg(json_build_object('id', i.id, 'rhk_id', i.rhk_id, 'pegawai_id', s.pegawai_id,
                  'nip', s.nip, 'aspek', i.aspek, 'uraian', i.uraian, 'target_teks', i.target_teks, 'target_min', i.target_min,
                  'target_max', i.target_max, 'satuan', i.satuan, 'arah', i.arah) ORDER BY i.id), '[]'::json)
                 FROM sk s JOIN rhk r ON r.instansi_id = s.instansi_id AND r.skp_id = s.id
                 JOIN indikator i ON i.instansi_id = r.instansi_id AND i.rhk_id = r.id),
    -- last year's realisation of the same pegawai's indicators: the highest and lowest value
    -- recorded in any period (a cumulative report's year-end value is its highest)
    'lalu', (SELECT COALESCE(json_agg(json_build_object('pegawai_id', s.pegawai_id, 'aspek', i.aspek, 'uraian', i.uraian,
                  'maks', x.maks, 'min', x.mini) ORDER BY s.pegawai_id, i.id), '[]'::json)
               -- (by the unit path rather than through peg: a join with the CTE planned as a loop per SKP)
               FROM pd, skp s JOIN pegawai p ON p.instansi_id = s.instansi_id AND p.id = s.pegawai_id
               JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id
               JOIN rhk r ON r.instansi_id = s.instansi_id AND r.skp_id = s.id
               JOIN indikator i ON i.instansi_id = r.instansi_id AND i.rhk_id = r.id
               JOIN LATERAL (SELECT max(v.nilai) AS maks, min(v.nilai) AS mini FROM realisasi v
                              WHERE v.instansi_id = i.instansi_id AND v.indikator_id = i.id AND v.nilai IS NOT NULL) x
                 ON x.maks IS NOT NULL
              WHERE s.instansi_id = app_instansi_id() AND s.tahun = th - 1 AND u.path LIKE pd.path || '%')) $$;

-- Published worksheets and their findings are snapshots: the triggers refuse edits.
CREATE OR REPLACE TRIGGER kke_temuan_immutable BEFORE UPDATE ON kke_temuan FOR EACH ROW EXECUTE FUNCTION kke_temuan_immutable();
CREATE OR REPLACE TRIGGER kke_immutable BEFORE UPDATE ON kke FOR EACH ROW EXECUTE FUNCTION kke_immutable();

-- A run's findings are audited as the run, not one by one (sql/functions/audit.sql).
