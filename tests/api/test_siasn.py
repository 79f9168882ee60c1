"""SIASN connector end to end (issue 9, items 5-6): a second server talks over HTTP to the fake
SIASN of fake_siasn.py; pull, push, import and reconciliation against the real database.
Owner: integration. Tests run in file order: the pull feeds the SIASN ids the push needs."""
import datetime
import hashlib
import json
import os

import pytest

import scheduler
from conftest import _RUN, Api, Server, build_tree, ensure_instansi, make_token, nip, problem
from fake_siasn import FakeSiasn
from siklus import nilai, set_skp, year_end

PREV = datetime.date.today().year - 1
KODE = f"sn{_RUN}"
SS, ATAS, BAWAH = "SESUAI_EKSPEKTASI", "DI_ATAS_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"


@pytest.fixture(scope="module")
def fake():
    f = FakeSiasn().start()
    yield f
    f.stop()


@pytest.fixture(scope="module")
def srv(fake):
    s = Server(extra_env=fake.env()).start()
    yield s
    assert s.stop() == 0, f"see {s.log_path}"


@pytest.fixture(scope="module")
def sapi(srv):
    return Api(srv.url)


class _Ran:
    """What the synchronous route answered, from a finished job run."""
    def __init__(self, run):
        self.run, self.status_code, self.text = run, 200 if run["status"] == "SELESAI" else 500, json.dumps(run)

    def json(self):
        return self.run["ringkasan"]


def whole(sapi, fake, path, token, body, **env):
    """A whole-instansi run is a job (issue 19): POST answers 202 with the run, `kinerja scheduler
    --once` runs it against the fake SIASN, and the run's summary is the report the route used to
    answer."""
    r = sapi.post(path, token=token, json=body)
    if r.status_code != 202:
        return r
    assert r.headers["Location"] == f"/v1/pekerjaan/{r.json()['id']}"
    scheduler.run_once(extra=fake.env(**env))
    return _Ran(scheduler.wait_run(sapi, token, r.json()["id"]))


def pns_id(n):
    return f"PNS-{n[-8:]}"


@pytest.fixture(scope="module")
def sn(api, db, fake):
    """A tenant of its own: tree with SIASN unit ids, a FINAL year-end for kadis (BAIK) and
    kabid (KURANG), a FINAL TW1 for kabid, a set-but-not-final TW2 for kabid (last year)."""
    ensure_instansi(db, KODE, "Kabupaten Siasn")
    admin = make_token("admin_bkpsdm", instansi=KODE)
    t = build_tree(api, admin, "Sn")
    for k, sid in [("root", "U-ROOT"), ("dinas", "U-DINAS"), ("bidang", "U-BIDANG"), ("seksi", "U-SEKSI")]:
        db.exec("UPDATE unor SET siasn_id = %s WHERE id = %s", sid, t[k])
    nips = {k: t[k] for k in ("sekda", "kadis", "kabid", "kasi", "staf", "jf", "kadis2", "staf2")}
    tok = {k: make_token("pegawai", instansi=KODE, nip=v) for k, v in nips.items()}
    tok["_nip"], tok["_admin"] = nips, admin
    for q in (1, 2, 4):
        r = api.post(f"/v1/unor/{t['dinas']}/predikat-organisasi", token=admin,
                     json={"tahun": PREV, "jenis": "TRIWULAN", "nomor": q, "predikat": "BAIK", "dasar": "Capaian rencana aksi"})
        assert r.status_code == 201, r.text
    kadis_s, kadis_r = set_skp(api, tok, "kadis", PREV, "sekda", jpt=True)
    kabid_s, _ = set_skp(api, tok, "kabid", PREV, "kadis", kadis_r["id"])
    ev = {"kadis4": year_end(api, tok, kadis_s, "sekda", None, SS),           # BAIK via the org predikat
          "kabid4": year_end(api, tok, kabid_s, "kadis", ATAS, BAWAH),         # KURANG
          "kabid1": nilai(api, tok, kabid_s, "kadis", SS, SS, nomor=1),        # BAIK
          "kabid2": nilai(api, tok, kabid_s, "kadis", SS, ATAS, nomor=2)}      # BAIK, keberatan window open
    final = [ev[k]["id"] for k in ("kadis4", "kabid4", "kabid1")]
    db.exec("UPDATE evaluasi SET ditetapkan_at = ditetapkan_at - interval '60 days' WHERE id = ANY(%s)", final)
    # what SIASN knows: the org tree (with one unit we lack), every pegawai, a new one, and an
    # annual row e-Kinerja wrote for kabid last year (to be reused, not duplicated)
    fake.unor = [
        {"Id": "U-ROOT", "NamaUnor": "Pemerintah Kabupaten Siasn", "DiatasanId": "I-PUSAT"},
        {"Id": "U-DINAS", "NamaUnor": "Dinas Siasn Baru", "DiatasanId": "U-ROOT", "NamaJabatan": "Kepala Dinas Siasn"},
        {"Id": "U-BIDANG", "NamaUnor": "Bidang Siasn", "DiatasanId": "U-DINAS"},
        {"Id": "U-SEKSI", "NamaUnor": "Seksi Siasn", "DiatasanId": "U-BIDANG"},
        {"Id": "U-UPT", "NamaUnor": "UPT Siasn", "DiatasanId": "U-DINAS"}]
    unit = {"kadis": "U-DINAS", "kabid": "U-BIDANG", "kasi": "U-SEKSI", "staf": "U-SEKSI", "jf": "U-BIDANG"}
    for k, n in nips.items():
        fake.pns[n] = {"id": pns_id(n), "nipBaru": n, "nama": f"Sn {k}", "jabatanNama": f"Jabatan {k}",
                       "unorId": unit.get(k, "U-TIDAK-DIKENAL"), "kedudukanPnsNama": "Aktif", "jenisJabatanId": "4"}
    fake.pns[nips["kabid"]]["nama"] = "Sn Kepala Bidang Baru"
    fake.pns[nips["staf"]]["kedudukanPnsNama"] = "Tugas Belajar"
    t["baru"] = nip()
    fake.pns[t["baru"]] = {"id": pns_id(t["baru"]), "nipBaru": t["baru"], "nama": "Sn Pegawai Baru",
                           "jabatanNama": "Pengelola Layanan", "unorId": "U-UPT", "kedudukanPnsNama": "Aktif",
                           "jenisJabatanId": "4"}
    base = {"tahun": PREV, "pnsDinilaiOrang": pns_id(nips["kabid"]), "hasilKinerjaNilai": 2, "perilakuKerjaNilai": 2,
            "kuadranKinerjaNilai": 2, "penilaiNipNrp": nips["kadis"], "penilaiNama": "x", "penilaiJabatan": "x",
            "penilaiUnorNama": "x", "penilaiGolongan": "", "statusPenilai": "ASN", "path": []}
    fake.skp22["EK-1"] = dict(base, id="EK-1")
    fake.skp22["EK-0"] = dict(base, id="EK-0", tahun=PREV - 1)
    return dict(t=t, tok=tok, admin=admin, ev=ev, nips=nips)


