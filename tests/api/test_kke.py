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
    # K02 on any date: the set dates are planted, three after the deadline and two before it
    late = ("kadis", "staf", "jf")
    for who, s in pd["skp"].items():
        db.exec("UPDATE skp SET tanggal_ditetapkan = %s WHERE id = %s",
                datetime.datetime(YEAR, 2, 15, 3, tzinfo=datetime.timezone.utc) if who in late
                else datetime.datetime(YEAR, 1, 20, 3, tzinfo=datetime.timezone.utc), s["id"])
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
    # K02: the SKPs set after the deadline (31 January), by the dates planted above
    assert summary["K02"]["diperiksa"] == 5 and summary["K02"]["temuan"] == len(late)
    assert {f["nip"] for f in by_code["K02"]} == {t[w] for w in late}
    # K06: the planted absolute wording, and only that indicator
    assert [f["entitas_id"] for f in by_code["K06"]] == [str(ind)] and "semua" in by_code["K06"][0]["pesan"]
    # K10: no ekspektasi khusus pimpinan anywhere; K11 lampiran complete; K04 cascading fine
    assert summary["K10"]["temuan"] == 5 and summary["K11"]["temuan"] == 0 and summary["K04"]["temuan"] == 0
    # K12/K14: every period that ended in the semester so far (up to yesterday; on some dates
    # none) has no realisasi, no assessment and no feedback. Counted from the server's calendar.
    start = datetime.date(YEAR, 1 if SEM == 1 else 7, 1)
    last = min(datetime.date(YEAR, 6 if SEM == 1 else 12, 30 if SEM == 1 else 31),
               datetime.date.today() - datetime.timedelta(days=1))
    ended = {str(e["periode"]["id"]) for ev in pd["ev"].values() for e in ev.values()
             if start.isoformat() <= e["periode"]["tanggal_akhir"] <= last.isoformat()}
    assert summary["K12"]["temuan"] == summary["K12"]["diperiksa"] == len(ended)
    assert {f["entitas_id"] for f in by_code.get("K12", [])} == ended
    assert summary["K14"]["temuan"] == len(ended)
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


def test_run_audited_once_answers_per_finding(api, db, pd):  # noqa: F811
    """A run is one audit row (the kke INSERT: actor, PD, score, summary); its findings are data of
    the run, not audited one by one; the PD's answer to a finding is audited as an UPDATE of it."""
    t = pd["t"]
    pd_admin = make_token("admin_pd", nip=t["kabid"])
    before = db.one("SELECT coalesce(max(id), 0) FROM audit_log")
    r = api.post("/v1/kke", token=pd_admin, json={"unor_id": t["dinas"], "tahun": YEAR, "semester": SEM},
                 headers={"X-Request-Id": "kke-audit-1"})
    assert r.status_code == 201, r.text
    k = r.json()
    temuan = api.get(f"/v1/kke/{k['id']}/temuan", token=pd_admin).json()["items"]
    assert temuan and k["jumlah_temuan"] == len(temuan) == db.one("SELECT count(*) FROM kke_temuan WHERE kke_id = %s", k["id"])
    rows = db.all("SELECT entity, action, entity_id, actor, request_id, after FROM audit_log WHERE id > %s "
                  "AND entity IN ('kke', 'kke_temuan') ORDER BY id", before)
    assert [(e, a, i) for e, a, i, *_ in rows] == [("kke", "INSERT", str(k["id"]))]
    _, _, _, actor, request_id, after = rows[0]
    assert actor == k["dibuat_oleh"] and actor and request_id == "kke-audit-1"
    assert (after["unor_id"], after["tahun"], after["semester"]) == (t["dinas"], YEAR, SEM)
    assert after["ringkasan"] == k["ringkasan"] and float(after["skor"]) == float(k["skor"])
    assert sum(c["temuan"] for c in after["ringkasan"]) == len(temuan)
    f = temuan[0]
    r = api.patch(f"/v1/kke/{k['id']}/temuan/{f['id']}", token=pd_admin,
                  json={"jawaban_status": "DIJELASKAN", "jawaban": "Pegawai sedang cuti besar"})
    assert r.status_code == 200, r.text
    rows = db.all("SELECT action, before->>'jawaban_status', after->>'jawaban_status', after->>'jawaban' FROM audit_log "
                  "WHERE id > %s AND entity = 'kke_temuan' AND entity_id = %s", before, str(f["id"]))
    assert rows == [("UPDATE", None, "DIJELASKAN", "Pegawai sedang cuti besar")]


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
    # every PD is long work: a job run (issue 19), done by `kinerja scheduler`
    r = api.post("/v1/kke", token=admin, json={"tahun": YEAR, "semester": SEM})
    assert r.status_code == 202, r.text
    assert r.headers["Location"] == f"/v1/pekerjaan/{r.json()['id']}"
    assert (r.json()["jenis"], r.json()["parameter"]) == ("kke", {"tahun": YEAR, "semester": SEM})
    import scheduler
    scheduler.run_once()
    run = scheduler.wait_run(api, admin, r.json()["id"])
    assert run["status"] == "SELESAI", run
    units = sorted(x["unor_id"] for x in run["ringkasan"]["kke"])
    assert units == sorted([t["setda"], t["dinas"], t["dinas2"]])
    # nobody has an SKP: K01 finds every active pegawai of each PD
    setda_id = [x["id"] for x in run["ringkasan"]["kke"] if x["unor_id"] == t["setda"]][0]
    setda = api.get(f"/v1/kke/{setda_id}", token=admin).json()
    assert {c["kode"]: c["temuan"] for c in setda["ringkasan"]}["K01"] == 1
    assert setda["dibuat_oleh"] == run["actor"]


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


