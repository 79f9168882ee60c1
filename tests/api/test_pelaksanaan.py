"""Execution: periods, realisasi, evidence files, verification, feedback (issue 5).
Owner: execution. The tests pass on any date (scripts/test-dates runs them on 15 January and
1 April): the periods they need — one open now, one that ended 12 days ago, one that has not
started — are built from today's date, and every date they compare with comes from the server's
own calendar (the periods it returns)."""
import datetime
import hashlib
import os

import pytest

from conftest import build_tree, make_token, problem
from test_skp import LAMPIRAN, add_ind, add_rhk, create_skp

YEAR = datetime.date.today().year
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001"
                    "0d0a2db40000000049454e44ae426082")
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + b"\x00" * 100


PAST_DAYS = 12  # the closed period ended this many days ago: beyond the default 5-day grace window


def set_segment(api, t, who, penilai, tahun, **segment):
    """A DITETAPKAN SKP segment of `who` (appraised by `penilai`) for `tahun`, cascading to an RHK
    of the penilai's SKP of that year: (skp, indikator, indikator 2, owner's token)."""
    own, pen = make_token("pegawai", nip=t[who]), make_token("pegawai", nip=t[penilai])
    atasan_rhk = add_rhk(api, pen, create_skp(api, pen, t[penilai], tahun=tahun)["id"])
    s = create_skp(api, own, t[who], tahun=tahun, **segment)
    rhk = add_rhk(api, own, s["id"], rhk_atasan_id=atasan_rhk["id"])
    ind = add_ind(api, own, rhk["id"])
    ind2 = add_ind(api, own, rhk["id"], aspek="KUALITAS", uraian="Kualitas", target_min=90, target_max=100, satuan="%")
    api.put(f"/v1/skp/{s['id']}/lampiran", token=own, json=LAMPIRAN)
    for tok, a in [(own, "ajukan"), (pen, "setujui"), (pen, "tetapkan")]:
        r = api.post(f"/v1/skp/{s['id']}/{a}", token=tok)
        assert r.status_code == 200, r.text
    return s, ind, ind2, own


@pytest.fixture()
def setskp(api, tenant):
    """A DITETAPKAN SKP of the staf for this year, with its periods; a closed and a future period."""
    t = build_tree(api, tenant["admin"], "Exe")
    s, ind, ind2, staf = set_segment(api, t, "staf", "kasi", YEAR)
    periods = api.get(f"/v1/skp/{s['id']}/periode", token=staf).json()["items"]
    today = datetime.date.today()
    cur = [p for p in periods if p["tanggal_awal"] <= today.isoformat() <= p["tanggal_akhir"]][0]
    # The closed and the future period belong to SKP segments of the JF built around today (the
    # staf's own SKP covers the whole year): one ending 12 days ago (its year may be the last
    # one in early January), one for next year. So neither depends on where in the year today is.
    end = today - datetime.timedelta(days=PAST_DAYS)
    past_skp, past_ind, past_ind2, jf = set_segment(api, t, "jf", "kabid", end.year, periode_akhir=end.isoformat())
    past = api.get(f"/v1/skp/{past_skp['id']}/periode", token=jf).json()["items"][-1]
    assert past["tanggal_akhir"] == end.isoformat()
    fut_skp, fut_ind, _, _ = set_segment(api, t, "jf", "kabid", today.year + 1)
    future = api.get(f"/v1/skp/{fut_skp['id']}/periode", token=jf).json()["items"][0]
    return dict(t=t, staf=staf, kasi=make_token("pegawai", nip=t["kasi"]), skp=s, ind=ind, ind2=ind2, periods=periods,
                cur=cur, past=past, past_ind=past_ind, past_ind2=past_ind2, jf=jf, future=future, future_ind=fut_ind,
                admin=tenant["admin"], pd=make_token("admin_pd", nip=t["kabid"]))


def put_real(api, x, periode, ind=None, token=None, **body):
    body = dict({"nilai": 1, "uraian": "Satu dokumen selesai"}, **body)
    return api.put(f"/v1/periode/{periode['id']}/realisasi/{(ind or x['ind'])['id']}", token=token or x["staf"], json=body)


