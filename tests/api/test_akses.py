"""Access to SKPs and everything under them (issue 15, items 0a and 0b). Owner: security.

0a: an SKP whose pejabat penilai or atasan penilai is not a pegawai (the Sekda's own SKP: both are
the Kepala Daerah; a PD head's SKP: the atasan is the Kepala Daerah) is visible only to its owner,
its appraisers that are pegawai, and pengelola in scope. Anyone else gets exactly the 404 a
missing id gets, on reads and on writes, and nothing changes.
0b: a write needs a role that may write (pegawai, admin_pd, admin_bkpsdm, integrasi with
sync:write) before the relation (owner, penilai, atasan) counts: an auditor or a sync:read client
whose token carries the owner's or the penilai's nip is refused with 403, and nothing changes.
Every date comes from the server's own periods, so the tests pass on any day of the year."""
import datetime
import re

import pytest

from conftest import build_tree, make_token, nip, problem
from test_pelaksanaan import PDF
from test_skp import LAMPIRAN, add_ind, add_rhk, create_skp

YEAR = datetime.date.today().year
MISSING = 987654321  # an id that exists nowhere
SS = {"rating_hasil_kerja": "SESUAI_EKSPEKTASI", "rating_perilaku": "SESUAI_EKSPEKTASI"}


def ok(r, status=200):
    assert r.status_code == status, r.text
    return r.json()


@pytest.fixture(scope="module")
def x(api, tenant):
    """The Sekda's SKP (DRAFT; penilai and atasan are the Kepala Daerah) and the Kepala Dinas' SKP
    (set by the Sekda; atasan is the Kepala Daerah) with realisasi, evidence, feedback and
    evaluations in every state."""
    a = tenant["admin"]
    t = build_tree(api, a, "Akses")
    tk = {k: make_token("pegawai", nip=t[k]) for k in ("sekda", "kadis", "staf2")}
    sekda = create_skp(api, tk["sekda"], t["sekda"], tahun=YEAR)
    sekda_rhk = add_rhk(api, tk["sekda"], sekda["id"], perspektif="PENERIMA_LAYANAN")
    kadis = create_skp(api, tk["kadis"], t["kadis"], tahun=YEAR)
    rhk = add_rhk(api, tk["kadis"], kadis["id"], perspektif="PENERIMA_LAYANAN")
    ind = add_ind(api, tk["kadis"], rhk["id"], aspek=None)
    ok(api.put(f"/v1/skp/{kadis['id']}/lampiran", token=tk["kadis"], json=LAMPIRAN))
    for who, act in [("kadis", "ajukan"), ("sekda", "setujui"), ("sekda", "tetapkan")]:
        ok(api.post(f"/v1/skp/{kadis['id']}/{act}", token=tk[who]))
    periods = ok(api.get(f"/v1/skp/{kadis['id']}/periode", token=tk["kadis"]))["items"]
    today = datetime.date.today().isoformat()
    cur = [p for p in periods if p["tanggal_awal"] <= today <= p["tanggal_akhir"]][0]
    others = [p["nomor"] for p in periods if p["id"] != cur["id"]]  # three quarters besides today's
    real = ok(api.put(f"/v1/periode/{cur['id']}/realisasi/{ind['id']}", token=tk["kadis"],
                      json={"nilai": 1, "uraian": "Satu dokumen"}))
    bukti = ok(api.post(f"/v1/realisasi/{real['id']}/bukti", token=tk["kadis"],
                        json={"jenis": "FILE", "nama": "laporan.pdf"}), 201)
    ok(api.put(f"/v1/bukti/{bukti['id']}/konten", token=tk["kadis"], data=PDF,
               headers={"Content-Type": "application/pdf"}))
    ok(api.post(f"/v1/skp/{kadis['id']}/umpan-balik", token=tk["sekda"],
                json={"jenis": "BIMBINGAN", "isi": "Perlu percepatan"}), 201)
    evs = {e["periode"]["nomor"]: e for e in ok(api.get(f"/v1/evaluasi?tahun={YEAR}&unor_id={t['dinas']}&limit=500",
                                                        token=a))["items"] if e["skp_id"] == kadis["id"]}
    objected, rated, settled = (evs[n] for n in others)
    for e in (objected, rated, settled):  # a unit head's rating hasil kerja follows the organisation predikat
        ok(api.post(f"/v1/unor/{t['dinas']}/predikat-organisasi", token=a,
                    json={"tahun": YEAR, "jenis": e["periode"]["jenis"], "nomor": e["periode"]["nomor"],
                          "predikat": "BAIK", "dasar": "Capaian rencana aksi sesuai target"}), 201)
        ok(api.put(f"/v1/evaluasi/{e['id']}/rating", token=tk["sekda"], json={"rating_perilaku": "SESUAI_EKSPEKTASI"}))
    for e in (objected, settled):
        ok(api.post(f"/v1/evaluasi/{e['id']}/tetapkan", token=tk["sekda"]))
    keberatan = ok(api.post(f"/v1/evaluasi/{objected['id']}/keberatan", token=tk["kadis"],
                            json={"alasan": "Capaian belum dihitung lengkap"}))["keberatan"]
    return dict(t=t, tk=tk, admin=a, sekda=sekda, sekda_rhk=sekda_rhk, kadis=kadis, rhk=rhk, ind=ind, cur=cur,
                real=real, bukti=bukti, rated=rated, settled=settled, objected=objected, keberatan=keberatan)


