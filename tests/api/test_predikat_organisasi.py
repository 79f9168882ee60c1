"""The organisation predikat as a versioned decision (issue 16 item 2; domain.md §5.4 "REVISI
with reason", §6.4 item 4 "re-check when org predikat changes", R11/R12): a change needs
If-Match (428 without, 412 stale) and an alasan, every setting is kept in a history, the set
evaluations that break the curve under the new predikat are listed (in the answer and on
GET distribusi), and a sub-unit (not a Perangkat Daerah) gets none: the curve is the PD's.
Owner: assessment."""
import datetime

from conftest import problem
from test_penilaian import ATAS, BP, SS, org, pd, rate, tetapkan  # noqa: F401 (pd is a fixture)

YEAR = datetime.date.today().year
BODY = {"tahun": YEAR, "jenis": "TRIWULAN", "nomor": 4, "predikat": "BUTUH_PERBAIKAN",
        "dasar": "Capaian rencana aksi triwulan di bawah target"}


def path(x, unit="dinas"):
    return f"/v1/unor/{x['t'][unit]}/predikat-organisasi"


def set_all(api, x):
    """Org BAIK; SB 1 (kabid), B 3 (kadis via org, staf, jf), BP 1 (kasi): the curve holds; all set."""
    first = org(api, x, "BAIK")
    for who, (hk, pk) in {"kadis": (None, "SESUAI_EKSPEKTASI"), "kabid": ATAS, "kasi": BP, "staf": SS,
                          "jf": SS}.items():
        assert rate(api, x, who, hk, pk).status_code == 200
    for who in ("staf", "jf", "kabid", "kasi", "kadis"):
        r = tetapkan(api, x, who)
        assert r.status_code == 200, (who, r.text)
    return first


def test_R12_change_of_org_predikat_needs_if_match_and_alasan(api, db, pd):
    first = org(api, pd, "BAIK")
    assert first["version"] == 1 and first["alasan"] is None
    row = ("SELECT predikat, version FROM predikat_organisasi WHERE id = %s", first["id"])
    # silently replacing it is refused: If-Match is required once it exists
    body = problem(api.post(path(pd), token=pd["admin"], json=BODY), 428, "precondition_required")
    assert "versi 1" in body["detail"]
    problem(api.post(path(pd), token=pd["admin"], json=dict(BODY, alasan="Koreksi inspektorat"),
                     headers={"If-Match": '"v9"'}), 412, "precondition_failed")
    body = problem(api.post(path(pd), token=pd["admin"], json=BODY, headers={"If-Match": '"v1"'}), 422,
                   "validation_failed")
    assert [e["field"] for e in body["errors"]] == ["alasan"]
    problem(api.post(path(pd), token=pd["admin"], json=dict(BODY, alasan="ok"), headers={"If-Match": '"v1"'}), 422)
    assert db.one(*row) == "BAIK" and db.all(*row)[0][1] == 1
    # the change, with its reason
    r = api.post(path(pd), token=pd["admin"], json=dict(BODY, alasan="Koreksi setelah rekomendasi inspektorat"),
                 headers={"If-Match": '"v1"'})
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"v2"'
    o = r.json()
    assert (o["predikat"], o["version"], o["alasan"]) == ("BUTUH_PERBAIKAN", 2, "Koreksi setelah rekomendasi inspektorat")
    assert o["evaluasi_melanggar"] == [] and o["kepala_unit_tidak_sesuai"] == []  # nothing set yet
    assert db.all(*row)[0] == ("BUTUH_PERBAIKAN", 2)
    # audited: the change with before/after, its history entry with the reason
    assert db.all("SELECT before->>'predikat', after->>'predikat' FROM audit_log WHERE entity = 'predikat_organisasi' "
                  "AND entity_id = %s ORDER BY id DESC LIMIT 1", str(o["id"])) == [("BAIK", "BUTUH_PERBAIKAN")]
    assert db.one("SELECT count(*) FROM audit_log WHERE entity = 'predikat_organisasi_riwayat' "
                  "AND after->>'predikat_organisasi_id' = %s AND after->>'alasan' = %s", str(o["id"]),
                  "Koreksi setelah rekomendasi inspektorat") == 1
    # the history: both settings, oldest first, paginated
    h = api.get(path(pd) + f"/riwayat?tahun={YEAR}&jenis=TRIWULAN&nomor=4", token=pd["admin"])
    assert h.status_code == 200, h.text
    items = h.json()["items"]
    assert [(i["versi"], i["predikat_lama"], i["predikat"], i["alasan"]) for i in items] == [
        (1, None, "BAIK", None), (2, "BAIK", "BUTUH_PERBAIKAN", "Koreksi setelah rekomendasi inspektorat")]
    p1 = api.get(path(pd) + "/riwayat?limit=1", token=pd["admin"]).json()
    assert len(p1["items"]) == 1 and p1["next_cursor"]
    p2 = api.get(path(pd) + f"/riwayat?limit=1&cursor={p1['next_cursor']}", token=pd["admin"]).json()
    assert [i["versi"] for i in p2["items"]] == [2]
    problem(api.get(path(pd) + "/riwayat?jenis=TAHUNAN", token=pd["admin"]), 422, "validation_failed")
    # If-Match on a period that has none yet is stale: nothing is created
    problem(api.post(path(pd), token=pd["admin"], json=dict(BODY, nomor=3, alasan="Koreksi inspektorat"),
                     headers={"If-Match": '"v1"'}), 412, "precondition_failed")
    assert db.one("SELECT count(*) FROM predikat_organisasi WHERE unor_id = %s AND nomor = 3", pd["t"]["dinas"]) == 0
    # only BKPSDM records it
    problem(api.post(path(pd), token=pd["tok"]["kadis"], json=BODY), 403)


