"""Sanction cases for a low annual predikat (issue 16 item 5; domain.md R18, §7.4 for PNS, §7.5
for PPPK): a case opens on a FINAL annual KURANG/SANGAT_KURANG, moves through rencana
pengembangan (6 months) → uji kompetensi → pemindahan → penempatan sementara (up to a year) →
pemberhentian (PNS) / kontrak tidak diperpanjang (PPPK), each stage with a due date from the date
the previous one was decided, the decision, its date and who recorded it; overdue stages are
listed (?terlambat=true) and counted in the semester report. Dates are built from today.
Owner: follow-up. The whole stage table is in tests/unit/test_sanksi.c."""
import calendar
import datetime

import pytest

from conftest import make_token, problem
import scheduler as sch
from siklus import evaluations_of, fresh, nilai, plant_final, world

TODAY = datetime.date.today()
KURANG = ("SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI")
SANGAT_KURANG = ("DI_BAWAH_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI")
DASAR = "Predikat tahunan KURANG; rapat tim penilai kinerja"


def add_months(d, n):
    i = d.year * 12 + d.month - 1 + n
    y, m = i // 12, i % 12 + 1
    return datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def iso(d):
    return d.isoformat()


@pytest.fixture()
def w(api, tenant):
    return world(api, tenant["admin"], "Sanksi")


def annual(api, db, w, key, rating, jenis_asn="PNS", days_ago=900):
    """Pegawai `key` with a set year-end evaluation, FINAL `days_ago` days back (so a case can
    start long ago and its stages be due today)."""
    s = fresh(api, w, key, jenis_asn)
    e = nilai(api, w["tok"], s, "kabid", *rating)
    plant_final(db, e["id"], days_ago)
    return e


def open_case(api, w, e, mulai, **extra):
    r = api.post("/v1/sanksi", token=w["admin"], json=dict({"evaluasi_id": e["id"], "dasar": DASAR,
                                                           "tanggal_mulai": iso(mulai)}, **extra))
    assert r.status_code == 201, r.text
    return r


def decide(api, w, case, keputusan, tanggal, status=200, **extra):
    r = api.post(f"/v1/sanksi/{case['id']}/keputusan", token=w["admin"],
                 json=dict({"keputusan": keputusan, "tanggal": iso(tanggal)}, **extra),
                 headers={"If-Match": f'"v{case["version"]}"'})
    assert r.status_code == status, r.text
    return r.json()


def test_R18_case_opens_only_on_a_final_low_annual_predikat(api, db, w):
    baik = annual(api, db, w, "baik", ("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI"))
    body = problem(api.post("/v1/sanksi", token=w["admin"], json={"evaluasi_id": baik["id"], "dasar": DASAR}), 422,
                   "sanksi_tidak_memenuhi")
    assert "KURANG" in body["detail"]
    s = fresh(api, w, "k")
    e = nilai(api, w["tok"], s, "kabid", *KURANG)
    assert e["predikat"] == "KURANG"
    body = problem(api.post("/v1/sanksi", token=w["admin"], json={"evaluasi_id": e["id"], "dasar": DASAR}), 422,
                   "sanksi_tidak_memenuhi")
    assert "FINAL" in body["detail"]  # the keberatan window is still open
    q1 = [x for x in evaluations_of(api, w["admin"], s) if x["periode"]["nomor"] == 1][0]
    problem(api.post("/v1/sanksi", token=w["admin"], json={"evaluasi_id": q1["id"], "dasar": DASAR}), 422,
            "sanksi_tidak_memenuhi")  # a periodic evaluation is not the annual predikat (R16)
    plant_final(db, e["id"], 30)
    # who, and bad input: nothing is written
    ok = {"evaluasi_id": e["id"], "dasar": DASAR}
    problem(api.post("/v1/sanksi", token=w["pd"], json=ok), 403)
    problem(api.post("/v1/sanksi", token=w["tok"]["kabid"], json=ok), 403)
    problem(api.post("/v1/sanksi", token=w["admin"], json=dict(ok, hukuman="berat")), 422, "validation_failed")
    problem(api.post("/v1/sanksi", token=w["admin"], json={"evaluasi_id": e["id"]}), 422, "validation_failed")
    problem(api.post("/v1/sanksi", token=w["admin"], json=dict(ok, evaluasi_id=str(e["id"]))), 422)
    body = problem(api.post("/v1/sanksi", token=w["admin"], json=dict(ok, tanggal_mulai=iso(TODAY + datetime.timedelta(days=1)))),
                   422, "validation_failed")
    assert [x["field"] for x in body["errors"]] == ["tanggal_mulai"]
    problem(api.post("/v1/sanksi", token=w["admin"], json=dict(ok, tanggal_mulai=iso(TODAY - datetime.timedelta(days=31)))),
            422, "validation_failed")  # before the predikat was set
    problem(api.post("/v1/sanksi", token=w["admin"], json=dict(ok, evaluasi_id=987654321)), 404, "not_found")
    problem(api.post("/v1/sanksi", token=make_token("admin_bkpsdm", instansi="LAIN"), json=ok), 404)  # another tenant
    assert db.one("SELECT count(*) FROM sanksi WHERE evaluasi_id = %s", e["id"]) == 0
    # opened today by default: the first stage, 6 months to improve
    r = api.post("/v1/sanksi", token=w["admin"], json=ok)
    assert r.status_code == 201, r.text
    assert r.headers["ETag"] == '"v1"'
    c = r.json()
    a = c["tahap_aktif"]
    assert (c["status"], c["predikat"], c["pegawai"]["nip"], c["tahun"]) == ("BERJALAN", "KURANG", w["tok"]["_nip"]["k"], w["year"])
    assert (a["tahap"], a["tanggal_mulai"], a["jatuh_tempo"], a["terlambat"]) == (
        "RENCANA_PENGEMBANGAN", iso(TODAY), iso(add_months(TODAY, 6)), False)
    assert db.all("SELECT tahap, jatuh_tempo, keputusan FROM sanksi_tahap WHERE sanksi_id = %s", c["id"]) == [
        ("RENCANA_PENGEMBANGAN", add_months(TODAY, 6), None)]
    assert db.one("SELECT count(*) FROM audit_log WHERE entity = 'sanksi' AND entity_id = %s", str(c["id"])) == 1
    # one running case per pegawai
    problem(api.post("/v1/sanksi", token=w["admin"], json=ok), 409, "conflict")
    assert api.get(f"/v1/sanksi/{c['id']}", token=w["tok"]["k"]).json()["id"] == c["id"]  # the pegawai sees it
    problem(api.get(f"/v1/sanksi/{c['id']}", token=w["tok"]["kabid"]), 404)
    problem(api.get(f"/v1/sanksi/{c['id']}", token=w["pd2"]), 404)


