"""Bulk import of unor and pegawai: JSON and CSV, idempotent, all-or-nothing (issue 3).
Owner: organisation."""
import os
import sys
import time

import pytest

from conftest import ROOT, ensure_instansi, make_token, nip, problem

sys.path.insert(0, os.path.join(ROOT, "scripts"))
import gen_demo  # noqa: E402


@pytest.fixture(scope="module")
def imp(api, db):
    """A tenant of its own with a small imported tree."""
    kode = "imp" + os.urandom(3).hex()
    ensure_instansi(db, kode, "Kabupaten Impor")
    admin = make_token("admin_bkpsdm", instansi=kode)
    unor = [  # children listed before their parents on purpose
        {"siasn_id": "S1", "parent_siasn_id": "D1", "nama": "Seksi Satu"},
        {"siasn_id": "D1", "parent_siasn_id": "R", "nama": "Dinas Satu", "is_perangkat_daerah": True},
        {"siasn_id": "D2", "parent_siasn_id": "R", "nama": "Dinas Dua", "is_perangkat_daerah": True},
        {"siasn_id": "R", "nama": "Pemerintah Kabupaten Impor"},
    ]
    r = api.post("/v1/import/unor", token=admin, json=unor)
    assert r.status_code == 200, r.text
    assert r.json() == {"total": 4, "created": 4, "updated": 0, "unchanged": 0, "errors": []}
    return {"kode": kode, "admin": admin, "unor": unor}


def rows(n, unit="S1"):
    return [{"nip": nip(), "nama": f"Impor {i}", "jenis_asn": "PNS", "jenis_jabatan": "PELAKSANA",
             "jabatan": "Pengadministrasi", "unor_siasn_id": unit} for i in range(n)]


def test_unor_import_builds_tree_and_is_idempotent(api, db, imp):
    units = {u["nama"]: u for u in api.get("/v1/unor?limit=500", token=imp["admin"]).json()["items"]}
    assert units["Seksi Satu"]["parent_id"] == units["Dinas Satu"]["id"]
    assert units["Seksi Satu"]["level"] == 3
    r = api.post("/v1/import/unor", token=imp["admin"], json=imp["unor"])
    assert r.json() == {"total": 4, "created": 0, "updated": 0, "unchanged": 4, "errors": []}
    moved = [dict(u) for u in imp["unor"]]
    moved[0]["parent_siasn_id"] = "D2"
    r = api.post("/v1/import/unor", token=imp["admin"], json=moved)
    assert (r.json()["updated"], r.json()["unchanged"]) == (1, 3)
    units = {u["nama"]: u for u in api.get("/v1/unor?limit=500", token=imp["admin"]).json()["items"]}
    assert units["Seksi Satu"]["parent_id"] == units["Dinas Dua"]["id"]
    api.post("/v1/import/unor", token=imp["admin"], json=imp["unor"])
    cyc = [{"siasn_id": "C1", "parent_siasn_id": "C2", "nama": "Satu"},
           {"siasn_id": "C2", "parent_siasn_id": "C1", "nama": "Dua"}]
    problem(api.post("/v1/import/unor", token=imp["admin"], json=cyc), 409, "unor_cycle")
    assert db.one("SELECT count(*) FROM unor WHERE siasn_id IN ('C1', 'C2')") == 0


def test_pegawai_import_created_unchanged_updated(api, db, imp):
    data = rows(3)
    data[0]["kepala"] = True
    r = api.post("/v1/import/pegawai", token=imp["admin"], json=data)
    assert r.status_code == 200, r.text
    assert r.json() == {"total": 3, "created": 3, "updated": 0, "unchanged": 0, "kepala_diubah": 1, "errors": []}
    r = api.post("/v1/import/pegawai", token=imp["admin"], json=data)
    assert r.json() == {"total": 3, "created": 0, "updated": 0, "unchanged": 3, "kepala_diubah": 0, "errors": []}
    data[1]["nama"] = "Impor Berganti Nama"
    r = api.post("/v1/import/pegawai", token=imp["admin"], json=data)
    assert (r.json()["created"], r.json()["updated"], r.json()["unchanged"]) == (0, 1, 2)
    assert db.one("SELECT nama FROM pegawai WHERE nip = %s", data[1]["nip"]) == "Impor Berganti Nama"
    head = db.one("SELECT p.nip FROM unor u JOIN pegawai p ON p.instansi_id = u.instansi_id AND p.id = u.kepala_pegawai_id "
                  "JOIN instansi i ON i.id = u.instansi_id WHERE i.kode = %s AND u.siasn_id = 'S1'", imp["kode"])
    assert head == data[0]["nip"]


