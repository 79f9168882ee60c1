-- Module webhook: subscriptions, delivery leases and the delivery log. Owner: integration
-- (src/api/webhook.c, src/webhook/*.c).

CREATE OR REPLACE FUNCTION webhook_json(w webhook) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', w.id, 'klien_id', w.klien_id,
    'client_id', (SELECT k.client_id FROM klien k WHERE k.instansi_id = w.instansi_id AND k.id = w.klien_id),
    'url', w.url, 'events', to_json(w.events), 'aktif', w.aktif, 'alasan_nonaktif', w.alasan_nonaktif,
    'secret_versi', w.secret_versi,
    'gagal_berturut', s.gagal_berturut, 'coba_lagi_at', s.coba_lagi_at,
    'posisi', perubahan_cursor(s.posisi_seq, s.posisi_id),
    'version', w.version, 'created_at', w.created_at, 'updated_at', w.updated_at)
  FROM webhook_status s WHERE s.instansi_id = w.instansi_id AND s.webhook_id = w.id $$;

-- The subscription the caller may see: integrasi clients only their own (by client_id = sub).
CREATE OR REPLACE FUNCTION webhook_visible(w webhook) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT NOT ('integrasi' = ANY (app_roles())) OR EXISTS (
    SELECT 1 FROM klien k WHERE k.instansi_id = w.instansi_id AND k.id = w.klien_id
       AND k.client_id = current_setting('app.actor', true)) $$;

CREATE OR REPLACE FUNCTION webhook_find(wid bigint, lock boolean) RETURNS webhook LANGUAGE plpgsql AS $$
DECLARE w webhook;
BEGIN
  IF lock THEN
    SELECT * INTO w FROM webhook WHERE instansi_id = app_instansi_id() AND id = wid FOR UPDATE;
  ELSE
    SELECT * INTO w FROM webhook WHERE instansi_id = app_instansi_id() AND id = wid;
  END IF;
  IF NOT FOUND OR NOT webhook_visible(w) THEN
    PERFORM kn_raise('404', 'not_found', 'Webhook ' || wid || ' tidak ditemukan', 'Webhook ' || wid || ' not found');
  END IF;
  RETURN w;
END $$;

-- Create: for klien_id (admin_bkpsdm) or for the calling client (integrasi). Delivery starts
-- from the current end of the feed: a new subscriber gets what happens from now on.
CREATE OR REPLACE FUNCTION api_webhook_create(b jsonb) RETURNS json LANGUAGE plpgsql AS $$
DECLARE w webhook; kid bigint;
BEGIN
  IF 'integrasi' = ANY (app_roles()) THEN
    SELECT id INTO kid FROM klien WHERE instansi_id = app_instansi_id() AND client_id = current_setting('app.actor', true) AND aktif;
  ELSE
    SELECT id INTO kid FROM klien WHERE instansi_id = app_instansi_id() AND id = (b->>'klien_id')::bigint;
  END IF;
  IF kid IS NULL THEN
    PERFORM kn_raise('422', 'validation_failed', 'Klien tidak ditemukan di instansi ini', 'Client not found in this instansi');
  END IF;
  INSERT INTO webhook (klien_id, url, events)
  VALUES (kid, b->>'url', ARRAY(SELECT DISTINCT jsonb_array_elements_text(b->'events') ORDER BY 1))
  RETURNING * INTO w;
  -- from the feed's horizon, not its largest position: a transaction below that still running
  -- commits after this subscription and is delivered to it
  INSERT INTO webhook_status (instansi_id, webhook_id, posisi_seq, posisi_id)
  VALUES (w.instansi_id, w.id, perubahan_batas() - 1, 9223372036854775807);
  RETURN webhook_json(w);
END $$;

CREATE OR REPLACE FUNCTION api_webhook_get(wid bigint) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT webhook_json(webhook_find(wid, false)) $$;

CREATE OR REPLACE FUNCTION api_webhook_list(after bigint, lim int) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('items', COALESCE(json_agg(webhook_json(w) ORDER BY w.id), '[]'::json),
         'next_cursor', CASE WHEN count(*) = lim THEN max(w.id) END)
    FROM (SELECT * FROM webhook w WHERE instansi_id = app_instansi_id() AND id > after AND webhook_visible(w)
           ORDER BY id LIMIT lim) w $$;

-- PATCH url/events/aktif. Re-activating clears the failure count and retries at once.
CREATE OR REPLACE FUNCTION api_webhook_patch(wid bigint, b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE w webhook := webhook_find(wid, true);
BEGIN
  PERFORM check_version(w.version, expected);
  UPDATE webhook SET
    url = COALESCE(b->>'url', url),
    events = CASE WHEN b ? 'events' THEN ARRAY(SELECT DISTINCT jsonb_array_elements_text(b->'events') ORDER BY 1) ELSE events END,
    aktif = COALESCE((b->>'aktif')::boolean, aktif),
    alasan_nonaktif = CASE WHEN (b->>'aktif')::boolean IS NOT NULL THEN NULL ELSE alasan_nonaktif END
   WHERE instansi_id = w.instansi_id AND id = wid RETURNING * INTO w;
  IF (b->>'aktif')::boolean THEN
    UPDATE webhook_status SET gagal_berturut = 0, coba_lagi_at = now() WHERE instansi_id = w.instansi_id AND webhook_id = wid;
  END IF;
  RETURN webhook_json(w);
END $$;

CREATE OR REPLACE FUNCTION api_webhook_rotate(wid bigint, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE w webhook := webhook_find(wid, true);
BEGIN
  PERFORM check_version(w.version, expected);
  UPDATE webhook SET secret_versi = secret_versi + 1 WHERE instansi_id = w.instansi_id AND id = wid RETURNING * INTO w;
  RETURN webhook_json(w);
END $$;

-- The subscription is looked up first (404 for one the caller may not see), whether or not it
-- has deliveries: inside the query the planner skipped the lookup when no row could match.
CREATE OR REPLACE FUNCTION api_webhook_pengiriman(wid bigint, after bigint, lim int) RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE w webhook := webhook_find(wid, false);
BEGIN
  RETURN (SELECT json_build_object('items', COALESCE(json_agg(json_build_object('id', p.id, 'dikirim_at', p.dikirim_at,
           'pengiriman_id', p.pengiriman_id, 'percobaan', p.percobaan, 'jumlah_event', p.jumlah_event,
           'status_http', p.status_http, 'durasi_ms', p.durasi_ms, 'berhasil', p.berhasil, 'galat', p.galat)
           ORDER BY p.id), '[]'::json),
         'next_cursor', CASE WHEN count(*) = lim THEN max(p.id) END)
    FROM (SELECT * FROM webhook_pengiriman WHERE instansi_id = w.instansi_id
             AND webhook_id = w.id AND id > after ORDER BY id LIMIT lim) p);
END $$;

-- ---- worker side -------------------------------------------------------------------------

-- Due subscriptions across tenants (definer: the worker has no tenant yet) of active clients.
-- Takes a lease so two workers never deliver the same subscription at once.
CREATE OR REPLACE FUNCTION webhook_due(lim int, lease_s int) RETURNS TABLE (instansi text, webhook_id bigint)
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH due AS (
    SELECT s.instansi_id, s.webhook_id FROM webhook_status s JOIN webhook w ON w.instansi_id = s.instansi_id AND w.id = s.webhook_id
      JOIN klien k ON k.instansi_id = w.instansi_id AND k.id = w.klien_id
     WHERE w.aktif AND k.aktif AND s.coba_lagi_at <= now() AND (s.sewa_sampai IS NULL OR s.sewa_sampai < now())
       AND EXISTS (SELECT 1 FROM perubahan_txn t JOIN audit_log a ON a.instansi_id = t.instansi_id AND a.txid = t.txid
                    WHERE t.instansi_id = s.instansi_id AND t.seq >= s.posisi_seq AND (t.seq > s.posisi_seq OR a.id > s.posisi_id)
                      AND t.seq < (SELECT perubahan_batas()))   -- what webhook_batch can deliver now
     ORDER BY s.coba_lagi_at LIMIT lim FOR UPDATE OF s SKIP LOCKED),
  leased AS (
    UPDATE webhook_status s SET sewa_sampai = now() + make_interval(secs => lease_s)
      FROM due WHERE s.instansi_id = due.instansi_id AND s.webhook_id = due.webhook_id
    RETURNING s.instansi_id, s.webhook_id)
  SELECT i.kode, l.webhook_id FROM leased l JOIN instansi i ON i.id = l.instansi_id $$;

-- The next batch of a subscription (in its tenant's context): its URL, secret version, the
-- delivery id of this batch (the same for every retry of it), the feed items of its kinds and
-- the position after them (which also moves past changes of other kinds).
CREATE OR REPLACE FUNCTION webhook_batch(wid bigint, lim int) RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE w webhook; s webhook_status; r json;
BEGIN
  SELECT * INTO w FROM webhook WHERE instansi_id = app_instansi_id() AND id = wid;
  SELECT * INTO s FROM webhook_status WHERE instansi_id = app_instansi_id() AND webhook_id = wid;
  IF w.id IS NULL THEN RETURN NULL; END IF;
  -- disabled meanwhile (the subscription or its client): an empty batch that only ends the lease
  IF NOT w.aktif OR NOT (SELECT k.aktif FROM klien k WHERE k.instansi_id = w.instansi_id AND k.id = w.klien_id) THEN
    lim := 0;
  END IF;
  WITH h AS (SELECT * FROM perubahan_halaman(s.posisi_seq, s.posisi_id, lim, w.events))
  SELECT json_build_object('url', w.url, 'secret_versi', w.secret_versi, 'gagal_berturut', s.gagal_berturut,
    'pengiriman_id', 'wh' || w.id || '-' || s.posisi_seq || '-' || s.posisi_id,
    'events', COALESCE((SELECT json_agg(json_build_object('posisi', perubahan_cursor(h.seq, h.id), 'entity', h.entity,
                 'entity_id', h.entity_id, 'action', h.action, 'version', h.version, 'committed_at', h.committed_at)
                 ORDER BY h.seq, h.id) FROM h WHERE h.more IS NULL), '[]'::json),
    'sampai_seq', (SELECT h.seq FROM h WHERE h.more IS NOT NULL),
    'sampai_id', (SELECT h.id FROM h WHERE h.more IS NOT NULL))
  INTO r;
  RETURN r;
END $$;

-- Record one attempt. Success moves the position and clears failures; a failure schedules the
-- retry with exponential backoff and disables the subscription after max_gagal failures in a row.
CREATE OR REPLACE FUNCTION webhook_selesai(wid bigint, pid text, n_event int, status_http int, durasi_ms int, ok boolean,
                                galat text, sampai_seq bigint, sampai_id bigint,
                                backoff_ms int, max_gagal int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE g int;
BEGIN
  IF ok AND n_event = 0 THEN   -- only non-matching changes were skipped: no delivery to log
    UPDATE webhook_status SET posisi_seq = COALESCE(sampai_seq, posisi_seq), posisi_id = COALESCE(sampai_id, posisi_id),
           sewa_sampai = NULL WHERE instansi_id = app_instansi_id() AND webhook_id = wid;
    RETURN;
  END IF;
  INSERT INTO webhook_pengiriman (instansi_id, webhook_id, pengiriman_id, percobaan, jumlah_event, status_http, durasi_ms, berhasil, galat)
  SELECT app_instansi_id(), wid, pid, s.gagal_berturut + 1, n_event, status_http, durasi_ms, ok, left(galat, 500)
    FROM webhook_status s WHERE s.instansi_id = app_instansi_id() AND s.webhook_id = wid;
  IF ok THEN
    UPDATE webhook_status SET posisi_seq = COALESCE(sampai_seq, posisi_seq), posisi_id = COALESCE(sampai_id, posisi_id),
           gagal_berturut = 0, coba_lagi_at = now(), sewa_sampai = NULL
     WHERE instansi_id = app_instansi_id() AND webhook_id = wid;
    RETURN;
  END IF;
  UPDATE webhook_status SET gagal_berturut = gagal_berturut + 1, sewa_sampai = NULL,
         coba_lagi_at = now() + make_interval(secs => LEAST(3600, backoff_ms / 1000.0 * 2 ^ LEAST(gagal_berturut, 20)))
   WHERE instansi_id = app_instansi_id() AND webhook_id = wid RETURNING gagal_berturut INTO g;
  IF g >= max_gagal THEN
    UPDATE webhook SET aktif = false,
           alasan_nonaktif = 'Dinonaktifkan otomatis setelah ' || g || ' kegagalan berturut-turut: ' || left(galat, 200)
     WHERE instansi_id = app_instansi_id() AND id = wid;
  END IF;
END $$;

REVOKE ALL ON FUNCTION webhook_due(int, int) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION webhook_due(int, int) TO kinerja_app;

