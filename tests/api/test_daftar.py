"""Lists that used to be unbounded (issue 15, item 8): per-object lists page by keyset like every
other list (?limit=&cursor= -> next_cursor, api.md "Lists"); whole-instansi aggregates (peringkat,
tindak-lanjut, angka-kredit, pppk, tpp, sync konflik, predikat-organisasi) answer at most
KINERJA_LIST_CAP items, else 422 list_too_large naming the filter that narrows them. Owner: api."""
import datetime

import pytest

from conftest import Api, Server, build_tree, problem
from test_pelaksanaan import setskp  # noqa: F401 (fixture)

YEAR = datetime.date.today().year


def pages(api, path, token, limit):
    """Every item of a keyset list, page by page; the pages' sizes."""
    items, sizes, cursor = [], [], None
    while True:
        sep = "&" if "?" in path else "?"
        r = api.get(f"{path}{sep}limit={limit}" + (f"&cursor={cursor}" if cursor else ""), token=token)
        assert r.status_code == 200, r.text
        body = r.json()
        items += body["items"]
        sizes.append(len(body["items"]))
        cursor = body["next_cursor"]
        if not cursor:
            return items, sizes


def test_umpan_balik_pages_by_keyset(api, setskp, db):
    x = setskp
    s = x["skp"]["id"]
    for i in range(5):
        r = api.post(f"/v1/skp/{s}/umpan-balik", token=x["kasi"], json={"jenis": "BIMBINGAN", "isi": f"Catatan {i}"})
        assert r.status_code == 201, r.text
    items, sizes = pages(api, f"/v1/skp/{s}/umpan-balik", x["staf"], 2)
    assert [i["isi"] for i in items] == [f"Catatan {i}" for i in range(5)] and sizes == [2, 2, 1]
    assert len({i["id"] for i in items}) == 5
    problem(api.get(f"/v1/skp/{s}/umpan-balik?cursor=bukan-kursor", token=x["staf"]), 422, "validation_failed")
    problem(api.get(f"/v1/skp/{s}/umpan-balik?limit=501", token=x["staf"]), 422, "validation_failed")
    first = api.get(f"/v1/skp/{s}/umpan-balik", token=x["staf"]).json()
    assert len(first["items"]) == 5 and first["next_cursor"] is None  # default limit 50


@pytest.fixture()
def capped(api, tenant):
    """A server whose aggregate lists hold at most 2 items, and an org tree of 7 pegawai."""
    s = Server({"KINERJA_LIST_CAP": "2"}).start()
    t = build_tree(api, tenant["admin"], "Batas")
    yield Api(s.url), t, tenant["admin"]
    assert s.stop() == 0


@pytest.mark.parametrize("path", ["/v1/peringkat", "/v1/tindak-lanjut", "/v1/angka-kredit", "/v1/pppk/rekomendasi-kontrak"])
def test_aggregates_have_a_hard_cap_with_a_clear_error(capped, path):
    api2, t, admin = capped
    body = problem(api2.get(f"{path}?tahun={YEAR}", token=admin), 422, "list_too_large")
    assert "paling banyak 2" in body["detail"] and "unor_id" in body["detail"]
    en = api2.get(f"{path}?tahun={YEAR}", token=admin, headers={"Accept-Language": "en"}).json()
    assert "at most 2 per response" in en["detail"]
    # narrowed to one seksi (the kasi and the staf): answered
    r = api2.get(f"{path}?tahun={YEAR}&unor_id={t['seksi']}", token=admin)
    assert r.status_code == 200, r.text


def test_predikat_organisasi_list_capped(capped):
    api2, t, admin = capped
    for q in (1, 2, 3):
        r = api2.post(f"/v1/unor/{t['dinas']}/predikat-organisasi", token=admin, json={
            "tahun": YEAR, "jenis": "TRIWULAN", "nomor": q, "predikat": "BAIK", "dasar": "Capaian rencana aksi"})
        assert r.status_code == 201, r.text
    problem(api2.get(f"/v1/unor/{t['dinas']}/predikat-organisasi", token=admin), 422, "list_too_large")
    r = api2.get(f"/v1/unor/{t['dinas']}/predikat-organisasi?tahun={YEAR - 1}", token=admin)
    assert r.status_code == 200 and r.json()["items"] == []
