-- KKE store (issue 17): a finding's row checked two foreign keys on insert, one query each per
-- row (a run of a large PD writes 50,000 findings): the one to its run, kke (instansi_id, id),
-- and the one to instansi (id). The first implies the second (kke.instansi_id references instansi),
-- so the second is dropped: about a fifth of the store's PostgreSQL CPU. Owner: KKE module.
ALTER TABLE kke_temuan DROP CONSTRAINT kke_temuan_instansi_id_fkey;
