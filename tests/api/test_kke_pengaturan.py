"""KKE limits as instansi settings and K13's evidence checks (issue 16 item 8). K02's mutasi days,
K08's template threshold and K22's decision limit (domain.md §12) are instansi settings with the
defaults the checks used as constants (30, 5, 21), range-checked and audited; K13 checks each
evidence item is dated inside its period and that one file is not evidence of unrelated
indicators (related: same indicator, same RHK, or RHK linked by cascading). The facts are planted
in last year's second semester, so no result depends on today's date. Owner: KKE."""
import datetime
import hashlib
import os

import pytest

from conftest import build_tree, ensure_instansi, make_token, problem
from siklus import set_skp
from test_skp import LAMPIRAN, add_ind, add_rhk, create_skp

YEAR = datetime.date.today().year
PREV = YEAR - 1


@pytest.fixture(scope="module")
def ks(api, db):
    kode = "kks" + os.urandom(3).hex()
    inst = ensure_instansi(db, kode, "Kabupaten Batas KKE")
    admin = make_token("admin_bkpsdm", instansi=kode)
    t = build_tree(api, admin, "Ks")
    who = ("sekda", "kadis", "kabid", "jf")
    tok = {k: make_token("pegawai", instansi=kode, nip=t[k]) for k in who}
    tok["_nip"], tok["_admin"] = {k: t[k] for k in who}, admin
    _, kadis_r = set_skp(api, tok, "kadis", PREV, "sekda", jpt=True)
    kabid_s, kabid_r = set_skp(api, tok, "kabid", PREV, "kadis", kadis_r["id"])
    # the JF: RHK 1 intervenes the kabid's RHK and has two indicators; RHK 2 is an unlinked tambahan
    s = create_skp(api, tok["jf"], t["jf"], tahun=PREV)
    r1 = add_rhk(api, tok["jf"], s["id"], rhk_atasan_id=kabid_r["id"])
    i1 = add_ind(api, tok["jf"], r1["id"])
    i2 = add_ind(api, tok["jf"], r1["id"], aspek="KUALITAS", uraian="Dokumen tanpa revisi", target_min=100,
                 target_max=100, satuan="persen")
    r2 = add_rhk(api, tok["jf"], s["id"], jenis_rhk="TAMBAHAN", uraian="Menjadi panitia kegiatan daerah")
    i3 = add_ind(api, tok["jf"], r2["id"], uraian="Jumlah kegiatan")
    assert api.put(f"/v1/skp/{s['id']}/lampiran", token=tok["jf"], json=LAMPIRAN).status_code == 200
    for w, act in [("jf", "ajukan"), ("kabid", "setujui"), ("kabid", "tetapkan")]:
        r = api.post(f"/v1/skp/{s['id']}/{act}", token=tok[w])
        assert r.status_code == 200, r.text
    kabid_ind = db.one("SELECT id FROM indikator WHERE rhk_id = %s", kabid_r["id"])
    per = {(skp, n): pid for skp, n, pid in db.all(
        "SELECT skp_id, nomor, id FROM periode WHERE skp_id IN (%s, %s)", s["id"], kabid_s["id"])}
    return {"kode": kode, "inst": inst, "admin": admin, "t": t, "tok": tok, "skp": s, "kabid_skp": kabid_s,
            "i1": i1["id"], "i2": i2["id"], "i3": i3["id"], "kabid_ind": kabid_ind, "per": per}


def kke(api, ks):
    r = api.post("/v1/kke", token=ks["admin"], json={"unor_id": ks["t"]["dinas"], "tahun": PREV, "semester": 2})
    assert r.status_code == 201, r.text
    items = api.get(f"/v1/kke/{r.json()['id']}/temuan?limit=500", token=ks["admin"]).json()["items"]
    return r.json(), items


def patch(api, ks, **body):
    r = api.patch("/v1/instansi", token=ks["admin"], json=body)
    assert r.status_code == 200, r.text
    return r.json()


def d(m, day):
    return datetime.date(PREV, m, day)