def test_R18_pns_stages_through_to_dismissal(api, db, w):
    e = annual(api, db, w, "p", SANGAT_KURANG)
    start = TODAY - datetime.timedelta(days=800)
    c = open_case(api, w, e, start).json()
    due = add_months(start, 6)
    assert c["tahap_aktif"]["jatuh_tempo"] == iso(due) and c["tahap_aktif"]["terlambat"] is True
    # 6 months to improve: TIDAK_MEMBAIK not before the due date; wrong decisions; stale If-Match
    body = problem(api.post(f"/v1/sanksi/{c['id']}/keputusan", token=w["admin"], json={
        "keputusan": "TIDAK_MEMBAIK", "tanggal": iso(due - datetime.timedelta(days=1))}), 409, "sanksi_belum_jatuh_tempo")
    assert "6 bulan" in body["detail"]
    problem(api.post(f"/v1/sanksi/{c['id']}/keputusan", token=w["admin"], json={
        "keputusan": "DIPINDAHKAN", "tanggal": iso(due)}), 409, "sanksi_invalid_transition")
    problem(api.post(f"/v1/sanksi/{c['id']}/keputusan", token=w["admin"], json={
        "keputusan": "DIHUKUM", "tanggal": iso(due)}), 422, "validation_failed")
    problem(api.post(f"/v1/sanksi/{c['id']}/keputusan", token=w["admin"], json={
        "keputusan": "TIDAK_MEMBAIK", "tanggal": iso(TODAY + datetime.timedelta(days=1))}), 422, "validation_failed")
    problem(api.post(f"/v1/sanksi/{c['id']}/keputusan", token=w["admin"], json={
        "keputusan": "TIDAK_MEMBAIK", "tanggal": iso(due)}, headers={"If-Match": '"v7"'}), 412, "precondition_failed")
    problem(api.post(f"/v1/sanksi/{c['id']}/keputusan", token=w["pd"], json={
        "keputusan": "TIDAK_MEMBAIK", "tanggal": iso(due)}), 403)
    assert db.one("SELECT count(*) FROM sanksi_tahap WHERE sanksi_id = %s AND keputusan IS NOT NULL", c["id"]) == 0
    # the stages, each starting on the date the previous one was decided
    c = decide(api, w, c, "TIDAK_MEMBAIK", due, nomor_keputusan="800/12/BKPSDM", catatan="Target tidak tercapai")
    a = c["tahap_aktif"]
    assert (a["tahap"], a["tanggal_mulai"], a["jatuh_tempo"]) == ("UJI_KOMPETENSI", iso(due), iso(add_months(due, 3)))
    first = c["tahap"][0]
    assert (first["keputusan"], first["tanggal_keputusan"], first["nomor_keputusan"]) == ("TIDAK_MEMBAIK", iso(due), "800/12/BKPSDM")
    assert first["diputus_oleh"] and first["diputus_at"]
    d1 = due + datetime.timedelta(days=10)
    c = decide(api, w, c, "TIDAK_MEMENUHI", d1)
    assert c["tahap_aktif"]["tahap"] == "PEMINDAHAN"
    d2 = d1 + datetime.timedelta(days=10)
    c = decide(api, w, c, "TIDAK_ADA_LOWONGAN", d2)
    a = c["tahap_aktif"]
    assert (a["tahap"], a["jatuh_tempo"]) == ("PENEMPATAN_SEMENTARA", iso(add_months(d2, 12)))
    # at most a year of temporary placement: dismissal only once it is over
    y = add_months(d2, 12)
    decide(api, w, c, "TIDAK_ADA_LOWONGAN", y - datetime.timedelta(days=1), status=409)
    c = decide(api, w, c, "TIDAK_ADA_LOWONGAN", y)
    a = c["tahap_aktif"]
    assert (a["tahap"], a["tanggal_mulai"], a["jatuh_tempo"]) == ("PEMBERHENTIAN", iso(y), iso(add_months(y, 1)))
    assert a["terlambat"] is (add_months(y, 1) < TODAY)
    decide(api, w, c, "KONTRAK_TIDAK_DIPERPANJANG", TODAY, status=409)  # that is the PPPK's last stage
    c = decide(api, w, c, "DIBERHENTIKAN", TODAY, nomor_keputusan="800/99/BUP")
    assert (c["status"], c["hasil"], c["tahap_aktif"]) == ("SELESAI", "DIBERHENTIKAN", None)
    assert [t["tahap"] for t in c["tahap"]] == ["RENCANA_PENGEMBANGAN", "UJI_KOMPETENSI", "PEMINDAHAN",
                                                 "PENEMPATAN_SEMENTARA", "PEMBERHENTIAN"]
    assert db.all("SELECT status, hasil FROM sanksi WHERE id = %s", c["id"])[0] == ("SELESAI", "DIBERHENTIKAN")
    body = problem(api.post(f"/v1/sanksi/{c['id']}/keputusan", token=w["admin"], json={
        "keputusan": "DIBERHENTIKAN", "tanggal": iso(TODAY)}), 409, "sanksi_invalid_transition")
    assert db.one("SELECT count(*) FROM audit_log WHERE entity = 'sanksi_tahap' AND after->>'keputusan' = 'DIBERHENTIKAN' "
                  "AND after->>'sanksi_id' = %s", str(c["id"])) == 1


