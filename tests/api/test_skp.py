"""SKP planning: structure, cascading, workflow, versions, scope (issue 4). Owner: planning."""
import datetime

import pytest

from conftest import build_tree, make_token, nip, problem

# Built from today's date so the suite passes on any day: YEAR's SKP deadline (31 January) has
# always passed, NEXT_YEAR's never has (see test_pengelola_*).
YEAR = datetime.date.today().year - 1
NEXT_YEAR = datetime.date.today().year + 1
LAMPIRAN = {"dukungan_sumber_daya": ["Anggaran kegiatan", "Laptop"],
            "skema_pertanggungjawaban": ["Laporan bulanan kepada kepala seksi"],
            "konsekuensi": ["Sesuai ketentuan disiplin"]}


@pytest.fixture()
def org(api, tenant):
    t = build_tree(api, tenant["admin"], "Skp")
    t["admin"] = tenant["admin"]
    t["tok"] = {k: make_token("pegawai", nip=t[k]) for k in ("staf", "kasi", "kabid", "kadis", "jf", "staf2")}
    t["pd"] = make_token("admin_pd", nip=t["kabid"])
    return t


def create_skp(api, token, n, tahun=YEAR, **extra):
    r = api.post("/v1/skp", token=token, json=dict({"nip": n, "tahun": tahun}, **extra))
    assert r.status_code == 201, r.text
    return r.json()


def add_rhk(api, token, skp_id, **body):
    body = dict({"jenis_rhk": "UTAMA", "uraian": "Tersusunnya dokumen perencanaan"}, **body)
    r = api.post(f"/v1/skp/{skp_id}/rhk", token=token, json=body)
    assert r.status_code == 201, r.text
    return r.json()


def add_ind(api, token, rhk_id, **body):
    body = dict({"aspek": "KUANTITAS", "uraian": "Jumlah dokumen", "target_min": 2, "target_max": 2,
                 "satuan": "dokumen"}, **body)
    r = api.post(f"/v1/rhk/{rhk_id}/indikator", token=token, json=body)
    assert r.status_code == 201, r.text
    return r.json()


def complete_skp(api, org, who="staf", atasan_rhk=None):
    """An SKP of `who` that satisfies every guard. Returns (skp, rhk)."""
    tok = org["tok"][who]
    skp = create_skp(api, tok, org[who])
    rhk = add_rhk(api, tok, skp["id"], rhk_atasan_id=atasan_rhk)
    add_ind(api, tok, rhk["id"])
    add_ind(api, tok, rhk["id"], aspek="WAKTU", uraian="Waktu penyelesaian", target_min=12, target_max=12, satuan="bulan")
    assert api.put(f"/v1/skp/{skp['id']}/lampiran", token=tok, json=LAMPIRAN).status_code == 200
    return skp, rhk


@pytest.fixture()
def chain(api, org):
    """The kasi's SKP (with one RHK) and the staf's complete SKP cascading to it."""
    kasi_skp = create_skp(api, org["tok"]["kasi"], org["kasi"])
    kasi_rhk = add_rhk(api, org["tok"]["kasi"], kasi_skp["id"], uraian="Terlaksananya layanan seksi")
    skp, rhk = complete_skp(api, org, "staf", kasi_rhk["id"])
    return {"kasi_skp": kasi_skp, "kasi_rhk": kasi_rhk, "skp": skp, "rhk": rhk}


def act(api, token, skp_id, action, **body):
    return api.post(f"/v1/skp/{skp_id}/{action}", token=token, json=body or None)


