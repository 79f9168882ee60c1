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

-- Reserve a key. Returns the stored row when the key is already taken (and not expired), or
-- NULL when this request now owns it.
CREATE FUNCTION idempotensi_reserve(k text, sidik text) RETURNS json LANGUAGE plpgsql AS $$
DECLARE row idempotensi;
BEGIN
  INSERT INTO idempotensi (aktor, kunci, sidik_permintaan)
  VALUES (current_setting('app.actor', true), k, sidik)
  ON CONFLICT (instansi_id, aktor, kunci) DO UPDATE
    SET sidik_permintaan = EXCLUDED.sidik_permintaan, status = 0, content_type = NULL, isi = NULL, created_at = now()
    WHERE idempotensi.created_at < now() - interval '24 hours'
  RETURNING * INTO row;
  IF row.kunci IS NOT NULL THEN RETURN NULL; END IF;
  SELECT * INTO row FROM idempotensi
   WHERE instansi_id = app_instansi_id() AND aktor = current_setting('app.actor', true) AND kunci = k;
  RETURN json_build_object('sidik', row.sidik_permintaan, 'status', row.status, 'content_type', row.content_type,
                           'isi', row.isi);
END $$;
