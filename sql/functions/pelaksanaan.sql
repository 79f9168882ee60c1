-- Module pelaksanaan (src/api/periode.c, periode_gate.c, bukti.c, umpan_balik.c).

-- SQL side of execution: period sync, facts for the period-open decision (made in C,
-- src/domain/periode.c), realisasi, evidence, feedback, progress. Owner: execution module.

-- Write the periods computed in C; periods that disappear (a closed segment) are removed only
-- when nothing was recorded in them.
CREATE OR REPLACE FUNCTION periode_sync(s skp, periods jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM periode p WHERE p.instansi_id = s.instansi_id AND p.skp_id = s.id
     AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(periods) x
                      WHERE x->>'jenis' = p.jenis AND (x->>'nomor')::int = p.nomor)
     AND NOT EXISTS (SELECT 1 FROM realisasi r WHERE r.instansi_id = p.instansi_id AND r.periode_id = p.id);
  INSERT INTO periode (skp_id, jenis, nomor, tanggal_awal, tanggal_akhir, akhir_tahun)
  SELECT s.id, x->>'jenis', (x->>'nomor')::int, (x->>'awal')::date, (x->>'akhir')::date, (x->>'akhir_tahun')::boolean
    FROM jsonb_array_elements(periods) x
  ON CONFLICT (instansi_id, skp_id, jenis, nomor) DO UPDATE
    SET tanggal_awal = EXCLUDED.tanggal_awal, tanggal_akhir = EXCLUDED.tanggal_akhir, akhir_tahun = EXCLUDED.akhir_tahun
  WHERE (periode.tanggal_awal, periode.tanggal_akhir, periode.akhir_tahun)
        IS DISTINCT FROM (EXCLUDED.tanggal_awal, EXCLUDED.tanggal_akhir, EXCLUDED.akhir_tahun);
END $$;

-- A write decided in C reads its facts and writes in ONE transaction (kn_db_tx_decide): the facts
-- functions (periode_facts_of, evaluasi_facts) note the SKP they found visible to the caller in a
-- transaction-local setting, and the write's visibility test (periode_for, evaluasi_for) takes
-- that note instead of computing skp_actor a second time. Only these functions set it; it ends
-- with the transaction.
-- (an assignment, not PERFORM: a PERFORM runs a whole SPI query, an assignment of a simple
-- expression does not)
CREATE OR REPLACE FUNCTION skp_visible_tx_catat(sid bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE v text;
BEGIN
  v := set_config('app.skp_visible_tx', sid::text, true);
END $$;

-- SKP sid is visible to the caller: noted by this transaction's facts read, or skp_visible.
CREATE OR REPLACE FUNCTION skp_visible_tx(sid bigint) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN sid IS NOT NULL AND (current_setting('app.skp_visible_tx', true) = sid::text OR skp_visible(sid));
END $$;

CREATE OR REPLACE FUNCTION periode_for(pid bigint) RETURNS periode LANGUAGE plpgsql STABLE AS $$
DECLARE p periode;
BEGIN
  SELECT * INTO p FROM periode WHERE instansi_id = app_instansi_id() AND id = pid;
  IF p.id IS NULL OR NOT skp_visible_tx(p.skp_id) THEN PERFORM kn_not_found('Periode', 'Period', pid); END IF;
  RETURN p;
END $$;

CREATE OR REPLACE FUNCTION realisasi_for(rid bigint) RETURNS realisasi LANGUAGE plpgsql STABLE AS $$
DECLARE x realisasi;
BEGIN
  SELECT * INTO x FROM realisasi WHERE instansi_id = app_instansi_id() AND id = rid;
  IF x.id IS NULL OR NOT skp_visible((SELECT skp_id FROM periode WHERE instansi_id = x.instansi_id AND id = x.periode_id)) THEN
    PERFORM kn_not_found('Realisasi', 'Realisasi', rid);
  END IF;
  RETURN x;
END $$;

CREATE OR REPLACE FUNCTION bukti_for(bid bigint) RETURNS bukti LANGUAGE plpgsql STABLE AS $$
DECLARE x bukti;
BEGIN
  SELECT * INTO x FROM bukti WHERE instansi_id = app_instansi_id() AND id = bid;
  IF x.id IS NULL OR NOT skp_visible((SELECT p.skp_id FROM realisasi r
                                        JOIN periode p ON p.instansi_id = r.instansi_id AND p.id = r.periode_id
                                       WHERE r.instansi_id = x.instansi_id AND r.id = x.realisasi_id)) THEN
    PERFORM kn_not_found('Bukti', 'Evidence', bid);
  END IF;
  RETURN x;
END $$;

-- What the C layer needs to decide whether the period accepts writes, and who the caller is.
-- plpgsql here and in the JSON/facts functions below: plans kept per connection (as SQL-language
-- functions they were parsed and planned in every request).
-- periode_for's visibility test is made on the one skp_actor the facts carry anyway (it was
-- computed twice per request). The SKP row is read once, for skp_actor and the facts (skp_actor_of
-- read it a second time).
CREATE OR REPLACE FUNCTION periode_facts_of(pid bigint) RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE p periode; s skp; v_actor jsonb;
BEGIN
  SELECT * INTO p FROM periode WHERE instansi_id = app_instansi_id() AND id = pid;
  SELECT * INTO s FROM skp WHERE instansi_id = p.instansi_id AND id = p.skp_id;
  IF s.id IS NOT NULL THEN v_actor := skp_actor(s); END IF;
  IF p.id IS NULL OR NOT COALESCE((v_actor->>'visible')::boolean, false) THEN PERFORM kn_not_found('Periode', 'Period', pid); END IF;
  PERFORM skp_visible_tx_catat(p.skp_id);
  RETURN json_build_object('periode_id', p.id, 'skp_id', s.id, 'skp_status', s.status, 'actor', v_actor,
    'awal', p.tanggal_awal, 'akhir', p.tanggal_akhir, 'dibuka_ulang_sampai', p.dibuka_ulang_sampai,
    'terkunci', p.terkunci_at IS NOT NULL, 'today', current_date,
    'tenggang', (SELECT tenggang_realisasi_hari FROM instansi WHERE id = p.instansi_id));
