-- KKE store (issue 17): the findings an earlier run had answered DIPERBAIKI are read once per run
-- (api_kke_simpan, sql/functions/kke.sql) through this partial index, instead of an index probe
-- per finding on kke_temuan_entitas_idx, which nothing else reads: dropped, one index less to
-- maintain for the tens of thousands of findings a run of a large PD writes. Owner: KKE module.
CREATE INDEX kke_temuan_diperbaiki_idx ON kke_temuan (instansi_id, kke_id) WHERE jawaban_status = 'DIPERBAIKI';
DROP INDEX kke_temuan_entitas_idx;
