"""Follow-up: angka kredit, ranking, PPPK contract advice, TPP factor, rule-table
recommendations and decisions, CSV export (issue 7). Owner: follow-up.
Annual results are produced through the real workflow (SKP set, year-end evaluation rated and
set) for last year and this year."""
import datetime

import pytest

from conftest import build_tree, make_token, nip, problem
from siklus import set_skp, year_end

YEAR = datetime.date.today().year
PREV = YEAR - 1


@pytest.fixture(scope="module")
def hasil(api, tenant):
    admin = tenant["admin"]
    t = build_tree(api, admin, "Tl")
    # a second JF pegawai: PPPK, joins in November, contract ending within months
    jf2 = nip(pppk=True, tmt="202101")
    end = (datetime.date.today() + datetime.timedelta(days=90)).isoformat()
    r = api.post("/v1/pegawai", token=admin, json={"nip": jf2, "nama": "Tl Analis PPPK", "jenis_asn": "PPPK",
                 "jenis_jabatan": "FUNGSIONAL", "jabatan": "Analis Ahli Pertama", "jenjang_jf": "PERTAMA",
                 "unor_id": t["bidang"], "kontrak_selesai": end, "tmt_jabatan": f"{YEAR}-11-01"})
    assert r.status_code == 201, r.text
    assert api.patch(f"/v1/pegawai/{t['jf']}", token=admin, json={"jenjang_jf": "PERTAMA"}).status_code == 200
    t["jf2"] = jf2
    nips = {k: t[k] for k in ("sekda", "kadis", "kabid", "jf", "jf2")}
    tok = {k: make_token("pegawai", nip=v) for k, v in nips.items()}
    tok["_nip"], tok["_admin"] = nips, admin
    for th, org, kabid_r, jf_r in [(PREV, "BAIK", ("SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"), ("DI_ATAS_EKSPEKTASI",) * 2),
                                   (YEAR, "BAIK", ("DI_ATAS_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"), ("DI_ATAS_EKSPEKTASI",) * 2)]:
        r = api.post(f"/v1/unor/{t['dinas']}/predikat-organisasi", token=admin,
                     json={"tahun": th, "jenis": "TRIWULAN", "nomor": 4, "predikat": org, "dasar": "Capaian rencana aksi"})
        assert r.status_code == 201, r.text
        kadis_s, kadis_r = set_skp(api, tok, "kadis", th, "sekda", jpt=True)
        kabid_s, kabid_rhk = set_skp(api, tok, "kabid", th, "kadis", kadis_r["id"])
        jf_s, _ = set_skp(api, tok, "jf", th, "kabid", kabid_rhk["id"])
        year_end(api, tok, kadis_s, "sekda", None, "SESUAI_EKSPEKTASI")   # unit head: BAIK via org
        year_end(api, tok, kabid_s, "kadis", *kabid_r)                    # KURANG both years
        year_end(api, tok, jf_s, "kabid", *jf_r)                          # SANGAT_BAIK both years
        if th == YEAR:
            jf2_s, _ = set_skp(api, tok, "jf2", th, "kabid", kabid_rhk["id"])
            assert jf2_s["periode_awal"] == f"{YEAR}-11-01"
            year_end(api, tok, jf2_s, "kabid", "DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI")  # BUTUH_PERBAIKAN
    t["admin"], t["tok"] = admin, tok
    return t


def q(api, hasil, path, token=None, **params):
    params.setdefault("tahun", YEAR)
    params.setdefault("unor_id", hasil["dinas"])
    qs = "&".join(f"{k}={v}" for k, v in params.items())
    r = api.get(f"{path}?{qs}", token=token or hasil["admin"])
    assert r.status_code == 200, r.text
    return r.json()


def test_angka_kredit(api, hasil):
    items = {i["nip"]: i for i in q(api, hasil, "/v1/angka-kredit")["items"]}
    jf = items[hasil["jf"]]
    assert (jf["koefisien"], jf["bulan"], jf["predikat"], jf["total_angka_kredit"]) == (12.5, 12, "SANGAT_BAIK", 18.75)
    jf2 = items[hasil["jf2"]]
    assert (jf2["bulan"], jf2["predikat"], jf2["total_angka_kredit"]) == (2, "BUTUH_PERBAIKAN", 1.56)  # 75% x 12.5 x 2/12
    assert jf2["perlu_tinjauan"] is False and set(items) == {hasil["jf"], hasil["jf2"]}  # JF only
    last = {i["nip"]: i for i in q(api, hasil, "/v1/angka-kredit", tahun=PREV)["items"]}
    assert last[hasil["jf"]]["total_angka_kredit"] == 18.75 and last[hasil["jf2"]]["perlu_tinjauan"] is True


