"""Webhook targets may not be internal addresses (issue 15, item 3): refused with 422 when a
subscription is created or its URL changes, and again by the worker before every delivery, which
connects only to the address it checked. Every target here is on this machine (loopback), or a
documentation address (203.0.113.0/24, 2001:db8::/32) registered while no worker runs and
disabled at once. Owner: integration."""
import json
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import BIN, Server, problem
from test_klien import create as create_klien

LOOPBACK = ["http://127.0.0.1:5432/", "http://[::1]/", "http://localhost:8080/hook", "http://127.0.0.2/",
            "http://2130706433/", "http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://127.1/",
            "http://0x7f000001:8080/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/",
            "http://[0:0:0:0:0:0:0:1]:80/", "http://LocalHost/", "http://0.0.0.0:8080/", "http://0/",
            "https://user@127.0.0.1/", "http://127.0.0.1.:80/"]
INTERNAL = ["http://10.0.0.1/", "http://172.16.0.1/", "http://172.31.255.254/", "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://[fd00::1]/",
            "http://[fc00::1]/", "http://100.64.0.1/", "http://[fd00:ec2::254]/", "http://0xa9fea9fe/",
            "http://224.0.0.1/", "http://255.255.255.255/", "http://[::ffff:10.0.0.1]/", "http://[64:ff9b::a00:1]/",
            "http://[2002:a00:1::1]/"]
MALFORMED = ["http://256.0.0.1/", "http://1.2.3.4.5/", "http://0x/"]


@pytest.fixture(scope="module")
def strict():
    """A server with no KINERJA_WEBHOOK_ALLOW_HOSTS: the production default."""
    s = Server({"KINERJA_WEBHOOK_ALLOW_HOSTS": ""}).start()
    yield s
    assert s.stop() == 0


@pytest.fixture(scope="module")
def sapi(strict):
    from conftest import Api
    return Api(strict.url)


def codes(b):
    return {e["field"]: e["code"] for e in b["errors"]}


def test_internal_targets_refused_on_create(sapi, tenant, db):
    admin = tenant["admin"]
    k = create_klien(sapi, admin, nama="Klien SSRF")
    n = db.one("SELECT count(*) FROM webhook")
    for url in LOOPBACK + INTERNAL:
        b = problem(sapi.post("/v1/webhook", token=admin, json={"klien_id": k["id"], "url": url, "events": ["skp"]}),
                    422, "validation_failed")
        assert codes(b) == {"url": "url_forbidden_address"}, (url, b)
    for url in MALFORMED:
        b = problem(sapi.post("/v1/webhook", token=admin, json={"klien_id": k["id"], "url": url, "events": ["skp"]}), 422)
        assert codes(b) == {"url": "invalid_url"}, (url, b)
    b = problem(sapi.post("/v1/webhook", token=admin, json={"klien_id": k["id"], "url": "http://127.0.0.1:5432/",
                                                            "events": ["skp"]}, headers={"Accept-Language": "en"}), 422)
    assert "loopback" in b["errors"][0]["message"]
    assert db.one("SELECT count(*) FROM webhook") == n


def test_public_target_accepted_and_url_change_checked(sapi, tenant, db):
    """No worker runs in this module: documentation addresses route nowhere, and are disabled at once."""
    admin = tenant["admin"]
    k = create_klien(sapi, admin, nama="Klien SSRF publik")
    for url in ("https://203.0.113.10/hook", "https://[2001:db8::10]:8443/hook"):
        r = sapi.post("/v1/webhook", token=admin, json={"klien_id": k["id"], "url": url, "events": ["skp"]})
        assert r.status_code == 201, r.text
        wid = r.json()["id"]
        r = sapi.patch(f"/v1/webhook/{wid}", token=admin, json={"aktif": False})
        assert r.status_code == 200 and r.json()["aktif"] is False
    for url in ("http://127.0.0.1:5432/", "http://[::1]/", "http://localhost/"):
        b = problem(sapi.patch(f"/v1/webhook/{wid}", token=admin, json={"url": url}), 422, "validation_failed")
        assert codes(b) == {"url": "url_forbidden_address"}
    assert db.one("SELECT url FROM webhook WHERE id = %s", wid) == "https://[2001:db8::10]:8443/hook"
    assert db.one("SELECT version FROM webhook WHERE id = %s", wid) == 2


def test_allowlist_admits_only_the_named_host(api, tenant, db):
    """The suite's own server lists 127.0.0.1 (conftest): that host and nothing else."""
    admin = tenant["admin"]
    k = create_klien(api, admin, nama="Klien daftar izin")
    r = api.post("/v1/webhook", token=admin, json={"klien_id": k["id"], "url": "http://127.0.0.1:9/x", "events": ["skp"]})
    assert r.status_code == 201, r.text
    api.patch(f"/v1/webhook/{r.json()['id']}", token=admin, json={"aktif": False})
    for url in ("http://localhost:9/x", "http://127.0.0.2:9/x", "http://0177.0.0.2:9/x", "http://[::1]:9/x"):
        b = problem(api.post("/v1/webhook", token=admin, json={"klien_id": k["id"], "url": url, "events": ["skp"]}), 422)
        assert codes(b) == {"url": "url_forbidden_address"}, url


class Trap:
    """A loopback receiver that must never be called."""

    def __init__(self):
        self.calls = []
        outer = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):
                outer.calls.append(self.path)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *a):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def test_worker_refuses_internal_targets_at_delivery(api, strict, tenant, db):
    """Subscriptions that passed the check at creation (allowlisted there, or a name that resolved
    elsewhere then: DNS rebinding) reach a worker without the allowlist: nothing is sent, the log
    shows no status and no timing, and the subscription is disabled after the failures."""
    trap = Trap()
    admin = tenant["admin"]
    k = create_klien(api, admin, nama="Klien rebinding")
    ids = []
    for url in (f"http://127.0.0.1:{trap.port}/a", f"http://127.0.0.1:{trap.port}/b"):
        r = api.post("/v1/webhook", token=admin, json={"klien_id": k["id"], "url": url, "events": ["unor"]})
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    # the second one's name now resolves to loopback (what a rebinding DNS server would do)
    db.exec("UPDATE webhook SET url = %s WHERE id = %s", f"http://localhost:{trap.port}/b", ids[1])
    assert api.patch(f"/v1/unor/{tenant['bidang']}", token=admin, json={"nama": "Uji Bidang SSRF"}).status_code == 200
    env = dict(strict.env)
    env.update({"KINERJA_WEBHOOK_POLL_MS": "50", "KINERJA_WEBHOOK_BACKOFF_MS": "100",
                "KINERJA_WEBHOOK_MAX_FAILURES": "2", "KINERJA_WEBHOOK_TIMEOUT_MS": "1500"})
    log = open("/tmp/kinerja-worker-ssrf.log", "w")
    p = subprocess.Popen([BIN, "worker"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        end = time.time() + 15
        while time.time() < end and db.one("SELECT count(*) FROM webhook WHERE id = ANY(%s) AND aktif", ids):
            time.sleep(0.1)
    finally:
        p.terminate()
        assert p.wait(10) == 0
        log.close()
        trap.httpd.shutdown()
    assert trap.calls == []
    for wid in ids:
        rows = db.all("SELECT status_http, durasi_ms, berhasil, galat FROM webhook_pengiriman WHERE webhook_id = %s ORDER BY id", wid)
        assert len(rows) == 2, rows
        assert all(st is None and ms == 0 and not ok and "refused" in why and "loopback" in why
                   for st, ms, ok, why in rows), rows
        assert db.one("SELECT aktif FROM webhook WHERE id = %s", wid) is False
