-- Module org: the organisation tree (unor) and pegawai — paths, history, the caller's scope, access
-- helpers (app_nip, app_roles, app_scope_path), If-Match (check_version) and the org API writes.
-- Owner: organisation module (src/api/unor.c, pegawai.c, instansi.c).

-- Keep the materialized path right and refuse cycles; a move rewrites the subtree's paths.
CREATE OR REPLACE FUNCTION unor_set_path() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE parent_path text;
BEGIN
  IF NEW.parent_id IS NULL THEN
    NEW.path := '/' || NEW.id || '/';
  ELSE
    SELECT path INTO parent_path FROM unor WHERE instansi_id = NEW.instansi_id AND id = NEW.parent_id;
    IF parent_path IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'KN422', MESSAGE = 'validation_failed',
        DETAIL = 'Unor induk tidak ditemukan', HINT = 'Parent unit not found';
    END IF;
    IF parent_path LIKE '%/' || NEW.id || '/%' THEN
      RAISE EXCEPTION USING ERRCODE = 'KN409', MESSAGE = 'unor_cycle',
        DETAIL = 'Unor tidak dapat dipindah ke bawah unor turunannya sendiri',
        HINT = 'A unit cannot be moved under one of its own descendants';
    END IF;
    NEW.path := parent_path || NEW.id || '/';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION unor_move_subtree() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.path <> OLD.path THEN
    UPDATE unor SET path = NEW.path || substr(path, length(OLD.path) + 1)
     WHERE instansi_id = NEW.instansi_id AND path LIKE OLD.path || '_%';
  END IF;
  INSERT INTO unor_riwayat (instansi_id, unor_id, parent_id, nama, berlaku_sampai)
  VALUES (OLD.instansi_id, OLD.id, OLD.parent_id, OLD.nama, current_date);
  RETURN NULL;
END $$;

-- Statement-level so that a bulk import writes history in two statements, not per row.
CREATE OR REPLACE FUNCTION pegawai_history_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pegawai_status_riwayat (instansi_id, pegawai_id, status, mulai)
  SELECT instansi_id, id, status, status_sejak FROM new_rows;
  INSERT INTO penempatan_jabatan (instansi_id, pegawai_id, unor_id, jabatan, jenis_jabatan, is_plt, mulai)
  SELECT instansi_id, id, unor_id, jabatan, jenis_jabatan, is_plt, COALESCE(tmt_jabatan, current_date) FROM new_rows;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION pegawai_history_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS pegawai_changed (instansi_id bigint, id bigint, status_changed bool,
    jabatan_changed bool, status text, status_sejak date, unor_id bigint, jabatan text,
    jenis_jabatan text, is_plt bool, tmt date) ON COMMIT DROP;
  TRUNCATE pegawai_changed;
  INSERT INTO pegawai_changed
  SELECT n.instansi_id, n.id, n.status IS DISTINCT FROM o.status,
         (n.unor_id, n.jabatan, n.jenis_jabatan, n.is_plt) IS DISTINCT FROM (o.unor_id, o.jabatan, o.jenis_jabatan, o.is_plt),
         n.status, n.status_sejak, n.unor_id, n.jabatan, n.jenis_jabatan, n.is_plt, COALESCE(n.tmt_jabatan, current_date)
    FROM new_rows n JOIN old_rows o ON o.instansi_id = n.instansi_id AND o.id = n.id;
  UPDATE pegawai_status_riwayat r SET selesai = c.status_sejak FROM pegawai_changed c
   WHERE c.status_changed AND r.instansi_id = c.instansi_id AND r.pegawai_id = c.id AND r.selesai IS NULL;
  INSERT INTO pegawai_status_riwayat (instansi_id, pegawai_id, status, mulai)
  SELECT instansi_id, id, status, status_sejak FROM pegawai_changed WHERE status_changed;
  UPDATE penempatan_jabatan r SET selesai = c.tmt FROM pegawai_changed c
   WHERE c.jabatan_changed AND r.instansi_id = c.instansi_id AND r.pegawai_id = c.id AND r.selesai IS NULL;
  INSERT INTO penempatan_jabatan (instansi_id, pegawai_id, unor_id, jabatan, jenis_jabatan, is_plt, mulai)
  SELECT instansi_id, id, unor_id, jabatan, jenis_jabatan, is_plt, tmt FROM pegawai_changed WHERE jabatan_changed;
  RETURN NULL;
END $$;

