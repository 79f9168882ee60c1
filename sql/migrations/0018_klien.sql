-- Service accounts (klien layanan) for integrations: OAuth2 client credentials. Owner: auth
-- (src/api/klien.c, src/api/auth_token.c, src/auth/secret_hash.c).
--
-- The Argon2id hash and the failed-attempt counters live in klien_rahasia, which the server role
-- cannot read or write directly (no grants, no audit copy): only the SECURITY DEFINER functions
-- below touch it. klien holds what may be shown and audited.

-- Row-level security by tenant for a table with instansi_id, and the server role's rights on it
-- (one place for what every tenant table repeats).
CREATE FUNCTION tenant_rls(tbl regclass, privs text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY %I ON %s USING (instansi_id = (SELECT app_instansi_id())) '
                 'WITH CHECK (instansi_id = (SELECT app_instansi_id()))', tbl::text || '_tenant', tbl);
  EXECUTE format('GRANT %s ON %s TO kinerja_app', privs, tbl);
END $$;

CREATE TABLE klien (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  client_id text NOT NULL UNIQUE CHECK (client_id ~ '^kc_[0-9a-f]{24}$'),
  nama text NOT NULL CHECK (length(nama) BETWEEN 3 AND 200),
  scopes text[] NOT NULL CHECK (cardinality(scopes) >= 1
                                AND scopes <@ ARRAY['sync:read','sync:write','webhook:manage']),
  aktif boolean NOT NULL DEFAULT true,
  secret_dirotasi_at timestamptz NOT NULL DEFAULT now(),
  dibuat_oleh text NOT NULL DEFAULT COALESCE(NULLIF(current_setting('app.actor', true), ''), session_user),
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id)
);
CREATE TRIGGER klien_version BEFORE UPDATE ON klien FOR EACH ROW EXECUTE FUNCTION bump_version();
SELECT audit_attach('klien'::regclass);
SELECT tenant_rls('klien', 'SELECT, INSERT, UPDATE');

CREATE TABLE klien_rahasia (
  client_id text PRIMARY KEY REFERENCES klien (client_id) ON DELETE CASCADE,
  secret_hash text NOT NULL CHECK (secret_hash LIKE '$argon2id$%'),
  gagal_berturut int NOT NULL DEFAULT 0,
  terkunci_sampai timestamptz
);
ALTER TABLE klien_rahasia ENABLE ROW LEVEL SECURITY;   -- no policy, no grant: definer functions only

CREATE FUNCTION klien_json(k klien) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', k.id, 'client_id', k.client_id, 'nama', k.nama, 'scopes', to_json(k.scopes),
    'aktif', k.aktif, 'secret_dirotasi_at', k.secret_dirotasi_at, 'dibuat_oleh', k.dibuat_oleh,
    'version', k.version, 'created_at', k.created_at, 'updated_at', k.updated_at) $$;

