"""GET /v1/skp/{id} writes the SKP document in C from rows (src/api/skp_rows.c); every SKP write
answers the SQL document skp_json (sql/functions/skp.sql). The two writers must answer the same
bytes: each write's answer is compared with the GET that follows it, with texts that need JSON
escaping in every text the document carries (issue 17). Owner: planning."""
import json

from conftest import make_token
from test_skp import LAMPIRAN, YEAR, add_ind, add_rhk, create_skp, org  # noqa: F401 (org is a fixture)

# quotes, backslashes, the control characters with short and \u escapes, DEL, non-ASCII (2-, 3-
# and 4-byte UTF-8), U+2028 and markup
NASTY = 'Kutip "dua" \\ miring \\\\ \n\t\r\b\f \u0001\u001f\u007f é 漢 😀 \u2028 </b>'


def same_bytes(api, token, write):
    """The write's answer (SQL) and the GET after it (C) are the same bytes; returns the document."""
    assert write.status_code in (200, 201), write.text
    doc = write.json()
    got = api.get(f"/v1/skp/{doc['id']}", token=token)
    assert got.status_code == 200, got.text
    assert got.content == write.content, f"\nwrite {write.content[:2000]!r}\nget   {got.content[:2000]!r}"
    assert got.headers["ETag"] == f'"v{doc["version"]}"' == write.headers["ETag"]
    again = api.get(f"/v1/skp/{doc['id']}", token=token, headers={"If-None-Match": got.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    return json.loads(got.content)


def test_get_answers_the_bytes_of_the_sql_document(api, org, db):
    staf, kasi = org["tok"]["staf"], org["tok"]["kasi"]
    r = api.patch(f"/v1/pegawai/{org['staf']}", token=org["admin"], json={"nama": NASTY})
    assert r.status_code == 200, r.text
    kasi_skp = same_bytes(api, kasi, api.post("/v1/skp", token=kasi, json={"nip": org["kasi"], "tahun": YEAR}))
    kasi_rhk = add_rhk(api, kasi, kasi_skp["id"], uraian="Atasan " + NASTY)
    skp = create_skp(api, staf, org["staf"], tahun=YEAR)
    rhk = add_rhk(api, staf, skp["id"], uraian=NASTY, rhk_atasan_id=kasi_rhk["id"])
    add_rhk(api, staf, skp["id"], jenis_rhk="TAMBAHAN", uraian="Tambahan\u0002")
    add_ind(api, staf, rhk["id"], uraian=NASTY, satuan="m² \"x\"", target_min=2.5, target_max=1000.125)
    add_ind(api, staf, rhk["id"], aspek="KUALITAS", uraian="Teks " + NASTY, target_min=3, target_max=None,
            satuan="%", target_teks=NASTY)
    db.exec("UPDATE rhk SET bobot = 12.5 WHERE id = %s", rhk["id"])  # the API takes bobot only when the instansi weighs

    d = same_bytes(api, staf, api.put(f"/v1/skp/{skp['id']}/perilaku", token=staf,
                                      json={"items": [{"nilai": "ADAPTIF", "ekspektasi_khusus": NASTY}]}))
    lampiran = {"dukungan_sumber_daya": [NASTY, "Laptop"], "skema_pertanggungjawaban": ["\\"],
                "konsekuensi": ["é\t漢"]}
    d = same_bytes(api, staf, api.put(f"/v1/skp/{skp['id']}/lampiran", token=staf, json=lampiran))
    # the texts arrive as they were written: the bytes are escaped, not just equal to the SQL's
    assert d["pegawai"]["nama"] == NASTY and d["lampiran"] == lampiran
    assert [x["uraian"] for x in d["rhk"]] == [NASTY, "Tambahan\u0002"]
    assert [(i["uraian"], i["target_teks"], i["satuan"]) for i in d["rhk"][0]["indikator"]] == \
        [(NASTY, None, "m² \"x\""), ("Teks " + NASTY, NASTY, "%")]
    assert d["rhk"][0]["bobot"] == 12.5 and d["rhk"][0]["indikator"][0]["target_max"] == 1000.125
    assert [p["ekspektasi_khusus"] for p in d["perilaku"] if p["nilai"] == "ADAPTIF"] == [NASTY]
    assert b'"bobot" : 12.50' in api.get(f"/v1/skp/{skp['id']}", token=staf).content  # numeric(5,2) as is

    # the intervened RHK lists the subordinate's RHK, with the subordinate's name
    k = same_bytes(api, kasi, api.put(f"/v1/skp/{kasi_skp['id']}/lampiran", token=kasi, json=LAMPIRAN))
    assert [(x["nama"], x["uraian"]) for x in k["rhk"][0]["diintervensi_oleh"]] == [(NASTY, NASTY)]

    # timestamps of the workflow (tanggal_diajukan), and an SKP that is late
    assert api.put(f"/v1/skp/{skp['id']}/lampiran", token=staf, json=LAMPIRAN).status_code == 200
    d = same_bytes(api, staf, api.post(f"/v1/skp/{skp['id']}/ajukan", token=staf))
    assert d["status"] == "DIAJUKAN" and d["tanggal_diajukan"] and d["terlambat"] is True


def test_not_visible_is_404_without_rows(api, org):
    skp = create_skp(api, org["tok"]["staf"], org["staf"], tahun=YEAR)
    other = make_token("pegawai", nip=org["staf2"])
    r = api.get(f"/v1/skp/{skp['id']}", token=other)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert api.get("/v1/skp/999999999", token=org["tok"]["staf"]).status_code == 404
