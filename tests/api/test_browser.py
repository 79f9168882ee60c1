"""Third-party front ends in a real browser (headless Chromium, Debian's package): /docs renders,
and examples/browser — served from another origin than the API — lists the caller's SKPs, shows
one with its RHK, draws the distribution SVG of the unit and handles a 412 on a stale If-Match;
served from an origin that is not allowed it shows the browser's CORS failure.
Screenshots go to $KN_SCREENSHOT_DIR (default /tmp), never into the repository.
Owner: platform (issue 21)."""
import datetime
import functools
import json
import os
import subprocess
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml

from browser import CHROMIUM, Chromium
from conftest import ROOT, Server, build_tree, make_token
from test_skp import add_ind, add_rhk, create_skp

YEAR = datetime.date.today().year
SHOTS = os.environ.get("KN_SCREENSHOT_DIR", "/tmp")


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def static_site(directory):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=directory))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="module")
def sites():
    """Two static servers of examples/browser: an allowed origin and one that is not."""
    d = os.path.join(ROOT, "examples", "browser")
    allowed, other = static_site(d), static_site(d)
    yield {"allowed": f"http://127.0.0.1:{allowed.server_port}", "other": f"http://127.0.0.1:{other.server_port}"}
    allowed.shutdown()
    other.shutdown()


@pytest.fixture(scope="module")
def api_cors(sites):
    s = Server({"KINERJA_CORS_ORIGINS": sites["allowed"]}).start()
    yield s
    assert s.stop() == 0


@pytest.fixture(scope="module")
def chrome():
    c = Chromium()
    yield c
    c.close()


@pytest.fixture(scope="module")
def data(api, tenant):
    """A pegawai with a DRAFT SKP of this year (one RHK with two indikator), and the page's caller:
    the pengelola kinerja (admin_pd) of that Perangkat Daerah, who sees its SKPs and the
    distribution of its units."""
    t = build_tree(api, tenant["admin"], "Peramban")
    token = make_token("pegawai", nip=t["staf"])
    skp = create_skp(api, token, t["staf"], tahun=YEAR)
    rhk = add_rhk(api, token, skp["id"], uraian="Terlayaninya permohonan data kepegawaian")
    add_ind(api, token, rhk["id"], uraian="Jumlah permohonan terlayani", target_min=120, target_max=150, satuan="permohonan")
    add_ind(api, token, rhk["id"], aspek="WAKTU", uraian="Waktu penyelesaian", target_min=12, target_max=12, satuan="bulan")
    page = make_token("admin_pd", nip=t["kabid"])
    return {"t": t, "token": page, "skp": skp, "admin": tenant["admin"]}


def _operations():
    with open(os.path.join(ROOT, "openapi", "openapi.yaml")) as f:
        doc = yaml.safe_load(f)
    return [(m.upper(), p, op["operationId"]) for p, ops in doc["paths"].items()
            for m, op in ops.items() if m in ("get", "post", "put", "patch", "delete")]


def test_docs_render_in_headless_chromium_within_10s(server):
    t0 = time.monotonic()
    p = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--virtual-time-budget=8000", "--dump-dom", server.url + "/docs"],
                       capture_output=True, text=True, timeout=10)
    took = time.monotonic() - t0
    dom = p.stdout
    ops = _operations()
    assert f'data-operations="{len(ops)}"' in dom, dom[:2000]
    for method, path, op_id in ops:
        heading = f'id="op-{op_id}"'
        assert heading in dom, f"{method} {path} missing"
        assert f'<span class="m {method.lower()}">{method}</span><code>{path}</code>' in dom, (method, path)
    assert "Browsers on other origins (CORS)" not in dom  # the introduction is drawn only when opened
    assert took < 10, took
    print(f"/docs rendered by chromium --dump-dom in {took:.2f} s")


def test_docs_draw_an_operation_when_opened(server, chrome):
    t0 = time.monotonic()
    chrome.open(server.url + "/docs#op-updateSkp")
    chrome.wait("document.body.dataset.operations")
    body = chrome.wait("(document.querySelector('#op-updateSkp[open] .body') || {}).innerText")
    assert time.monotonic() - t0 < 10
    assert "PATCH" in chrome.eval("document.querySelector('#op-updateSkp summary').innerText")
    assert "Parameters" in body and "If-Match" in body and "Request body" in body and "412" in body
    # the filter hides what does not match
    chrome.eval("const f = document.getElementById('filter'); f.value = 'distribusi.svg';"
                "f.dispatchEvent(new Event('input'))")
    visible = chrome.eval("[...document.querySelectorAll('details.op')].filter(d => !d.classList.contains('hidden'))"
                          ".map(d => d.id)")
    assert visible == ["op-" + [o for m, p, o in _operations() if p.endswith("distribusi.svg")][0]]
    # the introduction renders the markdown tables of the description, CORS included
    chrome.eval("document.querySelector('main > details.schema').open = true")
    intro = chrome.wait("document.querySelector('main > details.schema[open] h4') && "
                        "document.querySelector('main > details.schema').innerText")
    assert "Browsers on other origins (CORS)" in intro and "KINERJA_CORS_ORIGINS" in intro


