"""Organisation tree, pegawai, NIP rules, penilai resolution, scopes (issue 3). Owner: organisation."""
import pytest

from conftest import TENANT, build_tree, make_token, nip, problem


@pytest.fixture()
def tree(api, tenant):
    """A fresh tree in the test tenant for tests that change it."""
    t = build_tree(api, tenant["admin"], "Org")
    t["admin"] = tenant["admin"]
    return t


def penilai(api, token, n, tahun=None):
    r = api.get(f"/v1/pegawai/{n}/penilai" + (f"?tahun={tahun}" if tahun else ""), token=token)
    assert r.status_code == 200, r.text
    b = r.json()
    return b, (b["pejabat_penilai"].get("nip") or b["pejabat_penilai"]["jenis"],
               b["atasan_penilai"].get("nip") or b["atasan_penilai"]["jenis"])


# ---- instansi settings --------------------------------------------------------------------

def test_instansi_settings_read_and_change(api, tenant, db):
    r = api.get("/v1/instansi", token=tenant["admin"])
    assert r.status_code == 200
    b = r.json()
    assert b["kode"] == TENANT and b["batas_skp"] == "01-31" and b["periode_penilaian"] == "TRIWULAN"
    assert b["bobot_aktif"] is False and b["penilai_kepala_pd"] == "SEKDA"
    etag = r.headers["ETag"]
    r = api.patch("/v1/instansi", token=tenant["admin"], headers={"If-Match": etag},
                  json={"periode_penilaian": "BULANAN", "batas_skp": "02-15", "bobot_aktif": True})
    assert r.status_code == 200, r.text
    assert (r.json()["periode_penilaian"], r.json()["batas_skp"], r.json()["bobot_aktif"]) == ("BULANAN", "02-15", True)
    # stale ETag → 412 and nothing changes
    problem(api.patch("/v1/instansi", token=tenant["admin"], headers={"If-Match": etag},
                      json={"batas_skp": "03-01"}), 412, "precondition_failed")
    assert db.one("SELECT batas_skp_bulan FROM instansi WHERE kode = %s", TENANT) == 2
    for bad in [{"batas_skp": "02-30"}, {"batas_skp": "13-01"}, {"periode_penilaian": "HARIAN"},
                {"penilai_kepala_pd": "GUBERNUR"}, {"bobot_aktif": "ya"}, {"kode": "lain"}]:
        problem(api.patch("/v1/instansi", token=tenant["admin"], json=bad), 422, "validation_failed")
    r = api.patch("/v1/instansi", token=tenant["admin"], json={"periode_penilaian": "TRIWULAN",
                                                                "batas_skp": "01-31", "bobot_aktif": False})
    assert r.status_code == 200
    problem(api.patch("/v1/instansi", token=make_token("admin_pd", nip=tenant["kadis"]),
                      json={"bobot_aktif": True}), 403)


# ---- unor tree ----------------------------------------------------------------------------

def test_cycle_is_refused_and_nothing_changes(api, tree, db):
    problem(api.patch(f"/v1/unor/{tree['dinas']}", token=tree["admin"], json={"parent_id": tree["seksi"]}),
            409, "unor_cycle")
    problem(api.patch(f"/v1/unor/{tree['seksi']}", token=tree["admin"], json={"parent_id": tree["seksi"]}), 409)
    assert db.one("SELECT parent_id FROM unor WHERE id = %s", tree["dinas"]) == tree["root"]


