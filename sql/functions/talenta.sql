-- Module talenta (src/api/talenta.c, src/api/potensi.c, the potensi import in src/api/import.c).
-- Talent management (Permen PANRB 3/2020, domain.md §16): the facts of the talent map, development
-- needs and succession, the 9-box mapping table, potensi assessment results. The placement, the
-- kinerja axis and the succession fit are decided in C (src/domain/talenta.c); SQL gathers facts
-- in one statement per request. Owner: talent module.

-- Read scope of the talent data: the pegawai may read only themself; the others by path.
CREATE OR REPLACE FUNCTION talenta_unor_base(uid bigint) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE p text;
BEGIN
  IF uid IS NULL THEN RETURN NULL; END IF;
  SELECT path INTO p FROM unor WHERE instansi_id = app_instansi_id() AND id = uid;
  IF p IS NULL OR (app_scope_path() IS NOT NULL AND p NOT LIKE app_scope_path() || '%')
     OR (app_scope_path() IS NULL AND NOT EXISTS (SELECT 1 FROM pegawai g JOIN unor u ON u.instansi_id = g.instansi_id
          AND u.id = g.unor_id WHERE g.instansi_id = app_instansi_id() AND g.nip = app_nip() AND u.path LIKE p || '%')) THEN
    PERFORM kn_raise('404', 'not_found', 'Unor tidak ditemukan', 'Unit not found');
  END IF;
  RETURN p;
END $$;

