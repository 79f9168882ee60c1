"""Webhooks (issue 9, item 4): subscriptions, signed delivery by `kinerja worker` from the change
feed (the transactional outbox), retries with backoff, delivery log, disable after repeated
failure. The receiver is a real HTTP server in this process. Owner: integration."""
import hashlib
import hmac
import json
import os
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import BIN, problem
from test_klien import create as create_klien, token as client_token


class Receiver:
    """Records every POST; answers the next status from `plan` (default 200)."""

    def __init__(self):
        self.calls, self.plan, self.delay = [], [], 0
        outer = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.calls.append({"headers": dict(self.headers), "body": body, "at": time.time()})
                time.sleep(outer.delay)
                status = outer.plan.pop(0) if outer.plan else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *a):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def wait(self, n, timeout=15):
        end = time.time() + timeout
        while len(self.calls) < n and time.time() < end:
            time.sleep(0.05)
        return self.calls


@pytest.fixture(scope="module")
def receiver():
    r = Receiver()
    yield r
    r.httpd.shutdown()


@pytest.fixture
def worker(server):
    """A worker for one test only: tests that register off-machine (documentation) addresses run
    with no worker and disable those subscriptions at once (issue 15, item 3)."""
    env = dict(server.env)
    env.update({"KINERJA_WEBHOOK_POLL_MS": "50", "KINERJA_WEBHOOK_BACKOFF_MS": "200",
                "KINERJA_WEBHOOK_MAX_FAILURES": "3", "KINERJA_WEBHOOK_TIMEOUT_MS": "1500"})
    log = open("/tmp/kinerja-worker-test.log", "w")
    p = subprocess.Popen([BIN, "worker"], env=env, stdout=log, stderr=subprocess.STDOUT)
    yield p
    p.terminate()
    assert p.wait(10) == 0
    log.close()


def subscribe(api, admin, klien_id, url, events=("unor",)):
    r = api.post("/v1/webhook", token=admin, json={"klien_id": klien_id, "url": url, "events": list(events)})
    assert r.status_code == 201, r.text
    return r.json()


def disable(api, admin, wid):
    r = api.patch(f"/v1/webhook/{wid}", token=admin, json={"aktif": False})
    assert r.status_code == 200 and r.json()["aktif"] is False, r.text