def test_pages_of_a_subtree_follow_id_order_however_the_ids_interleave(api, tree, db):
    """A subtree's list merges per-unit walks by id; the whole instansi's is one primary-key
    range (issue 17): every page of every size answers the scope's pegawai in id order, also
    where other units' ids lie between."""
    a = tree["admin"]
    for i in range(12):  # ids of the PD, of another PD and of its subunits interleaved
        unit = (tree["seksi"], tree["dinas2"], tree["bidang"])[i % 3]
        r = api.post("/v1/pegawai", token=a, json={
            "nip": nip(), "nama": f"Selang {i}", "jenis_asn": "PNS", "jenis_jabatan": "PELAKSANA",
            "jabatan": "Pengadministrasi", "unor_id": unit})
        assert r.status_code == 201, r.text

    def under(path):  # what the scope holds, in id order, from the tables
        return db.all("SELECT p.nip FROM pegawai p JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id "
                      "WHERE u.path LIKE %s || '%%' AND p.instansi_id = (SELECT id FROM instansi WHERE kode = %s) "
                      "ORDER BY p.id", path, TENANT)

    def pages(q, token, limit):
        got, path = [], f"/v1/pegawai?{q}limit={limit}"
        while True:
            r = api.get(path, token=token)
            assert r.status_code == 200, r.text
            b = r.json()
            assert len(b["items"]) <= limit
            got += [p["nip"] for p in b["items"]]
            if not b["next_cursor"]:
                return got
            path = f"/v1/pegawai?{q}limit={limit}&cursor={b['next_cursor']}"

    dinas = [n for (n,) in under(db.one("SELECT path FROM unor WHERE id = %s", tree["dinas"]))]
    dinas2 = [n for (n,) in under(db.one("SELECT path FROM unor WHERE id = %s", tree["dinas2"]))]
    assert len(dinas) == 13 and len(dinas2) == 6
    pd = make_token("admin_pd", nip=tree["kabid"])
    for limit in (1, 2, 3, 5, 50):
        assert pages(f"unor_id={tree['dinas']}&rekursif=true&", a, limit) == dinas
        assert pages(f"unor_id={tree['dinas2']}&rekursif=true&", a, limit) == dinas2
        assert pages("", pd, limit) == dinas  # admin_pd: its PD, no filter
        assert pages(f"unor_id={tree['dinas2']}&rekursif=true&", pd, limit) == []
    whole = [n for (n,) in under("/")]
    assert pages("", a, 7) == whole and len(whole) > 19
    assert pages("", make_token("auditor"), 7) == whole  # the other whole-instansi readers too
    assert pages("", make_token("admin_pd", nip=tree["kabid"]), 50) == dinas  # not the whole instansi


def test_subtree_queries_and_move(api, tree):
    a = tree["admin"]

    def nips(q):
        r = api.get(q, token=a)
        assert r.status_code == 200, r.text
        return {p["nip"] for p in r.json()["items"]}

    deep = nips(f"/v1/pegawai?unor_id={tree['dinas']}&rekursif=true&limit=500")
    assert {tree["kadis"], tree["kabid"], tree["kasi"], tree["staf"], tree["jf"]} == deep
    assert nips(f"/v1/pegawai?unor_id={tree['dinas']}") == {tree["kadis"]}
    # move the bidang (with its seksi) under the second dinas: paths follow
    r = api.patch(f"/v1/unor/{tree['bidang']}", token=a, json={"parent_id": tree["dinas2"]})
    assert r.status_code == 200, r.text
    assert tree["staf"] in nips(f"/v1/pegawai?unor_id={tree['dinas2']}&rekursif=true&limit=500")
    assert tree["staf"] not in nips(f"/v1/pegawai?unor_id={tree['dinas']}&rekursif=true&limit=500")
    units = api.get(f"/v1/unor?parent_id={tree['dinas2']}", token=a).json()["items"]
    assert [u["id"] for u in units] == [tree["bidang"]]
    assert api.get(f"/v1/unor/{tree['seksi']}", token=a).json()["level"] == 4
    pds = api.get("/v1/unor?perangkat_daerah=true&limit=500", token=a).json()["items"]
    assert {tree["setda"], tree["dinas"], tree["dinas2"]} <= {u["id"] for u in pds}
    assert all(u["is_perangkat_daerah"] for u in pds)


def test_unor_validation(api, tenant):
    a = tenant["admin"]
    b = problem(api.post("/v1/unor", token=a, json={"nama": "", "parent_id": "x", "kepala_nip": "123"}), 422)
    assert {e["field"] for e in b["errors"]} == {"nama", "parent_id", "kepala_nip"}
    problem(api.post("/v1/unor", token=a, json={"nama": "Anak Yatim", "parent_id": 999999999}), 404)


# ---- pegawai and NIP ----------------------------------------------------------------------

@pytest.mark.parametrize("bad,code", [
    ("19850401201003100", "nip_length"),
    ("1985040120100310011", "nip_length"),
    ("19850401201003100A", "nip_digits"),
    ("198513012010031001", "nip_birth_date"),
    ("198502302010031001", "nip_birth_date"),
    ("183004012010031001", "nip_birth_date"),
    ("198504012010131001", "nip_tmt"),
    ("198504011990031001", "nip_tmt"),
    ("198504012099031001", "nip_tmt"),
    ("198504012010033001", "nip_sex"),
    ("198504012010031000", "nip_sequence"),
])
def test_invalid_nip_names_the_wrong_part(api, tenant, db, bad, code):
    before = db.one("SELECT count(*) FROM pegawai")
    body = problem(api.post("/v1/pegawai", token=tenant["admin"], json={
        "nip": bad, "nama": "Salah NIP", "jenis_asn": "PNS", "jenis_jabatan": "PELAKSANA",
        "jabatan": "X", "unor_id": tenant["seksi"]}), 422, "validation_failed")
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("nip", code)]
    assert db.one("SELECT count(*) FROM pegawai") == before