def snapshot(db, *tables):
    iid = db.one("SELECT id FROM instansi WHERE kode = %s", KODE)
    return {t: db.one(f"SELECT md5(COALESCE(string_agg(x::text, '|' ORDER BY x.id), '')) FROM {t} x WHERE instansi_id = %s", iid)
            for t in tables}


def logs(db, **where):
    iid = db.one("SELECT id FROM instansi WHERE kode = %s", KODE)
    cond = "".join(f" AND {k} = %s" for k in where)
    return db.all("SELECT arah, metode, endpoint, entitas, entitas_id, http_status, siasn_id, pesan, percobaan, berhasil, "
                  f"actor, request_sha256 FROM siasn_sync_log WHERE instansi_id = %s{cond} ORDER BY id", iid, *where.values())


ORG = ("unor", "pegawai", "skp", "evaluasi", "periode", "siasn_sync_log", "siasn_evaluasi", "siasn_hasil")


def test_pull_dry_run_reports_and_changes_nothing(sapi, sn, db, fake):
    before = snapshot(db, *ORG)
    r = whole(sapi, fake, "/v1/sync/siasn/pull", sn["admin"], {"dry_run": True})
    assert r.status_code == 200, r.text
    b = r.json()
    assert b["dry_run"] is True and b["unor"]["created"] == 1 and b["unor"]["updated"] == 4
    changed = {c["nip"]: c for c in b["perubahan_pegawai"]}
    kabid = changed[sn["nips"]["kabid"]]
    assert kabid["sebelum"]["nama"] == "Sn Kepala Bidang" and kabid["sesudah"]["nama"] == "Sn Kepala Bidang Baru"
    assert kabid["sesudah"]["siasn_id"] == pns_id(sn["nips"]["kabid"])
    assert snapshot(db, *ORG) == before  # not even the call log
    assert len(fake.calls("GET", "/pns/data-utama/")) == 8


@pytest.fixture(scope="module")
def pulled(sapi, sn, db, fake):
    before = snapshot(db, "skp", "evaluasi", "periode")
    r = whole(sapi, fake, "/v1/sync/siasn/pull", sn["admin"], {})
    assert r.status_code == 200, r.text
    r2 = sapi.post("/v1/sync/siasn/pull", token=sn["admin"], json={"nip": [sn["t"]["baru"]]})
    assert r2.status_code == 200, r2.text
    return dict(body=r.json(), body_baru=r2.json(), skp_before=before)


