"""Closing the SKP year and revisi after assessment (issue 16 item 4; domain.md §5.2 "DITETAPKAN
--year end + annual evaluation done--> SELESAI" and "revise only before first periodic evaluation
is locked", R15/R16). Owner: planning."""
import pytest

from conftest import make_token, problem
from siklus import evaluations_of, fresh, nilai, plant_final, world

ALASAN = {"alasan": "Perubahan tugas dari pimpinan"}


@pytest.fixture()
def w(api, tenant):
    return world(api, tenant["admin"], "Tutup")


def post(api, s, action, token, body=None, **headers):
    return api.post(f"/v1/skp/{s['id']}/{action}", token=token, json=body, headers=headers)


def status(db, s):
    return db.one("SELECT status FROM skp WHERE id = %s", s["id"])


def test_R16_skp_selesai_once_year_end_evaluation_is_final(api, db, w):
    s = fresh(api, w, "a")
    tok = w["tok"]
    body = problem(post(api, s, "selesai", w["admin"]), 409, "skp_evaluasi_akhir_belum_final")
    assert "FINAL" in body["detail"]
    e = nilai(api, tok, s, "kabid", "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")  # year-end, DITETAPKAN
    assert e["status"] == "DITETAPKAN"
    problem(post(api, s, "selesai", w["pd"]), 409, "skp_evaluasi_akhir_belum_final")  # keberatan window open
    assert status(db, s) == "DITETAPKAN"
    # only the pengelola closes the year
    problem(post(api, s, "selesai", tok["kabid"]), 403, "forbidden")
    problem(post(api, s, "selesai", tok["a"]), 403, "forbidden")
    problem(post(api, s, "selesai", make_token("auditor")), 403)
    problem(post(api, s, "selesai", w["pd2"]), 404)  # another PD's pengelola does not see it
    plant_final(db, e["id"])
    assert api.get(f"/v1/evaluasi/{e['id']}", token=w["admin"]).json()["status"] == "FINAL"
    problem(post(api, s, "selesai", w["pd"], **{"If-Match": '"v99"'}), 412, "precondition_failed")
    assert status(db, s) == "DITETAPKAN"
    r = post(api, s, "selesai", w["pd"])
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "SELESAI" and status(db, s) == "SELESAI"
    last = api.get(f"/v1/skp/{s['id']}/riwayat", token=w["admin"]).json()["transisi"][-1]
    assert (last["aksi"], last["dari"], last["ke"]) == ("selesai", "DITETAPKAN", "SELESAI")
    # SELESAI is the end: no revisi, no closing again
    body = problem(post(api, s, "revisi", tok["a"], ALASAN), 409, "skp_invalid_transition")
    assert "SELESAI" in body["detail"]
    problem(post(api, s, "selesai", w["admin"]), 409, "skp_invalid_transition")
    problem(post(api, s, "tutup", tok["kabid"], {"alasan": "Mutasi"}), 409, "skp_invalid_transition")
    assert status(db, s) == "SELESAI"


def test_R14_keberatan_decided_on_the_year_end_closes_the_year(api, db, w):
    s = fresh(api, w, "b")
    tok = w["tok"]
    e = nilai(api, tok, s, "kabid", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI")
    k = api.post(f"/v1/evaluasi/{e['id']}/keberatan", token=tok["b"],
                 json={"alasan": "Perilaku kerja dinilai tanpa bukti"})
    assert k.status_code == 200, k.text
    assert status(db, s) == "DITETAPKAN"
    kid = k.json()["keberatan"]["id"]
    r = api.post(f"/v1/keberatan/{kid}/putuskan", token=tok["kadis"],
                 json={"keputusan": "DITOLAK", "catatan": "Penilaian sesuai catatan kinerja"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "FINAL"
    assert status(db, s) == "SELESAI"  # by itself, in the same transaction
    last = api.get(f"/v1/skp/{s['id']}/riwayat", token=w["admin"]).json()["transisi"][-1]
    assert (last["aksi"], last["ke"]) == ("selesai", "SELESAI") and "keberatan" in last["alasan"]


def test_R15_revisi_refused_once_a_period_is_assessed(api, db, w):
    s = fresh(api, w, "c")
    tok = w["tok"]
    nilai(api, tok, s, "kabid", "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI", nomor=1)  # Q1 set: locked
    assert db.one("SELECT count(*) FROM periode WHERE skp_id = %s AND terkunci_at IS NOT NULL", s["id"]) == 1
    for who in ("c", "kabid"):
        body = problem(post(api, s, "revisi", tok[who], ALASAN), 409, "skp_periode_terkunci")
        assert "TRIWULAN 1" in body["detail"] and "dikunci" in body["detail"]
    en = post(api, s, "revisi", tok["c"], ALASAN, **{"Accept-Language": "en"}).json()
    assert "locked" in en["detail"] and "TRIWULAN 1" in en["detail"]
    assert db.all("SELECT status, versi FROM skp WHERE id = %s", s["id"])[0] == ("DITETAPKAN", 1)
    assert db.one("SELECT count(*) FROM skp_versi WHERE skp_id = %s", s["id"]) == 0
    # a segment without an assessed period may still be revised
    d = fresh(api, w, "d")
    assert all(x["status"] == "TERBUKA" for x in evaluations_of(api, w["admin"], d))
    r = post(api, d, "revisi", tok["d"], ALASAN)
    assert r.status_code == 200 and r.json()["status"] == "DRAFT", r.text
