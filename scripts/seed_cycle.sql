-- Demo performance-cycle data for the synthetic kabupaten, with PLANTED data-quality problems
-- so that the KKE shows a meaningful worksheet out of the box (issue 8). Run by scripts/run as
-- the schema owner (no row-level security) with psql variables :kode (tenant) and :tahun.
-- Planted, by pegawai id: id % 11 = 0 no SKP (K01); id % 7 = 0 set late (K02); id % 13 = 0 an
-- UTAMA RHK without cascading (K04); id % 17 = 0 absolute wording (K06); id % 19 = 0 no lampiran
-- konsekuensi (K11); id % 5 = 0 realisasi without evidence (K13); id % 3 = 0 no feedback (K14).
-- One Perangkat Daerah (PD-KEC1) gets too many SANGAT_BAIK for its BAIK predikat (K16).
\set ON_ERROR_STOP on
SELECT set_config('app.actor', 'seed-demo', false);
SELECT id AS iid FROM instansi WHERE kode = :'kode' \gset
CREATE TEMP TABLE seed_p AS
  SELECT p.id, p.nip, p.unor_id, p.jabatan, p.jenis_jabatan, u.kepala_pegawai_id = p.id AS is_head, u.path
    FROM pegawai p JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id
   WHERE p.instansi_id = :iid AND p.status = 'AKTIF' AND p.id % 11 <> 0;
-- penilai: the head of the unit (for a head, the head of the parent unit); KEPALA_DAERAH at the top
CREATE TEMP TABLE seed_pen AS
  SELECT sp.id, (SELECT a.kepala_pegawai_id FROM unor a
                  WHERE a.instansi_id = :iid AND sp.path LIKE a.path || '%' AND a.kepala_pegawai_id IS NOT NULL
                    AND a.kepala_pegawai_id <> sp.id ORDER BY length(a.path) DESC LIMIT 1) AS penilai
    FROM seed_p sp;
INSERT INTO skp (instansi_id, pegawai_id, tahun, periode_awal, periode_akhir, jenis_skp, status, unor_id, jabatan,
                 jenis_jabatan, penilai_jenis, penilai_pegawai_id, atasan_jenis, penilai_snapshot, tanggal_ditetapkan)
SELECT :iid, sp.id, :tahun, make_date(:tahun, 1, 1), make_date(:tahun, 12, 31),
       CASE WHEN sp.jenis_jabatan = 'JPT' THEN 'JPT' ELSE 'NON_JPT' END, 'DITETAPKAN', sp.unor_id, sp.jabatan,
       sp.jenis_jabatan, CASE WHEN pen.penilai IS NULL THEN 'KEPALA_DAERAH' ELSE 'PEGAWAI' END, pen.penilai, 'NONE',
       jsonb_build_object('pejabat_penilai', jsonb_build_object('jenis', CASE WHEN pen.penilai IS NULL THEN 'KEPALA_DAERAH' ELSE 'PEGAWAI' END,
                          'nip', (SELECT nip FROM pegawai WHERE instansi_id = :iid AND id = pen.penilai)),
                          'atasan_penilai', jsonb_build_object('jenis', 'NONE')),
       make_date(:tahun, CASE WHEN sp.id % 7 = 0 THEN 3 ELSE 1 END, 20)
  FROM seed_p sp JOIN seed_pen pen ON pen.id = sp.id;
INSERT INTO skp_perilaku (instansi_id, skp_id, nilai, urutan, ekspektasi_khusus)
SELECT :iid, s.id, v, o, CASE WHEN o = 1 THEN 'Melayani dengan ramah dan tuntas' END
  FROM skp s, unnest(ARRAY['BERORIENTASI_PELAYANAN','AKUNTABEL','KOMPETEN','HARMONIS','LOYAL','ADAPTIF','KOLABORATIF'])
       WITH ORDINALITY AS t(v, o)
 WHERE s.instansi_id = :iid AND s.tahun = :tahun;