def test_pull_updates_unor_and_pegawai_and_leaves_skp_alone(sn, db, pulled):
    t, b = sn["t"], pulled["body"]
    assert b["dry_run"] is False and b["unor"]["created"] == 1 and b["pegawai"]["updated"] == 8 and b["gagal"] == []
    u = dict(db.all("SELECT siasn_id, nama FROM unor WHERE id = ANY(%s)", [t["dinas"], t["seksi"]]))
    assert u == {"U-DINAS": "Dinas Siasn Baru", "U-SEKSI": "Seksi Siasn"}
    # local-only facts survive: the perangkat-daerah flag; the new unit hangs under its parent
    assert db.one("SELECT is_perangkat_daerah FROM unor WHERE id = %s", t["dinas"]) is True
    assert db.one("SELECT p.siasn_id FROM unor u JOIN unor p ON p.instansi_id = u.instansi_id AND p.id = u.parent_id "
                  "WHERE u.siasn_id = 'U-UPT' AND u.instansi_id = (SELECT id FROM instansi WHERE kode = %s)", KODE) == "U-DINAS"
    rows = dict(db.all("SELECT nip, siasn_id FROM pegawai WHERE nip = ANY(%s)", list(sn["nips"].values())))
    assert rows == {n: pns_id(n) for n in sn["nips"].values()}
    assert db.one("SELECT nama FROM pegawai WHERE nip = %s", sn["nips"]["kabid"]) == "Sn Kepala Bidang Baru"
    assert db.one("SELECT status FROM pegawai WHERE nip = %s", sn["nips"]["staf"]) == "TUGAS_BELAJAR"
    assert db.one("SELECT jenis_jabatan FROM pegawai WHERE nip = %s", sn["nips"]["kabid"]) == "ADMINISTRATOR"  # kept
    assert snapshot(db, "skp", "evaluasi", "periode") == pulled["skp_before"]
    # a NIP only SIASN knows is created in the unit SIASN names
    assert pulled["body_baru"]["pegawai"]["created"] == 1 and pulled["body_baru"]["unor"] is None
    assert db.one("SELECT u.siasn_id || '/' || p.jenis_jabatan FROM pegawai p JOIN unor u ON u.instansi_id = p.instansi_id "
                  "AND u.id = p.unor_id WHERE p.nip = %s", t["baru"]) == "U-UPT/PELAKSANA"
    log = logs(db, arah="PULL")
    assert [(x[1], x[2], x[5], x[8], x[9]) for x in log[:2]] == [
        ("GET", "/referensi/ref-unor", 200, 1, True), ("GET", f"/pns/data-utama/{min(sn['nips'].values())}", 200, 1, True)]
    assert len(log) == 1 + 8 + 1 and all(x[10] == "test-admin_bkpsdm" for x in log)


def periodik_payload(sn, who, bm, bs, hk, pk, kd):
    """kinerjaperiodik/save as SIASN must receive it; the penilai (kadis) as pulled from SIASN."""
    n = sn["nips"]
    return {"id": "", "tahun": PREV, "bulanMulaiPenilaian": bm, "bulanSelesaiPenilaian": bs,
            "tahunMulaiPenilaian": PREV, "tahunSelesaiPenilaian": PREV, "periodikId": "2", "koefisienId": "",
            "pnsDinilaiId": pns_id(n[who]), "hasilKinerjaNilai": hk, "perilakuKerjaNilai": pk, "kuadranKinerjaNilai": kd,
            "penilaiNipNrp": n["kadis"], "penilaiNama": "Sn kadis", "penilaiJabatanNama": "Jabatan kadis",
            "penilaiUnorNama": "Dinas Siasn Baru", "penilaiGolongan": "", "statusPenilai": "ASN", "path": []}


def test_push_dry_run_shows_payloads_and_sends_nothing(sapi, sn, db, fake, pulled):
    before, calls = snapshot(db, *ORG), len(fake.requests)
    r = whole(sapi, fake, "/v1/sync/siasn/push", sn["admin"], {"tahun": PREV, "dry_run": True})
    assert r.status_code == 200, r.text
    b = r.json()
    assert {i["status"] for i in b["items"]} == {"DRY_RUN"} and len(b["items"]) == 5
    tw1 = [i for i in b["items"] if i["evaluasi_id"] == sn["ev"]["kabid1"]["id"]][0]
    assert tw1["payload"] == periodik_payload(sn, "kabid", 1, 3, 2, 2, 2)
    assert snapshot(db, *ORG) == before and len(fake.requests) == calls


