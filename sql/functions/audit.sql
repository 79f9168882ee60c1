-- Module audit: the audit trail (audit_log) and optimistic-concurrency versions, and the triggers
-- that attach both to tables. Owner: db. The change feed's part of audit_write (perubahan_txn)
-- is described in sql/migrations/0130_perubahan_xid.sql and sql/functions/perubahan.sql.

-- Statement triggers with transition tables: every mutation of an audited table writes its
-- audit rows in the same transaction, one INSERT per statement (a 10,000-row import costs one
-- audit statement, not 10,000). Rows are matched by their "id" (every audited table has one).
-- SECURITY DEFINER, and only the owner may execute it: the three trigger functions below (also
-- definers; trigger functions cannot be called directly) are its only callers, so the server role
-- appends audit rows only for rows it really wrote, never rows of its choosing for any tenant.
-- plpgsql, not SQL: a SQL-language function that cannot be inlined (a definer with SET never is)
-- is parsed and planned again at every call; plpgsql keeps the plan of its statement per
-- connection (issue 17: about a third of the PostgreSQL CPU of a single-row audited write).
CREATE OR REPLACE FUNCTION audit_write(action text, tbl text, rows_before jsonb[], rows_after jsonb[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  WITH ins AS (
    INSERT INTO audit_log (instansi_id, actor, roles, action, entity, entity_id, before, after, request_id)
    SELECT CASE WHEN tbl = 'instansi' THEN (COALESCE(a, b)->>'id')::bigint
                ELSE (COALESCE(a, b)->>'instansi_id')::bigint END,
           COALESCE(NULLIF(current_setting('app.actor', true), ''), 'system:' || session_user),
           COALESCE(current_setting('app.roles', true), ''),
           action,
           -- a reminder's feed kind names its stage (webhook kinds pengingat.jatuh_tempo, pengingat.terlambat)
           CASE WHEN tbl = 'pengingat' THEN 'pengingat.' || (COALESCE(a, b)->>'tahap') ELSE tbl END,
           COALESCE(a, b)->>'id', b - 'updated_at', a - 'updated_at',
           NULLIF(current_setting('app.request_id', true), '')
      FROM (SELECT x AS b, y AS a FROM unnest(rows_before, rows_after) AS u(x, y)) pairs
     WHERE action <> 'UPDATE' OR (a - 'updated_at' - 'version') IS DISTINCT FROM (b - 'updated_at' - 'version')
    RETURNING instansi_id)
  -- the feed position: seq and committed_at come from the column defaults (this xid, now; 0130)
  INSERT INTO perubahan_txn (instansi_id, txid)
  SELECT DISTINCT instansi_id, pg_current_xact_id() FROM ins
  ON CONFLICT DO NOTHING;
END $$;

CREATE OR REPLACE FUNCTION audit_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM audit_write('INSERT', TG_TABLE_NAME,
    (SELECT array_agg(NULL::jsonb) FROM new_rows), (SELECT array_agg(to_jsonb(n)) FROM new_rows n));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION audit_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
  -- both transition tables hold the same rows: sorting each by id pairs them up without a join
  PERFORM audit_write('UPDATE', TG_TABLE_NAME,
    (SELECT array_agg(j ORDER BY j->>'id') FROM (SELECT to_jsonb(o) AS j FROM old_rows o) x),
    (SELECT array_agg(j ORDER BY j->>'id') FROM (SELECT to_jsonb(n) AS j FROM new_rows n) y));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION audit_delete() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM audit_write('DELETE', TG_TABLE_NAME, (SELECT array_agg(to_jsonb(o)) FROM old_rows o),
    (SELECT array_agg(NULL::jsonb) FROM old_rows));
  RETURN NULL;
END $$;

REVOKE ALL ON FUNCTION audit_write(text, text, jsonb[], jsonb[]), audit_insert(), audit_update(), audit_delete()
  FROM PUBLIC, kinerja_app;

-- Attach the audit triggers of changes (UPDATE, DELETE) to a table; re-applying replaces them.
CREATE OR REPLACE FUNCTION audit_attach_changes(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE OR REPLACE TRIGGER audit_upd AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows '
                 'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_update()', tbl);
  EXECUTE format('CREATE OR REPLACE TRIGGER audit_del AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows '
                 'FOR EACH STATEMENT EXECUTE FUNCTION audit_delete()', tbl);
END $$;

-- Attach the three audit triggers to a table; re-applying replaces them (no duplicates).
CREATE OR REPLACE FUNCTION audit_attach(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE OR REPLACE TRIGGER audit_ins AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows '
                 'FOR EACH STATEMENT EXECUTE FUNCTION audit_insert()', tbl);
  PERFORM audit_attach_changes(tbl);
END $$;

-- Optimistic concurrency: version bumps on every real change (any column but version and
-- updated_at). The rows are compared as records, OLD with NEW's version and updated_at: the same
-- test as comparing their to_jsonb without those two keys (each column by its type's equality),
-- without building two jsonb documents per updated row (issue 17: ~5 % of the PostgreSQL work of a
-- PUT realisasi). Record comparison needs an equality operator for every column type: the loop
-- below makes the comparison once per versioned table and refuses a table where it fails.
CREATE OR REPLACE FUNCTION bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE o record := OLD;
BEGIN
  o.version := NEW.version;
  o.updated_at := NEW.updated_at;
  IF NEW IS DISTINCT FROM o THEN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END $$;

-- Every table with a version column bumps it on each real change (ETag / If-Match); a new
-- table gets its trigger when the modules are re-applied after the migration that made it.
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
              AND a.attname = 'version' AND NOT a.attisdropped ORDER BY 1 LOOP
    -- the comparison bump_version makes, once on a row of NULLs: PostgreSQL looks up every
    -- column type's equality even for NULLs and fails for a type without one (json, xml, point...)
    BEGIN
      EXECUTE format('SELECT json_populate_record(NULL::public.%1$I, ''{}'') IS DISTINCT FROM '
                     'json_populate_record(NULL::public.%1$I, ''{}'')', t);
    EXCEPTION WHEN undefined_function THEN
      RAISE EXCEPTION 'bump_version compares rows as records: table % has a column type without equality (%)', t, SQLERRM;
    END;
    EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW '
                   'EXECUTE FUNCTION bump_version()', t || '_version', t);
  END LOOP;
END $$;

-- The audited tables: every change to one of these writes audit rows (and so reaches the change
-- feed and webhooks). Add a new table here in the same change as the migration that creates it.
SELECT audit_attach(t::regclass) FROM unnest(ARRAY[
  'instansi', 'unor', 'pegawai', 'penilai_override',
  'skp', 'rhk', 'indikator', 'skp_perilaku', 'skp_lampiran',
  'periode', 'realisasi', 'bukti', 'umpan_balik',
  'evaluasi', 'predikat_organisasi', 'keberatan',
  'tpp_faktor', 'tindak_lanjut_keputusan', 'aturan_tindak_lanjut',
  'kke', 'klien', 'siasn_evaluasi', 'siasn_hasil', 'webhook', 'dokumen',
  'jadwal', 'pengingat', 'potensi', 'talenta_kotak', 'umpan_balik_perilaku',
  'predikat_organisasi_riwayat', 'sanksi', 'sanksi_tahap']) AS t;

-- KKE findings are written with their run and audited as the run (its kke row: actor, request
-- id, time, PD, score, per-check summary), not one audit row per finding (34,000 for the largest
-- PD, most of the store's time); what users do with a finding (the PD's answer, BKPSDM's
-- verification) is audited row by row. Databases from before had the INSERT trigger too.
SELECT audit_attach_changes('kke_temuan');
DROP TRIGGER IF EXISTS audit_ins ON kke_temuan;