INSERT INTO skp_lampiran (instansi_id, skp_id, jenis, urutan, uraian)
SELECT :iid, s.id, j, 1, 'Sesuai ketentuan'
  FROM skp s, unnest(ARRAY['DUKUNGAN_SUMBER_DAYA','SKEMA_PERTANGGUNGJAWABAN','KONSEKUENSI']) AS j
 WHERE s.instansi_id = :iid AND s.tahun = :tahun AND NOT (j = 'KONSEKUENSI' AND s.pegawai_id % 19 = 0);
-- one UTAMA RHK each, in the order of the tree so a penilai's RHK exists before the cascade
INSERT INTO rhk (instansi_id, skp_id, jenis_rhk, uraian, perspektif, urutan)
SELECT :iid, s.id, 'UTAMA', 'Terlaksananya tugas ' || s.jabatan, CASE WHEN s.jenis_skp = 'JPT' THEN 'PROSES_BISNIS' END, 1
  FROM skp s WHERE s.instansi_id = :iid AND s.tahun = :tahun;
UPDATE rhk r SET rhk_atasan_id = pr.id, jenis_intervensi = 'LANGSUNG'
  FROM skp s, skp ps, rhk pr
 WHERE r.instansi_id = :iid AND s.instansi_id = :iid AND s.id = r.skp_id AND s.jenis_skp = 'NON_JPT'
   AND s.pegawai_id % 13 <> 0 AND ps.instansi_id = :iid AND ps.pegawai_id = s.penilai_pegawai_id AND ps.tahun = s.tahun
   AND pr.instansi_id = :iid AND pr.skp_id = ps.id;
INSERT INTO indikator (instansi_id, rhk_id, aspek, uraian, target_min, target_max, satuan, urutan)
SELECT :iid, r.id, CASE WHEN s.jenis_skp = 'JPT' THEN NULL ELSE 'KUANTITAS' END,
       CASE WHEN s.pegawai_id % 17 = 0 THEN 'Semua dokumen selesai tepat waktu' ELSE 'Jumlah dokumen yang diselesaikan' END,
       12, 12, 'dokumen', 1
  FROM rhk r JOIN skp s ON s.instansi_id = r.instansi_id AND s.id = r.skp_id WHERE r.instansi_id = :iid AND s.tahun = :tahun;
-- quarterly periods (evaluations follow by trigger)
INSERT INTO periode (instansi_id, skp_id, jenis, nomor, tanggal_awal, tanggal_akhir, akhir_tahun)
SELECT :iid, s.id, 'TRIWULAN', q, make_date(:tahun, 3 * q - 2, 1),
       (make_date(:tahun, 3 * q - 2, 1) + interval '3 months - 1 day')::date, q = 4
  FROM skp s, generate_series(1, 4) q WHERE s.instansi_id = :iid AND s.tahun = :tahun;
-- realisasi, evidence and feedback for the quarters that have ended
INSERT INTO realisasi (instansi_id, periode_id, indikator_id, nilai, uraian, diisi_oleh)
SELECT :iid, p.id, i.id, 3, 'Dokumen triwulan ' || p.nomor || ' selesai', 'seed-demo'
  FROM periode p JOIN rhk r ON r.instansi_id = p.instansi_id AND r.skp_id = p.skp_id
  JOIN indikator i ON i.instansi_id = r.instansi_id AND i.rhk_id = r.id
 WHERE p.instansi_id = :iid AND p.tanggal_akhir < current_date;
INSERT INTO bukti (instansi_id, realisasi_id, jenis, nama, url, status_verifikasi, diunggah_oleh)
SELECT :iid, x.id, 'URL', 'Laporan triwulan', 'https://contoh.go.id/laporan/' || x.id, 'VALID', 'seed-demo'
  FROM realisasi x JOIN periode p ON p.instansi_id = x.instansi_id AND p.id = x.periode_id
  JOIN skp s ON s.instansi_id = p.instansi_id AND s.id = p.skp_id
 WHERE x.instansi_id = :iid AND s.pegawai_id % 5 <> 0;
