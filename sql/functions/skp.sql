-- Module skp (src/api/skp.c, src/domain/skp.c).

-- SQL side of the planning API: access, the whole-SKP JSON, facts for the workflow decision
-- (made in C, src/domain/skp.c), and atomic writes. Owner: planning module.

-- The instansi's SKP deadline for a year (default 31 January), clipped to the month's length:
-- the rule as an inlinable expression over the instansi's settings (skp_dokumen joins the
-- instansi row itself), and the lookup for the callers that have only the year.
CREATE OR REPLACE FUNCTION skp_batas_dari(th int, bulan int, hari int) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT make_date(th, bulan, least(hari, extract(day FROM (make_date(th, bulan, 1) + interval '1 month - 1 day'))::int)) $$;

CREATE OR REPLACE FUNCTION skp_deadline(th int) RETURNS date LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT skp_batas_dari(th, i.batas_skp_bulan, i.batas_skp_hari) FROM instansi i WHERE i.id = app_instansi_id());
END $$;

-- Who may see SKP s: a reader whose scope (app_scope_for) holds the SKP's unit (path upath), or the
-- pegawai `me` when they own, appraise (penilai) or supervise (atasan penilai) it; false, never
-- null. The one rule of skp_actor's 'visible' and of skp_terlihat; a scalar SQL function without
-- subqueries, so it is inlined into both.
CREATE OR REPLACE FUNCTION skp_tampak(s skp, me bigint, upath text, scope text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT COALESCE(upath LIKE scope || '%', false)
      OR COALESCE(me = ANY (ARRAY[s.pegawai_id, s.penilai_pegawai_id, s.atasan_pegawai_id]), false) $$;

-- How the caller relates to an SKP. Everything the C layer needs to decide rights. Null-safe:
-- every flag is true or false, never null. A penilai or atasan who is not a pegawai (the Kepala
-- Daerah) has no nip, so comparing with it is "no relation", and a token nip that names nobody
-- relates to nothing. owner/penilai/atasan are write relations: they hold only for a role that
-- may write (app_may_write); `visible` counts the relation whatever the role.
-- plpgsql (plans made once per connection) and one lookup each: the caller's own pegawai id by
-- the token's NIP (index), the SKP's unit path, and the PD path only for an admin_pd.
CREATE OR REPLACE FUNCTION skp_actor(s skp) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE
  roles text[] := app_roles();
  mw boolean := app_may_write();
  pd text;
  me bigint;
  upath text;
  own boolean; pen boolean; ata boolean; in_write boolean;
BEGIN
  IF 'admin_pd' = ANY (roles) THEN pd := COALESCE(app_pd_path(), '/-/'); END IF;
  -- one query for both lookups (each query of a plpgsql body is an executor start and end)
  SELECT (SELECT id FROM pegawai WHERE instansi_id = s.instansi_id AND nip = app_nip()),
         (SELECT path FROM unor WHERE instansi_id = s.instansi_id AND id = s.unor_id) INTO me, upath;
  own := COALESCE(me = s.pegawai_id, false);
  pen := COALESCE(me = s.penilai_pegawai_id, false);
  ata := COALESCE(me = s.atasan_pegawai_id, false);
  in_write := COALESCE(upath LIKE app_write_for(pd) || '%', false);
  RETURN jsonb_build_object(
    'owner', mw AND own,
    'penilai', mw AND pen,
    'atasan', mw AND ata,
    'admin_pd', COALESCE(upath LIKE pd || '%', false),
    'admin_bkpsdm', 'admin_bkpsdm' = ANY (roles),
    'write_scope', in_write,
    'visible', skp_tampak(s, me, upath, app_scope_for(pd)));
END $$;

-- SKP sid of the tenant when the caller may see it (skp_tampak), no row otherwise. A set-returning
-- SQL function of one SELECT, so the planner inlines it into the calling statement: the caller's
-- pegawai id, the unit's path and the scope are looked up once, in the statement's own plan.
CREATE OR REPLACE FUNCTION skp_terlihat(sid bigint) RETURNS SETOF skp LANGUAGE sql STABLE AS $$
  SELECT s.* FROM skp s
   WHERE s.instansi_id = app_instansi_id() AND s.id = sid
     AND skp_tampak(s, (SELECT p.id FROM pegawai p WHERE p.instansi_id = s.instansi_id AND p.nip = app_nip()),
                    (SELECT u.path FROM unor u WHERE u.instansi_id = s.instansi_id AND u.id = s.unor_id),
                    app_scope_path()) $$;

-- SKP sid exists in the tenant and the caller may see it (false, never null, otherwise).
CREATE OR REPLACE FUNCTION skp_visible(sid bigint) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM skp_terlihat(sid));
END $$;

