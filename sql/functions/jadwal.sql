-- Module jadwal: schedules, job runs (the scheduler's queue and leases), the deadline facts of
-- the reminder scan and the timeliness report, reminders, and the purges that are ours.
-- Owner: jobs (src/jobs/*.c, src/api/jadwal.c). The decisions are in C: the next time of a cron
-- (dom_cron_next), due dates and stages (src/domain/tenggat.c); this module stores and gathers.

CREATE OR REPLACE FUNCTION jadwal_json(j jadwal) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', j.id, 'jenis', j.jenis, 'cron', j.cron, 'utc_offset_menit', j.utc_offset_menit,
    'parameter', j.parameter, 'aktif', j.aktif, 'berikut_at', j.berikut_at, 'terakhir_at', j.terakhir_at,
    'dibuat_oleh', j.dibuat_oleh, 'version', j.version, 'created_at', j.created_at, 'updated_at', j.updated_at) $$;

CREATE OR REPLACE FUNCTION api_jadwal_list(after bigint, lim int) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('items', COALESCE(json_agg(jadwal_json(j) ORDER BY j.id), '[]'::json),
         'next_cursor', CASE WHEN count(*) = lim THEN max(j.id) END)
    FROM (SELECT * FROM jadwal WHERE instansi_id = app_instansi_id() AND id > after ORDER BY id LIMIT lim) j $$;

-- berikut: the first occurrence, computed by the caller from the cron (dom_cron_next).
CREATE OR REPLACE FUNCTION api_jadwal_create(b jsonb, berikut timestamptz) RETURNS json LANGUAGE plpgsql AS $$
DECLARE j jadwal;
BEGIN
  INSERT INTO jadwal (jenis, cron, utc_offset_menit, parameter, aktif, berikut_at, dibuat_oleh)
  VALUES (b->>'jenis', b->>'cron', COALESCE((b->>'utc_offset_menit')::int, 420), COALESCE(b->'parameter', '{}'),
          COALESCE((b->>'aktif')::boolean, true), berikut, current_setting('app.actor', true))
  RETURNING * INTO j;
  RETURN jadwal_json(j);
END $$;

-- PATCH cron/utc_offset_menit/parameter/aktif; berikut is NULL when neither cron nor offset changed.
CREATE OR REPLACE FUNCTION api_jadwal_patch(jid bigint, b jsonb, berikut timestamptz, expected int) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE j jadwal;
BEGIN
  SELECT * INTO j FROM jadwal WHERE instansi_id = app_instansi_id() AND id = jid FOR UPDATE;
  IF NOT FOUND THEN PERFORM kn_not_found('Jadwal', 'Schedule', jid); END IF;
  PERFORM check_version(j.version, expected);
  UPDATE jadwal SET cron = COALESCE(b->>'cron', cron),
         utc_offset_menit = COALESCE((b->>'utc_offset_menit')::int, utc_offset_menit),
         parameter = COALESCE(b->'parameter', parameter), aktif = COALESCE((b->>'aktif')::boolean, aktif),
         berikut_at = COALESCE(berikut, berikut_at)
   WHERE instansi_id = j.instansi_id AND id = jid RETURNING * INTO j;
  RETURN jadwal_json(j);
END $$;

-- The cron and offset of a schedule (PATCH computes the next time from the merged values).
CREATE OR REPLACE FUNCTION jadwal_cron(jid bigint) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('cron', cron, 'utc_offset_menit', utc_offset_menit)
    FROM jadwal WHERE instansi_id = app_instansi_id() AND id = jid $$;

CREATE OR REPLACE FUNCTION pekerjaan_json(p pekerjaan) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', p.id, 'jadwal_id', p.jadwal_id, 'jenis', p.jenis, 'parameter', p.parameter,
    'status', p.status, 'actor', p.actor, 'percobaan', p.percobaan, 'created_at', p.created_at,
    'mulai_at', p.mulai_at, 'selesai_at', p.selesai_at, 'durasi_ms', p.durasi_ms,
    'ringkasan', p.ringkasan, 'galat', p.galat, 'version', p.version) $$;

-- Queue a run as the caller (the run acts with the caller's identity, roles and scope).
CREATE OR REPLACE FUNCTION api_pekerjaan_create(jn text, param jsonb) RETURNS json LANGUAGE plpgsql AS $$
DECLARE p pekerjaan;
BEGIN
  INSERT INTO pekerjaan (jenis, parameter, actor, roles, nip, scope)
  VALUES (jn, COALESCE(param, '{}'), current_setting('app.actor', true), COALESCE(current_setting('app.roles', true), ''),
          NULLIF(current_setting('app.nip', true), ''), NULLIF(current_setting('app.scope', true), ''))
  RETURNING * INTO p;
  RETURN pekerjaan_json(p);
END $$;

-- Runs: admin_bkpsdm and auditor see every run; others only the runs they asked for.
CREATE OR REPLACE FUNCTION pekerjaan_visible(p pekerjaan) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT app_roles() && ARRAY['admin_bkpsdm', 'auditor'] OR p.actor = current_setting('app.actor', true) $$;

CREATE OR REPLACE FUNCTION api_pekerjaan_get(pid bigint) RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE p pekerjaan;
BEGIN
  SELECT * INTO p FROM pekerjaan WHERE instansi_id = app_instansi_id() AND id = pid;
  IF NOT FOUND OR NOT pekerjaan_visible(p) THEN PERFORM kn_not_found('Pekerjaan', 'Job run', pid); END IF;
  RETURN pekerjaan_json(p);
END $$;

CREATE OR REPLACE FUNCTION api_pekerjaan_list(after bigint, lim int, st text, jn text, jid bigint) RETURNS json
LANGUAGE sql STABLE AS $$
  SELECT json_build_object('items', COALESCE(json_agg(pekerjaan_json(p) ORDER BY p.id DESC), '[]'::json),
         'next_cursor', CASE WHEN count(*) = lim THEN min(p.id) END)
    FROM (SELECT * FROM pekerjaan p WHERE instansi_id = app_instansi_id() AND (after = 0 OR id < after)
             AND (st IS NULL OR status = st) AND (jn IS NULL OR jenis = jn) AND (jid IS NULL OR jadwal_id = jid)
             AND pekerjaan_visible(p)
           ORDER BY id DESC LIMIT lim) p $$;

-- ---- scheduler side ---------------------------------------------------------------------------

-- Schedules due at the scheduler's clock `jetzt` across tenants (definer: no tenant yet).
CREATE OR REPLACE FUNCTION jadwal_jatuh(jetzt timestamptz, lim int)
RETURNS TABLE (instansi text, jadwal_id bigint, cron text, utc_offset_menit int, berikut_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT i.kode, j.id, j.cron, j.utc_offset_menit, j.berikut_at
    FROM jadwal j JOIN instansi i ON i.id = j.instansi_id
   WHERE j.aktif AND j.berikut_at <= jetzt ORDER BY j.berikut_at LIMIT lim $$;

-- Queue the occurrence `sebelum` of a schedule and move it to `berikut` (in the tenant): a
-- compare-and-swap on berikut_at, so when two schedulers race only one queues it. The run's id,
-- or NULL when another scheduler was first.
CREATE OR REPLACE FUNCTION jadwal_antre(jid bigint, sebelum timestamptz, berikut timestamptz) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE j jadwal; pid bigint;
BEGIN
  UPDATE jadwal SET berikut_at = berikut, terakhir_at = sebelum
   WHERE instansi_id = app_instansi_id() AND id = jid AND berikut_at = sebelum AND aktif RETURNING * INTO j;
  IF NOT FOUND THEN RETURN NULL; END IF;
  INSERT INTO pekerjaan (jadwal_id, jenis, parameter, actor, roles)
  VALUES (j.id, j.jenis, j.parameter, 'system:scheduler', 'admin_bkpsdm') RETURNING id INTO pid;
  RETURN pid;
END $$;

-- Claim one run across tenants: a queued one, or a running one whose lease expired (its
-- scheduler died). SKIP LOCKED and the lease keep two schedulers off the same run; a run
-- already tried max_percobaan times is failed instead of being taken again. Definer: no tenant.
CREATE OR REPLACE FUNCTION pekerjaan_klaim(pemilik_ text, lease_s int, max_percobaan int)
RETURNS TABLE (instansi text, pekerjaan_id bigint, jenis text, parameter text, actor text, roles text, nip text,
               scope text, percobaan int)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE pekerjaan p SET status = 'GAGAL', selesai_at = now(), sewa_sampai = NULL,
         galat = 'Dihentikan: sewa habis setelah ' || p.percobaan || ' percobaan (scheduler berhenti)'
   WHERE p.status = 'BERJALAN' AND p.sewa_sampai < now() AND p.percobaan >= max_percobaan;
  RETURN QUERY
  WITH c AS (
    SELECT p.instansi_id, p.id FROM pekerjaan p
     WHERE p.status = 'MENUNGGU' OR (p.status = 'BERJALAN' AND p.sewa_sampai < now())
     ORDER BY p.created_at, p.id LIMIT 1 FOR UPDATE SKIP LOCKED),
  u AS (
    UPDATE pekerjaan p SET status = 'BERJALAN', pemilik = pemilik_, percobaan = p.percobaan + 1,
           sewa_sampai = now() + make_interval(secs => lease_s), mulai_at = now()
      FROM c WHERE p.instansi_id = c.instansi_id AND p.id = c.id
    RETURNING p.*)
  SELECT i.kode, u.id, u.jenis, u.parameter::text, u.actor, u.roles, u.nip, u.scope, u.percobaan
    FROM u JOIN instansi i ON i.id = u.instansi_id;
END $$;

-- Extend the lease while the run works (heartbeat); false when the run is no longer ours.
CREATE OR REPLACE FUNCTION pekerjaan_perpanjang(pid bigint, pemilik_ text, lease_s int) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH u AS (UPDATE pekerjaan SET sewa_sampai = now() + make_interval(secs => lease_s)
              WHERE id = pid AND pemilik = pemilik_ AND status = 'BERJALAN' RETURNING 1)
  SELECT EXISTS (SELECT 1 FROM u) $$;

-- Record the outcome; only the holder of the lease may (a run taken over after its lease
-- expired is not overwritten by the scheduler that lost it). Runs in the run's tenant.
CREATE OR REPLACE FUNCTION pekerjaan_selesai(pid bigint, pemilik_ text, ok boolean, hasil jsonb, err text, ms int)
RETURNS boolean LANGUAGE sql AS $$
  WITH u AS (UPDATE pekerjaan SET status = CASE WHEN ok THEN 'SELESAI' ELSE 'GAGAL' END, ringkasan = hasil,
                    galat = left(err, 2000), durasi_ms = ms, selesai_at = now(), sewa_sampai = NULL
              WHERE instansi_id = app_instansi_id() AND id = pid AND pemilik = pemilik_ AND status = 'BERJALAN'
              RETURNING 1)
  SELECT EXISTS (SELECT 1 FROM u) $$;

REVOKE ALL ON FUNCTION jadwal_jatuh(timestamptz, int), pekerjaan_klaim(text, int, int),
  pekerjaan_perpanjang(bigint, text, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jadwal_jatuh(timestamptz, int), pekerjaan_klaim(text, int, int),
  pekerjaan_perpanjang(bigint, text, int) TO kinerja_app;

-- ---- deadlines and reminders ----------------------------------------------------------------

-- The deadline facts of one year in a unit's subtree (NULL: the whole instansi), one row per
-- item: jenis, kunci, the person who must act and the PD, the base dates and settings the
-- due-date rule needs (src/domain/tenggat.c), and the day it was done (NULL: not yet).
-- Within the caller's read scope (app_scope_path; a pegawai sees nothing here). Typed rows, so
-- tenggat_ringkas can count them without building an object per item.
CREATE OR REPLACE FUNCTION tenggat_baris(th int, uid bigint)
RETURNS TABLE (jenis text, kunci text, pegawai_id bigint, unor_id bigint, nip text, nama text, dinilai_nip text,
               batas date, mutasi int, tmt date, akhir date, tenggang int, buka_ulang date, hari int,
               diajukan date, dibuat date, tahap_sanksi text, jatuh_tempo date, selesai date)
LANGUAGE sql STABLE AS $$
  WITH i AS MATERIALIZED (
    SELECT x.tenggang_realisasi_hari, x.kke_mutasi_hari, x.keberatan_putus_hari,
           (t->>'penilaian_hari')::int AS penilaian_hari, (t->>'kke_jawab_hari')::int AS kke_jawab_hari,
           skp_deadline(th) AS batas   -- every SKP of the year has this one
      FROM instansi x, instansi_tenggat_of(x.id) t WHERE x.id = app_instansi_id()),
  root AS (SELECT COALESCE((SELECT path FROM unor WHERE instansi_id = app_instansi_id() AND id = uid), '/') AS path),
  -- each unit of the subtree with its Perangkat Daerah (unit_organisasi's rule: the deepest PD
  -- whose path prefixes the unit's), once per unit instead of a plpgsql call per SKP
  uu AS MATERIALIZED (
    SELECT DISTINCT ON (u.id) u.id, pd.id AS pd_id FROM unor u
      LEFT JOIN unor pd ON pd.instansi_id = u.instansi_id AND pd.is_perangkat_daerah AND u.path LIKE pd.path || '%'
     WHERE u.instansi_id = app_instansi_id()
       AND u.path LIKE (SELECT path FROM root) || '%' AND u.path LIKE app_scope_path() || '%'
     ORDER BY u.id, length(pd.path) DESC NULLS LAST),
  s AS MATERIALIZED (
    SELECT s.id, s.instansi_id, s.pegawai_id, s.penilai_pegawai_id, s.atasan_pegawai_id, s.atasan_jenis, s.status,
           s.tanggal_ditetapkan, uu.pd_id, p.nip, p.nama, p.tmt_jabatan FROM skp s
      JOIN uu ON uu.id = s.unor_id
      JOIN pegawai p ON p.instansi_id = s.instansi_id AND p.id = s.pegawai_id
     WHERE s.instansi_id = app_instansi_id() AND s.tahun = th)
  SELECT 'skp', 'skp/' || s.id, s.pegawai_id, s.pd_id, s.nip, s.nama, NULL, i.batas, i.kke_mutasi_hari, s.tmt_jabatan,
         NULL::date, NULL::int, NULL::date, NULL::int, NULL::date, NULL::date, NULL, NULL::date,
         (s.tanggal_ditetapkan AT TIME ZONE 'UTC')::date
    FROM s, i
  UNION ALL
  SELECT 'realisasi', 'periode/' || pr.id, s.pegawai_id, s.pd_id, s.nip, s.nama, NULL, NULL, NULL, NULL,
         pr.tanggal_akhir, i.tenggang_realisasi_hari, pr.dibuka_ulang_sampai, NULL, NULL, NULL, NULL, NULL,
         CASE WHEN ind.n > 0 AND r.n >= ind.n THEN r.last END
    FROM s CROSS JOIN i
    CROSS JOIN LATERAL (SELECT count(*) AS n FROM indikator x JOIN rhk h ON h.instansi_id = x.instansi_id AND h.id = x.rhk_id
                         WHERE h.instansi_id = s.instansi_id AND h.skp_id = s.id) ind
    JOIN periode pr ON pr.instansi_id = s.instansi_id AND pr.skp_id = s.id
    -- one realisasi per (periode, indikator) (the unique key), so count(*) counts the indikator
    CROSS JOIN LATERAL (SELECT count(*) AS n, (max(created_at) AT TIME ZONE 'UTC')::date AS last
                          FROM realisasi WHERE instansi_id = pr.instansi_id AND periode_id = pr.id) r
   WHERE s.status IN ('DITETAPKAN', 'DITUTUP', 'SELESAI')
  UNION ALL
  SELECT CASE WHEN pr.akhir_tahun THEN 'evaluasi_tahunan' ELSE 'evaluasi_periodik' END, 'periode/' || pr.id,
         s.penilai_pegawai_id, s.pd_id, pn.nip, pn.nama, s.nip, NULL, NULL, NULL,
         pr.tanggal_akhir, i.tenggang_realisasi_hari, NULL, i.penilaian_hari, NULL, NULL, NULL, NULL,
         CASE WHEN e.status IN ('DITETAPKAN', 'KEBERATAN', 'FINAL') THEN (e.ditetapkan_at AT TIME ZONE 'UTC')::date END
    FROM s JOIN periode pr ON pr.instansi_id = s.instansi_id AND pr.skp_id = s.id
    CROSS JOIN i
    LEFT JOIN evaluasi e ON e.instansi_id = pr.instansi_id AND e.periode_id = pr.id
    LEFT JOIN pegawai pn ON pn.instansi_id = s.instansi_id AND pn.id = s.penilai_pegawai_id
   WHERE s.status IN ('DITETAPKAN', 'DITUTUP', 'SELESAI')
  UNION ALL
  SELECT 'keberatan', 'keberatan/' || k.id, CASE WHEN s.atasan_jenis = 'PEGAWAI' THEN s.atasan_pegawai_id END, s.pd_id,
         at.nip, at.nama, s.nip, NULL, NULL, NULL, NULL, NULL, NULL, i.keberatan_putus_hari,
         (k.created_at AT TIME ZONE 'UTC')::date, NULL, NULL, NULL,
         CASE WHEN k.status <> 'DIAJUKAN' THEN (k.diputus_at AT TIME ZONE 'UTC')::date END
    FROM s JOIN evaluasi e ON e.instansi_id = s.instansi_id AND e.skp_id = s.id
    JOIN keberatan k ON k.instansi_id = e.instansi_id AND k.evaluasi_id = e.id
    CROSS JOIN i
    LEFT JOIN pegawai at ON at.instansi_id = s.instansi_id AND at.id = s.atasan_pegawai_id
  UNION ALL
  SELECT 'kke_jawaban', 'kke/' || k.id, NULL, k.unor_id, NULL, u.nama, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         i.kke_jawab_hari, NULL, (k.created_at AT TIME ZONE 'UTC')::date, NULL, NULL,
         (SELECT min((x->>'at')::timestamptz AT TIME ZONE 'UTC')::date FROM jsonb_array_elements(k.riwayat_status) x
           WHERE x->>'status' = 'DIJAWAB_PD')
    FROM kke k JOIN unor u ON u.instansi_id = k.instansi_id AND u.id = k.unor_id
    CROSS JOIN i
   WHERE k.instansi_id = app_instansi_id() AND k.tahun = th
     AND u.path LIKE (SELECT path FROM root) || '%' AND u.path LIKE app_scope_path() || '%'
  UNION ALL
  -- a sanction case's stage (R18) due in the year: BKPSDM decides it, the PD is the pegawai's
  SELECT 'tindak_lanjut', 'sanksi_tahap/' || t.id, NULL, (unit_organisasi(g.instansi_id, g.unor_id)).id, g.nip, g.nama,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, t.tahap, t.jatuh_tempo, t.tanggal_keputusan
    FROM sanksi_tahap t JOIN sanksi k ON k.instansi_id = t.instansi_id AND k.id = t.sanksi_id
    JOIN pegawai g ON g.instansi_id = k.instansi_id AND g.id = k.pegawai_id
    JOIN unor u ON u.instansi_id = g.instansi_id AND u.id = g.unor_id
   WHERE t.instansi_id = app_instansi_id() AND extract(year FROM t.jatuh_tempo) = th
     AND u.path LIKE (SELECT path FROM root) || '%' AND u.path LIKE app_scope_path() || '%' $$;

-- The facts of tenggat_baris as the reminder scan and GET /v1/unor/{id}/ketepatan-waktu read
-- them: one JSON object per item, with the keys its kind's due-date rule reads.
CREATE OR REPLACE FUNCTION tenggat_fakta(th int, uid bigint) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('pengingat_hari', (SELECT (instansi_tenggat_of(app_instansi_id())->>'pengingat_hari')::int
                                                FROM instansi WHERE id = app_instansi_id()),
    'items', COALESCE(json_agg(CASE b.jenis
      WHEN 'skp' THEN json_build_object('jenis', b.jenis, 'kunci', b.kunci, 'pegawai_id', b.pegawai_id, 'unor_id', b.unor_id,
             'nip', b.nip, 'nama', b.nama, 'batas', b.batas, 'mutasi', b.mutasi, 'tmt', b.tmt, 'selesai', b.selesai)
      WHEN 'realisasi' THEN json_build_object('jenis', b.jenis, 'kunci', b.kunci, 'pegawai_id', b.pegawai_id,
             'unor_id', b.unor_id, 'nip', b.nip, 'nama', b.nama, 'akhir', b.akhir, 'tenggang', b.tenggang,
             'buka_ulang', b.buka_ulang, 'selesai', b.selesai)
      WHEN 'keberatan' THEN json_build_object('jenis', b.jenis, 'kunci', b.kunci, 'pegawai_id', b.pegawai_id,
             'unor_id', b.unor_id, 'nip', b.nip, 'nama', b.nama, 'dinilai_nip', b.dinilai_nip, 'diajukan', b.diajukan,
             'hari', b.hari, 'selesai', b.selesai)
      WHEN 'kke_jawaban' THEN json_build_object('jenis', b.jenis, 'kunci', b.kunci, 'pegawai_id', b.pegawai_id,
             'unor_id', b.unor_id, 'nama', b.nama, 'dibuat', b.dibuat, 'hari', b.hari, 'selesai', b.selesai)
      WHEN 'tindak_lanjut' THEN json_build_object('jenis', b.jenis, 'kunci', b.kunci, 'pegawai_id', b.pegawai_id,
             'unor_id', b.unor_id, 'nip', b.nip, 'nama', b.nama, 'tahap_sanksi', b.tahap_sanksi,
             'jatuh_tempo', b.jatuh_tempo, 'selesai', b.selesai)
      ELSE json_build_object('jenis', b.jenis, 'kunci', b.kunci, 'pegawai_id', b.pegawai_id, 'unor_id', b.unor_id,
             'nip', b.nip, 'nama', b.nama, 'dinilai_nip', b.dinilai_nip, 'akhir', b.akhir, 'tenggang', b.tenggang,
             'hari', b.hari, 'selesai', b.selesai) END), '[]'::json))   -- evaluasi_periodik, evaluasi_tahunan
    FROM tenggat_baris(th, uid) b $$;

-- The same facts counted (the whole-instansi report needs no names): one object per distinct
-- kind, PD, base dates, settings and completion day, with n, the number of items that share them.
CREATE OR REPLACE FUNCTION tenggat_ringkas(th int, uid bigint) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('items', COALESCE(json_agg(json_build_object('jenis', jenis, 'unor_id', unor_id, 'batas', batas,
           'mutasi', mutasi, 'tmt', tmt, 'akhir', akhir, 'tenggang', tenggang, 'buka_ulang', buka_ulang, 'hari', hari,
           'diajukan', diajukan, 'dibuat', dibuat, 'jatuh_tempo', jatuh_tempo, 'selesai', selesai, 'n', n)), '[]'::json))
    FROM (SELECT jenis, unor_id, batas, mutasi, tmt, akhir, tenggang, buka_ulang, hari, diajukan, dibuat, jatuh_tempo,
                 selesai, count(*) AS n
            FROM tenggat_baris(th, uid)
           GROUP BY jenis, unor_id, batas, mutasi, tmt, akhir, tenggang, buka_ulang, hari, diajukan, dibuat, jatuh_tempo,
                    selesai) g $$;

-- Record reminders (items: [{jenis, kunci, tahap, pegawai_id, unor_id, jatuh_tempo, keterangan}]);
-- an item and stage already recorded is skipped, so a reminder fires once. Returns how many are new.
CREATE OR REPLACE FUNCTION pengingat_catat(items jsonb, pid bigint) RETURNS int LANGUAGE sql AS $$
  WITH ins AS (
    INSERT INTO pengingat (jenis, kunci, tahap, pegawai_id, unor_id, jatuh_tempo, keterangan, pekerjaan_id)
    SELECT x->>'jenis', x->>'kunci', x->>'tahap', (x->>'pegawai_id')::bigint, (x->>'unor_id')::bigint,
           (x->>'jatuh_tempo')::date, x->>'keterangan', pid
      FROM jsonb_array_elements(items) x
    ON CONFLICT (instansi_id, jenis, kunci, tahap) DO NOTHING RETURNING 1)
  SELECT count(*)::int FROM ins $$;

CREATE OR REPLACE FUNCTION pengingat_json(g pengingat) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', g.id, 'jenis', g.jenis, 'kunci', g.kunci, 'tahap', g.tahap,
    'pegawai_id', g.pegawai_id, 'nip', (SELECT nip FROM pegawai WHERE instansi_id = g.instansi_id AND id = g.pegawai_id),
    'unor_id', g.unor_id, 'jatuh_tempo', g.jatuh_tempo, 'keterangan', g.keterangan, 'created_at', g.created_at) $$;

-- GET /v1/pengingat: the caller's own (pegawai), its PD's (admin_pd), all (admin_bkpsdm, auditor).
CREATE OR REPLACE FUNCTION api_pengingat_list(after bigint, lim int, jn text, uid bigint, tp text) RETURNS json
LANGUAGE sql STABLE AS $$
  WITH me AS (SELECT id FROM pegawai WHERE instansi_id = app_instansi_id() AND nip = app_nip()),
  scope AS (SELECT app_scope_path() AS path)
  SELECT json_build_object('items', COALESCE(json_agg(pengingat_json(g) ORDER BY g.id), '[]'::json),
         'next_cursor', CASE WHEN count(*) = lim THEN max(g.id) END)
    FROM (SELECT g.* FROM pengingat g
           WHERE g.instansi_id = app_instansi_id() AND g.id > after
             AND (jn IS NULL OR g.jenis = jn) AND (tp IS NULL OR g.tahap = tp)
             AND (uid IS NULL OR g.unor_id = uid)
             AND (CASE WHEN (SELECT path FROM scope) = '/' THEN true
                       WHEN (SELECT path FROM scope) IS NOT NULL THEN EXISTS (
                         SELECT 1 FROM unor u WHERE u.instansi_id = g.instansi_id AND u.id = g.unor_id
                            AND u.path LIKE (SELECT path FROM scope) || '%')
                       ELSE g.pegawai_id = (SELECT id FROM me) END)
           ORDER BY g.id LIMIT lim) g $$;

-- The unit of a timeliness report: a unit the caller may read, with its name (404 otherwise).
CREATE OR REPLACE FUNCTION ketepatan_unit(uid bigint) RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE u unor;
BEGIN
  SELECT * INTO u FROM unor WHERE instansi_id = app_instansi_id() AND id = uid AND path LIKE app_scope_path() || '%';
  IF NOT FOUND THEN PERFORM kn_not_found('Unor', 'Unit', uid); END IF;
  RETURN json_build_object('id', u.id, 'nama', u.nama);
END $$;

-- ---- purges (steps of the purge job; src/jobs/purge.c lists them) ----------------------------

-- Document registrations never rendered (no PDF hash, no signed copy): nothing was printed, so
-- nothing needs verifying. Rendered documents stay forever (a printout must keep verifying).
-- Definer: the server role may not delete documents otherwise; confined to the tenant.
CREATE OR REPLACE FUNCTION dokumen_purge(older_than interval) RETURNS int LANGUAGE sql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  WITH d AS (DELETE FROM dokumen d WHERE d.instansi_id = app_instansi_id() AND d.sha256 IS NULL AND d.ttd_sha256 IS NULL
               AND d.dibuat_at < now() - older_than
               AND NOT EXISTS (SELECT 1 FROM dokumen_berkas b WHERE b.instansi_id = d.instansi_id AND b.dokumen_id = d.id)
             RETURNING 1)
  SELECT count(*)::int FROM d $$;

-- Webhook delivery log rows older than older_than (the subscription's position is elsewhere).
CREATE OR REPLACE FUNCTION webhook_pengiriman_purge(older_than interval) RETURNS int LANGUAGE sql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  WITH d AS (DELETE FROM webhook_pengiriman WHERE instansi_id = app_instansi_id() AND dikirim_at < now() - older_than
             RETURNING 1)
  SELECT count(*)::int FROM d $$;

-- Finished runs older than older_than.
CREATE OR REPLACE FUNCTION pekerjaan_purge(older_than interval) RETURNS int LANGUAGE sql AS $$
  WITH d AS (DELETE FROM pekerjaan WHERE instansi_id = app_instansi_id() AND status IN ('SELESAI', 'GAGAL')
               AND created_at < now() - older_than RETURNING 1)
  SELECT count(*)::int FROM d $$;

-- Planner statistics of the large tables (the statistik job). Definer: only the owner may ANALYZE.
CREATE OR REPLACE FUNCTION statistik_refresh() RETURNS json LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
  ANALYZE unor; ANALYZE pegawai; ANALYZE skp; ANALYZE periode; ANALYZE realisasi; ANALYZE evaluasi;
  ANALYZE audit_log; ANALYZE perubahan_txn;
  RETURN json_build_object('tabel', 8);
END $$;

REVOKE ALL ON FUNCTION dokumen_purge(interval), webhook_pengiriman_purge(interval), statistik_refresh() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dokumen_purge(interval), webhook_pengiriman_purge(interval), statistik_refresh() TO kinerja_app;