def verify(call, secret):
    ts = call["headers"]["X-Kinerja-Timestamp"]
    mac = hmac.new(secret.encode(), ts.encode() + b"." + call["body"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(call["headers"]["X-Kinerja-Signature"], "v1=" + mac)


def rename(api, admin, unit, nama):
    r = api.patch(f"/v1/unor/{unit}", token=admin, json={"nama": nama})
    assert r.status_code == 200, r.text
    return r.json()


def test_signed_delivery_of_committed_changes(api, tenant, db, receiver, worker):
    admin = tenant["admin"]
    k = create_klien(api, admin, nama="Penerima webhook")
    wh = subscribe(api, admin, k["id"], receiver.url)
    assert wh["secret"].startswith("whsec_") and wh["aktif"] and wh["events"] == ["unor"]
    assert "secret" not in api.get(f"/v1/webhook/{wh['id']}", token=admin).json()
    receiver.calls.clear()
    u = rename(api, admin, tenant["bidang"], "Uji Bidang Webhook")
    api.patch(f"/v1/pegawai/{tenant['staf']}", token=admin, json={"jabatan": "Pengadministrasi Umum"})  # not subscribed
    calls = receiver.wait(1)
    assert calls, open("/tmp/kinerja-worker-test.log").read()
    c = calls[0]
    assert verify(c, wh["secret"]) and not verify(c, wh["secret"] + "x")
    body = json.loads(c["body"])
    assert body["webhook_id"] == wh["id"] and c["headers"]["X-Kinerja-Delivery"] == body["pengiriman_id"]
    ev = [e for e in body["events"] if e["entity_id"] == str(tenant["bidang"])]
    assert ev and ev[-1]["action"] == "UPDATE" and ev[-1]["version"] == u["version"]
    assert {e["entity"] for e in body["events"]} == {"unor"}
    time.sleep(0.5)
    log = api.get(f"/v1/webhook/{wh['id']}/pengiriman", token=admin).json()["items"]
    assert log and log[-1]["berhasil"] and log[-1]["status_http"] == 200 and log[-1]["jumlah_event"] >= 1
    # delivered once: the position moved, nothing more is sent for the same change
    n = len(receiver.calls)
    time.sleep(0.5)
    assert len(receiver.calls) == n
    api.patch(f"/v1/webhook/{wh['id']}", token=admin, json={"aktif": False},
              headers={"If-Match": api.get(f"/v1/webhook/{wh['id']}", token=admin).headers["ETag"]})


def test_retry_with_backoff_then_success(api, tenant, db, receiver, worker):
    admin = tenant["admin"]
    k = create_klien(api, admin, nama="Penerima sibuk")
    wh = subscribe(api, admin, k["id"], receiver.url)
    receiver.calls.clear()
    receiver.plan[:] = [500, 503]
    rename(api, admin, tenant["seksi"], "Uji Seksi Webhook")
    calls = receiver.wait(3)
    assert len(calls) == 3, calls
    ids = {c["headers"]["X-Kinerja-Delivery"] for c in calls}
    assert len(ids) == 1                                       # the same batch retried
    assert calls[2]["at"] - calls[1]["at"] > calls[1]["at"] - calls[0]["at"] * 1.0 - 10  # sanity: ordered
    assert calls[1]["at"] - calls[0]["at"] >= 0.15             # backoff 200 ms, then 400 ms
    assert calls[2]["at"] - calls[1]["at"] >= 0.35
    time.sleep(0.3)
    rows = db.all("SELECT percobaan, status_http, berhasil FROM webhook_pengiriman WHERE webhook_id = %s ORDER BY id", wh["id"])
    assert rows == [(1, 500, False), (2, 503, False), (3, 200, True)]
    st = api.get(f"/v1/webhook/{wh['id']}", token=admin).json()
    assert st["aktif"] and st["gagal_berturut"] == 0
    api.patch(f"/v1/webhook/{wh['id']}", token=admin, json={"aktif": False})


def test_disabled_after_repeated_failures(api, tenant, db, worker):
    admin = tenant["admin"]
    k = create_klien(api, admin, nama="Penerima mati")
    wh = subscribe(api, admin, k["id"], "http://127.0.0.1:9/tidak-ada")   # connection refused
    rename(api, admin, tenant["dinas2"], "Uji Dinas Dua Webhook")
    end = time.time() + 15
    while time.time() < end and db.one("SELECT aktif FROM webhook WHERE id = %s", wh["id"]):
        time.sleep(0.1)
    got = api.get(f"/v1/webhook/{wh['id']}", token=admin).json()
    assert got["aktif"] is False and "3 kegagalan" in got["alasan_nonaktif"]
    rows = db.all("SELECT percobaan, status_http, berhasil FROM webhook_pengiriman WHERE webhook_id = %s ORDER BY id", wh["id"])
    assert rows == [(1, None, False), (2, None, False), (3, None, False)]
    time.sleep(0.6)
    assert db.one("SELECT count(*) FROM webhook_pengiriman WHERE webhook_id = %s", wh["id"]) == 3
    # the disable is an audited change like any other
    assert db.one("SELECT count(*) FROM audit_log WHERE entity = 'webhook' AND entity_id = %s AND action = 'UPDATE'", str(wh["id"])) == 1


def test_rotation_changes_the_signature(api, tenant, receiver, worker):
    admin = tenant["admin"]
    k = create_klien(api, admin, nama="Penerima rotasi")
    wh = subscribe(api, admin, k["id"], receiver.url)
    rot = api.post(f"/v1/webhook/{wh['id']}/rotasi-secret", token=admin)
    assert rot.status_code == 200 and rot.json()["secret"] != wh["secret"] and rot.json()["secret_versi"] == 2
    receiver.calls.clear()
    rename(api, admin, tenant["bidang"], "Uji Bidang Rotasi")
    c = receiver.wait(1)[0]
    assert verify(c, rot.json()["secret"]) and not verify(c, wh["secret"])
    api.patch(f"/v1/webhook/{wh['id']}", token=admin, json={"aktif": False})


def test_client_manages_own_subscriptions_only(api, tenant, tok, db):
    admin = tenant["admin"]
    mine = create_klien(api, admin, nama="Klien pengelola", scopes=("sync:read", "webhook:manage"))
    other = create_klien(api, admin, nama="Klien lain")
    t = client_token(api, mine["client_id"], mine["client_secret"]).json()["access_token"]
    own = api.post("/v1/webhook", token=t, json={"url": "https://203.0.113.10/kinerja", "events": ["evaluasi", "skp"]})
    assert own.status_code == 201, own.text
    assert own.json()["klien_id"] == mine["id"]
    disable(api, admin, own.json()["id"])
    theirs = subscribe(api, admin, other["id"], "https://203.0.113.11/hook")
    disable(api, admin, theirs["id"])
    listed = [w["id"] for w in api.get("/v1/webhook?limit=500", token=t).json()["items"]]
    assert own.json()["id"] in listed and theirs["id"] not in listed
    problem(api.get(f"/v1/webhook/{theirs['id']}", token=t), 404, "not_found")
    problem(api.patch(f"/v1/webhook/{theirs['id']}", token=t, json={"aktif": False}), 404, "not_found")
    problem(api.post("/v1/webhook", token=t, json={"klien_id": other["id"], "url": "https://203.0.113.12", "events": ["skp"]}), 422)
    no_scope = client_token(api, other["client_id"], other["client_secret"]).json()["access_token"]
    problem(api.post("/v1/webhook", token=no_scope, json={"url": "https://203.0.113.12", "events": ["skp"]}), 403)
    for t2 in (tok("admin_pd"), tok("pegawai")):
        problem(api.get("/v1/webhook", token=t2), 403)
    assert api.get("/v1/webhook", token=tok("auditor")).status_code == 200


def test_validation_changes_nothing(api, tenant, db):
    admin = tenant["admin"]
    k = create_klien(api, admin, nama="Klien validasi")
    n = db.one("SELECT count(*) FROM webhook")
    for body, field in [({"klien_id": k["id"], "url": "ftp://203.0.113.12", "events": ["skp"]}, "url"),
                        ({"klien_id": k["id"], "url": "https://203.0.113.12/a b", "events": ["skp"]}, "url"),
                        ({"klien_id": k["id"], "url": "https://203.0.113.12", "events": ["gaji"]}, "events[0]"),
                        ({"klien_id": k["id"], "url": "https://203.0.113.12", "events": []}, "events"),
                        ({"klien_id": k["id"], "url": "https://203.0.113.12", "events": ["skp"], "rahasia": 1}, "rahasia"),
                        ({"url": "https://203.0.113.12", "events": ["skp"]}, "klien_id"),
                        ({"klien_id": "1", "url": "https://203.0.113.12", "events": ["skp"]}, "klien_id")]:
        b = problem(api.post("/v1/webhook", token=admin, json=body), 422, "validation_failed")
        assert field in [e["field"] for e in b["errors"]], (body, b)
    other = create_klien(api, tenant["other_admin"], nama="Klien tenant lain")
    problem(api.post("/v1/webhook", token=admin, json={"klien_id": other["id"], "url": "https://203.0.113.12", "events": ["skp"]}), 422)
    problem(api.post("/v1/webhook", token=admin, data="{", headers={"Content-Type": "application/json"}), 400)
    assert db.one("SELECT count(*) FROM webhook") == n
    wh = subscribe(api, admin, k["id"], "https://203.0.113.12/ok")
    disable(api, admin, wh["id"])
    problem(api.patch(f"/v1/webhook/{wh['id']}", token=admin, json={"klien_id": 1}), 422)
    problem(api.patch(f"/v1/webhook/{wh['id']}", token=admin, json={"url": "https://203.0.113.13"}, headers={"If-Match": '"v9"'}), 412)
    problem(api.get(f"/v1/webhook/{wh['id']}", token=tenant["other_admin"]), 404)
    assert db.one("SELECT url FROM webhook WHERE id = %s", wh["id"]) == "https://203.0.113.12/ok"


def test_disabled_client_gets_no_deliveries(api, tenant, receiver, worker):
    admin = tenant["admin"]
    k = create_klien(api, admin, nama="Klien dinonaktifkan")
    wh = subscribe(api, admin, k["id"], receiver.url)
    r = api.patch(f"/v1/klien/{k['id']}", token=admin, json={"aktif": False})
    assert r.status_code == 200 and r.json()["aktif"] is False
    rename(api, admin, tenant["seksi"], "Uji Seksi Klien Nonaktif")
    time.sleep(1.0)
    assert not [c for c in receiver.calls if c["headers"]["X-Kinerja-Webhook"] == str(wh["id"])]
    # enabled again: the change made meanwhile is delivered (nothing is lost)
    assert api.patch(f"/v1/klien/{k['id']}", token=admin, json={"aktif": True}).status_code == 200
    end = time.time() + 10
    while time.time() < end and not [c for c in receiver.calls if c["headers"]["X-Kinerja-Webhook"] == str(wh["id"])]:
        time.sleep(0.05)
    got = [json.loads(c["body"]) for c in receiver.calls if c["headers"]["X-Kinerja-Webhook"] == str(wh["id"])]
    assert got and any(e["entity_id"] == str(tenant["seksi"]) for g in got for e in g["events"])


def test_subscription_made_while_an_older_transaction_runs_gets_it(api, tenant, db, receiver, worker):
    """A new subscription starts at the feed's horizon, not at its largest position: transaction A
    (the smaller xid) is still open while B commits and the subscription is made; A commits
    afterwards and is delivered to it."""
    import psycopg2
    admin = tenant["admin"]
    k = create_klien(api, admin, nama="Penerima horizon")
    a = psycopg2.connect(host=os.environ["KN_PG_DATA"], port=os.environ["KN_PG_PORT"], user="postgres", dbname="kinerja")
    try:
        with a.cursor() as c:
            c.execute("UPDATE unor SET nama = 'Uji Seksi Horizon' WHERE id = %s", (tenant["seksi"],))
        rename(api, admin, tenant["bidang"], "Uji Bidang Horizon")      # B: a larger position, committed
        wh = subscribe(api, admin, k["id"], receiver.url)
        a.commit()
    finally:
        a.close()
    end = time.time() + 15
    mine = []
    while time.time() < end and not any(e["entity_id"] == str(tenant["seksi"]) for e in mine):
        time.sleep(0.05)
        mine = [e for c in list(receiver.calls) if c["headers"]["X-Kinerja-Webhook"] == str(wh["id"])
                for e in json.loads(c["body"])["events"]]
    assert any(e["entity_id"] == str(tenant["seksi"]) for e in mine), (mine, open("/tmp/kinerja-worker-test.log").read())
    disable(api, admin, wh["id"])