CREATE OR REPLACE FUNCTION indikator_json(i indikator) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', i.id, 'rhk_id', i.rhk_id, 'aspek', i.aspek, 'uraian', i.uraian,
    'target_min', i.target_min, 'target_max', i.target_max, 'satuan', i.satuan,
    'target_teks', i.target_teks, 'arah', i.arah, 'urutan', i.urutan, 'version', i.version) $$;

-- The JSON documents of an RHK and of a whole SKP are set-returning SQL functions of one SELECT
-- (one row): the planner inlines those into the calling statement (a scalar SQL function with
-- subqueries it does not), so GET /v1/skp/{id} is one plan of nested json_agg, made once per
-- connection, with no plpgsql call per RHK, per lampiran section or for the deadline.
-- rhk_json / skp_json are the same documents for plpgsql callers (the writes answer with them).
-- GET /v1/skp/{id} writes the same document in C from rows (src/api/skp_rows.c): a change here
-- is a change there; tests/api/test_skp_bytes.py compares the two byte for byte. The id after
-- urutan makes the order total, as the C side's sort has it.
CREATE OR REPLACE FUNCTION rhk_dokumen(r rhk) RETURNS SETOF json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', r.id, 'skp_id', r.skp_id, 'jenis_rhk', r.jenis_rhk, 'uraian', r.uraian,
    'rhk_atasan_id', r.rhk_atasan_id, 'jenis_intervensi', r.jenis_intervensi, 'perspektif', r.perspektif,
    'bobot', r.bobot, 'urutan', r.urutan, 'version', r.version,
    'indikator', COALESCE((SELECT json_agg(indikator_json(i) ORDER BY i.urutan, i.id) FROM indikator i
                            WHERE i.instansi_id = r.instansi_id AND i.rhk_id = r.id), '[]'::json),
    -- coverage both ways: the subordinate RHK that intervene this one
    'diintervensi_oleh', COALESCE((SELECT json_agg(json_build_object('rhk_id', c.id, 'skp_id', c.skp_id,
                            'nip', p.nip, 'nama', p.nama, 'uraian', c.uraian, 'jenis_intervensi', c.jenis_intervensi)
                            ORDER BY c.id)
                            FROM rhk c JOIN skp cs ON cs.instansi_id = c.instansi_id AND cs.id = c.skp_id
                            JOIN pegawai p ON p.instansi_id = cs.instansi_id AND p.id = cs.pegawai_id
                           WHERE c.instansi_id = r.instansi_id AND c.rhk_atasan_id = r.id), '[]'::json)) $$;

CREATE OR REPLACE FUNCTION rhk_json(r rhk) RETURNS json LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT d FROM rhk_dokumen(r) d);
END $$;

