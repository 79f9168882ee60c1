-- Bulk import (upsert) of unor by siasn_id and pegawai by NIP: all-or-nothing, idempotent,
-- with per-row errors returned instead of raised so the caller gets them all at once.
-- Owner: organisation module (src/api/import.c).

CREATE FUNCTION api_import_unor(rows jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  errs jsonb; r record; pid bigint; placed int := 0;
  created text[] := '{}'; changed text[] := '{}';
BEGIN
  WITH input AS (SELECT (ord - 1)::int AS idx, e FROM jsonb_array_elements(rows) WITH ORDINALITY t(e, ord)),
  dup AS (SELECT idx, e, count(*) OVER (PARTITION BY e->>'siasn_id') AS n FROM input),
  bad AS (
    SELECT idx, 'siasn_id' AS field, 'duplicate' AS code,
           'siasn_id muncul lebih dari sekali dalam berkas' AS msg, 'siasn_id appears more than once in the file' AS msg_en
      FROM dup WHERE n > 1
    UNION ALL
    SELECT i.idx, 'parent_siasn_id', 'not_found', 'Unor induk tidak ada di berkas maupun di basis data',
           'The parent unit is neither in the file nor in the database'
      FROM input i
     WHERE i.e->>'parent_siasn_id' IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM input j WHERE j.e->>'siasn_id' = i.e->>'parent_siasn_id')
       AND NOT EXISTS (SELECT 1 FROM unor u WHERE u.instansi_id = app_instansi_id() AND u.siasn_id = i.e->>'parent_siasn_id'))
  SELECT jsonb_agg(jsonb_build_object('row', idx, 'field', 'rows[' || idx || '].' || field, 'code', code, 'message', msg, 'message_en', msg_en) ORDER BY idx)
    INTO errs FROM bad;
  IF errs IS NOT NULL THEN RETURN jsonb_build_object('errors', errs); END IF;

  WITH ins AS (
    INSERT INTO unor (nama, nama_jabatan, is_perangkat_daerah, siasn_id)
    SELECT e->>'nama', e->>'nama_jabatan', COALESCE((e->>'is_perangkat_daerah')::boolean, false), e->>'siasn_id'
      FROM jsonb_array_elements(rows) AS t(e)
     WHERE NOT EXISTS (SELECT 1 FROM unor u WHERE u.instansi_id = app_instansi_id() AND u.siasn_id = t.e->>'siasn_id')
    RETURNING siasn_id)
  SELECT COALESCE(array_agg(siasn_id), '{}') INTO created FROM ins;
  WITH upd AS (
    UPDATE unor u SET nama = t.e->>'nama', nama_jabatan = t.e->>'nama_jabatan',
           is_perangkat_daerah = COALESCE((t.e->>'is_perangkat_daerah')::boolean, false)
      FROM jsonb_array_elements(rows) AS t(e)
     WHERE u.instansi_id = app_instansi_id() AND u.siasn_id = t.e->>'siasn_id'
       AND NOT (u.siasn_id = ANY (created))
       AND (u.nama, u.nama_jabatan, u.is_perangkat_daerah) IS DISTINCT FROM
           (t.e->>'nama', t.e->>'nama_jabatan', COALESCE((t.e->>'is_perangkat_daerah')::boolean, false))
    RETURNING u.siasn_id)
  SELECT changed || COALESCE(array_agg(siasn_id), '{}') INTO changed FROM upd;
  -- Parents row by row, parents before children (so every path is final when written); a file
  -- may list children first. Rows whose parent is unchanged cost nothing.
  FOR r IN
    WITH RECURSIVE input AS (SELECT e FROM jsonb_array_elements(rows) AS t(e)),
    ordered AS (
      SELECT e, 0 AS depth FROM input i
       WHERE i.e->>'parent_siasn_id' IS NULL
          OR NOT EXISTS (SELECT 1 FROM input j WHERE j.e->>'siasn_id' = i.e->>'parent_siasn_id')
      UNION ALL
      SELECT c.e, o.depth + 1 FROM ordered o JOIN input c ON c.e->>'parent_siasn_id' = o.e->>'siasn_id'
       WHERE o.depth < 64)
    SELECT e FROM ordered ORDER BY depth
  LOOP
    pid := (SELECT id FROM unor WHERE instansi_id = app_instansi_id() AND siasn_id = r.e->>'parent_siasn_id');
    UPDATE unor SET parent_id = pid
     WHERE instansi_id = app_instansi_id() AND siasn_id = r.e->>'siasn_id' AND parent_id IS DISTINCT FROM pid;
    IF FOUND AND NOT (r.e->>'siasn_id' = ANY (created)) THEN changed := changed || (r.e->>'siasn_id'); END IF;
    placed := placed + 1;
  END LOOP;
  IF placed < jsonb_array_length(rows) THEN  -- rows never reached from a root form a cycle
    PERFORM kn_raise('409', 'unor_cycle', 'Berkas membentuk lingkaran induk-anak; tidak ada yang disimpan',
                     'The file forms a parent-child cycle; nothing was saved');
  END IF;
  RETURN jsonb_build_object('total', jsonb_array_length(rows), 'created', cardinality(created),
    'updated', (SELECT count(DISTINCT x) FROM unnest(changed) x),
    'unchanged', jsonb_array_length(rows) - cardinality(created) - (SELECT count(DISTINCT x) FROM unnest(changed) x),
    'errors', '[]'::jsonb);
