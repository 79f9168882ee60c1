-- For a plain pegawai's list of "self and my appraisees": everything the C resolver needs to
-- decide who the caller appraises (the rule itself stays in src/domain/penilai.c).
-- Owner: organisation module.
CREATE FUNCTION appraisal_candidates(th int) RETURNS json LANGUAGE sql STABLE AS $$
  WITH me AS MATERIALIZED (SELECT p.id, p.unor_id FROM pegawai p
                            WHERE p.instansi_id = app_instansi_id() AND p.nip = app_nip()),
  inst AS (SELECT * FROM instansi WHERE id = app_instansi_id()),
  headed AS (SELECT u.path FROM unor u, me WHERE u.instansi_id = app_instansi_id() AND u.kepala_pegawai_id = me.id),
  is_sekda AS (SELECT EXISTS (SELECT 1 FROM unor s, inst, me WHERE s.instansi_id = inst.id AND s.id = inst.unor_setda_id
                                AND s.kepala_pegawai_id = me.id) AS v),
  cand_units AS (SELECT u.id FROM unor u WHERE u.instansi_id = app_instansi_id()
                   -- the Sekda appraises PD heads and is atasan penilai of their reports: every unit
                   AND (EXISTS (SELECT 1 FROM headed h WHERE u.path LIKE h.path || '%') OR (SELECT v FROM is_sekda)))
  SELECT json_build_object(
    'caller_id', (SELECT id FROM me),
    'rule', (SELECT penilai_kepala_pd FROM inst),
    'sekda', (SELECT json_build_object('id', s.kepala_pegawai_id, 'unor_id', s.id, 'plt', s.kepala_plt)
                FROM unor s, inst WHERE s.instansi_id = inst.id AND s.id = inst.unor_setda_id AND s.kepala_pegawai_id IS NOT NULL),
    'units', (SELECT COALESCE(json_agg(json_build_array(u.id, u.parent_id, u.is_perangkat_daerah, u.kepala_pegawai_id,
                                                        u.kepala_plt) ORDER BY u.id), '[]'::json)
                FROM unor u WHERE u.instansi_id = app_instansi_id()),
    'candidates', (SELECT COALESCE(json_agg(json_build_array(p.id, p.unor_id) ORDER BY p.id), '[]'::json)
                     FROM pegawai p WHERE p.instansi_id = app_instansi_id() AND p.unor_id IN (SELECT id FROM cand_units)),
    'overrides', (SELECT COALESCE(json_agg(json_build_array(o.pegawai_id, o.penilai_pegawai_id, o.atasan_penilai_pegawai_id)), '[]'::json)
                    FROM penilai_override o WHERE o.instansi_id = app_instansi_id() AND o.tahun = th)) $$;
