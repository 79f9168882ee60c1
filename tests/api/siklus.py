"""Shared test helpers: run the real performance cycle through the API (SKP set, an evaluation
rated and set). Used by the follow-up and SIASN tests. Owner: platform (tests)."""
from test_skp import LAMPIRAN, add_ind, add_rhk, create_skp


def set_skp(api, tok, owner, tahun, penilai, atasan_rhk=None, jpt=False, **skp_extra):
    s = create_skp(api, tok[owner], tok["_nip"][owner], tahun=tahun, **skp_extra)
    r = add_rhk(api, tok[owner], s["id"], **({"perspektif": "PROSES_BISNIS"} if jpt else {"rhk_atasan_id": atasan_rhk}))
    add_ind(api, tok[owner], r["id"], **({"aspek": None} if jpt else {}))
    api.put(f"/v1/skp/{s['id']}/lampiran", token=tok[owner], json=LAMPIRAN)
    for who, act in [(owner, "ajukan"), (penilai, "setujui"), (penilai, "tetapkan")]:
        x = api.post(f"/v1/skp/{s['id']}/{act}", token=tok[who])
        assert x.status_code == 200, (owner, act, x.text)
    return s, r


def evaluations_of(api, token, skp):
    """Every evaluation of SKP `skp`, reading all pages of the year (a tenant shared by the whole
    session holds more evaluations than one page)."""
    out, cursor = [], ""
    while True:
        page = api.get(f"/v1/evaluasi?limit=500&tahun={skp['tahun']}{cursor}", token=token).json()
        out += [e for e in page["items"] if e["skp_id"] == skp["id"]]
        if not page["next_cursor"]:
            return out
        cursor = f"&cursor={page['next_cursor']}"


def nilai(api, tok, s, penilai, hk, pk, nomor=None):
    """Rate and set one evaluation of SKP s: period `nomor`, or the year-end one when None."""
    ev = [e for e in evaluations_of(api, tok["_admin"], s)
          if (e["periode"]["nomor"] == nomor if nomor else e["periode"]["akhir_tahun"])][0]
    body = {"rating_perilaku": pk}
    if hk:
        body["rating_hasil_kerja"] = hk
    r = api.put(f"/v1/evaluasi/{ev['id']}/rating", token=tok[penilai], json=body)
    assert r.status_code == 200, r.text
    r = api.post(f"/v1/evaluasi/{ev['id']}/tetapkan", token=tok[penilai])
    assert r.status_code == 200, r.text
    return r.json()


def year_end(api, tok, s, penilai, hk, pk):
    return nilai(api, tok, s, penilai, hk, pk)


def world(api, admin, prefix):
    """An org tree whose Dinas has its organisation predikat (BAIK) for the four quarters of this
    year, and the kadis's and kabid's SKPs set: fresh() adds pegawai under the kabid."""
    import datetime
    from conftest import build_tree, make_token
    year = datetime.date.today().year
    t = build_tree(api, admin, prefix)
    for q in (1, 2, 3, 4):
        r = api.post(f"/v1/unor/{t['dinas']}/predikat-organisasi", token=admin, json={
            "tahun": year, "jenis": "TRIWULAN", "nomor": q, "predikat": "BAIK", "dasar": "Capaian rencana aksi"})
        assert r.status_code == 201, r.text
    nips = {k: t[k] for k in ("sekda", "kadis", "kabid")}
    tok = {k: make_token("pegawai", nip=v) for k, v in nips.items()}
    tok["_nip"], tok["_admin"] = nips, admin
    _, kadis_rhk = set_skp(api, tok, "kadis", year, "sekda", jpt=True)
    _, kabid_rhk = set_skp(api, tok, "kabid", year, "kadis", kadis_rhk["id"])
    return dict(t=t, tok=tok, admin=admin, year=year, kabid_rhk=kabid_rhk["id"],
                pd=make_token("admin_pd", nip=t["kadis"]), pd2=make_token("admin_pd", nip=t["kadis2"]))


def fresh(api, w, key, jenis_asn="PNS"):
    """A new pegawai `key` in the Bidang (penilai: the kabid), SKP of this year set; returns the SKP."""
    import datetime
    from conftest import make_token, nip
    n = nip(pppk=jenis_asn == "PPPK")
    body = {"nip": n, "nama": f"Pegawai {key}", "jenis_asn": jenis_asn, "jenis_jabatan": "PELAKSANA",
            "jabatan": "Pengadministrasi", "unor_id": w["t"]["bidang"]}
    if jenis_asn == "PPPK":
        body["kontrak_selesai"] = (datetime.date.today() + datetime.timedelta(days=400)).isoformat()
    r = api.post("/v1/pegawai", token=w["admin"], json=body)
    assert r.status_code == 201, r.text
    w["tok"][key], w["tok"]["_nip"][key] = make_token("pegawai", nip=n), n
    s, _ = set_skp(api, w["tok"], key, w["year"], "kabid", w["kabid_rhk"])
    return s


def plant_final(db, eid, days_ago=40):
    """Move the setting of evaluation eid days_ago back: past the keberatan window it reads FINAL."""
    db.exec("UPDATE evaluasi SET ditetapkan_at = now() - make_interval(days => %s) WHERE id = %s", days_ago, eid)
