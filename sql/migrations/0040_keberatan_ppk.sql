-- Keberatan decided on the PPK's behalf (issue 16 item 3, domain.md R14a): when the atasan
-- penilai is the kepala daerah, BKPSDM records the PPK's decision with the decree reference.
-- Expand only: nullable columns; old rows and decisions of the previous release keep NULL.
ALTER TABLE keberatan
  ADD COLUMN nomor_keputusan text CHECK (nomor_keputusan IS NULL OR length(nomor_keputusan) BETWEEN 1 AND 200),
  ADD COLUMN diputus_sebagai text CHECK (diputus_sebagai IN ('ATASAN_PENILAI', 'PPK')),
  ADD CONSTRAINT keberatan_ppk_nomor CHECK (diputus_sebagai IS DISTINCT FROM 'PPK' OR nomor_keputusan IS NOT NULL);

-- GET /v1/keberatan filters by status and pages by id
CREATE INDEX keberatan_status_id ON keberatan (instansi_id, status, id);