END $$;

-- Statistics after a bulk import. SECURITY DEFINER: only the owner may ANALYZE.
CREATE FUNCTION refresh_org_statistics() RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = public, pg_temp AS $$ ANALYZE unor; ANALYZE pegawai; $$;

CREATE FUNCTION api_import_pegawai(rows jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  errs jsonb; wp text := app_write_path(); created int; updated int; heads int;
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS import_pegawai_rows (idx int, e jsonb, unor_id bigint, unor_path text) ON COMMIT DROP;
  TRUNCATE import_pegawai_rows;
  INSERT INTO import_pegawai_rows
  SELECT (t.ord - 1)::int, t.e, COALESCE(u1.id, u2.id), COALESCE(u1.path, u2.path)
    FROM jsonb_array_elements(rows) WITH ORDINALITY t(e, ord)
    LEFT JOIN unor u1 ON u1.instansi_id = app_instansi_id() AND u1.siasn_id = t.e->>'unor_siasn_id'
    LEFT JOIN unor u2 ON u2.instansi_id = app_instansi_id() AND u2.id = (t.e->>'unor_id')::bigint;
  ANALYZE import_pegawai_rows;

  WITH dup AS (SELECT idx, count(*) OVER (PARTITION BY e->>'nip') AS n FROM import_pegawai_rows),
  bad AS (
    SELECT idx, 'nip' AS field, 'duplicate' AS code, 'NIP muncul lebih dari sekali dalam berkas' AS msg,
           'The NIP appears more than once in the file' AS msg_en FROM dup WHERE n > 1
    UNION ALL
    SELECT idx, 'unor_siasn_id', 'not_found', 'Unor tidak ditemukan dalam lingkup Anda', 'Unit not found within your scope'
      FROM import_pegawai_rows WHERE unor_id IS NULL OR wp IS NULL OR unor_path NOT LIKE wp || '%'
    UNION ALL
    SELECT i.idx, 'nip', 'out_of_scope', 'NIP ini tidak dapat diubah dalam lingkup Anda', 'This NIP cannot be changed within your scope'
      FROM import_pegawai_rows i
      JOIN pegawai p ON p.instansi_id = app_instansi_id() AND p.nip = i.e->>'nip'
      JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id
     WHERE wp IS NULL OR u.path NOT LIKE wp || '%')
  SELECT jsonb_agg(jsonb_build_object('row', idx, 'field', 'rows[' || idx || '].' || field, 'code', code, 'message', msg, 'message_en', msg_en) ORDER BY idx)
    INTO errs FROM bad;
  IF errs IS NOT NULL THEN RETURN jsonb_build_object('errors', errs); END IF;

  WITH up AS (
    INSERT INTO pegawai AS p (nip, nama, gelar_depan, gelar_belakang, jenis_asn, jenis_jabatan, jabatan,
                              jenjang_jf, unor_id, is_plt, tmt_jabatan, status, status_sejak, siasn_id)
    SELECT e->>'nip', e->>'nama', e->>'gelar_depan', e->>'gelar_belakang', e->>'jenis_asn',
           e->>'jenis_jabatan', e->>'jabatan', e->>'jenjang_jf', unor_id,
           COALESCE((e->>'is_plt')::boolean, false), (e->>'tmt_jabatan')::date,
           COALESCE(e->>'status', 'AKTIF'), COALESCE((e->>'status_sejak')::date, current_date), e->>'siasn_id'
      FROM import_pegawai_rows
    ON CONFLICT (instansi_id, nip) DO UPDATE SET
      nama = EXCLUDED.nama, gelar_depan = EXCLUDED.gelar_depan, gelar_belakang = EXCLUDED.gelar_belakang,
      jenis_asn = EXCLUDED.jenis_asn, jenis_jabatan = EXCLUDED.jenis_jabatan, jabatan = EXCLUDED.jabatan,
      jenjang_jf = EXCLUDED.jenjang_jf, unor_id = EXCLUDED.unor_id, is_plt = EXCLUDED.is_plt,
      tmt_jabatan = EXCLUDED.tmt_jabatan, status = EXCLUDED.status,
      status_sejak = CASE WHEN p.status IS DISTINCT FROM EXCLUDED.status THEN EXCLUDED.status_sejak ELSE p.status_sejak END,
      siasn_id = EXCLUDED.siasn_id
    WHERE (p.nama, p.gelar_depan, p.gelar_belakang, p.jenis_asn, p.jenis_jabatan, p.jabatan, p.jenjang_jf,
           p.unor_id, p.is_plt, p.tmt_jabatan, p.status, p.siasn_id)
          IS DISTINCT FROM
          (EXCLUDED.nama, EXCLUDED.gelar_depan, EXCLUDED.gelar_belakang, EXCLUDED.jenis_asn,
           EXCLUDED.jenis_jabatan, EXCLUDED.jabatan, EXCLUDED.jenjang_jf, EXCLUDED.unor_id, EXCLUDED.is_plt,
           EXCLUDED.tmt_jabatan, EXCLUDED.status, EXCLUDED.siasn_id)
    RETURNING (xmax = 0) AS ins)
  SELECT count(*) FILTER (WHERE ins), count(*) FILTER (WHERE NOT ins) INTO created, updated FROM up;

  -- Rows flagged "kepala" make that pegawai the head of their unit.
  WITH h AS (SELECT DISTINCT ON (i.unor_id) i.unor_id, p.id, p.is_plt
               FROM import_pegawai_rows i JOIN pegawai p ON p.instansi_id = app_instansi_id() AND p.nip = i.e->>'nip'
              WHERE (i.e->>'kepala')::boolean ORDER BY i.unor_id, i.idx DESC)
  UPDATE unor u SET kepala_pegawai_id = h.id, kepala_plt = h.is_plt FROM h
   WHERE u.instansi_id = app_instansi_id() AND u.id = h.unor_id
     AND (u.kepala_pegawai_id, u.kepala_plt) IS DISTINCT FROM (h.id, h.is_plt);
  GET DIAGNOSTICS heads = ROW_COUNT;
  IF created + updated > 500 THEN
    PERFORM refresh_org_statistics();  -- plans made on pre-import statistics walk every row
  END IF;

  RETURN jsonb_build_object('total', jsonb_array_length(rows), 'created', created, 'updated', updated,
    'unchanged', jsonb_array_length(rows) - created - updated, 'kepala_diubah', heads, 'errors', '[]'::jsonb);
END $$;

-- Plans cached after a few small imports are disastrous for a 10,000-row one (nested loops
-- over the temp table: 2.5 s became 9.7 s); plan every statement for the data at hand.
ALTER FUNCTION api_import_pegawai(jsonb) SET plan_cache_mode = force_custom_plan;
