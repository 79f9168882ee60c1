-- The best SQL we can write for the answers bench/run and bench/run-cycle measure. Owner: bench.
-- Each block after "-- name: NAME" is one statement with the server's parameters ($1, $2, ...);
-- bench/pgbench_script.py (stmt --stmt bench/best_sql.sql:NAME) wraps it in the server's
-- request envelope (BEGIN READ ONLY, kn_ctx, COMMIT), and the benches check that it answers the
-- same bytes as the server's statement before timing it. Hand-written for the request measured,
-- without the generality the server's statement carries (filters, callers without a scope, the
-- caller's own unit), so "server / best SQL" shows what the server's shape and the HTTP layer cost
-- on top of the database's own limit for the same answer.

-- name: skp_get
-- GET /v1/skp/{id} ($1): the document's rows the server writes as JSON (src/api/skp_rows.c), the
-- server's columns: the row by primary key with the access check written out inline (the unit's
-- path under the caller's scope, or the caller owns, appraises or supervises the SKP), its RHK,
-- indikator, the RHK that intervene them, perilaku and lampiran, in no order (the server sorts
-- each part). The server's statement is this one with the check as skp_terlihat (inlined).
WITH s AS MATERIALIZED (SELECT s.* FROM skp s
   WHERE s.instansi_id = app_instansi_id() AND s.id = $1::bigint
     AND (COALESCE((SELECT u.path FROM unor u WHERE u.instansi_id = s.instansi_id AND u.id = s.unor_id) LIKE app_scope_path() || '%', false)
          OR COALESCE((SELECT p.id FROM pegawai p WHERE p.instansi_id = s.instansi_id AND p.nip = app_nip())
                      IN (s.pegawai_id, s.penilai_pegawai_id, s.atasan_pegawai_id), false))),
r AS MATERIALIZED (SELECT r.* FROM s JOIN rhk r ON r.instansi_id = s.instansi_id AND r.skp_id = s.id)
SELECT 0 AS k, s.id::text, s.tahun::text, s.periode_awal::text, s.periode_akhir::text, s.jenis_skp,
  s.pendekatan, s.status, s.versi::text, (p.id IS NOT NULL)::text, p.nip::text, p.nama::text,
  p.jenis_asn::text, s.unor_id::text, s.jabatan, s.jenis_jabatan,
  (s.penilai_snapshot->'pejabat_penilai')::text, (s.penilai_snapshot->'atasan_penilai')::text,
  skp_batas_dari(s.tahun, i.batas_skp_bulan, i.batas_skp_hari)::text,
  COALESCE(COALESCE(s.tanggal_ditetapkan::date, current_date) > skp_batas_dari(s.tahun, i.batas_skp_bulan,
  i.batas_skp_hari), false)::text, s.ditetapkan_pengelola::text, s.tanggal_diajukan::text,
  s.tanggal_ditetapkan::text, s.version::text, s.created_at::text, s.updated_at::text
  FROM s LEFT JOIN pegawai p ON p.instansi_id = s.instansi_id AND p.id = s.pegawai_id
  LEFT JOIN instansi i ON i.id = app_instansi_id()
UNION ALL SELECT 1, r.id::text, r.skp_id::text, r.jenis_rhk, r.uraian, r.rhk_atasan_id::text,
  r.jenis_intervensi, r.perspektif, r.bobot::text, r.urutan::text, r.version::text, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM r
UNION ALL SELECT 2, x.id::text, x.rhk_id::text, x.aspek, x.uraian, x.target_min::text, x.target_max::text,
  x.satuan, x.target_teks, x.arah, x.urutan::text, x.version::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM r JOIN indikator x ON x.instansi_id = r.instansi_id AND x.rhk_id = r.id
UNION ALL SELECT 3, c.id::text, c.skp_id::text, p.nip::text, p.nama::text, c.uraian, c.jenis_intervensi,
  c.rhk_atasan_id::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL
  FROM r JOIN rhk c ON c.instansi_id = r.instansi_id AND c.rhk_atasan_id = r.id
  JOIN skp cs ON cs.instansi_id = c.instansi_id AND cs.id = c.skp_id
  JOIN pegawai p ON p.instansi_id = cs.instansi_id AND p.id = cs.pegawai_id
UNION ALL SELECT 4, b.nilai, b.ekspektasi_khusus, b.urutan::text, b.id::text, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM s JOIN skp_perilaku b ON b.instansi_id = s.instansi_id AND b.skp_id = s.id
UNION ALL SELECT 5, l.jenis, l.uraian, l.urutan::text, l.id::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM s JOIN skp_lampiran l ON l.instansi_id = s.instansi_id AND l.skp_id = s.id;

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
-- The page's plain rows (the server writes their JSON, src/api/rows_json.c), the server's columns.
SELECT p.id, p.nip, p.nama, p.gelar_depan, p.gelar_belakang, p.jenis_asn, p.jenis_jabatan,
  p.jabatan, p.jenjang_jf, p.unor_id, p.is_plt, p.tmt_jabatan, p.status, p.status_sejak,
  p.siasn_id, p.kontrak_selesai, p.version, p.created_at, p.updated_at
  FROM ids i JOIN pegawai p ON p.instansi_id = app_instansi_id() AND p.id = i.id ORDER BY p.id;