-- Facts of the talent map for a year: each pegawai in scope (under uid when given) with the
-- annual result (the last segment's year-end evaluation once set, R16), the ranking keys' facts,
-- and the newest potensi assessment dated no later than 31 December of the next year (the annual
-- results are used for talent decisions in the first months of the next year, domain.md §5.1).
-- Rows, not one JSON document: the server writes the 10,000-row answer straight from them.
CREATE OR REPLACE FUNCTION talenta_baris(th int, uid bigint)
RETURNS TABLE (nip text, nama text, jenis_jabatan text, jenjang_jf text, jabatan text, unor_id bigint, status_pegawai text,
               evaluasi_id bigint, hasil_ditetapkan boolean, predikat text, rating_hasil_kerja text, rating_perilaku text,
               periodik_baik bigint, predikat_organisasi text, potensi_id bigint, potensi_tanggal date, potensi_sumber text,
               potensi_level text)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_custom_plan SET enable_nestloop = off AS $$
DECLARE base text := talenta_unor_base(uid); sp text := app_scope_path(); me text := app_nip();
BEGIN
  RETURN QUERY
  WITH peg AS MATERIALIZED (SELECT p.id, p.nip, p.nama, p.jenis_jabatan, p.jenjang_jf, p.jabatan, p.unor_id, p.status, u.path
           FROM pegawai p JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id
          WHERE p.instansi_id = app_instansi_id()
            AND CASE WHEN sp IS NOT NULL THEN u.path LIKE sp || '%' ELSE p.nip = me END
            AND (base IS NULL OR u.path LIKE base || '%')),
  -- every evaluation of the year's SKP segments, read once for the annual result and the count
  ev AS MATERIALIZED (SELECT s.pegawai_id, s.periode_akhir, p.akhir_tahun, e.id, e.predikat, e.rating_hasil_kerja,
                 e.rating_perilaku, e.status IN ('DITETAPKAN','KEBERATAN','FINAL') AS set_
            FROM skp s JOIN peg ON peg.id = s.pegawai_id
            JOIN evaluasi e ON e.instansi_id = s.instansi_id AND e.skp_id = s.id
            JOIN periode p ON p.instansi_id = e.instansi_id AND p.id = e.periode_id
           WHERE s.instansi_id = app_instansi_id() AND s.tahun = th),
  ann AS MATERIALIZED (SELECT DISTINCT ON (ev.pegawai_id) ev.pegawai_id, ev.id AS evaluasi_id, ev.set_, ev.predikat,
                 ev.rating_hasil_kerja, ev.rating_perilaku
            FROM ev WHERE ev.akhir_tahun ORDER BY ev.pegawai_id, ev.periode_akhir DESC),
  pb AS MATERIALIZED (SELECT ev.pegawai_id, count(*) AS n FROM ev
           WHERE ev.set_ AND ev.predikat IN ('SANGAT_BAIK','BAIK') GROUP BY ev.pegawai_id),
  pdorg AS MATERIALIZED (SELECT pd.path, o.predikat, o.nomor FROM predikat_organisasi o
                           JOIN unor pd ON pd.instansi_id = o.instansi_id AND pd.id = o.unor_id
                          WHERE o.instansi_id = app_instansi_id() AND o.tahun = th),
  -- the organisation predikat once per unit, not once per pegawai
  uorg AS MATERIALIZED (SELECT x.id AS unor_id, (SELECT o.predikat FROM pdorg o WHERE x.path LIKE o.path || '%'
                                                ORDER BY length(o.path) DESC, o.nomor DESC LIMIT 1) AS predikat
            FROM unor x WHERE x.instansi_id = app_instansi_id()
             AND CASE WHEN sp IS NOT NULL THEN x.path LIKE sp || '%' ELSE x.id = (SELECT min(peg.unor_id) FROM peg) END),
  pot AS MATERIALIZED (SELECT DISTINCT ON (x.pegawai_id) x.pegawai_id, x.id, x.tanggal, x.sumber, x.level
            FROM potensi x JOIN peg ON peg.id = x.pegawai_id
           WHERE x.instansi_id = app_instansi_id() AND x.tanggal <= make_date(th + 1, 12, 31)
           ORDER BY x.pegawai_id, x.tanggal DESC, x.id DESC)
  SELECT peg.nip::text, peg.nama, peg.jenis_jabatan, peg.jenjang_jf, peg.jabatan, peg.unor_id, peg.status,
         ann.evaluasi_id, COALESCE(ann.set_, false),
         CASE WHEN ann.set_ THEN ann.predikat END, CASE WHEN ann.set_ THEN ann.rating_hasil_kerja END,
         CASE WHEN ann.set_ THEN ann.rating_perilaku END, COALESCE(pb.n, 0), uorg.predikat,
         pot.id, pot.tanggal, pot.sumber, pot.level
    FROM peg LEFT JOIN ann ON ann.pegawai_id = peg.id LEFT JOIN pb ON pb.pegawai_id = peg.id
    LEFT JOIN uorg ON uorg.unor_id = peg.unor_id LEFT JOIN pot ON pot.pegawai_id = peg.id
   ORDER BY peg.id;
END $$;

-- The 9-box mapping in force for a date: the instansi's newest version on or before it, else the
-- shipped defaults (instansi_id NULL).
CREATE OR REPLACE FUNCTION talenta_kotak_rules(at date) RETURNS json LANGUAGE sql STABLE AS $$
  WITH own AS (SELECT max(berlaku_mulai) AS v FROM talenta_kotak WHERE instansi_id = app_instansi_id() AND berlaku_mulai <= at),
  def AS (SELECT max(berlaku_mulai) AS v FROM talenta_kotak WHERE instansi_id IS NULL AND berlaku_mulai <= at)
  SELECT json_build_object('berlaku_mulai', COALESCE((SELECT v FROM own), (SELECT v FROM def)),
    'asal', CASE WHEN (SELECT v FROM own) IS NOT NULL THEN 'INSTANSI' ELSE 'BAWAAN' END,
    'kotak', COALESCE(json_agg(json_build_object('kotak', k.kotak, 'kinerja', k.kinerja, 'potensi', k.potensi,
                'label', k.label, 'rekomendasi', k.rekomendasi, 'talent_pool', k.talent_pool, 'sumber', k.sumber)
              ORDER BY k.kotak), '[]'::json))
  FROM talenta_kotak k
  WHERE CASE WHEN (SELECT v FROM own) IS NOT NULL
             THEN k.instansi_id = app_instansi_id() AND k.berlaku_mulai = (SELECT v FROM own)
             ELSE k.instansi_id IS NULL AND k.berlaku_mulai = (SELECT v FROM def) END $$;

-- Replace the instansi's mapping version of one date (the C layer checked the nine cells).
CREATE OR REPLACE FUNCTION api_talenta_kotak_put(b jsonb) RETURNS json LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM talenta_kotak WHERE instansi_id = app_instansi_id() AND berlaku_mulai = (b->>'berlaku_mulai')::date;
  INSERT INTO talenta_kotak (instansi_id, berlaku_mulai, kinerja, potensi, kotak, label, rekomendasi, talent_pool, sumber)
  SELECT app_instansi_id(), (b->>'berlaku_mulai')::date, x->>'kinerja', x->>'potensi', (x->>'kotak')::int, x->>'label',
         x->>'rekomendasi', COALESCE((x->>'talent_pool')::boolean, false), b->>'sumber'
    FROM jsonb_array_elements(b->'kotak') x;
  RETURN talenta_kotak_rules((b->>'berlaku_mulai')::date);
END $$;

-- ---- potensi: assessment results ---------------------------------------------------------------

CREATE OR REPLACE FUNCTION potensi_json(x potensi) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', x.id, 'nip', g.nip, 'nama', g.nama, 'tanggal', x.tanggal, 'sumber', x.sumber,
    'penyelenggara', x.penyelenggara, 'skor', x.skor, 'level', x.level, 'catatan', x.catatan,
    'version', x.version, 'created_at', x.created_at, 'updated_at', x.updated_at)
  FROM pegawai g WHERE g.instansi_id = x.instansi_id AND g.id = x.pegawai_id $$;