def count(db, kode):
    return db.one("SELECT count(*) FROM pegawai p JOIN instansi i ON i.id = p.instansi_id WHERE i.kode = %s", kode)


def test_one_bad_row_writes_nothing(api, db, imp):
    before, audit = count(db, imp["kode"]), db.one("SELECT count(*) FROM audit_log")
    data = rows(4)
    data[2]["nip"] = "198513012010031001"   # impossible birth month
    data[3]["jenis_jabatan"] = "DIREKTUR"
    body = problem(api.post("/v1/import/pegawai", token=imp["admin"], json=data), 422, "import_failed")
    assert {(e["field"], e["code"]) for e in body["errors"]} == {
        ("rows[2].nip", "nip_birth_date"), ("rows[3].jenis_jabatan", "invalid_enum")}
    # errors only the database can see: unknown unit, NIP twice in the file
    data = rows(3)
    data[1]["unor_siasn_id"] = "TIDAK-ADA"
    data[2]["nip"] = data[0]["nip"]
    body = problem(api.post("/v1/import/pegawai", token=imp["admin"], json=data), 422, "import_failed")
    assert {(e["field"], e["code"]) for e in body["errors"]} == {
        ("rows[1].unor_siasn_id", "not_found"), ("rows[0].nip", "duplicate"), ("rows[2].nip", "duplicate")}
    assert count(db, imp["kode"]) == before
    assert db.one("SELECT count(*) FROM audit_log") == audit


def test_csv_import(api, db, imp):
    a, b = nip(), nip()
    csv = ("nip,nama,jenis_asn,jenis_jabatan,jabatan,unor_siasn_id,is_plt\r\n"
           f'{a},"Koma, Dengan Gelar",PNS,FUNGSIONAL,"Analis ""Ahli"" Muda",S1,false\r\n'
           f"{b},Tanpa Kutip,PPPK,PELAKSANA,Pengadministrasi,D1,\r\n")
    r = api.post("/v1/import/pegawai", token=imp["admin"], data=csv.encode(), headers={"Content-Type": "text/csv"})
    assert r.status_code == 200, r.text
    assert r.json()["created"] == 2
    assert db.one("SELECT nama FROM pegawai WHERE nip = %s", a) == "Koma, Dengan Gelar"
    assert db.one("SELECT jabatan FROM pegawai WHERE nip = %s", a) == 'Analis "Ahli" Muda'
    problem(api.post("/v1/import/pegawai", token=imp["admin"], data=b'nip,nama\n"tidak ditutup,x\n',
                     headers={"Content-Type": "text/csv"}), 400)
    body = problem(api.post("/v1/import/pegawai", token=imp["admin"],
                            data=f"nip,nama,jenis_asn,jenis_jabatan,jabatan,unor_siasn_id,is_plt\n{nip()},X,PNS,PELAKSANA,Y,S1,mungkin\n".encode(),
                            headers={"Content-Type": "text/csv"}), 422)
    assert body["errors"][0]["field"] == "rows[0].is_plt"


