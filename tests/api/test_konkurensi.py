"""Concurrency conventions hold on EVERY route (issue 9, item 2; api.md "Concurrency" and
"Idempotency"): each mutable single resource answers a stale If-Match with 412 and changes
nothing, the current ETag succeeds and yields a new one; each POST replays its first answer for
a repeated Idempotency-Key and refuses the key with another body (422). Meta-tests compare the
tables below with the routes the server registers, so a new route cannot slip past. Owner: platform.

A builder takes the shared world `w` and makes a fresh object for one case; it returns a Case."""
import datetime
import json
import uuid
from dataclasses import dataclass, field

import pytest

from conftest import TENANT, build_tree, make_token, nip, problem
from test_openapi import registered
from test_skp import LAMPIRAN, add_ind, add_rhk, create_skp
from siklus import evaluations_of
from test_tindak_lanjut import set_skp

YEAR = datetime.date.today().year
STALE = '"v999"'


@dataclass
class Case:
    path: str                    # the request path
    token: str
    body: object = None          # JSON body (None: no body)
    etag: str = None             # the ETag the client holds (from a GET, or the creating response)
    state: tuple = ()            # (sql, *args): a value that every effective write changes
    alt: object = field(default_factory=lambda: {"lain": True})  # another body for the same key
    data: bytes = None           # raw body instead of JSON (uploads)
    headers: dict = field(default_factory=dict)


def send(api, method, c, **headers):
    kw = {"data": c.data} if c.data is not None else ({"json": c.body} if c.body is not None else {})
    return api.request(method, c.path, token=c.token, headers=dict(c.headers, **headers), **kw)


def etag_of(api, path, token):
    r = api.get(path, token=token)
    assert r.status_code == 200, r.text
    assert r.headers["ETag"].startswith('"v'), r.headers
    return r.headers["ETag"]


# ---- the world: one org tree; every builder makes its own pegawai, SKP, ... ------------------

@pytest.fixture(scope="module")
def w(api, tenant):
    t = build_tree(api, tenant["admin"], "Konk")
    t["admin"] = tenant["admin"]
    t["pd"] = make_token("admin_pd", nip=t["kabid"])
    t["pd2"] = make_token("admin_pd", nip=t["kadis2"])
    t["tok"] = {k: make_token("pegawai", nip=t[k]) for k in ("kasi", "kabid")}
    for q in (1, 2, 3, 4):  # the Dinas's organisation predikat: evaluations can be set
        r = api.post(f"/v1/unor/{t['dinas']}/predikat-organisasi", token=t["admin"], json={
            "tahun": YEAR, "jenis": "TRIWULAN", "nomor": q, "predikat": "BAIK", "dasar": "Capaian rencana aksi"})
        assert r.status_code == 201, r.text
    kasi_skp = create_skp(api, t["tok"]["kasi"], t["kasi"], tahun=YEAR)
    t["kasi_rhk"] = add_rhk(api, t["tok"]["kasi"], kasi_skp["id"])["id"]
    return t


def staf(api, w):
    """A fresh pelaksana in the seksi (the kasi is the penilai): (nip, token)."""
    n = nip()
    r = api.post("/v1/pegawai", token=w["admin"], json={"nip": n, "nama": "Konk Staf", "jenis_asn": "PNS",
                 "jenis_jabatan": "PELAKSANA", "jabatan": "Pengadministrasi", "unor_id": w["seksi"]})
    assert r.status_code == 201, r.text
    return n, make_token("pegawai", nip=n)


def draft(api, w):
    """A complete DRAFT SKP of a fresh staf: (skp, rhk, indikator, token)."""
    n, tk = staf(api, w)
    s = create_skp(api, tk, n, tahun=YEAR)
    r = add_rhk(api, tk, s["id"], rhk_atasan_id=w["kasi_rhk"])
    i = add_ind(api, tk, r["id"])
    assert api.put(f"/v1/skp/{s['id']}/lampiran", token=tk, json=LAMPIRAN).status_code == 200
    return s, r, i, tk


def skp_in(api, w, status):
    s, _, _, tk = draft(api, w)
    steps = {"DRAFT": [], "DIAJUKAN": [(tk, "ajukan")], "DISETUJUI": [(tk, "ajukan"), (w["tok"]["kasi"], "setujui")]}
    for who, a in steps[status]:
        assert api.post(f"/v1/skp/{s['id']}/{a}", token=who).status_code == 200
    return s, tk


