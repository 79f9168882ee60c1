-- Module penilaian: evaluations, rating, tetapkan, distribution facts, keberatan.
-- Owner: assessment module (src/api/evaluasi.c, distribusi.c; src/domain/evaluasi.c, distribusi.c).

-- Every period gets its evaluation.
CREATE OR REPLACE FUNCTION evaluasi_for_new_periode() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO evaluasi (instansi_id, periode_id, skp_id)
  SELECT instansi_id, id, skp_id FROM new_rows ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

-- SQL side of assessment: facts for the decisions made in C (src/domain/evaluasi.c,
-- distribusi.c), the distribution population, and the writes. Owner: assessment module.
-- plpgsql here and below (evaluasi_status, evaluasi_facts, evaluasi_json): their plans are kept
-- per connection; as SQL-language functions they were parsed and planned in every request.
-- (The satuan organisasi of an evaluation, the PD containing the SKP's unit: unit_organisasi,
-- sql/functions/org.sql.)

-- DITETAPKAN becomes FINAL once the keberatan window has passed (presentation of the rule that
-- src/domain/evaluasi.c applies to writes).
-- The rule on the values it reads: a scalar SQL expression, so a statement that joins the
-- instansi once (siasn_push_facts) has it inlined instead of a plpgsql call per evaluation.
CREATE OR REPLACE FUNCTION evaluasi_status_dari(st text, ditetapkan_at timestamptz, keberatan_hari int) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN st = 'DITETAPKAN' AND current_date > (ditetapkan_at AT TIME ZONE 'UTC')::date + keberatan_hari
              THEN 'FINAL' ELSE st END $$;

CREATE OR REPLACE FUNCTION evaluasi_status(e evaluasi) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT evaluasi_status_dari(e.status, e.ditetapkan_at, i.keberatan_hari) FROM instansi i WHERE i.id = e.instansi_id);
END $$;

-- (skp_visible_tx: the visibility noted by this transaction's facts read, else skp_visible;
-- sql/functions/pelaksanaan.sql)
CREATE OR REPLACE FUNCTION evaluasi_for(eid bigint) RETURNS evaluasi LANGUAGE plpgsql STABLE AS $$
DECLARE e evaluasi;
BEGIN
  SELECT * INTO e FROM evaluasi WHERE instansi_id = app_instansi_id() AND id = eid;
  IF e.id IS NULL OR NOT skp_visible_tx(e.skp_id) THEN PERFORM kn_not_found('Evaluasi', 'Evaluation', eid); END IF;
  RETURN e;
END $$;

-- The evaluation of a write, visible, locked, with If-Match compared (404 / 412): one read, the
-- locking one (it was read, tested, and read again FOR UPDATE).
CREATE OR REPLACE FUNCTION evaluasi_for_write(eid bigint, expected int) RETURNS evaluasi LANGUAGE plpgsql AS $$
DECLARE e evaluasi;
BEGIN
  SELECT * INTO e FROM evaluasi WHERE instansi_id = app_instansi_id() AND id = eid FOR UPDATE;
  IF e.id IS NULL OR NOT skp_visible_tx(e.skp_id) THEN PERFORM kn_not_found('Evaluasi', 'Evaluation', eid); END IF;
  PERFORM check_version(e.version, expected);
  RETURN e;
END $$;