def snapshot(db, x):
    """Everything the requests below could change, as the database holds it."""
    ids = [x["sekda"]["id"], x["kadis"]["id"]]
    q = lambda sql: db.one(sql, ids)  # noqa: E731
    return (
        q("SELECT json_agg(s ORDER BY s.id)::text FROM skp s WHERE id = ANY(%s)"),
        q("SELECT json_agg(r ORDER BY r.id)::text FROM rhk r WHERE skp_id = ANY(%s)"),
        q("SELECT json_agg(i ORDER BY i.id)::text FROM indikator i JOIN rhk r ON r.instansi_id = i.instansi_id "
          "AND r.id = i.rhk_id WHERE r.skp_id = ANY(%s)"),
        q("SELECT json_agg(u ORDER BY u.id)::text FROM umpan_balik u WHERE skp_id = ANY(%s)"),
        q("SELECT json_agg(x ORDER BY x.id)::text FROM realisasi x JOIN periode p ON p.instansi_id = x.instansi_id "
          "AND p.id = x.periode_id WHERE p.skp_id = ANY(%s)"),
        q("SELECT json_agg(b ORDER BY b.id)::text FROM bukti b JOIN realisasi x ON x.instansi_id = b.instansi_id "
          "AND x.id = b.realisasi_id JOIN periode p ON p.instansi_id = x.instansi_id AND p.id = x.periode_id "
          "WHERE p.skp_id = ANY(%s)"),
        q("SELECT json_agg(e ORDER BY e.id)::text FROM evaluasi e WHERE skp_id = ANY(%s)"),
        q("SELECT json_agg(k ORDER BY k.id)::text FROM keberatan k JOIN evaluasi e ON e.instansi_id = k.instansi_id "
          "AND e.id = k.evaluasi_id WHERE e.skp_id = ANY(%s)"),
        q("SELECT json_agg(p ORDER BY p.id)::text FROM periode p WHERE skp_id = ANY(%s)"),
    )


