-- One If-Match mechanism (issue 13): the writes that were guarded by a separate C statement
-- (kn_version_guard) now take the expected version as their last parameter and compare it with
-- check_version themselves, like every other write. Their old signatures go; the new ones are in
-- sql/functions/ (klien, webhook, kke, pelaksanaan, penilaian). Owner: db.
DROP FUNCTION IF EXISTS api_klien_rotate(bigint, text);
DROP FUNCTION IF EXISTS api_webhook_rotate(bigint);
DROP FUNCTION IF EXISTS api_kke_temuan_patch(bigint, bigint, jsonb, text);
DROP FUNCTION IF EXISTS api_kke_transisi(bigint, text, text);
DROP FUNCTION IF EXISTS api_realisasi_put(bigint, bigint, jsonb);
DROP FUNCTION IF EXISTS api_periode_buka(bigint, jsonb);
DROP FUNCTION IF EXISTS api_bukti_konten_put(bigint, text, bigint, text, text, bytea);
DROP FUNCTION IF EXISTS api_keberatan_ajukan(bigint, text);
DROP FUNCTION IF EXISTS api_keberatan_putuskan(bigint, text, text, text, text, text);
