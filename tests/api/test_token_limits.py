"""POST /v1/auth/token under attack (issue 15, item 2): the lockout after failed secrets holds per
client AND source address, so anyone knowing a client_id cannot lock the integration out; a
source address has a request budget; concurrent Argon2id work is bounded with a fast 429.
Requests come from other loopback addresses (127.0.0.2 ...) by binding the client socket.
Owner: security."""
import concurrent.futures
import time
import uuid

import pytest
import requests
from requests.adapters import HTTPAdapter

from conftest import Server, problem
from test_klien import create as create_klien


class SourceAdapter(HTTPAdapter):
    def __init__(self, source, **kw):
        self.source = source
        super().__init__(**kw)

    def init_poolmanager(self, *a, **kw):
        kw["source_address"] = (self.source, 0)
        super().init_poolmanager(*a, **kw)


def session_from(source):
    s = requests.Session()
    s.mount("http://", SourceAdapter(source))
    return s


def token_from(source, base, cid, secret, timeout=30):
    return session_from(source).post(base + "/v1/auth/token", timeout=timeout, data={
        "grant_type": "client_credentials", "client_id": cid, "client_secret": secret})


def test_lockout_counts_per_client_and_address(server, api, tenant, db):
    k = create_klien(api, tenant["admin"], nama="Kunci per alamat")
    for _ in range(5):
        problem(token_from("127.0.0.3", server.url, k["client_id"], "ks_tebakan"), 401, "invalid_client")
    r = token_from("127.0.0.3", server.url, k["client_id"], k["client_secret"])
    problem(r, 429, "too_many_attempts")                 # the guessing address is locked out
    assert 1 <= int(r.headers["Retry-After"]) <= 30
    ok = token_from("127.0.0.2", server.url, k["client_id"], k["client_secret"])
    assert ok.status_code == 200, ok.text                # the integration's own address is not
    rows = db.all("SELECT host(alamat), gagal_berturut, terkunci_sampai > now() FROM klien_percobaan "
                  "WHERE client_id = %s", k["client_id"])
    assert rows == [("127.0.0.3", 5, True)]
    # a success from 127.0.0.3 after the lock ends resets that address only
    db.exec("UPDATE klien_percobaan SET terkunci_sampai = now() - interval '1 second' WHERE client_id = %s", k["client_id"])
    assert token_from("127.0.0.3", server.url, k["client_id"], k["client_secret"]).status_code == 200
    assert db.one("SELECT count(*) FROM klien_percobaan WHERE client_id = %s", k["client_id"]) == 0
    # rotation forgets every address's failures
    problem(token_from("127.0.0.4", server.url, k["client_id"], "ks_tebakan"), 401, "invalid_client")
    assert api.post(f"/v1/klien/{k['id']}/rotasi-secret", token=tenant["admin"]).status_code == 200
    assert db.one("SELECT count(*) FROM klien_percobaan WHERE client_id = %s", k["client_id"]) == 0


@pytest.fixture(scope="module")
def limited():
    s = Server({"KINERJA_TOKEN_RATE": "5", "KINERJA_TOKEN_HASH_SLOTS": "1"}).start()
    yield s
    assert s.stop() == 0


def test_requests_per_source_address(limited, api, tenant, db):
    k = create_klien(api, tenant["admin"], nama="Anggaran alamat")
    n = db.one("SELECT count(*) FROM klien_percobaan")
    garbage = {"grant_type": "client_credentials"}        # cheap to refuse, still counted
    s = session_from("127.0.0.5")
    for _ in range(5):
        problem(s.post(limited.url + "/v1/auth/token", data=garbage, timeout=30), 400, "invalid_request")
    r = s.post(limited.url + "/v1/auth/token", data={**garbage, "client_id": k["client_id"],
                                                     "client_secret": k["client_secret"]}, timeout=30)
    b = problem(r, 429, "rate_limited")
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    assert "alamat" in b["detail"]
    # another address has its own budget
    ok = token_from("127.0.0.6", limited.url, k["client_id"], k["client_secret"])
    assert ok.status_code == 200, ok.text
    assert db.one("SELECT count(*) FROM klien_percobaan") == n   # a refused request changes nothing
    # the rest of the API is not limited by it
    assert s.get(limited.url + "/healthz", timeout=5).status_code == 200


def test_concurrent_argon2_bounded_with_fast_429(limited):
    """One Argon2id slot: a burst of unknown client ids (each would burn a dummy verification)
    from many addresses gets fast 429 server_busy answers, and /healthz keeps answering."""
    def attempt(i):
        src = f"127.0.1.{1 + i % 200}"
        t0 = time.monotonic()
        r = token_from(src, limited.url, "kc_" + uuid.uuid4().hex[:24], "ks_" + "x" * 43)
        return r.status_code, r.headers.get("Retry-After"), r.json().get("code"), time.monotonic() - t0

    with concurrent.futures.ThreadPoolExecutor(16) as ex:
        futures = [ex.submit(attempt, i) for i in range(48)]
        t0 = time.monotonic()
        health = requests.get(limited.url + "/healthz", timeout=10)
        health_s = time.monotonic() - t0
        results = [f.result() for f in futures]
    busy = [r for r in results if r[0] == 429]
    assert busy and all(r[2] == "server_busy" and r[1] == "1" for r in busy), results
    assert {r[0] for r in results} <= {401, 429}
    assert any(r[0] == 401 for r in results)
    assert health.status_code == 200 and health_s < 2, health_s
