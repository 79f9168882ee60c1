"""Output injection (issue 15, item 7): CSV cells a spreadsheet would run as formulas are
neutralised, and the report SVG only names known indicators, with every text escaped.
Owner: security. Runs in a tenant of its own, so the shared tree's reports are untouched."""
import csv
import datetime
import io
import xml.etree.ElementTree as ET

import pytest

from conftest import _RUN, build_tree, ensure_instansi, make_token, problem

YEAR = datetime.date.today().year
EVIL = ["=HYPERLINK(\"http://jahat.example/\",\"klik\")", "+1+2", "-2+3", "@SUM(A1:A9)"]


@pytest.fixture(scope="module")
def inj(api, db):
    kode = f"eks{_RUN}"
    ensure_instansi(db, kode, "Kabupaten Ekspor")
    admin = make_token("admin_bkpsdm", instansi=kode)
    t = build_tree(api, admin, "Eks")
    for n, unit in zip(EVIL, ("setda", "dinas", "dinas2")):
        r = api.patch(f"/v1/unor/{t[unit]}", token=admin, json={"nama": n})
        assert r.status_code == 200, r.text
    r = api.post("/v1/unor", token=admin, json={"nama": EVIL[3], "parent_id": t["root"], "is_perangkat_daerah": True})
    assert r.status_code == 201, r.text
    r = api.post("/v1/unor", token=admin, json={"nama": "<b>Dinas</b> & \"Badan\" 'x'", "parent_id": t["root"],
                                                "is_perangkat_daerah": True})
    assert r.status_code == 201, r.text
    return dict(admin=admin, t=t)


def test_csv_neutralises_formula_cells(api, inj):
    r = api.get(f"/v1/laporan/evaluasi?tahun={YEAR}&semester=1", token=inj["admin"], headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv"), r.text
    text = r.text
    for n in EVIL:
        quoted = '"\'' + n.replace('"', '""') + '"'
        assert quoted in text, (n, text)
    # no cell of the file starts with a formula character
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) >= 1 + 5  # the header and at least the five PDs of the fixture
    for row in rows:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", (cell, row)


def test_svg_names_only_known_indicators(api, db, inj):
    base = f"/v1/laporan/evaluasi?tahun={YEAR}&semester=1&format=svg"
    for bad in ("<script>alert(1)</script>", "skor\"><script>", "nama", "x"):
        body = problem(api.get(base, token=inj["admin"], params={"indikator": bad}), 422, "validation_failed")
        assert [e["field"] for e in body["errors"]] == ["indikator"]
    r = api.get(base + "&indikator=bukti_dukung", token=inj["admin"])
    assert r.status_code == 200 and r.headers["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(r.content)  # well-formed XML whatever the unit names are
    texts = [e.text for e in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "<b>Dinas</b> & \"Badan\" 'x'" in texts
    assert b"<b>" not in r.content and b"<script" not in r.content


def test_svg_cuts_long_names_on_a_character(api, inj):
    nama = "D" + "é" * 50  # byte 40 is inside an é
    r = api.post("/v1/unor", token=inj["admin"], json={"nama": nama, "parent_id": inj["t"]["root"], "is_perangkat_daerah": True})
    assert r.status_code == 201, r.text
    r = api.get(f"/v1/laporan/evaluasi?tahun={YEAR}&semester=1&format=svg", token=inj["admin"])
    assert r.status_code == 200
    r.content.decode("utf-8")  # no cut multibyte character
    texts = [e.text for e in ET.fromstring(r.content).iter("{http://www.w3.org/2000/svg}text")]
    assert nama[:40] in texts