def ditetapkan(api, w):
    """A DITETAPKAN SKP of a fresh staf (test_tindak_lanjut.set_skp): (skp, token)."""
    n, tk = staf(api, w)
    toks = {"x": tk, "kasi": w["tok"]["kasi"], "_nip": {"x": n}}
    s, _ = set_skp(api, toks, "x", YEAR, "kasi", w["kasi_rhk"])
    return s, tk


def skp_case(api, w, status, action, token="own", body=None):
    s, tk = ditetapkan(api, w) if status == "DITETAPKAN" else skp_in(api, w, status)
    who = tk if token == "own" else w["tok"]["kasi"]
    return Case(f"/v1/skp/{s['id']}{action}", who, body, etag_of(api, f"/v1/skp/{s['id']}", tk),
                ("SELECT version FROM skp WHERE id = %s", s["id"]))


def periods(api, w):
    s, tk = ditetapkan(api, w)
    ps = api.get(f"/v1/skp/{s['id']}/periode", token=tk).json()["items"]
    today = datetime.date.today().isoformat()
    cur = [p for p in ps if p["tanggal_awal"] <= today <= p["tanggal_akhir"]][0]
    return s, tk, ps, cur


def realisasi(api, w):
    s, tk, ps, cur = periods(api, w)
    ind = api.get(f"/v1/skp/{s['id']}", token=tk).json()["rhk"][0]["indikator"][0]["id"]
    r = api.put(f"/v1/periode/{cur['id']}/realisasi/{ind}", token=tk, json={"nilai": 1, "uraian": "Satu dokumen"})
    assert r.status_code == 200, r.text
    return r, tk, cur, ind


def bukti(api, w):
    r, tk, _, _ = realisasi(api, w)
    b = api.post(f"/v1/realisasi/{r.json()['id']}/bukti", token=tk, json={"jenis": "FILE", "nama": "laporan.pdf"})
    assert b.status_code == 201, b.text
    return b, tk


def evaluasi(api, w, rated=False, set_=False, hasil="DI_BAWAH_EKSPEKTASI", perilaku="SESUAI_EKSPEKTASI"):
    """The year-end evaluation of a fresh staf's DITETAPKAN SKP: (evaluasi, staf token)."""
    s, tk = ditetapkan(api, w)
    e = [e for e in evaluations_of(api, w["admin"], s) if e["periode"]["akhir_tahun"]][0]
    kasi = w["tok"]["kasi"]
    if rated:
        r = api.put(f"/v1/evaluasi/{e['id']}/rating", token=kasi, json={
            "rating_hasil_kerja": hasil, "rating_perilaku": perilaku})
        assert r.status_code == 200, r.text
    if set_:  # the world's Dinas collects evaluations of every kind: BKPSDM sets past the curve (R14b)
        r = api.post(f"/v1/evaluasi/{e['id']}/tetapkan", token=w["admin"], json=OVERRIDE)
        assert r.status_code == 200, r.text
    return api.get(f"/v1/evaluasi/{e['id']}", token=kasi).json(), tk


def final_year_end(api, w, **kw):
    """A set year-end evaluation moved past its keberatan window (FINAL): (evaluasi, staf token)."""
    from conftest import Db
    e, tk = evaluasi(api, w, rated=True, set_=True, **kw)
    d = Db()
    try:
        d.exec("UPDATE evaluasi SET ditetapkan_at = now() - interval '400 days' WHERE id = %s", e["id"])
    finally:
        d.conn.close()
    return e, tk


def selesai_case(api, w):
    e, tk = final_year_end(api, w)
    return Case(f"/v1/skp/{e['skp_id']}/selesai", w["admin"], None, etag_of(api, f"/v1/skp/{e['skp_id']}", tk),
                ("SELECT version FROM skp WHERE id = %s", e["skp_id"]))


def sanksi_body(api, w):
    e, _ = final_year_end(api, w, hasil="SESUAI_EKSPEKTASI", perilaku="DI_BAWAH_EKSPEKTASI")  # KURANG
    return "/v1/sanksi", {"evaluasi_id": e["id"], "dasar": "Predikat tahunan KURANG",
                          "tanggal_mulai": (datetime.date.today() - datetime.timedelta(days=300)).isoformat()}