def test_kke_limits_are_instansi_settings_with_the_regulation_defaults_K02_K08_K22(api, db, ks):
    b = api.get("/v1/instansi", token=ks["admin"]).json()
    assert (b["kke_mutasi_hari"], b["kke_templat_pegawai"], b["keberatan_putus_hari"]) == (30, 5, 21)
    for bad, field, code in [({"keberatan_putus_hari": 0}, "keberatan_putus_hari", "invalid_range"),
                             ({"keberatan_putus_hari": 91}, "keberatan_putus_hari", "invalid_range"),
                             ({"kke_templat_pegawai": 1}, "kke_templat_pegawai", "invalid_range"),
                             ({"kke_mutasi_hari": 181}, "kke_mutasi_hari", "invalid_range"),
                             ({"kke_mutasi_hari": "30"}, "kke_mutasi_hari", "invalid_type"),
                             ({"keberatan_putus_hari": None}, "keberatan_putus_hari", "required")]:
        body = problem(api.patch("/v1/instansi", token=ks["admin"], json=bad), 422, "validation_failed")
        assert [(e["field"], e["code"]) for e in body["errors"]] == [(field, code)], (bad, body)
    assert "1 sampai 90" in problem(api.patch("/v1/instansi", token=ks["admin"], json={"keberatan_putus_hari": 0}),
                                    422)["errors"][0]["message"]
    problem(api.patch("/v1/instansi", token=make_token("admin_pd", instansi=ks["kode"], nip=ks["t"]["kadis"]),
                      json={"keberatan_putus_hari": 30}), 403)
    assert db.one("SELECT (kke_mutasi_hari, kke_templat_pegawai, keberatan_putus_hari)::text FROM instansi WHERE id = %s",
                  ks["inst"]) == "(30,5,21)"
    b = patch(api, ks, keberatan_putus_hari=28, kke_templat_pegawai=7, kke_mutasi_hari=40)
    assert (b["kke_mutasi_hari"], b["kke_templat_pegawai"], b["keberatan_putus_hari"]) == (40, 7, 28)
    after = db.one("SELECT after FROM audit_log WHERE entity = 'instansi' AND entity_id = %s ORDER BY id DESC LIMIT 1",
                   str(ks["inst"]))
    assert (after["kke_mutasi_hari"], after["kke_templat_pegawai"], after["keberatan_putus_hari"]) == (40, 7, 28)
    patch(api, ks, keberatan_putus_hari=21, kke_templat_pegawai=5, kke_mutasi_hari=30)


def test_K22_keberatan_limit_follows_the_instansi_setting(api, db, ks):
    ev = db.one("SELECT e.id FROM evaluasi e JOIN periode p ON p.id = e.periode_id AND p.instansi_id = e.instansi_id "
                "WHERE e.skp_id = %s AND p.nomor = 3", ks["skp"]["id"])
    filed = datetime.datetime(PREV, 10, 5, 3, tzinfo=datetime.timezone.utc)
    kid = db.one("INSERT INTO keberatan (instansi_id, evaluasi_id, alasan, status, created_at, diputus_at, diputus_oleh) "
                 "VALUES (%s, %s, 'Bukti belum dipertimbangkan', 'DITOLAK', %s, %s, 'uji') RETURNING id",
                 ks["inst"], ev, filed, filed + datetime.timedelta(days=25))
    patch(api, ks, keberatan_putus_hari=21)
    _, items = kke(api, ks)
    k22 = [f for f in items if f["kode"] == "K22"]
    assert [f["entitas_id"] for f in k22] == [str(kid)] and "25 hari (batas 21 hari)" in k22[0]["pesan"]
    patch(api, ks, keberatan_putus_hari=30)
    _, items = kke(api, ks)
    assert [f for f in items if f["kode"] == "K22"] == []
    listed = {k["id"]: k for k in api.get("/v1/keberatan?limit=500", token=ks["admin"]).json()["items"]}
    assert listed[kid]["batas_putus"] == (filed.date() + datetime.timedelta(days=30)).isoformat()
    patch(api, ks, keberatan_putus_hari=21)
    listed = {k["id"]: k for k in api.get("/v1/keberatan?limit=500", token=ks["admin"]).json()["items"]}
    assert listed[kid]["batas_putus"] == (filed.date() + datetime.timedelta(days=21)).isoformat()


