"""Kertas kerja evaluasi: checks over a Perangkat Daerah, immutable snapshots, the worksheet
workflow (issue 8, first part). Owner: KKE. Findings are checked against counts computed
independently here with SQL."""
import datetime

import pytest

from conftest import make_token, problem
from test_penilaian import pd  # noqa: F401  (fixture: a PD of five pegawai with set SKPs)

YEAR = datetime.date.today().year
SEM = 1 if datetime.date.today().month <= 6 else 2


def run(api, token, unit, tahun=YEAR, semester=SEM):
    return api.post("/v1/kke", token=token, json={"unor_id": unit, "tahun": tahun, "semester": semester})


def test_checks_find_planted_problems_and_match_sql(api, db, pd):  # noqa: F811
    t = pd["t"]
    ind = api.get(f"/v1/skp/{pd['skp']['staf']['id']}", token=pd["tok"]["staf"]).json()["rhk"][0]["indikator"][0]["id"]
    db.exec("UPDATE indikator SET uraian = 'Semua surat masuk selesai diproses' WHERE id = %s", ind)  # K06
    extra = make_token("admin_bkpsdm")
    r = api.post("/v1/pegawai", token=extra, json={"nip": "198805052015031" + str(100 + (ind % 800)).zfill(3),
                 "nama": "Kke Tanpa SKP", "jenis_asn": "PNS", "jenis_jabatan": "PELAKSANA", "jabatan": "Pengadministrasi",
                 "unor_id": t["seksi"]})
    assert r.status_code == 201, r.text
    no_skp = r.json()["nip"]
    k = run(api, make_token("admin_pd", nip=t["kabid"]), t["dinas"])
    assert k.status_code == 201, k.text
    k = k.json()
    summary = {c["kode"]: c for c in k["ringkasan"]}
    temuan = api.get(f"/v1/kke/{k['id']}/temuan", token=pd["admin"]).json()["items"]
    by_code = {}
    for f in temuan:
        by_code.setdefault(f["kode"], []).append(f)
    # K01: active pegawai of the PD without an SKP this year, counted independently
    sql_k01 = db.all("SELECT p.nip FROM pegawai p JOIN unor u ON u.id = p.unor_id AND u.instansi_id = p.instansi_id "
                     "JOIN unor pdu ON pdu.id = %s AND u.path LIKE pdu.path || '%%' WHERE p.status = 'AKTIF' "
                     "AND NOT EXISTS (SELECT 1 FROM skp s WHERE s.pegawai_id = p.id AND s.tahun = %s)", t["dinas"], YEAR)
    assert {f["nip"] for f in by_code.get("K01", [])} == {r[0] for r in sql_k01} and no_skp in {r[0] for r in sql_k01}
    assert summary["K01"]["temuan"] == len(sql_k01) and summary["K01"]["diperiksa"] == 6
    # K02: every SKP was set after 31 January
    assert summary["K02"]["temuan"] == summary["K02"]["diperiksa"] == 5
    # K06: the planted absolute wording, and only that indicator
    assert [f["entitas_id"] for f in by_code["K06"]] == [str(ind)] and "semua" in by_code["K06"][0]["pesan"]
    # K10: no ekspektasi khusus pimpinan anywhere; K11 lampiran complete; K04 cascading fine
    assert summary["K10"]["temuan"] == 5 and summary["K11"]["temuan"] == 0 and summary["K04"]["temuan"] == 0
    if SEM == 2:  # the third quarter ended: no realisasi, no assessment, no feedback
        assert summary["K12"]["temuan"] == summary["K12"]["diperiksa"] == 5
        assert summary["K14"]["temuan"] == 5
    assert all(f["perbaikan"] for f in temuan) and 0 <= k["skor"] < 100
    assert k["status"] == "DRAFT" and k["jumlah_temuan"] == len(temuan)
    # the snapshot is immutable
    import psycopg2
    with pytest.raises(psycopg2.Error):
        db.exec("UPDATE kke SET skor = 100 WHERE id = %s", k["id"])
    csv = api.get(f"/v1/kke/{k['id']}", token=pd["admin"], headers={"Accept": "text/csv"})
    assert csv.status_code == 200 and csv.text.startswith("id,kode,severity,entitas")
    assert len(csv.text.strip().split("\r\n")) == len(temuan) + 1