def test_csv_import_refuses_what_fuzzing_found(api, db, imp):
    """fuzz/fuzz_csv.c: an INT cell beyond 64 bits was clamped to 9223372036854775807; a repeated
    column silently won over the first; a non-UTF-8 cell vanished; a NUL byte cut a cell. Each is
    now refused with a message, and nothing is written."""
    before, audit = count(db, imp["kode"]), db.one("SELECT count(*) FROM audit_log")
    head = "nip,nama,jenis_asn,jenis_jabatan,jabatan,unor_siasn_id,unor_id\n"
    csv_post = lambda data: api.post("/v1/import/pegawai", token=imp["admin"], data=data,
                                     headers={"Content-Type": "text/csv", "Accept-Language": "en"})
    body = problem(csv_post(f"{head}{nip()},X,PNS,PELAKSANA,Y,S1,99999999999999999999\n".encode()), 422)
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("rows[0].unor_id", "invalid_type")]
    body = problem(csv_post(f"nip,nama,nama,jenis_asn,jenis_jabatan,jabatan\n{nip()},A,B,PNS,PELAKSANA,Y\n".encode()), 400)
    assert "column 3 repeats an earlier column name" in body["detail"]
    body = problem(csv_post(f"{head}{nip()},Bad \xc3(,PNS,PELAKSANA,Y,S1,\n".encode("latin-1")), 400)
    assert "line 2 column 2: not valid UTF-8" in body["detail"]
    body = problem(csv_post(f"{head}{nip()},Nul\0Byte,PNS,PELAKSANA,Y,S1,\n".encode()), 400)
    assert "NUL byte" in body["detail"]
    assert count(db, imp["kode"]) == before
    assert db.one("SELECT count(*) FROM audit_log") == audit


def test_import_scope_and_roles(api, db, imp, tenant):
    problem(api.post("/v1/import/unor", token=make_token("auditor", instansi=imp["kode"]), json=imp["unor"]), 403)
    # admin_pd of Dinas Satu cannot import into Dinas Dua
    data = rows(1)
    api.post("/v1/import/pegawai", token=imp["admin"], json=data)
    pd = make_token("admin_pd", instansi=imp["kode"], nip=data[0]["nip"])
    body = problem(api.post("/v1/import/pegawai", token=pd, json=rows(1, unit="D2")), 422, "import_failed")
    assert body["errors"][0]["code"] == "not_found"
    r = api.post("/v1/import/pegawai", token=pd, json=rows(1, unit="S1"))
    assert r.status_code == 200 and r.json()["created"] == 1
    problem(api.post("/v1/import/unor", token=pd, json=imp["unor"]), 403)
    problem(api.post("/v1/import/pegawai", token=imp["admin"], json=[]), 422)


def test_ten_thousand_pegawai_in_one_request(api, db):
    kode = "besar" + os.urandom(3).hex()
    ensure_instansi(db, kode, "Kabupaten Besar")
    admin = make_token("admin_bkpsdm", instansi=kode)
    g = gen_demo.Gen(int.from_bytes(os.urandom(2), "big"), 10000)
    g.build()
    assert api.post("/v1/import/unor", token=admin, json=g.unor).status_code == 200
    t0 = time.monotonic()
    r = api.post("/v1/import/pegawai", token=admin, json=g.pegawai, timeout=120)
    took = time.monotonic() - t0
    assert r.status_code == 200, r.text
    assert r.json()["created"] == 10000 and r.json()["total"] == 10000
    print(f"\nimport of 10,000 pegawai took {took:.2f} s")
    assert count(db, kode) == 10000
    r = api.post("/v1/import/pegawai", token=admin, json=g.pegawai, timeout=120)
    assert r.json()["unchanged"] == 10000
    levels = db.one("SELECT max(array_length(string_to_array(trim(both '/' from u.path), '/'), 1)) FROM unor u "
                    "JOIN instansi i ON i.id = u.instansi_id WHERE i.kode = %s", kode)
    pds = db.one("SELECT count(*) FROM unor u JOIN instansi i ON i.id = u.instansi_id WHERE i.kode = %s "
                 "AND u.is_perangkat_daerah", kode)
    assert levels >= 5 and 30 <= pds <= 50
    kinds = {r[0] for r in db.all("SELECT DISTINCT jenis_jabatan FROM pegawai p JOIN instansi i ON i.id = p.instansi_id "
                                  "WHERE i.kode = %s", kode)}
    assert kinds == {"JPT", "ADMINISTRATOR", "PENGAWAS", "PELAKSANA", "FUNGSIONAL"}
