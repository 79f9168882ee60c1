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
