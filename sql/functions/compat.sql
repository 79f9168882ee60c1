-- Module compat: signatures of the previous release (968a585) that its nodes still call while
-- a rolling upgrade runs (expand/contract, docs/architecture.md "Schema changes"). Owner: db.
--
-- Issue 13 moved If-Match into these writes' SQL (a last `expected` parameter). Nodes of the
-- previous release call the old signatures and check If-Match with a statement of their own
-- (check_version on the locked row) in the same transaction, so each wrapper only forwards with
-- no expected version (an objection decided by the previous release is an atasan penilai's: issue 16
-- added the PPK's). Contract step, in the release after the next one: a migration drops these
-- nine signatures and this module loses them in the same change.

CREATE OR REPLACE FUNCTION api_klien_rotate(kid bigint, h text) RETURNS json LANGUAGE sql AS
$$ SELECT api_klien_rotate(kid, h, NULL::int) $$;

CREATE OR REPLACE FUNCTION api_webhook_rotate(wid bigint) RETURNS json LANGUAGE sql AS
$$ SELECT api_webhook_rotate(wid, NULL::int) $$;

CREATE OR REPLACE FUNCTION api_kke_temuan_patch(kid bigint, tid bigint, b jsonb, peran text) RETURNS json LANGUAGE sql AS
$$ SELECT api_kke_temuan_patch(kid, tid, b, peran, NULL::int) $$;

CREATE OR REPLACE FUNCTION api_kke_transisi(kid bigint, dari text, ke text) RETURNS json LANGUAGE sql AS
$$ SELECT api_kke_transisi(kid, dari, ke, NULL::int) $$;

CREATE OR REPLACE FUNCTION api_realisasi_put(pid bigint, iid bigint, b jsonb) RETURNS json LANGUAGE sql AS
$$ SELECT api_realisasi_put(pid, iid, b, NULL::int) $$;

CREATE OR REPLACE FUNCTION api_periode_buka(pid bigint, b jsonb) RETURNS json LANGUAGE sql AS
$$ SELECT api_periode_buka(pid, b, NULL::int) $$;

CREATE OR REPLACE FUNCTION api_bukti_konten_put(bid bigint, mime text, ukuran bigint, sha text, storage text, data bytea)
RETURNS json LANGUAGE sql AS
$$ SELECT api_bukti_konten_put(bid, mime, ukuran, sha, storage, data, NULL::int) $$;

CREATE OR REPLACE FUNCTION api_keberatan_ajukan(eid bigint, alasan text) RETURNS json LANGUAGE sql AS
$$ SELECT api_keberatan_ajukan(eid, alasan, NULL::int) $$;

CREATE OR REPLACE FUNCTION api_keberatan_putuskan(kid bigint, keputusan text, hk text, pk text, predikat text,
                                                  catatan text) RETURNS json LANGUAGE sql AS
$$ SELECT api_keberatan_putuskan(kid, keputusan, hk, pk, predikat, catatan, NULL::text, 'ATASAN_PENILAI'::text, NULL::int) $$;

-- Issue 15 item 6 gave tetapkan the fingerprint of the distribution facts it was decided on (the
-- re-check under the unit's curve lock). A node of the previous release sets without one: the
-- lock and the status guard still hold, the re-check does not (it never made one).
CREATE OR REPLACE FUNCTION api_evaluasi_tetapkan(eid bigint, override_alasan text, expected int) RETURNS json LANGUAGE sql AS
$$ SELECT api_evaluasi_tetapkan(eid, override_alasan, NULL::text, expected) $$;

-- Issue 15 item 8 gave these lists keyset pages (after, lim); a node of the previous release
-- asks for the whole list.
CREATE OR REPLACE FUNCTION umpan_balik_list(sid bigint, pid bigint) RETURNS json LANGUAGE sql STABLE AS
$$ SELECT umpan_balik_list(sid, pid, 0::bigint, 2147483647) $$;

CREATE OR REPLACE FUNCTION kke_list(uid bigint, th int) RETURNS json LANGUAGE sql STABLE AS
$$ SELECT kke_list(uid, th, 0::bigint, 2147483647) $$;

CREATE OR REPLACE FUNCTION kke_temuan_list(kid bigint) RETURNS json LANGUAGE sql STABLE AS
$$ SELECT kke_temuan_list(kid, 0::bigint, 2147483647) $$;

-- Issue 16 made the organisation predikat a versioned decision (If-Match + alasan). A node of the
-- previous release still creates a first setting through this; a change from it is refused with
-- 428 (it cannot send If-Match), never an overwrite without reason. Contract step: as above.
CREATE OR REPLACE FUNCTION api_predikat_organisasi_put(uid bigint, b jsonb) RETURNS json LANGUAGE sql AS
$$ SELECT api_predikat_organisasi_put(uid, b, NULL::int) $$;

-- Release c1dc981's store of a KKE run (findings as objects with their severity and perbaikan),
-- for its nodes during a rolling upgrade. Contract step: as above.
CREATE OR REPLACE FUNCTION api_kke_simpan(uid bigint, th int, sem int, skor numeric, ringkasan jsonb, temuan jsonb) RETURNS json
LANGUAGE sql AS $$
  SELECT api_kke_simpan(uid, th, sem, skor, ringkasan,
    (SELECT COALESCE(jsonb_object_agg(c.kode, jsonb_build_array(c.severity, c.perbaikan)), '{}')
       FROM (SELECT DISTINCT ON (t->>'kode') t->>'kode' AS kode, t->>'severity' AS severity, t->>'perbaikan' AS perbaikan
               FROM jsonb_array_elements(temuan) t) c),
    (SELECT COALESCE(jsonb_agg(jsonb_build_array(t->>'kode', t->>'entitas', t->>'entitas_id', t->>'nip', t->>'pesan') ORDER BY n), '[]')
       FROM jsonb_array_elements(temuan) WITH ORDINALITY x(t, n))) $$;
