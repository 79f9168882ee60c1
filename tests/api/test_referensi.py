"""Reference data that explains itself (issue 16 item 6): GET /v1/referensi lists every
enumerated value with Indonesian and English labels, from the same lists the validators use
(src/domain/referensi.c) and that openapi.yaml's enums carry (x-referensi); jenjang_jf is one of
them, its official names ("Ahli Pertama") accepted and stored as codes, so angka kredit (domain.md
§7.3, R17) and K20 find the coefficient. Owner: api (referensi)."""
import datetime
import os

import yaml

from conftest import ROOT, build_tree, ensure_instansi, make_token, nip, problem

YEAR = datetime.date.today().year


def referensi(api, token, **kw):
    r = api.get("/v1/referensi", token=token, **kw)
    assert r.status_code == 200, r.text
    return r


def new_jf(api, admin, unit, jenjang):
    return api.post("/v1/pegawai", token=admin, json={
        "nip": nip(), "nama": "Ref Analis", "jenis_asn": "PNS", "jenis_jabatan": "FUNGSIONAL",
        "jabatan": "Analis Kebijakan", "unor_id": unit, "jenjang_jf": jenjang})


def test_referensi_lists_every_enum_with_both_labels(api, tenant):
    before = referensi(api, make_token("pegawai", nip=tenant["staf"]))
    d = before.json()["daftar"]
    for name in ("predikat", "predikat_organisasi", "rating", "jenjang_jf", "status_skp", "status_evaluasi",
                 "status_pegawai", "status_keberatan", "jenis_periode", "tpp_faktor"):
        assert name in d, name
        assert d[name]["label_id"] and d[name]["label_en"]
        for item in d[name]["items"]:
            assert item["label_id"] and item["label_en"], item
    assert [i["kode"] for i in d["predikat"]["items"]] == ["SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG",
                                                           "SANGAT_KURANG"]
    assert {i["kode"]: i["label_en"] for i in d["rating"]["items"]}["DI_ATAS_EKSPEKTASI"] == "Above expectations"
    jenjang = {i["kode"]: i for i in d["jenjang_jf"]["items"]}
    assert jenjang["PERTAMA"]["label_id"] == "Ahli Pertama" and "Ahli Pertama" in jenjang["PERTAMA"]["alias"]
    assert set(jenjang) == {"PEMULA", "TERAMPIL", "MAHIR", "PENYELIA", "PERTAMA", "MUDA", "MADYA", "UTAMA"}
    assert [i["kode"] for i in d["jenis_periode"]["items"]] == ["BULANAN", "TRIWULAN"]
    # any authenticated caller, also a service account without scopes; cacheable by ETag
    etag = before.headers["ETag"]
    assert etag.startswith('"r') and "no-cache" in before.headers["Cache-Control"]
    again = referensi(api, make_token("integrasi"))
    assert again.headers["ETag"] == etag and again.json() == before.json()
    r = api.get("/v1/referensi", token=make_token("auditor"), headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b""
    problem(api.get("/v1/referensi"), 401)


def test_referensi_tpp_faktor_is_the_instansi_table_in_force(api, db):
    kode = "refx" + str(os.getpid())
    ensure_instansi(db, kode, "Kabupaten Referensi")
    admin = make_token("admin_bkpsdm", instansi=kode)
    first = referensi(api, admin)
    t = first.json()["daftar"]["tpp_faktor"]
    assert t["berlaku_mulai"] is None and [i["persen"] for i in t["items"]] == [None] * 5
    since = (datetime.date.today() - datetime.timedelta(days=3)).isoformat()
    faktor = {"SANGAT_BAIK": 110, "BAIK": 100, "BUTUH_PERBAIKAN": 80, "KURANG": 60, "SANGAT_KURANG": 40}
    r = api.put("/v1/aturan/tpp", token=admin, json={"berlaku_mulai": since, "faktor": faktor})
    assert r.status_code == 200, r.text
    second = referensi(api, admin)
    t = second.json()["daftar"]["tpp_faktor"]
    assert t["berlaku_mulai"] == since
    assert {i["predikat"]: i["persen"] for i in t["items"]} == faktor
    assert t["items"][0]["label_id"] == "Sangat Baik"
    assert second.headers["ETag"] != first.headers["ETag"]  # a cached copy is revalidated, not kept
    r = api.get("/v1/referensi", token=admin, headers={"If-None-Match": first.headers["ETag"]})
    assert r.status_code == 200


def test_openapi_enums_are_the_referensi_lists(api, tenant):
    """One source of truth: every schema marked x-referensi carries exactly that list's codes, and
    every list has such a schema, so the spec cannot drift from the validators."""
    d = referensi(api, tenant["admin"]).json()["daftar"]
    with open(os.path.join(ROOT, "openapi", "openapi.yaml")) as f:
        doc = yaml.safe_load(f)
    seen, aliases = {}, {}

    def walk(o, path):
        if isinstance(o, dict):
            if "x-referensi" in o:
                seen.setdefault(o["x-referensi"], []).append((path, [v for v in o["enum"] if v is not None]))
            if "x-referensi-alias" in o:
                aliases[o["x-referensi-alias"]] = o["enum"]
            for k, v in o.items():
                walk(v, f"{path}/{k}")
        elif isinstance(o, list):
            for i, v in enumerate(o):
                walk(v, f"{path}/{i}")

    walk(doc, "")
    lists = {k: v for k, v in d.items() if k != "tpp_faktor"}
    assert set(seen) == set(lists), set(seen) ^ set(lists)
    for name, schemas in seen.items():
        codes = [i["kode"] for i in lists[name]["items"]]
        for path, enum in schemas:
            assert enum == codes, (path, enum, codes)
    for name, enum in aliases.items():
        want = [a for i in lists[name]["items"] for a in i["alias"] if a != i["kode"]]
        assert sorted(enum) == sorted(want), (name, enum, want)
    assert "jenjang_jf" in aliases
    assert "/v1/referensi" in doc["paths"]


def test_jenjang_jf_official_name_is_stored_as_code_and_gets_angka_kredit_R17_K20(api, tenant, db):
    admin = tenant["admin"]
    t = build_tree(api, admin, "Ref")
    r = new_jf(api, admin, t["bidang"], "Ahli Pertama")  # the API document's own example
    assert r.status_code == 201, r.text
    n = r.json()["nip"]
    assert r.json()["jenjang_jf"] == "PERTAMA"
    assert db.one("SELECT jenjang_jf FROM pegawai WHERE nip = %s", n) == "PERTAMA"
    r = api.get(f"/v1/angka-kredit?tahun={YEAR}&unor_id={t['dinas']}", token=admin)
    assert r.status_code == 200, r.text
    item = {i["nip"]: i for i in r.json()["items"]}[n]
    assert (item["jenjang_jf"], item["koefisien"]) == ("PERTAMA", 12.5)  # domain.md §7.3
    r = api.patch(f"/v1/pegawai/{n}", token=admin, json={"jenjang_jf": "  ahli   MADYA "})
    assert r.status_code == 200, r.text
    assert r.json()["jenjang_jf"] == "MADYA" and db.one("SELECT jenjang_jf FROM pegawai WHERE nip = %s", n) == "MADYA"
    # the bulk import (JSON and CSV) takes the same names
    a, b = nip(), nip()
    r = api.post("/v1/import/pegawai", token=admin, json=[
        {"nip": a, "nama": "Ref Impor", "jenis_asn": "PNS", "jenis_jabatan": "FUNGSIONAL", "jabatan": "Pranata",
         "unor_id": t["bidang"], "jenjang_jf": "Ahli Utama"}])
    assert r.status_code == 200, r.text
    csv = ("nip,nama,jenis_asn,jenis_jabatan,jabatan,unor_id,jenjang_jf\r\n"
           f"{b},Ref Csv,PNS,FUNGSIONAL,Pranata,{t['bidang']},Penyelia\r\n")
    r = api.post("/v1/import/pegawai", token=admin, data=csv.encode(), headers={"Content-Type": "text/csv"})
    assert r.status_code == 200, r.text
    assert dict(db.all("SELECT nip, jenjang_jf FROM pegawai WHERE nip IN (%s, %s)", a, b)) == {a: "UTAMA", b: "PENYELIA"}


def test_jenjang_jf_unknown_is_422_naming_field_and_allowed_values(api, tenant, db):
    admin = tenant["admin"]
    before = db.one("SELECT count(*) FROM pegawai")
    body = problem(new_jf(api, admin, tenant["bidang"], "Ahli Pratama"), 422, "validation_failed")
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("jenjang_jf", "invalid_enum")]
    assert "PERTAMA" in body["errors"][0]["message"] and "Ahli Pertama" in body["errors"][0]["message"]
    en = api.post("/v1/pegawai", token=admin, headers={"Accept-Language": "en"}, json={
        "nip": nip(), "nama": "Ref", "jenis_asn": "PNS", "jenis_jabatan": "FUNGSIONAL", "jabatan": "X",
        "unor_id": tenant["bidang"], "jenjang_jf": "pertama"})  # codes are exact
    msg = problem(en, 422)["errors"][0]["message"]
    assert msg.startswith("Unknown value 'pertama'; allowed: PEMULA, TERAMPIL") and "Ahli Utama" in msg
    assert db.one("SELECT count(*) FROM pegawai") == before
    r = new_jf(api, admin, tenant["bidang"], "UTAMA")
    assert r.status_code == 201, r.text
    n = r.json()["nip"]
    problem(api.patch(f"/v1/pegawai/{n}", token=admin, json={"jenjang_jf": "Utama Sekali"}), 422)
    assert db.one("SELECT jenjang_jf FROM pegawai WHERE nip = %s", n) == "UTAMA"
    body = problem(api.post("/v1/import/pegawai", token=admin, json=[
        {"nip": nip(), "nama": "Ref", "jenis_asn": "PNS", "jenis_jabatan": "FUNGSIONAL", "jabatan": "X",
         "unor_id": tenant["bidang"], "jenjang_jf": "Madya Ahli"}]), 422, "import_failed")
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("rows[0].jenjang_jf", "invalid_enum")]
    assert db.one("SELECT count(*) FROM pegawai") == before + 1
    r = api.patch(f"/v1/pegawai/{n}", token=admin, json={"jenjang_jf": None})  # null clears it
    assert r.status_code == 200 and r.json()["jenjang_jf"] is None


