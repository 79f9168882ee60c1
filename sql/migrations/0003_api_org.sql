-- SQL side of the organisation API: caller scope, JSON shapes and atomic mutations.
-- Functions run as the caller (kinerja_app), so row-level security applies inside them.
-- Errors are raised with SQLSTATE 'KNnnn' (nnn = HTTP status), MESSAGE = problem code,
-- DETAIL = Bahasa Indonesia, HINT = English. Owner: organisation module.

CREATE FUNCTION app_roles() RETURNS text[] LANGUAGE sql STABLE AS
$$ SELECT string_to_array(COALESCE(current_setting('app.roles', true), ''), ',') $$;

CREATE FUNCTION app_nip() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.nip', true), '') $$;

-- Path of the Perangkat Daerah that contains the caller's own unit (admin_pd scope).
CREATE FUNCTION app_pd_path() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT pd.path
    FROM pegawai p
    JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id
    JOIN unor pd ON pd.instansi_id = u.instansi_id AND pd.is_perangkat_daerah
                AND u.path LIKE pd.path || '%'
   WHERE p.nip = app_nip()
   ORDER BY length(pd.path) DESC LIMIT 1 $$;

-- Path prefix the caller may read: '/' whole instansi; a PD path for admin_pd; NULL = self only.
CREATE FUNCTION app_scope_path() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN app_roles() && ARRAY['admin_bkpsdm','auditor','integrasi'] THEN '/'
    WHEN 'admin_pd' = ANY (app_roles()) THEN COALESCE(app_pd_path(), '/-/')
    ELSE NULL END $$;

-- Path prefix the caller may change: '/' for admin_bkpsdm and for integrasi with the
-- sync:write scope, the PD for admin_pd, NULL otherwise.
CREATE FUNCTION app_write_path() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN 'admin_bkpsdm' = ANY (app_roles()) THEN '/'
    WHEN 'integrasi' = ANY (app_roles())
         AND ' ' || COALESCE(current_setting('app.scope', true), '') || ' ' LIKE '% sync:write %' THEN '/'
    WHEN 'admin_pd' = ANY (app_roles()) THEN COALESCE(app_pd_path(), '/-/')
    ELSE NULL END $$;

CREATE FUNCTION kn_raise(status text, code text, detail_id text, detail_en text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'KN' || status, MESSAGE = code, DETAIL = detail_id, HINT = detail_en;
END $$;

CREATE FUNCTION unor_json(u unor) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object(
    'id', u.id, 'parent_id', u.parent_id, 'nama', u.nama, 'nama_jabatan', u.nama_jabatan,
    'is_perangkat_daerah', u.is_perangkat_daerah,
    'kepala_nip', (SELECT p.nip FROM pegawai p WHERE p.instansi_id = u.instansi_id AND p.id = u.kepala_pegawai_id),
    'kepala_plt', u.kepala_plt, 'siasn_id', u.siasn_id,
    'level', array_length(string_to_array(trim(both '/' from u.path), '/'), 1),
    'berlaku_mulai', u.berlaku_mulai, 'berlaku_selesai', u.berlaku_selesai,
    'version', u.version, 'created_at', u.created_at, 'updated_at', u.updated_at) $$;

CREATE FUNCTION pegawai_json(p pegawai) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object(
    'id', p.id, 'nip', p.nip, 'nama', p.nama, 'gelar_depan', p.gelar_depan,
    'gelar_belakang', p.gelar_belakang, 'jenis_asn', p.jenis_asn, 'jenis_jabatan', p.jenis_jabatan,
    'jabatan', p.jabatan, 'jenjang_jf', p.jenjang_jf, 'unor_id', p.unor_id, 'is_plt', p.is_plt,
    'tmt_jabatan', p.tmt_jabatan, 'status', p.status, 'status_sejak', p.status_sejak,
    'siasn_id', p.siasn_id, 'kontrak_selesai', p.kontrak_selesai, 'version', p.version, 'created_at', p.created_at,
    'updated_at', p.updated_at) $$;

CREATE FUNCTION pegawai_id_by_nip(n text) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
DECLARE r bigint;
BEGIN
  IF n IS NULL THEN RETURN NULL; END IF;
  SELECT id INTO r FROM pegawai WHERE instansi_id = app_instansi_id() AND nip = n;
  IF r IS NULL THEN
    PERFORM kn_raise('422', 'validation_failed', 'Pegawai dengan NIP ' || n || ' tidak ditemukan',
                     'No pegawai with NIP ' || n);
  END IF;
  RETURN r;
END $$;

-- The unit must exist in the caller's write scope; answers 404 otherwise (never 403: the
-- caller must not learn that an object outside its scope exists).
CREATE FUNCTION unor_for_write(uid bigint) RETURNS unor LANGUAGE plpgsql STABLE AS $$
DECLARE u unor; wp text := app_write_path();
BEGIN
  SELECT * INTO u FROM unor WHERE instansi_id = app_instansi_id() AND id = uid;
  IF u.id IS NULL OR wp IS NULL OR u.path NOT LIKE wp || '%' THEN
    PERFORM kn_raise('404', 'not_found', 'Unor ' || uid || ' tidak ditemukan', 'Unit ' || uid || ' not found');
  END IF;
  RETURN u;
