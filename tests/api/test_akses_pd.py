"""admin_pd cannot widen its own scope or make itself a unit head (issue 15, item 4).
Owner: security. Only a whole-instansi writer (admin_bkpsdm; integrasi with sync:write, which
imports the tree anyway) changes a Perangkat Daerah's structure (is_perangkat_daerah, parent)
and head; every person an admin_pd names (kepala_nip, penilai_nip, atasan_penilai_nip, import
heads) must be inside its write scope, and one outside it reads exactly like a NIP that does not
exist."""
import datetime
import re

import pytest

from conftest import build_tree, make_token, nip, problem

YEAR = datetime.date.today().year


@pytest.fixture()
def pd(api, tenant):
    t = build_tree(api, tenant["admin"], "Esk")
    t["admin"] = tenant["admin"]
    t["pd"] = make_token("admin_pd", nip=t["kabid"])  # pengelola of the Dinas
    return t


def unor_row(db, uid):
    return db.one("SELECT row_to_json(u)::text FROM unor u WHERE id = %s", uid)


def same_as_unknown_nip(r, unknown):
    shape = lambda b: (b["code"], b["title"], re.sub(r"[0-9]{18}", "NIP", b["detail"]), b["errors"])  # noqa: E731
    assert shape(problem(r, 422, "validation_failed")) == shape(problem(unknown, 422, "validation_failed"))


def test_admin_pd_cannot_change_its_pd_root(api, db, pd):
    d = pd["dinas"]
    before = unor_row(db, d)
    for body in ({"is_perangkat_daerah": False}, {"kepala_nip": pd["kabid"]}, {"kepala_nip": None},
                 {"kepala_plt": True}, {"parent_id": pd["seksi"]}, {"parent_id": pd["dinas2"]}):
        problem(api.patch(f"/v1/unor/{d}", token=pd["pd"], json=body), 403, "forbidden")
    # nor a unit below it into a Perangkat Daerah of its own
    problem(api.patch(f"/v1/unor/{pd['bidang']}", token=pd["pd"], json={"is_perangkat_daerah": True}), 403, "forbidden")
    problem(api.post("/v1/unor", token=pd["pd"], json={"nama": "Esk PD Baru", "parent_id": d,
                                                       "is_perangkat_daerah": True}), 403, "forbidden")
    assert unor_row(db, d) == before
    assert db.one("SELECT is_perangkat_daerah FROM unor WHERE id = %s", pd["bidang"]) is False
    assert db.one("SELECT count(*) FROM unor WHERE nama = 'Esk PD Baru'") == 0
    # what a pengelola may still do there: rename it, and change what is below it
    assert api.patch(f"/v1/unor/{d}", token=pd["pd"], json={"nama": "Esk Dinas Baru"}).status_code == 200
    r = api.patch(f"/v1/unor/{pd['seksi']}", token=pd["pd"], json={"kepala_nip": pd["staf"]})
    assert r.status_code == 200 and r.json()["kepala_nip"] == pd["staf"], r.text


def test_admin_bkpsdm_still_changes_pd_structure_and_head(api, pd):
    r = api.patch(f"/v1/unor/{pd['dinas']}", token=pd["admin"], json={"kepala_nip": pd["kabid"], "kepala_plt": True})
    assert r.status_code == 200 and r.json()["kepala_nip"] == pd["kabid"], r.text
    r = api.patch(f"/v1/unor/{pd['bidang']}", token=pd["admin"], json={"is_perangkat_daerah": True})
    assert r.status_code == 200 and r.json()["is_perangkat_daerah"] is True, r.text
    sync = make_token("integrasi", scope="sync:write")
    r = api.patch(f"/v1/unor/{pd['bidang']}", token=sync, json={"is_perangkat_daerah": False})
    assert r.status_code == 200 and r.json()["is_perangkat_daerah"] is False, r.text


def test_admin_pd_names_only_people_in_its_scope(api, db, pd):
    outside, unknown = pd["staf2"], nip()  # staf2 works in Dinas Dua
    before = unor_row(db, pd["seksi"])
    same_as_unknown_nip(api.patch(f"/v1/unor/{pd['seksi']}", token=pd["pd"], json={"kepala_nip": outside}),
                        api.patch(f"/v1/unor/{pd['seksi']}", token=pd["pd"], json={"kepala_nip": unknown}))
    same_as_unknown_nip(api.post("/v1/unor", token=pd["pd"], json={"nama": "Esk Sub", "parent_id": pd["seksi"],
                                                                   "kepala_nip": outside}),
                        api.post("/v1/unor", token=pd["pd"], json={"nama": "Esk Sub", "parent_id": pd["seksi"],
                                                                   "kepala_nip": unknown}))
    assert unor_row(db, pd["seksi"]) == before
    assert db.one("SELECT count(*) FROM unor WHERE nama = 'Esk Sub'") == 0
    body = {"tahun": YEAR, "penilai_nip": pd["kasi"], "alasan": "Penugasan khusus"}
    for field in ("penilai_nip", "atasan_penilai_nip"):
        same_as_unknown_nip(api.put(f"/v1/pegawai/{pd['staf']}/penilai", token=pd["pd"], json=dict(body, **{field: outside})),
                            api.put(f"/v1/pegawai/{pd['staf']}/penilai", token=pd["pd"], json=dict(body, **{field: unknown})))
    assert db.one("SELECT count(*) FROM penilai_override o JOIN pegawai p ON p.instansi_id = o.instansi_id "
                  "AND p.id = o.pegawai_id WHERE p.nip = %s", pd["staf"]) == 0
    # inside the scope it works; BKPSDM may name anyone in the instansi
    assert api.put(f"/v1/pegawai/{pd['staf']}/penilai", token=pd["pd"], json=body).status_code == 200
    r = api.put(f"/v1/pegawai/{pd['staf']}/penilai", token=pd["admin"], json=dict(body, atasan_penilai_nip=outside))
    assert r.status_code == 200, r.text


def test_admin_pd_import_cannot_set_a_pd_head(api, db, pd):
    before = unor_row(db, pd["dinas"])
    row = {"nip": pd["kabid"], "nama": "Esk Kepala Bidang", "jenis_asn": "PNS", "jenis_jabatan": "ADMINISTRATOR",
           "jabatan": "Kepala Bidang", "unor_id": pd["dinas"], "kepala": True}
    body = problem(api.post("/v1/import/pegawai", token=pd["pd"], json=[row]), 422, "import_failed")
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("rows[0].kepala", "forbidden")]
    assert unor_row(db, pd["dinas"]) == before
    assert db.one("SELECT unor_id FROM pegawai WHERE nip = %s", pd["kabid"]) == pd["bidang"]
    # a head below the PD root is the pengelola's to set
    r = api.post("/v1/import/pegawai", token=pd["pd"], json=[dict(row, unor_id=pd["seksi"], jabatan="Kepala Seksi")])
    assert r.status_code == 200 and r.json()["kepala_diubah"] == 1, r.text