def sanksi_case(api, w):
    path, body = sanksi_body(api, w)
    r = api.post(path, token=w["admin"], json=body)
    assert r.status_code == 201, r.text
    k = r.json()["id"]
    return Case(f"/v1/sanksi/{k}/keputusan", w["admin"], {"keputusan": "MEMBAIK", "tanggal": datetime.date.today().isoformat()},
                etag_of(api, f"/v1/sanksi/{k}", w["admin"]), ("SELECT version FROM sanksi WHERE id = %s", k))


def eval_case(api, w, suffix, token, body, **kw):
    e, tk = evaluasi(api, w, **kw)
    return Case(f"/v1/evaluasi/{e['id']}{suffix}", tk if token == "own" else w["admin"] if token == "admin" else w["tok"]["kasi"], body,
                etag_of(api, f"/v1/evaluasi/{e['id']}", w["tok"]["kasi"]),
                ("SELECT version FROM evaluasi WHERE id = %s", e["id"]))


KEBERATAN = {"alasan": "Bukti dukung triwulan IV belum dipertimbangkan"}
OVERRIDE = {"override_alasan": "Uji konkurensi: pola distribusi bukan yang diuji di sini"}
PUTUSAN = {"keputusan": "DITERIMA", "rating_hasil_kerja": "SESUAI_EKSPEKTASI", "catatan": "Bukti dukung lengkap"}


def keberatan(api, w):
    e, tk = evaluasi(api, w, rated=True, set_=True)
    r = api.post(f"/v1/evaluasi/{e['id']}/keberatan", token=tk, json=KEBERATAN)
    assert r.status_code == 200, r.text
    return Case(f"/v1/keberatan/{r.json()['keberatan']['id']}/putuskan", w["tok"]["kabid"], PUTUSAN,
                r.headers["ETag"], ("SELECT version FROM evaluasi WHERE id = %s", e["id"]))


def kke(api, w, steps=0):
    """A fresh worksheet over the second Dinas (no SKPs there: a few K01 findings), taken
    `steps` steps along: the PD answers, submits; BKPSDM verifies the answers, the worksheet."""
    r = api.post("/v1/kke", token=w["admin"], json={"unor_id": w["dinas2"], "tahun": YEAR,
                                                     "semester": 1 if datetime.date.today().month <= 6 else 2})
    assert r.status_code == 201, r.text
    k = r.json()
    temuan = api.get(f"/v1/kke/{k['id']}/temuan", token=w["admin"]).json()["items"]
    answer = {"jawaban_status": "DIJELASKAN", "jawaban": "Pegawai baru mutasi masuk"}
    for step in [("pd2", answer), ("pd2", "ajukan"), ("admin", {"verifikasi": "DITERIMA"}), ("admin", "verifikasi")][:steps]:
        who, what = step
        for x in ([f"/v1/kke/{k['id']}/{what}"] if isinstance(what, str) else
                  [f"/v1/kke/{k['id']}/temuan/{f['id']}" for f in temuan]):
            res = api.request("POST" if isinstance(what, str) else "PATCH", x, token=w[who],
                              json=None if isinstance(what, str) else what)
            assert res.status_code == 200, res.text
    return k, temuan


def kke_case(api, w, steps, action, token):
    k, _ = kke(api, w, steps)
    return Case(f"/v1/kke/{k['id']}/{action}", w[token], None, etag_of(api, f"/v1/kke/{k['id']}", w["admin"]),
                ("SELECT version FROM kke WHERE id = %s", k["id"]))


def klien(api, w):
    r = api.post("/v1/klien", token=w["admin"], json={"nama": "Konk Klien", "scopes": ["sync:read"]})
    assert r.status_code == 201, r.text
    return r.json(), None


def webhook(api, w):
    r = api.post("/v1/webhook", token=w["admin"], json={"klien_id": klien(api, w)[0]["id"],
                 "url": "http://127.0.0.1:9/konk", "events": ["skp"]})
    assert r.status_code == 201, r.text
    return r.json(), None


