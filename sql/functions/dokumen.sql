-- Module dokumen: the data of the official documents (built from the resources' own JSON
-- functions, behind their own access checks), their registration, public verification and the
-- signed copies. Owner: doc (src/api/dokumen.c, src/doc/).

-- A fresh verification code: 10 characters of an alphabet without 0/O and 1/I (50 random bits).
CREATE OR REPLACE FUNCTION dokumen_kode_baru() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + get_byte(b, i) % 32, 1), '' ORDER BY i)
    FROM (SELECT sha256(decode(replace(gen_random_uuid()::text, '-', ''), 'hex')) AS b) x, generate_series(0, 9) i $$;

CREATE OR REPLACE FUNCTION dokumen_json(d dokumen) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('kode', d.kode, 'nomor', d.nomor, 'jenis', d.jenis, 'sumber', d.sumber,
    'sumber_versi', d.sumber_versi, 'sha256', d.sha256, 'ukuran', d.ukuran,
    'dibuat_at', d.dibuat_at, 'dibuat_epoch', extract(epoch FROM d.dibuat_at)::bigint,
    'tanggal', (d.dibuat_at AT TIME ZONE 'UTC')::date, 'dibuat_oleh', d.dibuat_oleh,
    'tanda_tangan', CASE WHEN d.ttd_sha256 IS NOT NULL THEN json_build_object('subjek', d.ttd_subjek,
                      'sha256', d.ttd_sha256, 'ukuran', d.ttd_ukuran, 'waktu', d.ttd_at, 'oleh', d.ttd_oleh) END) $$;

-- The document of `data` for a resource: the registered one when the same data was laid out
-- before by the same layout (`tata_letak`, the renderer's layout version: so the same version
-- renders to the same bytes), else a new registration with a new code, number and time.
-- Returns {"data": ..., "dokumen": dokumen_json}.
CREATE OR REPLACE FUNCTION dokumen_daftar(tata_letak text, jn text, src text, versi int, data jsonb) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE fp text := encode(sha256(convert_to(tata_letak || ':' || data::text, 'UTF8')), 'hex'); d dokumen; n int; th int;
BEGIN
  SELECT * INTO d FROM dokumen WHERE instansi_id = app_instansi_id() AND jenis = jn AND sumber = src AND isi_sha256 = fp;
  IF d.id IS NULL THEN
    -- numbers run per instansi and year: one registration at a time
    PERFORM pg_advisory_xact_lock(hashtext('dokumen_nomor'), app_instansi_id()::int);
    SELECT * INTO d FROM dokumen WHERE instansi_id = app_instansi_id() AND jenis = jn AND sumber = src AND isi_sha256 = fp;
  END IF;
  IF d.id IS NULL THEN
    th := extract(year FROM now() AT TIME ZONE 'UTC');
    SELECT count(*) + 1 INTO n FROM dokumen
     WHERE instansi_id = app_instansi_id() AND dibuat_at >= make_timestamptz(th, 1, 1, 0, 0, 0, 'UTC')
       AND dibuat_at < make_timestamptz(th + 1, 1, 1, 0, 0, 0, 'UTC');
    INSERT INTO dokumen (kode, nomor, jenis, sumber, sumber_versi, isi_sha256, dibuat_at, dibuat_oleh)
    SELECT dokumen_kode_baru(),
           format('%s/%s/%s/%s', CASE jn WHEN 'SKP' THEN 'SKP' WHEN 'EVALUASI' THEN 'EVK' WHEN 'PREDIKAT_ORGANISASI' THEN 'PKO'
                                         WHEN 'KKE' THEN 'KKE' ELSE 'LEK' END,
                  lpad(n::text, 6, '0'), upper(i.kode), th),
           jn, src, versi, fp, date_trunc('second', now()), COALESCE(NULLIF(current_setting('app.actor', true), ''), 'system')
      FROM instansi i WHERE i.id = app_instansi_id()
    RETURNING * INTO d;
  END IF;
  RETURN json_build_object('data', data, 'dokumen', dokumen_json(d));