-- One result in the caller's read scope (a pegawai reads their own), else 404.
CREATE OR REPLACE FUNCTION potensi_for(pid bigint) RETURNS potensi LANGUAGE plpgsql STABLE AS $$
DECLARE x potensi; sp text := app_scope_path();
BEGIN
  SELECT r.* INTO x FROM potensi r JOIN pegawai g ON g.instansi_id = r.instansi_id AND g.id = r.pegawai_id
    JOIN unor u ON u.instansi_id = g.instansi_id AND u.id = g.unor_id
   WHERE r.instansi_id = app_instansi_id() AND r.id = pid
     AND CASE WHEN sp IS NOT NULL THEN u.path LIKE sp || '%' ELSE g.nip = app_nip() END;
  IF x.id IS NULL THEN
    PERFORM kn_raise('404', 'not_found', 'Hasil penilaian potensi tidak ditemukan', 'Potensi result not found');
  END IF;
  RETURN x;
END $$;

-- Locked for a write by the caller (write scope), with If-Match checked.
CREATE OR REPLACE FUNCTION potensi_for_write(pid bigint, expected int) RETURNS potensi LANGUAGE plpgsql AS $$
DECLARE x potensi;
BEGIN
  SELECT r.* INTO x FROM potensi r WHERE r.instansi_id = app_instansi_id() AND r.id = pid FOR UPDATE;
  IF x.id IS NULL THEN
    PERFORM kn_raise('404', 'not_found', 'Hasil penilaian potensi tidak ditemukan', 'Potensi result not found');
  END IF;
  PERFORM pegawai_for_write((SELECT nip FROM pegawai WHERE instansi_id = x.instansi_id AND id = x.pegawai_id));
  PERFORM check_version(x.version, expected);
  RETURN x;
END $$;

CREATE OR REPLACE FUNCTION potensi_get(pid bigint) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT potensi_json(potensi_for(pid)) $$;

-- History of one pegawai (nip) or the results under a unit, keyset by id (after = 0: first page).
CREATE OR REPLACE FUNCTION potensi_list(n text, uid bigint, lim int, after bigint) RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE base text := talenta_unor_base(uid); sp text := app_scope_path(); result json;
BEGIN
  WITH rows AS (SELECT r.* FROM potensi r JOIN pegawai g ON g.instansi_id = r.instansi_id AND g.id = r.pegawai_id
      JOIN unor u ON u.instansi_id = g.instansi_id AND u.id = g.unor_id
     WHERE r.instansi_id = app_instansi_id()
       AND CASE WHEN sp IS NOT NULL THEN u.path LIKE sp || '%' ELSE g.nip = app_nip() END
       AND (base IS NULL OR u.path LIKE base || '%') AND (n IS NULL OR g.nip = n) AND r.id > after
     ORDER BY r.id LIMIT lim + 1),
  page AS (SELECT * FROM rows ORDER BY id LIMIT lim)
  SELECT json_build_object('items', COALESCE((SELECT json_agg(potensi_json(x) ORDER BY x.id) FROM page x), '[]'::json),
    'next_cursor', CASE WHEN (SELECT count(*) FROM rows) > lim THEN (SELECT max(id) FROM page) END)
    INTO result;
  RETURN result;
END $$;