def jadwal(api, w):
    r = api.post("/v1/jadwal", token=w["admin"], json={"jenis": "statistik", "cron": "0 3 * * *", "aktif": False})
    assert r.status_code == 201, r.text
    return r.json(), None


def at_own_get(make, table, body, token="admin", suffix=""):
    """A write at /v1/<table>/{id}<suffix> on a fresh make(api, w) -> (object, owner's token);
    the ETag comes from GET /v1/<table>/{id}. token: a key of w, or "own"."""
    def build(api, w):
        obj, own = make(api, w)
        tk, path = own if token == "own" else w[token], f"/v1/{table}/{obj['id']}"
        return Case(path + suffix, tk, body, etag_of(api, path, tk),
                    (f"SELECT version FROM {table} WHERE id = %s", obj["id"]))
    return build


def unor_obj(api, w):
    r = api.post("/v1/unor", token=w["admin"], json={"nama": "Konk Unit", "parent_id": w["seksi"]})
    assert r.status_code == 201, r.text
    return r.json(), None


def rhk_obj(api, w):
    s, r, i, tk = draft(api, w)
    return r, tk


def potensi_body(api, w):
    """A potensi assessment result of a fresh pegawai (one per pegawai, date and source)."""
    return {"nip": staf(api, w)[0], "tanggal": f"{YEAR - 1}-11-01", "sumber": "ASSESSMENT_CENTER", "level": "MENENGAH"}


def potensi_obj(api, w):
    r = api.post("/v1/potensi", token=w["admin"], json=potensi_body(api, w))
    assert r.status_code == 201, r.text
    return r.json(), None


def pegawai_case(api, w):
    n, _ = staf(api, w)
    return Case(f"/v1/pegawai/{n}", w["admin"], {"jabatan": "Pengadministrasi Umum"},
                etag_of(api, f"/v1/pegawai/{n}", w["admin"]), ("SELECT version FROM pegawai WHERE nip = %s", n))


def instansi_case(api, w):
    return Case("/v1/instansi", w["admin"], {"tenggang_realisasi_hari": 7}, etag_of(api, "/v1/instansi", w["admin"]),
                ("SELECT version FROM instansi WHERE kode = %s", TENANT))


def realisasi_case(api, w):
    r, tk, cur, ind = realisasi(api, w)
    return Case(f"/v1/periode/{cur['id']}/realisasi/{ind}", tk, {"nilai": 2, "uraian": "Dua dokumen"},
                r.headers["ETag"], ("SELECT version FROM realisasi WHERE id = %s", r.json()["id"]))


def buka_case(api, w):
    s, tk, ps, cur = periods(api, w)
    other = [p for p in ps if p["id"] != cur["id"]][0]  # a period that is not open now (past or future: any date)
    return Case(f"/v1/periode/{other['id']}/buka", w["pd"], {"alasan": "Pegawai sakit saat batas waktu"},
                etag_of(api, f"/v1/periode/{other['id']}", tk), ("SELECT version FROM periode WHERE id = %s", other["id"]))


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def konten_case(api, w):
    b, tk = bukti(api, w)
    return Case(f"/v1/bukti/{b.json()['id']}/konten", tk, None, b.headers["ETag"],
                ("SELECT version FROM bukti WHERE id = %s", b.json()["id"]), data=PDF,
                headers={"Content-Type": "application/octet-stream"})


def verif_case(api, w):
    b, _ = bukti(api, w)
    return Case(f"/v1/bukti/{b.json()['id']}", w["tok"]["kasi"], {"status_verifikasi": "VALID", "catatan": "Sesuai"},
                b.headers["ETag"], ("SELECT version FROM bukti WHERE id = %s", b.json()["id"]))


def temuan_case(api, w):
    k, temuan = kke(api, w)
    return Case(f"/v1/kke/{k['id']}/temuan/{temuan[0]['id']}", w["pd2"],
                {"jawaban_status": "DIJELASKAN", "jawaban": "Pegawai baru mutasi masuk"},
                f'"v{temuan[0]["version"]}"',  # a finding has no GET of its own: its version in the list
                ("SELECT version FROM kke_temuan WHERE id = %s", temuan[0]["id"]))


