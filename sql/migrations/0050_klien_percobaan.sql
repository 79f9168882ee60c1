-- Failed token attempts per client AND source address (issue 15, item 2): a client_id is not
-- secret, so counting per client alone let anyone lock an integration out; now a lockout holds
-- only for the address that failed (an IPv6 address is counted by its /64). Like klien_rahasia,
-- only the SECURITY DEFINER functions of module klien touch it. The per-client columns of
-- klien_rahasia stay for nodes of the previous release (contract later). Owner: security.
CREATE TABLE klien_percobaan (
  client_id text NOT NULL REFERENCES klien (client_id) ON DELETE CASCADE,
  alamat inet NOT NULL,
  gagal_berturut int NOT NULL DEFAULT 0,
  terkunci_sampai timestamptz,
  diubah_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client_id, alamat)
);
CREATE INDEX klien_percobaan_diubah ON klien_percobaan (diubah_at);

ALTER TABLE klien_percobaan ENABLE ROW LEVEL SECURITY;
SELECT tenant_rls_force('klien_percobaan');
CREATE POLICY klien_percobaan_tenant ON klien_percobaan TO CURRENT_USER
  USING (client_id IN (SELECT client_id FROM klien)) WITH CHECK (client_id IN (SELECT client_id FROM klien));