def test_push_final_results_with_exact_payloads(sapi, sn, db, fake, pulled):
    n, ev = sn["nips"], sn["ev"]
    tokens = len(fake.calls("POST", "/oauth2/token"))
    r = whole(sapi, fake, "/v1/sync/siasn/push", sn["admin"], {"tahun": PREV})
    assert r.status_code == 200, r.text
    b = r.json()
    got = {(i["evaluasi_id"], i["jenis"]): i for i in b["items"]}
    assert set(got) == {(ev["kadis4"]["id"], "PERIODIK"), (ev["kadis4"]["id"], "TAHUNAN"), (ev["kabid4"]["id"], "PERIODIK"),
                        (ev["kabid4"]["id"], "TAHUNAN"), (ev["kabid1"]["id"], "PERIODIK")}  # TW2 is not FINAL
    assert b["terkirim"] == 5 and b["gagal"] == 0 and b["belum_final"] == 5
    saves = {(c["body"].get("pnsDinilaiId") or c["body"]["pnsDinilaiOrang"], c["path"], c["body"].get("bulanMulaiPenilaian")): c["body"]
             for c in fake.calls("POST", "/")  if c["path"].endswith("/save")}
    assert saves[(pns_id(n["kabid"]), "/kinerjaperiodik/save", 10)] == periodik_payload(sn, "kabid", 10, 12, 1, 3, 4)
    assert saves[(pns_id(n["kabid"]), "/kinerjaperiodik/save", 1)] == periodik_payload(sn, "kabid", 1, 3, 2, 2, 2)
    assert saves[(pns_id(n["kadis"]), "/skp22/save", None)] == {
        "id": "", "tahun": PREV, "pnsDinilaiOrang": pns_id(n["kadis"]), "hasilKinerjaNilai": 2, "perilakuKerjaNilai": 2,
        "kuadranKinerjaNilai": 2, "penilaiNipNrp": n["sekda"], "penilaiNama": "Sn sekda", "penilaiJabatan": "Jabatan sekda",
        "penilaiUnorNama": "Sn Sekretariat Daerah", "penilaiGolongan": "", "statusPenilai": "ASN", "path": []}
    # kabid's annual row written earlier by e-Kinerja was looked up and updated, not duplicated
    kabid_annual = saves[(pns_id(n["kabid"]), "/skp22/save", None)]
    assert kabid_annual["id"] == "EK-1" and (kabid_annual["kuadranKinerjaNilai"], kabid_annual["tahun"]) == (4, PREV)
    assert fake.calls("GET", f"/pns/rw-skp22/{n['kabid']}") and fake.skp22["EK-1"]["kuadranKinerjaNilai"] == 4
    assert len(fake.skp22) == 3 and len(fake.periodik) == 3
    ids = dict(((e, j), s) for e, j, s in db.all("SELECT evaluasi_id, jenis, siasn_id FROM siasn_evaluasi WHERE evaluasi_id = ANY(%s)",
                                                 [ev[k]["id"] for k in ev]))
    assert ids[(ev["kabid4"]["id"], "TAHUNAN")] == "EK-1" and len(ids) == 5
    assert {got[k]["siasn_id"] for k in got} == set(ids.values())
    # every data call carried both tokens and asked for JSON
    for c in fake.calls():
        if c["data"]:
            h = c["headers"]
            assert h["authorization"].startswith("Bearer ") and h["auth"].startswith("bearer ") and h["accept"] == "application/json"
    # the scheduler process that ran the push fetched its token once, for every call of the run
    assert len(fake.calls("POST", "/oauth2/token")) - tokens == 1


def test_repush_updates_the_same_rows_and_retries_5xx(sapi, sn, db, fake, pulled):
    ev = sn["ev"]
    fake.fail("/kinerjaperiodik/save", n=2, status=503)
    r = sapi.post("/v1/sync/siasn/push", token=sn["admin"], json={"tahun": PREV, "nip": [sn["nips"]["kabid"]]})
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [i["status"] for i in items] == ["TERKIRIM"] * 3
    assert sorted(i["percobaan"] for i in items) == [1, 1, 3]
    assert len(fake.skp22) == 3 and len(fake.periodik) == 3  # one SIASN row each, still
    last = [c["body"] for c in fake.calls("POST", "/kinerjaperiodik/save")][-2:]
    assert {b["id"] for b in last} == set(db.one("SELECT array_agg(siasn_id) FROM siasn_evaluasi WHERE jenis = 'PERIODIK' "
                                                 "AND evaluasi_id = ANY(%s)", [ev["kabid1"]["id"], ev["kabid4"]["id"]]))
    retried = [x for x in logs(db, arah="PUSH", endpoint="/kinerjaperiodik/save") if x[8] == 3]
    assert len(retried) == 1 and retried[0][5] == 200 and retried[0][9] is True
    raw = [c["raw"] for c in fake.calls("POST", "/kinerjaperiodik/save")][-1]
    assert logs(db, arah="PUSH", endpoint="/kinerjaperiodik/save")[-1][11] == hashlib.sha256(raw).hexdigest()