def test_ranking_dense_with_tie_keys_and_review_list(api, hasil):
    d = q(api, hasil, "/v1/peringkat")
    got = [(i["nip"], i["peringkat"], i["predikat"]) for i in d["items"]]
    assert got[0] == (hasil["jf"], 1, "SANGAT_BAIK")
    assert [g[2] for g in got] == ["SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG"]
    assert [g[1] for g in got] == [1, 2, 3, 4]
    assert d["urutan_kunci"][0] == "predikat" and "rating_hasil_kerja" in d["items"][0]
    review = {x["nip"] for x in d["perlu_tinjauan"]}
    assert {hasil["kasi"], hasil["staf"]} <= review      # no SKP: listed, never ranked last
    only_jf = q(api, hasil, "/v1/peringkat", jenis_jabatan="FUNGSIONAL")["items"]
    assert [(i["nip"], i["peringkat"]) for i in only_jf] == [(hasil["jf"], 1), (hasil["jf2"], 2)]


def test_pppk_contract_advice(api, hasil):
    items = q(api, hasil, "/v1/pppk/rekomendasi-kontrak", bulan=6)["items"]
    assert [(i["nip"], i["predikat"]) for i in items] == [(hasil["jf2"], "BUTUH_PERBAIKAN")]
    assert items[0]["riwayat"][0] == {"tahun": YEAR, "predikat": "BUTUH_PERBAIKAN"}
    assert q(api, hasil, "/v1/pppk/rekomendasi-kontrak", bulan=1)["items"] == []  # contract ends in ~3 months


def test_recommendations_fire_at_their_boundaries_and_decisions_close_cases(api, hasil):
    items = q(api, hasil, "/v1/tindak-lanjut")["items"]
    fired = {(i["nip"], i["kode"]) for i in items}
    assert (hasil["jf"], "KELOMPOK_TALENTA") in fired                 # SANGAT_BAIK two years running
    assert (hasil["kabid"], "RENCANA_PERBAIKAN") in fired             # KURANG this year
    assert (hasil["kabid"], "UJI_KOMPETENSI") in fired                # KURANG two years running
    assert not any(n == hasil["jf2"] for n, _ in fired)               # BUTUH_PERBAIKAN once: nothing
    assert not any(n == hasil["kadis"] for n, _ in fired)             # BAIK
    last_year = {(i["nip"], i["kode"]) for i in q(api, hasil, "/v1/tindak-lanjut", tahun=PREV)["items"]}
    assert (hasil["jf"], "KELOMPOK_TALENTA") not in last_year         # only one year of SANGAT_BAIK then
    case = [i for i in items if i["nip"] == hasil["kabid"] and i["kode"] == "RENCANA_PERBAIKAN"][0]
    assert case["status"] == "TERBUKA" and case["tenggat"] == f"{YEAR + 1}-06-30"
    body = {"keputusan": "DITERIMA", "alasan": "Rencana perbaikan disusun bersama atasan", "pejabat": "Kepala BKPSDM (demo)"}
    problem(api.post(f"/v1/tindak-lanjut/{case['id']}/keputusan", token=make_token("auditor"), json=body), 403)
    r = api.post(f"/v1/tindak-lanjut/{case['id']}/keputusan", token=hasil["admin"], json=body)
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "DITERIMA"
    problem(api.post(f"/v1/tindak-lanjut/{case['id']}/keputusan", token=hasil["admin"], json=body), 409)
    problem(api.post(f"/v1/tindak-lanjut/{hasil['kadis']}-{YEAR}-RENCANA_PERBAIKAN/keputusan", token=hasil["admin"],
                     json=body), 404)
    problem(api.post(f"/v1/tindak-lanjut/{case['id']}/keputusan", token=hasil["admin"], json=dict(body, keputusan="MUNGKIN")), 422)
    again = [i for i in q(api, hasil, "/v1/tindak-lanjut")["items"] if i["id"] == case["id"]][0]
    assert again["status"] == "DITERIMA" and again["keputusan"]["pejabat"] == body["pejabat"]


