"""Schedules, job runs, reminders and timeliness (issue 19). Owner: jobs.

`kinerja scheduler` runs in its own processes on a clock moved per process start (scheduler.py,
libfaketime), so a test can stand before and after a schedule's time or a deadline without
waiting. Each test uses a tenant of its own: a scheduler serves every tenant of the database."""
import datetime
import json
import signal
import threading
import time
import uuid
from collections import Counter

import pytest

import scheduler as sch
from conftest import _RUN, Api, Server, build_tree, ensure_instansi, make_token, nip, problem
from fake_siasn import FakeSiasn
from siklus import set_skp, year_end
from test_skp import create_skp

UTC = datetime.timezone.utc


def now_utc():
    return datetime.datetime.now(UTC)


def parse_ts(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def jd(api, db):
    kode = f"jd{_RUN}"
    ensure_instansi(db, kode, "Kabupaten Jadwal")
    admin = make_token("admin_bkpsdm", instansi=kode)
    t = build_tree(api, admin, "Jd")
    return dict(kode=kode, admin=admin, t=t, iid=db.one("SELECT id FROM instansi WHERE kode = %s", kode))


def runs_of(api, token, **q):
    r = api.get("/v1/pekerjaan", token=token, params=dict(q, limit=500))
    assert r.status_code == 200, r.text
    return r.json()["items"]


# ---- schedules: validation, on time and once ---------------------------------------------

def test_jadwal_validation_and_roles(api, jd, db):
    a = jd["admin"]
    before = db.one("SELECT count(*) FROM jadwal WHERE instansi_id = %s", jd["iid"])
    b = problem(api.post("/v1/jadwal", token=a, json={"jenis": "statistik", "cron": "61 * * * *"}), 422, "validation_failed")
    assert any(e["field"] == "cron" for e in b["errors"])
    problem(api.post("/v1/jadwal", token=a, json={"jenis": "tidak_ada", "cron": "0 3 * * *"}), 422, "validation_failed")
    problem(api.post("/v1/jadwal", token=a, json={"jenis": "statistik", "cron": "0 3 31 2 *"}), 422, "validation_failed")
    problem(api.post("/v1/jadwal", token=a, json={"jenis": "kke", "cron": "0 3 * * *", "parameter": {"semester": 3}}), 422)
    problem(api.post("/v1/jadwal", token=a, json={"jenis": "purge", "cron": "0 3 * * *", "parameter": {"x_hari": 3}}), 422)
    problem(api.post("/v1/jadwal", token=a, json={"jenis": "statistik", "cron": "0 3 * * *", "extra": 1}), 422)
    problem(api.post("/v1/jadwal", token=a, data="{", headers={"Content-Type": "application/json"}), 400)
    problem(api.post("/v1/jadwal", token=make_token("admin_pd", instansi=jd["kode"], nip=jd["t"]["kadis"]),
                     json={"jenis": "statistik", "cron": "0 3 * * *"}), 403, "forbidden")
    problem(api.post("/v1/pekerjaan", token=make_token("auditor", instansi=jd["kode"]), json={"jenis": "statistik"}), 403)
    assert db.one("SELECT count(*) FROM jadwal WHERE instansi_id = %s", jd["iid"]) == before
    # another tenant's schedule and runs are not found
    ensure_instansi(db, f"jl{_RUN}", "Kabupaten Lain Jadwal")
    oa = make_token("admin_bkpsdm", instansi=f"jl{_RUN}")
    oj = api.post("/v1/jadwal", token=oa, json={"jenis": "statistik", "cron": "0 3 * * *", "aktif": False})
    assert oj.status_code == 201, oj.text
    problem(api.get(f"/v1/jadwal/{oj.json()['id']}", token=a), 404)
    problem(api.patch(f"/v1/jadwal/{oj.json()['id']}", token=a, json={"aktif": True}), 404)
    assert oj.json()["id"] not in [x["id"] for x in api.get("/v1/jadwal", token=a).json()["items"]]
    orun = api.post("/v1/pekerjaan", token=oa, json={"jenis": "statistik"})
    assert orun.status_code == 202, orun.text
    problem(api.get(f"/v1/pekerjaan/{orun.json()['id']}", token=a), 404)
    db.exec("UPDATE pekerjaan SET status = 'GAGAL' WHERE id = %s", orun.json()["id"])


def test_jadwal_runs_on_schedule_and_once(api, jd, db):
    a = jd["admin"]
    r = api.post("/v1/jadwal", token=a, json={"jenis": "statistik", "cron": "17 3 * * *", "utc_offset_menit": 0})
    assert r.status_code == 201, r.text
    j = r.json()
    due = parse_ts(j["berikut_at"])
    n = now_utc()
    expect = n.replace(hour=3, minute=17, second=0, microsecond=0)
    if expect <= n:
        expect += datetime.timedelta(days=1)
    assert due == expect
    assert api.get("/v1/jadwal", token=a).json()["items"][-1]["id"] == j["id"]
    # before its time: nothing
    sch.run_once(0)
    assert runs_of(api, a, jadwal_id=j["id"]) == []
    # one minute after it: one run, done; the schedule moves to the next day
    off = int((due - now_utc()).total_seconds()) + 60
    sch.run_once(off)
    runs = runs_of(api, a, jadwal_id=j["id"])
    assert [x["status"] for x in runs] == ["SELESAI"], runs
    assert runs[0]["ringkasan"]["tabel"] == 8 and runs[0]["durasi_ms"] >= 0
    j2 = api.get(f"/v1/jadwal/{j['id']}", token=a).json()
    assert parse_ts(j2["berikut_at"]) == due + datetime.timedelta(days=1)
    assert parse_ts(j2["terakhir_at"]) == due
    # the same moment again: not again
    sch.run_once(off)
    assert len(runs_of(api, a, jadwal_id=j["id"])) == 1
    # the next day, two schedulers at once: one more run, not two
    off2 = off + 86400
    ps = [sch.start(off2) for _ in range(2)]
    end = time.time() + 30
    while time.time() < end and not [x for x in runs_of(api, a, jadwal_id=j["id"]) if x["id"] != runs[0]["id"] and x["status"] == "SELESAI"]:
        time.sleep(0.2)
    time.sleep(1.0)   # both had time to look again
    for p in ps:
        assert sch.stop(p) == 0
    assert len(runs_of(api, a, jadwal_id=j["id"])) == 2
    # PATCH: a new time, If-Match honoured; inactive schedules are not run
    r = api.patch(f"/v1/jadwal/{j['id']}", token=a, json={"aktif": False, "cron": "0 5 * * 1"},
                  headers={"If-Match": '"1"'})
    assert r.status_code == 412, r.text
    cur = api.get(f"/v1/jadwal/{j['id']}", token=a)
    r = api.patch(f"/v1/jadwal/{j['id']}", token=a, json={"aktif": False, "cron": "0 5 * * 1"},
                  headers={"If-Match": cur.headers["ETag"]})
    assert r.status_code == 200, r.text
    assert r.json()["aktif"] is False and parse_ts(r.json()["berikut_at"]).weekday() == 0
    problem(api.patch(f"/v1/jadwal/{j['id']}", token=a, json={"jenis": "kke"}), 422)
    problem(api.patch("/v1/jadwal/999999999", token=a, json={"aktif": True}), 404)
    sch.run_once(off2 + 30 * 86400)
    assert len(runs_of(api, a, jadwal_id=j["id"])) == 2


def test_pekerjaan_post_runs_now_and_purges(api, jd, db):
    a = jd["admin"]
    old = db.one("INSERT INTO webhook_pengiriman (instansi_id, webhook_id, pengiriman_id, percobaan, jumlah_event, durasi_ms, berhasil, dikirim_at) "
                 "SELECT %s, w.id, 'x', 1, 1, 1, true, now() - interval '200 days' FROM webhook w WHERE w.instansi_id = %s LIMIT 1 RETURNING id",
                 jd["iid"], jd["iid"])
    # an Idempotency-Key reply older than the purge age (48 h) goes too (`kinerja purge`'s step)
    key = f"jadwal-purge-{uuid.uuid4().hex[:8]}"
    made = api.post("/v1/unor", token=a, headers={"Idempotency-Key": key}, json={"nama": f"Unit {key}", "parent_id": None})
    assert made.status_code == 201, made.text
    db.exec("UPDATE idempotensi SET created_at = now() - interval '72 hours' WHERE kunci = %s", key)
    # another instansi's equally old reply is not this run's to delete
    other = ensure_instansi(db, "jadwal-lain", "Kabupaten Lain")
    db.exec("INSERT INTO idempotensi (instansi_id, aktor, kunci, sidik_permintaan, status, created_at) "
            "VALUES (%s, 'u', %s, 'x', 201, now() - interval '72 hours')", other, key)
    r = api.post("/v1/pekerjaan", token=a, json={"jenis": "purge", "parameter": {"webhook_pengiriman_hari": 100}})
    assert r.status_code == 202, r.text
    assert r.headers["Location"] == f"/v1/pekerjaan/{r.json()['id']}"
    assert r.json()["status"] == "MENUNGGU"
    sch.run_once(0)
    run = sch.wait_run(api, a, r.json()["id"])
    assert run["status"] == "SELESAI", run
    assert set(run["ringkasan"]) == {"dokumen", "webhook_pengiriman", "pekerjaan", "idempotensi", "bukti_berkas"}
    assert run["ringkasan"]["idempotensi"] >= 1
    assert db.one("SELECT count(*) FROM idempotensi WHERE kunci = %s AND instansi_id = %s", key, jd["iid"]) == 0
    assert db.one("SELECT count(*) FROM idempotensi WHERE kunci = %s AND instansi_id = %s", key, other) == 1
    if old:
        assert db.one("SELECT count(*) FROM webhook_pengiriman WHERE id = %s", old) == 0
    # a pegawai cannot see the run; an unknown id is 404
    peg = make_token("pegawai", instansi=jd["kode"], nip=jd["t"]["staf"])
    problem(api.get(f"/v1/pekerjaan/{run['id']}", token=peg), 404)
    bad = problem(api.get("/v1/pekerjaan?status=SALAH", token=a), 422, "validation_failed")
    assert bad["errors"][0]["field"] == "status" and "MENUNGGU" in bad["errors"][0]["message"]  # names the allowed values
    bad = problem(api.get("/v1/pengingat?tahap=besok", token=a), 422, "validation_failed")
    assert bad["errors"][0]["field"] == "tahap" and "terlambat" in bad["errors"][0]["message"]


# ---- leases: a killed scheduler's run is taken over, never run twice at once ------------

@pytest.fixture(scope="module")
def fake():
    f = FakeSiasn().start()
    yield f
    f.stop()


def test_killed_scheduler_run_is_taken_over_after_its_lease(api, jd, db, fake):
    a = jd["admin"]
    for k in ("sekda", "kadis", "kabid", "kasi", "staf", "jf", "kadis2", "staf2"):
        n = jd["t"][k]
        fake.pns[n] = {"id": f"PNS-{n[-8:]}", "nipBaru": n, "nama": f"Jd {k}", "jabatanNama": k,
                       "unorId": "U-X", "kedudukanPnsNama": "Aktif", "jenisJabatanId": "4"}
    fake.delay("/pns/data-utama", n=100, seconds=1.0)
    env = dict(fake.env(KINERJA_SIASN_TIMEOUT_MS="5000"), KINERJA_JOBS_LEASE_S="3")
    srv = Server(extra_env=fake.env()).start()
    try:
        r = Api(srv.url).post("/v1/pekerjaan", token=a, json={"jenis": "siasn_pull", "parameter": {"dry_run": True}})
        assert r.status_code == 202, r.text
        rid = r.json()["id"]
    finally:
        assert srv.stop() == 0
    first = sch.start(0, env)
    row = lambda: db.all("SELECT status, pemilik, percobaan, sewa_sampai > now() FROM pekerjaan WHERE id = %s", rid)[0]
    end = time.time() + 30
    while time.time() < end and row()[0] != "BERJALAN":
        time.sleep(0.05)
    holder = row()[1]
    assert row()[0] == "BERJALAN" and holder.endswith(f":{first.pid}")
    second = sch.start(0, env)
    # the first keeps its lease (renewed every lease/3) for longer than one lease: not taken over
    time.sleep(4.0)
    st = row()
    assert st[0] == "BERJALAN" and st[1] == holder and st[2] == 1 and st[3], st
    first.send_signal(signal.SIGKILL)
    first.wait()
    first.log.close()
    # the lease runs out, the second scheduler takes the run over and finishes it
    run = sch.wait_run(api, a, rid, timeout=60)
    assert sch.stop(second) == 0
    assert run["status"] == "SELESAI", run
    assert run["percobaan"] == 2
    assert db.one("SELECT pemilik FROM pekerjaan WHERE id = %s", rid).endswith(f":{second.pid}")
    assert run["ringkasan"]["dry_run"] is True


# ---- reminders: once at due-soon, once at overdue ----------------------------------------

def test_reminder_fires_once_due_soon_and_once_overdue(api, jd, db):
    a, t = jd["admin"], jd["t"]
    year = datetime.date.today().year
    db.exec("UPDATE pegawai SET tmt_jabatan = NULL WHERE instansi_id = %s AND nip = %s", jd["iid"], t["jf"])
    s = create_skp(api, make_token("pegawai", instansi=jd["kode"], nip=t["jf"]), t["jf"], tahun=year)
    batas = db.one("SELECT make_date(%s, batas_skp_bulan, batas_skp_hari) FROM instansi WHERE id = %s", year, jd["iid"])
    lead = api.get("/v1/instansi", token=a).json()["pengingat_hari"]
    assert lead == 7

    def scan_at(day):
        r = api.post("/v1/pekerjaan", token=a, json={"jenis": "pengingat"})
        assert r.status_code == 202, r.text
        at = datetime.datetime.combine(day, datetime.time(8, 0), UTC)
        sch.run_once(int((at - now_utc()).total_seconds()))
        run = sch.wait_run(api, a, r.json()["id"])
        assert run["status"] == "SELESAI", run
        return run["ringkasan"]

    def mine():
        return db.all("SELECT tahap, jatuh_tempo FROM pengingat WHERE instansi_id = %s AND kunci = %s ORDER BY id",
                      jd["iid"], f"skp/{s['id']}")

    scan_at(batas - datetime.timedelta(days=lead + 1))          # not yet due soon
    assert mine() == []
    sm = scan_at(batas - datetime.timedelta(days=3))              # R: due soon
    assert mine() == [("jatuh_tempo", batas)] and sm["baru"] >= 1
    scan_at(batas - datetime.timedelta(days=2))                   # again: no repeat
    assert mine() == [("jatuh_tempo", batas)]
    scan_at(batas + datetime.timedelta(days=1))                   # overdue
    assert mine() == [("jatuh_tempo", batas), ("terlambat", batas)]
    scan_at(batas + datetime.timedelta(days=5))
    assert mine() == [("jatuh_tempo", batas), ("terlambat", batas)]
    # on the change feed as pengingat.jatuh_tempo / pengingat.terlambat, once each
    for kind in ("pengingat.jatuh_tempo", "pengingat.terlambat"):
        feed = api.get("/v1/perubahan", token=a, params={"entity": kind, "limit": 500}).json()["items"]
        ids = [f["entity_id"] for f in feed]
        want = db.one("SELECT id::text FROM pengingat WHERE instansi_id = %s AND kunci = %s AND tahap = %s",
                      jd["iid"], f"skp/{s['id']}", kind.split(".")[1])
        assert ids.count(want) == 1, feed
    # webhooks may subscribe to them
    kl = api.post("/v1/klien", token=a, json={"nama": "Gateway pesan", "scopes": ["webhook:manage"]})
    assert kl.status_code == 201, kl.text
    wh = api.post("/v1/webhook", token=a, json={"klien_id": kl.json()["id"], "url": "http://127.0.0.1:9/x",
                                                 "events": ["pengingat.jatuh_tempo", "pengingat.terlambat"]})
    assert wh.status_code == 201, wh.text
    # GET /v1/pengingat: own for the pegawai, the PD's for admin_pd, all for admin_bkpsdm
    own = api.get("/v1/pengingat", token=make_token("pegawai", instansi=jd["kode"], nip=t["jf"])).json()["items"]
    assert {(g["kunci"], g["tahap"]) for g in own} >= {(f"skp/{s['id']}", "jatuh_tempo"), (f"skp/{s['id']}", "terlambat")}
    assert all(g["nip"] == t["jf"] for g in own)
    other = api.get("/v1/pengingat", token=make_token("pegawai", instansi=jd["kode"], nip=t["staf2"])).json()["items"]
    assert not [g for g in other if g["kunci"] == f"skp/{s['id']}"]
    pd_other = api.get("/v1/pengingat", token=make_token("admin_pd", instansi=jd["kode"], nip=t["kadis2"])).json()["items"]
    assert not [g for g in pd_other if g["kunci"] == f"skp/{s['id']}"]
    pd_own = api.get("/v1/pengingat", token=make_token("admin_pd", instansi=jd["kode"], nip=t["kadis"])).json()["items"]
    assert [g for g in pd_own if g["kunci"] == f"skp/{s['id']}"]
    late = api.get("/v1/pengingat", token=a, params={"tahap": "terlambat", "jenis": "skp", "unor_id": t["dinas"]}).json()["items"]
    assert [g["kunci"] for g in late if g["kunci"] == f"skp/{s['id']}"] == [f"skp/{s['id']}"]
    problem(api.get("/v1/pengingat", token=a, params={"tahap": "nanti"}), 422)


def test_ketepatan_waktu_per_pd_and_svg(api, jd, db):
    a, t = jd["admin"], jd["t"]
    year = datetime.date.today().year - 1
    # an SKP of last year set late (after 31 January) and one set on time, in the Dinas
    tk = {k: make_token("pegawai", instansi=jd["kode"], nip=t[k]) for k in ("kadis", "kabid", "sekda")}
    tk["_nip"] = {k: t[k] for k in ("kadis", "kabid", "sekda")}
    db.exec("UPDATE pegawai SET tmt_jabatan = NULL WHERE instansi_id = %s", jd["iid"])
    ks, kr = set_skp(api, tk, "kadis", year, "sekda", jpt=True)
    bs, _ = set_skp(api, tk, "kabid", year, "kadis", kr["id"])
    db.exec("UPDATE skp SET tanggal_ditetapkan = make_timestamptz(%s, 1, 20, 0, 0, 0, 'UTC') WHERE id = %s", year, ks["id"])
    db.exec("UPDATE skp SET tanggal_ditetapkan = make_timestamptz(%s, 3, 10, 0, 0, 0, 'UTC') WHERE id = %s", year, bs["id"])
    r = api.get(f"/v1/unor/{t['dinas']}/ketepatan-waktu", token=a, params={"tahun": year, "semester": 1})
    assert r.status_code == 200, r.text
    d = r.json()
    skp = [x for x in d["per_jenis"] if x["jenis"] == "skp"][0]
    assert (skp["dinilai"], skp["tepat_waktu"], skp["persen"]) == (2, 1, 50.0)
    late = [x for x in d["terlambat"] if x["kunci"] == f"skp/{bs['id']}"][0]
    assert late["jatuh_tempo"] == f"{year}-01-31" and late["selesai"] == f"{year}-03-10" and late["terlambat_hari"] == 38
    assert not [x for x in d["terlambat"] if x["kunci"] == f"skp/{ks['id']}"]
    svg = api.get(f"/v1/unor/{t['dinas']}/ketepatan-waktu", token=a, params={"tahun": year, "semester": 1, "format": "svg"})
    assert svg.status_code == 200 and svg.headers["Content-Type"].startswith("image/svg+xml")
    assert svg.text.startswith("<svg") and "50.0% (1/2)" in svg.text
    # the PD next door sees nothing of it; a pegawai has no report; bad input 422
    problem(api.get(f"/v1/unor/{t['dinas']}/ketepatan-waktu", token=make_token("admin_pd", instansi=jd["kode"], nip=t["kadis2"]),
                    params={"tahun": year, "semester": 1}), 404)
    problem(api.get(f"/v1/unor/{t['dinas']}/ketepatan-waktu", token=tk["kabid"], params={"tahun": year, "semester": 1}), 404)
    problem(api.get(f"/v1/unor/{t['dinas']}/ketepatan-waktu", token=a, params={"tahun": year, "semester": 3}), 422)
    # the semester report's timeliness column
    rep = api.get("/v1/laporan/evaluasi", token=a, params={"tahun": year, "semester": 1}).json()["items"]
    row = [x for x in rep if x["unor_id"] == t["dinas"]][0]
    assert row["ketepatan_waktu"] is not None and 0 <= row["ketepatan_waktu"] <= 100
    # the report counts the grouped facts (tenggat_ringkas), the unit's report every item: same share
    assert row["ketepatan_waktu"] == d["persen"], (row, d["persen"])
    fakta, ringkas = deadline_facts(db, jd["kode"], year)
    assert len(ringkas) <= len(fakta)


RULE_KEYS = ("jenis", "unor_id", "batas", "mutasi", "tmt", "akhir", "tenggang", "buka_ulang", "hari", "diajukan", "dibuat",
             "jatuh_tempo", "selesai")


def deadline_facts(db, kode, year):
    """tenggat_fakta's and tenggat_ringkas's items of a year as the server reads them (kinerja_app,
    admin_bkpsdm of tenant kode); asserts that the grouped rows, weighted by n, are every item's
    due-date inputs (what kn_jobs_tenggat_item reads), and that there are items to compare."""
    with db.conn.cursor() as c:
        c.execute("BEGIN")
        try:
            c.execute("SET LOCAL ROLE kinerja_app")
            c.execute("SET LOCAL plan_cache_mode = force_generic_plan")
            c.execute("SELECT set_config('app.instansi', %s, true), set_config('app.instansi_id', instansi_id_of(%s), true), "
                      "set_config('app.roles', 'admin_bkpsdm', true)", (kode, kode))
            c.execute("SELECT tenggat_fakta(%s, NULL)::text, tenggat_ringkas(%s, NULL)::text", (year, year))
            fakta, ringkas = (json.loads(x)["items"] for x in c.fetchone())
        finally:
            c.execute("ROLLBACK")
    per_item = Counter(tuple(it.get(k) for k in RULE_KEYS) for it in fakta)
    grouped = Counter()
    for g in ringkas:
        assert g["n"] >= 1, g
        grouped[tuple(g.get(k) for k in RULE_KEYS)] += g["n"]
    assert per_item and grouped == per_item
    return fakta, ringkas


# ---- long work as a job: a whole-instansi SIASN push through the API --------------------

def test_whole_instansi_siasn_push_is_a_job_and_the_api_stays_responsive(api, jd, db, fake):
    a, t = jd["admin"], jd["t"]
    prev = datetime.date.today().year - 1
    tk = {k: make_token("pegawai", instansi=jd["kode"], nip=t[k]) for k in ("kadis", "kabid", "sekda")}
    tk["_nip"], tk["_admin"] = {k: t[k] for k in ("kadis", "kabid", "sekda")}, a
    for q in (1, 2, 3, 4):
        r = api.post(f"/v1/unor/{t['dinas']}/predikat-organisasi", token=a,
                     json={"tahun": prev, "jenis": "TRIWULAN", "nomor": q, "predikat": "BAIK", "dasar": "Capaian rencana aksi"})
        assert r.status_code == 201, r.text
    for k in ("kabid",):
        s = db.one("SELECT id FROM skp WHERE instansi_id = %s AND tahun = %s AND pegawai_id = "
                   "(SELECT id FROM pegawai WHERE instansi_id = %s AND nip = %s)", jd["iid"], prev, jd["iid"], t[k])
        assert s, "test_ketepatan_waktu_per_pd_and_svg made the SKPs"
        ev = year_end(api, tk, {"id": s, "tahun": prev}, "kadis", "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")
        db.exec("UPDATE evaluasi SET ditetapkan_at = ditetapkan_at - interval '60 days' WHERE id = %s", ev["id"])
    for k in ("sekda", "kadis", "kabid"):
        db.exec("UPDATE pegawai SET siasn_id = %s WHERE instansi_id = %s AND nip = %s", f"PNS-{t[k][-8:]}", jd["iid"], t[k])
    fake.delay("/skp22/save", n=10, seconds=0.7)
    srv = Server(extra_env=fake.env(KINERJA_SIASN_TIMEOUT_MS="5000")).start()
    s_api = Api(srv.url)
    worker = sch.start(0, fake.env(KINERJA_SIASN_TIMEOUT_MS="5000"))
    try:
        saves_before = len(fake.calls("POST", "/skp22/save"))
        r = s_api.post("/v1/sync/siasn/push", token=a, json={"tahun": prev})
        assert r.status_code == 202, r.text
        loc = r.headers["Location"]
        assert r.json()["jenis"] == "siasn_push" and r.json()["parameter"] == {"tahun": prev}
        worst, n = 0.0, 0
        while True:
            t0 = time.monotonic()
            g = s_api.get("/v1/instansi", token=a)
            worst = max(worst, time.monotonic() - t0)
            n += 1
            assert g.status_code == 200
            run = s_api.get(loc, token=a).json()
            if run["status"] in ("SELESAI", "GAGAL"):
                break
            time.sleep(0.05)
        assert run["status"] == "SELESAI", run
        assert n >= 10 and worst < 0.1, (n, worst)
        assert len(fake.calls("POST", "/skp22/save")) - saves_before >= 1
        assert run["ringkasan"]["tahun"] == prev
        # one NIP stays synchronous (200 with the report)
        one = s_api.post("/v1/sync/siasn/push", token=a, json={"tahun": prev, "nip": [t["kabid"]]})
        assert one.status_code == 200, one.text
    finally:
        assert sch.stop(worker) == 0
        assert srv.stop() == 0
