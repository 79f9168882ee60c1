-- Idempotency-Key on POST (api.md): the first response is stored for 24 hours and replayed for
-- the same key and body; the same key with another body is refused. Owner: http (router).
CREATE TABLE idempotensi (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  aktor text NOT NULL,
  kunci text NOT NULL CHECK (length(kunci) BETWEEN 1 AND 255),
  sidik_permintaan text NOT NULL,     -- SHA-256 of method, path and body
  status int NOT NULL DEFAULT 0,      -- 0 while the first request is still running
  content_type text,
  isi text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, aktor, kunci)
);

ALTER TABLE idempotensi ENABLE ROW LEVEL SECURITY;

CREATE POLICY idempotensi_tenant ON idempotensi USING (instansi_id = (SELECT app_instansi_id()))
  WITH CHECK (instansi_id = (SELECT app_instansi_id()));

GRANT SELECT, INSERT, UPDATE, DELETE ON idempotensi TO kinerja_app;