def test_R18_pppk_ends_in_contract_non_renewal_and_improvement_closes(api, db, w):
    e = annual(api, db, w, "kontrak", KURANG, jenis_asn="PPPK")
    start = TODAY - datetime.timedelta(days=600)
    c = open_case(api, w, e, start).json()
    assert c["pegawai"]["jenis_asn"] == "PPPK"
    c = decide(api, w, c, "TIDAK_MEMBAIK", add_months(start, 6))
    c = decide(api, w, c, "MEMENUHI", add_months(start, 6))
    c = decide(api, w, c, "TIDAK_ADA_LOWONGAN", add_months(start, 7))
    c = decide(api, w, c, "TIDAK_ADA_LOWONGAN", add_months(start, 19))
    assert c["tahap_aktif"]["tahap"] == "PEMUTUSAN_KONTRAK"
    decide(api, w, c, "DIBERHENTIKAN", TODAY, status=409)
    c = decide(api, w, c, "KONTRAK_TIDAK_DIPERPANJANG", TODAY)
    assert (c["status"], c["hasil"]) == ("SELESAI", "KONTRAK_TIDAK_DIPERPANJANG")
    # improvement within the 6 months closes a case at once
    e2 = annual(api, db, w, "pulih", KURANG)
    c2 = open_case(api, w, e2, TODAY - datetime.timedelta(days=30)).json()
    c2 = decide(api, w, c2, "MEMBAIK", TODAY, catatan="Target triwulan tercapai")
    assert (c2["status"], c2["hasil"], len(c2["tahap"])) == ("SELESAI", "MEMBAIK", 1)


