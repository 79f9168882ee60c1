-- Module idempotensi: Idempotency-Key reservations and stored replies. Owner: http
-- (src/http/idempotency.c).

-- Reserve a key. Returns the stored row when the key is already taken (and not expired), or
-- NULL when this request now owns it.
CREATE OR REPLACE FUNCTION idempotensi_reserve(k text, sidik text) RETURNS json LANGUAGE plpgsql AS $$
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