-- The whole SKP (GET /v1/skp/{id}, and the answer of every SKP write).
CREATE OR REPLACE FUNCTION skp_dokumen(s skp) RETURNS SETOF json LANGUAGE sql STABLE AS $$
  SELECT json_build_object(
    'id', s.id, 'tahun', s.tahun, 'periode_awal', s.periode_awal, 'periode_akhir', s.periode_akhir,
    'jenis_skp', s.jenis_skp, 'pendekatan', s.pendekatan, 'status', s.status, 'versi', s.versi,
    'pegawai', (SELECT json_build_object('nip', p.nip, 'nama', p.nama, 'jenis_asn', p.jenis_asn)
                  FROM pegawai p WHERE p.instansi_id = s.instansi_id AND p.id = s.pegawai_id),
    'unor_id', s.unor_id, 'jabatan', s.jabatan, 'jenis_jabatan', s.jenis_jabatan,
    'pejabat_penilai', s.penilai_snapshot->'pejabat_penilai',
    'atasan_penilai', s.penilai_snapshot->'atasan_penilai',
    'rhk', COALESCE((SELECT json_agg(d ORDER BY r.jenis_rhk DESC, r.urutan, r.id) FROM rhk r, rhk_dokumen(r) d
                      WHERE r.instansi_id = s.instansi_id AND r.skp_id = s.id), '[]'::json),
    'perilaku', COALESCE((SELECT json_agg(json_build_object('nilai', b.nilai, 'ekspektasi_khusus', b.ekspektasi_khusus)
                           ORDER BY b.urutan, b.id) FROM skp_perilaku b
                          WHERE b.instansi_id = s.instansi_id AND b.skp_id = s.id), '[]'::json),
    -- the three sections in one walk of the SKP's lampiran
    'lampiran', (SELECT json_build_object(
       'dukungan_sumber_daya', COALESCE(json_agg(l.uraian ORDER BY l.urutan, l.id) FILTER (WHERE l.jenis = 'DUKUNGAN_SUMBER_DAYA'), '[]'::json),
       'skema_pertanggungjawaban', COALESCE(json_agg(l.uraian ORDER BY l.urutan, l.id) FILTER (WHERE l.jenis = 'SKEMA_PERTANGGUNGJAWABAN'), '[]'::json),
       'konsekuensi', COALESCE(json_agg(l.uraian ORDER BY l.urutan, l.id) FILTER (WHERE l.jenis = 'KONSEKUENSI'), '[]'::json))
       FROM skp_lampiran l WHERE l.instansi_id = s.instansi_id AND l.skp_id = s.id),
    'batas_waktu', skp_batas_dari(s.tahun, i.batas_skp_bulan, i.batas_skp_hari),
    -- set after the deadline, or not set and the deadline has passed
    'terlambat', COALESCE(COALESCE(s.tanggal_ditetapkan::date, current_date)
                          > skp_batas_dari(s.tahun, i.batas_skp_bulan, i.batas_skp_hari), false),
    'ditetapkan_pengelola', s.ditetapkan_pengelola,
    'tanggal_diajukan', s.tanggal_diajukan, 'tanggal_ditetapkan', s.tanggal_ditetapkan,
    'version', s.version, 'created_at', s.created_at, 'updated_at', s.updated_at)
  FROM (SELECT) one LEFT JOIN instansi i ON i.id = app_instansi_id() $$;

CREATE OR REPLACE FUNCTION skp_json(s skp) RETURNS json LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT d FROM skp_dokumen(s) d);
END $$;

-- Row + access check: 404 unless the caller may see the SKP.
CREATE OR REPLACE FUNCTION skp_for(sid bigint) RETURNS skp LANGUAGE plpgsql STABLE AS $$
DECLARE s skp;
BEGIN
  SELECT * INTO s FROM skp_terlihat(sid);
  IF s.id IS NULL THEN
    PERFORM kn_not_found('SKP', 'SKP', sid);
  END IF;
  RETURN s;
END $$;

-- The caller may change the content of visible SKP s: its owner or a pengelola in scope (403).
CREATE OR REPLACE FUNCTION skp_check_editor(s skp) RETURNS void LANGUAGE plpgsql STABLE AS $$
DECLARE a jsonb := skp_actor(s);
BEGIN
  IF NOT ((a->>'owner')::boolean OR (a->>'write_scope')::boolean) THEN
    PERFORM kn_raise('403', 'forbidden', 'Hanya pemilik SKP atau pengelola kinerja yang boleh mengubahnya',
                     'Only the SKP owner or a pengelola kinerja may change it');
  END IF;