END $$;

-- The SHA-256 and size of the bytes, stored by the first render; returns the stored hash (a
-- later render of the same registration must give the same).
CREATE OR REPLACE FUNCTION dokumen_simpan_sha(k text, sha text, n int) RETURNS text LANGUAGE sql AS $$
  UPDATE dokumen SET sha256 = sha, ukuran = n WHERE instansi_id = app_instansi_id() AND kode = k AND sha256 IS NULL;
  SELECT sha256 FROM dokumen WHERE instansi_id = app_instansi_id() AND kode = k $$;

-- ---- the data of each kind --------------------------------------------------------------------

CREATE OR REPLACE FUNCTION dokumen_unit(iid bigint, uid bigint) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('id', u.id, 'nama', u.nama, 'perangkat_daerah', (unit_organisasi(u.instansi_id, u.id)).nama)
    FROM unor u WHERE u.instansi_id = iid AND u.id = uid $$;

CREATE OR REPLACE FUNCTION dokumen_instansi() RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('nama', i.nama, 'kode', i.kode, 'nama_kepala_daerah', i.nama_kepala_daerah)
    FROM instansi i WHERE i.id = app_instansi_id() $$;

-- The SKP (skp_json without the day-dependent "terlambat"), its units and the penilai's RHK texts.
CREATE OR REPLACE FUNCTION dokumen_skp_data(s skp) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('skp', skp_json(s)::jsonb - 'terlambat', 'instansi', dokumen_instansi(),
    'unit', dokumen_unit(s.instansi_id, s.unor_id),
    'unit_penilai', dokumen_unit(s.instansi_id, (s.penilai_snapshot->'pejabat_penilai'->>'unor_id')::bigint),
    'unit_atasan', dokumen_unit(s.instansi_id, (s.penilai_snapshot->'atasan_penilai'->>'unor_id')::bigint),
    'rhk_atasan', COALESCE((SELECT jsonb_object_agg(a.id::text, a.uraian) FROM rhk r
                             JOIN rhk a ON a.instansi_id = r.instansi_id AND a.id = r.rhk_atasan_id
                            WHERE r.instansi_id = s.instansi_id AND r.skp_id = s.id), '{}'::jsonb)) $$;

-- The evaluation with its SKP, the period's realisasi and the period's feedback.
CREATE OR REPLACE FUNCTION dokumen_evaluasi_data(e evaluasi) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT dokumen_skp_data(s) || jsonb_build_object('evaluasi', evaluasi_json(e)::jsonb,
    'periode', (SELECT periode_json(p)::jsonb FROM periode p WHERE p.instansi_id = e.instansi_id AND p.id = e.periode_id),
    'umpan_balik', umpan_balik_list(s.id, e.periode_id, 0::bigint, 2147483647)::jsonb -> 'items')
  FROM skp s WHERE s.instansi_id = e.instansi_id AND s.id = e.skp_id $$;

CREATE OR REPLACE FUNCTION dokumen_kke_data(k kke) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('kke', kke_json(k)::jsonb, 'temuan', kke_temuan_list(k.id, 0::bigint, 2147483647)::jsonb -> 'items',
    'unit', dokumen_unit(k.instansi_id, k.unor_id), 'instansi', dokumen_instansi()) $$;