def test_timeout_and_4xx_are_reported_and_logged(sapi, sn, db, fake, pulled):
    kabid = sn["nips"]["kabid"]
    fake.delay("/skp22/save", n=3, seconds=1.6)
    fake.reject("/kinerjaperiodik/save", 400, "Periode penilaian sudah ditutup")
    r = sapi.post("/v1/sync/siasn/push", token=sn["admin"], json={"tahun": PREV, "nip": [kabid]})
    assert r.status_code == 200, r.text
    b = r.json()
    by = {(i["jenis"], i["evaluasi_id"]): i for i in b["items"]}
    annual = by[("TAHUNAN", sn["ev"]["kabid4"]["id"])]
    assert (annual["status"], annual["http_status"], annual["percobaan"]) == ("GAGAL", None, 3)
    assert "imeout" in annual["pesan"] or "timed out" in annual["pesan"]
    rejected = [i for i in b["items"] if i["http_status"] == 400]
    assert len(rejected) == 1 and rejected[0]["pesan"] == "Periode penilaian sudah ditutup" and rejected[0]["percobaan"] == 1
    assert b["gagal"] == 2 and b["terkirim"] == 1
    log = logs(db, arah="PUSH")
    assert ("/kinerjaperiodik/save", 400, "Periode penilaian sudah ditutup", 1, False) in [(x[2], x[5], x[7], x[8], x[9]) for x in log]
    assert ("/skp22/save", None, 3, False) in [(x[2], x[5], x[8], x[9]) for x in log]


def test_revoked_tokens_are_fetched_again_once(sapi, sn, fake, pulled):
    before = len(fake.calls("POST", "/oauth2/token"))
    fake.revoke_tokens()
    r = sapi.post("/v1/sync/siasn/push", token=sn["admin"], json={"tahun": PREV, "nip": [sn["nips"]["kadis"]]})
    assert r.status_code == 200 and r.json()["terkirim"] == 2, r.text
    assert len(fake.calls("POST", "/oauth2/token")) == before + 1


def test_fake_checks_both_auth_headers(fake, sapi, sn, pulled):
    import requests
    apim = sorted(fake.apim_tokens)[0]
    r = requests.get(fake.url + "/apisiasn/1.0/referensi/ref-unor", headers={"Authorization": f"Bearer {apim}"}, timeout=5)
    assert r.status_code == 401 and r.json()["message"] == "Invalid Credentials"


@pytest.mark.parametrize("over,part", [({"KINERJA_SIASN_CONSUMER_SECRET": "salah-rahasia"}, "APIM"),
                                       ({"KINERJA_SIASN_PASSWORD": "salah-sandi"}, "SSO")])
def test_wrong_credentials_answer_502_and_leak_nothing(fake, sn, db, over, part):
    """One NIP answers at once (502); the whole instansi, a job run, fails with the same reason."""
    s = Server(extra_env=fake.env(**over)).start()
    try:
        data_calls = len([c for c in fake.calls() if c["data"]])
        r = Api(s.url).post("/v1/sync/siasn/push", token=sn["admin"], json={"tahun": PREV, "nip": [sn["nips"]["kabid"]]})
        body = problem(r, 502, "siasn_auth_failed")
        assert part in body["detail"] and "401" in body["detail"]
        assert len([c for c in fake.calls() if c["data"]]) == data_calls
        assert not any(v in r.text for v in list(over.values()) + fake.secrets())
        q = Api(s.url).post("/v1/sync/siasn/push", token=sn["admin"], json={"tahun": PREV})
        assert q.status_code == 202, q.text
        p = scheduler.run_once(extra=fake.env(**over))
        run = scheduler.wait_run(Api(s.url), sn["admin"], q.json()["id"])
        assert run["status"] == "GAGAL" and "siasn_auth_failed (502)" in run["galat"] and part in run["galat"]
        assert len([c for c in fake.calls() if c["data"]]) == data_calls
        assert not any(v in json.dumps(run) + p.stderr for v in list(over.values()) + fake.secrets())
    finally:
        assert s.stop() == 0
    with open(s.log_path) as f:
        text = f.read()
    assert not any(v in text for v in list(over.values()) + fake.secrets())


def test_missing_configuration_is_503(api, sn, db):
    before = snapshot(db, *ORG)
    body = problem(api.post("/v1/sync/siasn/pull", token=sn["admin"], json={}), 503, "siasn_not_configured")
    assert "KINERJA_SIASN_BASE_URL" in body["detail"]
    problem(api.post("/v1/sync/siasn/push", token=sn["admin"], json={"tahun": PREV}), 503, "siasn_not_configured")
    assert snapshot(db, *ORG) == before


