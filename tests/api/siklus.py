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