-- The evaluations of a unit for one period (SKPs in the unit's subtree), as facts for the curve.
-- 'kelompok' counts them per stored status and predikat; who is in the population (R14b: set or
-- proposed predikat, never the unrated) is decided in C by dom_distribusi_population.
-- 'n', 'counts' and 'unrated' are the pre-R14b reading (set predikat excluding `except_id`, every
-- other evaluation "could go anywhere"), kept only for nodes of the previous release during a
-- rolling upgrade; nothing of this release reads them. Remove them in a later release.
CREATE OR REPLACE FUNCTION distribusi_data(uid bigint, th int, jn text, nm int, except_id bigint) RETURNS json
LANGUAGE sql STABLE AS $$
  WITH u AS (SELECT * FROM unor WHERE instansi_id = app_instansi_id() AND id = uid),
  -- p.skp_id = s.id holds anyway (an evaluation belongs to its period's SKP); stated, it lets the
  -- plan go SKP -> its one period of jn/nm (unique key) -> evaluation, instead of probing the
  -- period of every evaluation of the SKP (12 a year with monthly periods)
  pop AS (SELECT e.id, e.predikat, e.status, e.status IN ('DITETAPKAN','KEBERATAN','FINAL') AND e.id IS DISTINCT FROM except_id AS set_
            FROM evaluasi e
            JOIN skp s ON s.instansi_id = e.instansi_id AND s.id = e.skp_id
            JOIN periode p ON p.instansi_id = e.instansi_id AND p.id = e.periode_id AND p.skp_id = s.id
            JOIN unor su ON su.instansi_id = s.instansi_id AND su.id = s.unor_id, u
           WHERE e.instansi_id = u.instansi_id AND s.tahun = th AND p.jenis = jn AND p.nomor = nm
             AND su.path LIKE u.path || '%'),
  org AS (SELECT predikat FROM predikat_organisasi o, u
           WHERE o.instansi_id = u.instansi_id AND o.unor_id = u.id AND o.tahun = th AND o.jenis = jn AND o.nomor = nm),
  ver AS (SELECT max(berlaku_mulai) AS v FROM distribusi_aturan WHERE berlaku_mulai <= make_date(th, 12, 31))
  SELECT json_build_object(
    'unor_id', uid, 'tahun', th, 'jenis', jn, 'nomor', nm,
    'n', (SELECT count(*) FROM pop),
    'counts', json_build_array(
       (SELECT count(*) FROM pop WHERE set_ AND predikat = 'SANGAT_BAIK'),
       (SELECT count(*) FROM pop WHERE set_ AND predikat = 'BAIK'),
       (SELECT count(*) FROM pop WHERE set_ AND predikat = 'BUTUH_PERBAIKAN'),
       (SELECT count(*) FROM pop WHERE set_ AND predikat = 'KURANG'),
       (SELECT count(*) FROM pop WHERE set_ AND predikat = 'SANGAT_KURANG')),
    'unrated', (SELECT count(*) FROM pop WHERE NOT set_),
    'kelompok', COALESCE((SELECT json_agg(json_build_object('status', g.status, 'predikat', g.predikat, 'jumlah', g.jumlah)
                                          ORDER BY g.status, g.predikat)
                            FROM (SELECT status, predikat, count(*) AS jumlah FROM pop GROUP BY status, predikat) g), '[]'::json),
    'tidak_dinilai', (SELECT count(*) FROM pegawai pg JOIN unor pu ON pu.instansi_id = pg.instansi_id AND pu.id = pg.unor_id, u
                       WHERE pg.instansi_id = u.instansi_id AND pu.path LIKE u.path || '%'
                         AND pg.status IN ('CLTN','TUGAS_BELAJAR','MPP','DIBERHENTIKAN_SEMENTARA')),
    'predikat_organisasi', (SELECT predikat FROM org),
    'aturan_berlaku_mulai', (SELECT v FROM ver),
    'rules', COALESCE((SELECT json_agg(json_build_object('kode', a.kode, 'predikat', a.predikat, 'operasi', a.operasi,
                          'nilai', a.nilai, 'keterangan', a.keterangan) ORDER BY a.id)
                        FROM distribusi_aturan a, ver, org
                       WHERE a.berlaku_mulai = ver.v AND a.predikat_organisasi = org.predikat), '[]'::json)) $$;

-- The fingerprint of a unit's distribution facts (distribusi_data): the population groups, the
-- organisation predikat and the rules. The curve decision in C (dom_distribusi_check) is a pure
-- function of exactly these, so an unchanged fingerprint means an unchanged decision.
CREATE OR REPLACE FUNCTION distribusi_sidik(d json) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT md5(json_build_array(d->'kelompok', d->'predikat_organisasi', d->'aturan_berlaku_mulai', d->'rules')::text) $$;

-- The Perangkat Daerah whose curve an evaluation counts in (unit_organisasi of its SKP's unit).
-- (plpgsql here and in distribusi_kunci: as SQL-language functions that cannot be inlined they were
-- parsed and planned in every rating and tetapkan)
CREATE OR REPLACE FUNCTION evaluasi_unit(e evaluasi) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT (unit_organisasi(s.instansi_id, s.unor_id)).id FROM skp s WHERE s.instansi_id = e.instansi_id AND s.id = e.skp_id);
END $$;

-- The per-unit lock of the curve (issue 15 item 6): every write that changes a unit's population
-- (rating, tetapkan, keberatan decision) or its rules (organisation predikat) holds it until its
-- commit, so a tetapkan's re-check under it sees every such change committed before, and none
-- commits between the re-check and the tetapkan's own commit. Transaction-scoped; a unit of
-- NULL (no Perangkat Daerah) locks nothing. Lock order everywhere: the evaluation row first.
CREATE OR REPLACE FUNCTION distribusi_kunci(iid bigint, uid bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF uid IS NOT NULL THEN PERFORM pg_advisory_xact_lock(hashtext('distribusi:' || iid), uid::int); END IF;
END $$;

-- with_curve: only setting a predikat needs the unit's distribution (costly for a large PD);
-- 'sidik_distribusi' is its fingerprint, handed back to api_evaluasi_tetapkan for the re-check.
-- evaluasi_for's visibility test is made on the one skp_actor the facts carry anyway (it was
-- computed twice per request), and noted for the write of the same transaction (skp_visible_tx).
-- The evaluation, its SKP, period and unit are read once each into variables (a CTE over them
-- read the evaluation twice and walked the unit's rows once per use; skp_actor_of read the SKP a
-- second time).
CREATE OR REPLACE FUNCTION evaluasi_facts(eid bigint, with_curve boolean) RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE ev evaluasi; s skp; p periode; u unor; v_actor jsonb; d json;
BEGIN
  SELECT * INTO ev FROM evaluasi WHERE instansi_id = app_instansi_id() AND id = eid;
  SELECT * INTO s FROM skp WHERE instansi_id = ev.instansi_id AND id = ev.skp_id;
  IF s.id IS NOT NULL THEN v_actor := skp_actor(s); END IF;
  IF ev.id IS NULL OR NOT COALESCE((v_actor->>'visible')::boolean, false) THEN PERFORM kn_not_found('Evaluasi', 'Evaluation', eid); END IF;
  PERFORM skp_visible_tx_catat(ev.skp_id);
  SELECT * INTO p FROM periode WHERE instansi_id = ev.instansi_id AND id = ev.periode_id;
  u := unit_organisasi(s.instansi_id, s.unor_id);
  IF with_curve AND u.id IS NOT NULL THEN d := distribusi_data(u.id, s.tahun, p.jenis, p.nomor, ev.id); END IF;
  RETURN json_build_object(
    'status', ev.status, 'version', ev.version, 'predikat', ev.predikat,
    'rating_hasil_kerja', ev.rating_hasil_kerja, 'rating_perilaku', ev.rating_perilaku,
    'hari_sejak_ditetapkan', current_date - (ev.ditetapkan_at AT TIME ZONE 'UTC')::date,
    'keberatan_hari', (SELECT keberatan_hari FROM instansi WHERE id = ev.instansi_id),
    'actor', v_actor,
    'tahun', s.tahun, 'jenis', p.jenis, 'nomor', p.nomor, 'akhir_tahun', p.akhir_tahun,
    'unit_id', u.id,
    'pegawai_kepala_unit', s.pegawai_id = u.kepala_pegawai_id,
    'caller_kepala_unit', COALESCE(app_nip() = (SELECT pg.nip FROM pegawai pg
                            WHERE pg.instansi_id = u.instansi_id AND pg.id = u.kepala_pegawai_id), false),
    'rating_organisasi', (SELECT r.rating FROM predikat_organisasi o, predikat_organisasi_rating r
                           WHERE o.instansi_id = u.instansi_id AND o.unor_id = u.id AND o.tahun = s.tahun
                             AND o.jenis = p.jenis AND o.nomor = p.nomor AND r.predikat_organisasi = o.predikat
                             AND (r.instansi_id IS NULL OR r.instansi_id = o.instansi_id)
                           ORDER BY r.instansi_id NULLS LAST LIMIT 1),
    'distribusi', d,
    'sidik_distribusi', CASE WHEN d IS NOT NULL THEN distribusi_sidik(d) END);
END $$;

CREATE OR REPLACE FUNCTION evaluasi_json(e evaluasi) RETURNS json LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT json_build_object('id', e.id, 'skp_id', e.skp_id, 'status', evaluasi_status(e),
    'periode', json_build_object('id', p.id, 'tahun', s.tahun, 'jenis', p.jenis, 'nomor', p.nomor,
                                 'tanggal_awal', p.tanggal_awal, 'tanggal_akhir', p.tanggal_akhir, 'akhir_tahun', p.akhir_tahun),
    'pegawai', json_build_object('nip', pg.nip, 'nama', pg.nama),
    'rating_hasil_kerja', e.rating_hasil_kerja, 'rating_perilaku', e.rating_perilaku, 'predikat', e.predikat,
    'catatan', e.catatan, 'dinilai_oleh', e.dinilai_oleh, 'ditetapkan_at', e.ditetapkan_at,
    'batas_keberatan', (e.ditetapkan_at AT TIME ZONE 'UTC')::date + (SELECT keberatan_hari FROM instansi WHERE id = e.instansi_id),
    'override_distribusi_alasan', e.override_distribusi_alasan,
    'keberatan', (SELECT json_build_object('id', k.id, 'status', k.status, 'alasan', k.alasan, 'predikat_lama', k.predikat_lama,
                    'predikat_baru', k.predikat_baru, 'catatan_keputusan', k.catatan_keputusan, 'diputus_oleh', k.diputus_oleh,
                    'diputus_at', k.diputus_at, 'diputus_sebagai', k.diputus_sebagai, 'nomor_keputusan', k.nomor_keputusan)
                    FROM keberatan k WHERE k.instansi_id = e.instansi_id AND k.evaluasi_id = e.id),
    -- the year-end evaluation is the annual result; the penilai sees the periodic history
    'riwayat_periodik', CASE WHEN p.akhir_tahun THEN (SELECT COALESCE(json_agg(json_build_object('evaluasi_id', o.id,
                    'jenis', op.jenis, 'nomor', op.nomor, 'predikat', o.predikat, 'status', evaluasi_status(o)) ORDER BY op.tanggal_awal), '[]'::json)
                    FROM evaluasi o JOIN periode op ON op.instansi_id = o.instansi_id AND op.id = o.periode_id
                    JOIN skp os ON os.instansi_id = o.instansi_id AND os.id = o.skp_id
                   WHERE o.instansi_id = e.instansi_id AND os.pegawai_id = s.pegawai_id AND os.tahun = s.tahun AND o.id <> e.id) END,
    'version', e.version, 'updated_at', e.updated_at)
  FROM periode p, skp s, pegawai pg
  WHERE p.instansi_id = e.instansi_id AND p.id = e.periode_id AND s.instansi_id = e.instansi_id AND s.id = e.skp_id
    AND pg.instansi_id = s.instansi_id AND pg.id = s.pegawai_id);
END $$;

-- A rating changes the unit's population: under the evaluation's row lock and the unit's curve
-- lock, and never of an evaluation already set (status guard in the UPDATE itself: a tetapkan
-- that committed after this request read its facts answers 409, whatever If-Match said).
CREATE OR REPLACE FUNCTION api_evaluasi_rating(eid bigint, hk text, pk text, predikat text, catatan text, expected int)
RETURNS json LANGUAGE plpgsql AS $$
DECLARE e evaluasi := evaluasi_for_write(eid, expected);
BEGIN
  PERFORM distribusi_kunci(e.instansi_id, evaluasi_unit(e));
  UPDATE evaluasi SET rating_hasil_kerja = hk, rating_perilaku = pk, predikat = api_evaluasi_rating.predikat,
                      catatan = api_evaluasi_rating.catatan, status = 'DINILAI', dinilai_oleh = current_setting('app.actor', true)
   WHERE instansi_id = e.instansi_id AND id = e.id AND version = e.version AND status IN ('TERBUKA', 'DINILAI')
  RETURNING * INTO e;
  IF e.id IS NULL THEN
    PERFORM kn_raise('409', 'evaluasi_invalid_transition', 'Evaluasi sudah ditetapkan dan tidak dapat dinilai ulang',
                     'The evaluation has been set and can no longer be rated');
  END IF;
  RETURN evaluasi_json(e);
END $$;

-- sidik: the fingerprint (distribusi_sidik) of the distribution facts the curve was checked on in
-- C; NULL when the curve does not bind (an override with a reason). Under the unit's curve lock
-- the facts are read again (a fresh snapshot: every write that changes them holds the same lock
-- until it commits); if they changed, 409 distribusi_berubah and C decides again on new facts.
CREATE OR REPLACE FUNCTION api_evaluasi_tetapkan(eid bigint, override_alasan text, sidik text, expected int)
RETURNS json LANGUAGE plpgsql AS $$
DECLARE e evaluasi := evaluasi_for_write(eid, expected); uid bigint := evaluasi_unit(e); now_ json;
BEGIN
  IF e.status <> 'DINILAI' THEN
    PERFORM kn_raise('409', 'evaluasi_invalid_transition', 'Evaluasi berstatus ' || e.status || ' tidak dapat ditetapkan',
                     'An evaluation in state ' || e.status || ' cannot be set');
  END IF;
  PERFORM distribusi_kunci(e.instansi_id, uid);
  IF sidik IS NOT NULL THEN
    SELECT distribusi_data(uid, s.tahun, p.jenis, p.nomor, e.id) INTO now_
      FROM skp s, periode p
     WHERE s.instansi_id = e.instansi_id AND s.id = e.skp_id AND p.instansi_id = e.instansi_id AND p.id = e.periode_id;
    IF distribusi_sidik(now_) IS DISTINCT FROM sidik THEN
      PERFORM kn_raise('409', 'distribusi_berubah', 'Distribusi predikat unit berubah bersamaan; ulangi penetapan',
                       'The unit''s predikat distribution changed concurrently; retry');
    END IF;
  END IF;
  UPDATE evaluasi SET status = 'DITETAPKAN', ditetapkan_at = now(), override_distribusi_alasan = override_alasan
   WHERE instansi_id = e.instansi_id AND id = e.id AND version = e.version AND status = 'DINILAI' RETURNING * INTO e;
  IF e.id IS NULL THEN
    PERFORM kn_raise('412', 'precondition_failed', 'Evaluasi berubah bersamaan; muat ulang', 'The evaluation changed concurrently; reload');
  END IF;
  -- the period's realisasi and evidence are frozen from now on
  UPDATE periode SET terkunci_at = now() WHERE instansi_id = e.instansi_id AND id = e.periode_id AND terkunci_at IS NULL;
  RETURN evaluasi_json(e);
END $$;

CREATE OR REPLACE FUNCTION api_keberatan_ajukan(eid bigint, alasan text, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE e evaluasi := evaluasi_for_write(eid, expected);
BEGIN
  INSERT INTO keberatan (evaluasi_id, alasan, predikat_lama) VALUES (e.id, alasan, e.predikat);
  UPDATE evaluasi SET status = 'KEBERATAN' WHERE instansi_id = e.instansi_id AND id = e.id AND status = 'DITETAPKAN'
  RETURNING * INTO e;
  IF e.id IS NULL THEN
    PERFORM kn_raise('409', 'evaluasi_invalid_transition', 'Evaluasi tidak lagi dapat diajukan keberatan', 'The evaluation can no longer be objected to');
  END IF;
  RETURN evaluasi_json(e);
END $$;

CREATE OR REPLACE FUNCTION keberatan_for(kid bigint) RETURNS keberatan LANGUAGE plpgsql STABLE AS $$
DECLARE k keberatan;
BEGIN
  SELECT * INTO k FROM keberatan WHERE instansi_id = app_instansi_id() AND id = kid;
  IF k.id IS NULL OR NOT skp_visible((SELECT skp_id FROM evaluasi WHERE instansi_id = k.instansi_id AND id = k.evaluasi_id)) THEN
    PERFORM kn_not_found('Keberatan', 'Objection', kid);
  END IF;
  RETURN k;
END $$;

-- atasan_jenis of the SKP: who decides (the atasan penilai or the PPK) is dom_keberatan_pemutus in C.
CREATE OR REPLACE FUNCTION keberatan_facts(kid bigint) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('keberatan_status', k.status, 'evaluasi_id', k.evaluasi_id, 'evaluasi', evaluasi_facts(k.evaluasi_id, false),
                           'atasan_jenis', (SELECT s.atasan_jenis FROM evaluasi e JOIN skp s ON s.instansi_id = e.instansi_id AND s.id = e.skp_id
                                             WHERE e.instansi_id = k.instansi_id AND e.id = k.evaluasi_id))
    FROM keberatan_for(kid) k $$;

-- sebagai: the capacity the decision is made in (ATASAN_PENILAI, or PPK when BKPSDM records the
-- kepala daerah's decision with its nomor_keputusan); decided in C (dom_keberatan_can_decide_as).
CREATE OR REPLACE FUNCTION api_keberatan_putuskan(kid bigint, keputusan text, hk text, pk text, predikat text, catatan text,
                                                  nomor_keputusan text, sebagai text, expected int)
RETURNS json LANGUAGE plpgsql AS $$
-- the objection is decided on the evaluation: If-Match carries the evaluation's version
DECLARE k keberatan := keberatan_for(kid); e evaluasi := evaluasi_for_write(k.evaluasi_id, expected);
BEGIN
  PERFORM distribusi_kunci(e.instansi_id, evaluasi_unit(e));  -- a re-rating changes the unit's population
  UPDATE keberatan SET status = keputusan, predikat_baru = COALESCE(api_keberatan_putuskan.predikat, e.predikat),
         catatan_keputusan = catatan, diputus_oleh = current_setting('app.actor', true), diputus_at = now(),
         nomor_keputusan = api_keberatan_putuskan.nomor_keputusan, diputus_sebagai = sebagai
   WHERE instansi_id = k.instansi_id AND id = k.id AND status = 'DIAJUKAN' RETURNING * INTO k;
  IF k.id IS NULL THEN
    PERFORM kn_raise('409', 'evaluasi_invalid_transition', 'Keberatan sudah diputus', 'The objection was already decided');
  END IF;
  -- the atasan penilai's decision is final: the evaluation becomes FINAL, possibly re-rated
  UPDATE evaluasi SET status = 'FINAL', rating_hasil_kerja = COALESCE(hk, rating_hasil_kerja),
         rating_perilaku = COALESCE(pk, rating_perilaku), predikat = COALESCE(api_keberatan_putuskan.predikat, evaluasi.predikat)
   WHERE instansi_id = e.instansi_id AND id = e.id RETURNING * INTO e;
  PERFORM skp_selesai_otomatis(e.id);  -- a FINAL year-end evaluation closes the year (sql/functions/skp.sql)
  RETURN evaluasi_json(e);
END $$;

-- GET /v1/keberatan: the objections the caller may see (their unit scope, or as the pegawai, the
-- penilai or the atasan penilai), newest filter first by id. hari: the days a decision is due in
-- (NULL: the instansi's keberatan_putus_hari, K22's limit); batas: only those due on or before that date.
-- Each item carries atasan_jenis; C turns it into 'pemutus' (dom_keberatan_pemutus), and
-- atasan_pegawai (true/false/NULL) filters on the same fact.
CREATE OR REPLACE FUNCTION keberatan_list(after bigint, lim int, st text, uid bigint, batas date, hari int,
                                          atasan_pegawai boolean) RETURNS json LANGUAGE sql STABLE AS $$
  WITH me AS MATERIALIZED (SELECT app_scope_path() AS sp,
         (SELECT id FROM pegawai WHERE instansi_id = app_instansi_id() AND nip = app_nip()) AS pid,
         COALESCE(hari, (SELECT keberatan_putus_hari FROM instansi WHERE id = app_instansi_id())) AS hari),
  base AS (SELECT path FROM unor WHERE instansi_id = app_instansi_id() AND id = uid),
  page AS (SELECT k.*, me.hari AS putus_hari, s.atasan_jenis, s.pegawai_id, s.atasan_pegawai_id, s.unor_id, s.tahun, p.jenis, p.nomor
             FROM keberatan k
             JOIN evaluasi e ON e.instansi_id = k.instansi_id AND e.id = k.evaluasi_id
             JOIN periode p ON p.instansi_id = e.instansi_id AND p.id = e.periode_id
             JOIN skp s ON s.instansi_id = e.instansi_id AND s.id = e.skp_id
             JOIN unor u ON u.instansi_id = s.instansi_id AND u.id = s.unor_id, me
            WHERE k.instansi_id = app_instansi_id() AND k.id > after
              AND ((me.sp IS NOT NULL AND u.path LIKE me.sp || '%') OR s.pegawai_id = me.pid
                   OR s.penilai_pegawai_id = me.pid OR s.atasan_pegawai_id = me.pid)
              AND (st IS NULL OR k.status = st)
              AND (uid IS NULL OR u.path LIKE (SELECT path FROM base) || '%')
              AND (batas IS NULL OR (k.created_at AT TIME ZONE 'UTC')::date + me.hari <= batas)
              AND (atasan_pegawai IS NULL OR (s.atasan_jenis = 'PEGAWAI') = atasan_pegawai)
            ORDER BY k.id LIMIT lim)
  SELECT json_build_object('items', COALESCE(json_agg(json_build_object(
      'id', k.id, 'evaluasi_id', k.evaluasi_id, 'status', k.status, 'alasan', k.alasan,
      'predikat_lama', k.predikat_lama, 'predikat_baru', k.predikat_baru,
      'diajukan_at', k.created_at, 'batas_putus', (k.created_at AT TIME ZONE 'UTC')::date + k.putus_hari,
      'atasan_jenis', k.atasan_jenis,
      'pegawai', (SELECT json_build_object('nip', g.nip, 'nama', g.nama) FROM pegawai g WHERE g.instansi_id = k.instansi_id AND g.id = k.pegawai_id),
      'atasan', (SELECT json_build_object('nip', g.nip, 'nama', g.nama) FROM pegawai g
                  WHERE g.instansi_id = k.instansi_id AND g.id = k.atasan_pegawai_id AND k.atasan_jenis = 'PEGAWAI'),
      'unor_id', k.unor_id, 'periode', json_build_object('tahun', k.tahun, 'jenis', k.jenis, 'nomor', k.nomor),
      'catatan_keputusan', k.catatan_keputusan, 'diputus_oleh', k.diputus_oleh, 'diputus_at', k.diputus_at,
      'diputus_sebagai', k.diputus_sebagai, 'nomor_keputusan', k.nomor_keputusan, 'version', k.version) ORDER BY k.id), '[]'::json),
    'next_cursor', CASE WHEN count(*) = lim THEN max(k.id) END)
  FROM page k $$;

CREATE OR REPLACE FUNCTION predikat_organisasi_json(o predikat_organisasi) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', o.id, 'unor_id', o.unor_id, 'tahun', o.tahun, 'jenis', o.jenis, 'nomor', o.nomor,
    'predikat', o.predikat, 'dasar', o.dasar, 'ditetapkan_oleh', o.ditetapkan_oleh,
    'alasan', (SELECT r.alasan FROM predikat_organisasi_riwayat r WHERE r.instansi_id = o.instansi_id
                AND r.predikat_organisasi_id = o.id AND r.versi = o.version),
    'version', o.version, 'updated_at', o.updated_at) $$;

-- POST /v1/unor/{id}/predikat-organisasi: the first setting of a period creates it; a change is a
-- versioned decision (domain.md §5.4): If-Match required (428 without), compared (412), with a
-- reason (alasan, required by the handler). Every setting goes into predikat_organisasi_riwayat.
-- Only a satuan organisasi (Perangkat Daerah) gets one: the curve and the unit-head rule read the
-- PD that contains the SKP's unit (unit_organisasi), so a sub-unit's predikat would be ignored.
CREATE OR REPLACE FUNCTION api_predikat_organisasi_put(uid bigint, b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE u unor := unor_for_write(uid); o predikat_organisasi; lama text;
BEGIN
  IF NOT u.is_perangkat_daerah THEN
    PERFORM kn_raise('422', 'predikat_organisasi_bukan_perangkat_daerah',
      'Predikat kinerja organisasi ditetapkan untuk satuan organisasi (Perangkat Daerah); unor ' || u.id ||
      ' adalah sub-unit dan pegawainya dinilai dalam distribusi Perangkat Daerah induknya',
      'The organisation predikat is set for a satuan organisasi (Perangkat Daerah); unit ' || u.id ||
      ' is a sub-unit whose pegawai are assessed in the distribution of the Perangkat Daerah above it');
  END IF;
  PERFORM distribusi_kunci(u.instansi_id, u.id);  -- the unit's curve rules change (issue 15 item 6)
  SELECT * INTO o FROM predikat_organisasi
   WHERE instansi_id = u.instansi_id AND unor_id = u.id AND tahun = (b->>'tahun')::int AND jenis = b->>'jenis'
     AND nomor = (b->>'nomor')::int FOR UPDATE;
  IF o.id IS NULL THEN
    IF expected IS NOT NULL THEN
      PERFORM kn_raise('412', 'precondition_failed', 'Predikat organisasi periode ini belum ada; kirim tanpa If-Match',
                       'There is no organisation predikat for this period yet; send without If-Match');
    END IF;
    INSERT INTO predikat_organisasi (unor_id, tahun, jenis, nomor, predikat, dasar, ditetapkan_oleh)
    VALUES (u.id, (b->>'tahun')::int, b->>'jenis', (b->>'nomor')::int, b->>'predikat', b->>'dasar',
            current_setting('app.actor', true))
    ON CONFLICT (instansi_id, unor_id, tahun, jenis, nomor) DO NOTHING RETURNING * INTO o;
    IF o.id IS NULL THEN
      PERFORM kn_raise('412', 'precondition_failed', 'Predikat organisasi periode ini baru saja ditetapkan; muat ulang',
                       'The organisation predikat of this period was just set; reload');
    END IF;
  ELSE
    IF expected IS NULL THEN
      PERFORM kn_raise('428', 'precondition_required',
        'Predikat organisasi periode ini sudah ditetapkan (versi ' || o.version || '); perubahan memerlukan If-Match dan alasan',
        'The organisation predikat of this period is already set (version ' || o.version || '); a change needs If-Match and a reason');
    END IF;
    PERFORM check_version(o.version, expected);
    IF NULLIF(btrim(b->>'alasan'), '') IS NULL THEN
      PERFORM kn_raise('422', 'alasan_required', 'Alasan perubahan predikat organisasi wajib diisi',
                       'A reason (alasan) is required to change the organisation predikat');
    END IF;
    lama := o.predikat;
    -- a setting from before the history existed becomes the entry of its version first
    INSERT INTO predikat_organisasi_riwayat (predikat_organisasi_id, versi, predikat, dasar, ditetapkan_oleh, at)
    VALUES (o.id, o.version, o.predikat, o.dasar, o.ditetapkan_oleh, o.updated_at)
    ON CONFLICT (instansi_id, predikat_organisasi_id, versi) DO NOTHING;
    UPDATE predikat_organisasi SET predikat = b->>'predikat', dasar = b->>'dasar',
           ditetapkan_oleh = current_setting('app.actor', true)
     WHERE instansi_id = o.instansi_id AND id = o.id RETURNING * INTO o;
  END IF;
  INSERT INTO predikat_organisasi_riwayat (predikat_organisasi_id, versi, predikat_lama, predikat, dasar, alasan, ditetapkan_oleh)
  VALUES (o.id, o.version, lama, o.predikat, o.dasar, NULLIF(btrim(b->>'alasan'), ''), o.ditetapkan_oleh);
  RETURN predikat_organisasi_json(o);
END $$;

-- GET /v1/unor/{id}/predikat-organisasi/riwayat: every setting of the unit's organisation predikat,
-- oldest first (keyset on id), optionally of one period.
CREATE OR REPLACE FUNCTION predikat_organisasi_riwayat_list(uid bigint, th int, jn text, nm int, after bigint, lim int)
RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE u unor; out json;
BEGIN
  SELECT * INTO u FROM unor WHERE instansi_id = app_instansi_id() AND id = uid;
  IF u.id IS NULL OR app_scope_path() IS NULL OR u.path NOT LIKE app_scope_path() || '%' THEN
    PERFORM kn_not_found('Unor', 'Unit', uid);
  END IF;
  SELECT json_build_object('items', COALESCE(json_agg(json_build_object('id', x.id, 'predikat_organisasi_id', x.predikat_organisasi_id,
           'tahun', x.tahun, 'jenis', x.jenis, 'nomor', x.nomor, 'versi', x.versi, 'predikat_lama', x.predikat_lama,
           'predikat', x.predikat, 'dasar', x.dasar, 'alasan', x.alasan, 'ditetapkan_oleh', x.ditetapkan_oleh, 'at', x.at)
           ORDER BY x.id), '[]'::json),
         'next_cursor', CASE WHEN count(*) = lim THEN max(x.id) END) INTO out
    FROM (SELECT r.*, o.tahun, o.jenis, o.nomor FROM predikat_organisasi_riwayat r
            JOIN predikat_organisasi o ON o.instansi_id = r.instansi_id AND o.id = r.predikat_organisasi_id
           WHERE r.instansi_id = u.instansi_id AND o.unor_id = u.id AND r.id > after
             AND (th IS NULL OR o.tahun = th) AND (jn IS NULL OR o.jenis = jn) AND (nm IS NULL OR o.nomor = nm)
           ORDER BY r.id LIMIT lim) x;
  RETURN out;
END $$;

-- The set evaluations (DITETAPKAN, KEBERATAN, FINAL) of a unit's period whose predikat is one of
-- `predikat`: the ones a violated curve rule blames (dom_distribusi_blame decides which predikat).
-- Visible units only (empty otherwise); the caller has answered 404 for an invisible one already.
CREATE OR REPLACE FUNCTION distribusi_evaluasi_set(uid bigint, th int, jn text, nm int, predikat text[]) RETURNS json
LANGUAGE sql STABLE AS $$
  WITH u AS (SELECT * FROM unor WHERE instansi_id = app_instansi_id() AND id = uid
               AND app_scope_path() IS NOT NULL AND path LIKE app_scope_path() || '%')
  SELECT COALESCE(json_agg(json_build_object('id', e.id, 'skp_id', e.skp_id, 'nip', pg.nip, 'nama', pg.nama,
           'predikat', e.predikat, 'status', evaluasi_status(e), 'ditetapkan_at', e.ditetapkan_at) ORDER BY e.id), '[]'::json)
    FROM evaluasi e
    JOIN periode p ON p.instansi_id = e.instansi_id AND p.id = e.periode_id
    JOIN skp s ON s.instansi_id = e.instansi_id AND s.id = e.skp_id
    JOIN unor su ON su.instansi_id = s.instansi_id AND su.id = s.unor_id
    JOIN pegawai pg ON pg.instansi_id = s.instansi_id AND pg.id = s.pegawai_id, u
   WHERE e.instansi_id = u.instansi_id AND s.tahun = th AND p.jenis = jn AND p.nomor = nm
     AND su.path LIKE u.path || '%' AND e.status IN ('DITETAPKAN','KEBERATAN','FINAL')
     AND e.predikat = ANY (distribusi_evaluasi_set.predikat) $$;

-- R13 re-checked (after a change of the organisation predikat): the set evaluations of the unit's
-- head for the period whose rating hasil kerja is not the one the predikat maps to now.
CREATE OR REPLACE FUNCTION distribusi_kepala_tidak_sesuai(uid bigint, th int, jn text, nm int) RETURNS json
LANGUAGE sql STABLE AS $$
  WITH u AS (SELECT * FROM unor WHERE instansi_id = app_instansi_id() AND id = uid
               AND app_scope_path() IS NOT NULL AND path LIKE app_scope_path() || '%'),
  r AS (SELECT m.rating FROM predikat_organisasi o JOIN u ON o.instansi_id = u.instansi_id AND o.unor_id = u.id
          JOIN predikat_organisasi_rating m ON m.predikat_organisasi = o.predikat
                                           AND (m.instansi_id IS NULL OR m.instansi_id = o.instansi_id)
         WHERE o.tahun = th AND o.jenis = jn AND o.nomor = nm ORDER BY m.instansi_id NULLS LAST LIMIT 1)
  SELECT COALESCE(json_agg(json_build_object('id', e.id, 'skp_id', e.skp_id, 'nip', pg.nip, 'nama', pg.nama,
           'predikat', e.predikat, 'status', evaluasi_status(e), 'rating_hasil_kerja', e.rating_hasil_kerja,
           'rating_hasil_kerja_seharusnya', r.rating) ORDER BY e.id), '[]'::json)
    FROM evaluasi e
    JOIN periode p ON p.instansi_id = e.instansi_id AND p.id = e.periode_id
    JOIN skp s ON s.instansi_id = e.instansi_id AND s.id = e.skp_id
    JOIN pegawai pg ON pg.instansi_id = s.instansi_id AND pg.id = s.pegawai_id, u, r
   WHERE e.instansi_id = u.instansi_id AND s.pegawai_id = u.kepala_pegawai_id AND s.tahun = th AND p.jenis = jn
     AND p.nomor = nm AND e.status IN ('DITETAPKAN','KEBERATAN','FINAL') AND e.rating_hasil_kerja IS DISTINCT FROM r.rating $$;

-- A unit inside the caller's read scope (app_scope_path: whole instansi or the admin_pd's PD;
-- a plain pegawai has none): 404 otherwise, the answer of a unit that does not exist.
CREATE OR REPLACE FUNCTION unor_for_scope(uid bigint) RETURNS unor LANGUAGE plpgsql STABLE AS $$
DECLARE u unor;
BEGIN
  SELECT * INTO u FROM unor WHERE instansi_id = app_instansi_id() AND id = uid;
  IF u.id IS NULL OR app_scope_path() IS NULL OR u.path NOT LIKE app_scope_path() || '%' THEN
    PERFORM kn_raise('404', 'not_found', 'Unor ' || uid || ' tidak ditemukan', 'Unit ' || uid || ' not found');
  END IF;
  RETURN u;
END $$;

-- GET /v1/unor/{id}/predikat-organisasi: a unit outside the scope answers 404, not an empty list.
CREATE OR REPLACE FUNCTION predikat_organisasi_list(uid bigint, th int) RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE u unor := unor_for_scope(uid);
BEGIN
  RETURN (SELECT json_build_object('items', COALESCE(json_agg(predikat_organisasi_json(o) ORDER BY o.tahun, o.jenis, o.nomor),
                                                     '[]'::json), 'next_cursor', NULL)
            FROM predikat_organisasi o WHERE o.instansi_id = u.instansi_id AND o.unor_id = u.id AND (th IS NULL OR o.tahun = th));
END $$;

-- For GET /v1/unor/{id}/distribusi: visible units only.
CREATE OR REPLACE FUNCTION distribusi_for(uid bigint, th int, jn text, nm int) RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE u unor := unor_for_scope(uid);
BEGIN
  RETURN distribusi_data(u.id, th, jn, nm, NULL);
END $$;

-- A new evaluation period opens an evaluation for every SKP it covers.
CREATE OR REPLACE TRIGGER periode_evaluasi AFTER INSERT ON periode REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION evaluasi_for_new_periode();