def test_rule_edits_are_effective_dated(api, hasil):
    rules = api.get(f"/v1/aturan/tindak-lanjut?tahun={YEAR}", token=hasil["admin"]).json()
    assert rules["sumber"] == "BAWAAN" and len(rules["aturan"]) == 3
    new = {"berlaku_mulai": f"{YEAR + 1}-01-01", "aturan": [
        {"kode": "RENCANA_PERBAIKAN", "predikat": ["BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG"], "tahun_berturut": 1,
         "rekomendasi": "Rencana perbaikan kinerja (aturan daerah)", "tenggat_bulan": 3}]}
    problem(api.put("/v1/aturan/tindak-lanjut", token=make_token("admin_pd", nip=hasil["kabid"]), json=new), 403)
    problem(api.put("/v1/aturan/tindak-lanjut", token=hasil["admin"], json=dict(new, aturan=[{"kode": "x"}])), 422)
    r = api.put("/v1/aturan/tindak-lanjut", token=hasil["admin"], json=new)
    assert r.status_code == 200 and r.json()["sumber"] == "INSTANSI"
    # this year's results keep this year's rules: jf2 (BUTUH_PERBAIKAN) is still not flagged
    assert not any(i["nip"] == hasil["jf2"] for i in q(api, hasil, "/v1/tindak-lanjut")["items"])
    assert api.get(f"/v1/aturan/tindak-lanjut?tahun={YEAR + 1}", token=hasil["admin"]).json()["aturan"][0]["tenggat_bulan"] == 3


def test_tpp_factor_table_effective_dated(api, hasil):
    a = hasil["admin"]
    f = {"SANGAT_BAIK": 100, "BAIK": 100, "BUTUH_PERBAIKAN": 80, "KURANG": 60, "SANGAT_KURANG": 40}
    assert api.put("/v1/aturan/tpp", token=a, json={"berlaku_mulai": f"{YEAR}-01-01", "faktor": f}).status_code == 200
    assert api.put("/v1/aturan/tpp", token=a, json={"berlaku_mulai": f"{YEAR + 1}-01-01",
                                                   "faktor": dict(f, KURANG=50)}).status_code == 200
    problem(api.put("/v1/aturan/tpp", token=a, json={"berlaku_mulai": f"{YEAR}-01-01", "faktor": dict(f, BAIK=300)}), 422)
    problem(api.put("/v1/aturan/tpp", token=a, json={"berlaku_mulai": f"{YEAR}-01-01", "faktor": {"BAIK": 100}}), 422)
    items = {i["nip"]: i for i in q(api, hasil, "/v1/tpp", jenis="TRIWULAN", nomor=4, unor_id=None)["items"]}
    assert items[hasil["kabid"]]["faktor_persen"] == 60 and items[hasil["jf"]]["faktor_persen"] == 100
    assert items[hasil["kabid"]]["aturan_berlaku_mulai"] == f"{YEAR}-01-01"
    assert api.get(f"/v1/aturan/tpp?tanggal={YEAR + 1}-02-01", token=a).json()["faktor"]["KURANG"] == 50


def test_csv_export_masks_nip_for_roles_that_do_not_need_it(api, hasil):
    full = api.get(f"/v1/peringkat?tahun={YEAR}&unor_id={hasil['dinas']}", token=hasil["admin"], headers={"Accept": "text/csv"})
    assert full.status_code == 200 and full.headers["Content-Type"].startswith("text/csv")
    lines = full.text.strip().split("\r\n")
    assert lines[0] == "peringkat,nip,nama,jenis_jabatan,predikat,rating_hasil_kerja,rating_perilaku,periodik_baik,predikat_organisasi"
    assert lines[1].startswith(f"1,{hasil['jf']},")
    masked = api.get(f"/v1/peringkat?tahun={YEAR}&unor_id={hasil['dinas']}", token=make_token("auditor"),
                     headers={"Accept": "text/csv"}).text.strip().split("\r\n")
    assert masked[1].startswith(f"1,{hasil['jf'][:4]}{'*' * 11}{hasil['jf'][-3:]},")
    assert hasil["jf"] not in api.get(f"/v1/angka-kredit?tahun={YEAR}&unor_id={hasil['dinas']}", token=make_token("auditor"),
                                      headers={"Accept": "text/csv"}).text
    problem(api.get("/v1/peringkat", token=hasil["admin"]), 422)   # tahun required