def run_ok(api, token, unit):
    r = run(api, token, unit)
    assert r.status_code == 201, r.text
    return r.json()


def summary_and_findings(api, db, k, token):
    """The run's per-check summary, its findings by code, and the stored rows by code (SQL)."""
    summary = {c["kode"]: c for c in k["ringkasan"]}
    by_code = {}
    for f in api.get(f"/v1/kke/{k['id']}/temuan", token=token).json()["items"]:
        by_code.setdefault(f["kode"], []).append(f)
    stored = {}
    for kode, eid in db.all("SELECT kode, entitas_id FROM kke_temuan WHERE kke_id = %s", k["id"]):
        stored.setdefault(kode, set()).add(eid)
    return summary, by_code, stored


def pid(db, n):
    return db.one("SELECT id FROM pegawai WHERE nip = %s", n)


def test_k03_penilai_follows_tree_or_override(api, db, pd):  # noqa: F811
    t, admin = pd["t"], pd["admin"]
    k = run(api, admin, t["dinas"])
    assert k.status_code == 201, k.text
    summary, by_code, _ = summary_and_findings(api, db, k.json(), admin)
    assert summary["K03"]["diperiksa"] == 5 and summary["K03"]["temuan"] == 0 and "K03" not in by_code  # clean
    # planted: the staf's SKP names the kabid as penilai (the tree says the kasi)
    staf_skp = pd["skp"]["staf"]["id"]
    db.exec("UPDATE skp SET penilai_pegawai_id = %s WHERE id = %s", pid(db, t["kabid"]), staf_skp)
    k = run_ok(api, admin, t["dinas"])
    summary, by_code, stored = summary_and_findings(api, db, k, admin)
    assert summary["K03"]["temuan"] == 1 and summary["K03"]["severity"] == "E"
    f = by_code["K03"][0]
    assert (f["entitas"], f["entitas_id"], f["nip"], f["severity"]) == ("skp", str(staf_skp), t["staf"], "E")
    assert t["kabid"] in f["pesan"] and t["kasi"] in f["pesan"] and "struktur unor" in f["pesan"]
    assert "penilai" in f["perbaikan"] and stored["K03"] == {str(staf_skp)}
    # a documented override naming the kabid (atasan: the kadis) makes it consistent again,
    # once the SKP records the same atasan
    r = api.put(f"/v1/pegawai/{t['staf']}/penilai", token=admin, json={
        "tahun": YEAR, "penilai_nip": t["kabid"], "atasan_penilai_nip": t["kadis"], "alasan": "Kasi cuti panjang"})
    assert r.status_code == 200, r.text
    k = run_ok(api, admin, t["dinas"])
    summary, by_code, _ = summary_and_findings(api, db, k, admin)
    f = by_code["K03"][0]  # the atasan still differs from the override
    assert "Atasan" in f["pesan"] and "penetapan khusus" in f["pesan"] and t["kadis"] in f["pesan"]
    db.exec("UPDATE skp SET atasan_pegawai_id = %s WHERE id = %s", pid(db, t["kadis"]), staf_skp)
    k = run_ok(api, admin, t["dinas"])
    summary, by_code, stored = summary_and_findings(api, db, k, admin)
    assert summary["K03"]["temuan"] == 0 and "K03" not in stored