def reads(x, swap=None):
    """Every read of an SKP and what hangs under it; swap=id replaces each object id with it."""
    i = (lambda v: swap or v)  # noqa: E731
    s, k = x["sekda"]["id"], x["kadis"]["id"]
    return [
        ("GET", f"/v1/skp/{i(s)}", None), ("GET", f"/v1/skp/{i(k)}", None),
        ("GET", f"/v1/skp/{i(s)}/riwayat", None), ("GET", f"/v1/skp/{i(k)}/riwayat", None),
        ("GET", f"/v1/skp/{i(s)}/umpan-balik", None), ("GET", f"/v1/skp/{i(k)}/umpan-balik", None),
        ("GET", f"/v1/skp/{i(k)}/periode", None), ("GET", f"/v1/rhk/{i(x['sekda_rhk']['id'])}", None),
        ("GET", f"/v1/rhk/{i(x['rhk']['id'])}", None), ("GET", f"/v1/periode/{i(x['cur']['id'])}", None),
        ("GET", f"/v1/bukti/{i(x['bukti']['id'])}/konten", None),
        ("GET", f"/v1/evaluasi/{i(x['rated']['id'])}", None), ("GET", f"/v1/evaluasi/{i(x['objected']['id'])}", None),
    ]


def writes(x, swap=None):
    """Every write on those objects, each with a body that is valid for the route."""
    i = (lambda v: swap or v)  # noqa: E731
    s, k = x["sekda"]["id"], x["kadis"]["id"]
    return [
        ("PATCH", f"/v1/skp/{i(s)}", {"pendekatan": "KUALITATIF"}),
        ("PATCH", f"/v1/skp/{i(k)}", {"pendekatan": "KUALITATIF"}),
        ("DELETE", f"/v1/skp/{i(s)}", None),
        ("POST", f"/v1/skp/{i(s)}/ajukan", None), ("POST", f"/v1/skp/{i(k)}/revisi", {"alasan": "Mutasi"}),
        ("POST", f"/v1/skp/{i(k)}/tutup", {"alasan": "Mutasi"}),
        ("POST", f"/v1/skp/{i(s)}/rhk", {"jenis_rhk": "UTAMA", "uraian": "Sisipan", "perspektif": "PROSES_BISNIS"}),
        ("PATCH", f"/v1/rhk/{i(x['sekda_rhk']['id'])}", {"uraian": "Diubah"}),
        ("DELETE", f"/v1/rhk/{i(x['sekda_rhk']['id'])}", None),
        ("POST", f"/v1/rhk/{i(x['sekda_rhk']['id'])}/indikator", {"aspek": None, "uraian": "Sisipan",
                                                                  "target_min": 1, "target_max": 1, "satuan": "x"}),
        ("PATCH", f"/v1/indikator/{i(x['ind']['id'])}", {"uraian": "Diubah"}),
        ("PUT", f"/v1/skp/{i(s)}/lampiran", LAMPIRAN),
        ("POST", f"/v1/skp/{i(s)}/umpan-balik", {"jenis": "CATATAN_KINERJA", "isi": "Sisipan"}),
        ("POST", f"/v1/skp/{i(k)}/umpan-balik", {"jenis": "CATATAN_KINERJA", "isi": "Sisipan"}),
        ("PUT", f"/v1/periode/{i(x['cur']['id'])}/realisasi/{i(x['ind']['id'])}", {"nilai": 9, "uraian": "Sisipan"}),
        ("POST", f"/v1/realisasi/{i(x['real']['id'])}/bukti", {"jenis": "URL", "nama": "x", "url": "https://x.id/"}),
        ("PUT", f"/v1/bukti/{i(x['bukti']['id'])}/konten", PDF),
        ("PATCH", f"/v1/bukti/{i(x['bukti']['id'])}", {"status_verifikasi": "VALID"}),
        ("PUT", f"/v1/evaluasi/{i(x['rated']['id'])}/rating", SS),
        ("POST", f"/v1/evaluasi/{i(x['rated']['id'])}/tetapkan", None),
        ("POST", f"/v1/evaluasi/{i(x['settled']['id'])}/keberatan", {"alasan": "Sisipan"}),
        ("POST", f"/v1/keberatan/{i(x['keberatan']['id'])}/putuskan", {"keputusan": "DITOLAK", "catatan": "Sisipan"}),
    ]


