-- Service accounts (klien layanan) for integrations: OAuth2 client credentials. Owner: auth
-- (src/api/klien.c, src/api/auth_token.c, src/auth/secret_hash.c).
--
-- The Argon2id hash and the failed-attempt counters live in klien_rahasia, which the server role
-- cannot read or write directly (no grants, no audit copy): only the SECURITY DEFINER functions
-- below touch it. klien holds what may be shown and audited.

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

SELECT tenant_rls('klien', 'SELECT, INSERT, UPDATE');

CREATE TABLE klien_rahasia (
  client_id text PRIMARY KEY REFERENCES klien (client_id) ON DELETE CASCADE,
  secret_hash text NOT NULL CHECK (secret_hash LIKE '$argon2id$%'),
  gagal_berturut int NOT NULL DEFAULT 0,
  terkunci_sampai timestamptz
);

ALTER TABLE klien_rahasia ENABLE ROW LEVEL SECURITY;   -- no policy, no grant: definer functions only