def _page(chrome, site, api_url, token):
    chrome.open(site + "/index.html")
    chrome.eval(f"document.getElementById('api').value = {json.dumps(api_url)};"
                f"document.getElementById('tahun').value = '{YEAR}';"
                f"document.getElementById('token').value = {json.dumps(token)};"
                "document.getElementById('muat').click()")


def test_example_page_from_allowed_origin(chrome, sites, api_cors, data, api):
    skp_id = data["skp"]["id"]
    _page(chrome, sites["allowed"], api_cors.url, data["token"])
    msg = chrome.wait("document.querySelector('#pesan.ok') && document.getElementById('pesan').textContent")
    assert msg == "1 SKP ditemukan."
    rows = chrome.eval("[...document.querySelectorAll('#daftar-isi tr')].map(tr => tr.innerText)")
    assert len(rows) == 1 and str(skp_id) in rows[0] and data["t"]["staf"] in rows[0] and "DRAFT" in rows[0]

    # one SKP with its RHK and indikator
    chrome.eval("document.querySelector('#daftar-isi button.lihat').click()")
    chrome.wait("!document.getElementById('rinci').hidden && document.querySelectorAll('#rhk li.rhk').length")
    assert chrome.eval("document.getElementById('rinci-judul').textContent").startswith(f"SKP {skp_id}")
    rhk = chrome.eval("[...document.querySelectorAll('#rhk li.rhk')].map(li => li.firstChild.textContent)")
    assert rhk == ["[UTAMA] Terlayaninya permohonan data kepegawaian"]
    ind = chrome.eval("[...document.querySelectorAll('#rhk li.indikator')].map(li => li.textContent)")
    assert ind == ["KUANTITAS Jumlah permohonan terlayani: 120–150 permohonan", "WAKTU Waktu penyelesaian: 12–12 bulan"]
    etag = api.get(f"/v1/skp/{skp_id}", token=data["token"]).headers["ETag"]
    assert chrome.eval("document.getElementById('etag').textContent") == etag  # ETag is exposed

    # the distribution chart of the SKP's unit, fetched with the token and drawn from a blob
    cap = chrome.wait("document.getElementById('dist-ket').className && document.getElementById('dist-ket').textContent")
    assert chrome.eval("document.getElementById('dist-ket').className") == "ok", cap
    assert cap.startswith("Grafik distribusi (image/svg+xml,")
    assert chrome.eval("document.getElementById('dist-unor').value") == str(data["skp"]["unor_id"])
    assert chrome.eval("document.getElementById('dist-svg').naturalWidth") == 640

    # someone else changes the SKP: the page's If-Match is stale, the API answers 412
    other = api.patch(f"/v1/skp/{skp_id}", token=data["admin"], json={"pendekatan": "KUALITATIF"})
    assert other.status_code == 200, other.text
    chrome.eval("document.getElementById('simpan').click()")
    chrome.wait("!!document.querySelector('#hasil-simpan[data-status]')")
    text = chrome.eval("document.getElementById('hasil-simpan').innerText")
    assert chrome.eval("document.getElementById('hasil-simpan').dataset.status") == "412", text
    assert "Konflik versi (412 precondition_failed)" in text and etag in text
    assert api.get(f"/v1/skp/{skp_id}", token=data["token"]).json()["pendekatan"] == "KUALITATIF"  # nothing lost
    chrome.screenshot(os.path.join(SHOTS, "kinerja-browser.png"))

    # reload takes the current version; saving with it succeeds
    chrome.eval("document.getElementById('muat-ulang').click()")
    chrome.wait("document.getElementById('pendekatan').value === 'KUALITATIF'")
    chrome.eval("document.getElementById('pendekatan').value = 'KUANTITATIF'; document.getElementById('simpan').click()")
    chrome.wait("!!document.querySelector('#hasil-simpan.ok')")
    now = api.get(f"/v1/skp/{skp_id}", token=data["token"])
    assert now.json()["pendekatan"] == "KUANTITATIF"
    assert chrome.eval("document.getElementById('etag').textContent") == now.headers["ETag"] != etag


def test_example_page_from_origin_not_allowed_shows_cors_failure(chrome, sites, api_cors, data):
    _page(chrome, sites["other"], api_cors.url, data["token"])
    msg = chrome.wait("document.querySelector('#pesan.galat') && document.getElementById('pesan').textContent")
    assert msg.startswith("Tidak dapat menghubungi API (Failed to fetch)"), msg
    assert sites["other"] in msg
    assert chrome.eval("document.getElementById('daftar').hidden") is True
    blocked = []
    for _ in range(100):  # the console entry may arrive after the page's message
        blocked = [t for t in chrome.console() if "blocked by CORS policy" in t]
        if blocked:
            break
        chrome.eval("1")
        time.sleep(0.05)
    assert blocked and sites["other"] in blocked[0] and "Access-Control-Allow-Origin" in blocked[0], chrome.console()
    chrome.screenshot(os.path.join(SHOTS, "kinerja-browser-cors-blocked.png"))