END $$;

CREATE FUNCTION check_version(current_v int, expected int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF expected IS NOT NULL AND expected <> current_v THEN
    PERFORM kn_raise('412', 'precondition_failed',
      'Versi data saat ini ' || current_v || ', bukan ' || expected || '; muat ulang lalu ulangi',
      'Current version is ' || current_v || ', not ' || expected || '; reload and retry');
  END IF;
END $$;

CREATE FUNCTION api_unor_create(b jsonb) RETURNS json LANGUAGE plpgsql AS $$
DECLARE u unor; parent unor;
BEGIN
  IF b->>'parent_id' IS NULL THEN
    IF NOT ('admin_bkpsdm' = ANY (app_roles()) OR 'integrasi' = ANY (app_roles())) THEN
      PERFORM kn_raise('403', 'forbidden', 'Hanya admin BKPSDM atau akun integrasi yang boleh membuat unor puncak',
                       'Only admin_bkpsdm or an integration account may create a root unit');
    END IF;
  ELSE
    parent := unor_for_write((b->>'parent_id')::bigint);
  END IF;
  INSERT INTO unor (parent_id, nama, nama_jabatan, is_perangkat_daerah, kepala_pegawai_id,
                    kepala_plt, siasn_id, berlaku_mulai, berlaku_selesai)
  VALUES ((b->>'parent_id')::bigint, b->>'nama', b->>'nama_jabatan',
          COALESCE((b->>'is_perangkat_daerah')::boolean, false), pegawai_id_by_nip(b->>'kepala_nip'),
          COALESCE((b->>'kepala_plt')::boolean, false), b->>'siasn_id',
          COALESCE((b->>'berlaku_mulai')::date, current_date), (b->>'berlaku_selesai')::date)
  RETURNING * INTO u;
  RETURN unor_json(u);
END $$;

CREATE FUNCTION api_unor_patch(uid bigint, b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE u unor := unor_for_write(uid);
BEGIN
  PERFORM check_version(u.version, expected);
  IF b ? 'parent_id' AND b->>'parent_id' IS NOT NULL THEN
    PERFORM unor_for_write((b->>'parent_id')::bigint);
  ELSIF b ? 'parent_id' AND u.parent_id IS NOT NULL AND NOT ('admin_bkpsdm' = ANY (app_roles())) THEN
    PERFORM kn_raise('403', 'forbidden', 'Hanya admin BKPSDM yang boleh menjadikan unor puncak',
                     'Only admin_bkpsdm may make a unit a root');
  END IF;
  UPDATE unor SET
    parent_id = CASE WHEN b ? 'parent_id' THEN (b->>'parent_id')::bigint ELSE parent_id END,
    nama = COALESCE(b->>'nama', nama),
    nama_jabatan = CASE WHEN b ? 'nama_jabatan' THEN b->>'nama_jabatan' ELSE nama_jabatan END,
    is_perangkat_daerah = COALESCE((b->>'is_perangkat_daerah')::boolean, is_perangkat_daerah),
    kepala_pegawai_id = CASE WHEN b ? 'kepala_nip' THEN pegawai_id_by_nip(b->>'kepala_nip') ELSE kepala_pegawai_id END,
    kepala_plt = COALESCE((b->>'kepala_plt')::boolean, kepala_plt),
    siasn_id = CASE WHEN b ? 'siasn_id' THEN b->>'siasn_id' ELSE siasn_id END,
    berlaku_mulai = COALESCE((b->>'berlaku_mulai')::date, berlaku_mulai),
    berlaku_selesai = CASE WHEN b ? 'berlaku_selesai' THEN (b->>'berlaku_selesai')::date ELSE berlaku_selesai END
  WHERE instansi_id = u.instansi_id AND id = uid
  RETURNING * INTO u;
  RETURN unor_json(u);
END $$;

CREATE FUNCTION api_pegawai_create(b jsonb) RETURNS json LANGUAGE plpgsql AS $$
DECLARE p pegawai;
BEGIN
  PERFORM unor_for_write((b->>'unor_id')::bigint);
  INSERT INTO pegawai (nip, nama, gelar_depan, gelar_belakang, jenis_asn, jenis_jabatan, jabatan,
                       jenjang_jf, unor_id, is_plt, tmt_jabatan, status, status_sejak, siasn_id, kontrak_selesai)
  VALUES (b->>'nip', b->>'nama', b->>'gelar_depan', b->>'gelar_belakang', b->>'jenis_asn',
          b->>'jenis_jabatan', b->>'jabatan', b->>'jenjang_jf', (b->>'unor_id')::bigint,
          COALESCE((b->>'is_plt')::boolean, false), (b->>'tmt_jabatan')::date,
          COALESCE(b->>'status', 'AKTIF'), COALESCE((b->>'status_sejak')::date, current_date),
          b->>'siasn_id', (b->>'kontrak_selesai')::date)
  RETURNING * INTO p;
  RETURN pegawai_json(p);
END $$;

-- The pegawai must be inside the caller's write scope (404 otherwise).
CREATE FUNCTION pegawai_for_write(n text) RETURNS pegawai LANGUAGE plpgsql STABLE AS $$
DECLARE p pegawai; wp text := app_write_path(); up text;
BEGIN
  SELECT * INTO p FROM pegawai WHERE instansi_id = app_instansi_id() AND nip = n;
  IF p.id IS NOT NULL THEN
    SELECT path INTO up FROM unor WHERE instansi_id = p.instansi_id AND id = p.unor_id;
  END IF;
  IF p.id IS NULL OR wp IS NULL OR up NOT LIKE wp || '%' THEN
    PERFORM kn_raise('404', 'not_found', 'Pegawai ' || n || ' tidak ditemukan', 'Pegawai ' || n || ' not found');
  END IF;
  RETURN p;
END $$;

CREATE FUNCTION api_pegawai_patch(n text, b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE p pegawai := pegawai_for_write(n);
BEGIN
  PERFORM check_version(p.version, expected);
  IF b ? 'unor_id' THEN PERFORM unor_for_write((b->>'unor_id')::bigint); END IF;
  UPDATE pegawai SET
    nama = COALESCE(b->>'nama', nama),
    gelar_depan = CASE WHEN b ? 'gelar_depan' THEN b->>'gelar_depan' ELSE gelar_depan END,
    gelar_belakang = CASE WHEN b ? 'gelar_belakang' THEN b->>'gelar_belakang' ELSE gelar_belakang END,
    jenis_asn = COALESCE(b->>'jenis_asn', jenis_asn),
    jenis_jabatan = COALESCE(b->>'jenis_jabatan', jenis_jabatan),
    jabatan = COALESCE(b->>'jabatan', jabatan),
    jenjang_jf = CASE WHEN b ? 'jenjang_jf' THEN b->>'jenjang_jf' ELSE jenjang_jf END,
    unor_id = COALESCE((b->>'unor_id')::bigint, unor_id),
    is_plt = COALESCE((b->>'is_plt')::boolean, is_plt),
    tmt_jabatan = CASE WHEN b ? 'tmt_jabatan' THEN (b->>'tmt_jabatan')::date ELSE tmt_jabatan END,
    status = COALESCE(b->>'status', status),
    status_sejak = CASE WHEN b ? 'status' AND b->>'status' IS DISTINCT FROM status
                        THEN COALESCE((b->>'status_sejak')::date, current_date)
                        ELSE COALESCE((b->>'status_sejak')::date, status_sejak) END,
    siasn_id = CASE WHEN b ? 'siasn_id' THEN b->>'siasn_id' ELSE siasn_id END,
    kontrak_selesai = CASE WHEN b ? 'kontrak_selesai' THEN (b->>'kontrak_selesai')::date ELSE kontrak_selesai END
  WHERE instansi_id = p.instansi_id AND id = p.id
  RETURNING * INTO p;
  RETURN pegawai_json(p);
END $$;

CREATE FUNCTION instansi_json(i instansi) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', i.id, 'kode', i.kode, 'nama', i.nama,
    'siasn_instansi_id', i.siasn_instansi_id, 'nama_kepala_daerah', i.nama_kepala_daerah,
    'periode_penilaian', i.periode_penilaian,
    'batas_skp', lpad(i.batas_skp_bulan::text, 2, '0') || '-' || lpad(i.batas_skp_hari::text, 2, '0'),
    'bobot_aktif', i.bobot_aktif, 'penilai_kepala_pd', i.penilai_kepala_pd,
    'unor_setda_id', i.unor_setda_id, 'version', i.version, 'updated_at', i.updated_at) $$;

CREATE FUNCTION api_instansi_patch(b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE i instansi;
BEGIN
  SELECT * INTO i FROM instansi WHERE id = app_instansi_id();
  PERFORM check_version(i.version, expected);
  IF b ? 'unor_setda_id' AND b->>'unor_setda_id' IS NOT NULL THEN
    PERFORM unor_for_write((b->>'unor_setda_id')::bigint);
  END IF;
  UPDATE instansi SET
    nama = COALESCE(b->>'nama', nama),
    nama_kepala_daerah = CASE WHEN b ? 'nama_kepala_daerah' THEN b->>'nama_kepala_daerah' ELSE nama_kepala_daerah END,
    siasn_instansi_id = CASE WHEN b ? 'siasn_instansi_id' THEN b->>'siasn_instansi_id' ELSE siasn_instansi_id END,
    periode_penilaian = COALESCE(b->>'periode_penilaian', periode_penilaian),
    batas_skp_bulan = COALESCE(split_part(b->>'batas_skp', '-', 1)::int, batas_skp_bulan),
    batas_skp_hari = COALESCE(split_part(b->>'batas_skp', '-', 2)::int, batas_skp_hari),
    bobot_aktif = COALESCE((b->>'bobot_aktif')::boolean, bobot_aktif),
    penilai_kepala_pd = COALESCE(b->>'penilai_kepala_pd', penilai_kepala_pd),
    unor_setda_id = CASE WHEN b ? 'unor_setda_id' THEN (b->>'unor_setda_id')::bigint ELSE unor_setda_id END
  WHERE id = i.id RETURNING * INTO i;
  -- execution settings: columns added by 0008 (PL/pgSQL resolves them when this runs)
  IF b ? 'tenggang_realisasi_hari' OR b ? 'masa_buka_ulang_hari' THEN
    UPDATE instansi SET
      tenggang_realisasi_hari = COALESCE((b->>'tenggang_realisasi_hari')::int, tenggang_realisasi_hari),
      masa_buka_ulang_hari = COALESCE((b->>'masa_buka_ulang_hari')::int, masa_buka_ulang_hari)
    WHERE id = i.id RETURNING * INTO i;
  END IF;
  RETURN instansi_json(i);
END $$;

-- Everything the C resolver (src/domain/penilai.c) needs for one pegawai, in one statement:
-- the unit chain from the employee's unit to the root, the instansi rule, the Sekda, an
-- override for the year, and the people involved. NULL when the pegawai does not exist.
CREATE FUNCTION penilai_context(n text, th int) RETURNS jsonb LANGUAGE sql STABLE AS $$
  WITH p AS (SELECT * FROM pegawai WHERE instansi_id = app_instansi_id() AND nip = n),
  own AS (SELECT u.* FROM unor u JOIN p ON u.instansi_id = p.instansi_id AND u.id = p.unor_id),
  ids AS (SELECT x.id::bigint AS id, x.ord
            FROM own, unnest(string_to_array(trim(both '/' from own.path), '/')) WITH ORDINALITY AS x(id, ord)),
  chain AS (SELECT a.*, ids.ord FROM ids JOIN unor a ON a.instansi_id = app_instansi_id() AND a.id = ids.id),
  inst AS (SELECT * FROM instansi WHERE id = app_instansi_id()),
  sekda AS (SELECT s.kepala_pegawai_id AS id, s.id AS unor_id, s.kepala_plt AS plt
              FROM unor s JOIN inst ON s.instansi_id = inst.id AND s.id = inst.unor_setda_id
             WHERE s.kepala_pegawai_id IS NOT NULL),
  ovr AS (SELECT o.* FROM penilai_override o JOIN p ON o.instansi_id = p.instansi_id AND o.pegawai_id = p.id
           WHERE o.tahun = th),
  people_ids AS (SELECT kepala_pegawai_id AS id FROM chain UNION SELECT id FROM sekda
                 UNION SELECT penilai_pegawai_id FROM ovr UNION SELECT atasan_penilai_pegawai_id FROM ovr),
  people AS (SELECT jsonb_object_agg(q.id::text, jsonb_build_object('nip', q.nip, 'nama', q.nama,
                     'jabatan', q.jabatan, 'unor_id', q.unor_id)) AS m
               FROM pegawai q JOIN people_ids i ON q.instansi_id = app_instansi_id() AND q.id = i.id)
  SELECT jsonb_build_object(
    'pegawai', jsonb_build_object('id', p.id, 'nip', p.nip, 'nama', p.nama, 'jabatan', p.jabatan, 'unor_id', p.unor_id),
    'in_scope', (app_scope_path() IS NOT NULL AND (SELECT path FROM own) LIKE app_scope_path() || '%')
                OR p.nip = app_nip(),
    'caller_id', (SELECT id FROM pegawai WHERE instansi_id = app_instansi_id() AND nip = app_nip()),
    'chain', (SELECT COALESCE(jsonb_agg(jsonb_build_object('unor_id', c.id, 'is_pd', c.is_perangkat_daerah,
                'head_id', c.kepala_pegawai_id, 'head_plt', c.kepala_plt) ORDER BY c.ord DESC), '[]') FROM chain c),
    'rule', (SELECT penilai_kepala_pd FROM inst),
    'kepala_daerah', (SELECT nama_kepala_daerah FROM inst),
    'sekda', (SELECT to_jsonb(sekda) FROM sekda),
    'override', (SELECT jsonb_build_object('penilai_id', o.penilai_pegawai_id, 'atasan_id',
                  o.atasan_penilai_pegawai_id, 'alasan', o.alasan, 'version', o.version) FROM ovr o),
    'people', COALESCE((SELECT m FROM people), '{}'))
  FROM p $$;

CREATE FUNCTION api_penilai_override_put(n text, b jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE p pegawai := pegawai_for_write(n);
BEGIN
  INSERT INTO penilai_override (pegawai_id, tahun, penilai_pegawai_id, atasan_penilai_pegawai_id, alasan)
  VALUES (p.id, (b->>'tahun')::int, pegawai_id_by_nip(b->>'penilai_nip'),
          pegawai_id_by_nip(b->>'atasan_penilai_nip'), b->>'alasan')
  ON CONFLICT (instansi_id, pegawai_id, tahun) DO UPDATE
    SET penilai_pegawai_id = EXCLUDED.penilai_pegawai_id,
        atasan_penilai_pegawai_id = EXCLUDED.atasan_penilai_pegawai_id,
        alasan = EXCLUDED.alasan;
END $$;