END $$;

CREATE OR REPLACE FUNCTION bukti_json(b bukti) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', b.id, 'realisasi_id', b.realisasi_id, 'jenis', b.jenis, 'nama', b.nama,
    'tanggal', b.tanggal, 'url', b.url, 'mime', b.mime, 'ukuran', b.ukuran, 'sha256', b.sha256, 'konten_ada', b.sha256 IS NOT NULL,
    'status_verifikasi', b.status_verifikasi, 'catatan', b.catatan, 'diverifikasi_oleh', b.diverifikasi_oleh,
    'diverifikasi_at', b.diverifikasi_at, 'diunggah_oleh', b.diunggah_oleh, 'version', b.version,
    'created_at', b.created_at) $$;

CREATE OR REPLACE FUNCTION realisasi_json(x realisasi) RETURNS json LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT json_build_object('id', x.id, 'periode_id', x.periode_id, 'indikator_id', x.indikator_id,
    'nilai', x.nilai, 'uraian', x.uraian, 'diisi_oleh', x.diisi_oleh, 'version', x.version,
    'updated_at', x.updated_at,
    'bukti', COALESCE((SELECT json_agg(bukti_json(b) ORDER BY b.id) FROM bukti b
                        WHERE b.instansi_id = x.instansi_id AND b.realisasi_id = x.id), '[]'::json)));
END $$;

CREATE OR REPLACE FUNCTION periode_not_locked(p periode) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- re-checked inside the write: the evaluation may have been set since the facts were read
  IF p.terkunci_at IS NOT NULL THEN
    PERFORM kn_raise('409', 'periode_locked', 'Penilaian periode ini sudah ditetapkan; data tidak dapat diubah',
                     'This period''s evaluation is set; its data can no longer change');
  END IF;
END $$;

