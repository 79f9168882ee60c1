-- Module tenant: the tenant context every table, default and policy depends on. Owner: db
-- (src/db/db.c sets app.instansi / app.instansi_id per request transaction).
-- Phase "before" (see ORDER): applied before the pending migrations after 0024, because those
-- call these (tenant_rls, tenant_rls_force); so signatures use built-in types only, and bodies
-- are not checked against tables at creation. 0001-0024 create the first versions themselves.

-- The tenant of the current request. The request transaction sets app.instansi (the code from
-- the token) and app.instansi_id (looked up once by instansi_id_of). app_instansi_id() reads
-- the setting only, so the planner inlines it: a lookup here cost ~120 µs per call site.
CREATE OR REPLACE FUNCTION app_instansi_id() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.instansi_id', true), '')::bigint $$;

-- Tenant code → id for the request envelope. SECURITY DEFINER: runs before the tenant setting
-- exists, so it must not depend on row-level security; it reveals nothing but an id. plpgsql:
-- a definer is never inlined, and a SQL-language body was parsed and planned in every request
-- (about 20 us of the envelope's PostgreSQL CPU; bench/run prints the breakdown).
CREATE OR REPLACE FUNCTION instansi_id_of(k text) RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS
$$ BEGIN RETURN COALESCE((SELECT id::text FROM instansi WHERE kode = k), ''); END $$;

-- Row-level security that holds for the schema owner too (FORCE): the server logs in as the owner
-- and works as kinerja_app, and should a request ever act as the owner again (RESET ROLE, a
-- definer function), the table's policies still confine it to the request's tenant. Outside any
-- tenant (app.instansi_id unset: migrations, seeding, the webhook worker's lease across tenants,
-- the token endpoint's client lookup) the owner keeps its maintenance access (owner_maintenance).
-- Idempotent; a DDL helper run by the owner (migration 0028 for the existing tables).
CREATE OR REPLACE FUNCTION tenant_rls_force(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = tbl AND polname = 'owner_maintenance') THEN
    EXECUTE format('CREATE POLICY owner_maintenance ON %s TO CURRENT_USER USING ((SELECT app_instansi_id()) IS NULL) '
                   'WITH CHECK ((SELECT app_instansi_id()) IS NULL)', tbl);
  END IF;
END $$;

-- Row-level security by tenant for a table with instansi_id, and the server role's rights on it
-- (one place for what every tenant table repeats). A DDL helper: migrations call it when they
-- create a tenant table.
CREATE OR REPLACE FUNCTION tenant_rls(tbl regclass, privs text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY %I ON %s USING (instansi_id = (SELECT app_instansi_id())) '
                 'WITH CHECK (instansi_id = (SELECT app_instansi_id()))', tbl::text || '_tenant', tbl);
  PERFORM tenant_rls_force(tbl);
  EXECUTE format('GRANT %s ON %s TO kinerja_app', privs, tbl);
END $$;

REVOKE ALL ON FUNCTION instansi_id_of(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION instansi_id_of(text) TO kinerja_app;

