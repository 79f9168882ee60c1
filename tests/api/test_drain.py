"""Draining on SIGTERM (KINERJA_DRAIN_MS): /readyz turns 503 at once while the server keeps
answering requests, then it stops accepting and exits 0. Load balancers (scripts/cluster's
HAProxy, docker/compose.yaml) rely on this to take a node out before it closes. Owner: platform."""
import signal
import time

import requests

from conftest import TENANT, Server, make_token, problem


def test_sigterm_drains_readyz_first_then_stops(tenant):
    s = Server({"KINERJA_DRAIN_MS": "1500"}).start()
    t = make_token("admin_bkpsdm")
    h = {"Authorization": f"Bearer {t}"}
    try:
        assert requests.get(s.url + "/readyz", timeout=5).status_code == 200
        t0 = time.monotonic()
        s.proc.send_signal(signal.SIGTERM)
        time.sleep(0.2)
        body = problem(requests.get(s.url + "/readyz", timeout=5), 503, "database_unavailable")
        assert "shutting down" in requests.get(s.url + "/readyz", headers={"Accept-Language": "en"},
                                               timeout=5).json()["detail"]
        assert body["detail"]
        # still serving real requests (new connections too) while draining
        r = requests.get(s.url + "/v1/instansi", headers=h, timeout=5)
        assert r.status_code == 200, r.text
        assert r.json()["kode"] == TENANT
        assert requests.get(s.url + "/healthz", timeout=5).status_code == 200
        assert s.proc.poll() is None
        rc = s.proc.wait(15)
        took = time.monotonic() - t0
        assert rc == 0
        assert took >= 1.4, f"stopped after {took:.2f} s, before the drain time"
        try:
            requests.get(s.url + "/healthz", timeout=2)
            raise AssertionError("still accepting after the drain")
        except requests.ConnectionError:
            pass
    finally:
        s.stop()


def test_without_drain_time_sigterm_stops_at_once(tenant):
    s = Server().start()
    t0 = time.monotonic()
    rc = s.stop(signal.SIGTERM)
    assert rc == 0
    assert time.monotonic() - t0 < 1.5


def test_a_second_signal_cuts_the_drain_short(tenant):
    s = Server({"KINERJA_DRAIN_MS": "20000"}).start()
    try:
        t0 = time.monotonic()
        s.proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        problem(requests.get(s.url + "/readyz", timeout=5), 503)
        s.proc.send_signal(signal.SIGTERM)
        assert s.proc.wait(10) == 0
        assert time.monotonic() - t0 < 5
    finally:
        s.stop()