def test_enum_fields_and_filters_name_the_allowed_values(api, tenant):
    admin = tenant["admin"]
    cases = [
        ("post", "/v1/pegawai", {"nip": nip(), "nama": "X", "jenis_asn": "PNS", "jenis_jabatan": "STAF",
                                  "jabatan": "X", "unor_id": tenant["bidang"]}, "jenis_jabatan", "FUNGSIONAL"),
        ("patch", "/v1/instansi", {"periode_penilaian": "SEMESTER"}, "periode_penilaian", "TRIWULAN"),
        ("get", "/v1/skp?status=AKTIF", None, "status", "DITETAPKAN"),
        ("get", "/v1/evaluasi?status=SELESAI", None, "status", "FINAL"),
        ("get", "/v1/pegawai?status=CUTI", None, "status", "TUGAS_BELAJAR"),
        ("get", "/v1/keberatan?status=BARU", None, "status", "DIAJUKAN"),
    ]
    for method, path, body, field, allowed in cases:
        r = getattr(api, method)(path, token=admin, json=body) if body else api.get(path, token=admin)
        errs = problem(r, 422, "validation_failed")["errors"]
        assert [(e["field"], e["code"]) for e in errs] == [(field, "invalid_enum")], (path, errs)
        assert allowed in errs[0]["message"], (path, errs)


def test_migration_0090_turns_stored_names_into_codes_and_keeps_unknown_values(api, tenant, db):
    admin = tenant["admin"]
    made = []
    for stored in ("Ahli Muda", "ahli  utama", "Terampil", "Entah Apa"):
        r = new_jf(api, admin, tenant["bidang"], "MAHIR")
        assert r.status_code == 201, r.text
        made.append(r.json()["nip"])
        db.exec("UPDATE pegawai SET jenjang_jf = %s WHERE nip = %s", stored, made[-1])  # as an earlier release stored it
    with open(os.path.join(ROOT, "sql", "migrations", "0090_jenjang_jf_kode.sql")) as f:
        db.exec(f.read())
    got = dict(db.all("SELECT nip, jenjang_jf FROM pegawai WHERE nip = ANY(%s)", made))
    assert [got[n] for n in made] == ["MUDA", "UTAMA", "TERAMPIL", "Entah Apa"]
    r = api.get(f"/v1/pegawai/{made[3]}", token=admin)
    assert r.status_code == 200 and r.json()["jenjang_jf"] == "Entah Apa"  # visible, for K20 to report