-- Store a new hash for a client of the current tenant (create or rotate). Definer: the server
-- role has no rights on klien_rahasia.
CREATE FUNCTION klien_set_hash(cid text, h text) RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  INSERT INTO klien_rahasia (client_id, secret_hash)
  SELECT k.client_id, h FROM klien k WHERE k.client_id = cid AND k.instansi_id = app_instansi_id()
  ON CONFLICT (client_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, gagal_berturut = 0, terkunci_sampai = NULL
$$;

CREATE FUNCTION api_klien_create(b jsonb, cid text, h text) RETURNS json LANGUAGE plpgsql AS $$
DECLARE k klien;
BEGIN
  INSERT INTO klien (client_id, nama, scopes)
  VALUES (cid, b->>'nama', ARRAY(SELECT DISTINCT jsonb_array_elements_text(b->'scopes') ORDER BY 1))
  RETURNING * INTO k;
  PERFORM klien_set_hash(cid, h);
  RETURN klien_json(k);
END $$;

CREATE FUNCTION klien_missing(kid bigint) RETURNS void LANGUAGE sql AS $$
  SELECT kn_raise('404', 'not_found', 'Klien ' || kid || ' tidak ditemukan', 'Client ' || kid || ' not found') $$;

CREATE FUNCTION api_klien_get(kid bigint) RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE k klien;
BEGIN
  SELECT * INTO k FROM klien WHERE instansi_id = app_instansi_id() AND id = kid;
  IF NOT FOUND THEN PERFORM klien_missing(kid); END IF;
  RETURN klien_json(k);
END $$;

CREATE FUNCTION api_klien_list(after bigint, lim int) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('items', COALESCE(json_agg(klien_json(k) ORDER BY k.id), '[]'::json),
         'next_cursor', CASE WHEN count(*) = lim THEN max(k.id) END)
    FROM (SELECT * FROM klien WHERE instansi_id = app_instansi_id() AND id > after ORDER BY id LIMIT lim) k $$;

CREATE FUNCTION api_klien_patch(kid bigint, b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE k klien;
BEGIN
  SELECT * INTO k FROM klien WHERE instansi_id = app_instansi_id() AND id = kid FOR UPDATE;
  IF NOT FOUND THEN PERFORM klien_missing(kid); END IF;
  IF expected IS NOT NULL AND k.version <> expected THEN
    PERFORM kn_raise('412', 'precondition_failed', 'Versi klien sudah berubah', 'The client changed');
  END IF;
  UPDATE klien SET
    nama = COALESCE(b->>'nama', nama),
    aktif = COALESCE((b->>'aktif')::boolean, aktif),
    scopes = CASE WHEN b ? 'scopes'
                  THEN ARRAY(SELECT DISTINCT jsonb_array_elements_text(b->'scopes') ORDER BY 1) ELSE scopes END
   WHERE instansi_id = k.instansi_id AND id = kid RETURNING * INTO k;
  RETURN klien_json(k);
END $$;

-- Rotate: the old secret stops working in the same commit.
CREATE FUNCTION api_klien_rotate(kid bigint, h text) RETURNS json LANGUAGE plpgsql AS $$
DECLARE k klien;
BEGIN
  UPDATE klien SET secret_dirotasi_at = clock_timestamp()
   WHERE instansi_id = app_instansi_id() AND id = kid RETURNING * INTO k;
  IF NOT FOUND THEN PERFORM klien_missing(kid); END IF;
  PERFORM klien_set_hash(k.client_id, h);
  RETURN klien_json(k);
END $$;

-- Token endpoint (no tenant yet): what is needed to check a client's credentials. Definer so it
-- runs before any tenant context exists. NULL when the client is unknown.
CREATE FUNCTION klien_kredensial(cid text) RETURNS json LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  SELECT json_build_object('instansi', i.kode, 'scopes', to_json(k.scopes), 'aktif', k.aktif,
           'hash', r.secret_hash, 'gagal', r.gagal_berturut,
           'terkunci_detik', GREATEST(0, ceil(extract(epoch FROM r.terkunci_sampai - now())))::int)
    FROM klien k JOIN klien_rahasia r USING (client_id) JOIN instansi i ON i.id = k.instansi_id
   WHERE k.client_id = cid $$;

-- Failed attempt: after 5 in a row the client is locked out, 30 s doubling per further failure
-- (at most 15 minutes). Counted per client, so a guessing attacker cannot lock everybody out.
CREATE FUNCTION klien_gagal(cid text) RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  UPDATE klien_rahasia SET gagal_berturut = gagal_berturut + 1,
         terkunci_sampai = CASE WHEN gagal_berturut + 1 >= 5
           THEN now() + make_interval(secs => LEAST(900, 30 * 2 ^ LEAST(gagal_berturut + 1 - 5, 10))) END
   WHERE client_id = cid $$;

CREATE FUNCTION klien_berhasil(cid text) RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  UPDATE klien_rahasia SET gagal_berturut = 0, terkunci_sampai = NULL WHERE client_id = cid AND gagal_berturut > 0 $$;

REVOKE ALL ON FUNCTION klien_set_hash(text, text), klien_kredensial(text), klien_gagal(text), klien_berhasil(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION klien_set_hash(text, text), klien_kredensial(text), klien_gagal(text), klien_berhasil(text) TO kinerja_app;
