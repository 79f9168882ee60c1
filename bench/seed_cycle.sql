-- Performance-cycle data for bench/run-cycle. Owner: bench.
-- Run as the schema owner (no row-level security) after kn_seed_demo, with psql variables
--   :kode (tenant), :tahun (this year), :tahun_lalu (last year), :cq (the current period number:
--   quarter 1-4, or month 1-12 with :jenis BULANAN), :out (directory for the lists),
--   :jenis (optional: TRIWULAN, the default, or BULANAN: the instansi evaluates monthly, 12 periods
--   per SKP and a realisasi per indikator per month; bench/run-kke's BENCH_REALISASI=bulanan),
--   :n_owner (SKP owners whose open period gets realisasi writes and uploads), :n_penilai
--   (penilai whose appraisees are rated), :n_rating (evaluations rated), :n_bukti (upload targets).
-- Builds, for every AKTIF pegawai and both years, what the API workflow would have produced:
--   SKP DITETAPKAN with the penilai snapshot (penilai = head of the unit, for a head the head of a
--   unit above, vacant posts skipped, heads of a Perangkat Daerah appraised by the Sekda, the Sekda
--   by the Kepala Daerah; atasan penilai = the penilai's penilai), 7 perilaku, 3 lampiran, RHK
--   (2 UTAMA + 1 TAMBAHAN, 2 indikator each; UTAMA of non-JPT SKPs cascade to the penilai's UTAMA
--   RHK; JPT RHK carry a perspektif), 4 quarterly periods (TRIWULAN 1..4, the 4th akhir_tahun; the
--   evaluations come from the trigger on periode).
-- One SKP (a Kepala Bidang's, this year) has 8 RHK (6 UTAMA + 2 TAMBAHAN) x 3 indikator: the
-- GET /v1/skp/{id} benchmark.
-- Assessment: organisation predikat BAIK for every PD and quarter of both years; last year and
-- this year's quarters before the current one rated and DITETAPKAN (periods locked); this year's
-- current quarter and year-end (quarter 4; the same period from October) DITETAPKAN for 80% of the
-- pegawai ("set A"), and still TERBUKA and unlocked for the other 20% ("set B": hash of the
-- pegawai id % 100 < 20), whose current-quarter realisasi, uploads and ratings the benchmark
-- writes (today lies inside that period, so it is open). Predikat mix per evaluation from a hash: 12% SANGAT_BAIK, 66% BAIK, 14%
-- BUTUH_PERBAIKAN, 6% KURANG, 2% SANGAT_KURANG (ratings consistent with the 3x3 matrix; heads of
-- a PD get rating hasil kerja SESUAI, as their BAIK organisation predikat maps to).
-- Realisasi for this year's quarters before the current one and set A's current quarter (every
-- indikator); set B has the first indikator of the current quarter filled, with the FILE bukti (no
-- content yet) the uploads target.
\set ON_ERROR_STOP on
\pset format unaligned
\pset tuples_only on
\pset fieldsep '\t'
\pset pager off
SET client_min_messages = warning;
\if :{?jenis}
\else
\set jenis TRIWULAN
\endif
SELECT CASE WHEN :'jenis' = 'BULANAN' THEN 12 ELSE 4 END AS np \gset
SELECT set_config('app.actor', 'bench-seed', false);
SELECT id AS iid, COALESCE(nama_kepala_daerah, 'Kepala Daerah') AS kd, unor_setda_id AS setda
  FROM instansi WHERE kode = :'kode' \gset
SELECT kepala_pegawai_id AS sekda FROM unor WHERE instansi_id = :iid AND id = :setda \gset
UPDATE instansi SET periode_penilaian = :'jenis' WHERE id = :iid AND periode_penilaian <> :'jenis';

-- A bulk load of a year's history, not a year of requests: the row-level audit and version
-- triggers of the loaded tables are off while it runs (psql --single-transaction, so they are back
-- on however it ends; bench/run-cycle checks that afterwards). The benchmark's own writes are
-- audited as usual. The trigger that creates each period's evaluation stays on.
CREATE TEMP TABLE b_trig AS
SELECT t.tgrelid::regclass AS tbl, t.tgname FROM pg_trigger t
 WHERE NOT t.tgisinternal AND (t.tgname LIKE 'audit\_%' OR t.tgname LIKE '%\_version')
   AND t.tgrelid::regclass::text IN ('skp','rhk','indikator','skp_perilaku','skp_lampiran','periode','realisasi',
                                     'bukti','umpan_balik','evaluasi','predikat_organisasi');
SELECT format('ALTER TABLE %s DISABLE TRIGGER %I', tbl, tgname) FROM b_trig \gexec

-- ---- who appraises whom --------------------------------------------------------------------
CREATE TEMP TABLE b_u AS
SELECT u.id, u.path, u.is_perangkat_daerah AS is_pd,
       (SELECT a.kepala_pegawai_id FROM unor a
         WHERE a.instansi_id = :iid AND u.path LIKE a.path || '%' AND a.kepala_pegawai_id IS NOT NULL
         ORDER BY length(a.path) DESC LIMIT 1) AS head_self,
       (SELECT a.kepala_pegawai_id FROM unor a
         WHERE a.instansi_id = :iid AND u.path LIKE a.path || '%' AND a.id <> u.id AND a.kepala_pegawai_id IS NOT NULL
         ORDER BY length(a.path) DESC LIMIT 1) AS head_above,
       (SELECT pd.id FROM unor pd
         WHERE pd.instansi_id = :iid AND pd.is_perangkat_daerah AND u.path LIKE pd.path || '%'
         ORDER BY length(pd.path) DESC LIMIT 1) AS pd_id
  FROM unor u WHERE u.instansi_id = :iid;

CREATE TEMP TABLE b_p AS
SELECT p.id, p.nip, p.nama, p.jabatan, p.jenis_jabatan, p.unor_id, p.is_plt, bu.pd_id,
       COALESCE(pdu.kepala_pegawai_id = p.id, false) AS is_pd_head,
       CASE WHEN p.id = :sekda THEN NULL
            ELSE COALESCE(CASE WHEN u.kepala_pegawai_id = p.id THEN bu.head_above ELSE bu.head_self END, :sekda)
       END AS penilai,
       abs(hashint4(p.id::int)) % 100 AS h
  FROM pegawai p
  JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id
  JOIN b_u bu ON bu.id = p.unor_id
  LEFT JOIN unor pdu ON pdu.instansi_id = p.instansi_id AND pdu.id = bu.pd_id
 WHERE p.instansi_id = :iid AND p.status = 'AKTIF';
CREATE UNIQUE INDEX ON b_p (id);
ANALYZE b_p;

-- the snapshot object of a penilai, as src/api/penilai.c describe() writes it
CREATE FUNCTION pg_temp.who(x b_p, kd text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN x.id IS NULL THEN jsonb_build_object('jenis', 'KEPALA_DAERAH', 'nama', kd, 'status_penilai', 'NON ASN')
    ELSE jsonb_build_object('jenis', 'PEGAWAI', 'nip', x.nip, 'nama', x.nama, 'jabatan', x.jabatan, 'unor_id', x.unor_id,
                            'plt', x.is_plt, 'status_penilai', 'ASN') END $$;

-- ---- planning --------------------------------------------------------------------------------
INSERT INTO skp (instansi_id, pegawai_id, tahun, periode_awal, periode_akhir, jenis_skp, status, unor_id, jabatan,
                 jenis_jabatan, penilai_jenis, penilai_pegawai_id, atasan_jenis, atasan_pegawai_id, penilai_snapshot,
                 tanggal_diajukan, tanggal_ditetapkan, created_at, updated_at)
SELECT :iid, b.id, y.th, make_date(y.th, 1, 1), make_date(y.th, 12, 31),
       CASE WHEN b.jenis_jabatan = 'JPT' THEN 'JPT' ELSE 'NON_JPT' END, 'DITETAPKAN', b.unor_id, b.jabatan, b.jenis_jabatan,
       CASE WHEN b.penilai IS NULL THEN 'KEPALA_DAERAH' ELSE 'PEGAWAI' END, b.penilai,
       CASE WHEN b.penilai IS NULL THEN 'NONE' WHEN pen.penilai IS NULL THEN 'KEPALA_DAERAH' ELSE 'PEGAWAI' END, pen.penilai,
       jsonb_build_object('pejabat_penilai', pg_temp.who(pen, :'kd'),
                          'atasan_penilai', CASE WHEN b.penilai IS NULL THEN jsonb_build_object('jenis', 'NONE')
                                                 ELSE pg_temp.who(atp, :'kd') END),
       make_timestamptz(y.th, 1, 10 + b.h % 10, 8, 0, 0, 'UTC'), make_timestamptz(y.th, 1, 20 + b.h % 10, 9, 0, 0, 'UTC'),
       make_timestamptz(y.th, 1, 5, 8, 0, 0, 'UTC'), make_timestamptz(y.th, 1, 20 + b.h % 10, 9, 0, 0, 'UTC')
  FROM b_p b CROSS JOIN (VALUES (:tahun), (:tahun_lalu)) AS y(th)
  LEFT JOIN b_p pen ON pen.id = b.penilai
  LEFT JOIN b_p atp ON atp.id = pen.penilai;

INSERT INTO skp_transisi (instansi_id, skp_id, versi, aksi, dari, ke, aktor, aktor_nip, at)
SELECT :iid, s.id, 1, t.aksi, t.dari, t.ke, 'bench-seed', NULL, s.tanggal_ditetapkan - t.back
  FROM skp s, (VALUES ('buat', NULL, 'DRAFT', interval '15 days'), ('ajukan', 'DRAFT', 'DIAJUKAN', interval '10 days'),
                      ('setujui', 'DIAJUKAN', 'DISETUJUI', interval '1 day'), ('tetapkan', 'DISETUJUI', 'DITETAPKAN', interval '0')) t(aksi, dari, ke, back)
 WHERE s.instansi_id = :iid;

INSERT INTO skp_perilaku (instansi_id, skp_id, nilai, urutan)
SELECT :iid, s.id, v, o
  FROM skp s, unnest(ARRAY['BERORIENTASI_PELAYANAN','AKUNTABEL','KOMPETEN','HARMONIS','LOYAL','ADAPTIF','KOLABORATIF'])
       WITH ORDINALITY AS t(v, o)
 WHERE s.instansi_id = :iid;
INSERT INTO skp_lampiran (instansi_id, skp_id, jenis, urutan, uraian)
SELECT :iid, s.id, j, 1, t.uraian
  FROM skp s, (VALUES ('DUKUNGAN_SUMBER_DAYA', 'Anggaran kegiatan dan sarana kerja sesuai DPA'),
                      ('SKEMA_PERTANGGUNGJAWABAN', 'Laporan bulanan kepada atasan langsung'),
                      ('KONSEKUENSI', 'Sesuai ketentuan disiplin dan kinerja ASN')) t(j, uraian)
 WHERE s.instansi_id = :iid;

-- the benchmark SKP: the first Kepala Bidang (not Plt) of a Dinas that is not one of the two big ones
SELECT p.id AS bench_peg FROM unor u JOIN pegawai p ON p.instansi_id = u.instansi_id AND p.id = u.kepala_pegawai_id
 WHERE u.instansi_id = :iid AND u.siasn_id ~ '^DIN([3-9]|1[0-9])-B1$' AND NOT u.kepala_plt AND p.status = 'AKTIF'
 ORDER BY u.id LIMIT 1 \gset
CREATE TEMP TABLE b_shape AS
SELECT s.id AS skp_id, s.tahun, s.jenis_skp, s.pegawai_id, s.jabatan, big.b AS big,
       CASE WHEN big.b THEN 6 ELSE 2 END AS nu, CASE WHEN big.b THEN 2 ELSE 1 END AS nt, CASE WHEN big.b THEN 3 ELSE 2 END AS ni
  FROM skp s, LATERAL (SELECT s.pegawai_id = :bench_peg AND s.tahun = :tahun AS b) big
 WHERE s.instansi_id = :iid;
CREATE UNIQUE INDEX ON b_shape (skp_id);
CREATE INDEX ON b_shape (pegawai_id, tahun);
ANALYZE b_shape;

INSERT INTO rhk (instansi_id, skp_id, jenis_rhk, uraian, perspektif, urutan)
SELECT :iid, sh.skp_id, CASE WHEN k <= sh.nu THEN 'UTAMA' ELSE 'TAMBAHAN' END,
       CASE WHEN k <= sh.nu THEN 'Terwujudnya sasaran ' || k || ' ' || sh.jabatan
            ELSE 'Terlaksananya tugas tambahan ' || (k - sh.nu) END,
       CASE WHEN sh.jenis_skp = 'JPT' AND k <= sh.nu
            THEN (ARRAY['PENERIMA_LAYANAN','PROSES_BISNIS','PENGUATAN_INTERNAL','ANGGARAN'])[1 + (k - 1) % 4] END,
       CASE WHEN k <= sh.nu THEN k ELSE k - sh.nu END
  FROM b_shape sh, generate_series(1, sh.nu + sh.nt) k;
ANALYZE rhk;
-- cascading: the k-th UTAMA RHK of a non-JPT SKP intervenes the penilai's UTAMA RHK ((k-1) % n) + 1
CREATE TEMP TABLE b_casc AS
SELECT r.id, pr.id AS atasan_id
  FROM rhk r
  JOIN skp s ON s.instansi_id = r.instansi_id AND s.id = r.skp_id
  JOIN b_shape psh ON psh.pegawai_id = s.penilai_pegawai_id AND psh.tahun = s.tahun
  JOIN rhk pr ON pr.instansi_id = r.instansi_id AND pr.skp_id = psh.skp_id AND pr.jenis_rhk = 'UTAMA'
             AND pr.urutan = (r.urutan - 1) % psh.nu + 1
 WHERE r.instansi_id = :iid AND r.jenis_rhk = 'UTAMA' AND s.jenis_skp = 'NON_JPT' AND s.penilai_jenis = 'PEGAWAI';
UPDATE rhk r SET rhk_atasan_id = c.atasan_id, jenis_intervensi = 'LANGSUNG'
  FROM b_casc c WHERE r.instansi_id = :iid AND r.id = c.id;

INSERT INTO indikator (instansi_id, rhk_id, aspek, uraian, target_min, target_max, satuan, urutan)
SELECT :iid, r.id, CASE WHEN sh.jenis_skp = 'JPT' THEN NULL ELSE (ARRAY['KUANTITAS','KUALITAS','WAKTU'])[j] END,
       (ARRAY['Jumlah dokumen yang diselesaikan', 'Persentase dokumen tanpa revisi', 'Rata-rata hari penyelesaian'])[j],
       (ARRAY[12, 90, 5])[j], (ARRAY[12, 100, 5])[j], (ARRAY['dokumen', 'persen', 'hari'])[j], j
  FROM rhk r JOIN b_shape sh ON sh.skp_id = r.skp_id, generate_series(1, sh.ni) j
 WHERE r.instansi_id = :iid;

-- ---- execution ---------------------------------------------------------------------------------
INSERT INTO periode (instansi_id, skp_id, jenis, nomor, tanggal_awal, tanggal_akhir, akhir_tahun)
SELECT :iid, s.id, :'jenis', q, make_date(s.tahun, 12 / :np * (q - 1) + 1, 1),
       (make_date(s.tahun, 12 / :np * (q - 1) + 1, 1) + make_interval(months => 12 / :np) - interval '1 day')::date, q = :np
  FROM skp s, generate_series(1, :np) q WHERE s.instansi_id = :iid;
ANALYZE skp; ANALYZE periode; ANALYZE evaluasi; ANALYZE indikator; ANALYZE rhk;

INSERT INTO realisasi (instansi_id, periode_id, indikator_id, nilai, uraian, diisi_oleh, created_at, updated_at)
SELECT :iid, p.id, i.id, i.target_min * (80 + b.h % 30) / 100,
       'Capaian ' || CASE WHEN :np = 12 THEN 'bulan ' ELSE 'triwulan ' END || p.nomor || ': ' || i.uraian,
       'peg-' || b.nip, p.tanggal_akhir - 3, p.tanggal_akhir - 3
  FROM skp s
  JOIN b_p b ON b.id = s.pegawai_id
  JOIN periode p ON p.instansi_id = s.instansi_id AND p.skp_id = s.id
  JOIN rhk r ON r.instansi_id = s.instansi_id AND r.skp_id = s.id
  JOIN indikator i ON i.instansi_id = r.instansi_id AND i.rhk_id = r.id
 WHERE s.instansi_id = :iid AND s.tahun = :tahun
   AND (p.nomor < :cq OR (p.nomor = :cq AND (b.h >= 20 OR (r.jenis_rhk = 'UTAMA' AND r.urutan = 1 AND i.urutan = 1))));
INSERT INTO umpan_balik (instansi_id, skp_id, periode_id, jenis, isi, dari_nip, dari_peran, created_at)
SELECT :iid, s.id, p.id, 'UMPAN_BALIK', 'Capaian sesuai rencana; pertahankan ketepatan waktu', pen.nip, 'PENILAI', p.tanggal_akhir + 5
  FROM skp s JOIN periode p ON p.instansi_id = s.instansi_id AND p.skp_id = s.id
  JOIN pegawai pen ON pen.instansi_id = s.instansi_id AND pen.id = s.penilai_pegawai_id
 WHERE s.instansi_id = :iid AND s.tahun = :tahun AND p.nomor < :cq;

-- ---- assessment ----------------------------------------------------------------------------------
INSERT INTO predikat_organisasi (instansi_id, unor_id, tahun, jenis, nomor, predikat, dasar, ditetapkan_oleh)
SELECT :iid, u.id, y.th, :'jenis', q, 'BAIK', 'Capaian rencana aksi Perangkat Daerah sesuai target', 'bench-seed'
  FROM unor u, (VALUES (:tahun), (:tahun_lalu)) AS y(th), generate_series(1, :np) q
 WHERE u.instansi_id = :iid AND u.is_perangkat_daerah;

CREATE TEMP TABLE b_rate AS
SELECT e.id, p.id AS periode_id, p.tanggal_akhir, s.tahun, p.nomor, b.h, b.is_pd_head,
       abs(hashint4((s.pegawai_id * 10 + p.nomor)::int # s.tahun)) % 100 AS v
  FROM evaluasi e
  JOIN periode p ON p.instansi_id = e.instansi_id AND p.id = e.periode_id
  JOIN skp s ON s.instansi_id = e.instansi_id AND s.id = e.skp_id
  JOIN b_p b ON b.id = s.pegawai_id
 WHERE e.instansi_id = :iid AND (s.tahun = :tahun_lalu OR p.nomor < :cq OR (p.nomor IN (:cq, :np) AND b.h >= 20));
CREATE TEMP TABLE b_rating AS
SELECT x.id, x.periode_id, x.tanggal_akhir, x.tahun, x.nomor, hk, pk,
       CASE WHEN hk = 'DI_ATAS_EKSPEKTASI' AND pk = 'DI_ATAS_EKSPEKTASI' THEN 'SANGAT_BAIK'
            WHEN hk <> 'DI_BAWAH_EKSPEKTASI' AND pk <> 'DI_BAWAH_EKSPEKTASI' THEN 'BAIK'
            WHEN hk = 'DI_BAWAH_EKSPEKTASI' AND pk <> 'DI_BAWAH_EKSPEKTASI' THEN 'BUTUH_PERBAIKAN'
            WHEN hk <> 'DI_BAWAH_EKSPEKTASI' THEN 'KURANG' ELSE 'SANGAT_KURANG' END AS predikat
  FROM b_rate x,
  LATERAL (SELECT CASE WHEN x.is_pd_head THEN 'SESUAI_EKSPEKTASI'
                       WHEN x.v < 30 THEN 'DI_ATAS_EKSPEKTASI' WHEN x.v < 78 THEN 'SESUAI_EKSPEKTASI'
                       WHEN x.v < 92 THEN 'DI_BAWAH_EKSPEKTASI' WHEN x.v < 98 THEN 'SESUAI_EKSPEKTASI'
                       ELSE 'DI_BAWAH_EKSPEKTASI' END AS hk,
                  CASE WHEN x.v < 12 OR (x.v >= 70 AND x.v < 78) THEN 'DI_ATAS_EKSPEKTASI'
                       WHEN x.v < 92 THEN 'SESUAI_EKSPEKTASI' ELSE 'DI_BAWAH_EKSPEKTASI' END AS pk) r;
CREATE UNIQUE INDEX ON b_rating (id);
ANALYZE b_rating;
UPDATE evaluasi e SET rating_hasil_kerja = r.hk, rating_perilaku = r.pk, predikat = r.predikat, status = 'DITETAPKAN',
       dinilai_oleh = 'bench-seed',
       ditetapkan_at = CASE WHEN r.tanggal_akhir < current_date THEN r.tanggal_akhir + 10 ELSE now() - interval '2 days' END
  FROM b_rating r WHERE e.instansi_id = :iid AND e.id = r.id;
UPDATE periode p SET terkunci_at = e.ditetapkan_at
  FROM evaluasi e WHERE p.instansi_id = :iid AND e.instansi_id = :iid AND e.periode_id = p.id AND e.status = 'DITETAPKAN';

-- ---- upload targets: FILE bukti on set B's open current-quarter realisasi --------------------------------
CREATE TEMP TABLE b_owner AS
SELECT b.id, b.nip, s.id AS skp_id, p.id AS periode_id
  FROM b_p b JOIN skp s ON s.instansi_id = :iid AND s.pegawai_id = b.id AND s.tahun = :tahun
  JOIN periode p ON p.instansi_id = s.instansi_id AND p.skp_id = s.id AND p.nomor = :cq
 WHERE b.h < 20 ORDER BY abs(hashint4(b.id::int # 77)) LIMIT :n_owner;
INSERT INTO bukti (instansi_id, realisasi_id, jenis, nama, diunggah_oleh)
SELECT :iid, x.id, 'FILE', 'laporan-triwulan-4-' || o.nip || '-' || k || '.pdf', 'peg-' || o.nip
  FROM b_owner o JOIN realisasi x ON x.instansi_id = :iid AND x.periode_id = o.periode_id,
       generate_series(1, (:n_bukti + :n_owner - 1) / :n_owner) k;

SELECT format('ALTER TABLE %s ENABLE TRIGGER %I', tbl, tgname) FROM b_trig \gexec
ANALYZE realisasi; ANALYZE bukti; ANALYZE evaluasi; ANALYZE periode;  -- bench/run-cycle runs VACUUM ANALYZE next

-- ---- lists for the benchmark ------------------------------------------------------------------------
\set f :out '/skp.tsv'
\o :f
SELECT s.id, b.nip, s.version, (SELECT count(*) FROM rhk r WHERE r.instansi_id = s.instansi_id AND r.skp_id = s.id),
       (SELECT count(*) FROM rhk r JOIN indikator i ON i.instansi_id = r.instansi_id AND i.rhk_id = r.id
         WHERE r.instansi_id = s.instansi_id AND r.skp_id = s.id),
       (SELECT count(*) FROM rhk r JOIN rhk c ON c.instansi_id = r.instansi_id AND c.rhk_atasan_id = r.id
         WHERE r.instansi_id = s.instansi_id AND r.skp_id = s.id)
  FROM skp s JOIN b_p b ON b.id = s.pegawai_id WHERE s.instansi_id = :iid AND s.pegawai_id = :bench_peg AND s.tahun = :tahun;
\o
-- realisasi writes: every indikator of each owner's open current-quarter period
\set f :out '/realisasi.tsv'
\o :f
SELECT o.periode_id, i.id, o.nip
  FROM b_owner o JOIN rhk r ON r.instansi_id = :iid AND r.skp_id = o.skp_id
  JOIN indikator i ON i.instansi_id = :iid AND i.rhk_id = r.id
 ORDER BY abs(hashint4(i.id::int));
\o
\set f :out '/bukti.tsv'
\o :f
SELECT k.id, o.nip FROM b_owner o JOIN realisasi x ON x.instansi_id = :iid AND x.periode_id = o.periode_id
  JOIN bukti k ON k.instansi_id = :iid AND k.realisasi_id = x.id ORDER BY k.id LIMIT :n_bukti;
\o
-- ratings: open current-quarter evaluations of set B (not PD heads) appraised by :n_penilai penilai
\set f :out '/rating.tsv'
\o :f
WITH pen AS (SELECT DISTINCT s.penilai_pegawai_id AS id
               FROM skp s JOIN b_p b ON b.id = s.pegawai_id
              WHERE s.instansi_id = :iid AND s.tahun = :tahun AND b.h < 20 AND s.penilai_jenis = 'PEGAWAI'),
pick AS (SELECT id FROM pen ORDER BY abs(hashint4(id::int # 99)) LIMIT :n_penilai)
SELECT e.id, pp.nip,
       CASE WHEN b.h % 4 = 0 THEN 'DI_ATAS_EKSPEKTASI' ELSE 'SESUAI_EKSPEKTASI' END,
       CASE WHEN b.h % 3 = 0 THEN 'DI_ATAS_EKSPEKTASI' ELSE 'SESUAI_EKSPEKTASI' END
  FROM skp s JOIN pick ON pick.id = s.penilai_pegawai_id
  JOIN b_p b ON b.id = s.pegawai_id
  JOIN pegawai pp ON pp.instansi_id = s.instansi_id AND pp.id = s.penilai_pegawai_id
  JOIN periode p ON p.instansi_id = s.instansi_id AND p.skp_id = s.id AND p.nomor = :cq
  JOIN evaluasi e ON e.instansi_id = p.instansi_id AND e.periode_id = p.id
 WHERE s.instansi_id = :iid AND s.tahun = :tahun AND b.h < 20 AND NOT b.is_pd_head AND e.status = 'TERBUKA'
 ORDER BY abs(hashint4(e.id::int)) LIMIT :n_rating;
\o
-- units for the distribution check: every unit with its number of quarter-4 evaluations
\set f :out '/units.tsv'
\o :f
SELECT u.id, u.siasn_id, u.is_perangkat_daerah, count(e.id)
  FROM unor u JOIN unor su ON su.instansi_id = u.instansi_id AND su.path LIKE u.path || '%'
  JOIN skp s ON s.instansi_id = su.instansi_id AND s.unor_id = su.id AND s.tahun = :tahun
  JOIN periode p ON p.instansi_id = s.instansi_id AND p.skp_id = s.id AND p.nomor = :np
  JOIN evaluasi e ON e.instansi_id = p.instansi_id AND e.periode_id = p.id
 WHERE u.instansi_id = :iid GROUP BY u.id, u.siasn_id, u.is_perangkat_daerah ORDER BY count(e.id) DESC;
\o
\set f :out '/counts.tsv'
\o :f
SELECT (SELECT count(*) FROM pegawai WHERE instansi_id = :iid),
       (SELECT count(*) FROM skp WHERE instansi_id = :iid AND tahun = :tahun),
       (SELECT count(*) FROM skp WHERE instansi_id = :iid AND tahun = :tahun_lalu),
       (SELECT count(*) FROM rhk WHERE instansi_id = :iid), (SELECT count(*) FROM indikator WHERE instansi_id = :iid),
       (SELECT count(*) FROM periode WHERE instansi_id = :iid), (SELECT count(*) FROM evaluasi WHERE instansi_id = :iid),
       (SELECT count(*) FROM evaluasi WHERE instansi_id = :iid AND status = 'DITETAPKAN'),
       (SELECT count(*) FROM realisasi WHERE instansi_id = :iid), (SELECT count(*) FROM bukti WHERE instansi_id = :iid),
       (SELECT count(*) FROM audit_log WHERE instansi_id = :iid);
\o