# (method, route) -> builder(api, w) -> Case. Every PATCH/PUT/DELETE and every transition POST
# on a single resource. A stale If-Match must be 412 and change nothing.
IF_MATCH = {
    ("PATCH", "/v1/instansi"): instansi_case,
    ("PATCH", "/v1/unor/{id}"): at_own_get(unor_obj, "unor", {"nama": "Konk Unit Baru"}),
    ("PATCH", "/v1/pegawai/{nip}"): pegawai_case,
    ("PATCH", "/v1/skp/{id}"): lambda api, w: skp_case(api, w, "DRAFT", "", body={"pendekatan": "KUALITATIF"}),
    ("DELETE", "/v1/skp/{id}"): lambda api, w: skp_case(api, w, "DRAFT", ""),
    ("POST", "/v1/skp/{id}/ajukan"): lambda api, w: skp_case(api, w, "DRAFT", "/ajukan"),
    ("POST", "/v1/skp/{id}/kembalikan"): lambda api, w: skp_case(api, w, "DIAJUKAN", "/kembalikan", "kasi",
                                                                 {"alasan": "Target waktu belum realistis"}),
    ("POST", "/v1/skp/{id}/setujui"): lambda api, w: skp_case(api, w, "DIAJUKAN", "/setujui", "kasi"),
    ("POST", "/v1/skp/{id}/tetapkan"): lambda api, w: skp_case(api, w, "DISETUJUI", "/tetapkan", "kasi"),
    ("POST", "/v1/skp/{id}/revisi"): lambda api, w: skp_case(api, w, "DITETAPKAN", "/revisi", "own",
                                                             {"alasan": "Perubahan tugas dari pimpinan"}),
    ("POST", "/v1/skp/{id}/tutup"): lambda api, w: skp_case(api, w, "DITETAPKAN", "/tutup", "kasi",
                                                            {"alasan": "Mutasi", "tanggal_selesai": f"{YEAR}-08-15"}),
    ("POST", "/v1/skp/{id}/selesai"): selesai_case,
    ("POST", "/v1/sanksi/{id}/keputusan"): sanksi_case,
    ("PUT", "/v1/skp/{id}/perilaku"): lambda api, w: skp_case(api, w, "DRAFT", "/perilaku", "own", {"items": [
        {"nilai": "ADAPTIF", "ekspektasi_khusus": "Cepat menyesuaikan aplikasi baru"}]}),
    ("PUT", "/v1/skp/{id}/lampiran"): lambda api, w: skp_case(api, w, "DRAFT", "/lampiran", "own", LAMPIRAN),
    ("PATCH", "/v1/rhk/{id}"): at_own_get(rhk_obj, "rhk", {"uraian": "Uraian baru"}, "own"),
    ("DELETE", "/v1/rhk/{id}"): at_own_get(rhk_obj, "rhk", None, "own"),
    ("PATCH", "/v1/indikator/{id}"): lambda api, w: ind_case(api, w, {"uraian": "Jumlah dokumen final"}),
    ("DELETE", "/v1/indikator/{id}"): lambda api, w: ind_case(api, w, None),
    ("PUT", "/v1/periode/{id}/realisasi/{indikator_id}"): realisasi_case,
    ("POST", "/v1/periode/{id}/buka"): buka_case,
    ("PUT", "/v1/bukti/{id}/konten"): konten_case,
    ("PATCH", "/v1/bukti/{id}"): verif_case,
    ("PUT", "/v1/evaluasi/{id}/rating"): lambda api, w: eval_case(api, w, "/rating", "kasi", {
        "rating_hasil_kerja": "SESUAI_EKSPEKTASI", "rating_perilaku": "SESUAI_EKSPEKTASI"}),
    ("POST", "/v1/evaluasi/{id}/tetapkan"): lambda api, w: eval_case(api, w, "/tetapkan", "admin", OVERRIDE, rated=True),
    ("POST", "/v1/evaluasi/{id}/keberatan"): lambda api, w: eval_case(api, w, "/keberatan", "own", KEBERATAN,
                                                                      rated=True, set_=True),
    ("POST", "/v1/keberatan/{id}/putuskan"): keberatan,
    ("PATCH", "/v1/kke/{id}/temuan/{temuan_id}"): temuan_case,
    ("POST", "/v1/kke/{id}/ajukan"): lambda api, w: kke_case(api, w, 1, "ajukan", "pd2"),
    ("POST", "/v1/kke/{id}/verifikasi"): lambda api, w: kke_case(api, w, 3, "verifikasi", "admin"),
    ("POST", "/v1/kke/{id}/selesai"): lambda api, w: kke_case(api, w, 4, "selesai", "admin"),
    ("PATCH", "/v1/klien/{id}"): at_own_get(klien, "klien", {"aktif": False}),
    ("PATCH", "/v1/potensi/{id}"): at_own_get(potensi_obj, "potensi", {"level": "TINGGI"}),
    ("DELETE", "/v1/potensi/{id}"): at_own_get(potensi_obj, "potensi", None),
    ("POST", "/v1/klien/{id}/rotasi-secret"): at_own_get(klien, "klien", None, suffix="/rotasi-secret"),
    ("PATCH", "/v1/webhook/{id}"): at_own_get(webhook, "webhook", {"aktif": False}),
    ("POST", "/v1/webhook/{id}/rotasi-secret"): at_own_get(webhook, "webhook", None, suffix="/rotasi-secret"),
    ("PATCH", "/v1/jadwal/{id}"): at_own_get(jadwal, "jadwal", {"cron": "0 4 * * *"}),
}


