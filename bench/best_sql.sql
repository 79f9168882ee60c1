-- The best SQL we can write for the answers bench/run and bench/run-cycle measure. Owner: bench.
-- Each block after "-- name: NAME" is one statement with the server's parameters ($1, $2, ...);
-- bench/pgbench_script.py (stmt --stmt bench/best_sql.sql:NAME) wraps it in the server's
-- request envelope (BEGIN READ ONLY, kn_ctx, COMMIT), and the benches check that it answers the
-- same bytes as the server's statement before timing it. Hand-written for the request measured,
-- without the generality the server's statement carries (filters, callers without a scope, the
-- caller's own unit), so "server / best SQL" shows what the server's shape and the HTTP layer cost
-- on top of the database's own limit for the same answer.

-- name: skp_get
-- GET /v1/skp/{id} ($1): the access check inline (scope prefix, or the caller owns, appraises or
-- supervises the SKP), then one nested json_agg with every column spelled out.
SELECT json_build_object(
    'id', s.id, 'tahun', s.tahun, 'periode_awal', s.periode_awal, 'periode_akhir', s.periode_akhir,
    'jenis_skp', s.jenis_skp, 'pendekatan', s.pendekatan, 'status', s.status, 'versi', s.versi,
    'pegawai', (SELECT json_build_object('nip', p.nip, 'nama', p.nama, 'jenis_asn', p.jenis_asn)
                  FROM pegawai p WHERE p.instansi_id = s.instansi_id AND p.id = s.pegawai_id),
    'unor_id', s.unor_id, 'jabatan', s.jabatan, 'jenis_jabatan', s.jenis_jabatan,
    'pejabat_penilai', s.penilai_snapshot->'pejabat_penilai', 'atasan_penilai', s.penilai_snapshot->'atasan_penilai',
    'rhk', COALESCE((SELECT json_agg(json_build_object('id', r.id, 'skp_id', r.skp_id, 'jenis_rhk', r.jenis_rhk,
        'uraian', r.uraian, 'rhk_atasan_id', r.rhk_atasan_id, 'jenis_intervensi', r.jenis_intervensi,
        'perspektif', r.perspektif, 'bobot', r.bobot, 'urutan', r.urutan, 'version', r.version,
        'indikator', COALESCE((SELECT json_agg(json_build_object('id', i.id, 'rhk_id', i.rhk_id, 'aspek', i.aspek,
            'uraian', i.uraian, 'target_min', i.target_min, 'target_max', i.target_max, 'satuan', i.satuan,
            'target_teks', i.target_teks, 'arah', i.arah, 'urutan', i.urutan, 'version', i.version) ORDER BY i.urutan, i.id)
          FROM indikator i WHERE i.instansi_id = r.instansi_id AND i.rhk_id = r.id), '[]'::json),
        'diintervensi_oleh', COALESCE((SELECT json_agg(json_build_object('rhk_id', c.id, 'skp_id', c.skp_id,
            'nip', p.nip, 'nama', p.nama, 'uraian', c.uraian, 'jenis_intervensi', c.jenis_intervensi) ORDER BY c.id)
          FROM rhk c JOIN skp cs ON cs.instansi_id = c.instansi_id AND cs.id = c.skp_id
          JOIN pegawai p ON p.instansi_id = cs.instansi_id AND p.id = cs.pegawai_id
         WHERE c.instansi_id = r.instansi_id AND c.rhk_atasan_id = r.id), '[]'::json))
      ORDER BY r.jenis_rhk DESC, r.urutan, r.id)
      FROM rhk r WHERE r.instansi_id = s.instansi_id AND r.skp_id = s.id), '[]'::json),
    'perilaku', COALESCE((SELECT json_agg(json_build_object('nilai', b.nilai, 'ekspektasi_khusus', b.ekspektasi_khusus)
        ORDER BY b.urutan) FROM skp_perilaku b WHERE b.instansi_id = s.instansi_id AND b.skp_id = s.id), '[]'::json),
    'lampiran', (SELECT json_build_object(
        'dukungan_sumber_daya', COALESCE(json_agg(l.uraian ORDER BY l.urutan) FILTER (WHERE l.jenis = 'DUKUNGAN_SUMBER_DAYA'), '[]'::json),
        'skema_pertanggungjawaban', COALESCE(json_agg(l.uraian ORDER BY l.urutan) FILTER (WHERE l.jenis = 'SKEMA_PERTANGGUNGJAWABAN'), '[]'::json),
        'konsekuensi', COALESCE(json_agg(l.uraian ORDER BY l.urutan) FILTER (WHERE l.jenis = 'KONSEKUENSI'), '[]'::json))
      FROM skp_lampiran l WHERE l.instansi_id = s.instansi_id AND l.skp_id = s.id),
    'batas_waktu', k.batas,
    'terlambat', COALESCE(COALESCE(s.tanggal_ditetapkan::date, current_date) > k.batas, false),
    'ditetapkan_pengelola', s.ditetapkan_pengelola,
    'tanggal_diajukan', s.tanggal_diajukan, 'tanggal_ditetapkan', s.tanggal_ditetapkan,
    'version', s.version, 'created_at', s.created_at, 'updated_at', s.updated_at)::text
  FROM skp s
  LEFT JOIN LATERAL (SELECT make_date(s.tahun, i.batas_skp_bulan, least(i.batas_skp_hari,
                       extract(day FROM (make_date(s.tahun, i.batas_skp_bulan, 1) + interval '1 month - 1 day'))::int)) AS batas
                       FROM instansi i WHERE i.id = s.instansi_id) k ON true
 WHERE s.instansi_id = app_instansi_id() AND s.id = $1::bigint
   AND (COALESCE((SELECT u.path FROM unor u WHERE u.instansi_id = s.instansi_id AND u.id = s.unor_id) LIKE app_scope_path() || '%', false)
        OR COALESCE((SELECT p.id FROM pegawai p WHERE p.instansi_id = s.instansi_id AND p.nip = app_nip())
                    IN (s.pegawai_id, s.penilai_pegawai_id, s.atasan_pegawai_id), false));

-- name: pegawai_page
-- GET /v1/pegawai?unor_id=$3&rekursif=true&limit=$2&cursor=$1 without other filters, for a caller
-- with a scope: the subtree's units as one index range cut to the scope, ids by an index-only
-- walk per unit, the page's rows by primary key.
WITH me AS MATERIALIZED (SELECT app_scope_path() AS sp,
    (SELECT b.path FROM unor b WHERE b.instansi_id = app_instansi_id() AND b.id = $3::bigint) AS base),
units AS MATERIALIZED (SELECT u.id FROM unor u WHERE u.instansi_id = app_instansi_id()
    AND u.path ~>=~ (SELECT base FROM me) AND u.path ~<~ (SELECT left(base, -1) || '0' FROM me)
    AND u.path LIKE (SELECT sp FROM me) || '%'),
ids AS (SELECT x.id FROM units, LATERAL (SELECT p.id FROM pegawai p WHERE p.instansi_id = app_instansi_id()
    AND p.unor_id = units.id AND p.id > $1::bigint ORDER BY p.instansi_id, p.unor_id, p.id LIMIT $2::int) x
  ORDER BY x.id LIMIT $2::int)
SELECT json_build_object('items', COALESCE(json_agg(pegawai_json(p) ORDER BY p.id), '[]'::json),
  'next_cursor', CASE WHEN count(*) = $2::int THEN max(p.id) END)::text
  FROM ids i JOIN pegawai p ON p.instansi_id = app_instansi_id() AND p.id = i.id;