CREATE OR REPLACE FUNCTION api_potensi_create(b jsonb) RETURNS json LANGUAGE plpgsql AS $$
DECLARE g pegawai := pegawai_for_write(b->>'nip'); x potensi;
BEGIN
  INSERT INTO potensi (pegawai_id, tanggal, sumber, penyelenggara, skor, level, catatan)
  VALUES (g.id, (b->>'tanggal')::date, b->>'sumber', b->>'penyelenggara', COALESCE(b->'skor', '{}'), b->>'level', b->>'catatan')
  ON CONFLICT (instansi_id, pegawai_id, tanggal, sumber) DO NOTHING RETURNING * INTO x;
  IF x.id IS NULL THEN
    PERFORM kn_raise('409', 'conflict', 'Sudah ada hasil dari sumber ini pada tanggal ini untuk pegawai ini',
                     'This pegawai already has a result from this source on this date');
  END IF;
  RETURN potensi_json(x);
END $$;

CREATE OR REPLACE FUNCTION api_potensi_patch(pid bigint, b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE x potensi := potensi_for_write(pid, expected);
BEGIN
  UPDATE potensi SET tanggal = COALESCE((b->>'tanggal')::date, tanggal), sumber = COALESCE(b->>'sumber', sumber),
         penyelenggara = CASE WHEN b ? 'penyelenggara' THEN b->>'penyelenggara' ELSE penyelenggara END,
         skor = COALESCE(b->'skor', skor), level = COALESCE(b->>'level', level),
         catatan = CASE WHEN b ? 'catatan' THEN b->>'catatan' ELSE catatan END, updated_at = now()
   WHERE instansi_id = x.instansi_id AND id = x.id RETURNING * INTO x;
  RETURN potensi_json(x);
EXCEPTION WHEN unique_violation THEN
  PERFORM kn_raise('409', 'conflict', 'Sudah ada hasil dari sumber ini pada tanggal ini untuk pegawai ini',
                   'This pegawai already has a result from this source on this date');
END $$;

CREATE OR REPLACE FUNCTION api_potensi_delete(pid bigint, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE x potensi := potensi_for_write(pid, expected);
BEGIN
  DELETE FROM potensi WHERE instansi_id = x.instansi_id AND id = x.id;
  RETURN json_build_object('id', x.id);
END $$;

-- Bulk import: upsert by (nip, tanggal, sumber), all-or-nothing, like api_import_pegawai.
CREATE OR REPLACE FUNCTION api_import_potensi(rows jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE errs jsonb; wp text := app_write_path(); created int; updated int;
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS import_potensi_rows (idx int, e jsonb, pegawai_id bigint, upath text) ON COMMIT DROP;
  TRUNCATE import_potensi_rows;
  INSERT INTO import_potensi_rows
  SELECT (t.ord - 1)::int, t.e, g.id, u.path
    FROM jsonb_array_elements(rows) WITH ORDINALITY t(e, ord)
    LEFT JOIN pegawai g ON g.instansi_id = app_instansi_id() AND g.nip = t.e->>'nip'
    LEFT JOIN unor u ON u.instansi_id = g.instansi_id AND u.id = g.unor_id;

  WITH dup AS (SELECT idx, count(*) OVER (PARTITION BY e->>'nip', e->>'tanggal', e->>'sumber') AS n FROM import_potensi_rows),
  bad AS (
    SELECT idx, 'nip' AS field, 'duplicate' AS code, 'Pegawai, tanggal dan sumber muncul lebih dari sekali dalam berkas' AS msg,
           'The same pegawai, date and source appear more than once in the file' AS msg_en FROM dup WHERE n > 1
    UNION ALL
    SELECT idx, 'nip', 'not_found', 'Pegawai tidak ditemukan dalam lingkup Anda', 'Pegawai not found within your scope'
      FROM import_potensi_rows WHERE pegawai_id IS NULL OR wp IS NULL OR upath NOT LIKE wp || '%')
  SELECT jsonb_agg(jsonb_build_object('row', idx, 'field', 'rows[' || idx || '].' || field, 'code', code, 'message', msg,
                                      'message_en', msg_en) ORDER BY idx)
    INTO errs FROM bad;
  IF errs IS NOT NULL THEN RETURN jsonb_build_object('errors', errs); END IF;

  WITH up AS (
    INSERT INTO potensi AS x (pegawai_id, tanggal, sumber, penyelenggara, skor, level, catatan)
    SELECT pegawai_id, (e->>'tanggal')::date, e->>'sumber', e->>'penyelenggara', COALESCE(e->'skor', '{}'), e->>'level', e->>'catatan'
      FROM import_potensi_rows
    ON CONFLICT (instansi_id, pegawai_id, tanggal, sumber) DO UPDATE SET
      penyelenggara = EXCLUDED.penyelenggara, skor = EXCLUDED.skor, level = EXCLUDED.level, catatan = EXCLUDED.catatan,
      updated_at = now()
    WHERE (x.penyelenggara, x.skor, x.level, x.catatan) IS DISTINCT FROM
          (EXCLUDED.penyelenggara, EXCLUDED.skor, EXCLUDED.level, EXCLUDED.catatan)
    RETURNING (xmax = 0) AS ins)
  SELECT count(*) FILTER (WHERE ins), count(*) FILTER (WHERE NOT ins) INTO created, updated FROM up;
  RETURN jsonb_build_object('total', jsonb_array_length(rows), 'created', created, 'updated', updated,
    'unchanged', jsonb_array_length(rows) - created - updated, 'errors', '[]'::jsonb);
END $$;
ALTER FUNCTION api_import_potensi(jsonb) SET plan_cache_mode = force_custom_plan;

-- ---- development needs ------------------------------------------------------------------------

-- Per pegawai in scope for a year: the periodic/annual evaluations whose perilaku rating was set
-- below expectation, and per BerAKHLAK value the feedback entries recording it below expectation
-- and the below-rated periods in which it was recorded. Per Perangkat Daerah: the same per value,
-- with the number of pegawai concerned. Most frequent first.
CREATE OR REPLACE FUNCTION pengembangan_data(th int, uid bigint) RETURNS json LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan AS $$
DECLARE result json; base text := talenta_unor_base(uid); sp text := app_scope_path(); me text := app_nip();
BEGIN
  WITH peg AS MATERIALIZED (SELECT p.id, p.nip, p.nama, p.unor_id, u.path
           FROM pegawai p JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id
          WHERE p.instansi_id = app_instansi_id()
            AND CASE WHEN sp IS NOT NULL THEN u.path LIKE sp || '%' ELSE p.nip = me END
            AND (base IS NULL OR u.path LIKE base || '%')),
  skps AS MATERIALIZED (SELECT s.id, s.pegawai_id FROM skp s JOIN peg ON peg.id = s.pegawai_id
          WHERE s.instansi_id = app_instansi_id() AND s.tahun = th),
  low AS MATERIALIZED (SELECT k.pegawai_id, e.periode_id FROM evaluasi e JOIN skps k ON k.id = e.skp_id
          WHERE e.instansi_id = app_instansi_id() AND e.rating_perilaku = 'DI_BAWAH_EKSPEKTASI'
            AND e.status IN ('DITETAPKAN','KEBERATAN','FINAL')),
  ub AS MATERIALIZED (SELECT k.pegawai_id, b.periode_id, v.nilai FROM umpan_balik b JOIN skps k ON k.id = b.skp_id
          JOIN umpan_balik_perilaku v ON v.instansi_id = b.instansi_id AND v.umpan_balik_id = b.id
          WHERE b.instansi_id = app_instansi_id()),
  per AS (SELECT ub.pegawai_id, ub.nilai, count(*) AS umpan_balik,
                 count(DISTINCT low.periode_id) AS periode_di_bawah
            FROM ub LEFT JOIN low ON low.pegawai_id = ub.pegawai_id AND low.periode_id = ub.periode_id
           GROUP BY ub.pegawai_id, ub.nilai),
  lowp AS (SELECT low.pegawai_id, count(*) AS n,
                  count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM ub WHERE ub.pegawai_id = low.pegawai_id
                                                       AND ub.periode_id = low.periode_id)) AS tanpa
             FROM low GROUP BY low.pegawai_id),
  pds AS MATERIALIZED (SELECT u.id, u.nama, u.path FROM unor u WHERE u.instansi_id = app_instansi_id() AND u.is_perangkat_daerah),
  pegpd AS (SELECT peg.id, (SELECT d.id FROM pds d WHERE peg.path LIKE d.path || '%' ORDER BY length(d.path) DESC LIMIT 1) AS pd_id
              FROM peg WHERE EXISTS (SELECT 1 FROM per WHERE per.pegawai_id = peg.id)
                          OR EXISTS (SELECT 1 FROM lowp WHERE lowp.pegawai_id = peg.id)),
  items AS (SELECT peg.id, json_build_object('nip', peg.nip, 'nama', peg.nama, 'unor_id', peg.unor_id, 'pd_id', pegpd.pd_id,
      'evaluasi_perilaku_di_bawah', COALESCE(lowp.n, 0), 'evaluasi_tanpa_dimensi', COALESCE(lowp.tanpa, 0),
      'kebutuhan', COALESCE((SELECT json_agg(json_build_object('nilai', per.nilai, 'umpan_balik', per.umpan_balik,
                    'evaluasi_di_bawah', per.periode_di_bawah) ORDER BY per.umpan_balik DESC, per.periode_di_bawah DESC, per.nilai)
                    FROM per WHERE per.pegawai_id = peg.id), '[]'::json)) AS j
      FROM peg JOIN pegpd ON pegpd.id = peg.id LEFT JOIN lowp ON lowp.pegawai_id = peg.id),
  pdagg AS (SELECT pegpd.pd_id, per.nilai, count(DISTINCT per.pegawai_id) AS pegawai, sum(per.umpan_balik) AS umpan_balik
              FROM per JOIN pegpd ON pegpd.id = per.pegawai_id GROUP BY pegpd.pd_id, per.nilai)
  SELECT json_build_object(
    'items', COALESCE((SELECT json_agg(j ORDER BY id) FROM items), '[]'::json),
    'perangkat_daerah', COALESCE((SELECT json_agg(json_build_object('unor_id', d.id, 'nama', d.nama,
        'kebutuhan', (SELECT json_agg(json_build_object('nilai', a.nilai, 'pegawai', a.pegawai, 'umpan_balik', a.umpan_balik)
                        ORDER BY a.pegawai DESC, a.umpan_balik DESC, a.nilai) FROM pdagg a WHERE a.pd_id IS NOT DISTINCT FROM d.id))
        ORDER BY d.id) FROM pds d WHERE EXISTS (SELECT 1 FROM pdagg a WHERE a.pd_id = d.id)), '[]'::json))
    INTO result;
  RETURN result;
END $$;

-- ---- succession ------------------------------------------------------------------------------

-- Vacant or Plt-held posts (unit heads) in scope, under uid when given. The post's jabatan kind is
-- the most common kind among the definitive heads of units at the same depth whose post name
-- starts with the same word ("Kepala", "Camat", "Lurah", ...); NULL when no such head exists.
CREATE OR REPLACE FUNCTION suksesi_jabatan(uid bigint) RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE result json; base text := talenta_unor_base(uid); sp text := app_scope_path();
BEGIN
  WITH heads AS MATERIALIZED (SELECT length(u.path) - length(replace(u.path, '/', '')) AS depth,
               split_part(COALESCE(u.nama_jabatan, ''), ' ', 1) AS w, g.jenis_jabatan, g.jenjang_jf
          FROM unor u JOIN pegawai g ON g.instansi_id = u.instansi_id AND g.id = u.kepala_pegawai_id
         WHERE u.instansi_id = app_instansi_id() AND NOT u.kepala_plt),
  kinds AS (SELECT DISTINCT ON (depth, w) depth, w, jenis_jabatan FROM heads
             GROUP BY depth, w, jenis_jabatan ORDER BY depth, w, count(*) DESC, jenis_jabatan),
  posts AS (SELECT u.*, length(u.path) - length(replace(u.path, '/', '')) AS depth,
                   split_part(COALESCE(u.nama_jabatan, ''), ' ', 1) AS w
              FROM unor u WHERE u.instansi_id = app_instansi_id() AND sp IS NOT NULL AND u.path LIKE sp || '%'
               AND (base IS NULL OR u.path LIKE base || '%') AND u.berlaku_selesai IS NULL
               AND (u.kepala_pegawai_id IS NULL OR u.kepala_plt))
  SELECT COALESCE(json_agg(json_build_object('unor_id', p.id, 'nama', p.nama, 'nama_jabatan', p.nama_jabatan,
      'keadaan', CASE WHEN p.kepala_pegawai_id IS NULL THEN 'KOSONG' ELSE 'PLT' END,
      'plt_nip', g.nip, 'plt_nama', g.nama, 'jenis_jabatan', k.jenis_jabatan) ORDER BY p.path), '[]'::json) INTO result
  FROM posts p LEFT JOIN kinds k ON k.depth = p.depth AND k.w = p.w
  LEFT JOIN pegawai g ON g.instansi_id = p.instansi_id AND g.id = p.kepala_pegawai_id;
  RETURN result;
END $$;
