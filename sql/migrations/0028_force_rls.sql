-- Row-level security holds for the schema owner too (issue 15, item 5): FORCE on every table that
-- has row-level security, with the owner's maintenance policy for work outside any tenant (see
-- tenant_rls_force in sql/functions/tenant.sql; tables created later get both from tenant_rls).
-- Owner: security.
DO $$
DECLARE t regclass;
BEGIN
  FOR t IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relrowsecurity ORDER BY c.oid LOOP
    PERFORM tenant_rls_force(t);
  END LOOP;
END $$;

-- klien_rahasia has no policy of its own (only the definer functions of module klien touch it):
-- under FORCE they see the secrets of the clients their tenant sees (klien is tenant-confined),
-- and every secret outside a tenant (the token endpoint looks a client up before it knows one).
CREATE POLICY klien_rahasia_tenant ON klien_rahasia TO CURRENT_USER
  USING (client_id IN (SELECT client_id FROM klien)) WITH CHECK (client_id IN (SELECT client_id FROM klien));