-- An existing realisasi (locked by the version check) is UPDATEd: INSERT ... ON CONFLICT DO UPDATE
-- fires the statement triggers of both INSERT and UPDATE (two audit_write calls, one of them on
-- no rows). The INSERT keeps its ON CONFLICT for two first writes of the same pair at once.
CREATE OR REPLACE FUNCTION api_realisasi_put(pid bigint, iid bigint, b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE p periode := periode_for(pid); x realisasi; cur int; ada boolean;
BEGIN
  PERFORM periode_not_locked(p);
  -- If-Match names the stored realisasi (none yet: nothing to compare, the PUT creates it)
  SELECT y.version INTO cur FROM realisasi y WHERE y.instansi_id = p.instansi_id AND y.periode_id = p.id
     AND y.indikator_id = iid FOR UPDATE;
  ada := FOUND;
  PERFORM check_version(cur, expected);
  IF NOT EXISTS (SELECT 1 FROM indikator i JOIN rhk r ON r.instansi_id = i.instansi_id AND r.id = i.rhk_id
                  WHERE i.instansi_id = p.instansi_id AND i.id = iid AND r.skp_id = p.skp_id) THEN
    PERFORM kn_raise('404', 'not_found', 'Indikator ' || iid || ' bukan bagian dari SKP periode ini',
                     'Indicator ' || iid || ' is not part of this period''s SKP');
  END IF;
  IF ada THEN
    UPDATE realisasi SET nilai = (b->>'nilai')::numeric, uraian = b->>'uraian', diisi_oleh = current_setting('app.actor', true)
     WHERE instansi_id = p.instansi_id AND periode_id = p.id AND indikator_id = iid
    RETURNING * INTO x;
  ELSE
    INSERT INTO realisasi (periode_id, indikator_id, nilai, uraian, diisi_oleh)
    VALUES (p.id, iid, (b->>'nilai')::numeric, b->>'uraian', current_setting('app.actor', true))
    ON CONFLICT (instansi_id, periode_id, indikator_id) DO UPDATE
      SET nilai = EXCLUDED.nilai, uraian = EXCLUDED.uraian, diisi_oleh = EXCLUDED.diisi_oleh
    RETURNING * INTO x;
  END IF;
  RETURN realisasi_json(x);
END $$;

CREATE OR REPLACE FUNCTION api_periode_buka(pid bigint, b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE p periode := periode_for(pid);
BEGIN
  SELECT * INTO p FROM periode WHERE instansi_id = p.instansi_id AND id = p.id FOR UPDATE;
  PERFORM check_version(p.version, expected);
  PERFORM periode_not_locked(p);
  UPDATE periode SET dibuka_ulang_sampai = current_date + (SELECT masa_buka_ulang_hari FROM instansi WHERE id = p.instansi_id),
                     alasan_buka_ulang = b->>'alasan'
   WHERE instansi_id = p.instansi_id AND id = p.id RETURNING * INTO p;
  RETURN periode_json(p);
END $$;

CREATE OR REPLACE FUNCTION periode_json(p periode) RETURNS json LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT json_build_object('id', p.id, 'skp_id', p.skp_id, 'jenis', p.jenis, 'nomor', p.nomor,
    'tanggal_awal', p.tanggal_awal, 'tanggal_akhir', p.tanggal_akhir, 'akhir_tahun', p.akhir_tahun,
    'batas_pengisian', p.tanggal_akhir + (SELECT tenggang_realisasi_hari FROM instansi WHERE id = p.instansi_id),
    'dibuka_ulang_sampai', p.dibuka_ulang_sampai, 'alasan_buka_ulang', p.alasan_buka_ulang,
    'terkunci', p.terkunci_at IS NOT NULL, 'version', p.version,
    'realisasi', COALESCE((SELECT json_agg(realisasi_json(x) ORDER BY x.indikator_id) FROM realisasi x
                            WHERE x.instansi_id = p.instansi_id AND x.periode_id = p.id), '[]'::json)));
END $$;

-- Progress per SKP and period: the raw material of the data-quality checks.
CREATE OR REPLACE FUNCTION skp_periode_progress(sid bigint) RETURNS json LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (WITH s AS (SELECT * FROM skp_for(sid)),
  ind AS (SELECT i.id FROM indikator i JOIN rhk r ON r.instansi_id = i.instansi_id AND r.id = i.rhk_id, s
           WHERE i.instansi_id = s.instansi_id AND r.skp_id = s.id)
  SELECT json_build_object('skp_id', (SELECT id FROM s), 'items', COALESCE(json_agg(json_build_object(
      'id', p.id, 'jenis', p.jenis, 'nomor', p.nomor, 'tanggal_awal', p.tanggal_awal, 'tanggal_akhir', p.tanggal_akhir,
      'akhir_tahun', p.akhir_tahun, 'dibuka_ulang_sampai', p.dibuka_ulang_sampai, 'terkunci', p.terkunci_at IS NOT NULL,
      'indikator_total', (SELECT count(*) FROM ind),
      'indikator_terisi', (SELECT count(*) FROM realisasi x WHERE x.instansi_id = p.instansi_id AND x.periode_id = p.id),
      'indikator_dengan_bukti_valid', (SELECT count(DISTINCT x.id) FROM realisasi x JOIN bukti b
            ON b.instansi_id = x.instansi_id AND b.realisasi_id = x.id AND b.status_verifikasi = 'VALID'
            WHERE x.instansi_id = p.instansi_id AND x.periode_id = p.id),
      'bukti_total', (SELECT count(*) FROM realisasi x JOIN bukti b ON b.instansi_id = x.instansi_id AND b.realisasi_id = x.id
            WHERE x.instansi_id = p.instansi_id AND x.periode_id = p.id),
      'umpan_balik', (SELECT count(*) FROM umpan_balik u WHERE u.instansi_id = p.instansi_id AND u.periode_id = p.id),
      'indikator_tanpa_realisasi', COALESCE((SELECT json_agg(ind.id ORDER BY ind.id) FROM ind WHERE NOT EXISTS
            (SELECT 1 FROM realisasi x WHERE x.instansi_id = p.instansi_id AND x.periode_id = p.id AND x.indikator_id = ind.id)), '[]'::json)
    ) ORDER BY p.tanggal_awal), '[]'::json))
  FROM periode p, s WHERE p.instansi_id = s.instansi_id AND p.skp_id = s.id);
END $$;

CREATE OR REPLACE FUNCTION bukti_facts(bid bigint) RETURNS json LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT json_build_object('bukti', bukti_json(b), 'periode', periode_facts_of(x.periode_id))
    FROM bukti_for(bid) b JOIN realisasi x ON x.instansi_id = b.instansi_id AND x.id = b.realisasi_id);
