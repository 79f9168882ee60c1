-- Module sanksi: sanction cases for a low annual predikat (domain.md R18, §7.4, §7.5): facts for
-- the decisions made in C (src/domain/sanksi.c), the writes, the list and the semester count of
-- overdue stages. A stage is overdue while it is open and its jatuh_tempo has passed.
-- Owner: follow-up module (src/api/sanksi.c).

-- Who sees a case: the caller's unit scope (pengelola, auditor) or the pegawai it is about.
CREATE OR REPLACE FUNCTION sanksi_visible(k sanksi) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM pegawai p JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id
                  WHERE p.instansi_id = k.instansi_id AND p.id = k.pegawai_id
                    AND ((app_scope_path() IS NOT NULL AND u.path LIKE app_scope_path() || '%') OR p.nip = app_nip())) $$;

CREATE OR REPLACE FUNCTION sanksi_for(kid bigint) RETURNS sanksi LANGUAGE plpgsql STABLE AS $$
DECLARE k sanksi;
BEGIN
  SELECT * INTO k FROM sanksi WHERE instansi_id = app_instansi_id() AND id = kid;
  IF k.id IS NULL OR NOT sanksi_visible(k) THEN PERFORM kn_not_found('Kasus sanksi', 'Sanction case', kid); END IF;
  RETURN k;
END $$;

CREATE OR REPLACE FUNCTION sanksi_tahap_json(t sanksi_tahap) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', t.id, 'urutan', t.urutan, 'tahap', t.tahap, 'tanggal_mulai', t.tanggal_mulai,
    'jatuh_tempo', t.jatuh_tempo, 'terlambat', t.keputusan IS NULL AND t.jatuh_tempo < current_date,
    'keputusan', t.keputusan, 'tanggal_keputusan', t.tanggal_keputusan, 'nomor_keputusan', t.nomor_keputusan,
    'catatan', t.catatan, 'diputus_oleh', t.diputus_oleh, 'diputus_at', t.diputus_at) $$;

CREATE OR REPLACE FUNCTION sanksi_json(k sanksi) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', k.id, 'tahun', k.tahun, 'evaluasi_id', k.evaluasi_id,
    'pegawai', (SELECT json_build_object('nip', p.nip, 'nama', p.nama, 'jenis_asn', k.jenis_asn, 'unor_id', p.unor_id)
                  FROM pegawai p WHERE p.instansi_id = k.instansi_id AND p.id = k.pegawai_id),
    'predikat', k.predikat, 'dasar', k.dasar, 'status', k.status, 'hasil', k.hasil, 'tanggal_mulai', k.tanggal_mulai,
    'dibuka_oleh', k.dibuka_oleh,
    'tahap_aktif', (SELECT sanksi_tahap_json(t) FROM sanksi_tahap t
                     WHERE t.instansi_id = k.instansi_id AND t.sanksi_id = k.id AND t.keputusan IS NULL),
    'tahap', (SELECT COALESCE(json_agg(sanksi_tahap_json(t) ORDER BY t.urutan), '[]'::json) FROM sanksi_tahap t
               WHERE t.instansi_id = k.instansi_id AND t.sanksi_id = k.id),
    'version', k.version, 'created_at', k.created_at, 'updated_at', k.updated_at) $$;

-- Facts for opening a case on evaluation eid (visible to the caller: evaluasi_for, 404 otherwise).
CREATE OR REPLACE FUNCTION sanksi_facts_baru(eid bigint) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('akhir_tahun', p.akhir_tahun, 'status', evaluasi_status(e), 'predikat', e.predikat,
    'ditetapkan', (e.ditetapkan_at AT TIME ZONE 'UTC')::date, 'jenis_jabatan', pg.jenis_jabatan,
    'jenis_asn', pg.jenis_asn, 'today', current_date,
    'berjalan', EXISTS (SELECT 1 FROM sanksi k WHERE k.instansi_id = e.instansi_id AND k.pegawai_id = s.pegawai_id
                          AND k.status = 'BERJALAN'))
    FROM evaluasi_for(eid) e
    JOIN periode p ON p.instansi_id = e.instansi_id AND p.id = e.periode_id
    JOIN skp s ON s.instansi_id = e.instansi_id AND s.id = e.skp_id
    JOIN pegawai pg ON pg.instansi_id = s.instansi_id AND pg.id = s.pegawai_id $$;

-- POST /v1/sanksi: the case and its first stage (tahap, mulai, jatuh_tempo from dom_sanksi_buka).
CREATE OR REPLACE FUNCTION api_sanksi_buat(b jsonb, tahap text, mulai date, jatuh_tempo date) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE e evaluasi := evaluasi_for((b->>'evaluasi_id')::bigint); k sanksi;
BEGIN
  INSERT INTO sanksi (pegawai_id, evaluasi_id, tahun, jenis_asn, predikat, dasar, tanggal_mulai, dibuka_oleh)
  SELECT s.pegawai_id, e.id, s.tahun, pg.jenis_asn, e.predikat, b->>'dasar', mulai, current_setting('app.actor', true)
    FROM skp s JOIN pegawai pg ON pg.instansi_id = s.instansi_id AND pg.id = s.pegawai_id
   WHERE s.instansi_id = e.instansi_id AND s.id = e.skp_id
  RETURNING * INTO k;
  INSERT INTO sanksi_tahap (sanksi_id, urutan, tahap, tanggal_mulai, jatuh_tempo)
  VALUES (k.id, 1, tahap, mulai, jatuh_tempo);
  RETURN sanksi_json(k);
END $$;