def test_periods_follow_setting_and_segment(api, setskp):
    ps = setskp["periods"]
    assert [p["jenis"] for p in ps] == ["TRIWULAN"] * 4 and [p["nomor"] for p in ps] == [1, 2, 3, 4]
    assert ps[0]["tanggal_awal"] == f"{YEAR}-01-01" and ps[-1]["tanggal_akhir"] == f"{YEAR}-12-31"
    assert [p["akhir_tahun"] for p in ps] == [False, False, False, True]
    assert all(p["indikator_total"] == 2 and p["indikator_terisi"] == 0 for p in ps)
    # closing the segment early clips the periods; the last one becomes the year-end
    s = setskp["skp"]
    r = api.post(f"/v1/skp/{s['id']}/tutup", token=setskp["kasi"], json={"alasan": "Mutasi", "tanggal_selesai": f"{YEAR}-08-15"})
    assert r.status_code == 200, r.text
    ps = api.get(f"/v1/skp/{s['id']}/periode", token=setskp["staf"]).json()["items"]
    assert [(p["nomor"], p["tanggal_akhir"], p["akhir_tahun"]) for p in ps] == [
        (1, f"{YEAR}-03-31", False), (2, f"{YEAR}-06-30", False), (3, f"{YEAR}-08-15", True)]


def test_monthly_setting(api, tenant):
    a = tenant["admin"]
    try:
        assert api.patch("/v1/instansi", token=a, json={"periode_penilaian": "BULANAN"}).status_code == 200
        t = build_tree(api, a, "Bln")
        staf, kasi = make_token("pegawai", nip=t["staf"]), make_token("pegawai", nip=t["kasi"])
        kr = add_rhk(api, kasi, create_skp(api, kasi, t["kasi"], tahun=YEAR)["id"])
        s = create_skp(api, staf, t["staf"], tahun=YEAR, periode_awal=f"{YEAR}-03-10")
        add_ind(api, staf, add_rhk(api, staf, s["id"], rhk_atasan_id=kr["id"])["id"])
        api.put(f"/v1/skp/{s['id']}/lampiran", token=staf, json=LAMPIRAN)
        for tok, act in [(staf, "ajukan"), (kasi, "setujui"), (kasi, "tetapkan")]:
            assert api.post(f"/v1/skp/{s['id']}/{act}", token=tok).status_code == 200
        ps = api.get(f"/v1/skp/{s['id']}/periode", token=staf).json()["items"]
        assert [p["nomor"] for p in ps] == list(range(3, 13))
        assert ps[0]["tanggal_awal"] == f"{YEAR}-03-10" and ps[-1]["akhir_tahun"] is True
    finally:
        api.patch("/v1/instansi", token=a, json={"periode_penilaian": "TRIWULAN"})


def test_realisasi_in_open_period_only(api, setskp, db):
    x = setskp
    r = put_real(api, x, x["cur"])
    assert r.status_code == 200, r.text
    assert r.json()["nilai"] == 1 and r.json()["bukti"] == []
    r = put_real(api, x, x["cur"], nilai=2, uraian="Dua dokumen")  # same indikator+period: update
    assert r.json()["nilai"] == 2
    assert db.one("SELECT count(*) FROM realisasi WHERE periode_id = %s", x["cur"]["id"]) == 1
    problem(put_real(api, x, x["future"], ind=x["future_ind"], token=x["jf"]), 409, "periode_closed")  # not started
    problem(put_real(api, x, x["past"], ind=x["past_ind"], token=x["jf"]), 409, "periode_closed")  # grace window over
    problem(put_real(api, x, x["cur"], token=x["kasi"]), 403)      # the penilai does not fill it in
    problem(put_real(api, x, x["cur"], token=make_token("pegawai", nip=x["t"]["staf2"])), 404)
    problem(put_real(api, x, x["cur"], uraian=""), 422)
    problem(put_real(api, x, x["cur"], nilai="banyak"), 422)
    problem(api.put(f"/v1/periode/{x['cur']['id']}/realisasi/999999999", token=x["staf"],
                    json={"nilai": 1, "uraian": "x"}), 404)


