-- The best SQL we can write for the answers bench/run and bench/run-cycle measure. Owner: bench.
-- Each block after "-- name: NAME" is one statement with the server's parameters ($1, $2, ...);
-- bench/pgbench_script.py (stmt --stmt bench/best_sql.sql:NAME) wraps it in the server's
-- request envelope (BEGIN READ ONLY, kn_ctx, COMMIT), and the benches check that it answers the
-- same bytes as the server's statement before timing it. Hand-written for the request measured,
-- without the generality the server's statement carries (filters, callers without a scope, the
-- caller's own unit), so "server / best SQL" shows what the server's shape and the HTTP layer cost
-- on top of the database's own limit for the same answer.

-- name: skp_get
-- GET /v1/skp/{id} ($1): the row by primary key, the access check written out inline (the unit's
-- path under the caller's scope, or the caller owns, appraises or supervises the SKP), and the
-- document from skp_dokumen (sql/functions/skp.sql), an inlined SQL function: the same nested
-- json_agg spelled out column by column in this statement answered the same bytes at the same
-- pgbench rate (2026-12-04, within the noise of a loaded machine), so the document is not copied
-- here; what is left to gain is in the envelope and the HTTP layer, which this row separates.
SELECT d::text
  FROM skp s, skp_dokumen(s) d
 WHERE s.instansi_id = app_instansi_id() AND s.id = $1::bigint
   AND (COALESCE((SELECT u.path FROM unor u WHERE u.instansi_id = s.instansi_id AND u.id = s.unor_id) LIKE app_scope_path() || '%', false)
        OR COALESCE((SELECT p.id FROM pegawai p WHERE p.instansi_id = s.instansi_id AND p.nip = app_nip())
                    IN (s.pegawai_id, s.penilai_pegawai_id, s.atasan_pegawai_id), false));

-- name: pegawai_page
-- GET /v1/pegawai?unor_id=$3&rekursif=true&limit=$2&cursor=$1 without other filters, for a caller
-- with a scope: the subtree's units as one index range cut to the scope, then the pegawai after
-- the cursor in primary-key order, kept when their unit is among them (a hashed set: the OR keeps
-- the IN a filter instead of a join, so the scan stays in id order and stops at the page), until
-- `limit` are found: ~255 rows read for the first page of PD-DIN1. Right for every page, but
-- unbounded: for a small subtree it reads the whole tenant, which is why the server merges
-- per-unit walks (src/api/pegawai.c; bench/README.md, "PD page, second pass").
WITH me AS MATERIALIZED (SELECT app_scope_path() AS sp,
    (SELECT b.path FROM unor b WHERE b.instansi_id = app_instansi_id() AND b.id = $3::bigint) AS base),
units AS MATERIALIZED (SELECT u.id FROM unor u WHERE u.instansi_id = app_instansi_id()
    AND u.path ~>=~ (SELECT base FROM me) AND u.path ~<~ (SELECT left(base, -1) || '0' FROM me)
    AND u.path LIKE (SELECT sp FROM me) || '%')
-- The page's plain rows (the server writes their JSON, src/api/rows_json.c), the server's columns.
SELECT p.id, p.nip, p.nama, p.gelar_depan, p.gelar_belakang, p.jenis_asn, p.jenis_jabatan,
  p.jabatan, p.jenjang_jf, p.unor_id, p.is_plt, p.tmt_jabatan, p.status, p.status_sejak,
  p.siasn_id, p.kontrak_selesai, p.version, p.created_at, p.updated_at
  FROM pegawai p WHERE p.instansi_id = app_instansi_id() AND p.id > $1::bigint
   AND (p.unor_id IN (SELECT id FROM units) OR false)
 ORDER BY p.instansi_id, p.id LIMIT $2::int;
