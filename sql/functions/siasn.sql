-- Module siasn (src/sync/*.c, src/api/sync.c).

-- SQL side of the SIASN connector: who/what is in the caller's write scope, the facts of FINAL
-- evaluations to push, applying pulled master data (through the bulk-import functions), the
-- call log, imported results and their reconciliation. Owner: integration.

-- The caller's write path, narrowed to unit `uid` when given (404 outside the scope).
CREATE OR REPLACE FUNCTION siasn_scope(uid bigint) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE wp text := app_write_path(); p text;
BEGIN
  IF wp IS NULL THEN
    PERFORM kn_raise('403', 'forbidden', 'Tidak berwenang menyinkronkan', 'Not allowed to synchronise');
  END IF;
  IF uid IS NULL THEN RETURN wp; END IF;
  SELECT path INTO p FROM unor WHERE instansi_id = app_instansi_id() AND id = uid;
  IF p IS NULL OR p NOT LIKE wp || '%' THEN
    PERFORM kn_raise('404', 'not_found', 'Unor ' || uid || ' tidak ditemukan', 'Unit ' || uid || ' not found');
  END IF;
  RETURN p;
END $$;

-- Pegawai to pull or import: those in scope (optionally a subtree and/or a NIP list); NIPs of
-- the list not known locally are returned too (a pull may create them), marked baru.
CREATE OR REPLACE FUNCTION siasn_targets(nips text[], uid bigint) RETURNS json LANGUAGE sql STABLE AS $$
  WITH sp AS (SELECT siasn_scope(uid) AS p)
  SELECT json_build_object(
    'seluruh_instansi', (SELECT p = '/' FROM sp) AND uid IS NULL AND nips IS NULL,
    'pegawai', COALESCE((SELECT json_agg(json_build_object('nip', x.nip, 'id', x.id, 'siasn_id', x.siasn_id) ORDER BY x.nip)
      FROM (SELECT p.nip::text AS nip, p.id, p.siasn_id FROM pegawai p JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id, sp
             WHERE p.instansi_id = app_instansi_id() AND u.path LIKE sp.p || '%' AND (nips IS NULL OR p.nip = ANY (nips))
            UNION ALL
            SELECT n, NULL, NULL FROM unnest(nips) n
             WHERE NOT EXISTS (SELECT 1 FROM pegawai p WHERE p.instansi_id = app_instansi_id() AND p.nip = n)) x), '[]'::json)) $$;

-- Apply pulled master data. unor rows: siasn_id, nama, nama_jabatan, parent_siasn_id; pegawai
-- rows: nip, siasn_id, nama, gelar_*, jabatan, unor_siasn_id and optionally jenis_asn,
-- jenis_jabatan, status. Local-only fields (perangkat-daerah flag, jenjang, TMT, Plt, ...) are
-- kept; SKP data is never touched. dry = compute the same answer and roll it back.
CREATE OR REPLACE FUNCTION siasn_pull_apply(unor_rows jsonb, peg_rows jsonb, dry boolean) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE res jsonb; u jsonb; p jsonb; diff jsonb;
BEGIN
  IF dry THEN
    BEGIN
      res := siasn_pull_apply(unor_rows, peg_rows, false);
      RAISE EXCEPTION USING ERRCODE = 'KN299', MESSAGE = res::text;
    EXCEPTION WHEN SQLSTATE 'KN299' THEN
      RETURN SQLERRM::jsonb || '{"dry_run": true}';
    END;
  END IF;
  PERFORM siasn_scope(NULL);
  IF jsonb_array_length(unor_rows) > 0 THEN
    IF app_write_path() <> '/' THEN
      PERFORM kn_raise('403', 'forbidden', 'Hanya BKPSDM yang menarik struktur unor', 'Only BKPSDM pulls the unit tree');
    END IF;
    SELECT jsonb_agg(e || jsonb_build_object('is_perangkat_daerah', COALESCE(x.is_perangkat_daerah, false),
                                             'nama_jabatan', COALESCE(e->>'nama_jabatan', x.nama_jabatan)))
      INTO u FROM jsonb_array_elements(unor_rows) e
      LEFT JOIN unor x ON x.instansi_id = app_instansi_id() AND x.siasn_id = e->>'siasn_id';
    res := jsonb_build_object('unor', api_import_unor(u));
    IF jsonb_array_length(res->'unor'->'errors') > 0 THEN
      PERFORM kn_raise('422', 'siasn_data_invalid', 'Data unor SIASN ditolak: ' || (res->'unor'->'errors'->0->>'message'),
                       'SIASN unit data rejected: ' || (res->'unor'->'errors'->0->>'message_en'));
    END IF;
  ELSE
    res := '{"unor": null}';
  END IF;
  -- what changes for each pegawai (before → after of the fields SIASN owns)
  SELECT jsonb_agg(m.row ORDER BY m.row->>'nip'),
         COALESCE(jsonb_agg(jsonb_build_object('nip', m.row->>'nip', 'baru', m.old IS NULL,
           'sebelum', m.old, 'sesudah', m.row - 'unor_id' - 'kepala' - 'tmt_jabatan' - 'jenjang_jf' - 'is_plt'))
           FILTER (WHERE m.old IS DISTINCT FROM (m.row - 'unor_id' - 'kepala' - 'tmt_jabatan' - 'jenjang_jf' - 'is_plt')), '[]')
    INTO p, diff
    FROM (SELECT jsonb_build_object(
                   'nip', e->>'nip', 'siasn_id', e->>'siasn_id', 'nama', COALESCE(e->>'nama', x.nama),
                   'gelar_depan', COALESCE(e->>'gelar_depan', x.gelar_depan), 'gelar_belakang', COALESCE(e->>'gelar_belakang', x.gelar_belakang),
                   'jabatan', COALESCE(e->>'jabatan', x.jabatan), 'jenis_asn', COALESCE(e->>'jenis_asn', x.jenis_asn),
                   'jenis_jabatan', COALESCE(x.jenis_jabatan, e->>'jenis_jabatan'), 'status', COALESCE(e->>'status', x.status),
                   'unor_id', COALESCE(nu.id, x.unor_id), 'jenjang_jf', x.jenjang_jf, 'is_plt', COALESCE(x.is_plt, false),
                   'tmt_jabatan', x.tmt_jabatan, 'unor_siasn_id', COALESCE(nu.siasn_id, ou.siasn_id)) AS row,
                 CASE WHEN x.id IS NOT NULL THEN jsonb_build_object('nip', x.nip::text, 'siasn_id', x.siasn_id, 'nama', x.nama,
                   'gelar_depan', x.gelar_depan, 'gelar_belakang', x.gelar_belakang, 'jabatan', x.jabatan,
                   'jenis_asn', x.jenis_asn, 'jenis_jabatan', x.jenis_jabatan, 'status', x.status,
                   'unor_siasn_id', ou.siasn_id) END AS old
            FROM jsonb_array_elements(peg_rows) e
            LEFT JOIN pegawai x ON x.instansi_id = app_instansi_id() AND x.nip = e->>'nip'
            LEFT JOIN unor ou ON ou.instansi_id = x.instansi_id AND ou.id = x.unor_id
            LEFT JOIN unor nu ON nu.instansi_id = app_instansi_id() AND nu.siasn_id = e->>'unor_siasn_id') m;
  IF p IS NOT NULL THEN
    res := res || jsonb_build_object('pegawai', api_import_pegawai(
      (SELECT jsonb_agg(x - 'unor_siasn_id') FROM jsonb_array_elements(p) x)));
    IF jsonb_array_length(res->'pegawai'->'errors') > 0 THEN
      PERFORM kn_raise('422', 'siasn_data_invalid', 'Data pegawai SIASN ditolak: ' || (res->'pegawai'->'errors'->0->>'message'),
                       'SIASN pegawai data rejected: ' || (res->'pegawai'->'errors'->0->>'message_en'));
    END IF;
  ELSE
    res := res || '{"pegawai": null}';
  END IF;
  RETURN res || jsonb_build_object('perubahan_pegawai', diff, 'dry_run', false);
END $$;

-- Facts of the evaluations of year th in scope that may be pushed: FINAL only; every evaluation
-- feeds a periodic row, the year-end one also the annual row. Also counts what is not FINAL yet.
-- isi_sha256 / predikat_siasn (what was pushed, what an import read back) serve KKE check K19,
-- which reads only the periods ending in months bulan_a..bulan_b (its semester: half the facts).
CREATE OR REPLACE FUNCTION siasn_push_facts(th int, nips text[], uid bigint, bulan_a int, bulan_b int) RETURNS json
LANGUAGE sql STABLE AS $$
  WITH sp AS (SELECT siasn_scope(uid) AS p),
  ev AS (SELECT e.*, evaluasi_status_dari(e.status, e.ditetapkan_at, ii.keberatan_hari) AS st, pr.jenis AS pjenis, pr.tanggal_awal, pr.tanggal_akhir, pr.akhir_tahun,
                pg.nip, pg.siasn_id AS pns_siasn_id, s.penilai_jenis, s.penilai_pegawai_id
           FROM evaluasi e
           JOIN skp s ON s.instansi_id = e.instansi_id AND s.id = e.skp_id
           JOIN periode pr ON pr.instansi_id = e.instansi_id AND pr.id = e.periode_id
           JOIN pegawai pg ON pg.instansi_id = s.instansi_id AND pg.id = s.pegawai_id
           JOIN unor u ON u.instansi_id = s.instansi_id AND u.id = s.unor_id
           JOIN instansi ii ON ii.id = e.instansi_id, sp
          WHERE e.instansi_id = app_instansi_id() AND s.tahun = th AND u.path LIKE sp.p || '%'
            AND (nips IS NULL OR pg.nip = ANY (nips))
            AND extract(month FROM pr.tanggal_akhir) BETWEEN bulan_a AND bulan_b),
  rows AS (SELECT ev.*, j.jenis FROM ev, LATERAL (VALUES ('PERIODIK'), ('TAHUNAN')) j(jenis)
            WHERE ev.st = 'FINAL' AND (j.jenis = 'PERIODIK' OR ev.akhir_tahun))
  SELECT json_build_object(
    'belum_final', (SELECT count(*) FROM ev WHERE st <> 'FINAL'),
    'items', COALESCE(json_agg(json_build_object(
      'evaluasi_id', r.id, 'jenis', r.jenis, 'tahun', th, 'periode_jenis', r.pjenis,
      'bulan_mulai', extract(month FROM r.tanggal_awal)::int, 'bulan_selesai', extract(month FROM r.tanggal_akhir)::int,
      'nip', r.nip, 'pns_siasn_id', r.pns_siasn_id,
      'rating_hasil_kerja', r.rating_hasil_kerja, 'rating_perilaku', r.rating_perilaku, 'predikat', r.predikat,
      'siasn_id', se.siasn_id, 'isi_sha256', se.payload_sha256, 'disinkron_at', se.disinkron_at,
      'predikat_siasn', (SELECT h.predikat FROM siasn_hasil h WHERE h.instansi_id = r.instansi_id
                          AND h.jenis = r.jenis AND h.siasn_id = se.siasn_id),
      'penilai_status', CASE WHEN r.penilai_jenis = 'PEGAWAI' THEN 'ASN' ELSE 'NON ASN' END,
      'penilai_nip', pn.nip, 'penilai_nama', COALESCE(pn.nama, i.nama_kepala_daerah, 'Kepala Daerah'),
      'penilai_jabatan', COALESCE(pn.jabatan, 'Kepala Daerah'), 'penilai_unor_nama', COALESCE(pu.nama, i.nama))
      ORDER BY r.id, r.jenis), '[]'::json))
    FROM rows r
    JOIN instansi i ON i.id = r.instansi_id
    LEFT JOIN siasn_evaluasi se ON se.instansi_id = r.instansi_id AND se.evaluasi_id = r.id AND se.jenis = r.jenis
    LEFT JOIN pegawai pn ON pn.instansi_id = r.instansi_id AND pn.id = r.penilai_pegawai_id
    LEFT JOIN unor pu ON pu.instansi_id = pn.instansi_id AND pu.id = pn.unor_id $$;

-- The push's facts: every month.
CREATE OR REPLACE FUNCTION siasn_push_facts(th int, nips text[], uid bigint) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT siasn_push_facts(th, nips, uid, 1, 12) $$;

-- One call to SIASN in the log; a successful save also records the SIASN row id.
CREATE OR REPLACE FUNCTION siasn_log_write(l jsonb) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE lid bigint;
BEGIN
  INSERT INTO siasn_sync_log (arah, metode, endpoint, entitas, entitas_id, request_sha256, http_status,
                              siasn_id, pesan, percobaan, durasi_ms, berhasil)
  VALUES (l->>'arah', l->>'metode', l->>'endpoint', l->>'entitas', l->>'entitas_id', l->>'request_sha256',
          (l->>'http_status')::int, l->>'siasn_id', left(l->>'pesan', 1000), (l->>'percobaan')::int,
          COALESCE((l->>'durasi_ms')::int, 0), (l->>'berhasil')::boolean)
  RETURNING id INTO lid;
  IF (l->>'berhasil')::boolean AND l->>'simpan_jenis' IS NOT NULL AND l->>'siasn_id' IS NOT NULL THEN
    INSERT INTO siasn_evaluasi (evaluasi_id, jenis, siasn_id, payload_sha256)
    VALUES ((l->>'entitas_id')::bigint, l->>'simpan_jenis', l->>'siasn_id', l->>'isi_sha256')
    ON CONFLICT (instansi_id, evaluasi_id, jenis) DO UPDATE
      SET siasn_id = EXCLUDED.siasn_id, payload_sha256 = EXCLUDED.payload_sha256, disinkron_at = now();
  END IF;
  RETURN lid;
END $$;

-- The log as the caller may see it: BKPSDM, auditor and integrasi everything; a pengelola of a
-- PD the rows about its own pegawai and evaluations.
CREATE OR REPLACE FUNCTION siasn_log_list(after bigint, lim int, arah_f text, entitas_f text, entitas_id_f text, status_f int)
RETURNS json LANGUAGE sql STABLE AS $$
  WITH sp AS (SELECT app_scope_path() AS p),
  rows AS (
    SELECT l.* FROM siasn_sync_log l, sp
     WHERE l.instansi_id = app_instansi_id() AND l.id > after
       AND (arah_f IS NULL OR l.arah = arah_f) AND (entitas_f IS NULL OR l.entitas = entitas_f)
       AND (entitas_id_f IS NULL OR l.entitas_id = entitas_id_f)
       AND (status_f IS NULL OR l.http_status = status_f)
       AND (sp.p = '/' OR EXISTS (
             SELECT 1 FROM pegawai pg JOIN unor u ON u.instansi_id = pg.instansi_id AND u.id = pg.unor_id
              WHERE pg.instansi_id = l.instansi_id AND u.path LIKE sp.p || '%'
                AND ((l.entitas = 'pegawai' AND pg.nip = l.entitas_id)
                  OR (l.entitas = 'evaluasi' AND pg.id = (SELECT s.pegawai_id FROM evaluasi e JOIN skp s
                        ON s.instansi_id = e.instansi_id AND s.id = e.skp_id
                       WHERE e.instansi_id = l.instansi_id
                         AND e.id = CASE WHEN l.entitas = 'evaluasi' THEN l.entitas_id::bigint END)))))
     ORDER BY l.id LIMIT lim)
  SELECT json_build_object('items', COALESCE(json_agg(json_build_object(
      'id', r.id, 'at', r.at, 'arah', r.arah, 'metode', r.metode, 'endpoint', r.endpoint, 'entitas', r.entitas,
      'entitas_id', r.entitas_id, 'request_sha256', r.request_sha256, 'http_status', r.http_status,
      'siasn_id', r.siasn_id, 'pesan', r.pesan, 'percobaan', r.percobaan, 'durasi_ms', r.durasi_ms,
      'berhasil', r.berhasil, 'actor', r.actor, 'request_id', r.request_id) ORDER BY r.id), '[]'::json),
    'next_cursor', CASE WHEN count(*) = lim THEN max(r.id) END)
    FROM rows r $$;

-- Store the results read from SIASN for year th: replaces what an earlier import stored for
-- the same pegawai and year. rows: nip, jenis, siasn_id, bulan_*, periodik_id, ratings, predikat.
CREATE OR REPLACE FUNCTION siasn_import_apply(th int, nips text[], rows jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE n int;
BEGIN
  PERFORM siasn_scope(NULL);
  DELETE FROM siasn_hasil h USING pegawai p
   WHERE h.instansi_id = app_instansi_id() AND h.tahun = th AND p.instansi_id = h.instansi_id
     AND p.id = h.pegawai_id AND p.nip = ANY (nips);
  INSERT INTO siasn_hasil (pegawai_id, tahun, jenis, siasn_id, bulan_mulai, bulan_selesai, periodik_id,
                           rating_hasil_kerja, rating_perilaku, predikat, penilai_nip, penilai_nama)
  SELECT p.id, th, e->>'jenis', e->>'siasn_id', (e->>'bulan_mulai')::int, (e->>'bulan_selesai')::int,
         (e->>'periodik_id')::int, e->>'rating_hasil_kerja', e->>'rating_perilaku', e->>'predikat',
         e->>'penilai_nip', e->>'penilai_nama'
    FROM jsonb_array_elements(rows) e
    JOIN pegawai p ON p.instansi_id = app_instansi_id() AND p.nip = e->>'nip'
   WHERE p.nip = ANY (nips)
  ON CONFLICT (instansi_id, jenis, siasn_id) DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN jsonb_build_object('tahun', th, 'pegawai', cardinality(nips), 'disimpan', n);
END $$;

-- Reconciliation of year th: local SET evaluations against imported SIASN rows, per pegawai in
-- the caller's read scope (annual by year, periodic by month range). Lists the differences.
CREATE OR REPLACE FUNCTION siasn_konflik(th int, uid bigint) RETURNS json LANGUAGE sql STABLE AS $$
  WITH sp AS (SELECT CASE WHEN uid IS NULL THEN app_scope_path()
                          ELSE (SELECT path FROM unor WHERE instansi_id = app_instansi_id() AND id = uid
                                   AND path LIKE app_scope_path() || '%') END AS p),
  peg AS (SELECT pg.id, pg.nip::text AS nip, pg.nama FROM pegawai pg JOIN unor u ON u.instansi_id = pg.instansi_id AND u.id = pg.unor_id, sp
           WHERE pg.instansi_id = app_instansi_id() AND sp.p IS NOT NULL AND u.path LIKE sp.p || '%'),
  lokal AS (SELECT s.pegawai_id, j.jenis, e.id AS evaluasi_id, e.predikat,
                   CASE WHEN j.jenis = 'TAHUNAN' THEN NULL ELSE extract(month FROM pr.tanggal_awal)::int END AS bm,
                   CASE WHEN j.jenis = 'TAHUNAN' THEN NULL ELSE extract(month FROM pr.tanggal_akhir)::int END AS bs
              FROM evaluasi e
              JOIN skp s ON s.instansi_id = e.instansi_id AND s.id = e.skp_id
              JOIN periode pr ON pr.instansi_id = e.instansi_id AND pr.id = e.periode_id
              JOIN peg ON peg.id = s.pegawai_id,
              LATERAL (VALUES ('PERIODIK'), ('TAHUNAN')) j(jenis)
             WHERE e.instansi_id = app_instansi_id() AND s.tahun = th
               AND evaluasi_status(e) IN ('DITETAPKAN','KEBERATAN','FINAL') AND (j.jenis = 'PERIODIK' OR pr.akhir_tahun)),
  siasn AS (SELECT h.pegawai_id, h.jenis, h.siasn_id, h.predikat,
                   CASE WHEN h.jenis = 'TAHUNAN' THEN NULL ELSE h.bulan_mulai END AS bm,
                   CASE WHEN h.jenis = 'TAHUNAN' THEN NULL ELSE h.bulan_selesai END AS bs
              FROM siasn_hasil h JOIN peg ON peg.id = h.pegawai_id
             WHERE h.instansi_id = app_instansi_id() AND h.tahun = th),
  pairs AS (SELECT COALESCE(l.pegawai_id, x.pegawai_id) AS pegawai_id, COALESCE(l.jenis, x.jenis) AS jenis,
                   COALESCE(l.bm, x.bm) AS bm, COALESCE(l.bs, x.bs) AS bs, l.evaluasi_id, l.predikat AS p_lokal,
                   x.siasn_id, x.predikat AS p_siasn,
                   CASE WHEN l.evaluasi_id IS NULL THEN 'TIDAK_ADA_DI_LOKAL'
                        WHEN x.siasn_id IS NULL THEN 'TIDAK_ADA_DI_SIASN'
                        WHEN l.predikat IS DISTINCT FROM x.predikat THEN 'PREDIKAT_BERBEDA' END AS jenis_konflik
              FROM lokal l FULL JOIN siasn x ON x.pegawai_id = l.pegawai_id AND x.jenis = l.jenis
                                             AND x.bm IS NOT DISTINCT FROM l.bm AND x.bs IS NOT DISTINCT FROM l.bs)
  SELECT json_build_object('tahun', th,
    'sama', (SELECT count(*) FROM pairs WHERE jenis_konflik IS NULL),
    'items', COALESCE(json_agg(json_build_object('nip', peg.nip, 'nama', peg.nama, 'jenis', p.jenis,
        'bulan_mulai', p.bm, 'bulan_selesai', p.bs, 'evaluasi_id', p.evaluasi_id, 'predikat_lokal', p.p_lokal,
        'siasn_id', p.siasn_id, 'predikat_siasn', p.p_siasn, 'konflik', p.jenis_konflik)
        ORDER BY peg.nip, p.jenis, p.bm) FILTER (WHERE p.jenis_konflik IS NOT NULL), '[]'::json),
    'next_cursor', NULL)
    FROM pairs p JOIN peg ON peg.id = p.pegawai_id $$;