-- SQL side of the organisation API: caller scope, JSON shapes and atomic mutations.
-- Functions run as the caller (kinerja_app), so row-level security applies inside them.
-- Errors are raised with SQLSTATE 'KNnnn' (nnn = HTTP status), MESSAGE = problem code,
-- DETAIL = Bahasa Indonesia, HINT = English. Owner: organisation module.
CREATE OR REPLACE FUNCTION app_roles() RETURNS text[] LANGUAGE sql STABLE AS
$$ SELECT string_to_array(COALESCE(current_setting('app.roles', true), ''), ',') $$;

CREATE OR REPLACE FUNCTION app_nip() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.nip', true), '') $$;

-- The Perangkat Daerah that contains unit uid (the unit itself when it is one; NULL row when
-- none): the deepest PD among the unit's ancestors, whose ids the unit's path lists ('/1/99/103/',
-- unor_set_path): a few primary-key probes, not a scan of every unit of the instansi for the
-- prefix test (issue 17: about 100 us of every admin_pd request, and the costliest statement of a
-- rating). The path is read first: in one join the plan still scanned the instansi's units.
-- plpgsql, so the plans are made once per connection (a SQL-language body that cannot be inlined
-- is parsed and planned again at every call). The satuan organisasi of an evaluation
-- (penilaian.sql) and the admin_pd scope (app_pd_path) are this unit's PD.
CREATE OR REPLACE FUNCTION unit_organisasi(iid bigint, uid bigint) RETURNS unor LANGUAGE plpgsql STABLE AS $$
DECLARE r unor; up text;
BEGIN
  SELECT path INTO up FROM unor WHERE instansi_id = iid AND id = uid;
  SELECT pd.* INTO r FROM unor pd
   WHERE pd.instansi_id = iid AND pd.id = ANY (string_to_array(trim(BOTH '/' FROM up), '/')::bigint[])
     AND pd.is_perangkat_daerah AND up LIKE pd.path || '%'
   ORDER BY length(pd.path) DESC LIMIT 1;
  RETURN r;
END $$;

-- Path of the Perangkat Daerah that contains the caller's own unit (admin_pd scope).
CREATE OR REPLACE FUNCTION app_pd_path() RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE uid bigint;
BEGIN
  SELECT p.unor_id INTO uid FROM pegawai p WHERE p.instansi_id = app_instansi_id() AND p.nip = app_nip();
  RETURN (unit_organisasi(app_instansi_id(), uid)).path;
END $$;

