-- pegawai.nip becomes text (issue 17). As char(18) every lookup by a text NIP (app_nip(), the
-- plpgsql parameters `n text`, the access checks skp_actor / pegawai_id_by_nip / app_pd_path)
-- compared nip::text, and under row-level security that cast (rtrim of bpchar, not LEAKPROOF) on
-- the column may not become an index condition: each such lookup read every pegawai row of every
-- tenant (5-8 ms at 10,000 pegawai, growing with other tenants' data, several per request). A
-- NIP is exactly 18 digits (the CHECK stays), so char(18) and text hold the same values; the
-- unique (instansi_id, nip) index is rebuilt as a text index. Owner: organisation module.
ALTER TABLE pegawai ALTER COLUMN nip TYPE text;