def plant_last_year(db, n, uraian, nilai, aspek="KUANTITAS"):
    """An SKP of `n` for last year with one indicator and its realisasi (as the schema owner)."""
    p = db.all("SELECT instansi_id, id, unor_id, jabatan, jenis_jabatan FROM pegawai WHERE nip = %s", n)[0]
    last = YEAR - 1
    s = db.one("INSERT INTO skp (instansi_id, pegawai_id, tahun, periode_awal, periode_akhir, jenis_skp, status, unor_id, "
               "jabatan, jenis_jabatan, penilai_jenis, atasan_jenis, penilai_snapshot) VALUES (%s, %s, %s, %s, %s, "
               "'NON_JPT', 'SELESAI', %s, %s, %s, 'KEPALA_DAERAH', 'NONE', '{}') RETURNING id",
               p[0], p[1], last, datetime.date(last, 1, 1), datetime.date(last, 12, 31), p[2], p[3], p[4])
    r = db.one("INSERT INTO rhk (instansi_id, skp_id, jenis_rhk, uraian) VALUES (%s, %s, 'UTAMA', 'Tersusunnya dokumen') "
               "RETURNING id", p[0], s)
    i = db.one("INSERT INTO indikator (instansi_id, rhk_id, aspek, uraian, target_min, satuan) VALUES (%s, %s, %s, %s, 1, "
               "'dokumen') RETURNING id", p[0], r, aspek, uraian)
    for q, v in ((3, nilai - 1), (4, nilai)):
        per = db.one("INSERT INTO periode (instansi_id, skp_id, jenis, nomor, tanggal_awal, tanggal_akhir) VALUES "
                     "(%s, %s, 'TRIWULAN', %s, %s, %s) RETURNING id", p[0], s, q, datetime.date(last, 3 * q - 2, 1),
                     datetime.date(last, 3 * q, 28))
        db.exec("INSERT INTO realisasi (instansi_id, periode_id, indikator_id, nilai, uraian, diisi_oleh) VALUES "
                "(%s, %s, %s, %s, 'Capaian', 'uji')", p[0], per, i, v)