def ind_case(api, w, body):
    """An indikator has no GET of its own: its ETag is its version inside the RHK's GET."""
    s, r, i, tk = draft(api, w)
    got = [x for x in api.get(f"/v1/rhk/{r['id']}", token=tk).json()["indikator"] if x["id"] == i["id"]][0]
    return Case(f"/v1/indikator/{i['id']}", tk, body, f'"v{got["version"]}"',
                ("SELECT version FROM indikator WHERE id = %s", i["id"]))


# Deliberately not versioned (no ETag/If-Match), with the reason:
NOT_VERSIONED = {
    # effective-dated rule tables: a PUT appends the rules in force from a year on; nothing is
    # overwritten, so there is no lost update to guard against
    ("PUT", "/v1/aturan/tindak-lanjut"),
    ("PUT", "/v1/aturan/tpp"),
    ("PUT", "/v1/aturan/talenta"),
    # an effective-dated override of who appraises whom (per year); the answer is the computed
    # chain, not a versioned row
    ("PUT", "/v1/pegawai/{nip}/penilai"),
}


@pytest.mark.parametrize("route", sorted(IF_MATCH), ids=" ".join)
def test_if_match(api, db, w, route):
    c = IF_MATCH[route](api, w)
    before = db.one(*c.state)
    assert before is not None and c.etag == f'"v{before}"'
    problem(send(api, route[0], c, **{"If-Match": STALE}), 412, "precondition_failed")
    assert db.one(*c.state) == before, "a stale If-Match changed the row"
    r = send(api, route[0], c, **{"If-Match": c.etag})
    assert r.status_code in (200, 201, 204), r.text
    assert db.one(*c.state) != before
    if r.status_code != 204:
        assert r.headers["ETag"] != c.etag


def test_every_mutable_route_is_in_the_if_match_table():
    mutable = {(m, p) for m, p in registered() if m in ("PATCH", "PUT", "DELETE")}
    assert mutable - set(IF_MATCH) - NOT_VERSIONED == set()
    assert set(IF_MATCH) | NOT_VERSIONED <= registered()


# ---- Idempotency-Key on every POST ----------------------------------------------------------

def count(table):
    return (f"SELECT count(*) FROM {table} WHERE instansi_id = (SELECT id FROM instansi WHERE kode = %s)", TENANT)


def create_case(path, table, body):
    """An admin's POST that creates a row; path may be f(api, w) -> (path, body)."""
    def build(api, w):
        p, b = path(api, w) if callable(path) else (path, body)
        return Case(p, w["admin"], b, state=count(table))
    return build


def on_skp(suffix, table, body, who="own"):
    def build(api, w):
        s, tk = ditetapkan(api, w) if table != "rhk" else skp_in(api, w, "DRAFT")
        return Case(f"/v1/skp/{s['id']}{suffix}", tk if who == "own" else w["tok"][who], body, state=count(table))
    return build


