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


-- A purge age never inside the 24-hour replay window api.md promises: 422 otherwise.
CREATE OR REPLACE FUNCTION idempotensi_umur_cek(older_than interval) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF older_than IS NULL OR older_than < interval '24 hours' THEN
    PERFORM kn_raise('422', 'validation_failed', 'Umur minimal 24 jam (jendela replay Idempotency-Key)',
                     'At least 24 hours (the Idempotency-Key replay window)');
  END IF;
END $$;

-- `kinerja purge`: drop stored replies older than older_than, across every
-- tenant; returns how many. Never inside the 24-hour replay window api.md promises: a shorter age
-- is refused. Definer: the server login may run it without any right on other tenants' rows.
CREATE OR REPLACE FUNCTION idempotensi_purge(older_than interval) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE n bigint;
BEGIN
  PERFORM idempotensi_umur_cek(older_than);
  DELETE FROM idempotensi WHERE created_at < now() - older_than;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
REVOKE ALL ON FUNCTION idempotensi_purge(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION idempotensi_purge(interval) TO kinerja_app;

-- The scheduler's purge step: the same, confined to the run's tenant (row-level security and
-- the explicit tenant test), so one instansi's schedule never touches another's rows.
CREATE OR REPLACE FUNCTION idempotensi_purge_instansi(older_than interval) RETURNS int LANGUAGE plpgsql AS $$
DECLARE n int;
BEGIN
  PERFORM idempotensi_umur_cek(older_than);
  DELETE FROM idempotensi WHERE instansi_id = app_instansi_id() AND created_at < now() - older_than;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
