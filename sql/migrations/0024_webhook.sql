-- Webhooks: subscriptions of a service account (klien) to entity kinds of the change feed,
-- delivered by `kinerja worker`. Owner: integration (src/api/webhook.c, src/webhook/*.c).
--
-- The outbox IS the change feed (0019): a change and its feed row commit together, so nothing
-- is announced that did not happen and nothing that happened is lost. Each subscription keeps
-- its own feed position in webhook_status, which is deliberately not audited (the worker moves
-- it constantly, and audited moves would feed themselves back into the feed).
CREATE TABLE webhook (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  klien_id bigint NOT NULL,
  url text NOT NULL CHECK (url ~ '^https?://[^\s/?#]+([/?#]\S*)?$' AND length(url) <= 500),
  events text[] NOT NULL CHECK (cardinality(events) >= 1),
  aktif boolean NOT NULL DEFAULT true,
  secret_versi int NOT NULL DEFAULT 1,
  alasan_nonaktif text,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, klien_id) REFERENCES klien (instansi_id, id)
);

SELECT tenant_rls('webhook', 'SELECT, INSERT, UPDATE');

CREATE TABLE webhook_status (
  instansi_id bigint NOT NULL,
  webhook_id bigint NOT NULL,
  posisi_seq bigint NOT NULL,          -- feed position delivered up to (inclusive)
  posisi_id bigint NOT NULL,
  gagal_berturut int NOT NULL DEFAULT 0,
  coba_lagi_at timestamptz NOT NULL DEFAULT now(),
  sewa_sampai timestamptz,             -- a worker holds the subscription until then
  PRIMARY KEY (instansi_id, webhook_id),
  FOREIGN KEY (instansi_id, webhook_id) REFERENCES webhook (instansi_id, id)
);

CREATE INDEX webhook_status_due_idx ON webhook_status (coba_lagi_at);

SELECT tenant_rls('webhook_status', 'SELECT, INSERT, UPDATE');

CREATE TABLE webhook_pengiriman (
  instansi_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  webhook_id bigint NOT NULL,
  dikirim_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  pengiriman_id text NOT NULL,          -- X-Kinerja-Delivery: the same for every retry of a batch
  percobaan int NOT NULL,
  jumlah_event int NOT NULL,
  status_http int,                      -- NULL: no HTTP answer (timeout, refused)
  durasi_ms int NOT NULL,
  berhasil boolean NOT NULL,
  galat text,
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, webhook_id) REFERENCES webhook (instansi_id, id)
);

CREATE INDEX webhook_pengiriman_idx ON webhook_pengiriman (instansi_id, webhook_id, id);

SELECT tenant_rls('webhook_pengiriman', 'SELECT, INSERT');