def indikator_create(api, w):
    s, r, i, tk = draft(api, w)
    return Case(f"/v1/rhk/{r['id']}/indikator", tk, {"aspek": "WAKTU", "uraian": "Waktu penyelesaian",
                "target_min": 12, "target_max": 12, "satuan": "bulan"}, state=count("indikator"))


def bukti_create(api, w):
    r, tk, _, _ = realisasi(api, w)
    return Case(f"/v1/realisasi/{r.json()['id']}/bukti", tk, {"jenis": "FILE", "nama": "laporan.pdf"},
                state=count("bukti"))


def keputusan(api, w):
    e, _ = evaluasi(api, w, rated=True, set_=True, hasil="SESUAI_EKSPEKTASI", perilaku="DI_BAWAH_EKSPEKTASI")
    items = api.get(f"/v1/tindak-lanjut?tahun={YEAR}&unor_id={w['dinas']}", token=w["admin"]).json()["items"]
    case = [i for i in items if i["nip"] == e["pegawai"]["nip"] and i["kode"] == "RENCANA_PERBAIKAN"][0]
    return Case(f"/v1/tindak-lanjut/{case['id']}/keputusan", w["admin"], {
        "keputusan": "DITERIMA", "alasan": "Rencana perbaikan disusun bersama atasan", "pejabat": "Kepala BKPSDM"},
        state=count("tindak_lanjut_keputusan"))


def skp_create(api, w):
    n, tk = staf(api, w)
    return Case("/v1/skp", tk, {"nip": n, "tahun": YEAR}, state=count("skp"))


def pegawai_body(api, w):
    return "/v1/pegawai", {"nip": nip(), "nama": "Konk Baru", "jenis_asn": "PNS", "jenis_jabatan": "PELAKSANA",
                           "jabatan": "Pengadministrasi", "unor_id": w["seksi"]}


def import_unor(api, w):
    return "/v1/import/unor", [{"siasn_id": "KONK-" + uuid.uuid4().hex[:8], "nama": "Konk Impor Unit"}]


def import_pegawai(api, w):
    _, units = import_unor(api, w)
    assert api.post("/v1/import/unor", token=w["admin"], json=units).status_code == 200
    return "/v1/import/pegawai", [{"nip": nip(), "nama": "Konk Impor", "jenis_asn": "PNS", "jenis_jabatan": "PELAKSANA",
                                   "jabatan": "Pengadministrasi", "unor_siasn_id": units[0]["siasn_id"]}]


def predikat(api, w):
    return f"/v1/unor/{w['dinas2']}/predikat-organisasi", {"tahun": YEAR, "jenis": "TRIWULAN", "nomor": 1,
                                                            "predikat": "BAIK", "dasar": "Capaian rencana aksi"}


def tertandatangan(api, w):
    from test_dokumen import sign_pdf
    s, tk = skp_in(api, w, "DRAFT")
    r = api.get(f"/v1/skp/{s['id']}/dokumen.pdf", token=tk)
    assert r.status_code == 200, r.text
    return Case(f"/v1/dokumen/{r.headers['X-Dokumen-Kode']}/tertandatangan", tk, data=sign_pdf(r.content),
                headers={"Content-Type": "application/pdf"}, state=count("dokumen_berkas"))


