"""./scripts/cluster: a primary, a streaming replica, two API nodes, the worker and HAProxy; the
load balancer under a steady load of reads and writes while a node is killed or drained.
Owner: platform."""
import os
import re
import signal
import time

import requests

from klaster import DEMO_PEGAWAI, Load, cluster, needs_cluster, process_alive, wait_for  # noqa: F401

pytestmark = needs_cluster
NAMES = ("pg-primary", "pg-replica", "api-1", "api-2", "worker", "scheduler", "haproxy")


def cmdline(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        return f.read().split(b"\0")


def test_up_prints_url_and_working_tokens_and_loads_the_demo(cluster):
    out = cluster.up_output
    assert f"Kinerja API cluster is running at {cluster.url}" in out
    tok = re.search(r"admin_bkpsdm : (\S+)", out).group(1)
    r = requests.get(cluster.url + "/v1/pegawai?limit=5", headers={"Authorization": f"Bearer {tok}"}, timeout=10)
    assert r.status_code == 200, r.text
    assert len(r.json()["items"]) == 5
    # demo data once, the size asked for; the JWT settings came from the environment, not a file
    assert cluster.sql("SELECT count(*) FROM pegawai p JOIN instansi i ON i.id = p.instansi_id "
                       "WHERE i.kode = 'demo'")[0][0] >= DEMO_PEGAWAI
    assert not os.path.exists(os.path.join(cluster.dir, "jwt-secret"))
    assert requests.get(cluster.url + "/readyz", timeout=5).status_code == 200


def test_one_pid_file_per_process(cluster):
    for name in NAMES:
        pid = cluster.pid(name)
        assert process_alive(pid), name
        argv = cmdline(pid)
        if name.startswith("api-"):
            port = cluster.public_port + int(name[-1])
            assert argv[1:4] == [b"serve", b"--listen", f"127.0.0.1:{port}".encode()], argv
        elif name in ("worker", "scheduler"):
            assert argv[1] == name.encode()
        elif name == "haproxy":
            assert os.path.basename(argv[0]) == b"haproxy"
        else:
            assert argv[0].endswith(b"/postgres")
    r = cluster.run("status")
    for name in NAMES:
        assert re.search(rf"^{name} +running \(pid {cluster.pid(name)}\)", r.stdout, re.M), r.stdout
    assert cluster.haproxy_up() == {"api-1", "api-2"}


def test_replica_streams_the_writes(cluster):
    assert cluster.sql("SELECT pg_is_in_recovery()", which="replica")[0][0] is True
    assert cluster.sql("SELECT state FROM pg_stat_replication")[0][0] == "streaming"
    with Load(cluster) as load:
        wait_for(lambda: len(load.acked()) >= 5, timeout=10)
    last = load.acked()[-1]
    assert wait_for(lambda: cluster.sql("SELECT count(*) FROM pegawai WHERE nip = %s", last,
                                        which="replica")[0][0] == 1, timeout=10)


def test_killing_a_node_fails_only_its_in_flight_requests(cluster):
    cluster.ensure_whole()
    victim = cluster.pid("api-1")
    log_before = os.path.getsize(os.path.join(cluster.dir, "haproxy.log"))
    with Load(cluster) as load:
        assert wait_for(lambda: len(load.acked()) >= 20, timeout=15), "the load did not get going"
        t_kill = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        assert wait_for(lambda: cluster.haproxy_up() == {"api-2"}, timeout=5), "HAProxy kept the dead node"
        time.sleep(1.0)
    acked = load.acked()
    assert acked and load.stored(acked) == set(acked), "an acknowledged write was lost"
    fails = load.failures()
    # at most one request per client was in flight on the killed node, and each failure was
    # in flight at the moment of the kill; everything that started afterwards succeeded
    assert len(fails) <= Load.THREADS, fails
    for f in fails:
        # HAProxy answers 502, or closes a keep-alive connection without an answer (RFC 9112
        # 9.3.1: the client may retry an idempotent request)
        assert f[0] <= t_kill + 0.05 <= f[1] + 0.05, f
        assert f[3] in (502, 503) or "RemoteDisconnected" in f[3], f
    after = [r for r in load.results if r[0] > t_kill + 0.05]
    assert len(after) > 20 and all(load.ok(r) for r in after)
    # HAProxy's log: every request answered with an error went to the killed node
    with open(os.path.join(cluster.dir, "haproxy.log")) as f:
        f.seek(log_before)
        lines = f.readlines()
    requests_logged = [line for line in lines if " kinerja/api-" in line]
    errors = [line for line in requests_logged if not re.search(r" 20[01] ", line)]
    assert all(" kinerja/api-1 " in line for line in errors), errors
    assert any("Server kinerja/api-1 is DOWN" in line for line in lines)
    assert not any("Server kinerja/api-2 is DOWN" in line for line in lines)
    # status notices, up brings the node back (and does not load the demo again)
    r = cluster.run("status", check=False)
    assert r.returncode == 1 and re.search(r"^api-1 +DOWN", r.stdout, re.M), r.stdout
    before = cluster.sql("SELECT count(*) FROM pegawai")[0][0]
    cluster.up()
    assert cluster.pid("api-1") != victim and cluster.haproxy_up() == {"api-1", "api-2"}
    assert cluster.sql("SELECT count(*) FROM pegawai")[0][0] == before
    assert cluster.run("status").returncode == 0


def test_sigterm_drains_a_node_without_failing_any_request(cluster):
    cluster.ensure_whole()
    pid = cluster.pid("api-2")
    served_before = None
    with Load(cluster) as load:
        assert wait_for(lambda: len(load.acked()) >= 20, timeout=15)
        t_term = time.monotonic()
        os.kill(pid, signal.SIGTERM)
        t_out = wait_for(lambda: cluster.haproxy_up() == {"api-1"} and time.monotonic(), timeout=5)
        assert t_out and process_alive(pid), "HAProxy must take the node out while it still accepts"
        served_before = len(load.results)
        assert wait_for(lambda: not process_alive(pid), timeout=15)
        t_exit = time.monotonic()
        time.sleep(0.5)
    assert t_term < t_out < t_exit
    assert t_exit - t_term >= 2.0          # KINERJA_DRAIN_MS=2500 before it stops accepting
    assert load.failures() == [], load.failures()
    acked = load.acked()
    assert len(load.results) > served_before and load.stored(acked) == set(acked)
    with open(os.path.join(cluster.dir, "api-2.log")) as f:
        log = f.read()
    assert "draining for 2500 ms" in log and log.rstrip().endswith('"msg":"stopped"}')
    cluster.up()
    assert cluster.haproxy_up() == {"api-1", "api-2"}