END $$;

CREATE OR REPLACE FUNCTION realisasi_facts(rid bigint) RETURNS json LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT periode_facts_of(x.periode_id) FROM realisasi_for(rid) x);
END $$;

CREATE OR REPLACE FUNCTION api_bukti_create(rid bigint, b jsonb) RETURNS json LANGUAGE plpgsql AS $$
DECLARE x realisasi := realisasi_for(rid); p periode := periode_for(x.periode_id); n bukti;
BEGIN
  PERFORM periode_not_locked(p);
  -- tanggal (0091): the date the evidence is of; K13 checks it lies in the period
  INSERT INTO bukti (realisasi_id, jenis, nama, url, tanggal, diunggah_oleh)
  VALUES (x.id, b->>'jenis', b->>'nama', b->>'url', (b->>'tanggal')::date, current_setting('app.actor', true))
  RETURNING * INTO n;
  RETURN bukti_json(n);
END $$;

CREATE OR REPLACE FUNCTION api_bukti_konten_put(bid bigint, mime text, ukuran bigint, sha text, storage text, data bytea,
                                                expected int)
RETURNS json LANGUAGE plpgsql AS $$
-- bukti_for checked that the caller sees the SKP of the evidence's realisasi and period: the
-- period is read without checking that twice more (realisasi_for, periode_for; issue 17)
DECLARE n bukti := bukti_for(bid);
BEGIN
  PERFORM check_version((SELECT y.version FROM bukti y WHERE y.instansi_id = n.instansi_id AND y.id = n.id FOR UPDATE),
                        expected);
  PERFORM periode_not_locked((SELECT p FROM realisasi r JOIN periode p ON p.instansi_id = r.instansi_id AND p.id = r.periode_id
                               WHERE r.instansi_id = n.instansi_id AND r.id = n.realisasi_id));
  IF n.jenis <> 'FILE' THEN
    PERFORM kn_raise('409', 'conflict', 'Bukti berjenis URL tidak memiliki berkas', 'URL evidence has no file content');
  END IF;
  IF storage = 'pg' THEN
    -- not INSERT .. ON CONFLICT DO UPDATE: on a replacement that stored the megabyte's TOAST twice
    -- (the speculative insert, then the update). The bukti row locked above keeps out a racing put.
    UPDATE bukti_konten k SET data = api_bukti_konten_put.data WHERE k.instansi_id = n.instansi_id AND k.bukti_id = n.id;
    IF NOT FOUND THEN
      INSERT INTO bukti_konten (instansi_id, bukti_id, data) VALUES (n.instansi_id, n.id, data);
    END IF;
  ELSE
    DELETE FROM bukti_konten WHERE instansi_id = n.instansi_id AND bukti_id = n.id;
  END IF;
  -- new bytes need a new verification
  UPDATE bukti SET mime = api_bukti_konten_put.mime, ukuran = api_bukti_konten_put.ukuran,
                   sha256 = sha, penyimpanan = storage, status_verifikasi = 'BELUM', catatan = NULL,
                   diverifikasi_oleh = NULL, diverifikasi_at = NULL
   WHERE instansi_id = n.instansi_id AND id = n.id RETURNING * INTO n;
  RETURN bukti_json(n);