-- The organisation predikat of a unit for one period with the distribution the route computed
-- (GET /v1/unor/{id}/distribusi, read behind its scope check): "Format Penetapan Predikat Kinerja".
CREATE OR REPLACE FUNCTION dokumen_organisasi_daftar(tata_letak text, uid bigint, th int, jn text, nm int, distribusi jsonb) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE o predikat_organisasi;
BEGIN
  SELECT * INTO o FROM predikat_organisasi
   WHERE instansi_id = app_instansi_id() AND unor_id = uid AND tahun = th AND jenis = jn AND nomor = nm;
  IF o.id IS NULL THEN
    PERFORM kn_raise('409', 'predikat_organisasi_missing', 'Predikat organisasi unit ini untuk periode tersebut belum ditetapkan',
                     'The unit''s organisation predikat for that period is not set');
  END IF;
  RETURN dokumen_daftar(tata_letak, 'PREDIKAT_ORGANISASI', format('unor/%s/predikat-organisasi/%s/%s/%s', uid, th, jn, nm), o.version,
    jsonb_build_object('distribusi', distribusi, 'organisasi', predikat_organisasi_json(o)::jsonb,
                       'unit', dokumen_unit(o.instansi_id, uid), 'instansi', dokumen_instansi()));
END $$;

-- The semester report rows the route built (laporan_evaluasi, in the caller's scope: the scope is
-- part of the source, an admin_pd's report is not BKPSDM's).
CREATE OR REPLACE FUNCTION dokumen_laporan_daftar(tata_letak text, th int, sem int, data jsonb) RETURNS json LANGUAGE sql AS $$
  SELECT dokumen_daftar(tata_letak, 'LAPORAN_EVALUASI', format('laporan/evaluasi/%s/%s', th, sem) || COALESCE('@' || app_scope_path(), ''),
    NULL, data || jsonb_build_object('tahun', th, 'semester', sem, 'instansi', dokumen_instansi())) $$;

-- ---- verification (public) --------------------------------------------------------------------

-- True when the resource has moved past the version the document was made from.
CREATE OR REPLACE FUNCTION dokumen_sumber_berubah(d dokumen) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT d.sumber_versi IS NOT NULL AND d.sumber_versi IS DISTINCT FROM (CASE d.jenis
    WHEN 'SKP' THEN (SELECT version FROM skp WHERE instansi_id = d.instansi_id AND id = split_part(d.sumber, '/', 2)::bigint)
    WHEN 'EVALUASI' THEN (SELECT version FROM evaluasi WHERE instansi_id = d.instansi_id AND id = split_part(d.sumber, '/', 2)::bigint)
    WHEN 'KKE' THEN (SELECT version FROM kke WHERE instansi_id = d.instansi_id AND id = split_part(d.sumber, '/', 2)::bigint)
    WHEN 'PREDIKAT_ORGANISASI' THEN (SELECT version FROM predikat_organisasi o WHERE o.instansi_id = d.instansi_id
        AND o.unor_id = split_part(d.sumber, '/', 2)::bigint AND o.tahun = split_part(d.sumber, '/', 4)::int
        AND o.jenis = split_part(d.sumber, '/', 5) AND o.nomor = split_part(d.sumber, '/', 6)::int)
    END) $$;

-- GET /v1/dokumen/{kode}: for anyone holding a printout, so without a tenant (SECURITY DEFINER)
-- and without personal data: kind, date, instansi, hash, whether still current, the signature.
CREATE OR REPLACE FUNCTION dokumen_verifikasi(k text) RETURNS json LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  SELECT json_build_object('kode', d.kode, 'nomor', d.nomor, 'jenis', d.jenis,
    'tanggal', (d.dibuat_at AT TIME ZONE 'UTC')::date, 'instansi', i.nama, 'sha256', d.sha256, 'ukuran', d.ukuran,
    'status', CASE WHEN n.id IS NULL AND NOT dokumen_sumber_berubah(d) THEN 'BERLAKU' ELSE 'DIGANTIKAN' END,
    'pengganti', CASE WHEN n.id IS NOT NULL THEN json_build_object('kode', n.kode, 'tanggal', (n.dibuat_at AT TIME ZONE 'UTC')::date) END,
    'tanda_tangan', CASE WHEN d.ttd_sha256 IS NULL THEN json_build_object('status', 'BELUM')
                         ELSE json_build_object('status', 'TERTANDATANGAN', 'subjek', d.ttd_subjek,
                                                'sha256', d.ttd_sha256, 'waktu', d.ttd_at) END)
  FROM dokumen d JOIN instansi i ON i.id = d.instansi_id
  LEFT JOIN LATERAL (SELECT x.id, x.kode, x.dibuat_at FROM dokumen x
                      WHERE x.instansi_id = d.instansi_id AND x.jenis = d.jenis AND x.sumber = d.sumber
                        AND x.id > d.id AND x.sha256 IS NOT NULL ORDER BY x.id DESC LIMIT 1) n ON true
  WHERE d.kode = k AND d.sha256 IS NOT NULL $$;