-- Facts for a decision on case kid: its open stage.
CREATE OR REPLACE FUNCTION sanksi_facts(kid bigint) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('status', k.status, 'version', k.version, 'jenis_asn', k.jenis_asn, 'today', current_date,
    'tahap', (SELECT json_build_object('id', t.id, 'tahap', t.tahap, 'tanggal_mulai', t.tanggal_mulai,
                                       'jatuh_tempo', t.jatuh_tempo)
                FROM sanksi_tahap t WHERE t.instansi_id = k.instansi_id AND t.sanksi_id = k.id AND t.keputusan IS NULL))
    FROM sanksi_for(kid) k $$;

-- POST /v1/sanksi/{id}/keputusan: the decision on open stage tid, as dom_sanksi_putuskan decided
-- it: the case closes with hasil, or stage next_tahap opens (next_mulai, next_jatuh_tempo).
CREATE OR REPLACE FUNCTION api_sanksi_putuskan(kid bigint, tid bigint, b jsonb, hasil text, next_tahap text,
                                               next_mulai date, next_jatuh_tempo date, expected int)
RETURNS json LANGUAGE plpgsql AS $$
DECLARE k sanksi := sanksi_for(kid); t sanksi_tahap;
BEGIN
  SELECT * INTO k FROM sanksi WHERE instansi_id = k.instansi_id AND id = k.id FOR UPDATE;
  PERFORM check_version(k.version, expected);
  UPDATE sanksi_tahap SET keputusan = b->>'keputusan', tanggal_keputusan = (b->>'tanggal')::date,
         nomor_keputusan = b->>'nomor_keputusan', catatan = b->>'catatan',
         diputus_oleh = current_setting('app.actor', true), diputus_at = now()
   WHERE instansi_id = k.instansi_id AND sanksi_id = k.id AND id = tid AND keputusan IS NULL RETURNING * INTO t;
  IF t.id IS NULL THEN
    PERFORM kn_raise('409', 'sanksi_invalid_transition', 'Tahap ini sudah diputus; muat ulang kasusnya',
                     'This stage was already decided; reload the case');
  END IF;
  IF hasil IS NOT NULL THEN
    UPDATE sanksi SET status = 'SELESAI', hasil = api_sanksi_putuskan.hasil
     WHERE instansi_id = k.instansi_id AND id = k.id RETURNING * INTO k;
  ELSE
    INSERT INTO sanksi_tahap (sanksi_id, urutan, tahap, tanggal_mulai, jatuh_tempo)
    VALUES (k.id, t.urutan + 1, next_tahap, next_mulai, next_jatuh_tempo);
    UPDATE sanksi SET updated_at = now() WHERE instansi_id = k.instansi_id AND id = k.id RETURNING * INTO k;
  END IF;
  RETURN sanksi_json(k);
END $$;

-- GET /v1/sanksi: the cases the caller may see, by id; terlambat: only (true) / never (false)
-- those whose open stage is past its jatuh_tempo.
CREATE OR REPLACE FUNCTION sanksi_list(after bigint, lim int, st text, uid bigint, nip_ text, th int, terlambat boolean)
RETURNS json LANGUAGE sql STABLE AS $$
  WITH base AS (SELECT path FROM unor WHERE instansi_id = app_instansi_id() AND id = uid),
  page AS (SELECT k.* FROM sanksi k
             JOIN pegawai p ON p.instansi_id = k.instansi_id AND p.id = k.pegawai_id
             JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id
            WHERE k.instansi_id = app_instansi_id() AND k.id > after
              AND ((app_scope_path() IS NOT NULL AND u.path LIKE app_scope_path() || '%') OR p.nip = app_nip())
              AND (st IS NULL OR k.status = st) AND (th IS NULL OR k.tahun = th) AND (nip_ IS NULL OR p.nip = nip_)
              AND (uid IS NULL OR u.path LIKE (SELECT path FROM base) || '%')
              AND (terlambat IS NULL OR terlambat = EXISTS (
                     SELECT 1 FROM sanksi_tahap t WHERE t.instansi_id = k.instansi_id AND t.sanksi_id = k.id
                        AND t.keputusan IS NULL AND t.jatuh_tempo < current_date))
            ORDER BY k.id LIMIT lim)
  SELECT json_build_object('items', COALESCE(json_agg(sanksi_json(k) ORDER BY k.id), '[]'::json),
                           'next_cursor', CASE WHEN count(*) = lim THEN max(k.id) END)
    FROM page k $$;

-- The semester report: stages of the PD's pegawai that were overdue on some day of semester sem
-- of th up to today: open past jatuh_tempo on day d = max(semester start, jatuh_tempo + 1) with
-- d <= min(semester end, today), not decided by d.
CREATE OR REPLACE FUNCTION sanksi_terlambat_semester(uid bigint, th int, sem int) RETURNS int LANGUAGE sql STABLE AS $$
  WITH win AS (SELECT make_date(th, CASE WHEN sem = 1 THEN 1 ELSE 7 END, 1) AS a,
                      least(make_date(th, CASE WHEN sem = 1 THEN 6 ELSE 12 END, CASE WHEN sem = 1 THEN 30 ELSE 31 END),
                            current_date) AS b),
  pd AS (SELECT path FROM unor WHERE instansi_id = app_instansi_id() AND id = uid)
  SELECT count(*)::int FROM sanksi_tahap t
    JOIN sanksi k ON k.instansi_id = t.instansi_id AND k.id = t.sanksi_id
    JOIN pegawai p ON p.instansi_id = k.instansi_id AND p.id = k.pegawai_id
    JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id, win, pd
   WHERE t.instansi_id = app_instansi_id() AND u.path LIKE pd.path || '%'
     AND greatest(win.a, t.jatuh_tempo + 1) <= win.b
     AND (t.tanggal_keputusan IS NULL OR t.tanggal_keputusan > greatest(win.a, t.jatuh_tempo + 1)) $$;