END $$;

-- For content edits: visible, editable state, and the caller is the owner or a pengelola in scope.
-- Returns the row as it was before the version bump: writes compare If-Match with its version
-- after this call, so a caller without the right gets 403, never 412 (issue 15, item 11).
CREATE OR REPLACE FUNCTION skp_for_edit(sid bigint) RETURNS skp LANGUAGE plpgsql AS $$
DECLARE s skp := skp_for(sid);
BEGIN
  PERFORM skp_check_editor(s);
  IF s.status NOT IN ('DRAFT','DIKEMBALIKAN') THEN
    PERFORM kn_raise('409', 'skp_not_editable',
      'SKP berstatus ' || s.status || ' tidak dapat diubah; hanya DRAFT atau DIKEMBALIKAN (gunakan revisi)',
      'An SKP in state ' || s.status || ' cannot be edited; only DRAFT or DIKEMBALIKAN (use revisi)');
  END IF;
  -- every content change is a new version of the whole SKP (ETag of GET /v1/skp/{id})
  UPDATE skp SET version = version + 1, updated_at = now() WHERE instansi_id = s.instansi_id AND id = s.id;
  RETURN s;
END $$;

CREATE OR REPLACE FUNCTION api_skp_create(b jsonb, pen jsonb) RETURNS json LANGUAGE plpgsql AS $$
DECLARE p pegawai; s skp; th int := (b->>'tahun')::int; awal date; akhir date; up text;
BEGIN
  SELECT * INTO p FROM pegawai WHERE instansi_id = app_instansi_id() AND nip = b->>'nip';
  IF p.id IS NOT NULL THEN SELECT path INTO up FROM unor WHERE instansi_id = p.instansi_id AND id = p.unor_id; END IF;
  IF p.id IS NULL OR NOT (COALESCE(p.nip = app_nip(), false) OR COALESCE(up LIKE app_write_path() || '%', false)) THEN
    PERFORM kn_raise('404', 'not_found', 'Pegawai tidak ditemukan', 'Pegawai not found');  -- as C's answer for an unknown NIP
  END IF;
  IF p.status <> 'AKTIF' THEN
    PERFORM kn_raise('422', 'skp_excluded', 'Pegawai berstatus ' || p.status || ' dikecualikan dari perencanaan SKP',
                     'A pegawai with status ' || p.status || ' is excluded from SKP planning');
  END IF;
  awal := COALESCE((b->>'periode_awal')::date, greatest(make_date(th, 1, 1), COALESCE(p.tmt_jabatan, make_date(th, 1, 1))));
  akhir := COALESCE((b->>'periode_akhir')::date, make_date(th, 12, 31));
  IF extract(year FROM awal) <> th OR extract(year FROM akhir) <> th OR akhir < awal THEN
    PERFORM kn_raise('422', 'validation_failed', 'Periode harus di dalam tahun ' || th || ' dan awal <= akhir',
                     'The period must lie within ' || th || ' and start <= end');
  END IF;
  INSERT INTO skp (pegawai_id, tahun, periode_awal, periode_akhir, jenis_skp, pendekatan, unor_id, jabatan,
                   jenis_jabatan, penilai_jenis, penilai_pegawai_id, atasan_jenis, atasan_pegawai_id, penilai_snapshot)
  VALUES (p.id, th, awal, akhir, CASE WHEN p.jenis_jabatan = 'JPT' THEN 'JPT' ELSE 'NON_JPT' END,
          COALESCE(b->>'pendekatan', 'KUANTITATIF'), p.unor_id, p.jabatan, p.jenis_jabatan,
          pen->>'penilai_jenis', (pen->>'penilai_id')::bigint, pen->>'atasan_jenis', (pen->>'atasan_id')::bigint,
          pen->'snapshot')
  RETURNING * INTO s;
  INSERT INTO skp_perilaku (skp_id, nilai, urutan)
  SELECT s.id, v, o FROM unnest(ARRAY['BERORIENTASI_PELAYANAN','AKUNTABEL','KOMPETEN','HARMONIS','LOYAL',
                                       'ADAPTIF','KOLABORATIF']) WITH ORDINALITY AS t(v, o);
  INSERT INTO skp_transisi (skp_id, versi, aksi, dari, ke, aktor, aktor_nip)
  VALUES (s.id, 1, 'buat', NULL, 'DRAFT', current_setting('app.actor', true), app_nip());
  RETURN skp_json(s);