def test_create_snapshot_and_structure(api, org):
    s = create_skp(api, org["tok"]["staf"], org["staf"])
    assert (s["status"], s["jenis_skp"], s["pendekatan"], s["versi"]) == ("DRAFT", "NON_JPT", "KUANTITATIF", 1)
    assert s["pejabat_penilai"]["nip"] == org["kasi"] and s["atasan_penilai"]["nip"] == org["kabid"]
    assert [p["nilai"] for p in s["perilaku"]] == ["BERORIENTASI_PELAYANAN", "AKUNTABEL", "KOMPETEN", "HARMONIS",
                                                   "LOYAL", "ADAPTIF", "KOLABORATIF"]
    assert (s["periode_awal"], s["periode_akhir"]) == (f"{YEAR}-01-01", f"{YEAR}-12-31")
    assert s["lampiran"] == {"dukungan_sumber_daya": [], "skema_pertanggungjawaban": [], "konsekuensi": []}
    j = create_skp(api, org["admin"], org["kadis"])
    assert j["jenis_skp"] == "JPT" and j["pejabat_penilai"]["nip"] == org["sekda"]
    problem(api.post(f"/v1/skp/{j['id']}/rhk", token=org["admin"], json={"jenis_rhk": "UTAMA", "uraian": "X"}),
            422, "validation_failed")  # JPT needs a perspektif
    add_rhk(api, org["admin"], j["id"], perspektif="PENERIMA_LAYANAN")


def test_excluded_status_and_overlapping_segments(api, org, db):
    assert api.patch(f"/v1/pegawai/{org['jf']}", token=org["admin"], json={"status": "TUGAS_BELAJAR"}).status_code == 200
    problem(api.post("/v1/skp", token=org["admin"], json={"nip": org["jf"], "tahun": YEAR}), 422, "skp_excluded")
    first = create_skp(api, org["tok"]["staf"], org["staf"], periode_akhir=f"{YEAR}-06-30")
    problem(api.post("/v1/skp", token=org["tok"]["staf"], json={"nip": org["staf"], "tahun": YEAR,
                                                                 "periode_awal": f"{YEAR}-06-01"}), 409, "conflict")
    second = create_skp(api, org["tok"]["staf"], org["staf"], periode_awal=f"{YEAR}-07-01")
    assert second["periode_akhir"] == f"{YEAR}-12-31" and first["id"] != second["id"]
    problem(api.post("/v1/skp", token=org["tok"]["staf"], json={"nip": org["staf"], "tahun": YEAR,
                                                                 "periode_awal": f"{YEAR - 1}-12-01"}), 422)
    # a pegawai cannot open an SKP for somebody else
    problem(api.post("/v1/skp", token=org["tok"]["staf"], json={"nip": org["kasi"], "tahun": YEAR}), 404)


def test_rhk_and_indikator_rules(api, org, chain):
    tok, skp_id = org["tok"]["staf"], chain["skp"]["id"]
    problem(api.post(f"/v1/skp/{skp_id}/rhk", token=tok, json={"jenis_rhk": "UTAMA", "uraian": "X",
                                                               "perspektif": "ANGGARAN"}), 422)
    problem(api.post(f"/v1/skp/{skp_id}/rhk", token=tok, json={"jenis_rhk": "UTAMA", "uraian": "X", "bobot": 50}), 422)
    # cascading to someone who is not the penilai (the kabid), and to another year
    kabid_skp = create_skp(api, org["tok"]["kabid"], org["kabid"])
    kabid_rhk = add_rhk(api, org["tok"]["kabid"], kabid_skp["id"])
    problem(api.post(f"/v1/skp/{skp_id}/rhk", token=tok, json={"jenis_rhk": "UTAMA", "uraian": "X",
                                                               "rhk_atasan_id": kabid_rhk["id"]}), 422, "rhk_cascading_invalid")
    old = create_skp(api, org["tok"]["kasi"], org["kasi"], tahun=YEAR - 1)
    old_rhk = add_rhk(api, org["tok"]["kasi"], old["id"])
    problem(api.post(f"/v1/skp/{skp_id}/rhk", token=tok, json={"jenis_rhk": "UTAMA", "uraian": "X",
                                                               "rhk_atasan_id": old_rhk["id"]}), 422, "rhk_cascading_invalid")
    rid = chain["rhk"]["id"]
    problem(api.post(f"/v1/rhk/{rid}/indikator", token=tok, json={"uraian": "X", "target_min": 1, "satuan": "x"}), 422)
    problem(api.post(f"/v1/rhk/{rid}/indikator", token=tok, json={"aspek": "KUALITAS", "uraian": "X", "target_min": 5,
                                                                   "target_max": 1, "satuan": "%"}), 422)
    problem(api.post(f"/v1/rhk/{rid}/indikator", token=tok, json={"aspek": "MUTU", "uraian": "X"}), 422)
    # coverage both ways
    r = api.get(f"/v1/rhk/{chain['kasi_rhk']['id']}", token=org["tok"]["kasi"]).json()
    assert [c["rhk_id"] for c in r["diintervensi_oleh"]] == [rid]
    assert r["diintervensi_oleh"][0]["nip"] == org["staf"]


