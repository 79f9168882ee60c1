-- Change feed positions without the commit lock (issue 17). Owner: integration
-- (src/api/perubahan.c, sql/functions/perubahan.sql).
--
-- Until now (0019) a deferred trigger drew each transaction's position at commit time under a
-- per-tenant advisory lock held through the commit's WAL flush: a tenant committed about one
-- audited write per flush. Now a transaction's position is its own xid (xid8 as bigint), known
-- when it writes its first audit row: no commit-time trigger, no lock, no update. Readers only
-- list positions below the horizon pg_snapshot_xmin(pg_current_snapshot()) of their statement's
-- snapshot (perubahan_batas): every transaction with a smaller xid has finished (committed and
-- visible to that snapshot, or rolled back), and every transaction that writes later gets a
-- larger xid, so a cursor never skips a transaction that commits late. The price is latency:
-- the feed waits for the oldest transaction still running (an import or a KKE run holds it back
-- for its duration; nothing is lost).
--
-- Upgrade in place: old rows keep their seq, drawn from perubahan_seq, which counted committed
-- write transactions and so stays below the xids; cursors issued before keep working if every
-- old seq lies below every position to come. The trigger is dropped first (it waits for every
-- transaction holding a row of the old kind, whose trigger then numbers it), then the check:
-- every transaction that can still write a position has an xid at or above the horizon now.

DROP TRIGGER perubahan_commit ON perubahan_txn;
DROP FUNCTION perubahan_commit();

DO $$
DECLARE top bigint := (SELECT max(seq) FROM perubahan_txn);
        batas bigint := pg_snapshot_xmin(pg_current_snapshot())::text::bigint;
BEGIN
  IF top >= batas THEN
    RAISE EXCEPTION 'change feed: perubahan_txn.seq reaches % but transactions from xid % on may still write '
      'positions (xids) below it, which cursors would skip: let running transactions finish, consume % '
      'transaction ids (e.g. pgbench -n -t N with "SELECT pg_current_xact_id();"), then migrate again',
      top, batas, top - batas + 1;
  END IF;
END $$;

-- A row's position and time come with the row (audit_write inserts only the tenant and xid).
-- committed_at keeps its name in the API; it is now when the transaction wrote its first audit
-- row (the start of that statement), no longer its commit time.
ALTER TABLE perubahan_txn ALTER seq SET DEFAULT (pg_current_xact_id()::text::bigint),
                          ALTER committed_at SET DEFAULT statement_timestamp();
COMMENT ON COLUMN perubahan_txn.seq IS
  'feed position: perubahan_seq before migration 0130, the transaction''s xid since';
