-- Core: tenants (instansi), tenant context, audit log. Owner: db.
-- Roles kinerja (owner, runs migrations) and kinerja_app (what the server works as) are created
-- by scripts/db-setup before this runs; see README "Database roles".
CREATE TABLE instansi (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kode text NOT NULL UNIQUE CHECK (kode ~ '^[a-z0-9][a-z0-9_-]{1,62}$'),
  nama text NOT NULL CHECK (length(nama) BETWEEN 1 AND 300),
  siasn_instansi_id text,
  nama_kepala_daerah text,
  -- settings (issue 3): evaluation period kind, SKP deadline, optional weights, PD-head appraiser
  periode_penilaian text NOT NULL DEFAULT 'TRIWULAN' CHECK (periode_penilaian IN ('BULANAN','TRIWULAN')),
  batas_skp_bulan int NOT NULL DEFAULT 1 CHECK (batas_skp_bulan BETWEEN 1 AND 12),
  batas_skp_hari int NOT NULL DEFAULT 31 CHECK (batas_skp_hari BETWEEN 1 AND 31),
  bobot_aktif boolean NOT NULL DEFAULT false,
  penilai_kepala_pd text NOT NULL DEFAULT 'SEKDA' CHECK (penilai_kepala_pd IN ('BUPATI','SEKDA')),
  unor_setda_id bigint,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_log (
  instansi_id bigint NOT NULL REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor text NOT NULL,
  roles text NOT NULL DEFAULT '',
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text,
  before jsonb,
  after jsonb,
  request_id text,
  PRIMARY KEY (instansi_id, id)
);

CREATE INDEX audit_log_entity_idx ON audit_log (instansi_id, entity, entity_id, id);

CREATE INDEX audit_log_actor_idx ON audit_log (instansi_id, actor, id);

ALTER TABLE instansi ENABLE ROW LEVEL SECURITY;

CREATE POLICY instansi_tenant ON instansi USING (kode = current_setting('app.instansi', true));

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;

CREATE POLICY audit_tenant ON audit_log USING (instansi_id = (SELECT app_instansi_id()));

GRANT USAGE ON SCHEMA public TO kinerja_app;

GRANT SELECT, UPDATE ON instansi TO kinerja_app;

GRANT SELECT ON audit_log TO kinerja_app;

GRANT SELECT ON schema_migrations TO kinerja_app;