def test_R12_set_evaluations_that_break_the_curve_after_a_change_are_listed(api, db, pd):
    first = set_all(api, pd)
    d = api.get(f"/v1/unor/{pd['t']['dinas']}/distribusi?tahun={YEAR}&jenis=TRIWULAN&nomor=4", token=pd["admin"]).json()
    assert d["jumlah_dinilai"] == 5 and d["pelanggaran"] == [] and d["evaluasi_melanggar"] == []
    assert d["kepala_unit_tidak_sesuai"] == []
    # the org predikat falls to BUTUH_PERBAIKAN: SB over 10% (0 of 5) and BP under 60% (3 of 5)
    r = api.post(path(pd), token=pd["admin"], json=dict(BODY, alasan="Capaian triwulan dikoreksi inspektorat"),
                 headers={"If-Match": f'"v{first["version"]}"'})
    assert r.status_code == 200, r.text
    got = {e["nip"]: (e["predikat"], e["status"], e["pelanggaran"]) for e in r.json()["evaluasi_melanggar"]}
    t = pd["t"]
    assert got == {t["kabid"]: ("SANGAT_BAIK", "DITETAPKAN", ["BP_SB_MAKS_10", "BP_BP_MIN_60"]),
                   t["kadis"]: ("BAIK", "DITETAPKAN", ["BP_BP_MIN_60"]),
                   t["staf"]: ("BAIK", "DITETAPKAN", ["BP_BP_MIN_60"]),
                   t["jf"]: ("BAIK", "DITETAPKAN", ["BP_BP_MIN_60"])}
    assert t["kasi"] not in got  # the BP one is what the curve wants
    # R13: the kadis's rating hasil kerja followed BAIK (SESUAI); BUTUH_PERBAIKAN maps to DI_BAWAH
    kepala = r.json()["kepala_unit_tidak_sesuai"]
    assert [(k["nip"], k["rating_hasil_kerja"], k["rating_hasil_kerja_seharusnya"]) for k in kepala] == [
        (t["kadis"], "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI")]
    # the same list on GET distribusi, with the violations
    d = api.get(f"/v1/unor/{t['dinas']}/distribusi?tahun={YEAR}&jenis=TRIWULAN&nomor=4", token=pd["admin"]).json()
    assert {v["kode"] for v in d["pelanggaran"]} == {"BP_SB_MAKS_10", "BP_BP_MIN_60"}
    assert {e["nip"] for e in d["evaluasi_melanggar"]} == set(got)
    assert [k["id"] for k in d["kepala_unit_tidak_sesuai"]] == [pd["ev"]["kadis"][4]["id"]]
    assert {e["id"] for e in d["evaluasi_melanggar"]} == {pd["ev"][w][4]["id"] for w in ("kabid", "kadis", "staf", "jf")}
    # the evaluations themselves are untouched (FINAL/set results change only via keberatan)
    assert db.one("SELECT count(*) FROM evaluasi WHERE id = ANY(%s) AND status = 'DITETAPKAN'",
                  [pd["ev"][w][4]["id"] for w in pd["ev"]]) == 5


def test_R12_history_of_a_setting_made_before_the_history_existed(api, db, pd):
    """A predikat set by the previous release has no history entry: its first change writes the
    replaced state as the entry of its version first (no row is rewritten by the migration)."""
    first = org(api, pd, "BAIK")
    db.exec("DELETE FROM predikat_organisasi_riwayat WHERE predikat_organisasi_id = %s", first["id"])
    r = api.post(path(pd), token=pd["admin"], json=dict(BODY, alasan="Koreksi inspektorat"), headers={"If-Match": '"v1"'})
    assert r.status_code == 200, r.text
    h = api.get(path(pd) + "/riwayat", token=pd["admin"]).json()["items"]
    assert [(i["versi"], i["predikat_lama"], i["predikat"]) for i in h] == [(1, None, "BAIK"), (2, "BAIK", "BUTUH_PERBAIKAN")]


def test_R11_org_predikat_of_a_sub_unit_is_refused(api, db, pd):
    for unit in ("bidang", "seksi"):
        body = problem(api.post(path(pd, unit), token=pd["admin"], json=BODY), 422,
                       "predikat_organisasi_bukan_perangkat_daerah")
        assert "Perangkat Daerah" in body["detail"]
        r = api.post(path(pd, unit), token=pd["admin"], json=BODY, headers={"Accept-Language": "en"})
        assert "sub-unit" in r.json()["detail"]
    assert db.one("SELECT count(*) FROM predikat_organisasi WHERE unor_id IN (%s, %s)",
                  pd["t"]["bidang"], pd["t"]["seksi"]) == 0