@pytest.mark.parametrize("body,field,code", [
    ({"tahun": PREV, "foo": 1}, "foo", "unknown_field"),
    ({"tahun": str(PREV)}, "tahun", "invalid_type"),
    ({"tahun": 1999}, "tahun", "invalid_range"),
    ({}, "tahun", "required"),
    ({"tahun": PREV, "nip": ["123"]}, "nip[0]", "invalid_type"),
    ({"tahun": PREV, "nip": "199001012015031001"}, "nip", "invalid_type"),
    ({"tahun": PREV, "dry_run": "ya"}, "dry_run", "invalid_type"),
])
def test_bad_input_is_422_and_changes_nothing(sapi, sn, db, fake, body, field, code):
    before, calls = snapshot(db, *ORG), len(fake.requests)
    b = problem(sapi.post("/v1/sync/siasn/push", token=sn["admin"], json=body), 422, "validation_failed")
    assert (field, code) in [(e["field"], e["code"]) for e in b["errors"]]
    assert snapshot(db, *ORG) == before and len(fake.requests) == calls


def test_malformed_and_pull_fields(sapi, sn):
    problem(sapi.post("/v1/sync/siasn/pull", token=sn["admin"], data="{", headers={"Content-Type": "application/json"}),
            400, "malformed_json")
    b = problem(sapi.post("/v1/sync/siasn/pull", token=sn["admin"], json={"tahun": PREV}), 422, "validation_failed")
    assert b["errors"][0]["field"] == "tahun"
    b = problem(sapi.post("/v1/sync/siasn/import-hasil", token=sn["admin"], json={"tahun": PREV, "dry_run": True}), 422)
    assert b["errors"][0]["field"] == "dry_run"


def test_roles_and_scopes(sapi, sn, pulled, fake):
    t, body = sn["t"], {"tahun": PREV, "dry_run": True}
    tk = lambda *a, **k: make_token(*a, instansi=KODE, **k)  # noqa: E731
    problem(sapi.post("/v1/sync/siasn/push", token=sn["tok"]["kabid"], json=body), 403, "forbidden")
    problem(sapi.post("/v1/sync/siasn/push", token=tk("auditor"), json=body), 403, "forbidden")
    problem(sapi.post("/v1/sync/siasn/push", token=tk("integrasi", scope="sync:read"), json=body), 403, "forbidden")
    r = whole(sapi, fake, "/v1/sync/siasn/push", tk("integrasi", scope="sync:write"), body)
    assert r.status_code == 200 and len(r.json()["items"]) == 5, r.text
    for who in [tk("auditor"), tk("integrasi", scope="sync:read"), sn["admin"]]:
        assert sapi.get("/v1/sync/log", token=who).status_code == 200
    problem(sapi.get("/v1/sync/log", token=sn["tok"]["kabid"]), 403, "forbidden")
    # a pengelola of Dinas Dua: its own PD only
    pd2 = tk("admin_pd", nip=t["kadis2"])
    problem(sapi.post("/v1/sync/siasn/push", token=pd2, json=dict(body, unor_id=t["dinas"])), 404, "not_found")
    r = sapi.post("/v1/sync/siasn/push", token=pd2, json=dict(body, nip=[sn["nips"]["kabid"]]))
    assert r.status_code == 200 and r.json()["items"] == [], r.text
    r = sapi.post("/v1/sync/siasn/pull", token=pd2, json={"nip": [sn["nips"]["kabid"]]})
    assert r.status_code == 200 and r.json()["pegawai"] is None, r.text  # outside its PD: nothing pulled
    pd1 = tk("admin_pd", nip=t["kabid"])
    r = sapi.post("/v1/sync/siasn/push", token=pd1, json=dict(body, unor_id=t["dinas"]))
    assert r.status_code == 200 and len(r.json()["items"]) == 5, r.text


def test_sync_log_pages_and_filters(sapi, sn, pulled):
    eid = str(sn["ev"]["kabid1"]["id"])
    r = sapi.get(f"/v1/sync/log?entitas=evaluasi&entitas_id={eid}", token=sn["admin"])
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert items and all(i["entitas_id"] == eid and i["arah"] == "PUSH" for i in items)
    assert {"id", "at", "metode", "endpoint", "request_sha256", "http_status", "siasn_id", "pesan", "percobaan",
            "durasi_ms", "berhasil", "actor", "request_id"} <= set(items[0])
    p1 = sapi.get("/v1/sync/log?limit=1&arah=PULL", token=sn["admin"]).json()
    p2 = sapi.get(f"/v1/sync/log?limit=1&arah=PULL&cursor={p1['next_cursor']}", token=sn["admin"]).json()
    assert p1["items"][0]["id"] < p2["items"][0]["id"]
    problem(sapi.get("/v1/sync/log?arah=KE_SANA", token=sn["admin"]), 422, "validation_failed")
    problem(sapi.get("/v1/sync/log?http_status=abc", token=sn["admin"]), 422, "validation_failed")
    pd2 = make_token("admin_pd", instansi=KODE, nip=sn["t"]["kadis2"])
    assert [i for i in sapi.get("/v1/sync/log?limit=500", token=pd2).json()["items"] if i["entitas"] == "evaluasi"] == []