END $$;

CREATE OR REPLACE FUNCTION api_skp_patch(sid bigint, b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE s skp;
BEGIN
  s := skp_for_edit(sid);
  PERFORM check_version(s.version, expected);
  UPDATE skp SET pendekatan = COALESCE(b->>'pendekatan', pendekatan),
                 periode_awal = COALESCE((b->>'periode_awal')::date, periode_awal),
                 periode_akhir = COALESCE((b->>'periode_akhir')::date, periode_akhir)
   WHERE instansi_id = s.instansi_id AND id = sid RETURNING * INTO s;
  RETURN skp_json(s);
END $$;

CREATE OR REPLACE FUNCTION api_skp_delete(sid bigint, expected int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE s skp := skp_for(sid);
BEGIN
  PERFORM skp_check_editor(s);
  PERFORM check_version(s.version, expected);
  IF s.status <> 'DRAFT' OR s.versi > 1 THEN
    PERFORM kn_raise('409', 'skp_invalid_transition', 'Hanya SKP DRAFT yang belum pernah ditetapkan yang dapat dihapus',
                     'Only a DRAFT SKP that was never set can be deleted');
  END IF;
  PERFORM skp_for_edit(sid);
  DELETE FROM skp WHERE instansi_id = s.instansi_id AND id = sid;
END $$;

-- Content counts of an SKP (no access check): the guards of the workflow and the KKE checks
-- both read these. plpgsql, so its plans are kept per connection (as a SQL function, not
-- inlinable, each call paid about 0.3 ms of executor set-up: 1.2 s of a 3,800-SKP PD's KKE), and
-- one walk over the SKP's RHKs for the five RHK counts instead of one index scan each.
CREATE OR REPLACE FUNCTION skp_counts(s skp) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE n_utama bigint; n_noind bigint; n_casc bigint; b_sum numeric; b_missing bigint;
  -- the cascading check applies to a non-JPT SKP with a pegawai as penilai
  casc boolean := NOT COALESCE(s.jenis_skp = 'JPT' OR s.penilai_jenis <> 'PEGAWAI', false);
BEGIN
  SELECT count(*) FILTER (WHERE r.jenis_rhk = 'UTAMA'),
         count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM indikator i WHERE i.instansi_id = r.instansi_id AND i.rhk_id = r.id)),
         count(*) FILTER (WHERE casc AND r.jenis_rhk = 'UTAMA'
           AND NOT EXISTS (SELECT 1 FROM rhk a JOIN skp sa ON sa.instansi_id = a.instansi_id AND sa.id = a.skp_id
                            WHERE a.instansi_id = r.instansi_id AND a.id = r.rhk_atasan_id
                              AND sa.pegawai_id = s.penilai_pegawai_id AND sa.tahun = s.tahun)),
         COALESCE(sum(r.bobot), 0), count(*) FILTER (WHERE r.bobot IS NULL)
    INTO n_utama, n_noind, n_casc, b_sum, b_missing
    FROM rhk r WHERE r.instansi_id = s.instansi_id AND r.skp_id = s.id;
  RETURN jsonb_build_object(
    'rhk_utama', n_utama,
    'rhk_without_indikator', n_noind,
    'perilaku', (SELECT count(*) FROM skp_perilaku b WHERE b.instansi_id = s.instansi_id AND b.skp_id = s.id),
    'lampiran_sections', (SELECT count(DISTINCT jenis) FROM skp_lampiran l WHERE l.instansi_id = s.instansi_id AND l.skp_id = s.id),
    'cascading_missing', CASE WHEN casc THEN n_casc ELSE 0 END,
    'bobot_aktif', (SELECT bobot_aktif FROM instansi WHERE id = s.instansi_id),
    'bobot_sum', b_sum,
    'bobot_missing', b_missing);
END $$;

-- The periods of an SKP segment already assessed: an evaluation was set, which locks the period
-- (api_evaluasi_tetapkan). A revisi after that would rewrite a plan already judged (§5.2).
CREATE OR REPLACE FUNCTION skp_periode_terkunci(s skp) RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT COALESCE(array_agg(p.jenis || ' ' || p.nomor ORDER BY p.tanggal_awal), '{}')
    FROM periode p WHERE p.instansi_id = s.instansi_id AND p.skp_id = s.id AND p.terkunci_at IS NOT NULL $$;

-- Whether the segment's year-end evaluation is FINAL (evaluasi_status, sql/functions/penilaian.sql).
CREATE OR REPLACE FUNCTION skp_akhir_tahun_final(s skp) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM evaluasi e JOIN periode p ON p.instansi_id = e.instansi_id AND p.id = e.periode_id
                  WHERE e.instansi_id = s.instansi_id AND e.skp_id = s.id AND p.akhir_tahun AND evaluasi_status(e) = 'FINAL');