def test_whole_skp_in_one_read(api, org, chain):
    r = api.get(f"/v1/skp/{chain['skp']['id']}", token=org["tok"]["staf"])
    assert r.status_code == 200 and r.headers["ETag"] == f'"v{r.json()["version"]}"'
    again = api.get(f"/v1/skp/{chain['skp']['id']}", token=org["tok"]["staf"], headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    s = r.json()
    assert len(s["rhk"]) == 1 and [i["aspek"] for i in s["rhk"][0]["indikator"]] == ["KUANTITAS", "WAKTU"]
    assert s["rhk"][0]["rhk_atasan_id"] == chain["kasi_rhk"]["id"] and s["rhk"][0]["jenis_intervensi"] == "LANGSUNG"
    assert s["lampiran"] == LAMPIRAN and len(s["perilaku"]) == 7
    r = api.put(f"/v1/skp/{s['id']}/perilaku", token=org["tok"]["staf"],
                json={"items": [{"nilai": "ADAPTIF", "ekspektasi_khusus": "Cepat menyesuaikan aplikasi baru"}]})
    assert r.status_code == 200
    assert [p["ekspektasi_khusus"] for p in r.json()["perilaku"] if p["nilai"] == "ADAPTIF"] == ["Cepat menyesuaikan aplikasi baru"]
    problem(api.put(f"/v1/skp/{s['id']}/perilaku", token=org["tok"]["staf"],
                    json={"items": [{"nilai": "JUJUR", "ekspektasi_khusus": "x"}]}), 422)
    problem(api.put(f"/v1/skp/{s['id']}/lampiran", token=org["tok"]["staf"], json={"konsekuensi": [""]}), 422)
    stale = r.headers["ETag"].replace(str(r.json()["version"]), str(r.json()["version"] - 1))
    problem(api.put(f"/v1/skp/{s['id']}/lampiran", token=org["tok"]["staf"], json=LAMPIRAN,
                    headers={"If-Match": stale}), 412)


def test_full_workflow_with_reasons_and_history(api, org, chain):
    sid, staf, kasi = chain["skp"]["id"], org["tok"]["staf"], org["tok"]["kasi"]
    assert act(api, staf, sid, "ajukan").json()["status"] == "DIAJUKAN"
    problem(api.post(f"/v1/skp/{sid}/rhk", token=staf, json={"jenis_rhk": "TAMBAHAN", "uraian": "X"}), 409, "skp_not_editable")
    problem(act(api, staf, sid, "setujui"), 403, "forbidden")
    body = problem(act(api, kasi, sid, "kembalikan"), 422, "alasan_required")
    assert body["errors"][0]["field"] == "alasan"
    r = act(api, kasi, sid, "kembalikan", alasan="Target waktu belum realistis")
    assert r.json()["status"] == "DIKEMBALIKAN", r.text
    assert act(api, staf, sid, "ajukan").json()["status"] == "DIAJUKAN"
    assert act(api, kasi, sid, "setujui").json()["status"] == "DISETUJUI"
    s = act(api, kasi, sid, "tetapkan").json()
    assert s["status"] == "DITETAPKAN" and s["tanggal_ditetapkan"] and s["ditetapkan_pengelola"] is False
    assert s["terlambat"] is True  # set after 31 January
    body = problem(act(api, kasi, sid, "setujui"), 409, "skp_invalid_transition")
    assert "DITETAPKAN" in body["detail"] and "revisi" in body["detail"] and "tutup" in body["detail"]
    problem(act(api, staf, sid, "revisi"), 422, "alasan_required")
    s = act(api, staf, sid, "revisi", alasan="Perubahan tugas dari pimpinan").json()
    assert (s["status"], s["versi"]) == ("DRAFT", 2)
    h = api.get(f"/v1/skp/{sid}/riwayat", token=staf).json()
    assert [t["aksi"] for t in h["transisi"]] == ["buat", "ajukan", "kembalikan", "ajukan", "setujui", "tetapkan", "revisi"]
    assert h["transisi"][2]["alasan"] == "Target waktu belum realistis" and h["transisi"][2]["aktor_nip"] == org["kasi"]
    assert [v["versi"] for v in h["versi_sebelumnya"]] == [1]
    old = h["versi_sebelumnya"][0]["isi"]
    assert old["status"] == "DITETAPKAN" and old["rhk"][0]["uraian"] == chain["rhk"]["uraian"]
    # the new draft can be changed again while the old version stays as it was
    assert api.patch(f"/v1/rhk/{chain['rhk']['id']}", token=staf, json={"uraian": "Uraian baru"}).status_code == 200
    h = api.get(f"/v1/skp/{sid}/riwayat", token=staf).json()
    assert h["versi_sebelumnya"][0]["isi"]["rhk"][0]["uraian"] == chain["rhk"]["uraian"]


@pytest.mark.parametrize("breaker,code", [
    ("lampiran", "skp_lampiran_missing"),
    ("cascading", "skp_cascading_invalid"),
    ("indikator", "skp_indikator_missing"),
    ("utama", "skp_rhk_utama_missing"),
])
def test_guards_before_ditetapkan(api, org, chain, breaker, code):
    sid, staf, kasi = chain["skp"]["id"], org["tok"]["staf"], org["tok"]["kasi"]
    if breaker == "lampiran":
        api.put(f"/v1/skp/{sid}/lampiran", token=staf, json=dict(LAMPIRAN, konsekuensi=[]))
    elif breaker == "cascading":
        assert api.patch(f"/v1/rhk/{chain['rhk']['id']}", token=staf, json={"rhk_atasan_id": None}).status_code == 200
    elif breaker == "indikator":
        add_rhk(api, staf, sid, jenis_rhk="TAMBAHAN", uraian="Panitia kegiatan")
    elif breaker == "utama":
        assert api.patch(f"/v1/rhk/{chain['rhk']['id']}", token=staf, json={"jenis_rhk": "TAMBAHAN"}).status_code == 200
    if breaker != "utama":
        act(api, staf, sid, "ajukan")
        act(api, kasi, sid, "setujui")
        problem(act(api, kasi, sid, "tetapkan"), 422, code)
        assert api.get(f"/v1/skp/{sid}", token=staf).json()["status"] == "DISETUJUI"
    else:
        problem(act(api, staf, sid, "ajukan"), 422, code)


def test_bobot_sum_rule(api, org, chain):
    sid, staf, kasi = chain["skp"]["id"], org["tok"]["staf"], org["tok"]["kasi"]
    try:
        assert api.patch("/v1/instansi", token=org["admin"], json={"bobot_aktif": True}).status_code == 200
        api.patch(f"/v1/rhk/{chain['rhk']['id']}", token=staf, json={"bobot": 60})
        act(api, staf, sid, "ajukan")
        act(api, kasi, sid, "setujui")
        problem(act(api, kasi, sid, "tetapkan"), 422, "skp_bobot_invalid")
        act(api, kasi, sid, "kembalikan", alasan="Bobot belum 100")
        assert api.patch(f"/v1/rhk/{chain['rhk']['id']}", token=staf, json={"bobot": 100}).status_code == 200
        act(api, staf, sid, "ajukan")
        act(api, kasi, sid, "setujui")
        assert act(api, kasi, sid, "tetapkan").json()["status"] == "DITETAPKAN"
    finally:
        api.patch("/v1/instansi", token=org["admin"], json={"bobot_aktif": False})


def test_who_may_do_what(api, org, chain, tenant):
    sid = chain["skp"]["id"]
    act(api, org["tok"]["staf"], sid, "ajukan")
    other = make_token("pegawai", nip=org["staf2"])
    auditor = make_token("auditor")
    problem(act(api, other, sid, "setujui"), 404)             # not visible at all
    problem(act(api, auditor, sid, "setujui"), 403)           # read-only
    problem(act(api, org["pd"], sid, "setujui"), 403)         # pengelola does not approve
    problem(act(api, org["tok"]["kabid"], sid, "setujui"), 403)  # atasan penilai does not approve
    problem(act(api, make_token("admin_bkpsdm", instansi=tenant["lain"] and "lain" + "x"), sid, "setujui"), 404)
    assert act(api, org["tok"]["kasi"], sid, "setujui").status_code == 200
    problem(act(api, org["tok"]["staf"], sid, "tetapkan"), 403)
    assert act(api, org["tok"]["kasi"], sid, "tetapkan").status_code == 200
    problem(act(api, org["tok"]["staf"], sid, "tutup"), 403)
    problem(act(api, org["tok"]["kasi"], sid, "tutup"), 422, "alasan_required")
    s = act(api, org["pd"], sid, "tutup", alasan="Mutasi jabatan", tanggal_selesai=f"{YEAR}-09-30").json()
    assert (s["status"], s["periode_akhir"]) == ("DITUTUP", f"{YEAR}-09-30")
    # the next segment of the year can now be opened
    nxt = create_skp(api, org["tok"]["staf"], org["staf"], periode_awal=f"{YEAR}-10-01")
    assert nxt["periode_awal"] == f"{YEAR}-10-01"


def test_pengelola_sets_after_deadline_only(api, org):
    s = create_skp(api, org["pd"], org["staf"])
    kasi_skp = create_skp(api, org["tok"]["kasi"], org["kasi"])
    kasi_rhk = add_rhk(api, org["tok"]["kasi"], kasi_skp["id"])
    rhk = add_rhk(api, org["pd"], s["id"], rhk_atasan_id=kasi_rhk["id"])
    add_ind(api, org["pd"], rhk["id"])
    api.put(f"/v1/skp/{s['id']}/lampiran", token=org["pd"], json=LAMPIRAN)
    r = act(api, org["pd"], s["id"], "tetapkan")
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "DITETAPKAN" and r.json()["ditetapkan_pengelola"] is True
    future = create_skp(api, org["pd"], org["staf"], tahun=NEXT_YEAR)
    problem(act(api, org["pd"], future["id"], "tetapkan"), 403)  # deadline not passed yet


def test_stale_etag_is_412(api, org, chain, db):
    sid, staf = chain["skp"]["id"], org["tok"]["staf"]
    etag = api.get(f"/v1/skp/{sid}", token=staf).headers["ETag"]
    assert api.patch(f"/v1/skp/{sid}", token=staf, headers={"If-Match": etag},
                     json={"pendekatan": "KUALITATIF"}).status_code == 200
    problem(api.patch(f"/v1/skp/{sid}", token=staf, headers={"If-Match": etag},
                      json={"pendekatan": "KUANTITATIF"}), 412, "precondition_failed")
    assert db.one("SELECT pendekatan FROM skp WHERE id = %s", sid) == "KUALITATIF"
    problem(act(api, staf, sid, "ajukan") if False else api.post(f"/v1/skp/{sid}/ajukan", token=staf,
            headers={"If-Match": etag}), 412)
    rh = api.get(f"/v1/rhk/{chain['rhk']['id']}", token=staf)
    assert api.patch(f"/v1/rhk/{chain['rhk']['id']}", token=staf, headers={"If-Match": rh.headers["ETag"]},
                     json={"uraian": "Satu"}).status_code == 200
    problem(api.patch(f"/v1/rhk/{chain['rhk']['id']}", token=staf, headers={"If-Match": rh.headers["ETag"]},
                      json={"uraian": "Dua"}), 412)


def test_scope_and_delete(api, org, chain, tenant):
    sid = chain["skp"]["id"]
    # a read-only integration account reads but never writes SKP content
    reader = make_token("integrasi", scope="sync:read")
    assert api.get(f"/v1/skp/{sid}", token=reader).status_code == 200
    problem(api.post(f"/v1/skp/{sid}/rhk", token=reader, json={"jenis_rhk": "TAMBAHAN", "uraian": "Titipan"}), 403)
    problem(api.put(f"/v1/skp/{sid}/lampiran", token=reader, json=LAMPIRAN), 403)
    problem(api.get(f"/v1/skp/{sid}", token=make_token("pegawai", nip=org["staf2"])), 404)
    problem(api.get(f"/v1/skp/{sid}", token=tenant["other_admin"]), 404)
    assert api.get(f"/v1/skp/{sid}", token=org["tok"]["kabid"]).status_code == 200  # atasan penilai
    assert api.get(f"/v1/skp/{sid}", token=org["pd"]).status_code == 200
    mine = api.get(f"/v1/skp?tahun={YEAR}", token=org["tok"]["kasi"]).json()["items"]
    assert {s["id"] for s in mine} == {sid, chain["kasi_skp"]["id"]}  # own + appraisee's
    problem(api.get("/v1/skp?status=LAIN", token=org["admin"]), 422)
    act(api, org["tok"]["staf"], sid, "ajukan")
    problem(api.delete(f"/v1/skp/{sid}", token=org["tok"]["staf"]), 409)
    d = create_skp(api, org["tok"]["staf"], org["staf"], tahun=YEAR + 1)
    assert api.delete(f"/v1/skp/{d['id']}", token=org["tok"]["staf"]).status_code == 204
    problem(api.get(f"/v1/skp/{d['id']}", token=org["tok"]["staf"]), 404)


def test_list_sources_filters_and_pages(api, org, chain, tenant):
    """GET /v1/skp merges the caller's scope with its relations (issue 17 changed the statement's
    shape): atasan penilai, a PD scope, the whole instansi, ?nip= within and outside the scope,
    and cursor pages that neither repeat nor skip."""
    sid, kasi_sid = chain["skp"]["id"], chain["kasi_skp"]["id"]

    def ok(r):
        assert r.status_code == 200, r.text
        return r.json()

    def ids(r):
        return [s["id"] for s in ok(r)["items"]]
    # the kabid is the staf's atasan penilai: sees that SKP, though it is neither owner nor penilai
    assert sid in ids(api.get(f"/v1/skp?tahun={YEAR}", token=org["tok"]["kabid"]))
    # the staf2 has no relation to either SKP
    assert not {sid, kasi_sid} & set(ids(api.get(f"/v1/skp?tahun={YEAR}", token=org["tok"]["staf2"])))
    # the PD admin and the BKPSDM admin see both; ?nip= narrows to one pegawai
    for tok in (org["pd"], org["admin"]):
        assert {sid, kasi_sid} <= set(ids(api.get(f"/v1/skp?tahun={YEAR}&limit=500", token=tok)))
        assert ids(api.get(f"/v1/skp?tahun={YEAR}&nip={org['staf']}", token=tok)) == [sid]
    # ?nip= of a pegawai outside the caller's scope and relations answers nothing
    assert ids(api.get(f"/v1/skp?nip={org['staf']}", token=org["tok"]["staf2"])) == []
    assert ids(api.get(f"/v1/skp?nip={org['staf']}", token=tenant["other_admin"])) == []
    # pages of 1 walk the same rows as one page of 500, in id order
    everything = ids(api.get(f"/v1/skp?tahun={YEAR}&limit=500", token=org["admin"]))
    assert everything == sorted(everything)
    seen, cursor = [], None
    for _ in range(len(everything) + 1):
        r = ok(api.get(f"/v1/skp?tahun={YEAR}&limit=1" + (f"&cursor={cursor}" if cursor else ""), token=org["admin"]))
        seen += [s["id"] for s in r["items"]]
        cursor = r.get("next_cursor")
        if not cursor:
            break
    assert seen == everything