END $$;

-- Download: metadata and (pg backend) the bytes; columns are read in binary format.
CREATE OR REPLACE FUNCTION bukti_konten_get(bid bigint) RETURNS TABLE (mime text, nama text, sha256 text, penyimpanan text,
                                                          instansi text, data bytea)
LANGUAGE sql STABLE AS $$
  SELECT b.mime, b.nama, b.sha256, b.penyimpanan, current_setting('app.instansi', true), k.data
    FROM bukti_for(bid) b
    LEFT JOIN bukti_konten k ON k.instansi_id = b.instansi_id AND k.bukti_id = b.id $$;

CREATE OR REPLACE FUNCTION api_bukti_verifikasi(bid bigint, b jsonb, expected int) RETURNS json LANGUAGE plpgsql AS $$
DECLARE n bukti := bukti_for(bid); x realisasi := realisasi_for(n.realisasi_id);
BEGIN
  PERFORM check_version(n.version, expected);
  PERFORM periode_not_locked(periode_for(x.periode_id));
  UPDATE bukti SET status_verifikasi = b->>'status_verifikasi', catatan = b->>'catatan',
                   diverifikasi_oleh = current_setting('app.actor', true), diverifikasi_at = now()
   WHERE instansi_id = n.instansi_id AND id = n.id RETURNING * INTO n;
  RETURN bukti_json(n);
END $$;

CREATE OR REPLACE FUNCTION api_umpan_balik_create(sid bigint, b jsonb, peran text) RETURNS json LANGUAGE plpgsql AS $$
DECLARE s skp := skp_for(sid); u umpan_balik;
BEGIN
  IF b->>'rhk_id' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM rhk WHERE instansi_id = s.instansi_id
        AND id = (b->>'rhk_id')::bigint AND skp_id = s.id) THEN
    PERFORM kn_raise('422', 'validation_failed', 'rhk_id bukan bagian dari SKP ini', 'rhk_id is not part of this SKP');
  END IF;
  IF b->>'periode_id' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM periode WHERE instansi_id = s.instansi_id
        AND id = (b->>'periode_id')::bigint AND skp_id = s.id) THEN
    PERFORM kn_raise('422', 'validation_failed', 'periode_id bukan bagian dari SKP ini', 'periode_id is not part of this SKP');
  END IF;
  INSERT INTO umpan_balik (skp_id, rhk_id, periode_id, jenis, isi, dari_nip, dari_peran)
  VALUES (s.id, (b->>'rhk_id')::bigint, (b->>'periode_id')::bigint, b->>'jenis', b->>'isi', app_nip(), peran)
  RETURNING * INTO u;
  IF b->>'perilaku_di_bawah' IS NOT NULL THEN  -- a development need (GET /v1/pengembangan)
    INSERT INTO umpan_balik_perilaku (umpan_balik_id, nilai) VALUES (u.id, b->>'perilaku_di_bawah');
  END IF;
  RETURN (row_to_json(u)::jsonb - 'instansi_id' || jsonb_build_object('perilaku_di_bawah', b->>'perilaku_di_bawah'))::json;
