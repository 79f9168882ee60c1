-- KKE facts for K03 (penilai consistent with the unor tree or a documented override), K07
-- (kesesuaian target against last year's realisation) and dated exemptions for K01/K21: one
-- document per Perangkat Daerah and semester, next to kke_data (0017). The rules themselves are
-- in src/domain/kke_rules.c and src/domain/penilai.c. Owner: KKE module.
CREATE FUNCTION kke_data_tambahan(uid bigint, th int, sem int) RETURNS json LANGUAGE sql STABLE AS $$
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

-- K07 looks up last year's realisation per indicator.
CREATE INDEX realisasi_indikator_kke_idx ON realisasi (instansi_id, indikator_id);
