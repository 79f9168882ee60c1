"""Assessment: ratings and the predikat matrix, organisation predikat, distribution curve,
unit-head rule, keberatan, annual result (issue 6). Owner: assessment.
The boundaries of every distribution rule for many unit sizes are in tests/unit/test_distribusi.c;
here the same rules are exercised end to end on a Perangkat Daerah of five pegawai."""
import datetime

import pytest

from conftest import build_tree, make_token, nip, problem
from test_skp import LAMPIRAN, add_ind, add_rhk, create_skp

YEAR = datetime.date.today().year
MATRIX = [  # (hasil kerja, perilaku) -> predikat, domain.md §6.1
    ("DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI", "SANGAT_BAIK"),
    ("DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "BAIK"),
    ("DI_ATAS_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI", "KURANG"),
    ("SESUAI_EKSPEKTASI", "DI_ATAS_EKSPEKTASI", "BAIK"),
    ("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI", "BAIK"),
    ("SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI", "KURANG"),
    ("DI_BAWAH_EKSPEKTASI", "DI_ATAS_EKSPEKTASI", "BUTUH_PERBAIKAN"),
    ("DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI", "BUTUH_PERBAIKAN"),
    ("DI_BAWAH_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI", "SANGAT_KURANG"),
]
SS = ("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")
ATAS = ("DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")  # -> SANGAT_BAIK
BP = ("DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI")    # -> BUTUH_PERBAIKAN


@pytest.fixture()
def pd(api, tenant):
    """A Perangkat Daerah of five pegawai (kadis, kabid, kasi, staf, jf), every SKP set for the
    year, so each has four quarterly evaluations."""
    t = build_tree(api, tenant["admin"], "Nilai")
    tok = {k: make_token("pegawai", nip=t[k]) for k in ("sekda", "kadis", "kabid", "kasi", "staf", "jf")}
    skp, rhk = {}, {}
    order = [("kadis", None, "sekda"), ("kabid", "kadis", "kadis"), ("kasi", "kabid", "kabid"),
             ("staf", "kasi", "kasi"), ("jf", "kabid", "kabid")]
    for who, parent, penilai in order:
        s = create_skp(api, tok[who], t[who], tahun=YEAR)
        extra = {"perspektif": "PENERIMA_LAYANAN"} if who == "kadis" else {"rhk_atasan_id": rhk[parent]["id"]}
        rhk[who] = add_rhk(api, tok[who], s["id"], **extra)
        if who == "kadis":
            add_ind(api, tok[who], rhk[who]["id"], aspek=None)
        else:
            add_ind(api, tok[who], rhk[who]["id"])
        api.put(f"/v1/skp/{s['id']}/lampiran", token=tok[who], json=LAMPIRAN)
        for actor, act in [(who, "ajukan"), (penilai, "setujui"), (penilai, "tetapkan")]:
            r = api.post(f"/v1/skp/{s['id']}/{act}", token=tok[actor])
            assert r.status_code == 200, (who, act, r.text)
        skp[who] = s
    ev = {}
    for who in skp:
        items = api.get(f"/v1/evaluasi?tahun={YEAR}&unor_id={t['dinas']}&limit=500", token=tenant["admin"]).json()["items"]
        ev[who] = {e["periode"]["nomor"]: e for e in items if e["pegawai"]["nip"] == t[who]}
    return dict(t=t, tok=tok, skp=skp, ev=ev, admin=tenant["admin"], penilai={w: p for w, _, p in order})


def rate(api, x, who, hk, pk, q=4, token=None, **extra):
    body = dict({"rating_perilaku": pk}, **extra)
    if hk:
        body["rating_hasil_kerja"] = hk
    return api.put(f"/v1/evaluasi/{x['ev'][who][q]['id']}/rating", token=token or x["tok"][x["penilai"][who]], json=body)


def tetapkan(api, x, who, q=4, token=None, **body):
    return api.post(f"/v1/evaluasi/{x['ev'][who][q]['id']}/tetapkan", token=token or x["tok"][x["penilai"][who]],
                    json=body or None)


def org(api, x, predikat, q=4, ganti=None):
    """Set the Dinas's organisation predikat of quarter q; ganti: the setting it changes (a
    versioned decision: If-Match and a reason, issue 16)."""
    body = {"tahun": YEAR, "jenis": "TRIWULAN", "nomor": q, "predikat": predikat,
            "dasar": "Capaian rencana aksi triwulan sesuai target"}
    headers = {}
    if ganti:
        body["alasan"] = "Koreksi setelah rekomendasi inspektorat"
        headers["If-Match"] = f'"v{ganti["version"]}"'
    r = api.post(f"/v1/unor/{x['t']['dinas']}/predikat-organisasi", token=x["admin"], json=body, headers=headers)
    assert r.status_code == (200 if ganti else 201), r.text
    return r.json()


def test_evaluations_exist_per_period(pd):
    assert all(sorted(pd["ev"][w]) == [1, 2, 3, 4] for w in pd["ev"])
    assert pd["ev"]["staf"][4]["status"] == "TERBUKA" and pd["ev"]["staf"][4]["periode"]["akhir_tahun"] is True


def test_all_nine_matrix_cells_through_the_api(api, pd):
    for hk, pk, expected in MATRIX:
        r = rate(api, pd, "staf", hk, pk, q=1)
        assert r.status_code == 200, r.text
        assert (r.json()["predikat"], r.json()["status"]) == (expected, "DINILAI"), (hk, pk)


def test_only_the_penilai_rates_and_predikat_is_never_written(api, pd, db):
    problem(rate(api, pd, "staf", *SS, token=pd["tok"]["staf"]), 403)
    problem(rate(api, pd, "staf", *SS, token=pd["tok"]["kabid"]), 403)   # atasan penilai
    problem(rate(api, pd, "staf", *SS, token=pd["admin"]), 403)
    problem(rate(api, pd, "staf", *SS, predikat="SANGAT_BAIK"), 422, "validation_failed")
    problem(rate(api, pd, "staf", "LUAR_BIASA", "SESUAI_EKSPEKTASI"), 422)
    assert db.one("SELECT status FROM evaluasi WHERE id = %s", pd["ev"]["staf"][4]["id"]) == "TERBUKA"


def test_unit_head_rating_follows_organisation(api, pd):
    problem(rate(api, pd, "kadis", None, "SESUAI_EKSPEKTASI"), 409, "predikat_organisasi_missing")
    first = org(api, pd, "ISTIMEWA")
    problem(rate(api, pd, "kadis", "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI"), 422)
    r = rate(api, pd, "kadis", None, "SESUAI_EKSPEKTASI")
    assert r.status_code == 200, r.text
    assert (r.json()["rating_hasil_kerja"], r.json()["predikat"]) == ("DI_ATAS_EKSPEKTASI", "BAIK")
    org(api, pd, "KURANG", ganti=first)  # the mapping is data: KURANG -> DI_BAWAH
    assert rate(api, pd, "kadis", None, "SESUAI_EKSPEKTASI").json()["predikat"] == "BUTUH_PERBAIKAN"


def test_predikat_needs_organisation_predikat_and_the_curve(api, pd, db):
    assert rate(api, pd, "staf", *SS).status_code == 200
    problem(tetapkan(api, pd, "staf"), 409, "predikat_organisasi_missing")
    org(api, pd, "BAIK")
    d = api.get(f"/v1/unor/{pd['t']['dinas']}/distribusi?tahun={YEAR}&jenis=TRIWULAN&nomor=4", token=pd["admin"]).json()
    assert (d["jumlah_dinilai"], d["diusulkan"], d["belum_dinilai"], d["predikat_organisasi"]) == (0, 1, 4, "BAIK")
    # the penilai rate everyone first (R14b: the curve is checked on set + proposed predikat):
    # five BAIK break "at most 70%" (3.5 -> 3) and "at least one BP or K"
    for who in ("jf", "kabid", "kasi"):
        assert rate(api, pd, who, *SS).status_code == 200
    assert rate(api, pd, "kadis", None, "SESUAI_EKSPEKTASI").json()["predikat"] == "BAIK"
    u = api.get(f"/v1/unor/{pd['t']['dinas']}/distribusi?tahun={YEAR}&jenis=TRIWULAN&nomor=4", token=pd["admin"]).json()["dengan_usulan"]
    rng = {x["predikat"]: (x["min"], x["max"]) for x in u["rentang"]}
    assert u["jumlah_dinilai"] == 5 and rng["BAIK"] == (0, 3) and rng["SANGAT_BAIK"] == (0, 5)
    body = problem(tetapkan(api, pd, "staf"), 422, "distribusi_violation")
    assert "BAIK_B_MAKS_70 (aktual 5, batas 3)" in body["detail"] and "BAIK_MIN_BP_ATAU_K" in body["detail"]
    assert db.one("SELECT status FROM evaluasi WHERE id = %s", pd["ev"]["staf"][4]["id"]) == "DINILAI"
    # the penilai (kasi, not the unit's head) cannot override the curve
    problem(tetapkan(api, pd, "staf", override_alasan="Semua bekerja baik"), 403)
    # the kasi rated BUTUH_PERBAIKAN satisfies "at least one BP or K"; four BAIK still break the maximum
    assert rate(api, pd, "kasi", *BP).json()["predikat"] == "BUTUH_PERBAIKAN"
    body = problem(tetapkan(api, pd, "staf"), 422, "distribusi_violation")
    assert "BAIK_B_MAKS_70 (aktual 4, batas 3)" in body["detail"] and "BAIK_MIN_BP_ATAU_K" not in body["detail"]
    # BKPSDM records an override with the reason; then the kabid rated SANGAT_BAIK mends the curve
    r = tetapkan(api, pd, "staf", token=pd["admin"], override_alasan="Ditetapkan sesuai kesepakatan pimpinan unit")
    assert r.status_code == 200 and r.json()["override_distribusi_alasan"].startswith("Ditetapkan")
    assert rate(api, pd, "kabid", *ATAS).json()["predikat"] == "SANGAT_BAIK"
    for who in ("jf", "kabid", "kasi", "kadis"):
        r = tetapkan(api, pd, who)
        assert r.status_code == 200 and r.json()["status"] == "DITETAPKAN", (who, r.text)
    d = api.get(f"/v1/unor/{pd['t']['dinas']}/distribusi?tahun={YEAR}&jenis=TRIWULAN&nomor=4", token=pd["admin"]).json()
    assert {x["predikat"]: x["aktual"] for x in d["rentang"]} == {
        "SANGAT_BAIK": 1, "BAIK": 3, "BUTUH_PERBAIKAN": 1, "KURANG": 0, "SANGAT_KURANG": 0}
    assert (d["jumlah_dinilai"], d["belum_ditetapkan"], d["pelanggaran"]) == (5, 0, [])
    svg = api.get(f"/v1/unor/{pd['t']['dinas']}/distribusi.svg?tahun={YEAR}&jenis=TRIWULAN&nomor=4", token=pd["admin"])
    assert svg.status_code == 200 and svg.headers["Content-Type"] == "image/svg+xml" and svg.text.startswith("<svg")
    problem(api.get(f"/v1/unor/{pd['t']['dinas']}/distribusi?tahun={YEAR}&jenis=HARIAN&nomor=4", token=pd["admin"]), 422)


def test_set_period_is_frozen_and_final_refuses_changes(api, pd, db):
    org(api, pd, "BAIK")
    assert rate(api, pd, "staf", *SS).status_code == 200
    e = tetapkan(api, pd, "staf").json()
    assert e["batas_keberatan"] == (datetime.date.today() + datetime.timedelta(days=14)).isoformat()
    problem(rate(api, pd, "staf", *SS), 409, "evaluasi_invalid_transition")
    periode_id = e["periode"]["id"]
    ind = api.get(f"/v1/skp/{pd['skp']['staf']['id']}", token=pd["tok"]["staf"]).json()["rhk"][0]["indikator"][0]["id"]
    problem(api.put(f"/v1/periode/{periode_id}/realisasi/{ind}", token=pd["tok"]["staf"],
                    json={"nilai": 1, "uraian": "terlambat"}), 409, "periode_locked")
    # after the keberatan window the result is FINAL: no objection, no change
    db.exec("UPDATE evaluasi SET ditetapkan_at = now() - interval '15 days' WHERE id = %s", e["id"])
    assert api.get(f"/v1/evaluasi/{e['id']}", token=pd["tok"]["staf"]).json()["status"] == "FINAL"
    problem(api.post(f"/v1/evaluasi/{e['id']}/keberatan", token=pd["tok"]["staf"], json={"alasan": "Terlambat mengajukan"}),
            409, "evaluasi_invalid_transition")
    problem(rate(api, pd, "staf", *SS), 409)


def test_keberatan_decided_by_atasan_is_final(api, pd):
    org(api, pd, "BAIK")
    rate(api, pd, "staf", "DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    e = tetapkan(api, pd, "staf").json()
    assert e["predikat"] == "BUTUH_PERBAIKAN"
    problem(api.post(f"/v1/evaluasi/{e['id']}/keberatan", token=pd["tok"]["kasi"], json={"alasan": "Bukan saya"}), 403)
    problem(api.post(f"/v1/evaluasi/{e['id']}/keberatan", token=pd["tok"]["staf"], json={}), 422)
    r = api.post(f"/v1/evaluasi/{e['id']}/keberatan", token=pd["tok"]["staf"],
                 json={"alasan": "Bukti dukung triwulan IV belum dipertimbangkan"})
    assert r.status_code == 200 and r.json()["status"] == "KEBERATAN"
    k = r.json()["keberatan"]
    assert k["status"] == "DIAJUKAN" and k["predikat_lama"] == "BUTUH_PERBAIKAN"
    decide = {"keputusan": "DITERIMA", "rating_hasil_kerja": "SESUAI_EKSPEKTASI", "catatan": "Bukti dukung lengkap"}
    problem(api.post(f"/v1/keberatan/{k['id']}/putuskan", token=pd["tok"]["kasi"], json=decide), 403)  # the penilai
    r = api.post(f"/v1/keberatan/{k['id']}/putuskan", token=pd["tok"]["kabid"], json=decide)
    assert r.status_code == 200, r.text
    e = r.json()
    assert (e["status"], e["predikat"], e["keberatan"]["status"], e["keberatan"]["predikat_baru"]) == (
        "FINAL", "BAIK", "DITERIMA", "BAIK")
    problem(api.post(f"/v1/keberatan/{k['id']}/putuskan", token=pd["tok"]["kabid"], json=decide), 409)
    problem(api.post(f"/v1/evaluasi/{e['id']}/keberatan", token=pd["tok"]["staf"], json={"alasan": "Sekali lagi"}), 409)


def test_annual_result_is_year_end_with_history(api, pd):
    org(api, pd, "BAIK", q=1)
    assert rate(api, pd, "staf", "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI", q=1).status_code == 200
    e = api.get(f"/v1/evaluasi/{pd['ev']['staf'][4]['id']}", token=pd["tok"]["kasi"]).json()
    assert e["periode"]["akhir_tahun"] is True
    hist = e["riwayat_periodik"]
    assert [(h["nomor"], h["predikat"]) for h in hist] == [(1, "SANGAT_BAIK"), (2, None), (3, None)]
    assert api.get(f"/v1/evaluasi/{pd['ev']['staf'][1]['id']}", token=pd["tok"]["kasi"]).json()["riwayat_periodik"] is None
    # scope: another pegawai sees nothing of it
    problem(api.get(f"/v1/evaluasi/{e['id']}", token=pd["tok"]["jf"]), 404)


# ---- R14b: the population of the curve is the evaluations with a set or proposed predikat ----

@pytest.fixture()
def pd6(api, pd):
    """The PD of `pd` with a sixth pegawai (a second staf under the kasi, SKP set) who will stay
    unrated: R14b keeps that evaluation out of n and out of every group."""
    t, tok = pd["t"], pd["tok"]
    extra = nip()
    r = api.post("/v1/pegawai", token=pd["admin"], json={"nip": extra, "nama": "Nilai Staf Kedua", "jenis_asn": "PNS",
                 "jenis_jabatan": "PELAKSANA", "jabatan": "Pengadministrasi", "unor_id": t["seksi"]})
    assert r.status_code == 201, r.text
    tok["extra"] = make_token("pegawai", nip=extra)
    kasi_rhk = api.get(f"/v1/skp/{pd['skp']['kasi']['id']}", token=tok["kasi"]).json()["rhk"][0]["id"]
    s = create_skp(api, tok["extra"], extra, tahun=YEAR)
    add_ind(api, tok["extra"], add_rhk(api, tok["extra"], s["id"], rhk_atasan_id=kasi_rhk)["id"])
    api.put(f"/v1/skp/{s['id']}/lampiran", token=tok["extra"], json=LAMPIRAN)
    for actor, act in [("extra", "ajukan"), ("kasi", "setujui"), ("kasi", "tetapkan")]:
        assert api.post(f"/v1/skp/{s['id']}/{act}", token=tok[actor]).status_code == 200
    items = api.get(f"/v1/evaluasi?tahun={YEAR}&unor_id={t['dinas']}&limit=500", token=pd["admin"]).json()["items"]
    pd["ev"]["extra"] = {e["periode"]["nomor"]: e for e in items if e["pegawai"]["nip"] == extra}
    pd["penilai"]["extra"], pd["skp"]["extra"] = "kasi", s
    return pd


def distribusi(api, x, q=4):
    r = api.get(f"/v1/unor/{x['t']['dinas']}/distribusi?tahun={YEAR}&jenis=TRIWULAN&nomor={q}", token=x["admin"])
    assert r.status_code == 200, r.text
    return r.json()


def rate_all(api, x, ratings):
    for who, (hk, pk) in ratings.items():
        r = rate(api, x, who, hk, pk)
        assert r.status_code == 200, (who, r.text)


def test_R14b_unrated_evaluation_does_not_loosen_baik_curve(api, pd6, db):
    """Org BAIK, SB 2 / B 3 proposed, no BP or K, one evaluation never rated: the rated five are
    the population (n = 5), and "at least one BP and/or K" is broken — the unrated one cannot
    fill that group (it used to count as able to)."""
    x = pd6
    org(api, x, "BAIK")
    rate_all(api, x, {"kadis": (None, "SESUAI_EKSPEKTASI"), "kabid": ATAS, "kasi": ATAS, "staf": SS, "jf": SS})
    body = problem(tetapkan(api, x, "staf"), 422, "distribusi_violation")
    assert "BAIK_MIN_BP_ATAU_K" in body["detail"] and "BAIK_B_MAKS_70" not in body["detail"]
    assert db.one("SELECT status FROM evaluasi WHERE id = %s", x["ev"]["staf"][4]["id"]) == "DINILAI"
    assert db.one("SELECT ditetapkan_at FROM evaluasi WHERE id = %s", x["ev"]["staf"][4]["id"]) is None
    d = distribusi(api, x)
    assert d["belum_dinilai"] == 1 and d["dengan_usulan"]["jumlah_dinilai"] == 5
    # once the sixth is rated BP it joins the population (n = 6) and the curve holds
    rate_all(api, x, {"extra": BP})
    for who in ("staf", "jf", "kabid", "kasi", "extra", "kadis"):
        r = tetapkan(api, x, who)
        assert r.status_code == 200 and r.json()["status"] == "DITETAPKAN", (who, r.text)
    d = distribusi(api, x)
    assert d["jumlah_dinilai"] == 6 and d["belum_dinilai"] == 0 and d["pelanggaran"] == []


def test_R14b_istimewa_unrated_not_in_n(api, pd6, db):
    """Org ISTIMEWA, SB 4 / B 1 proposed and one never rated: 70% of the five rated is 3, so four
    SB break the curve (with the unrated one in n, 70% of 6 = 4 let it pass)."""
    x = pd6
    org(api, x, "ISTIMEWA")
    rate_all(api, x, {"kadis": (None, "DI_ATAS_EKSPEKTASI"), "kabid": ATAS, "kasi": ATAS, "staf": ATAS, "jf": SS})
    body = problem(tetapkan(api, x, "jf"), 422, "distribusi_violation")
    assert "ISTIMEWA_SB_MAKS_70 (aktual 4, batas 3)" in body["detail"]
    assert db.one("SELECT count(*) FROM evaluasi WHERE id = ANY(%s) AND status = 'DITETAPKAN'",
                  [x["ev"][w][4]["id"] for w in x["ev"]]) == 0
    d = distribusi(api, x)["dengan_usulan"]
    assert d["jumlah_dinilai"] == 5 and [v["kode"] for v in d["pelanggaran"]] == ["ISTIMEWA_SB_MAKS_70"]
    assert {r["predikat"]: (r["max"], r["aktual"]) for r in d["rentang"]}["SANGAT_BAIK"] == (3, 4)
    # BKPSDM may still record an override with a reason
    r = tetapkan(api, x, "jf", token=x["admin"], override_alasan="Capaian unit luar biasa, ditetapkan pimpinan")
    assert r.status_code == 200 and r.json()["override_distribusi_alasan"].startswith("Capaian")


def test_R14b_distribusi_shows_proposed_separately(api, pd6):
    """GET distribusi: the top level is the set predikat only; `dengan_usulan` is the check on set
    plus proposed predikat, so the unit head sees a proposed distribution break before setting."""
    x = pd6
    org(api, x, "BAIK")
    rate_all(api, x, {"kadis": (None, "SESUAI_EKSPEKTASI"), "kabid": SS, "kasi": SS, "staf": SS, "jf": SS})
    d = distribusi(api, x)
    assert (d["jumlah_dinilai"], d["diusulkan"], d["belum_dinilai"], d["pelanggaran"]) == (0, 5, 1, [])
    assert all(r["aktual"] == 0 for r in d["rentang"])
    u = d["dengan_usulan"]
    assert u["jumlah_dinilai"] == 5 and {v["kode"] for v in u["pelanggaran"]} == {"BAIK_B_MAKS_70", "BAIK_MIN_BP_ATAU_K"}
    assert not any(v["peringatan"] for v in u["pelanggaran"])
    assert {r["predikat"]: (r["min"], r["max"], r["aktual"]) for r in u["rentang"]}["BAIK"] == (0, 3, 5)
    # fixed before anything is set: one SB, one BP; then the staf is set
    rate_all(api, x, {"kabid": ATAS, "kasi": BP})
    assert tetapkan(api, x, "staf").status_code == 200
    d = distribusi(api, x)
    assert (d["jumlah_dinilai"], d["diusulkan"], d["belum_dinilai"], d["belum_ditetapkan"]) == (1, 4, 1, 5)
    assert {r["predikat"]: r["aktual"] for r in d["rentang"]}["BAIK"] == 1
    assert [(v["kode"], v["peringatan"]) for v in d["pelanggaran"]] == [  # n = 1: warnings only
        ("BAIK_B_MAKS_70", True), ("BAIK_MIN_BP_ATAU_K", True)]
    assert d["dengan_usulan"]["jumlah_dinilai"] == 5 and d["dengan_usulan"]["pelanggaran"] == []
    assert {r["predikat"]: r["aktual"] for r in d["dengan_usulan"]["rentang"]} == {
        "SANGAT_BAIK": 1, "BAIK": 3, "BUTUH_PERBAIKAN": 1, "KURANG": 0, "SANGAT_KURANG": 0}
    svg = api.get(f"/v1/unor/{x['t']['dinas']}/distribusi.svg?tahun={YEAR}&jenis=TRIWULAN&nomor=4", token=x["admin"])
    assert svg.status_code == 200 and "diusulkan=4" in svg.text
    problem(api.get(f"/v1/unor/{x['t']['dinas']}/distribusi?tahun={YEAR}&jenis=TRIWULAN&nomor=x", token=x["admin"]), 422)


def test_list_filters_sources_and_pages(api, pd):
    """GET /v1/evaluasi (issue 17 changed the statement's shape): ?jenis, ?nomor, ?status and
    ?unor_id filter; a pegawai sees its own and its appraisees' evaluations, no others; cursor
    pages of 1 walk the same rows as one page of 500, in id order."""
    t, admin = pd["t"], pd["admin"]

    def ids(url, token=admin):
        r = api.get(url, token=token)
        assert r.status_code == 200, r.text
        return [e["id"] for e in r.json()["items"]]

    base = f"/v1/evaluasi?tahun={YEAR}&unor_id={t['dinas']}"
    every = ids(base + "&limit=500")
    assert every == sorted(every) and len(every) >= 2 * len(pd["skp"])
    staf = {n: e["id"] for n, e in pd["ev"]["staf"].items()}
    got = ids(base + "&jenis=TRIWULAN&nomor=2&limit=500")
    assert staf[2] in got and staf[1] not in got
    rate(api, pd, "staf", "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI", q=2)
    assert staf[2] in ids(base + "&status=DINILAI&limit=500")
    assert staf[1] not in ids(base + "&status=DINILAI&limit=500")
    own = set(ids(f"/v1/evaluasi?tahun={YEAR}&limit=500", token=pd["tok"]["staf"]))
    assert set(staf.values()) <= own
    assert not own & {e["id"] for e in pd["ev"]["kadis"].values()}
    seen, cursor = [], None
    for _ in range(len(every) + 1):
        r = api.get(base + "&limit=1" + (f"&cursor={cursor}" if cursor else ""), token=admin).json()
        seen += [e["id"] for e in r["items"]]
        cursor = r.get("next_cursor")
        if not cursor:
            break
    assert seen == every
