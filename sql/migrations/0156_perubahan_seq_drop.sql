-- Drop the change feed's old position counter (issue 17). Owner: integration
-- (sql/functions/perubahan.sql).
--
-- Since 0130 a transaction's feed position is its xid; perubahan_seq numbered positions before
-- that and has had no reader or writer since (the release after 0130, 169da74, no longer names
-- it). Old rows keep the numbers it gave them.
DROP SEQUENCE IF EXISTS perubahan_seq;