def test_k07_target_against_last_year_and_time_only(api, db, pd):  # noqa: F811
    t, admin = pd["t"], pd["admin"]
    # clean: last year's realisation below this year's target (2 dokumen), or another indicator
    plant_last_year(db, t["kabid"], "Jumlah dokumen", 2)
    plant_last_year(db, t["jf"], "Jumlah surat keluar", 40)
    k = run_ok(api, admin, t["dinas"])
    summary, by_code, _ = summary_and_findings(api, db, k, admin)
    assert summary["K07"]["diperiksa"] == 5 and summary["K07"]["temuan"] == 0 and "K07" not in by_code
    # planted: the staf realised 7 dokumen last year and targets 2; the kasi gets an RHK measured
    # only by "100% tepat waktu"
    plant_last_year(db, t["staf"], "jumlah  DOKUMEN.", 7)
    staf_ind = api.get(f"/v1/skp/{pd['skp']['staf']['id']}", token=pd["tok"]["staf"]).json()["rhk"][0]["indikator"][0]
    kasi_skp = pd["skp"]["kasi"]["id"]
    iid = db.one("SELECT instansi_id FROM skp WHERE id = %s", kasi_skp)
    rhk = db.one("INSERT INTO rhk (instansi_id, skp_id, jenis_rhk, uraian) VALUES (%s, %s, 'UTAMA', 'Terlaporkannya kegiatan') "
                 "RETURNING id", iid, kasi_skp)
    waktu = db.one("INSERT INTO indikator (instansi_id, rhk_id, aspek, uraian, target_min, target_max, satuan) VALUES "
                   "(%s, %s, 'WAKTU', 'Ketepatan waktu laporan', 100, 100, '%%') RETURNING id", iid, rhk)
    k = run_ok(api, admin, t["dinas"])
    summary, by_code, stored = summary_and_findings(api, db, k, admin)
    assert summary["K07"]["diperiksa"] == 6 and summary["K07"]["temuan"] == 2 and summary["K07"]["severity"] == "W"
    found = {f["entitas_id"]: f for f in by_code["K07"]}
    assert set(found) == {str(staf_ind["id"]), str(waktu)} == stored["K07"]
    assert all(f["entitas"] == "indikator" and f["severity"] == "W" for f in found.values())
    below = found[str(staf_ind["id"])]
    assert below["nip"] == t["staf"] and "realisasi tahun lalu (7)" in below["pesan"] and f"RHK {staf_ind['rhk_id']}" in below["pesan"]
    trivial = found[str(waktu)]
    assert trivial["nip"] == t["kasi"] and f"RHK {rhk}" in trivial["pesan"] and "100% tepat waktu" in trivial["pesan"]
    # a quantity indicator next to the time one makes the RHK a real one
    db.exec("INSERT INTO indikator (instansi_id, rhk_id, aspek, uraian, target_min, satuan) VALUES "
            "(%s, %s, 'KUANTITAS', 'Jumlah laporan kegiatan', 4, 'laporan')", iid, rhk)
    k = run_ok(api, admin, t["dinas"])
    summary, by_code, _ = summary_and_findings(api, db, k, admin)
    assert summary["K07"]["diperiksa"] == 7 and {f["entitas_id"] for f in by_code["K07"]} == {str(staf_ind["id"])}


def test_exemptions_are_dated(api, db, pd):  # noqa: F811
    from conftest import nip
    t, admin = pd["t"], pd["admin"]
    start = datetime.date(YEAR, 1 if SEM == 1 else 7, 1)
    people = {}
    for who in ("still", "ended_inside", "ended_before", "started_after", "active"):
        r = api.post("/v1/pegawai", token=admin, json={"nip": nip(), "nama": f"Kke {who}", "jenis_asn": "PNS",
                     "jenis_jabatan": "PELAKSANA", "jabatan": "Pengadministrasi", "unor_id": t["seksi"]})
        assert r.status_code == 201, r.text
        people[who] = r.json()["nip"]

    def status(who, st, since):
        db.exec("UPDATE pegawai SET status = %s, status_sejak = %s WHERE nip = %s", st, since, people[who])

    status("still", "CLTN", datetime.date(YEAR - 1, 3, 1))                 # exempt through the window
    status("ended_inside", "TUGAS_BELAJAR", datetime.date(YEAR - 2, 9, 1))
    status("ended_inside", "AKTIF", start + datetime.timedelta(days=1))    # back on the 2nd day
    status("ended_before", "MPP", datetime.date(YEAR - 2, 1, 1))
    status("ended_before", "AKTIF", datetime.date(YEAR - 1, 6, 1))         # back long before
    # exempt only from tomorrow: after the window (the semester up to yesterday, or its first day)
    status("started_after", "CLTN", datetime.date.today() + datetime.timedelta(days=1))
    k = run_ok(api, admin, t["dinas"])
    summary, by_code, stored = summary_and_findings(api, db, k, admin)
    k01 = {f["nip"] for f in by_code["K01"]}
    assert people["still"] not in k01 and people["ended_inside"] not in k01
    assert people["ended_before"] in k01 and people["active"] in k01
    assert people["started_after"] in k01
    ids = {str(pid(db, people[w])) for w in ("ended_before", "active", "started_after") if people[w] in k01}
    assert ids <= stored["K01"] and summary["K01"]["temuan"] == len(stored["K01"]) == len(by_code["K01"])
    # the history the decision rests on, read back independently
    hist = db.all("SELECT status, mulai, selesai FROM pegawai_status_riwayat WHERE pegawai_id = %s ORDER BY id",
                  pid(db, people["ended_before"]))
    assert [h[0] for h in hist] == ["AKTIF", "MPP", "AKTIF"] and hist[1][2] == datetime.date(YEAR - 1, 6, 1)


