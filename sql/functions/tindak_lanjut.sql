-- Module tindak_lanjut (src/api/tindak_lanjut.c, tpp.c).

-- SQL side of follow-up: the annual results of the pegawai in scope, in one document per
-- request; the C layer computes angka kredit, ranks and rule firings (src/domain/tindak_lanjut.c).
-- Owner: follow-up module.

-- Annual result of an SKP segment = its year-end evaluation once set (domain.md §6.5, R16).
CREATE OR REPLACE FUNCTION tl_data(th int, uid bigint, jj text, one_nip text) RETURNS json LANGUAGE plpgsql STABLE
-- planned per call with the actual filters (a generic plan cannot drop the unused ones), and
-- without nested loops: the subtree's row count is badly underestimated (LIKE on paths) and a
-- nested loop over the grouped CTEs made a 3,800-pegawai PD take 20 s instead of 0.4 s
SET plan_cache_mode = force_custom_plan SET enable_nestloop = off AS $$
DECLARE result json;
BEGIN

  WITH me AS MATERIALIZED (SELECT app_scope_path() AS sp),
  base AS (SELECT path FROM unor WHERE instansi_id = app_instansi_id() AND id = uid),
  peg AS MATERIALIZED (SELECT p.*, u.path FROM pegawai p JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id, me
           WHERE p.instansi_id = app_instansi_id() AND me.sp IS NOT NULL AND u.path LIKE me.sp || '%'
             AND (uid IS NULL OR u.path LIKE (SELECT path FROM base) || '%')
             AND (jj IS NULL OR p.jenis_jabatan = jj) AND (one_nip IS NULL OR p.nip = one_nip)),
  seg AS MATERIALIZED (SELECT s.pegawai_id, s.id AS skp_id, s.tahun, s.periode_awal, s.periode_akhir,
                 e.predikat, e.rating_hasil_kerja, e.rating_perilaku,
                 e.status IN ('DITETAPKAN','KEBERATAN','FINAL') AS set_
            FROM skp s JOIN peg ON peg.instansi_id = s.instansi_id AND peg.id = s.pegawai_id
            JOIN periode p ON p.instansi_id = s.instansi_id AND p.skp_id = s.id AND p.akhir_tahun
            JOIN evaluasi e ON e.instansi_id = p.instansi_id AND e.periode_id = p.id
           WHERE s.instansi_id = app_instansi_id() AND s.tahun <= th),
  -- grouped once and hash-joined: a correlated lookup per pegawai into a CTE scans it each time
  segj AS MATERIALIZED (SELECT g.pegawai_id, json_agg(json_build_object('skp_id', g.skp_id, 'periode_awal', g.periode_awal,
                  'periode_akhir', g.periode_akhir, 'predikat', CASE WHEN g.set_ THEN g.predikat END,
                  'rating_hasil_kerja', CASE WHEN g.set_ THEN g.rating_hasil_kerja END,
                  'rating_perilaku', CASE WHEN g.set_ THEN g.rating_perilaku END) ORDER BY g.periode_awal) AS segmen
             FROM seg g WHERE g.tahun = th GROUP BY g.pegawai_id),
  -- the annual predikat of each year: the last segment's year-end result
  tah AS MATERIALIZED (SELECT y.pegawai_id, json_agg(json_build_object('tahun', y.tahun, 'predikat', y.predikat) ORDER BY y.tahun DESC) AS tahunan
            FROM (SELECT DISTINCT ON (g.pegawai_id, g.tahun) g.pegawai_id, g.tahun, CASE WHEN g.set_ THEN g.predikat END AS predikat
                    FROM seg g ORDER BY g.pegawai_id, g.tahun, g.periode_akhir DESC) y GROUP BY y.pegawai_id),
  pb AS MATERIALIZED (SELECT s.pegawai_id, count(*) AS n FROM skp s JOIN evaluasi e ON e.instansi_id = s.instansi_id AND e.skp_id = s.id
          WHERE s.instansi_id = app_instansi_id() AND s.tahun = th
            AND e.predikat IN ('SANGAT_BAIK','BAIK') AND e.status IN ('DITETAPKAN','KEBERATAN','FINAL') GROUP BY s.pegawai_id),
  pdorg AS MATERIALIZED (SELECT pd.path, o.predikat, o.nomor FROM predikat_organisasi o
                           JOIN unor pd ON pd.instansi_id = o.instansi_id AND pd.id = o.unor_id
                          WHERE o.instansi_id = app_instansi_id() AND o.tahun = th),
  kep AS MATERIALIZED (SELECT d.pegawai_id, json_agg(json_build_object('kasus', d.kasus, 'keputusan', d.keputusan, 'alasan', d.alasan,
                  'pejabat', d.pejabat, 'diputus_at', d.diputus_at)) AS keputusan
            FROM tindak_lanjut_keputusan d WHERE d.instansi_id = app_instansi_id() AND d.tahun = th GROUP BY d.pegawai_id)
  SELECT COALESCE(json_agg(json_build_object(
    'pegawai_id', peg.id, 'nip', peg.nip, 'nama', peg.nama, 'jenis_asn', peg.jenis_asn,
    'jenis_jabatan', peg.jenis_jabatan, 'jabatan', peg.jabatan, 'jenjang_jf', peg.jenjang_jf, 'unor_id', peg.unor_id,
    'status', peg.status, 'kontrak_selesai', peg.kontrak_selesai,
    'koefisien', (SELECT koefisien FROM angka_kredit_koefisien k WHERE k.jenjang = peg.jenjang_jf),
    'segmen', COALESCE(segj.segmen, '[]'::json),
    'tahunan', COALESCE(tah.tahunan, '[]'::json),
    'periodik_baik', COALESCE(pb.n, 0),
    'predikat_organisasi', (SELECT o.predikat FROM pdorg o WHERE peg.path LIKE o.path || '%'
                             ORDER BY length(o.path) DESC, o.nomor DESC LIMIT 1),
    'keputusan', COALESCE(kep.keputusan, '[]'::json)
  ) ORDER BY peg.id), '[]'::json) INTO result
  FROM peg LEFT JOIN segj ON segj.pegawai_id = peg.id LEFT JOIN tah ON tah.pegawai_id = peg.id
  LEFT JOIN pb ON pb.pegawai_id = peg.id LEFT JOIN kep ON kep.pegawai_id = peg.id;
  RETURN result;
