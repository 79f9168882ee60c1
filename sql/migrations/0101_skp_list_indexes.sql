-- Indexes for GET /v1/skp's page (issue 17, src/api/skp.c skp_list): the SKPs of a PD scope are
-- walked unit by unit in id order, and the SKPs a pegawai supervises as atasan penilai are found
-- by index like those they own or appraise (skp_pegawai_idx, skp_penilai_idx). Owner: planning
-- module.
CREATE INDEX skp_unor_id_idx ON skp (instansi_id, unor_id, id);
CREATE INDEX skp_atasan_idx ON skp (instansi_id, atasan_pegawai_id, tahun);