def test_K08_template_threshold_follows_the_instansi_setting(api, db, ks):
    # kadis, kabid and the JF carry the same RHK text "Tersusunnya dokumen perencanaan"
    same = {str(i) for (i,) in db.all("SELECT r.id FROM rhk r JOIN skp s ON s.id = r.skp_id AND s.instansi_id = r.instansi_id "
                                      "WHERE s.instansi_id = %s AND s.tahun = %s AND r.uraian = 'Tersusunnya dokumen perencanaan'",
                                      ks["inst"], PREV)}
    assert len(same) == 3
    _, items = kke(api, ks)
    assert [f for f in items if f["kode"] == "K08"] == []  # default: 5 pegawai make a template
    patch(api, ks, kke_templat_pegawai=3)
    _, items = kke(api, ks)
    assert {f["entitas_id"] for f in items if f["kode"] == "K08"} == same
    patch(api, ks, kke_templat_pegawai=5)


def test_K02_mutasi_days_follow_the_instansi_setting(api, db, ks):
    jf = ks["t"]["jf"]
    db.exec("UPDATE pegawai SET tmt_jabatan = %s WHERE nip = %s", d(5, 2), jf)
    db.exec("UPDATE skp SET tanggal_ditetapkan = %s WHERE id = %s",
            datetime.datetime(PREV, 6, 10, 3, tzinfo=datetime.timezone.utc), ks["skp"]["id"])  # TMT + 39 days
    _, items = kke(api, ks)
    assert str(ks["skp"]["id"]) in {f["entitas_id"] for f in items if f["kode"] == "K02"}
    patch(api, ks, kke_mutasi_hari=45)
    _, items = kke(api, ks)
    assert str(ks["skp"]["id"]) not in {f["entitas_id"] for f in items if f["kode"] == "K02"}
    patch(api, ks, kke_mutasi_hari=30)


def plant(db, ks, skp, nomor, ind, tanggal=None, created=None, sha=None, label=""):
    """Evidence of a realisasi of indikator `ind` in period `nomor` of `skp`, as the API stores it."""
    per = ks["per"][(skp, nomor)]
    rid = db.one("SELECT id FROM realisasi WHERE instansi_id = %s AND periode_id = %s AND indikator_id = %s",
                 ks["inst"], per, ind)
    if rid is None:
        rid = db.one("INSERT INTO realisasi (instansi_id, periode_id, indikator_id, nilai, uraian, diisi_oleh) "
                     "VALUES (%s, %s, %s, 2, 'Terealisasi', 'uji') RETURNING id", ks["inst"], per, ind)
    sha = hashlib.sha256((ks["kode"] + (sha or label)).encode()).hexdigest()
    created = datetime.datetime.combine(created or d(12, 1), datetime.time(3), tzinfo=datetime.timezone.utc)
    return db.one("INSERT INTO bukti (instansi_id, realisasi_id, jenis, nama, mime, ukuran, sha256, penyimpanan, "
                  "status_verifikasi, tanggal, created_at, diunggah_oleh) VALUES (%s, %s, 'FILE', 'bukti.pdf', "
                  "'application/pdf', 10, %s, 'pg', 'VALID', %s, %s, 'uji') RETURNING id",
                  ks["inst"], rid, sha, tanggal, created)