END $$;

-- The ranking's facts (GET /v1/peringkat) as one compact row per pegawai in scope, in pegawai
-- order: the last segment of the year (the latest periode_awal) with its year-end result once
-- set, the periodic BAIK-or-better count and the unit's organisation predikat (looked up once per
-- unit, not per pegawai). tl_data's multi-megabyte document cost more to build and parse than the
-- ranking itself; the ordering stays in C (src/domain/tindak_lanjut.c).
CREATE OR REPLACE FUNCTION tl_peringkat(th int, uid bigint, jj text)
RETURNS TABLE (nip text, nama text, jenis_jabatan text, unor_id bigint, ada_skp boolean, predikat text,
               rating_hasil_kerja text, rating_perilaku text, periodik_baik bigint, predikat_organisasi text)
LANGUAGE plpgsql STABLE
-- same planning settings as tl_data (a LIKE-on-path subtree is badly underestimated)
SET plan_cache_mode = force_custom_plan SET enable_nestloop = off AS $$
-- the tenant as a constant of the plan: app_instansi_id() in a filter is evaluated on every row
-- (row-level security evaluates it once)
DECLARE iid bigint := app_instansi_id();
BEGIN
  RETURN QUERY
  WITH me AS MATERIALIZED (SELECT app_scope_path() AS sp),
  base AS (SELECT u.path FROM unor u WHERE u.instansi_id = iid AND u.id = uid),
  peg AS MATERIALIZED (SELECT p.id, p.nip, p.nama, p.jenis_jabatan, p.unor_id, u.path
           FROM pegawai p JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id, me
           WHERE p.instansi_id = iid AND me.sp IS NOT NULL AND u.path LIKE me.sp || '%'
             AND (uid IS NULL OR u.path LIKE (SELECT b.path FROM base b) || '%')
             AND (jj IS NULL OR p.jenis_jabatan = jj)),
  -- one pass over the year's evaluations for both the last segment and the periodic count
  ev AS MATERIALIZED (SELECT s.pegawai_id, s.periode_awal, e.periode_id, e.predikat, e.rating_hasil_kerja, e.rating_perilaku,
                 e.status IN ('DITETAPKAN','KEBERATAN','FINAL') AS set_
            FROM skp s JOIN evaluasi e ON e.instansi_id = s.instansi_id AND e.skp_id = s.id
           WHERE s.instansi_id = iid AND s.tahun = th),
  akhir AS MATERIALIZED (SELECT DISTINCT ON (v.pegawai_id) v.pegawai_id,
                 CASE WHEN v.set_ THEN v.predikat END AS predikat, CASE WHEN v.set_ THEN v.rating_hasil_kerja END AS hk,
                 CASE WHEN v.set_ THEN v.rating_perilaku END AS pk
            FROM ev v JOIN periode p ON p.instansi_id = iid AND p.id = v.periode_id AND p.akhir_tahun
           ORDER BY v.pegawai_id, v.periode_awal DESC),
  pb AS MATERIALIZED (SELECT v.pegawai_id, count(*) AS n FROM ev v
          WHERE v.set_ AND v.predikat IN ('SANGAT_BAIK','BAIK') GROUP BY v.pegawai_id),
  pdorg AS MATERIALIZED (SELECT pd.path, o.predikat, o.nomor FROM predikat_organisasi o
                           JOIN unor pd ON pd.instansi_id = o.instansi_id AND pd.id = o.unor_id
                          WHERE o.instansi_id = iid AND o.tahun = th),
  org AS MATERIALIZED (SELECT x.unor_id, (SELECT o.predikat FROM pdorg o WHERE x.path LIKE o.path || '%'
                             ORDER BY length(o.path) DESC, o.nomor DESC LIMIT 1) AS predikat
            FROM (SELECT DISTINCT g.unor_id, g.path FROM peg g) x)
  SELECT g.nip, g.nama, g.jenis_jabatan, g.unor_id, a.pegawai_id IS NOT NULL, a.predikat, a.hk, a.pk, COALESCE(b.n, 0),
         o.predikat
    FROM peg g LEFT JOIN akhir a ON a.pegawai_id = g.id LEFT JOIN pb b ON b.pegawai_id = g.id
    LEFT JOIN org o ON o.unor_id = g.unor_id
   ORDER BY g.id;
