-- Demo performance-cycle data for the synthetic kabupaten, with PLANTED data-quality problems
-- so that the KKE shows a meaningful worksheet out of the box (issue 8). Run by scripts/run as
-- the schema owner (no row-level security) with psql variables :kode (tenant) and :tahun.
-- Planted, by pegawai id: id % 11 = 0 no SKP (K01); id % 7 = 0 set late (K02); id % 13 = 0 an
-- UTAMA RHK without cascading (K04); id % 17 = 0 absolute wording (K06); id % 19 = 0 no lampiran
-- konsekuensi (K11); id % 5 = 0 realisasi without evidence (K13); id % 3 = 0 no feedback (K14);
-- id % 23 = 0 (not a head) the atasan penilai recorded as pejabat penilai (K03); id % 29 = 0 a
-- target below last year's realisation, id % 31 = 0 an RHK measured only by "100% tepat waktu" (K07).
-- One Perangkat Daerah (PD-KEC1) gets too many SANGAT_BAIK for its BAIK predikat (K16).
\set ON_ERROR_STOP on
SELECT set_config('app.actor', 'seed-demo', false) \gset
SELECT id AS iid FROM instansi WHERE kode = :'kode' \gset
CREATE TEMP TABLE seed_p AS
  SELECT p.id, p.nip, p.unor_id, p.jabatan, p.jenis_jabatan, u.kepala_pegawai_id = p.id AS is_head, u.path
    FROM pegawai p JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id
   WHERE p.instansi_id = :iid AND p.status = 'AKTIF' AND p.id % 11 <> 0;
-- penilai and atasan penilai as src/domain/penilai.c resolves them (so that K03 is quiet on clean
-- data): the head of the own unit (for a head, the nearest head above; vacant posts skipped);
-- heads of a Perangkat Daerah by the Sekda under the SEKDA rule; the Sekda and everyone with
-- nobody above by the Kepala Daerah (NULL); atasan penilai = the penilai's penilai
CREATE TEMP TABLE seed_pen AS
  WITH inst AS (SELECT i.penilai_kepala_pd AS rule, s.kepala_pegawai_id AS sekda
                  FROM instansi i LEFT JOIN unor s ON s.instansi_id = i.id AND s.id = i.unor_setda_id WHERE i.id = :iid)
  SELECT p.id, CASE WHEN p.id = inst.sekda THEN NULL
                    WHEN u.kepala_pegawai_id = p.id AND u.is_perangkat_daerah THEN CASE WHEN inst.rule = 'SEKDA' THEN inst.sekda END
                    ELSE (SELECT a.kepala_pegawai_id FROM unor a
                           WHERE a.instansi_id = :iid AND u.path LIKE a.path || '%' AND a.kepala_pegawai_id IS NOT NULL
                             AND a.kepala_pegawai_id <> p.id ORDER BY length(a.path) DESC LIMIT 1) END AS penilai
    FROM pegawai p JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id, inst
   WHERE p.instansi_id = :iid;
CREATE UNIQUE INDEX ON seed_pen (id);
INSERT INTO skp (instansi_id, pegawai_id, tahun, periode_awal, periode_akhir, jenis_skp, status, unor_id, jabatan,
                 jenis_jabatan, penilai_jenis, penilai_pegawai_id, atasan_jenis, atasan_pegawai_id, penilai_snapshot,
                 tanggal_ditetapkan)
SELECT :iid, sp.id, :tahun, make_date(:tahun, 1, 1), make_date(:tahun, 12, 31),
       CASE WHEN sp.jenis_jabatan = 'JPT' THEN 'JPT' ELSE 'NON_JPT' END, 'DITETAPKAN', sp.unor_id, sp.jabatan,
       sp.jenis_jabatan, CASE WHEN pen.penilai IS NULL THEN 'KEPALA_DAERAH' ELSE 'PEGAWAI' END, pen.penilai,
       CASE WHEN pen.penilai IS NULL THEN 'NONE' WHEN atp.penilai IS NULL THEN 'KEPALA_DAERAH' ELSE 'PEGAWAI' END, atp.penilai,
       jsonb_build_object('pejabat_penilai', jsonb_build_object('jenis', CASE WHEN pen.penilai IS NULL THEN 'KEPALA_DAERAH' ELSE 'PEGAWAI' END,
                          'nip', (SELECT nip FROM pegawai WHERE instansi_id = :iid AND id = pen.penilai)),
                          'atasan_penilai', jsonb_build_object('jenis', CASE WHEN pen.penilai IS NULL THEN 'NONE'
                                                                            WHEN atp.penilai IS NULL THEN 'KEPALA_DAERAH' ELSE 'PEGAWAI' END,
                          'nip', (SELECT nip FROM pegawai WHERE instansi_id = :iid AND id = atp.penilai))),
       make_date(:tahun, CASE WHEN sp.id % 7 = 0 THEN 3 ELSE 1 END, 20)
  FROM seed_p sp JOIN seed_pen pen ON pen.id = sp.id LEFT JOIN seed_pen atp ON atp.id = pen.penilai;
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
-- K07: id % 31 = 0 measures its only RHK by "100% tepat waktu" alone
INSERT INTO indikator (instansi_id, rhk_id, aspek, uraian, target_min, target_max, satuan, urutan)
SELECT :iid, r.id, CASE WHEN s.jenis_skp = 'JPT' THEN NULL WHEN k07 THEN 'WAKTU' ELSE 'KUANTITAS' END,
       CASE WHEN s.pegawai_id % 17 = 0 THEN 'Semua dokumen selesai tepat waktu'
            WHEN k07 THEN 'Ketepatan waktu penyelesaian dokumen' ELSE 'Jumlah dokumen yang diselesaikan' END,
       CASE WHEN k07 THEN 100 ELSE 12 END, CASE WHEN k07 THEN 100 ELSE 12 END, CASE WHEN k07 THEN '%' ELSE 'dokumen' END, 1
  FROM rhk r JOIN skp s ON s.instansi_id = r.instansi_id AND s.id = r.skp_id,
       LATERAL (SELECT s.pegawai_id % 31 = 0 AND s.pegawai_id % 17 <> 0 AND s.jenis_skp = 'NON_JPT' AS k07) f
 WHERE r.instansi_id = :iid AND s.tahun = :tahun;
