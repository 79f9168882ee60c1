-- Evidence bytes in use per instansi (issue 17): the quota check of every upload summed the
-- ukuran of all the instansi's evidence rows (about 1 us per row: 3 ms at 2,600 files, growing
-- with every upload). A trigger on bukti (sql/functions/pelaksanaan.sql, bukti_terpakai_catat)
-- keeps the sum here, in 16 slots (bukti id % 16) so that concurrent uploads of one instansi seldom
-- wait on the same counter row; bukti_kuota adds up the slots. Owner: execution module
-- (src/api/bukti.c).
CREATE TABLE bukti_terpakai (
  instansi_id bigint NOT NULL REFERENCES instansi(id),
  slot smallint NOT NULL CHECK (slot BETWEEN 0 AND 15),
  byte bigint NOT NULL,
  PRIMARY KEY (instansi_id, slot)
);
SELECT tenant_rls('bukti_terpakai', 'SELECT, INSERT, UPDATE');

-- what the rows already count (the trigger, created after this migration, keeps it from here on).
-- The lock keeps a node of the previous release from changing evidence rows between this count and
-- the trigger (both commit with this transaction): its writes wait for the migration instead.
LOCK TABLE bukti IN SHARE MODE;
INSERT INTO bukti_terpakai (instansi_id, slot, byte)
SELECT instansi_id, id % 16, sum(ukuran) FROM bukti WHERE sha256 IS NOT NULL AND ukuran IS NOT NULL GROUP BY 1, 2;