END $$;

-- Follow-up rules in force for a year: the instansi's newest version on or before 31 December,
-- else the shipped defaults.
CREATE OR REPLACE FUNCTION tl_rules(th int) RETURNS json LANGUAGE sql STABLE AS $$
  WITH own AS (SELECT max(berlaku_mulai) AS v FROM aturan_tindak_lanjut
                WHERE instansi_id = app_instansi_id() AND berlaku_mulai <= make_date(th, 12, 31)),
  def AS (SELECT max(berlaku_mulai) AS v FROM aturan_tindak_lanjut
           WHERE instansi_id IS NULL AND berlaku_mulai <= make_date(th, 12, 31))
  SELECT json_build_object('berlaku_mulai', COALESCE((SELECT v FROM own), (SELECT v FROM def)),
    'sumber', CASE WHEN (SELECT v FROM own) IS NOT NULL THEN 'INSTANSI' ELSE 'BAWAAN' END,
    'aturan', COALESCE(json_agg(json_build_object('kode', a.kode, 'predikat', a.predikat, 'tahun_berturut', a.tahun_berturut,
                'rekomendasi', a.rekomendasi, 'tenggat_bulan', a.tenggat_bulan) ORDER BY a.kode), '[]'::json))
  FROM aturan_tindak_lanjut a
  WHERE CASE WHEN (SELECT v FROM own) IS NOT NULL
             THEN a.instansi_id = app_instansi_id() AND a.berlaku_mulai = (SELECT v FROM own)
             ELSE a.instansi_id IS NULL AND a.berlaku_mulai = (SELECT v FROM def) END $$;

CREATE OR REPLACE FUNCTION api_tl_rules_put(b jsonb) RETURNS json LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM aturan_tindak_lanjut WHERE instansi_id = app_instansi_id() AND berlaku_mulai = (b->>'berlaku_mulai')::date;
  INSERT INTO aturan_tindak_lanjut (instansi_id, berlaku_mulai, kode, predikat, tahun_berturut, rekomendasi, tenggat_bulan)
  SELECT app_instansi_id(), (b->>'berlaku_mulai')::date, x->>'kode',
         ARRAY(SELECT jsonb_array_elements_text(x->'predikat')), (x->>'tahun_berturut')::int, x->>'rekomendasi',
         (x->>'tenggat_bulan')::int
    FROM jsonb_array_elements(b->'aturan') x;
  RETURN tl_rules(extract(year FROM (b->>'berlaku_mulai')::date)::int);
