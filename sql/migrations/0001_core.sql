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

-- The tenant of the current request. The request transaction sets app.instansi (the code from
-- the token) and app.instansi_id (looked up once by instansi_id_of). app_instansi_id() reads
-- the setting only, so the planner inlines it: a lookup here cost ~120 µs per call site.
CREATE FUNCTION app_instansi_id() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.instansi_id', true), '')::bigint $$;

-- Tenant code → id for the request envelope. SECURITY DEFINER: runs before the tenant setting
-- exists, so it must not depend on row-level security; it reveals nothing but an id.
CREATE FUNCTION instansi_id_of(k text) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS
$$ SELECT COALESCE((SELECT id::text FROM instansi WHERE kode = k), '') $$;

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

-- Statement triggers with transition tables: every mutation of an audited table writes its
-- audit rows in the same transaction, one INSERT per statement (a 10,000-row import costs one
-- audit statement, not 10,000). SECURITY DEFINER so the server role can append audit rows
-- without any right to change them. Rows are matched by their "id" (every audited table has one).
CREATE FUNCTION audit_write(action text, tbl text, rows_before jsonb[], rows_after jsonb[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO audit_log (instansi_id, actor, roles, action, entity, entity_id, before, after, request_id)
  SELECT CASE WHEN tbl = 'instansi' THEN (COALESCE(a, b)->>'id')::bigint
              ELSE (COALESCE(a, b)->>'instansi_id')::bigint END,
         COALESCE(NULLIF(current_setting('app.actor', true), ''), 'system:' || session_user),
         COALESCE(current_setting('app.roles', true), ''),
         action, tbl, COALESCE(a, b)->>'id', b - 'updated_at', a - 'updated_at',
         NULLIF(current_setting('app.request_id', true), '')
    FROM (SELECT x AS b, y AS a FROM unnest(rows_before, rows_after) AS u(x, y)) pairs
   WHERE action <> 'UPDATE' OR (a - 'updated_at' - 'version') IS DISTINCT FROM (b - 'updated_at' - 'version')
$$;

CREATE FUNCTION audit_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM audit_write('INSERT', TG_TABLE_NAME,
    (SELECT array_agg(NULL::jsonb) FROM new_rows), (SELECT array_agg(to_jsonb(n)) FROM new_rows n));
  RETURN NULL;
END $$;

CREATE FUNCTION audit_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- both transition tables hold the same rows: sorting each by id pairs them up without a join
  PERFORM audit_write('UPDATE', TG_TABLE_NAME,
    (SELECT array_agg(j ORDER BY j->>'id') FROM (SELECT to_jsonb(o) AS j FROM old_rows o) x),
    (SELECT array_agg(j ORDER BY j->>'id') FROM (SELECT to_jsonb(n) AS j FROM new_rows n) y));
  RETURN NULL;
END $$;

CREATE FUNCTION audit_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM audit_write('DELETE', TG_TABLE_NAME, (SELECT array_agg(to_jsonb(o)) FROM old_rows o),
    (SELECT array_agg(NULL::jsonb) FROM old_rows));
  RETURN NULL;
END $$;

-- Attach the three audit triggers to a table (used by later migrations too).
CREATE FUNCTION audit_attach(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER audit_ins AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows '
                 'FOR EACH STATEMENT EXECUTE FUNCTION audit_insert()', tbl);
  EXECUTE format('CREATE TRIGGER audit_upd AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows '
                 'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_update()', tbl);
  EXECUTE format('CREATE TRIGGER audit_del AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows '
                 'FOR EACH STATEMENT EXECUTE FUNCTION audit_delete()', tbl);
END $$;

-- Optimistic concurrency: version bumps on every real change.
CREATE FUNCTION bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF to_jsonb(NEW) - 'version' - 'updated_at' IS DISTINCT FROM to_jsonb(OLD) - 'version' - 'updated_at' THEN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER instansi_version BEFORE UPDATE ON instansi FOR EACH ROW EXECUTE FUNCTION bump_version();
SELECT audit_attach('instansi');

ALTER TABLE instansi ENABLE ROW LEVEL SECURITY;
CREATE POLICY instansi_tenant ON instansi USING (kode = current_setting('app.instansi', true));
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_tenant ON audit_log USING (instansi_id = (SELECT app_instansi_id()));

GRANT USAGE ON SCHEMA public TO kinerja_app;
GRANT SELECT, UPDATE ON instansi TO kinerja_app;
GRANT SELECT ON audit_log TO kinerja_app;
GRANT SELECT ON schema_migrations TO kinerja_app;
GRANT EXECUTE ON FUNCTION instansi_id_of(text) TO kinerja_app;