def test_grace_window_and_reopen(api, setskp, db):
    x = setskp
    days_since_end = (datetime.date.today() - datetime.date.fromisoformat(x["past"]["tanggal_akhir"])).days
    assert days_since_end == PAST_DAYS
    try:
        assert api.patch("/v1/instansi", token=x["admin"], json={"tenggang_realisasi_hari": PAST_DAYS}).status_code == 200
        r = put_real(api, x, x["past"], ind=x["past_ind"], token=x["jf"])
        assert r.status_code == 200, r.text  # the last day of the grace window is today
        assert api.patch("/v1/instansi", token=x["admin"], json={"tenggang_realisasi_hari": PAST_DAYS - 1}).status_code == 200
        problem(put_real(api, x, x["past"], ind=x["past_ind2"], token=x["jf"]), 409, "periode_closed")  # it was yesterday
    finally:
        api.patch("/v1/instansi", token=x["admin"], json={"tenggang_realisasi_hari": 5})
    problem(put_real(api, x, x["past"], ind=x["past_ind2"], token=x["jf"]), 409, "periode_closed")
    problem(api.post(f"/v1/periode/{x['past']['id']}/buka", token=x["jf"], json={"alasan": "Lupa mengisi"}), 403)
    problem(api.post(f"/v1/periode/{x['past']['id']}/buka", token=x["pd"], json={}), 422)
    r = api.post(f"/v1/periode/{x['past']['id']}/buka", token=x["pd"], json={"alasan": "Pegawai sakit saat batas waktu"})
    assert r.status_code == 200, r.text
    assert r.json()["dibuka_ulang_sampai"] == (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    assert put_real(api, x, x["past"], ind=x["past_ind2"], token=x["jf"]).status_code == 200
    assert db.one("SELECT after->>'alasan_buka_ulang' FROM audit_log WHERE entity = 'periode' AND entity_id = %s "
                  "AND action = 'UPDATE' ORDER BY id DESC LIMIT 1", str(x["past"]["id"])) == "Pegawai sakit saat batas waktu"


def add_bukti(api, x, **body):
    rid = put_real(api, x, x["cur"]).json()["id"]
    r = api.post(f"/v1/realisasi/{rid}/bukti", token=x["staf"], json=dict({"jenis": "FILE", "nama": "laporan.pdf"}, **body))
    assert r.status_code == 201, r.text
    return r.json()


def upload(api, x, bid, data, ctype="application/octet-stream", token=None):
    return api.put(f"/v1/bukti/{bid}/konten", token=token or x["staf"], data=data, headers={"Content-Type": ctype})


def test_file_roundtrip_hash_and_headers(api, setskp):
    x = setskp
    b = add_bukti(api, x)
    assert b["konten_ada"] is False and b["status_verifikasi"] == "BELUM"
    payload = PDF + os.urandom(200000)
    r = upload(api, x, b["id"], payload)
    assert r.status_code == 200, r.text
    assert r.json()["sha256"] == hashlib.sha256(payload).hexdigest()
    assert (r.json()["mime"], r.json()["ukuran"]) == ("application/pdf", len(payload))
    d = api.get(f"/v1/bukti/{b['id']}/konten", token=x["kasi"])  # the penilai downloads it
    assert d.status_code == 200 and d.content == payload
    assert d.headers["Content-Type"] == "application/pdf"
    assert d.headers["Content-Disposition"] == 'attachment; filename="laporan.pdf"'
    assert d.headers["ETag"] == f'"{hashlib.sha256(payload).hexdigest()}"'
    assert api.get(f"/v1/bukti/{b['id']}/konten", token=x["kasi"], headers={"If-None-Match": d.headers["ETag"]}).status_code == 304
    b2 = add_bukti(api, x, nama="foto.png")
    assert upload(api, x, b2["id"], PNG, "image/png").json()["mime"] == "image/png"
    problem(api.get(f"/v1/bukti/{b['id']}/konten", token=make_token("pegawai", nip=x["t"]["staf2"])), 404)


def test_file_type_and_size_limits(api, setskp, db):
    x = setskp
    b = add_bukti(api, x, nama="laporan.pdf")
    body = problem(upload(api, x, b["id"], ELF, "application/pdf"), 415, "unsupported_media_type")
    assert "application/x" in body["detail"]
    problem(upload(api, x, b["id"], b"just some text, not a document" * 10, "application/pdf"), 415)
    problem(upload(api, x, b["id"], PDF + b"\0" * (10_000_001), "application/pdf"), 413, "payload_too_large")
    assert db.one("SELECT sha256 FROM bukti WHERE id = %s", b["id"]) is None
    u = add_bukti(api, x, jenis="URL", nama="Tautan laporan", url="https://contoh.go.id/laporan")
    assert u["url"] == "https://contoh.go.id/laporan"
    problem(upload(api, x, u["id"], PDF), 409)
    rid = u["realisasi_id"]
    problem(api.post(f"/v1/realisasi/{rid}/bukti", token=x["staf"], json={"jenis": "URL", "nama": "x", "url": "ftp://x"}), 422)
    problem(api.post(f"/v1/realisasi/{rid}/bukti", token=x["staf"], json={"jenis": "FILE", "nama": "x", "url": "https://x"}), 422)


def test_only_penilai_verifies_and_lock_freezes(api, setskp, db):
    x = setskp
    b = add_bukti(api, x)
    upload(api, x, b["id"], PDF)
    problem(api.patch(f"/v1/bukti/{b['id']}", token=x["staf"], json={"status_verifikasi": "VALID"}), 403)
    problem(api.patch(f"/v1/bukti/{b['id']}", token=x["pd"], json={"status_verifikasi": "VALID"}), 403)
    problem(api.patch(f"/v1/bukti/{b['id']}", token=x["kasi"], json={"status_verifikasi": "BAGUS"}), 422)
    r = api.patch(f"/v1/bukti/{b['id']}", token=x["kasi"], json={"status_verifikasi": "VALID", "catatan": "Sesuai"})
    assert r.status_code == 200 and r.json()["status_verifikasi"] == "VALID"
    prog = [p for p in api.get(f"/v1/skp/{x['skp']['id']}/periode", token=x["staf"]).json()["items"]
            if p["id"] == x["cur"]["id"]][0]
    assert (prog["indikator_terisi"], prog["indikator_dengan_bukti_valid"], prog["bukti_total"]) == (1, 1, 1)
    assert prog["indikator_tanpa_realisasi"] == [x["ind2"]["id"]]
    # the assessment module locks a period when its evaluation is set; simulate that state here
    db.exec("UPDATE periode SET terkunci_at = now() WHERE id = %s", x["cur"]["id"])
    problem(put_real(api, x, x["cur"]), 409, "periode_locked")
    problem(upload(api, x, b["id"], PDF + b"x"), 409, "periode_locked")
    problem(api.patch(f"/v1/bukti/{b['id']}", token=x["kasi"], json={"status_verifikasi": "TIDAK_VALID"}), 409)
    problem(api.post(f"/v1/realisasi/{b['realisasi_id']}/bukti", token=x["staf"], json={"jenis": "FILE", "nama": "y.pdf"}), 409)
    problem(api.post(f"/v1/periode/{x['cur']['id']}/buka", token=x["pd"], json={"alasan": "Coba buka"}), 409)
    assert api.get(f"/v1/bukti/{b['id']}/konten", token=x["staf"]).content == PDF  # still readable


def test_feedback_both_ways(api, setskp):
    x = setskp
    s = x["skp"]["id"]
    r = api.post(f"/v1/skp/{s}/umpan-balik", token=x["kasi"], json={"jenis": "BIMBINGAN", "isi": "Perbaiki format laporan",
                                                                  "periode_id": x["cur"]["id"]})
    assert r.status_code == 201, r.text
    assert r.json()["dari_peran"] == "PENILAI" and r.json()["dari_nip"] == x["t"]["kasi"]
    r = api.post(f"/v1/skp/{s}/umpan-balik", token=x["staf"], json={"jenis": "UMPAN_BALIK", "isi": "Siap, sudah diperbaiki"})
    assert r.json()["dari_peran"] == "PEGAWAI"
    problem(api.post(f"/v1/skp/{s}/umpan-balik", token=make_token("pegawai", nip=x["t"]["jf"]),
                     json={"jenis": "UMPAN_BALIK", "isi": "x"}), 404)
    problem(api.post(f"/v1/skp/{s}/umpan-balik", token=x["kasi"], json={"jenis": "PUJIAN", "isi": "x"}), 422)
    problem(api.post(f"/v1/skp/{s}/umpan-balik", token=make_token("integrasi", scope="sync:read"),
                     json={"jenis": "UMPAN_BALIK", "isi": "dari sinkronisasi"}), 403)
    problem(api.post(f"/v1/skp/{s}/umpan-balik", token=x["kasi"], json={"jenis": "UMPAN_BALIK", "isi": "x", "periode_id": 1}), 422)
    items = api.get(f"/v1/skp/{s}/umpan-balik", token=x["staf"]).json()["items"]
    assert [i["jenis"] for i in items] == ["BIMBINGAN", "UMPAN_BALIK"]
    per = api.get(f"/v1/skp/{s}/umpan-balik?periode_id={x['cur']['id']}", token=x["staf"]).json()["items"]
    assert [i["isi"] for i in per] == ["Perbaiki format laporan"]


def test_directory_storage_backend(setskp, tmp_path):
    """The second backend: bytes on disk, content-addressed; same API, same bytes back."""
    from conftest import Api, Server
    store = tmp_path / "bukti"
    store.mkdir()
    s = Server({"KINERJA_STORAGE_DIR": str(store)}).start()
    try:
        api2, x = Api(s.url), setskp
        rid = put_real(api2, x, x["cur"]).json()["id"]
        b = api2.post(f"/v1/realisasi/{rid}/bukti", token=x["staf"], json={"jenis": "FILE", "nama": "disk.pdf"}).json()
        payload = PDF + os.urandom(5000)
        r = upload(api2, x, b["id"], payload)
        assert r.status_code == 200, r.text
        sha = hashlib.sha256(payload).hexdigest()
        files = list(store.rglob(sha))
        assert len(files) == 1 and files[0].read_bytes() == payload
        assert api2.get(f"/v1/bukti/{b['id']}/konten", token=x["staf"]).content == payload
    finally:
        assert s.stop() == 0