END $$;

-- Keyset pages by id (after, lim: api.md "Lists").
CREATE OR REPLACE FUNCTION umpan_balik_list(sid bigint, pid bigint, after bigint, lim int) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('items', COALESCE(json_agg(json_build_object('id', u.id, 'skp_id', u.skp_id,
      'rhk_id', u.rhk_id, 'periode_id', u.periode_id, 'jenis', u.jenis, 'isi', u.isi, 'dari_nip', u.dari_nip,
      'dari_peran', u.dari_peran, 'perilaku_di_bawah', (SELECT v.nilai FROM umpan_balik_perilaku v
        WHERE v.instansi_id = u.instansi_id AND v.umpan_balik_id = u.id), 'created_at', u.created_at) ORDER BY u.id), '[]'::json),
      'next_cursor', CASE WHEN count(*) = lim THEN max(u.id) END)
  FROM (SELECT u.* FROM skp_for(sid) s JOIN umpan_balik u ON u.instansi_id = s.instansi_id AND u.skp_id = s.id
         WHERE (pid IS NULL OR u.periode_id = pid) AND u.id > after ORDER BY u.id LIMIT lim) u $$;


-- Evidence-file GC (`kinerja purge`, src/storage/gc.c): of the files `shas` in the directory of
-- tenant `kode`, those a committed bukti row still names. Definer: across tenants, outside any.
CREATE OR REPLACE FUNCTION bukti_berkas_dirujuk(kode text, shas text[]) RETURNS SETOF text LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT DISTINCT b.sha256 FROM bukti b JOIN instansi i ON i.id = b.instansi_id
   WHERE i.kode = bukti_berkas_dirujuk.kode AND b.sha256 = ANY (shas) $$;
REVOKE ALL ON FUNCTION bukti_berkas_dirujuk(text, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bukti_berkas_dirujuk(text, text[]) TO kinerja_app;

-- Evidence quota of the current tenant: bytes its evidence files take (bukti.ukuran of the rows
-- with a file, kept in bukti_terpakai) and its own quota (NULL: the server's
-- KINERJA_EVIDENCE_QUOTA). bid: the evidence about to be replaced, whose current bytes do not count.
-- plpgsql: a SQL-language body with sub-selects is never inlined and was parsed and planned at
-- every upload (15 % of PostgreSQL's CPU of a directory-backend upload, issue 17).
CREATE OR REPLACE FUNCTION bukti_kuota(bid bigint) RETURNS json LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN json_build_object(
    'terpakai', (SELECT COALESCE(sum(byte), 0) FROM bukti_terpakai WHERE instansi_id = app_instansi_id())
              - (SELECT COALESCE(sum(ukuran), 0) FROM bukti
                  WHERE instansi_id = app_instansi_id() AND id = bid AND sha256 IS NOT NULL),
    'kuota', (SELECT kuota_bukti_byte FROM instansi WHERE id = app_instansi_id()));
END $$;

-- Keeps bukti_terpakai: the change of a row's counted bytes (ukuran once it has a file) goes to its
-- slot. Runs as the writer: the slot row is the writer's tenant's, as the bukti row is.
CREATE OR REPLACE FUNCTION bukti_terpakai_catat() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  baru bigint := CASE WHEN TG_OP <> 'DELETE' AND NEW.sha256 IS NOT NULL THEN COALESCE(NEW.ukuran, 0) ELSE 0 END;
  lama bigint := CASE WHEN TG_OP <> 'INSERT' AND OLD.sha256 IS NOT NULL THEN COALESCE(OLD.ukuran, 0) ELSE 0 END;
  r bukti := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  IF baru <> lama THEN
    INSERT INTO bukti_terpakai AS t (instansi_id, slot, byte) VALUES (r.instansi_id, r.id % 16, baru - lama)
    ON CONFLICT (instansi_id, slot) DO UPDATE SET byte = t.byte + EXCLUDED.byte;
  END IF;
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER bukti_terpakai AFTER INSERT OR DELETE OR UPDATE OF ukuran, sha256 ON bukti
  FOR EACH ROW EXECUTE FUNCTION bukti_terpakai_catat();