def test_pppk_nip_accepted(api, tenant):
    n = nip(pppk=True, tmt="202201")
    r = api.post("/v1/pegawai", token=tenant["admin"], json={
        "nip": n, "nama": "Pegawai PPPK", "jenis_asn": "PPPK", "jenis_jabatan": "FUNGSIONAL",
        "jabatan": "Guru Ahli Pertama", "unor_id": tenant["seksi"], "tmt_jabatan": "2022-01-01"})
    assert r.status_code == 201, r.text
    assert n[12:14] == "21" and r.json()["jenis_asn"] == "PPPK"


def test_status_and_position_history(api, tree, db):
    a, n = tree["admin"], tree["staf"]
    r = api.get(f"/v1/pegawai/{n}", token=a)
    etag = r.headers["ETag"]
    r = api.patch(f"/v1/pegawai/{n}", token=a, headers={"If-Match": etag},
                  json={"status": "TUGAS_BELAJAR", "status_sejak": "2026-02-01"})
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2
    problem(api.patch(f"/v1/pegawai/{n}", token=a, headers={"If-Match": etag}, json={"nama": "Basi"}), 412)
    r = api.patch(f"/v1/pegawai/{n}", token=a, json={"unor_id": tree["bidang"], "jabatan": "Analis",
                                                     "jenis_jabatan": "FUNGSIONAL", "tmt_jabatan": "2026-03-01"})
    assert r.status_code == 200, r.text
    pid = r.json()["id"]
    hist = db.all("SELECT status, mulai::text, selesai::text FROM pegawai_status_riwayat WHERE pegawai_id = %s ORDER BY id", pid)
    assert [h[0] for h in hist] == ["AKTIF", "TUGAS_BELAJAR"] and hist[0][2] == "2026-02-01" and hist[1][2] is None
    pos = db.all("SELECT jabatan, unor_id, selesai::text FROM penempatan_jabatan WHERE pegawai_id = %s ORDER BY id", pid)
    assert [(p[0], p[1]) for p in pos] == [("Pengadministrasi", tree["seksi"]), ("Analis", tree["bidang"])]
    assert pos[0][2] == "2026-03-01" and pos[1][2] is None
    problem(api.patch(f"/v1/pegawai/{n}", token=a, json={"nip": "198504012010031001"}), 422)


# ---- penilai resolution -------------------------------------------------------------------

def test_penilai_default_chain(api, tree):
    a = tree["admin"]
    assert penilai(api, a, tree["staf"])[1] == (tree["kasi"], tree["kabid"])
    assert penilai(api, a, tree["kasi"])[1] == (tree["kabid"], tree["kadis"])
    assert penilai(api, a, tree["jf"])[1] == (tree["kabid"], tree["kadis"])
    assert penilai(api, a, tree["kabid"])[1] == (tree["kadis"], tree["sekda"])
    b, pair = penilai(api, a, tree["kadis"])
    assert pair == (tree["sekda"], "KEPALA_DAERAH")
    assert b["atasan_penilai"]["status_penilai"] == "NON ASN" and b["sumber"] == "OTOMATIS"
    assert penilai(api, a, tree["sekda"])[1] == ("KEPALA_DAERAH", "NONE")


def test_penilai_vacant_head_and_plt(api, tree):
    a = tree["admin"]
    r = api.patch(f"/v1/unor/{tree['seksi']}", token=a, json={"kepala_nip": None})
    assert r.status_code == 200 and r.json()["kepala_nip"] is None
    assert penilai(api, a, tree["staf"])[1] == (tree["kabid"], tree["kadis"])
    # a Plt head counts, and is shown as Plt
    r = api.patch(f"/v1/unor/{tree['seksi']}", token=a, json={"kepala_nip": tree["jf"], "kepala_plt": True})
    assert r.status_code == 200
    b, pair = penilai(api, a, tree["staf"])
    assert pair == (tree["jf"], tree["kabid"]) and b["pejabat_penilai"]["plt"] is True