def same_as_missing(r, missing):
    """r is the 404 that an id which exists nowhere gets: same code, title, detail (ids aside)."""
    shape = lambda b: (b["code"], b["title"], re.sub(r"[0-9]+", "N", b["detail"]), b["errors"])  # noqa: E731
    assert shape(problem(r, 404, "not_found")) == shape(problem(missing, 404, "not_found")), r.request.url


def send(api, token, method, path, body):
    if isinstance(body, bytes):
        return api.request(method, path, token=token, data=body, headers={"Content-Type": "application/pdf"})
    return api.request(method, path, token=token, json=body)


def outsiders(x, tenant):
    """Tokens with a nip and no relation to either SKP."""
    return {
        "pegawai of another PD": make_token("pegawai", nip=x["t"]["staf2"]),
        "nip not in the tenant": make_token("pegawai", nip=nip()),
        "nip of another tenant": make_token("pegawai", nip=tenant["lain"]["kadis"]),
        "admin_pd of another PD": make_token("admin_pd", nip=x["t"]["staf2"]),
        "pegawai without nip": make_token("pegawai"),
    }


def test_fixture_has_the_missing_appraisers(db, x):
    """The premise: these SKPs really lack a pegawai penilai / atasan penilai."""
    row = lambda i: db.one("SELECT json_build_array(penilai_pegawai_id, atasan_pegawai_id) FROM skp WHERE id = %s", i)  # noqa: E731
    assert row(x["sekda"]["id"]) == [None, None]
    penilai, atasan = row(x["kadis"]["id"])
    assert penilai is not None and atasan is None
    assert x["keberatan"]["status"] == "DIAJUKAN"


def test_outsiders_cannot_read_skp_without_pegawai_appraiser(api, db, tenant, x):
    before = snapshot(db, x)
    for who, token in outsiders(x, tenant).items():
        for (m, path, _), (_, missing, _) in zip(reads(x), reads(x, MISSING)):
            # exactly what an id that does not exist answers: nothing reveals existence
            same_as_missing(api.request(m, path, token=token), api.request(m, missing, token=token))
        items = ok(api.get(f"/v1/skp?tahun={YEAR}&limit=500", token=token))["items"]
        assert not {s["id"] for s in items} & {x["sekda"]["id"], x["kadis"]["id"]}, who
        items = ok(api.get(f"/v1/evaluasi?tahun={YEAR}&limit=500", token=token))["items"]
        assert not [e for e in items if e["skp_id"] == x["kadis"]["id"]], who
    assert snapshot(db, x) == before


def test_outsiders_cannot_write_skp_without_pegawai_appraiser(api, db, tenant, x):
    before = snapshot(db, x)
    for who, token in outsiders(x, tenant).items():
        for (m, path, body), (_, missing, _) in zip(writes(x), writes(x, MISSING)):
            same_as_missing(send(api, token, m, path, body), send(api, token, m, missing, body))
    assert snapshot(db, x) == before


def test_the_related_still_read(api, x):
    """The owner, the pegawai penilai and a pengelola in scope keep their view."""
    for token in (x["tk"]["kadis"], x["tk"]["sekda"], x["admin"], make_token("admin_pd", nip=x["t"]["kabid"])):
        assert ok(api.get(f"/v1/skp/{x['kadis']['id']}", token=token))["id"] == x["kadis"]["id"]
        assert ok(api.get(f"/v1/evaluasi/{x['rated']['id']}", token=token))["id"] == x["rated"]["id"]
    assert ok(api.get(f"/v1/skp/{x['sekda']['id']}", token=x["tk"]["sekda"]))["id"] == x["sekda"]["id"]
    assert api.get(f"/v1/bukti/{x['bukti']['id']}/konten", token=x["tk"]["sekda"]).content == PDF


def test_pegawai_without_nip_cannot_open_skp_for_others(api, db, x):
    staf = x["t"]["staf2"]
    for token in (make_token("pegawai"), make_token("pegawai", nip=x["t"]["kadis"])):
        # a NIP outside the caller's reach reads exactly like one that does not exist
        same_as_missing(api.post("/v1/skp", token=token, json={"nip": staf, "tahun": YEAR}),
                        api.post("/v1/skp", token=token, json={"nip": nip(), "tahun": YEAR}))
    assert db.one("SELECT count(*) FROM skp s JOIN pegawai p ON p.instansi_id = s.instansi_id AND p.id = s.pegawai_id "
                  "WHERE p.nip = %s", staf) == 0