def test_import_hasil_and_conflicts(sapi, sn, db, fake, pulled):
    n = sn["nips"]
    # SIASN differs from us: e-Kinerja rated kadis SANGAT_BAIK, kabid has a TW3 we lack, jf an annual row
    kadis_row = [k for k, v in fake.skp22.items() if v["pnsDinilaiOrang"] == pns_id(n["kadis"])][0]
    fake.skp22[kadis_row].update(hasilKinerjaNilai=1, perilakuKerjaNilai=1, kuadranKinerjaNilai=1)
    fake.periodik["EK-TW3"] = {"id": "EK-TW3", "tahun": PREV, "bulanMulaiPenilaian": 7, "bulanSelesaiPenilaian": 9,
                               "tahunMulaiPenilaian": PREV, "tahunSelesaiPenilaian": PREV, "periodikId": "2",
                               "koefisienId": "", "pnsDinilaiId": pns_id(n["kabid"]), "hasilKinerjaNilai": 2,
                               "perilakuKerjaNilai": 1, "kuadranKinerjaNilai": 2, "penilaiNipNrp": n["kadis"],
                               "penilaiNama": "x", "penilaiJabatanNama": "x", "penilaiUnorNama": "x",
                               "penilaiGolongan": "", "statusPenilai": "ASN", "path": []}
    fake.skp22["EK-JF"] = dict(fake.skp22["EK-0"], id="EK-JF", tahun=PREV, pnsDinilaiOrang=pns_id(n["jf"]))
    local_before = snapshot(db, "evaluasi", "skp")
    r = whole(sapi, fake, "/v1/sync/siasn/import-hasil", sn["admin"], {"tahun": PREV})
    assert r.status_code == 200, r.text
    assert r.json()["disimpan"] == 7 and r.json()["gagal"] == []
    assert snapshot(db, "evaluasi", "skp") == local_before
    k = sapi.get(f"/v1/sync/siasn/konflik?tahun={PREV}", token=sn["admin"])
    assert k.status_code == 200, k.text
    got = {(i["nip"], i["jenis"], i["bulan_mulai"], i["konflik"], i["predikat_lokal"], i["predikat_siasn"]) for i in k.json()["items"]}
    assert got == {(n["kadis"], "TAHUNAN", None, "PREDIKAT_BERBEDA", "BAIK", "SANGAT_BAIK"),
                   (n["kabid"], "PERIODIK", 7, "TIDAK_ADA_DI_LOKAL", None, "BAIK"),
                   (n["kabid"], "PERIODIK", 4, "TIDAK_ADA_DI_SIASN", "BAIK", None),
                   (n["jf"], "TAHUNAN", None, "TIDAK_ADA_DI_LOKAL", None, "BAIK")}
    assert k.json()["sama"] == 4
    # importing again replaces, never duplicates
    assert whole(sapi, fake, "/v1/sync/siasn/import-hasil", sn["admin"], {"tahun": PREV}).json()["disimpan"] == 7
    assert db.one("SELECT count(*) FROM siasn_hasil h JOIN instansi i ON i.id = h.instansi_id WHERE i.kode = %s", KODE) == 7
    problem(sapi.get("/v1/sync/siasn/konflik", token=sn["admin"]), 422, "validation_failed")
    problem(sapi.get(f"/v1/sync/siasn/konflik?tahun={PREV}", token=sn["tok"]["kabid"]), 403, "forbidden")