def test_penilai_pd_head_rule_bupati(api, tree):
    tenant = tree  # the fresh tree's Setda is the instansi's Setda
    a = tenant["admin"]
    try:
        assert api.patch("/v1/instansi", token=a, json={"penilai_kepala_pd": "BUPATI"}).status_code == 200
        assert penilai(api, a, tenant["kadis"])[1] == ("KEPALA_DAERAH", "NONE")
        assert penilai(api, a, tenant["kabid"])[1] == (tenant["kadis"], "KEPALA_DAERAH")
    finally:
        api.patch("/v1/instansi", token=a, json={"penilai_kepala_pd": "SEKDA"})
    assert penilai(api, a, tenant["kadis"])[1] == (tenant["sekda"], "KEPALA_DAERAH")


def test_penilai_override_with_reason(api, tree, db):
    a = tree["admin"]
    body = {"tahun": 2026, "penilai_nip": tree["kabid"], "atasan_penilai_nip": tree["kadis"],
            "alasan": "Kepala seksi cuti panjang; dinilai kepala bidang"}
    r = api.put(f"/v1/pegawai/{tree['staf']}/penilai", token=a, json=body)
    assert r.status_code == 200, r.text
    assert r.json()["sumber"] == "OVERRIDE" and r.json()["alasan"] == body["alasan"]
    b, pair = penilai(api, a, tree["staf"], 2026)
    assert pair == (tree["kabid"], tree["kadis"])
    assert penilai(api, a, tree["staf"], 2025)[1] == (tree["kasi"], tree["kabid"])  # other year untouched
    for bad in [dict(body, alasan=""), dict(body, tahun=1999), {k: v for k, v in body.items() if k != "alasan"},
                dict(body, penilai_nip=tree["staf"])]:
        r = api.put(f"/v1/pegawai/{tree['staf']}/penilai", token=a, json=bad)
        assert r.status_code == 422, r.text
    pid = db.one("SELECT id FROM pegawai WHERE nip = %s", tree["staf"])
    assert db.one("SELECT count(*) FROM audit_log WHERE entity = 'penilai_override' "
                  "AND after->>'pegawai_id' = %s AND after->>'alasan' = %s", str(pid), body["alasan"]) == 1


# ---- scopes -------------------------------------------------------------------------------

def test_admin_pd_sees_only_its_pd(api, tenant):
    t = make_token("admin_pd", nip=tenant["kabid"])  # works in the Dinas
    items = api.get("/v1/pegawai?limit=500", token=t).json()["items"]
    got = {p["nip"] for p in items}
    assert {tenant["kadis"], tenant["staf"], tenant["jf"]} <= got
    assert tenant["staf2"] not in got and tenant["sekda"] not in got
    problem(api.get(f"/v1/pegawai/{tenant['staf2']}", token=t), 404)
    problem(api.patch(f"/v1/pegawai/{tenant['staf2']}", token=t, json={"nama": "X"}), 404)
    problem(api.get(f"/v1/unor/{tenant['dinas2']}", token=t), 404)
    problem(api.get(f"/v1/pegawai/{tenant['staf2']}/penilai", token=t), 404)
    # creating into another PD is refused as not found; into its own PD works
    b = {"nip": nip(), "nama": "Baru", "jenis_asn": "PNS", "jenis_jabatan": "PELAKSANA", "jabatan": "X"}
    problem(api.post("/v1/pegawai", token=t, json=dict(b, unor_id=tenant["dinas2"])), 404)
    assert api.post("/v1/pegawai", token=t, json=dict(b, unor_id=tenant["seksi"])).status_code == 201


