-- Module klien: service accounts and their secrets, touched only through SECURITY DEFINER
-- functions. Owner: auth (src/api/klien.c, src/api/auth_token.c, src/auth/secret_hash.c).

CREATE OR REPLACE FUNCTION klien_json(k klien) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', k.id, 'client_id', k.client_id, 'nama', k.nama, 'scopes', to_json(k.scopes),
    'aktif', k.aktif, 'secret_dirotasi_at', k.secret_dirotasi_at, 'dibuat_oleh', k.dibuat_oleh,
    'version', k.version, 'created_at', k.created_at, 'updated_at', k.updated_at) $$;

-- Store a new hash for a client of the current tenant (create or rotate). Definer: the server
-- role has no rights on klien_rahasia.
CREATE OR REPLACE FUNCTION klien_set_hash(cid text, h text) RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  INSERT INTO klien_rahasia (client_id, secret_hash)
  SELECT k.client_id, h FROM klien k WHERE k.client_id = cid AND k.instansi_id = app_instansi_id()
  ON CONFLICT (client_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, gagal_berturut = 0, terkunci_sampai = NULL;
  DELETE FROM klien_percobaan p USING klien k
   WHERE p.client_id = cid AND k.client_id = cid AND k.instansi_id = app_instansi_id();
$$;

CREATE OR REPLACE FUNCTION api_klien_create(b jsonb, cid text, h text) RETURNS json LANGUAGE plpgsql AS $$
DECLARE k klien;
BEGIN
  INSERT INTO klien (client_id, nama, scopes)
  VALUES (cid, b->>'nama', ARRAY(SELECT DISTINCT jsonb_array_elements_text(b->'scopes') ORDER BY 1))
  RETURNING * INTO k;
  PERFORM klien_set_hash(cid, h);
  RETURN klien_json(k);
END $$;

CREATE OR REPLACE FUNCTION klien_missing(kid bigint) RETURNS void LANGUAGE sql AS $$
  SELECT kn_raise('404', 'not_found', 'Klien ' || kid || ' tidak ditemukan', 'Client ' || kid || ' not found') $$;

CREATE OR REPLACE FUNCTION api_klien_get(kid bigint) RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE k klien;
BEGIN
  SELECT * INTO k FROM klien WHERE instansi_id = app_instansi_id() AND id = kid;
  IF NOT FOUND THEN PERFORM klien_missing(kid); END IF;
  RETURN klien_json(k);
END $$;

CREATE OR REPLACE FUNCTION api_klien_list(after bigint, lim int) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('items', COALESCE(json_agg(klien_json(k) ORDER BY k.id), '[]'::json),
         'next_cursor', CASE WHEN count(*) = lim THEN max(k.id) END)
    FROM (SELECT * FROM klien WHERE instansi_id = app_instansi_id() AND id > after ORDER BY id LIMIT lim) k $$;

-- The client row of a write, locked, with If-Match compared (404 / 412).
CREATE OR REPLACE FUNCTION klien_for_write(kid bigint, expected int) RETURNS klien LANGUAGE plpgsql AS $$
DECLARE k klien;
BEGIN
  SELECT * INTO k FROM klien WHERE instansi_id = app_instansi_id() AND id = kid FOR UPDATE;
  IF NOT FOUND THEN PERFORM klien_missing(kid); END IF;
  PERFORM check_version(k.version, expected);
  RETURN k;
END $$;

CREATE OR REPLACE FUNCTION api_klien_patch(kid bigint, b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE k klien := klien_for_write(kid, expected);
BEGIN
  UPDATE klien SET
    nama = COALESCE(b->>'nama', nama),
    aktif = COALESCE((b->>'aktif')::boolean, aktif),
    -- tokens already issued stop working when what they grant changes (klien_status)
    generasi = generasi + CASE WHEN COALESCE((b->>'aktif')::boolean, aktif) IS DISTINCT FROM aktif
                                 OR (b ? 'scopes' AND ARRAY(SELECT DISTINCT jsonb_array_elements_text(b->'scopes') ORDER BY 1)
                                                      IS DISTINCT FROM scopes) THEN 1 ELSE 0 END,
    scopes = CASE WHEN b ? 'scopes'
                  THEN ARRAY(SELECT DISTINCT jsonb_array_elements_text(b->'scopes') ORDER BY 1) ELSE scopes END
   WHERE instansi_id = k.instansi_id AND id = kid RETURNING * INTO k;
  RETURN klien_json(k);
END $$;

-- Rotate: the old secret stops working in the same commit, the tokens it got within
-- KINERJA_CLIENT_CHECK_MS (a new generation).
CREATE OR REPLACE FUNCTION api_klien_rotate(kid bigint, h text, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE k klien := klien_for_write(kid, expected);
BEGIN
  UPDATE klien SET secret_dirotasi_at = clock_timestamp(), generasi = generasi + 1
   WHERE instansi_id = k.instansi_id AND id = kid RETURNING * INTO k;
  PERFORM klien_set_hash(k.client_id, h);
  RETURN klien_json(k);
END $$;

-- Token endpoint (no tenant yet): what is needed to check a client's credentials. Definer so it
-- runs before any tenant context exists. NULL when the client is unknown.
CREATE OR REPLACE FUNCTION klien_kredensial(cid text) RETURNS json LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  SELECT json_build_object('instansi', i.kode, 'scopes', to_json(k.scopes), 'aktif', k.aktif,
           'hash', r.secret_hash, 'gagal', r.gagal_berturut,
           'terkunci_detik', GREATEST(0, ceil(extract(epoch FROM r.terkunci_sampai - now())))::int)
    FROM klien k JOIN klien_rahasia r USING (client_id) JOIN instansi i ON i.id = k.instansi_id
   WHERE k.client_id = cid $$;

-- Failed attempt: after 5 in a row the client is locked out, 30 s doubling per further failure
-- (at most 15 minutes). Counted per client, so a guessing attacker cannot lock everybody out.
CREATE OR REPLACE FUNCTION klien_gagal(cid text) RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  UPDATE klien_rahasia SET gagal_berturut = gagal_berturut + 1,
         terkunci_sampai = CASE WHEN gagal_berturut + 1 >= 5
           THEN now() + make_interval(secs => LEAST(900, 30 * 2 ^ LEAST(gagal_berturut + 1 - 5, 10))) END
   WHERE client_id = cid $$;

CREATE OR REPLACE FUNCTION klien_berhasil(cid text) RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  UPDATE klien_rahasia SET gagal_berturut = 0, terkunci_sampai = NULL WHERE client_id = cid AND gagal_berturut > 0 $$;

-- The same per client and source address (migration 0050); the three above serve nodes of the
-- previous release during a rolling upgrade and go with klien_rahasia's counters later.
CREATE OR REPLACE FUNCTION klien_kredensial(cid text, dari inet) RETURNS json LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  SELECT json_build_object('instansi', i.kode, 'scopes', to_json(k.scopes), 'aktif', k.aktif, 'generasi', k.generasi,
           'hash', r.secret_hash, 'gagal', COALESCE(p.gagal_berturut, 0),
           'terkunci_detik', GREATEST(0, COALESCE(ceil(extract(epoch FROM p.terkunci_sampai - now())), 0))::int)
    FROM klien k JOIN klien_rahasia r USING (client_id) JOIN instansi i ON i.id = k.instansi_id
    LEFT JOIN klien_percobaan p ON p.client_id = k.client_id AND p.alamat = dari
   WHERE k.client_id = cid $$;

-- After 5 failures in a row from one address that address is locked out for this client, 30 s
-- doubling per further failure (at most 15 minutes); other addresses are not. Rows idle for a
-- day are dropped on the way, so a flood of addresses leaves nothing behind.
CREATE OR REPLACE FUNCTION klien_gagal(cid text, dari inet) RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  DELETE FROM klien_percobaan WHERE diubah_at < now() - interval '1 day'
     AND (terkunci_sampai IS NULL OR terkunci_sampai < now());
  INSERT INTO klien_percobaan AS p (client_id, alamat, gagal_berturut)
  SELECT client_id, dari, 1 FROM klien WHERE client_id = cid
  ON CONFLICT (client_id, alamat) DO UPDATE SET gagal_berturut = p.gagal_berturut + 1, diubah_at = now(),
     terkunci_sampai = CASE WHEN p.gagal_berturut + 1 >= 5
       THEN now() + make_interval(secs => LEAST(900, 30 * 2 ^ LEAST(p.gagal_berturut + 1 - 5, 10))) END $$;

CREATE OR REPLACE FUNCTION klien_berhasil(cid text, dari inet) RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  DELETE FROM klien_percobaan WHERE client_id = cid AND alamat = dari $$;

-- Every request of a client token (src/api/klien_cek.c, cached per node): is the client still
-- active, and at which generation? NULL when no client has that id (a token of another issuer's
-- service account). Definer: it runs before the request's tenant is set.
CREATE OR REPLACE FUNCTION klien_status(cid text) RETURNS json LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  SELECT json_build_object('aktif', k.aktif, 'generasi', k.generasi, 'instansi', i.kode)
    FROM klien k JOIN instansi i ON i.id = k.instansi_id WHERE k.client_id = cid $$;

REVOKE ALL ON FUNCTION klien_status(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION klien_status(text) TO kinerja_app;

REVOKE ALL ON FUNCTION klien_set_hash(text, text), klien_kredensial(text), klien_gagal(text), klien_berhasil(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION klien_kredensial(text, inet), klien_gagal(text, inet), klien_berhasil(text, inet) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION klien_kredensial(text, inet), klien_gagal(text, inet), klien_berhasil(text, inet) TO kinerja_app;

GRANT EXECUTE ON FUNCTION klien_set_hash(text, text), klien_kredensial(text), klien_gagal(text), klien_berhasil(text) TO kinerja_app;

