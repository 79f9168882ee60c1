"""Keberatan (objections): who decides which, and the list of objections for those who decide
(issue 16 item 3; domain.md R14, R14a). Owner: assessment.
R14: the atasan penilai decides, the decision is final. R14a: when the atasan penilai is the
kepala daerah (the PPK, not a pegawai — the default for heads of Perangkat Daerah: penilai the
Sekda, atasan the Bupati) the PPK decides and BKPSDM records it with the decree number."""
import datetime

import pytest

from conftest import OTHER, make_token, problem
from test_penilaian import BP, SS, YEAR, org, pd, rate, tetapkan  # noqa: F401  (pd: fixture)

ALASAN = {"alasan": "Capaian organisasi triwulan IV belum dipertimbangkan"}
PUTUSAN = {"keputusan": "DITERIMA", "rating_perilaku": "DI_ATAS_EKSPEKTASI", "catatan": "Perilaku kerja sangat baik"}
NOMOR = "800.1.6/123/BKPSDM/2026"


def objection(api, x, who, hk, pk):
    """Rate and set `who`'s year-end evaluation, then `who` objects: (evaluation, keberatan)."""
    r = rate(api, x, who, hk, pk)
    assert r.status_code == 200, r.text
    r = tetapkan(api, x, who)
    assert r.status_code == 200, r.text
    r = api.post(f"/v1/evaluasi/{r.json()['id']}/keberatan", token=x["tok"][who], json=ALASAN)
    assert r.status_code == 200, r.text
    return r.json(), r.json()["keberatan"]


@pytest.fixture()
def both(api, pd):  # noqa: F811
    """Two open objections in the Dinas: the kadis's (atasan penilai: the kepala daerah) and the
    staf's (atasan penilai: the kabid)."""
    org(api, pd, "BAIK")
    pd["kadis_ev"], pd["kadis_k"] = objection(api, pd, "kadis", None, "SESUAI_EKSPEKTASI")
    pd["staf_ev"], pd["staf_k"] = objection(api, pd, "staf", *BP)
    return pd


def state(db, k):
    return db.one("SELECT row(k.status, k.nomor_keputusan, k.diputus_sebagai, e.status)::text FROM keberatan k "
                  "JOIN evaluasi e ON e.id = k.evaluasi_id AND e.instansi_id = k.instansi_id WHERE k.id = %s", k["id"])


def test_R14a_ppk_objection_is_recorded_by_bkpsdm_with_nomor_keputusan(api, db, both):
    x, k = both, both["kadis_k"]
    assert db.one("SELECT atasan_jenis FROM skp WHERE id = %s", x["skp"]["kadis"]["id"]) == "KEPALA_DAERAH"
    path = f"/v1/keberatan/{k['id']}/putuskan"
    before = state(db, k)
    assert before == "(DIAJUKAN,,,KEBERATAN)"
    # nobody else can decide it: the penilai (Sekda), the pegawai, the PD's pengelola, the auditor
    bodies = [problem(api.post(path, token=token, json=dict(PUTUSAN, nomor_keputusan=NOMOR)), 403)
              for token in (x["tok"]["sekda"], x["tok"]["kadis"], make_token("admin_pd", nip=x["t"]["kadis"]), make_token("auditor"))]
    assert "BKPSDM" in bodies[0]["detail"]
    # BKPSDM must give the decree number; bad input is refused and changes nothing
    body = problem(api.post(path, token=x["admin"], json=PUTUSAN), 422, "validation_failed")
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("nomor_keputusan", "required")]
    problem(api.post(path, token=x["admin"], json=dict(PUTUSAN, nomor_keputusan=123)), 422, "validation_failed")
    problem(api.post(path, token=x["admin"], json=dict(PUTUSAN, nomor_keputusan="")), 422, "validation_failed")
    problem(api.post(path, token=x["admin"], json=dict(PUTUSAN, nomor_keputusan="x" * 201)), 422, "validation_failed")
    problem(api.post(path, token=x["admin"], json=dict(PUTUSAN, nomor_keputusan=NOMOR, lain=1)), 422)
    problem(api.post(path, token=x["admin"], headers={"Accept-Language": "en"},
                     json={"keputusan": "DITOLAK", "rating_perilaku": "DI_ATAS_EKSPEKTASI", "catatan": "Ditolak",
                           "nomor_keputusan": NOMOR}), 422)
    assert state(db, k) == before
    r = api.post(path, token=x["admin"], json=dict(PUTUSAN, nomor_keputusan=NOMOR))
    assert r.status_code == 200, r.text
    e = r.json()
    assert (e["status"], e["predikat"], e["rating_perilaku"]) == ("FINAL", "BAIK", "DI_ATAS_EKSPEKTASI")
    kb = e["keberatan"]
    assert (kb["status"], kb["nomor_keputusan"], kb["diputus_sebagai"]) == ("DITERIMA", NOMOR, "PPK")
    assert state(db, k) == f"(DITERIMA,{NOMOR},PPK,FINAL)"
    audit = db.one("SELECT after->>'nomor_keputusan' FROM audit_log WHERE entity = 'keberatan' AND entity_id = %s "
                   "AND action = 'UPDATE' ORDER BY id DESC LIMIT 1", str(k["id"]))
    assert audit == NOMOR
    problem(api.post(path, token=x["admin"], json=dict(PUTUSAN, nomor_keputusan=NOMOR)), 409, "evaluasi_invalid_transition")