END $$;

-- The year closes by itself (DITETAPKAN → SELESAI) when its year-end evaluation becomes FINAL in a
-- write (a keberatan decided); one that becomes FINAL by the keberatan window passing is closed
-- by the pengelola (POST /v1/skp/{id}/selesai). Called by api_keberatan_putuskan.
CREATE OR REPLACE FUNCTION skp_selesai_otomatis(eid bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE s skp;
BEGIN
  UPDATE skp SET status = 'SELESAI'
   WHERE instansi_id = app_instansi_id() AND status = 'DITETAPKAN'
     AND id = (SELECT e.skp_id FROM evaluasi e JOIN periode p ON p.instansi_id = e.instansi_id AND p.id = e.periode_id
                WHERE e.instansi_id = app_instansi_id() AND e.id = eid AND p.akhir_tahun AND e.status = 'FINAL')
  RETURNING * INTO s;
  IF s.id IS NOT NULL THEN
    INSERT INTO skp_transisi (skp_id, versi, aksi, dari, ke, aktor, aktor_nip, alasan)
    VALUES (s.id, s.versi, 'selesai', 'DITETAPKAN', 'SELESAI', current_setting('app.actor', true), app_nip(),
            'Evaluasi akhir tahun FINAL (keberatan diputus)');
  END IF;
END $$;

-- Facts for the workflow decision in C.
CREATE OR REPLACE FUNCTION skp_facts(sid bigint) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT (jsonb_build_object(
    'status', s.status, 'version', s.version, 'actor', skp_actor(s),
    'periode_terkunci', skp_periode_terkunci(s), 'akhir_tahun_final', skp_akhir_tahun_final(s),
    'deadline_passed', current_date > skp_deadline(s.tahun),
    'periode_awal', s.periode_awal, 'periode_akhir', s.periode_akhir,
    'periode_penilaian', (SELECT periode_penilaian FROM instansi WHERE id = s.instansi_id)) || skp_counts(s))::json
  FROM skp_for(sid) s $$;

-- periods: the evaluation periods computed in C (src/domain/periode.c) when the SKP is set;
-- written by periode_sync (migration 0008), which the transition calls when present.
CREATE OR REPLACE FUNCTION api_skp_transition(sid bigint, aksi text, ke text, alasan text, expected int,
                                   by_pengelola boolean, b jsonb, periods jsonb) RETURNS json LANGUAGE plpgsql AS $$
DECLARE s skp := skp_for(sid); dari text := s.status;
BEGIN
  PERFORM check_version(s.version, expected);
  -- the rules of dom_skp_decide that hang on data, held where the data lives
  IF aksi = 'revisi' AND cardinality(skp_periode_terkunci(s)) > 0 THEN
    PERFORM kn_raise('409', 'skp_periode_terkunci', 'SKP tidak dapat direvisi: periode ' ||
      array_to_string(skp_periode_terkunci(s), ', ') || ' sudah dinilai dan dikunci',
      'The SKP cannot be revised: period ' || array_to_string(skp_periode_terkunci(s), ', ') || ' is assessed and locked');
  END IF;
  IF aksi = 'selesai' AND NOT skp_akhir_tahun_final(s) THEN
    PERFORM kn_raise('409', 'skp_evaluasi_akhir_belum_final', 'Evaluasi akhir tahun SKP ini belum FINAL',
                     'The year-end evaluation of this SKP is not FINAL');
  END IF;
  IF aksi = 'revisi' THEN
    -- keep the version being replaced readable
    INSERT INTO skp_versi (skp_id, versi, isi) VALUES (s.id, s.versi, skp_json(s)::jsonb);
  END IF;
  UPDATE skp SET status = ke,
    versi = CASE WHEN aksi = 'revisi' THEN versi + 1 ELSE versi END,
    tanggal_diajukan = CASE WHEN aksi = 'ajukan' THEN now() ELSE tanggal_diajukan END,
    tanggal_ditetapkan = CASE WHEN aksi = 'tetapkan' THEN now() WHEN aksi = 'revisi' THEN NULL ELSE tanggal_ditetapkan END,
    ditetapkan_pengelola = CASE WHEN aksi = 'tetapkan' THEN by_pengelola ELSE ditetapkan_pengelola END,
    periode_akhir = CASE WHEN aksi = 'tutup'
                         THEN greatest(periode_awal, least(periode_akhir, COALESCE((b->>'tanggal_selesai')::date, current_date)))
                         ELSE periode_akhir END,
    version = version + 1
  WHERE instansi_id = s.instansi_id AND id = s.id AND version = s.version
  RETURNING * INTO s;
  IF s.id IS NULL THEN
    PERFORM kn_raise('412', 'precondition_failed', 'SKP berubah bersamaan; muat ulang lalu ulangi',
                     'The SKP changed concurrently; reload and retry');
  END IF;
  INSERT INTO skp_transisi (skp_id, versi, aksi, dari, ke, aktor, aktor_nip, alasan, oleh_pengelola)
  VALUES (s.id, s.versi, aksi, dari, ke, current_setting('app.actor', true), app_nip(), alasan, by_pengelola);
  IF periods IS NOT NULL THEN
    PERFORM periode_sync(s, periods);  -- defined with the periode table (0009)
  END IF;
  RETURN skp_json(s);
END $$;

CREATE OR REPLACE FUNCTION api_skp_riwayat(sid bigint) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('skp_id', s.id, 'versi_saat_ini', s.versi,
    'transisi', COALESCE((SELECT json_agg(json_build_object('aksi', t.aksi, 'dari', t.dari, 'ke', t.ke, 'versi', t.versi,
                  'aktor', t.aktor, 'aktor_nip', t.aktor_nip, 'alasan', t.alasan, 'oleh_pengelola', t.oleh_pengelola,
                  'at', t.at) ORDER BY t.id) FROM skp_transisi t WHERE t.instansi_id = s.instansi_id AND t.skp_id = s.id), '[]'::json),
    'versi_sebelumnya', COALESCE((SELECT json_agg(json_build_object('versi', v.versi, 'diganti_at', v.diganti_at, 'isi', v.isi)
                  ORDER BY v.versi) FROM skp_versi v WHERE v.instansi_id = s.instansi_id AND v.skp_id = s.id), '[]'::json))
  FROM skp_for(sid) s $$;

