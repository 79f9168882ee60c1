-- Module perubahan: the change feed's positions and pages. Owner: integration
-- (src/api/perubahan.c). A transaction's position is its xid, written with its first audit row
-- (audit_write; the design is described in sql/migrations/0130_perubahan_xid.sql, its
-- predecessor in 0019).

-- The feed's horizon: positions below it are final. Every transaction whose xid is below the xmin
-- of the statement's snapshot has finished (committed and visible to this snapshot, or rolled
-- back), and every transaction still to write gets a larger xid. Also on a hot standby, where the
-- snapshot comes from the replayed WAL.
CREATE OR REPLACE FUNCTION perubahan_batas() RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint $$;

-- Opaque feed position: base64url of "p1:<seq>.<audit id>" (src/api/perubahan.c decodes it).
-- STABLE, not IMMUTABLE: convert_to is stable, and an IMMUTABLE wrapper would not be inlined.
CREATE OR REPLACE FUNCTION perubahan_cursor(seq bigint, id bigint) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT rtrim(translate(encode(convert_to('p1:' || seq || '.' || id, 'UTF8'), 'base64'), '+/', '-_'), '=') $$;

-- One page of the feed after position (after_seq, after_id), optionally only some entity kinds:
-- the page's changes in order, then one trailer row (entity NULL, `more` set) whose (seq, id) is
-- the position to continue from. Only positions below the horizon (perubahan_batas) are listed:
-- a transaction still running may hold a smaller position than one already committed, so the page
-- ends before it until it has finished (the feed lags behind the oldest running transaction).
-- It walks at most `lim` transactions in position order and, for each, its audit rows by index
-- (a lateral join, so the plan cannot turn into a join of the whole feed): a page costs its own
-- rows, not the size of the feed. When a kind filter leaves a page short, the position still
-- moves past every transaction looked at, so a reader never stalls. A plain SQL function, so the
-- planner inlines it into the caller's prepared statement and the plan is made once per
-- connection. Readers: src/api/perubahan.c (builds the JSON in C) and webhook_batch (0024).
CREATE OR REPLACE FUNCTION perubahan_halaman(after_seq bigint, after_id bigint, lim int, kinds text[])
RETURNS TABLE (seq bigint, id bigint, entity text, entity_id text, action text, version int,
               committed_at timestamptz, more boolean)
LANGUAGE sql STABLE AS $$
  WITH txn AS (
    SELECT t.instansi_id, t.txid, t.seq, t.committed_at FROM perubahan_txn t
     WHERE t.instansi_id = app_instansi_id() AND t.seq >= after_seq AND t.seq < (SELECT perubahan_batas())
       AND (t.seq > after_seq OR after_id < 9223372036854775807)   -- (seq, max): seq is done
     ORDER BY t.seq LIMIT lim),
  page AS (
    SELECT t.seq, a.id, a.entity, a.entity_id, a.action, a.version, t.committed_at
      -- the transactions read again in position order (not from the CTE, whose scan has no
      -- known order): the join's output is then sorted by seq, and the page's sort is an
      -- incremental sort that stops once it has `lim` rows; sorting every row of 500 transactions
      -- made a page over import-sized transactions read and sort 132,000 rows (122 ms, now 2.4 ms)
      FROM (SELECT t.instansi_id, t.txid, t.seq, t.committed_at FROM perubahan_txn t
             WHERE t.instansi_id = app_instansi_id() AND t.seq >= after_seq AND t.seq < (SELECT perubahan_batas())
               AND (t.seq > after_seq OR after_id < 9223372036854775807)
             ORDER BY t.seq LIMIT lim) t
      CROSS JOIN LATERAL (
        SELECT a.id, a.entity, a.entity_id, a.action, (COALESCE(a.after, a.before)->>'version')::int AS version
          FROM audit_log a
         WHERE a.instansi_id = t.instansi_id AND a.txid = t.txid
           -- (t.seq > after_seq OR a.id > after_id) as a bound of the index scan: written as the OR
           -- it was a filter, and each page inside an import-sized transaction read and dropped
           -- every row before the cursor (issue 17)
           AND a.id > CASE WHEN t.seq > after_seq THEN -9223372036854775807 - 1 ELSE after_id END
           AND (kinds IS NULL OR a.entity = ANY (kinds))
         ORDER BY a.id LIMIT lim) a   -- at most a page from one (import-sized) transaction; the
                                      -- LIMIT also fences the subquery: flattened, the generic
                                      -- plan hash-joined the whole audit_log
     ORDER BY t.seq, a.id LIMIT lim),
  -- one pass over the page for its size and last position (the last row is the one with the
  -- largest id of the largest seq), not three counts and a sort of it (issue 17); the walked
  -- transactions (txn, counted once in tx) are only read when the page came back short
  stat AS (SELECT count(*) AS n, max(p.seq) AS ls FROM page p),
  tx AS (SELECT count(*) AS nt, max(x.seq) AS lt FROM txn x)
  SELECT p.seq, p.id, p.entity, p.entity_id, p.action, p.version, p.committed_at, NULL::boolean FROM page p
  UNION ALL
  SELECT CASE WHEN st.n = lim THEN st.ls WHEN (SELECT nt FROM tx) = 0 THEN after_seq ELSE (SELECT lt FROM tx) END,
         CASE WHEN st.n = lim THEN (SELECT max(p.id) FROM page p WHERE p.seq = st.ls)
              WHEN (SELECT nt FROM tx) = 0 THEN after_id ELSE 9223372036854775807 END,
         NULL, NULL, NULL, NULL, NULL, st.n = lim OR (SELECT nt FROM tx) = lim
    FROM stat st
  ORDER BY 8 NULLS FIRST, 1, 2 $$;