def test_k03_uses_the_tree_as_it_was_when_the_skp_was_made(api, db, pd):  # noqa: F811
    from conftest import nip
    t, admin = pd["t"], pd["admin"]
    r = api.post("/v1/pegawai", token=admin, json={"nip": nip(), "nama": "Kasi Baru", "jenis_asn": "PNS",
                 "jenis_jabatan": "PENGAWAS", "jabatan": "Kepala Seksi", "unor_id": t["seksi"]})
    assert r.status_code == 201, r.text
    baru = r.json()["nip"]
    r = api.patch(f"/v1/unor/{t['seksi']}", token=admin, json={"kepala_nip": baru})
    assert r.status_code == 200, r.text
    # the staf's SKP was made while the old kasi headed the seksi: consistent then, no finding
    k = run_ok(api, admin, t["dinas"])
    summary, by_code, stored = summary_and_findings(api, db, k, admin)
    assert summary["K03"]["diperiksa"] == 5 and summary["K03"]["temuan"] == 0 and "K03" not in stored
    # an SKP made after the change that still names the old kasi is off the tree
    staf_skp = pd["skp"]["staf"]["id"]
    db.exec("UPDATE skp SET created_at = clock_timestamp() WHERE id = %s", staf_skp)
    k = run_ok(api, admin, t["dinas"])
    summary, by_code, stored = summary_and_findings(api, db, k, admin)
    assert summary["K03"]["temuan"] == 1 and stored["K03"] == {str(staf_skp)}
    f = by_code["K03"][0]
    assert f["nip"] == t["staf"] and t["kasi"] in f["pesan"] and baru in f["pesan"] and "saat SKP dibuat" in f["pesan"]


def test_k09_tambahan_repeating_utama_of_its_own_skp_only(api, db, pd):  # noqa: F811
    """K09 compares a tambahan RHK with the utama RHKs of its own SKP (not of the PD's other SKPs)."""
    t = pd["t"]
    staf, jf = pd["skp"]["staf"]["id"], pd["skp"]["jf"]["id"]
    iid = db.one("SELECT instansi_id FROM skp WHERE id = %s", staf)
    utama = "Tersusunnya kajian khusus uji K09"
    db.exec("UPDATE rhk SET uraian = %s WHERE id = (SELECT min(id) FROM rhk WHERE skp_id = %s AND jenis_rhk = 'UTAMA')",
            utama, staf)
    own = db.one("INSERT INTO rhk (instansi_id, skp_id, jenis_rhk, uraian) VALUES (%s, %s, 'TAMBAHAN', %s) RETURNING id",
                 iid, staf, "  " + utama.upper() + " ")
    other = db.one("INSERT INTO rhk (instansi_id, skp_id, jenis_rhk, uraian) VALUES (%s, %s, 'TAMBAHAN', %s) RETURNING id",
                   iid, jf, utama)
    k = run(api, pd["admin"], t["dinas"])
    assert k.status_code == 201, k.text
    k = k.json()
    k09 = [f for f in api.get(f"/v1/kke/{k['id']}/temuan?limit=500", token=pd["admin"]).json()["items"] if f["kode"] == "K09"]
    assert [f["entitas_id"] for f in k09] == [str(own)] and str(other) not in {f["entitas_id"] for f in k09}
    summary = {c["kode"]: c for c in k["ringkasan"]}
    tambahan = db.one("SELECT count(*) FROM rhk r JOIN skp s ON s.id = r.skp_id WHERE r.jenis_rhk = 'TAMBAHAN' "
                      "AND s.id IN (SELECT (p->>'id')::bigint FROM jsonb_array_elements(%s::jsonb) p)",
                      __import__("json").dumps([{"id": s["id"]} for s in pd["skp"].values()]))
    assert summary["K09"]["diperiksa"] == tambahan and summary["K09"]["temuan"] == 1