def test_kke_k19_finds_unsynced_and_differing_results(api, sn, db):
    """After the import above: kadis's annual row differs in SIASN; everything else was pushed
    with today's values. A local change after the push (keberatan) shows as 'kirim ulang'."""
    def k19(sem):
        r = api.post("/v1/kke", token=sn["admin"], json={"unor_id": sn["t"]["dinas"], "tahun": PREV, "semester": sem})
        assert r.status_code == 201, r.text
        k = r.json()
        temuan = api.get(f"/v1/kke/{k['id']}/temuan?limit=500", token=sn["admin"]).json()["items"]
        return {c["kode"]: c for c in k["ringkasan"]}["K19"], [t for t in temuan if t["kode"] == "K19"]
    s1, t1 = k19(1)
    assert (s1["diperiksa"], s1["temuan"], s1["severity"]) == (1, 0, "E") and t1 == []
    s2, t2 = k19(2)
    assert (s2["diperiksa"], s2["temuan"]) == (4, 1)
    assert (t2[0]["entitas_id"], t2[0]["nip"]) == (str(sn["ev"]["kadis4"]["id"]), sn["nips"]["kadis"])
    assert "SANGAT_BAIK" in t2[0]["pesan"]
    sql = "UPDATE evaluasi SET rating_hasil_kerja = %s, rating_perilaku = %s, predikat = %s WHERE id = %s"
    db.exec(sql, ATAS, ATAS, "SANGAT_BAIK", sn["ev"]["kabid1"]["id"])
    try:
        s1, t1 = k19(1)
        assert s1["temuan"] == 1 and "kirim ulang" in t1[0]["pesan"]
    finally:
        db.exec(sql, SS, SS, "BAIK", sn["ev"]["kabid1"]["id"])


def test_no_secret_in_logs_responses_or_database(srv, sn, db, fake, pulled):
    secrets = fake.secrets()
    assert len(secrets) >= 4
    with open(srv.log_path) as f:
        text = f.read()
    iid = db.one("SELECT id FROM instansi WHERE kode = %s", KODE)
    dump = json.dumps(db.all("SELECT l::text FROM siasn_sync_log l WHERE instansi_id = %s", iid))
    dump += json.dumps(db.all("SELECT a::text FROM audit_log a WHERE instansi_id = %s", iid))
    for s in secrets:
        assert s not in text and s not in dump


def test_cli_runs_the_same_sync(fake, sn, db, pulled):
    import os
    import subprocess
    from conftest import BIN
    env = dict(os.environ, KINERJA_DATABASE_URL=os.environ["KN_DB_URL"], **fake.env())
    before = snapshot(db, *ORG)
    p = subprocess.run([BIN, "sync", "siasn", "push", "--instansi", KODE, "--tahun", str(PREV), "--dry-run"],
                       env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["dry_run"] is True and len(out["items"]) == 5 and {i["status"] for i in out["items"]} == {"DRY_RUN"}
    assert snapshot(db, *ORG) == before
    p = subprocess.run([BIN, "sync", "siasn", "pull", "--instansi", KODE, "--nip", sn["nips"]["kasi"]],
                       env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["pegawai"]["unchanged"] == 1
    assert logs(db, entitas_id=sn["nips"]["kasi"])[-1][10].startswith("cli:")
    env = {k: v for k, v in env.items() if not k.startswith("KINERJA_SIASN_")}
    p = subprocess.run([BIN, "sync", "siasn", "pull", "--instansi", KODE], env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 4 and "siasn_not_configured" in p.stderr
    p = subprocess.run([BIN, "sync", "siasn", "push", "--instansi", KODE], env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2  # --tahun is required


@pytest.mark.parametrize("path,body,other", [
    ("/v1/sync/siasn/pull", {"dry_run": True}, {"dry_run": False}),
    ("/v1/sync/siasn/push", {"tahun": PREV, "dry_run": True}, {"tahun": PREV - 1, "dry_run": True}),
    ("/v1/sync/siasn/import-hasil", {"tahun": PREV}, {"tahun": PREV - 1}),
])
def test_sync_posts_replay_by_idempotency_key(sapi, sn, db, fake, pulled, path, body, other):
    """A replay answers the first response without calling SIASN or logging again; the same key
    with another body is refused (422) and changes nothing."""
    key = {"Idempotency-Key": f"sync-{path.rsplit('/', 1)[1]}-{os.urandom(4).hex()}"}
    first = sapi.post(path, token=sn["admin"], json=body, headers=key)
    assert first.status_code == 202, first.text   # the whole instansi: a job run (issue 19)
    calls, n_log, runs = len(fake.requests), db.one("SELECT count(*) FROM siasn_sync_log"), db.one("SELECT count(*) FROM pekerjaan")
    again = sapi.post(path, token=sn["admin"], json=body, headers=key)
    assert (again.status_code, again.json()) == (202, first.json())
    assert db.one("SELECT count(*) FROM pekerjaan") == runs   # the replay queued nothing
    assert len(fake.requests) == calls and db.one("SELECT count(*) FROM siasn_sync_log") == n_log
    b = problem(sapi.post(path, token=sn["admin"], json=other, headers=key), 422, "idempotency_key_reused")
    assert b["code"] == "idempotency_key_reused"
    assert len(fake.requests) == calls and db.one("SELECT count(*) FROM siasn_sync_log") == n_log
    db.exec("UPDATE pekerjaan SET status = 'GAGAL', galat = 'test' WHERE id = %s", first.json()["id"])