INSERT INTO umpan_balik (instansi_id, skp_id, periode_id, jenis, isi, dari_peran)
SELECT :iid, p.skp_id, p.id, 'UMPAN_BALIK', 'Pertahankan ketepatan waktu', 'PENILAI'
  FROM periode p JOIN skp s ON s.instansi_id = p.instansi_id AND s.id = p.skp_id
 WHERE p.instansi_id = :iid AND p.tanggal_akhir < current_date AND s.pegawai_id % 3 <> 0;
-- fresh statistics: without them the updates below plan nested loops over 30,000 rows (minutes)
ANALYZE skp; ANALYZE periode; ANALYZE evaluasi; ANALYZE realisasi;
-- organisation predikat BAIK for every PD and ended quarter; ratings set for ended quarters
INSERT INTO predikat_organisasi (instansi_id, unor_id, tahun, jenis, nomor, predikat, dasar, ditetapkan_oleh)
SELECT :iid, u.id, :tahun, 'TRIWULAN', q, 'BAIK', 'Capaian rencana aksi sesuai target (demo)', 'seed-demo'
  FROM unor u, generate_series(1, 4) q
 WHERE u.instansi_id = :iid AND u.is_perangkat_daerah AND make_date(:tahun, 3 * q, 1) < date_trunc('month', current_date);
-- a spread the BAIK curve accepts: 10% BUTUH_PERBAIKAN, 30% SANGAT_BAIK, 60% BAIK
UPDATE evaluasi e SET rating_hasil_kerja = hk, rating_perilaku = pk,
       predikat = CASE WHEN hk = 'DI_BAWAH_EKSPEKTASI' THEN 'BUTUH_PERBAIKAN' WHEN pk = 'DI_ATAS_EKSPEKTASI' THEN 'SANGAT_BAIK' ELSE 'BAIK' END,
       status = 'DITETAPKAN', ditetapkan_at = p.tanggal_akhir + 10, dinilai_oleh = 'seed-demo'
  FROM periode p, skp s, LATERAL (SELECT CASE WHEN s.pegawai_id % 10 = 0 THEN 'DI_BAWAH_EKSPEKTASI'
                                             WHEN s.pegawai_id % 10 IN (1, 2, 3) THEN 'DI_ATAS_EKSPEKTASI'
                                             ELSE 'SESUAI_EKSPEKTASI' END AS hk,
                                        CASE WHEN s.pegawai_id % 10 IN (1, 2, 3) THEN 'DI_ATAS_EKSPEKTASI'
                                             ELSE 'SESUAI_EKSPEKTASI' END AS pk) r
 WHERE e.instansi_id = :iid AND p.instansi_id = :iid AND p.id = e.periode_id AND s.instansi_id = :iid AND s.id = e.skp_id
   AND p.tanggal_akhir < current_date;
-- the planted curve problem: PD-KEC1 rates everybody SANGAT_BAIK under a BAIK organisation
UPDATE evaluasi e SET rating_hasil_kerja = 'DI_ATAS_EKSPEKTASI', rating_perilaku = 'DI_ATAS_EKSPEKTASI', predikat = 'SANGAT_BAIK'
  FROM skp s JOIN unor u ON u.instansi_id = s.instansi_id AND u.id = s.unor_id, unor pd
 WHERE e.instansi_id = :iid AND s.instansi_id = :iid AND s.id = e.skp_id AND e.status = 'DITETAPKAN'
   AND pd.instansi_id = :iid AND pd.siasn_id = 'PD-KEC1' AND u.path LIKE pd.path || '%';
UPDATE periode SET terkunci_at = now()
 WHERE instansi_id = :iid AND id IN (SELECT periode_id FROM evaluasi WHERE instansi_id = :iid AND status = 'DITETAPKAN');
ANALYZE evaluasi; ANALYZE periode;
