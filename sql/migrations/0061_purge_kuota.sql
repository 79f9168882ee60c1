-- Resource hygiene (issue 15, item 8). Owner: security.
-- Evidence quota per instansi, in bytes of evidence files (bukti.ukuran); NULL = the server's
-- KINERJA_EVIDENCE_QUOTA. Set by the operator (SQL), not by the tenant's own administrators.
ALTER TABLE instansi ADD COLUMN kuota_bukti_byte bigint CHECK (kuota_bukti_byte >= 0);
-- `kinerja purge`: idempotency rows by age, and the evidence-file GC's question "which of these
-- files does a committed row still name".
CREATE INDEX idempotensi_created_idx ON idempotensi (created_at);
CREATE INDEX bukti_sha256_idx ON bukti (instansi_id, sha256) WHERE sha256 IS NOT NULL;
