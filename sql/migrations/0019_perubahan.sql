-- Change feed (GET /v1/perubahan) in commit order. Owner: integration (src/api/perubahan.c).
--
-- Every audited change already lands in audit_log inside its own transaction. What a feed reader
-- needs on top is a position that grows in COMMIT order, so that following a cursor never skips
-- a transaction that committed late with smaller ids. The first audit row of a transaction
-- registers the transaction in perubahan_txn; a deferred constraint trigger on that row runs at
-- commit time, takes a per-tenant advisory lock and draws the next sequence value. The lock is
-- held until the commit is visible, so sequence order equals commit order within a tenant and a
-- reader's snapshot always sees a prefix of the sequence (gaps are only from rolled-back
-- transactions, which never become visible). Cost: one small update and a short serialisation
-- of the commit tail of writing transactions of the same tenant.

ALTER TABLE audit_log ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX audit_log_txid_idx ON audit_log (instansi_id, txid, id);

CREATE SEQUENCE perubahan_seq;
CREATE TABLE perubahan_txn (
  instansi_id bigint NOT NULL REFERENCES instansi(id),
  txid xid8 NOT NULL,
  seq bigint,                  -- commit position; NULL only while the transaction runs
  committed_at timestamptz,
  PRIMARY KEY (instansi_id, txid)
);
CREATE UNIQUE INDEX perubahan_txn_seq_idx ON perubahan_txn (instansi_id, seq);
ALTER TABLE perubahan_txn ENABLE ROW LEVEL SECURITY;
CREATE POLICY perubahan_txn_tenant ON perubahan_txn USING (instansi_id = (SELECT app_instansi_id()));
GRANT SELECT ON perubahan_txn TO kinerja_app;

CREATE FUNCTION perubahan_commit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(1919, NEW.instansi_id::int);
  UPDATE perubahan_txn SET seq = nextval('perubahan_seq'), committed_at = clock_timestamp()
   WHERE instansi_id = NEW.instansi_id AND txid = NEW.txid;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER perubahan_commit AFTER INSERT ON perubahan_txn
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION perubahan_commit();

CREATE OR REPLACE FUNCTION audit_write(action text, tbl text, rows_before jsonb[], rows_after jsonb[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH ins AS (
    INSERT INTO audit_log (instansi_id, actor, roles, action, entity, entity_id, before, after, request_id)
    SELECT CASE WHEN tbl = 'instansi' THEN (COALESCE(a, b)->>'id')::bigint
                ELSE (COALESCE(a, b)->>'instansi_id')::bigint END,
           COALESCE(NULLIF(current_setting('app.actor', true), ''), 'system:' || session_user),
           COALESCE(current_setting('app.roles', true), ''),
           action, tbl, COALESCE(a, b)->>'id', b - 'updated_at', a - 'updated_at',
           NULLIF(current_setting('app.request_id', true), '')
      FROM (SELECT x AS b, y AS a FROM unnest(rows_before, rows_after) AS u(x, y)) pairs
     WHERE action <> 'UPDATE' OR (a - 'updated_at' - 'version') IS DISTINCT FROM (b - 'updated_at' - 'version')
    RETURNING instansi_id)
  INSERT INTO perubahan_txn (instansi_id, txid)
  SELECT DISTINCT instansi_id, pg_current_xact_id() FROM ins
  ON CONFLICT DO NOTHING
$$;

-- Opaque feed position: base64url of "p1:<seq>.<audit id>" (src/api/perubahan.c decodes it).
-- STABLE, not IMMUTABLE: convert_to is stable, and an IMMUTABLE wrapper would not be inlined.
CREATE FUNCTION perubahan_cursor(seq bigint, id bigint) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT rtrim(translate(encode(convert_to('p1:' || seq || '.' || id, 'UTF8'), 'base64'), '+/', '-_'), '=') $$;

-- One page of the feed after position (after_seq, after_id), optionally only some entity kinds:
-- the page's changes in order, then one trailer row (entity NULL, `more` set) whose (seq, id) is
-- the position to continue from. It walks at most `lim` transactions in position order and, for
-- each, its audit rows by index (a lateral join, so the plan cannot turn into a join of the whole
-- feed): a page costs its own rows, not the size of the feed. When a kind filter leaves a page
-- short, the position still moves past every transaction looked at, so a reader never stalls.
-- A plain SQL function, so the planner inlines it into the caller's prepared statement and the
-- plan is made once per connection. Readers: src/api/perubahan.c (builds the JSON in C) and
-- webhook_batch (0024).
CREATE FUNCTION perubahan_halaman(after_seq bigint, after_id bigint, lim int, kinds text[])
RETURNS TABLE (seq bigint, id bigint, entity text, entity_id text, action text, version int,
               committed_at timestamptz, more boolean)
LANGUAGE sql STABLE AS $$
  WITH txn AS (
    SELECT t.instansi_id, t.txid, t.seq, t.committed_at FROM perubahan_txn t
     WHERE t.instansi_id = app_instansi_id() AND t.seq >= after_seq
       AND (t.seq > after_seq OR after_id < 9223372036854775807)   -- (seq, max): seq is done
     ORDER BY t.seq LIMIT lim),
  page AS (
    SELECT t.seq, a.id, a.entity, a.entity_id, a.action, a.version, t.committed_at
      FROM txn t
      CROSS JOIN LATERAL (
        SELECT a.id, a.entity, a.entity_id, a.action, (COALESCE(a.after, a.before)->>'version')::int AS version
          FROM audit_log a
         WHERE a.instansi_id = t.instansi_id AND a.txid = t.txid AND (t.seq > after_seq OR a.id > after_id)
           AND (kinds IS NULL OR a.entity = ANY (kinds))
         ORDER BY a.id LIMIT lim) a   -- at most a page from one (import-sized) transaction; the
                                      -- LIMIT also fences the subquery: flattened, the generic
                                      -- plan hash-joined the whole audit_log
     ORDER BY t.seq, a.id LIMIT lim),
  stat AS (SELECT (SELECT count(*) FROM page) AS n, (SELECT count(*) FROM txn) AS nt,
                  (SELECT max(x.seq) FROM txn x) AS last_txn),
  last_row AS (SELECT p.seq, p.id FROM page p ORDER BY p.seq DESC, p.id DESC LIMIT 1)
  SELECT p.seq, p.id, p.entity, p.entity_id, p.action, p.version, p.committed_at, NULL::boolean FROM page p
  UNION ALL
  SELECT CASE WHEN st.n = lim THEN (SELECT l.seq FROM last_row l) WHEN st.nt = 0 THEN after_seq ELSE st.last_txn END,
         CASE WHEN st.n = lim THEN (SELECT l.id FROM last_row l) WHEN st.nt = 0 THEN after_id ELSE 9223372036854775807 END,
         NULL, NULL, NULL, NULL, NULL, st.n = lim OR st.nt = lim
    FROM stat st
  ORDER BY 8 NULLS FIRST, 1, 2 $$;