def test_K13_evidence_dated_in_its_period_and_no_file_reused_for_unrelated_indicators(api, db, ks):
    jf, kb = ks["skp"]["id"], ks["kabid_skp"]["id"]
    i1, i2, i3 = ks["i1"], ks["i2"], ks["i3"]
    b = {
        "ok_dated": plant(db, ks, jf, 3, i1, tanggal=d(8, 15), label="a"),
        "before": plant(db, ks, jf, 3, i1, tanggal=d(6, 15), label="b"),             # last quarter's report
        "grace": plant(db, ks, jf, 3, i1, created=d(10, 3), label="c"),              # undated, uploaded in the grace
        "late": plant(db, ks, jf, 3, i1, created=d(11, 20), label="d"),              # undated, uploaded long after
        "same_ind_q3": plant(db, ks, jf, 3, i1, tanggal=d(9, 1), sha="A"),
        "same_ind_q4": plant(db, ks, jf, 4, i1, tanggal=d(11, 1), sha="A"),          # the same indicator, next period
        "same_rhk_1": plant(db, ks, jf, 3, i1, tanggal=d(9, 2), sha="B"),
        "same_rhk_2": plant(db, ks, jf, 3, i2, tanggal=d(9, 2), sha="B"),            # another aspect of one RHK
        "unrelated_1": plant(db, ks, jf, 3, i1, tanggal=d(9, 3), sha="C"),
        "unrelated_2": plant(db, ks, jf, 3, i3, tanggal=d(9, 3), sha="C"),           # an unlinked tambahan RHK
        "cascade_1": plant(db, ks, jf, 3, i1, tanggal=d(9, 4), sha="D"),
        "cascade_2": plant(db, ks, kb, 3, ks["kabid_ind"], tanggal=d(9, 4), sha="D"),  # the intervened RHK
    }
    k, items = kke(api, ks)
    got = {(f["entitas_id"], "tanggal" if "di luar periode" in f["pesan"] else "ulang")
           for f in items if f["kode"] == "K13" and f["entitas"] == "bukti"}
    assert got == {(str(b["before"]), "tanggal"), (str(b["late"]), "tanggal"),
                   (str(b["unrelated_1"]), "ulang"), (str(b["unrelated_2"]), "ulang")}
    msg = {f["entitas_id"]: f["pesan"] for f in items if f["kode"] == "K13" and f["entitas"] == "bukti"
           and "Berkas yang sama" in f["pesan"]}
    assert f"bukti {b['unrelated_2']}" in msg[str(b["unrelated_1"])] and ks["t"]["jf"] in msg[str(b["unrelated_1"])]
    assert all(f["severity"] == "E" for f in items if f["kode"] == "K13")
    summary = {c["kode"]: c for c in k["ringkasan"]}
    assert summary["K13"]["temuan"] >= 4
    stored = {eid for (eid,) in db.all("SELECT entitas_id FROM kke_temuan WHERE kke_id = %s AND kode = 'K13' "
                                       "AND entitas = 'bukti'", k["id"])}
    assert stored == {str(b[x]) for x in ("before", "late", "unrelated_1", "unrelated_2")}
    # the fix: the reused file replaced, the evidence dated in its period -> a later run is clean
    db.exec("UPDATE bukti SET sha256 = %s WHERE id = %s", hashlib.sha256(b"lain" + ks["kode"].encode()).hexdigest(),
            b["unrelated_2"])
    db.exec("UPDATE bukti SET tanggal = %s WHERE id IN (%s, %s)", d(8, 20), b["before"], b["late"])
    _, items = kke(api, ks)
    assert [f for f in items if f["kode"] == "K13" and f["entitas"] == "bukti"] == []


def test_K13_bukti_takes_its_date_on_upload(api, db, ks):
    tok = ks["tok"]
    s, _ = set_skp(api, tok, "kadis", YEAR, "sekda", jpt=True)
    today = datetime.date.today()
    cur = [p for p in api.get(f"/v1/skp/{s['id']}/periode", token=tok["kadis"]).json()["items"]
           if p["tanggal_awal"] <= today.isoformat() <= p["tanggal_akhir"]][0]
    ind = db.one("SELECT i.id FROM indikator i JOIN rhk r ON r.id = i.rhk_id AND r.instansi_id = i.instansi_id "
                 "WHERE r.skp_id = %s", s["id"])
    r = api.put(f"/v1/periode/{cur['id']}/realisasi/{ind}", token=tok["kadis"], json={"nilai": 1, "uraian": "Selesai"})
    assert r.status_code in (200, 201), r.text
    rid = r.json()["id"]
    r = api.post(f"/v1/realisasi/{rid}/bukti", token=tok["kadis"],
                 json={"jenis": "FILE", "nama": "laporan.pdf", "tanggal": today.isoformat()})
    assert r.status_code == 201, r.text
    assert r.json()["tanggal"] == today.isoformat()
    assert db.one("SELECT tanggal FROM bukti WHERE id = %s", r.json()["id"]) == today
    before = db.one("SELECT count(*) FROM bukti WHERE realisasi_id = %s", rid)
    body = problem(api.post(f"/v1/realisasi/{rid}/bukti", token=tok["kadis"],
                            json={"jenis": "FILE", "nama": "laporan.pdf", "tanggal": "2026-02-30"}), 422)
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("tanggal", "invalid_type")]
    assert db.one("SELECT count(*) FROM bukti WHERE realisasi_id = %s", rid) == before
