-- K07 looks up last year's realisation per indicator.
CREATE INDEX realisasi_indikator_kke_idx ON realisasi (instansi_id, indikator_id);