END $$;

CREATE OR REPLACE FUNCTION api_tl_keputusan(kasus text, th int, kode text, rekomendasi text, tenggat date, b jsonb) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE p pegawai; d tindak_lanjut_keputusan;
BEGIN
  p := pegawai_for_write(split_part(kasus, '-', 1));
  INSERT INTO tindak_lanjut_keputusan (kasus, pegawai_id, tahun, kode, rekomendasi, tenggat, keputusan, alasan, pejabat, diputus_oleh)
  VALUES (kasus, p.id, th, kode, rekomendasi, tenggat, b->>'keputusan', b->>'alasan', b->>'pejabat', current_setting('app.actor', true))
  RETURNING * INTO d;
  RETURN json_build_object('kasus', d.kasus, 'nip', p.nip, 'tahun', d.tahun, 'kode', d.kode, 'rekomendasi', d.rekomendasi,
    'tenggat', d.tenggat, 'status', d.keputusan, 'alasan', d.alasan, 'pejabat', d.pejabat, 'diputus_oleh', d.diputus_oleh,
    'diputus_at', d.diputus_at);
END $$;

-- TPP factor table: the newest version on or before a date.
CREATE OR REPLACE FUNCTION tpp_rules(at date) RETURNS json LANGUAGE sql STABLE AS $$
  WITH v AS (SELECT max(berlaku_mulai) AS v FROM tpp_faktor WHERE instansi_id = app_instansi_id() AND berlaku_mulai <= at)
  SELECT json_build_object('berlaku_mulai', (SELECT v FROM v),
    'faktor', COALESCE(json_object_agg(f.predikat, f.persen), '{}'::json))
  FROM tpp_faktor f WHERE f.instansi_id = app_instansi_id() AND f.berlaku_mulai = (SELECT v FROM v) $$;

CREATE OR REPLACE FUNCTION api_tpp_rules_put(b jsonb) RETURNS json LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM tpp_faktor WHERE instansi_id = app_instansi_id() AND berlaku_mulai = (b->>'berlaku_mulai')::date;
  INSERT INTO tpp_faktor (berlaku_mulai, predikat, persen)
  SELECT (b->>'berlaku_mulai')::date, k, v::numeric FROM jsonb_each_text(b->'faktor') AS t(k, v);
  RETURN tpp_rules((b->>'berlaku_mulai')::date);
END $$;

-- Each pegawai's TPP factor for one period: the period's predikat and the table in force at its end.
CREATE OR REPLACE FUNCTION tpp_list(th int, jn text, nm int) RETURNS json LANGUAGE sql STABLE AS $$
  WITH me AS MATERIALIZED (SELECT app_scope_path() AS sp)
  SELECT json_build_object('items', COALESCE(json_agg(json_build_object('nip', pg.nip, 'nama', pg.nama,
      'evaluasi_id', e.id, 'predikat', CASE WHEN e.status IN ('DITETAPKAN','KEBERATAN','FINAL') THEN e.predikat END,
      'tanggal_akhir', p.tanggal_akhir,
      'faktor_persen', CASE WHEN e.status IN ('DITETAPKAN','KEBERATAN','FINAL')
                            THEN (tpp_rules(p.tanggal_akhir)->'faktor'->>e.predikat)::numeric END,
      'aturan_berlaku_mulai', tpp_rules(p.tanggal_akhir)->>'berlaku_mulai') ORDER BY pg.id), '[]'::json), 'next_cursor', NULL)
  FROM evaluasi e JOIN periode p ON p.instansi_id = e.instansi_id AND p.id = e.periode_id
  JOIN skp s ON s.instansi_id = e.instansi_id AND s.id = e.skp_id
  JOIN pegawai pg ON pg.instansi_id = s.instansi_id AND pg.id = s.pegawai_id
  JOIN unor u ON u.instansi_id = s.instansi_id AND u.id = s.unor_id, me
  WHERE e.instansi_id = app_instansi_id() AND s.tahun = th AND p.jenis = jn AND p.nomor = nm
    AND me.sp IS NOT NULL AND u.path LIKE me.sp || '%' $$;