# Creating POSTs; every transition POST of IF_MATCH is replayed as well (see POSTS).
CREATES = {
    ("POST", "/v1/unor"): create_case(lambda api, w: ("/v1/unor", {"nama": "Konk Unit Idem", "parent_id": w["seksi"]}),
                                      "unor", None),
    ("POST", "/v1/pegawai"): create_case(pegawai_body, "pegawai", None),
    ("POST", "/v1/import/unor"): create_case(import_unor, "unor", None),
    ("POST", "/v1/import/pegawai"): create_case(import_pegawai, "pegawai", None),
    ("POST", "/v1/skp"): skp_create,
    ("POST", "/v1/skp/{id}/rhk"): on_skp("/rhk", "rhk", {"jenis_rhk": "UTAMA", "uraian": "Tersusunnya laporan",
                                                        "rhk_atasan_id": None}),
    ("POST", "/v1/rhk/{id}/indikator"): indikator_create,
    ("POST", "/v1/realisasi/{id}/bukti"): bukti_create,
    ("POST", "/v1/skp/{id}/umpan-balik"): on_skp("/umpan-balik", "umpan_balik",
                                                 {"jenis": "BIMBINGAN", "isi": "Perbaiki format laporan"}, "kasi"),
    ("POST", "/v1/unor/{id}/predikat-organisasi"): create_case(predikat, "predikat_organisasi", None),
    ("POST", "/v1/tindak-lanjut/{id}/keputusan"): keputusan,
    ("POST", "/v1/sanksi"): create_case(sanksi_body, "sanksi", None),
    ("POST", "/v1/kke"): create_case(lambda api, w: ("/v1/kke", {"unor_id": w["dinas2"], "tahun": YEAR, "semester": 1}),
                                     "kke", None),
    ("POST", "/v1/dokumen/{kode}/tertandatangan"): tertandatangan,
    ("POST", "/v1/klien"): create_case("/v1/klien", "klien", {"nama": "Konk Idem", "scopes": ["sync:read"]}),
    ("POST", "/v1/potensi"): create_case(lambda api, w: ("/v1/potensi", potensi_body(api, w)), "potensi", None),
    ("POST", "/v1/import/potensi"): create_case(lambda api, w: ("/v1/import/potensi", [potensi_body(api, w)]),
                                                "potensi", None),
    ("POST", "/v1/webhook"): lambda api, w: Case("/v1/webhook", w["admin"], {
        "klien_id": klien(api, w)[0]["id"], "url": "http://127.0.0.1:9/idem", "events": ["skp"]}, state=count("webhook")),
    ("POST", "/v1/jadwal"): create_case("/v1/jadwal", "jadwal", {"jenis": "purge", "cron": "0 2 * * 0", "aktif": False}),
    ("POST", "/v1/pekerjaan"): create_case("/v1/pekerjaan", "pekerjaan", {"jenis": "statistik"}),
}
POSTS = {**CREATES, **{k: v for k, v in IF_MATCH.items() if k[0] == "POST"}}
# POST /v1/auth/token is public: before authentication there is no tenant and actor to scope a
# key to, and replaying a stored answer would hand out a bearer token to anyone holding the key.
IDEMPOTENCY_EXEMPT = {("POST", "/v1/auth/token")}
# The SIASN runs need the fake SIASN server: their replays are proven in
# test_siasn.py::test_sync_posts_replay_by_idempotency_key.
IDEMPOTENCY_EXEMPT |= {("POST", "/v1/sync/siasn/pull"), ("POST", "/v1/sync/siasn/push"),
                       ("POST", "/v1/sync/siasn/import-hasil")}


ONE_TIME_SECRETS = ("client_secret", "secret")  # never stored: null in a replay (openapi.yaml)


def replayed(first):
    """The body a replay answers: the first one, but a one-time secret is never stored."""
    doc = first.json()
    hidden = [k for k in ONE_TIME_SECRETS if isinstance(doc, dict) and doc.get(k)]
    for k in hidden:
        doc[k] = None
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode() if hidden else first.content


def audit_rows():
    return ("SELECT count(*) FROM audit_log WHERE instansi_id = (SELECT id FROM instansi WHERE kode = %s)", TENANT)


@pytest.mark.parametrize("route", sorted(POSTS), ids=" ".join)
def test_idempotency_key(api, db, w, route):
    c = POSTS[route](api, w)
    key = {"Idempotency-Key": f"konk-{uuid.uuid4()}"}
    first = send(api, "POST", c, **key)
    assert first.status_code in (200, 201, 202), first.text
    state, audit = db.one(*c.state), db.one(*audit_rows())
    again = send(api, "POST", c, **key)
    assert (again.status_code, again.content) == (first.status_code, replayed(first))
    assert again.headers["Idempotent-Replayed"] == "true"
    assert (db.one(*c.state), db.one(*audit_rows())) == (state, audit), "the replay wrote again"
    other = Case(c.path, c.token, c.alt, headers=c.headers)
    problem(send(api, "POST", other, **key), 422, "idempotency_key_reused")
    assert (db.one(*c.state), db.one(*audit_rows())) == (state, audit)


def test_every_post_route_is_in_the_idempotency_table():
    posts = {(m, p) for m, p in registered() if m == "POST"}
    assert posts - set(POSTS) - IDEMPOTENCY_EXEMPT == set()
    assert set(POSTS) <= registered()