-- K03: id % 23 = 0 (not a head) records the atasan penilai as pejabat penilai, skipping a level
UPDATE skp SET penilai_pegawai_id = atasan_pegawai_id,
       penilai_snapshot = jsonb_set(penilai_snapshot, '{pejabat_penilai}', penilai_snapshot->'atasan_penilai')
 WHERE instansi_id = :iid AND tahun = :tahun AND pegawai_id % 23 = 0 AND atasan_jenis = 'PEGAWAI'
   AND pegawai_id NOT IN (SELECT kepala_pegawai_id FROM unor WHERE instansi_id = :iid AND kepala_pegawai_id IS NOT NULL);
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
-- dated inside their quarter (K13), except id % 37 = 0: last quarter's report attached again
INSERT INTO bukti (instansi_id, realisasi_id, jenis, nama, url, status_verifikasi, diunggah_oleh, tanggal)
SELECT :iid, x.id, 'URL', 'Laporan triwulan', 'https://contoh.go.id/laporan/' || x.id, 'VALID', 'seed-demo',
       CASE WHEN x.id % 37 = 0 THEN p.tanggal_awal - 10 ELSE p.tanggal_akhir - (x.id % 20)::int END
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
-- K07: id % 29 = 0 realised 15 dokumen last year for the same indicator and now targets 12
-- (last year's SKP, its year-end quarter and that realisasi only)
INSERT INTO skp (instansi_id, pegawai_id, tahun, periode_awal, periode_akhir, jenis_skp, status, unor_id, jabatan,
                 jenis_jabatan, penilai_jenis, penilai_pegawai_id, atasan_jenis, atasan_pegawai_id, penilai_snapshot)
SELECT :iid, s.pegawai_id, :tahun - 1, make_date(:tahun - 1, 1, 1), make_date(:tahun - 1, 12, 31), s.jenis_skp, 'SELESAI',
       s.unor_id, s.jabatan, s.jenis_jabatan, s.penilai_jenis, s.penilai_pegawai_id, s.atasan_jenis, s.atasan_pegawai_id,
       s.penilai_snapshot
  FROM skp s WHERE s.instansi_id = :iid AND s.tahun = :tahun AND s.pegawai_id % 29 = 0 AND s.pegawai_id % 17 <> 0
   AND s.pegawai_id % 31 <> 0 AND s.jenis_skp = 'NON_JPT';
INSERT INTO rhk (instansi_id, skp_id, jenis_rhk, uraian, urutan)
SELECT :iid, s.id, 'UTAMA', 'Terlaksananya tugas ' || s.jabatan, 1 FROM skp s WHERE s.instansi_id = :iid AND s.tahun = :tahun - 1;
INSERT INTO indikator (instansi_id, rhk_id, aspek, uraian, target_min, target_max, satuan, urutan)
SELECT :iid, r.id, 'KUANTITAS', 'Jumlah dokumen yang diselesaikan', 10, 10, 'dokumen', 1
  FROM rhk r JOIN skp s ON s.instansi_id = r.instansi_id AND s.id = r.skp_id WHERE r.instansi_id = :iid AND s.tahun = :tahun - 1;
INSERT INTO periode (instansi_id, skp_id, jenis, nomor, tanggal_awal, tanggal_akhir, akhir_tahun)
SELECT :iid, s.id, 'TRIWULAN', 4, make_date(:tahun - 1, 10, 1), make_date(:tahun - 1, 12, 31), true
  FROM skp s WHERE s.instansi_id = :iid AND s.tahun = :tahun - 1;
INSERT INTO realisasi (instansi_id, periode_id, indikator_id, nilai, uraian, diisi_oleh)
SELECT :iid, p.id, i.id, 15, 'Dokumen tahun lalu selesai', 'seed-demo'
  FROM periode p JOIN skp s ON s.instansi_id = p.instansi_id AND s.id = p.skp_id AND s.tahun = :tahun - 1
  JOIN rhk r ON r.instansi_id = p.instansi_id AND r.skp_id = p.skp_id
  JOIN indikator i ON i.instansi_id = r.instansi_id AND i.rhk_id = r.id
 WHERE p.instansi_id = :iid;