def test_pegawai_sees_self_and_appraisees_only(api, tenant):
    staf = make_token("pegawai", nip=tenant["staf"])
    items = api.get("/v1/pegawai?limit=500", token=staf).json()["items"]
    assert [p["nip"] for p in items] == [tenant["staf"]]
    assert api.get(f"/v1/pegawai/{tenant['staf']}", token=staf).status_code == 200
    problem(api.get(f"/v1/pegawai/{tenant['kasi']}", token=staf), 404)
    problem(api.get(f"/v1/pegawai/{tenant['jf']}", token=staf), 404)
    kasi = make_token("pegawai", nip=tenant["kasi"])
    assert api.get(f"/v1/pegawai/{tenant['staf']}", token=kasi).status_code == 200  # appraisee
    # lists too: other tests add people to the seksi, who are the kasi's appraisees as well
    listed = {p["nip"]: p for p in api.get("/v1/pegawai?limit=500", token=kasi).json()["items"]}
    assert {tenant["kasi"], tenant["staf"]} <= set(listed)
    assert all(p["unor_id"] == tenant["seksi"] for p in listed.values())
    kabid_list = {p["nip"] for p in api.get("/v1/pegawai?limit=500", token=make_token("pegawai", nip=tenant["kabid"])).json()["items"]}
    assert {tenant["kabid"], tenant["kasi"], tenant["jf"], tenant["staf"]} <= kabid_list  # penilai of kasi/jf, atasan of staf
    assert not {tenant["kadis"], tenant["staf2"], tenant["sekda"]} & kabid_list

    kabid = make_token("pegawai", nip=tenant["kabid"])
    assert api.get(f"/v1/pegawai/{tenant['staf']}", token=kabid).status_code == 200  # atasan penilai
    problem(api.get(f"/v1/pegawai/{tenant['staf2']}", token=kasi), 404)
    problem(api.patch(f"/v1/pegawai/{tenant['staf']}", token=kasi, json={"nama": "X"}), 403)


def test_sekda_lists_the_pd_heads_it_appraises(api, tree):
    # the fresh tree's Setda is the instansi's Setda (rule SEKDA): PD heads and their atasan role
    sekda_list = {p["nip"] for p in api.get("/v1/pegawai?limit=500", token=make_token("pegawai", nip=tree["sekda"])).json()["items"]}
    assert {tree["sekda"], tree["kadis"], tree["kadis2"], tree["kabid"]} <= sekda_list
    assert tree["staf"] not in sekda_list and tree["kasi"] not in sekda_list


def test_list_page_has_the_bytes_of_postgresql_json(api, tree, db):
    """The list page is written in C from plain rows (issue 17): byte for byte what
    json_agg(pegawai_json(p)) wrote, with quotes, backslashes, control characters and non-ASCII
    in the name, NULLs, a boolean, dates and timestamps; for the scoped list (admin_bkpsdm,
    admin_pd) and a plain pegawai's list, on a full page (cursor) and the last one."""
    a, seksi = tree["admin"], tree["seksi"]
    nama = 'Ab "Q" \\ x\n\t\r\b\f\x01\x1f\x7f é 漢 😀 </b>'
    r = api.patch(f"/v1/pegawai/{tree['staf']}", token=a, json={
        "nama": nama, "gelar_depan": "Dr.", "is_plt": True, "tmt_jabatan": "2024-02-29"})
    assert r.status_code == 200, r.text

    def items(where, *args):  # what the SQL wrote: pegawai_json(p) objects joined by json_agg
        return db.one("SET LOCAL TimeZone = 'UTC'; SELECT string_agg(pegawai_json(p)::text, ', ' ORDER BY p.id) "
                      "FROM pegawai p WHERE " + where, *args)

    rows = db.all("SELECT nip, id FROM pegawai WHERE unor_id = %s ORDER BY id", seksi)
    assert [n for n, _ in rows][-1] == tree["staf"] and len(rows) == 2
    first, second = rows[0][1], rows[1][1]
    pd = make_token("admin_pd", nip=tree["kabid"])
    for t in (a, pd):
        whole = api.get(f"/v1/pegawai?unor_id={seksi}&limit=500", token=t)
        assert whole.status_code == 200
        assert whole.text == '{"items" : [' + items("unor_id = %s", seksi) + '], "next_cursor" : null}'
        assert whole.json()["items"][1]["nama"] == nama
        page = api.get(f"/v1/pegawai?unor_id={seksi}&limit=1", token=t)
        cur = page.json()["next_cursor"]
        assert page.text == '{"items" : [' + items("id = %s", first) + '], "next_cursor" : "' + cur + '"}'
        last = api.get(f"/v1/pegawai?unor_id={seksi}&limit=1&cursor={cur}", token=t)
        assert last.text == '{"items" : [' + items("id = %s", second) + '], "next_cursor" : "' + \
            last.json()["next_cursor"] + '"}'
        assert api.get(f"/v1/pegawai?unor_id={seksi}&limit=1&cursor={last.json()['next_cursor']}",
                       token=t).text == '{"items" : [], "next_cursor" : null}'
    own = api.get("/v1/pegawai", token=make_token("pegawai", nip=tree["staf"]))
    assert own.text == '{"items" : [' + items("id = %s", second) + '], "next_cursor" : null}'