def test_R14a_bkpsdm_stays_refused_where_the_atasan_is_a_pegawai(api, db, both):
    x, k = both, both["staf_k"]
    path = f"/v1/keberatan/{k['id']}/putuskan"
    body = problem(api.post(path, token=x["admin"], json=dict(PUTUSAN, nomor_keputusan=NOMOR)), 403, "forbidden")
    assert "atasan" in body["detail"]
    assert state(db, k) == "(DIAJUKAN,,,KEBERATAN)"
    listed = api.get("/v1/keberatan?pemutus=ATASAN_PENILAI&status=DIAJUKAN&limit=500", token=x["admin"]).json()["items"]
    assert k["id"] in [i["id"] for i in listed] and x["kadis_k"]["id"] not in [i["id"] for i in listed]
    r = api.post(path, token=x["tok"]["kabid"], json={"keputusan": "DITOLAK", "catatan": "Penilaian sudah sesuai bukti"})
    assert r.status_code == 200, r.text
    assert r.json()["keberatan"]["diputus_sebagai"] == "ATASAN_PENILAI" and r.json()["keberatan"]["nomor_keputusan"] is None
    assert state(db, k) == "(DITOLAK,,ATASAN_PENILAI,FINAL)"


def test_keberatan_list_for_those_who_decide(api, db, both):
    x = both
    ids = {both["kadis_k"]["id"], both["staf_k"]["id"]}

    def listed(token, q=""):
        r = api.get(f"/v1/keberatan?limit=500{q}", token=token)
        assert r.status_code == 200, r.text
        return {i["id"]: i for i in r.json()["items"] if i["id"] in ids}

    all_ = listed(x["admin"], f"&unor_id={x['t']['dinas']}")
    assert set(all_) == ids
    kadis, staf = all_[both["kadis_k"]["id"]], all_[both["staf_k"]["id"]]
    today = datetime.date.today()
    assert (kadis["pemutus"], kadis["atasan"], kadis["status"]) == ("PPK", None, "DIAJUKAN")
    assert (staf["pemutus"], staf["atasan"]["nip"], staf["pegawai"]["nip"]) == ("ATASAN_PENILAI", x["t"]["kabid"], x["t"]["staf"])
    assert staf["batas_putus"] == (today + datetime.timedelta(days=21)).isoformat()  # K22's 21 days
    assert staf["evaluasi_id"] == both["staf_ev"]["id"] and staf["periode"]["tahun"] == YEAR
    assert staf["alasan"] == ALASAN["alasan"] and staf["predikat_lama"] == "BUTUH_PERBAIKAN"
    # filters: the PPK's ones only, the unit, the status, the deadline
    assert set(listed(x["admin"], "&pemutus=PPK")) == {both["kadis_k"]["id"]}
    assert set(listed(x["admin"], f"&unor_id={x['t']['seksi']}")) == {both["staf_k"]["id"]}
    assert listed(x["admin"], f"&unor_id={x['t']['dinas2']}") == {}
    assert set(listed(x["admin"], "&status=DIAJUKAN")) == ids
    assert listed(x["admin"], "&status=DITERIMA") == {}
    assert set(listed(x["admin"], f"&batas_putus_sebelum={(today + datetime.timedelta(days=21)).isoformat()}")) == ids
    assert listed(x["admin"], f"&batas_putus_sebelum={(today + datetime.timedelta(days=20)).isoformat()}") == {}
    # who sees which: the atasan penilai his appraisees' objection, the pegawai their own
    assert set(listed(x["tok"]["kabid"])) == {both["staf_k"]["id"]}
    assert set(listed(x["tok"]["staf"])) == {both["staf_k"]["id"]}
    assert listed(x["tok"]["jf"]) == {}
    assert set(listed(make_token("auditor"))) == ids
    assert listed(make_token("admin_bkpsdm", instansi=OTHER)) == {}
    # decided ones leave the open list
    r = api.post(f"/v1/keberatan/{both['kadis_k']['id']}/putuskan", token=x["admin"], json=dict(PUTUSAN, nomor_keputusan=NOMOR))
    assert r.status_code == 200, r.text
    assert set(listed(x["admin"], "&status=DIAJUKAN")) == {both["staf_k"]["id"]}
    done = listed(x["admin"], "&status=DITERIMA")[both["kadis_k"]["id"]]
    assert (done["nomor_keputusan"], done["diputus_sebagai"]) == (NOMOR, "PPK")
    # pagination
    r = api.get(f"/v1/keberatan?limit=1&unor_id={x['t']['dinas']}", token=x["admin"]).json()
    assert len(r["items"]) == 1 and r["next_cursor"]
    r2 = api.get(f"/v1/keberatan?limit=1&unor_id={x['t']['dinas']}&cursor={r['next_cursor']}", token=x["admin"]).json()
    assert r2["items"][0]["id"] > r["items"][0]["id"]
    # bad filters: 422, field by field
    for q, field in [("status=BARU", "status"), ("unor_id=abc", "unor_id"), ("batas_putus_sebelum=2026-13-01", "batas_putus_sebelum"),
                     ("pemutus=BUPATI", "pemutus"), ("limit=0", "limit")]:
        body = problem(api.get(f"/v1/keberatan?{q}", token=x["admin"]), 422)
        assert field in [e["field"] for e in body["errors"]], (q, body)
    problem(api.get("/v1/keberatan"), 401)