REVOKE ALL ON FUNCTION dokumen_verifikasi(text) FROM PUBLIC;   -- a definer: the server role only
GRANT EXECUTE ON FUNCTION dokumen_verifikasi(text) TO kinerja_app;

-- ---- the signed copy --------------------------------------------------------------------------

-- POST /v1/dokumen/{kode}/tertandatangan: the caller must see the document's resource (its own
-- access check answers 404); the signed file must be the registered bytes with an incremental
-- update appended (PAdES signs by appending), so its first `ukuran` bytes hash to `sha256`.
CREATE OR REPLACE FUNCTION api_dokumen_tertandatangan(k text, subjek text, pdf bytea) RETURNS json LANGUAGE plpgsql AS $$
DECLARE d dokumen; sid bigint;
BEGIN
  SELECT * INTO d FROM dokumen WHERE instansi_id = app_instansi_id() AND kode = k AND sha256 IS NOT NULL;
  IF d.id IS NULL THEN
    PERFORM kn_raise('404', 'not_found', 'Dokumen ' || k || ' tidak ditemukan', 'Document ' || k || ' not found');
  END IF;
  IF d.jenis <> 'LAPORAN_EVALUASI' THEN sid := split_part(d.sumber, '/', 2)::bigint; END IF;
  IF d.jenis = 'SKP' THEN PERFORM skp_for(sid);
  ELSIF d.jenis = 'EVALUASI' THEN PERFORM evaluasi_for(sid);
  ELSIF d.jenis = 'KKE' THEN PERFORM kke_for(sid);
  ELSIF app_scope_path() IS NULL OR (d.jenis = 'PREDIKAT_ORGANISASI' AND NOT EXISTS (SELECT 1 FROM unor u
          WHERE u.instansi_id = d.instansi_id AND u.id = sid AND u.path LIKE app_scope_path() || '%')) THEN
    PERFORM kn_raise('404', 'not_found', 'Dokumen ' || k || ' tidak ditemukan', 'Document ' || k || ' not found');
  END IF;
  IF length(pdf) <= d.ukuran OR encode(sha256(substring(pdf FROM 1 FOR d.ukuran)), 'hex') <> d.sha256 THEN
    PERFORM kn_raise('422', 'dokumen_tidak_cocok',
      'Isi yang tidak ditandatangani bukan dokumen ' || k || ' yang terdaftar (SHA-256 ' || d.sha256 || ')',
      'The unsigned content is not the registered document ' || k || ' (SHA-256 ' || d.sha256 || ')');
  END IF;
  INSERT INTO dokumen_berkas (dokumen_id, pdf) VALUES (d.id, pdf)
  ON CONFLICT (instansi_id, dokumen_id) DO UPDATE SET pdf = EXCLUDED.pdf;
  UPDATE dokumen SET ttd_sha256 = encode(sha256(pdf), 'hex'), ttd_ukuran = length(pdf), ttd_subjek = subjek,
         ttd_at = now(), ttd_oleh = COALESCE(NULLIF(current_setting('app.actor', true), ''), 'system')
   WHERE instansi_id = d.instansi_id AND id = d.id RETURNING * INTO d;
  RETURN dokumen_json(d);
END $$;