def read_only_with_nip(x):
    """Tokens whose role may not write, carrying the nip of the owner or of the penilai."""
    out = {}
    for rel in ("kadis", "sekda"):
        n = x["t"][rel]
        out[f"auditor as {rel}"] = make_token("auditor", nip=n)
        out[f"sync:read as {rel}"] = make_token("integrasi", nip=n, scope="sync:read")
        out[f"sync:read webhook:manage as {rel}"] = make_token("integrasi", nip=n, scope="sync:read webhook:manage")
    return out


def test_read_only_roles_cannot_write_with_a_relation_nip(api, db, x):
    before = snapshot(db, x)
    for who, token in read_only_with_nip(x).items():
        for m, path, body in writes(x):
            problem(send(api, token, m, path, body), 403, "forbidden")
        problem(api.post("/v1/skp", token=token, json={"nip": x["t"]["kadis"], "tahun": YEAR + 1}), 403, "forbidden")
    assert snapshot(db, x) == before
    # they still read what their role lets them read
    for token in read_only_with_nip(x).values():
        assert ok(api.get(f"/v1/skp/{x['kadis']['id']}", token=token))["id"] == x["kadis"]["id"]


def test_relations_still_write_with_a_role_that_may_write(api, db, x):
    """The owner's and the penilai's own tokens keep their rights (feedback both ways)."""
    k = x["kadis"]["id"]
    assert ok(api.post(f"/v1/skp/{k}/umpan-balik", token=x["tk"]["kadis"],
                       json={"jenis": "UMPAN_BALIK", "isi": "Terima kasih"}), 201)["dari_peran"] == "PEGAWAI"
    assert ok(api.post(f"/v1/skp/{k}/umpan-balik", token=x["tk"]["sekda"],
                       json={"jenis": "UMPAN_BALIK", "isi": "Lanjutkan"}), 201)["dari_peran"] == "PENILAI"
    # a pegawai token with a nip and an auditor role besides keeps the pegawai's rights
    both = make_token(["pegawai", "auditor"], nip=x["t"]["kadis"])
    assert ok(api.post(f"/v1/skp/{k}/umpan-balik", token=both, json={"jenis": "UMPAN_BALIK", "isi": "Catatan"}), 201)


def test_sql_relations_need_a_role_that_may_write(db, x):
    """Defence in depth behind the C gate: skp_actor itself grants no write relation to a
    read-only role, and no relation at all through a Kepala Daerah (no pegawai)."""
    from conftest import TENANT
    from test_rls_audit import app_session
    c, cur = app_session(db, TENANT)

    def actor(roles, nip_, scope=""):
        cur.execute("SELECT set_config('app.roles', %s, false), set_config('app.nip', %s, false), "
                    "set_config('app.scope', %s, false)", (roles, nip_, scope))
        cur.execute("SELECT skp_actor(s) FROM skp s WHERE id = %s", (x["kadis"]["id"],))
        return cur.fetchone()[0]
    try:
        for roles, scope in (("auditor", ""), ("integrasi", "sync:read webhook:manage")):
            a = actor(roles, x["t"]["kadis"], scope)
            assert (a["owner"], a["penilai"], a["atasan"], a["visible"]) == (False, False, False, True), (roles, a)
        assert actor("pegawai", x["t"]["kadis"])["owner"] is True
        assert actor("pegawai", x["t"]["sekda"])["penilai"] is True
        a = actor("pegawai", nip())  # names nobody: every flag false, none null
        assert a == {k: False for k in a}, a
        a = actor("integrasi", "", "sync:write")
        assert (a["write_scope"], a["owner"], a["visible"]) == (True, False, True), a
    finally:
        c.rollback()
        c.close()