-- The read scope for a given PD path (pd: app_pd_path(), looked up by the caller only when it
-- needs it): '/' whole instansi; the PD for admin_pd; NULL = self only. Inlined, so `pd` is
-- evaluated only in the admin_pd branch.
CREATE OR REPLACE FUNCTION app_scope_for(pd text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN app_roles() && ARRAY['admin_bkpsdm','auditor','integrasi'] THEN '/'
    WHEN 'admin_pd' = ANY (app_roles()) THEN COALESCE(pd, '/-/')
    ELSE NULL END $$;

-- Path prefix the caller may read: '/' whole instansi; a PD path for admin_pd; NULL = self only.
CREATE OR REPLACE FUNCTION app_scope_path() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT app_scope_for(app_pd_path()) $$;

-- An integrasi client with the sync:write scope.
CREATE OR REPLACE FUNCTION app_sync_write() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT 'integrasi' = ANY (app_roles())
     AND ' ' || COALESCE(current_setting('app.scope', true), '') || ' ' LIKE '% sync:write %' $$;

-- Path prefix the caller may change: '/' for admin_bkpsdm and for integrasi with the
-- sync:write scope, the PD for admin_pd, NULL otherwise. app_write_for takes the PD path like
-- app_scope_for.
CREATE OR REPLACE FUNCTION app_write_for(pd text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN 'admin_bkpsdm' = ANY (app_roles()) THEN '/'
    WHEN app_sync_write() THEN '/'
    WHEN 'admin_pd' = ANY (app_roles()) THEN COALESCE(pd, '/-/')
    ELSE NULL END $$;

CREATE OR REPLACE FUNCTION app_write_path() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT app_write_for(app_pd_path()) $$;

-- Whether the caller's roles may write at all (README "Roles and scopes"; the same rule as
-- src/domain/akses.c dom_akses_may_write): pegawai, admin_pd, admin_bkpsdm, or integrasi with
-- sync:write. auditor and sync:read never write. Roles only, no data: no lookup per call.
CREATE OR REPLACE FUNCTION app_may_write() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT app_roles() && ARRAY['pegawai', 'admin_pd', 'admin_bkpsdm']
      OR app_sync_write() $$;

CREATE OR REPLACE FUNCTION kn_raise(status text, code text, detail_id text, detail_en text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'KN' || status, MESSAGE = code, DETAIL = detail_id, HINT = detail_en;
END $$;

-- The 404 of an object that is missing or hangs under an SKP the caller may not see: one answer
-- for both, naming the object asked for (never its parent), so nothing reveals existence.
CREATE OR REPLACE FUNCTION kn_not_found(what_id text, what_en text, oid bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kn_raise('404', 'not_found', what_id || ' ' || oid || ' tidak ditemukan', what_en || ' ' || oid || ' not found');
END $$;

CREATE OR REPLACE FUNCTION unor_json(u unor) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object(
    'id', u.id, 'parent_id', u.parent_id, 'nama', u.nama, 'nama_jabatan', u.nama_jabatan,
    'is_perangkat_daerah', u.is_perangkat_daerah,
    'kepala_nip', (SELECT p.nip FROM pegawai p WHERE p.instansi_id = u.instansi_id AND p.id = u.kepala_pegawai_id),
    'kepala_plt', u.kepala_plt, 'siasn_id', u.siasn_id,
    'level', array_length(string_to_array(trim(both '/' from u.path), '/'), 1),
    'berlaku_mulai', u.berlaku_mulai, 'berlaku_selesai', u.berlaku_selesai,
    'version', u.version, 'created_at', u.created_at, 'updated_at', u.updated_at) $$;

CREATE OR REPLACE FUNCTION pegawai_json(p pegawai) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object(
    'id', p.id, 'nip', p.nip, 'nama', p.nama, 'gelar_depan', p.gelar_depan,
    'gelar_belakang', p.gelar_belakang, 'jenis_asn', p.jenis_asn, 'jenis_jabatan', p.jenis_jabatan,
    'jabatan', p.jabatan, 'jenjang_jf', p.jenjang_jf, 'unor_id', p.unor_id, 'is_plt', p.is_plt,
    'tmt_jabatan', p.tmt_jabatan, 'status', p.status, 'status_sejak', p.status_sejak,
    'siasn_id', p.siasn_id, 'kontrak_selesai', p.kontrak_selesai, 'version', p.version, 'created_at', p.created_at,
    'updated_at', p.updated_at) $$;

-- A person the caller names (kepala_nip, penilai_nip, atasan_penilai_nip) must work inside the
-- caller's write scope: a pegawai outside it answers exactly like a NIP that does not exist
-- (422), so an admin_pd can neither put an outsider in charge of its units nor probe NIPs.
CREATE OR REPLACE FUNCTION pegawai_id_by_nip(n text) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
DECLARE r bigint;
BEGIN
  IF n IS NULL THEN RETURN NULL; END IF;
  SELECT p.id INTO r FROM pegawai p JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id
   WHERE p.instansi_id = app_instansi_id() AND p.nip = n AND COALESCE(u.path LIKE app_write_path() || '%', false);
  IF r IS NULL THEN
    PERFORM kn_raise('422', 'validation_failed', 'Pegawai dengan NIP ' || n || ' tidak ditemukan',
                     'No pegawai with NIP ' || n);
  END IF;
  RETURN r;
END $$;

-- The structure and the head of a Perangkat Daerah (is_perangkat_daerah, parent, kepala) are
-- changed by whole-instansi writers only (admin_bkpsdm; integrasi with sync:write, which imports
-- the tree anyway): an admin_pd's scope is the nearest PD above its own unit, so unmarking or
-- moving its PD would widen it, and heading it would make it the penilai of the PD's heads.
CREATE OR REPLACE FUNCTION pd_structure_guard() RETURNS void LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF app_write_path() IS DISTINCT FROM '/' THEN
    PERFORM kn_raise('403', 'forbidden', 'Hanya admin BKPSDM yang mengubah susunan atau kepala Perangkat Daerah',
                     'Only admin_bkpsdm changes the structure or the head of a Perangkat Daerah');
  END IF;
END $$;

-- The unit must exist in the caller's write scope; answers 404 otherwise (never 403: the
-- caller must not learn that an object outside its scope exists).
CREATE OR REPLACE FUNCTION unor_for_write(uid bigint) RETURNS unor LANGUAGE plpgsql STABLE AS $$
DECLARE u unor; wp text := app_write_path();
BEGIN
  SELECT * INTO u FROM unor WHERE instansi_id = app_instansi_id() AND id = uid;
  IF u.id IS NULL OR wp IS NULL OR u.path NOT LIKE wp || '%' THEN
    PERFORM kn_raise('404', 'not_found', 'Unor ' || uid || ' tidak ditemukan', 'Unit ' || uid || ' not found');
  END IF;
  RETURN u;
END $$;

CREATE OR REPLACE FUNCTION check_version(current_v int, expected int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF expected IS NOT NULL AND expected <> current_v THEN
    PERFORM kn_raise('412', 'precondition_failed',
      'Versi data saat ini ' || current_v || ', bukan ' || expected || '; muat ulang lalu ulangi',
      'Current version is ' || current_v || ', not ' || expected || '; reload and retry');
  END IF;
END $$;

CREATE OR REPLACE FUNCTION api_unor_create(b jsonb) RETURNS json LANGUAGE plpgsql AS $$
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
  IF COALESCE((b->>'is_perangkat_daerah')::boolean, false) THEN PERFORM pd_structure_guard(); END IF;
  INSERT INTO unor (parent_id, nama, nama_jabatan, is_perangkat_daerah, kepala_pegawai_id,
                    kepala_plt, siasn_id, berlaku_mulai, berlaku_selesai)
  VALUES ((b->>'parent_id')::bigint, b->>'nama', b->>'nama_jabatan',
          COALESCE((b->>'is_perangkat_daerah')::boolean, false), pegawai_id_by_nip(b->>'kepala_nip'),
          COALESCE((b->>'kepala_plt')::boolean, false), b->>'siasn_id',
          COALESCE((b->>'berlaku_mulai')::date, current_date), (b->>'berlaku_selesai')::date)
  RETURNING * INTO u;
  RETURN unor_json(u);
END $$;

CREATE OR REPLACE FUNCTION api_unor_patch(uid bigint, b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE u unor := unor_for_write(uid);
BEGIN
  PERFORM check_version(u.version, expected);
  IF (u.is_perangkat_daerah OR COALESCE((b->>'is_perangkat_daerah')::boolean, false))
     AND ((b ? 'is_perangkat_daerah' AND (b->>'is_perangkat_daerah')::boolean IS DISTINCT FROM u.is_perangkat_daerah)
          OR (b ? 'parent_id' AND (b->>'parent_id')::bigint IS DISTINCT FROM u.parent_id)
          OR (b ? 'kepala_nip' AND b->>'kepala_nip' IS DISTINCT FROM
                (SELECT nip FROM pegawai WHERE instansi_id = u.instansi_id AND id = u.kepala_pegawai_id))
          OR (b ? 'kepala_plt' AND (b->>'kepala_plt')::boolean IS DISTINCT FROM u.kepala_plt)) THEN
    PERFORM pd_structure_guard();
  END IF;
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

CREATE OR REPLACE FUNCTION api_pegawai_create(b jsonb) RETURNS json LANGUAGE plpgsql AS $$
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
CREATE OR REPLACE FUNCTION pegawai_for_write(n text) RETURNS pegawai LANGUAGE plpgsql STABLE AS $$
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

CREATE OR REPLACE FUNCTION api_pegawai_patch(n text, b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
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

-- Instansi settings of execution (PATCH /v1/instansi): the realisasi grace window and how long a
-- reopening lasts, and the KKE limits (0091). Extends api_instansi_patch / instansi_json of 0003.
-- The reminders' deadline settings of an instansi (0110), with their defaults when none is set.
CREATE OR REPLACE FUNCTION instansi_tenggat_of(iid bigint) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('pengingat_hari', COALESCE(t.pengingat_hari, 7), 'penilaian_hari', COALESCE(t.penilaian_hari, 14),
                           'kke_jawab_hari', COALESCE(t.kke_jawab_hari, 14))
    FROM (SELECT 1) one LEFT JOIN instansi_tenggat t ON t.instansi_id = iid $$;

CREATE OR REPLACE FUNCTION instansi_json(i instansi) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', i.id, 'kode', i.kode, 'nama', i.nama,
    'siasn_instansi_id', i.siasn_instansi_id, 'nama_kepala_daerah', i.nama_kepala_daerah,
    'periode_penilaian', i.periode_penilaian,
    'batas_skp', lpad(i.batas_skp_bulan::text, 2, '0') || '-' || lpad(i.batas_skp_hari::text, 2, '0'),
    'bobot_aktif', i.bobot_aktif, 'penilai_kepala_pd', i.penilai_kepala_pd,
    'unor_setda_id', i.unor_setda_id, 'tenggang_realisasi_hari', i.tenggang_realisasi_hari,
    'masa_buka_ulang_hari', i.masa_buka_ulang_hari, 'kke_mutasi_hari', i.kke_mutasi_hari,
    'kke_templat_pegawai', i.kke_templat_pegawai, 'keberatan_putus_hari', i.keberatan_putus_hari,
    'pengingat_hari', (instansi_tenggat_of(i.id)->>'pengingat_hari')::int,
    'penilaian_hari', (instansi_tenggat_of(i.id)->>'penilaian_hari')::int,
    'kke_jawab_hari', (instansi_tenggat_of(i.id)->>'kke_jawab_hari')::int,
    'version', i.version, 'updated_at', i.updated_at) $$;

CREATE OR REPLACE FUNCTION api_instansi_patch(b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
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
  -- KKE limits: columns added by 0091 (ranges checked in C against dom_kke_settings, and by CHECKs)
  IF b ? 'kke_mutasi_hari' OR b ? 'kke_templat_pegawai' OR b ? 'keberatan_putus_hari' THEN
    UPDATE instansi SET
      kke_mutasi_hari = COALESCE((b->>'kke_mutasi_hari')::int, kke_mutasi_hari),
      kke_templat_pegawai = COALESCE((b->>'kke_templat_pegawai')::int, kke_templat_pegawai),
      keberatan_putus_hari = COALESCE((b->>'keberatan_putus_hari')::int, keberatan_putus_hari)
    WHERE id = i.id RETURNING * INTO i;
  END IF;
  -- deadline settings of the reminders (0110, their own table)
  IF b ? 'pengingat_hari' OR b ? 'penilaian_hari' OR b ? 'kke_jawab_hari' THEN
    INSERT INTO instansi_tenggat (instansi_id, pengingat_hari, penilaian_hari, kke_jawab_hari)
    SELECT i.id, COALESCE((b->>'pengingat_hari')::int, (d->>'pengingat_hari')::int),
           COALESCE((b->>'penilaian_hari')::int, (d->>'penilaian_hari')::int),
           COALESCE((b->>'kke_jawab_hari')::int, (d->>'kke_jawab_hari')::int)
      FROM instansi_tenggat_of(i.id) d
    ON CONFLICT (instansi_id) DO UPDATE SET pengingat_hari = EXCLUDED.pengingat_hari,
       penilaian_hari = EXCLUDED.penilaian_hari, kke_jawab_hari = EXCLUDED.kke_jawab_hari, updated_at = now();
  END IF;
  RETURN instansi_json(i);
END $$;

-- Everything the C resolver (src/domain/penilai.c) needs for one pegawai, in one statement:
-- the unit chain from the employee's unit to the root, the instansi rule, the Sekda, an
-- override for the year, and the people involved. NULL when the pegawai does not exist.
CREATE OR REPLACE FUNCTION penilai_context(n text, th int) RETURNS jsonb LANGUAGE sql STABLE AS $$
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
    'in_scope', COALESCE((SELECT path FROM own) LIKE app_scope_path() || '%', false)
                OR COALESCE(p.nip = app_nip(), false),
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

CREATE OR REPLACE FUNCTION api_penilai_override_put(n text, b jsonb) RETURNS void LANGUAGE plpgsql AS $$
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

-- Materialised path of the tree and its history, and the pegawai status/position history.
CREATE OR REPLACE TRIGGER unor_path_ins BEFORE INSERT ON unor FOR EACH ROW EXECUTE FUNCTION unor_set_path();
CREATE OR REPLACE TRIGGER unor_path_upd BEFORE UPDATE OF parent_id ON unor FOR EACH ROW
  WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id) EXECUTE FUNCTION unor_set_path();
CREATE OR REPLACE TRIGGER unor_moved AFTER UPDATE OF parent_id, nama ON unor FOR EACH ROW
  WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.nama IS DISTINCT FROM NEW.nama)
  EXECUTE FUNCTION unor_move_subtree();
CREATE OR REPLACE TRIGGER pegawai_history_ins AFTER INSERT ON pegawai REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pegawai_history_insert();
CREATE OR REPLACE TRIGGER pegawai_history_upd AFTER UPDATE ON pegawai REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pegawai_history_update();