def test_R18_overdue_stages_are_filtered_and_counted_in_the_semester_report(api, db, w):
    late = open_case(api, w, annual(api, db, w, "lambat", KURANG), TODAY - datetime.timedelta(days=400)).json()
    ontime = open_case(api, w, annual(api, db, w, "tepat", KURANG), TODAY - datetime.timedelta(days=10)).json()
    assert late["tahap_aktif"]["terlambat"] is True and ontime["tahap_aktif"]["terlambat"] is False

    def ids(q, token=None):
        r = api.get(f"/v1/sanksi?unor_id={w['t']['dinas']}&{q}", token=token or w["admin"])
        assert r.status_code == 200, r.text
        return [x["id"] for x in r.json()["items"]]

    assert ids("terlambat=true") == [late["id"]]
    assert ids("terlambat=false") == [ontime["id"]]
    assert ids("") == [late["id"], ontime["id"]]
    assert ids("status=BERJALAN&terlambat=true", token=w["pd"]) == [late["id"]]  # the PD's pengelola
    assert ids(f"nip={w['tok']['_nip']['tepat']}") == [ontime["id"]]
    assert ids(f"tahun={w['year'] - 1}") == []
    assert ids("", token=w["pd2"]) == []  # another PD's pengelola sees none
    assert ids("", token=w["tok"]["lambat"]) == [late["id"]]  # the pegawai: own case only
    page = api.get(f"/v1/sanksi?unor_id={w['t']['dinas']}&limit=1", token=w["admin"]).json()
    assert [x["id"] for x in page["items"]] == [late["id"]] and page["next_cursor"]
    nxt = api.get(f"/v1/sanksi?unor_id={w['t']['dinas']}&limit=1&cursor={page['next_cursor']}", token=w["admin"]).json()
    assert [x["id"] for x in nxt["items"]] == [ontime["id"]]
    problem(api.get("/v1/sanksi?terlambat=ya", token=w["admin"]), 422, "validation_failed")
    problem(api.get("/v1/sanksi?status=DIBUKA", token=w["admin"]), 422, "validation_failed")

    sem = 1 if TODAY.month <= 6 else 2

    def report():
        rows = api.get(f"/v1/laporan/evaluasi?tahun={TODAY.year}&semester={sem}", token=w["admin"]).json()["items"]
        return {x["unor_id"]: x["sanksi_terlambat"] for x in rows}

    got = report()
    assert (got[w["t"]["dinas"]], got[w["t"]["dinas2"]]) == (1, 0)
    csv = api.get(f"/v1/laporan/evaluasi?tahun={TODAY.year}&semester={sem}", token=w["admin"], headers={"Accept": "text/csv"})
    assert "sanksi_terlambat" in csv.text.splitlines()[0]
    # decided late today: it was overdue in this semester, so it still counts; the on-time one never
    decide(api, w, late, "MEMBAIK", TODAY)
    decide(api, w, ontime, "MEMBAIK", TODAY)
    assert report()[w["t"]["dinas"]] == 1
    assert ids("terlambat=true") == []
    # a semester that ended before any stage was due counts none
    assert api.get(f"/v1/laporan/evaluasi?tahun={TODAY.year - 3}&semester=1", token=w["admin"]).json()["items"][0][
        "sanksi_terlambat"] == 0


def test_R18_stage_reminders_fire_once_when_due_soon_and_when_overdue(api, db, w):
    """Issue 19 item 2 for the tindak-lanjut stages: the reminder scan raises a sanction stage once
    due soon and once overdue (kind tindak_lanjut), for BKPSDM and the pegawai's PD."""
    case = open_case(api, w, annual(api, db, w, "ingat", KURANG), TODAY - datetime.timedelta(days=10)).json()
    tahap = db.one("SELECT id FROM sanksi_tahap WHERE sanksi_id = %s AND urutan = 1", case["id"])
    due = db.one("SELECT jatuh_tempo FROM sanksi_tahap WHERE id = %s", tahap)
    lead = api.get("/v1/instansi", token=w["admin"]).json()["pengingat_hari"]

    def scan_at(day):
        r = api.post("/v1/pekerjaan", token=w["admin"], json={"jenis": "pengingat"})
        assert r.status_code == 202, r.text
        at = datetime.datetime.combine(day, datetime.time(8, 0), datetime.timezone.utc)
        sch.run_once(int((at - datetime.datetime.now(datetime.timezone.utc)).total_seconds()))
        assert sch.wait_run(api, w["admin"], r.json()["id"])["status"] == "SELESAI"

    def mine():
        return db.all("SELECT jenis, tahap, jatuh_tempo, unor_id FROM pengingat WHERE kunci = %s ORDER BY id",
                      f"sanksi_tahap/{tahap}")

    scan_at(due - datetime.timedelta(days=lead + 1))
    assert mine() == []
    scan_at(due - datetime.timedelta(days=2))
    assert mine() == [("tindak_lanjut", "jatuh_tempo", due, w["t"]["dinas"])]
    scan_at(due + datetime.timedelta(days=1))
    scan_at(due + datetime.timedelta(days=2))   # no repeat
    assert [r[1] for r in mine()] == ["jatuh_tempo", "terlambat"]
    got = api.get(f"/v1/pengingat?jenis=tindak_lanjut&unor_id={w['t']['dinas']}", token=w["admin"]).json()["items"]
    assert {g["kunci"] for g in got} >= {f"sanksi_tahap/{tahap}"}