def test_worksheet_workflow_and_rerun(api, db, pd):  # noqa: F811
    t = pd["t"]
    pd_admin, bkpsdm = make_token("admin_pd", nip=t["kabid"]), pd["admin"]
    k = run(api, bkpsdm, t["dinas"]).json()
    temuan = api.get(f"/v1/kke/{k['id']}/temuan", token=pd_admin).json()["items"]
    assert temuan
    problem(api.post(f"/v1/kke/{k['id']}/ajukan", token=pd_admin), 409, "kke_incomplete")
    problem(api.patch(f"/v1/kke/{k['id']}/temuan/{temuan[0]['id']}", token=pd_admin, json={"jawaban_status": "BENAR"}), 422)
    for f in temuan:
        r = api.patch(f"/v1/kke/{k['id']}/temuan/{f['id']}", token=pd_admin,
                      json={"jawaban_status": "DIPERBAIKI", "jawaban": "Sudah diperbaiki oleh pengelola kinerja"})
        assert r.status_code == 200, r.text
    problem(api.post(f"/v1/kke/{k['id']}/verifikasi", token=bkpsdm), 409, "kke_invalid_transition")
    problem(api.post(f"/v1/kke/{k['id']}/ajukan", token=bkpsdm), 403)
    assert api.post(f"/v1/kke/{k['id']}/ajukan", token=pd_admin).json()["status"] == "DIJAWAB_PD"
    problem(api.patch(f"/v1/kke/{k['id']}/temuan/{temuan[0]['id']}", token=pd_admin,
                      json={"jawaban_status": "DIJELASKAN", "jawaban": "Terlambat"}), 409)
    for f in temuan:
        assert api.patch(f"/v1/kke/{k['id']}/temuan/{f['id']}", token=bkpsdm,
                         json={"verifikasi": "TIDAK_DITERIMA", "catatan_verifikasi": "Belum terlihat"}).status_code == 200
    assert api.post(f"/v1/kke/{k['id']}/verifikasi", token=bkpsdm).json()["status"] == "DIVERIFIKASI"
    done = api.post(f"/v1/kke/{k['id']}/selesai", token=bkpsdm).json()
    assert done["status"] == "SELESAI" and [h["status"] for h in done["riwayat_status"]] == ["DIJAWAB_PD", "DIVERIFIKASI", "SELESAI"]
    # a fresh run is a new snapshot; "fixed" findings that are still there are flagged
    again = run(api, bkpsdm, t["dinas"]).json()
    assert again["id"] != k["id"]
    flagged = [f for f in api.get(f"/v1/kke/{again['id']}/temuan", token=bkpsdm).json()["items"] if f["masih_ditemukan"]]
    assert len(flagged) == len(temuan)
    listed = api.get(f"/v1/kke?unor_id={t['dinas']}", token=bkpsdm).json()["items"]
    assert [x["id"] for x in listed] == [k["id"], again["id"]] and all("skor" in x for x in listed)


def test_kke_scope_and_input(api, pd, tenant):  # noqa: F811
    t = pd["t"]
    problem(run(api, make_token("admin_pd", nip=t["kabid"]), t["dinas2"]), 404)   # another PD
    problem(run(api, pd["admin"], t["bidang"]), 422)                              # not a PD
    problem(run(api, pd["admin"], t["dinas"], semester=3), 422)
    problem(run(api, make_token("auditor"), t["dinas"]), 403)
    problem(run(api, tenant["other_admin"], t["dinas"]), 404)
    problem(api.post("/v1/kke", token=make_token("admin_pd", nip=t["kabid"]), json={"tahun": YEAR, "semester": SEM}), 422)


def test_whole_instansi_run(api, db):
    from conftest import build_tree, ensure_instansi
    import os
    kode = "kke" + os.urandom(3).hex()
    ensure_instansi(db, kode, "Kabupaten KKE")
    admin = make_token("admin_bkpsdm", instansi=kode)
    t = build_tree(api, admin, "Semua")
    r = api.post("/v1/kke", token=admin, json={"tahun": YEAR, "semester": SEM})
    assert r.status_code == 201, r.text
    units = sorted(x["unor_id"] for x in r.json()["items"])
    assert units == sorted([t["setda"], t["dinas"], t["dinas2"]])
    # nobody has an SKP: K01 finds every active pegawai of each PD
    setda = [x for x in r.json()["items"] if x["unor_id"] == t["setda"]][0]
    assert {c["kode"]: c["temuan"] for c in setda["ringkasan"]}["K01"] == 1


def test_semester_report_matches_independent_counts(api, db, pd):  # noqa: F811
    t = pd["t"]
    k = run(api, pd["admin"], t["dinas"]).json()
    rep = api.get(f"/v1/laporan/evaluasi?tahun={YEAR}&semester={SEM}", token=pd["admin"]).json()
    rows = {x["unor_id"]: x for x in rep["items"]}
    row = rows[t["dinas"]]
    assert (row["kke_id"], row["skor"]) == (k["id"], k["skor"])
    active, with_skp = db.all(
        "SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM skp s WHERE s.pegawai_id = p.id AND s.tahun = %s)) "
        "FROM pegawai p JOIN unor u ON u.id = p.unor_id AND u.instansi_id = p.instansi_id "
        "JOIN unor pdu ON pdu.id = %s AND u.path LIKE pdu.path || '%%' WHERE p.status = 'AKTIF'", YEAR, t["dinas"])[0]
    assert row["cakupan_skp"] == round(100.0 * with_skp / active, 1)
    assert rows[t["dinas2"]]["skor"] is None  # no KKE run yet: listed, without data
    scores = [x["skor"] for x in rep["items"] if x["skor"] is not None]
    assert scores == sorted(scores, reverse=True)
    assert rep["items"][-1]["skor"] is None  # PDs without data come last
    csv = api.get(f"/v1/laporan/evaluasi?tahun={YEAR}&semester={SEM}", token=pd["admin"], headers={"Accept": "text/csv"})
    assert csv.text.startswith("unor_id,nama,skor,cakupan_skp")
    svg = api.get(f"/v1/laporan/evaluasi?tahun={YEAR}&semester={SEM}&format=svg&indikator=cakupan_skp", token=pd["admin"])
    assert svg.headers["Content-Type"] == "image/svg+xml" and "<svg" in svg.text
    problem(api.get(f"/v1/laporan/evaluasi?tahun={YEAR}&semester=5", token=pd["admin"]), 422)
    problem(api.get(f"/v1/laporan/evaluasi?tahun={YEAR}&semester={SEM}&urut=gaji", token=pd["admin"]), 422)
