-- Module rhk (src/api/rhk.c).

-- SQL side of RHK, indikator, perilaku and lampiran writes. Context rules that need the SKP
-- (approach, JPT or not, cascading to the penilai's SKP, weights) live here; shapes and types
-- are checked in C first. Owner: planning module.
CREATE OR REPLACE FUNCTION rhk_check(s skp, b jsonb) RETURNS void LANGUAGE plpgsql STABLE AS $$
DECLARE atasan_ok boolean;
BEGIN
  IF s.jenis_skp = 'JPT' AND b ? 'jenis_rhk' AND b->>'perspektif' IS NULL AND b->>'jenis_rhk' = 'UTAMA' THEN
    PERFORM kn_raise('422', 'validation_failed', 'RHK UTAMA pada SKP JPT wajib memiliki perspektif',
                     'An UTAMA RHK of a JPT SKP needs a perspektif');
  END IF;
  IF s.jenis_skp = 'NON_JPT' AND b->>'perspektif' IS NOT NULL THEN
    PERFORM kn_raise('422', 'validation_failed', 'Perspektif hanya untuk SKP JPT', 'perspektif is for JPT SKP only');
  END IF;
  IF b->>'bobot' IS NOT NULL AND NOT (SELECT bobot_aktif FROM instansi WHERE id = s.instansi_id) THEN
    PERFORM kn_raise('422', 'validation_failed', 'Bobot tidak diaktifkan untuk instansi ini',
                     'Weights (bobot) are not enabled for this instansi');
  END IF;
  IF b->>'rhk_atasan_id' IS NOT NULL THEN
    SELECT true INTO atasan_ok FROM rhk a JOIN skp sa ON sa.instansi_id = a.instansi_id AND sa.id = a.skp_id
     WHERE a.instansi_id = s.instansi_id AND a.id = (b->>'rhk_atasan_id')::bigint
       AND s.penilai_jenis = 'PEGAWAI' AND sa.pegawai_id = s.penilai_pegawai_id AND sa.tahun = s.tahun;
    IF atasan_ok IS NULL THEN
      PERFORM kn_raise('422', 'rhk_cascading_invalid',
        'RHK atasan harus RHK dari SKP pejabat penilai (' || COALESCE(s.penilai_snapshot#>>'{pejabat_penilai,nama}', '-') ||
        ') untuk tahun ' || s.tahun,
        'rhk_atasan_id must be an RHK of the penilai''s SKP for ' || s.tahun);
    END IF;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION api_rhk_create(sid bigint, b jsonb) RETURNS json LANGUAGE plpgsql AS $$
DECLARE s skp := skp_for_edit(sid); r rhk;
BEGIN
  PERFORM rhk_check(s, b);
  INSERT INTO rhk (skp_id, jenis_rhk, uraian, rhk_atasan_id, jenis_intervensi, perspektif, bobot, urutan)
  VALUES (s.id, b->>'jenis_rhk', b->>'uraian', (b->>'rhk_atasan_id')::bigint,
          CASE WHEN b->>'rhk_atasan_id' IS NOT NULL THEN COALESCE(b->>'jenis_intervensi', 'LANGSUNG') END,
          b->>'perspektif', (b->>'bobot')::numeric,
          COALESCE((b->>'urutan')::int, (SELECT count(*) + 1 FROM rhk WHERE instansi_id = s.instansi_id AND skp_id = s.id)))
  RETURNING * INTO r;
  RETURN rhk_json(r);
END $$;

CREATE OR REPLACE FUNCTION rhk_for(rid bigint) RETURNS rhk LANGUAGE plpgsql STABLE AS $$
DECLARE r rhk;
BEGIN
  SELECT * INTO r FROM rhk WHERE instansi_id = app_instansi_id() AND id = rid;
  IF r.id IS NULL OR NOT skp_visible(r.skp_id) THEN PERFORM kn_not_found('RHK', 'RHK', rid); END IF;
  RETURN r;
END $$;

CREATE OR REPLACE FUNCTION api_rhk_patch(rid bigint, b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE r rhk := rhk_for(rid); s skp := skp_for_edit(r.skp_id);
BEGIN
  PERFORM check_version(r.version, expected);  -- after the edit right: 403 before 412
  PERFORM rhk_check(s, jsonb_build_object('jenis_rhk', COALESCE(b->>'jenis_rhk', r.jenis_rhk),
                                          'perspektif', CASE WHEN b ? 'perspektif' THEN b->>'perspektif' ELSE r.perspektif END) || b);
  UPDATE rhk SET jenis_rhk = COALESCE(b->>'jenis_rhk', jenis_rhk), uraian = COALESCE(b->>'uraian', uraian),
    rhk_atasan_id = CASE WHEN b ? 'rhk_atasan_id' THEN (b->>'rhk_atasan_id')::bigint ELSE rhk_atasan_id END,
    jenis_intervensi = CASE WHEN b ? 'jenis_intervensi' THEN b->>'jenis_intervensi' ELSE jenis_intervensi END,
    perspektif = CASE WHEN b ? 'perspektif' THEN b->>'perspektif' ELSE perspektif END,
    bobot = CASE WHEN b ? 'bobot' THEN (b->>'bobot')::numeric ELSE bobot END,
    urutan = COALESCE((b->>'urutan')::int, urutan)
  WHERE instansi_id = r.instansi_id AND id = rid RETURNING * INTO r;
  RETURN rhk_json(r);
END $$;

CREATE OR REPLACE FUNCTION api_rhk_delete(rid bigint, expected int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE r rhk := rhk_for(rid);
BEGIN
  PERFORM skp_for_edit(r.skp_id);
  PERFORM check_version(r.version, expected);
  IF EXISTS (SELECT 1 FROM rhk c WHERE c.instansi_id = r.instansi_id AND c.rhk_atasan_id = r.id) THEN
    PERFORM kn_raise('409', 'rhk_in_use', 'RHK ini diintervensi oleh RHK bawahan; lepaskan dulu kaitannya',
                     'Subordinate RHK intervene this RHK; unlink them first');
  END IF;
  DELETE FROM rhk WHERE instansi_id = r.instansi_id AND id = rid;
END $$;

CREATE OR REPLACE FUNCTION indikator_check(s skp, b jsonb) RETURNS void LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF s.pendekatan = 'KUANTITATIF' THEN
    IF s.jenis_skp = 'NON_JPT' AND b->>'aspek' IS NULL THEN
      PERFORM kn_raise('422', 'validation_failed', 'Indikator SKP kuantitatif wajib memiliki aspek',
                       'Indicators of a quantitative SKP need an aspek');
    END IF;
    IF b->>'target_min' IS NULL OR b->>'satuan' IS NULL THEN
      PERFORM kn_raise('422', 'validation_failed', 'Indikator kuantitatif wajib memiliki target_min dan satuan',
                       'A quantitative indicator needs target_min and satuan');
    END IF;
  ELSIF b->>'target_teks' IS NULL THEN
    PERFORM kn_raise('422', 'validation_failed', 'Indikator SKP kualitatif wajib memiliki target_teks',
                     'Indicators of a qualitative SKP need target_teks');
  END IF;
  IF s.jenis_skp = 'JPT' AND b->>'aspek' IS NOT NULL THEN
    PERFORM kn_raise('422', 'validation_failed', 'Indikator SKP JPT tidak memakai aspek', 'JPT indicators take no aspek');
  END IF;
  IF (b->>'target_min')::numeric > (b->>'target_max')::numeric THEN
    PERFORM kn_raise('422', 'validation_failed', 'target_min tidak boleh melebihi target_max',
                     'target_min must not exceed target_max');
  END IF;
END $$;

CREATE OR REPLACE FUNCTION api_indikator_create(rid bigint, b jsonb) RETURNS json LANGUAGE plpgsql AS $$
DECLARE r rhk := rhk_for(rid); s skp := skp_for_edit(r.skp_id); i indikator;
BEGIN
  PERFORM indikator_check(s, b);
  INSERT INTO indikator (rhk_id, aspek, uraian, target_min, target_max, satuan, target_teks, arah, urutan)
  VALUES (r.id, b->>'aspek', b->>'uraian', (b->>'target_min')::numeric,
          COALESCE((b->>'target_max')::numeric, (b->>'target_min')::numeric), b->>'satuan', b->>'target_teks',
          COALESCE(b->>'arah', 'NAIK_BAIK'),
          COALESCE((b->>'urutan')::int, (SELECT count(*) + 1 FROM indikator WHERE instansi_id = r.instansi_id AND rhk_id = r.id)))
  RETURNING * INTO i;
  RETURN indikator_json(i);
END $$;

CREATE OR REPLACE FUNCTION indikator_for(iid bigint) RETURNS indikator LANGUAGE plpgsql STABLE AS $$
DECLARE i indikator;
BEGIN
  SELECT * INTO i FROM indikator WHERE instansi_id = app_instansi_id() AND id = iid;
  IF i.id IS NULL OR NOT skp_visible((SELECT skp_id FROM rhk WHERE instansi_id = i.instansi_id AND id = i.rhk_id)) THEN
    PERFORM kn_not_found('Indikator', 'Indicator', iid);
  END IF;
  RETURN i;
END $$;

CREATE OR REPLACE FUNCTION api_indikator_patch(iid bigint, b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE i indikator := indikator_for(iid); r rhk := rhk_for(i.rhk_id); s skp := skp_for_edit(r.skp_id); merged jsonb;
BEGIN
  PERFORM check_version(i.version, expected);
  merged := jsonb_strip_nulls(to_jsonb(i)) || b;
  PERFORM indikator_check(s, merged);
  UPDATE indikator SET aspek = merged->>'aspek', uraian = merged->>'uraian',
    target_min = (merged->>'target_min')::numeric, target_max = (merged->>'target_max')::numeric,
    satuan = merged->>'satuan', target_teks = merged->>'target_teks', arah = COALESCE(merged->>'arah', 'NAIK_BAIK'),
    urutan = COALESCE((merged->>'urutan')::int, urutan)
  WHERE instansi_id = i.instansi_id AND id = iid RETURNING * INTO i;
  RETURN indikator_json(i);
END $$;

CREATE OR REPLACE FUNCTION api_indikator_delete(iid bigint, expected int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE i indikator := indikator_for(iid); r rhk := rhk_for(i.rhk_id);
BEGIN
  PERFORM skp_for_edit(r.skp_id);
  PERFORM check_version(i.version, expected);
  DELETE FROM indikator WHERE instansi_id = i.instansi_id AND id = iid;
END $$;

-- PUT perilaku: {"items": [{"nilai": ..., "ekspektasi_khusus": ...}]} sets the leader's specific
-- expectation of the values given (the seven rows themselves always exist).
CREATE OR REPLACE FUNCTION api_perilaku_put(sid bigint, b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE s skp;
BEGIN
  s := skp_for_edit(sid);  -- the row before its version bump
  PERFORM check_version(s.version, expected);
  UPDATE skp_perilaku p SET ekspektasi_khusus = x->>'ekspektasi_khusus'
    FROM jsonb_array_elements(b->'items') AS t(x)
   WHERE p.instansi_id = s.instansi_id AND p.skp_id = s.id AND p.nilai = x->>'nilai'
     AND p.ekspektasi_khusus IS DISTINCT FROM x->>'ekspektasi_khusus';
  SELECT * INTO s FROM skp WHERE instansi_id = s.instansi_id AND id = s.id;
  RETURN skp_json(s);
END $$;

-- PUT lampiran: the three sections as lists of items, replacing what was there.
CREATE OR REPLACE FUNCTION api_lampiran_put(sid bigint, b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE s skp;
BEGIN
  s := skp_for_edit(sid);  -- the row before its version bump
  PERFORM check_version(s.version, expected);
  DELETE FROM skp_lampiran WHERE instansi_id = s.instansi_id AND skp_id = s.id;
  INSERT INTO skp_lampiran (skp_id, jenis, urutan, uraian)
  SELECT s.id, j.jenis, t.o, t.v
    FROM (VALUES ('dukungan_sumber_daya', 'DUKUNGAN_SUMBER_DAYA'), ('skema_pertanggungjawaban', 'SKEMA_PERTANGGUNGJAWABAN'),
                 ('konsekuensi', 'KONSEKUENSI')) AS j(k, jenis),
         jsonb_array_elements_text(COALESCE(b->j.k, '[]')) WITH ORDINALITY AS t(v, o);
  SELECT * INTO s FROM skp WHERE instansi_id = s.instansi_id AND id = s.id;
  RETURN skp_json(s);
END $$;

