"""The native cluster of ./scripts/cluster for the load-balancer and backup tests: one cluster per
test session in its own directory and on its own ports, started with this harness's JWT settings
(so the script is shown to honour KINERJA_JWT_*), stopped and removed at the end. Also a steady
load of reads and writes through HAProxy that records every request. Owner: platform.

These tests run only in the cluster step of scripts/test (KN_CLUSTER_TESTS=1), once, against the
release build; the two API-test passes skip them."""
import glob
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

import psycopg2
import pytest
import requests

from conftest import AUD, ISS, ROOT, SECRET, make_token, nip

SCRIPT = os.path.join(ROOT, "scripts", "cluster")
DEMO_PEGAWAI = 200
needs_cluster = pytest.mark.skipif(os.environ.get("KN_CLUSTER_TESTS") != "1",
                                   reason="cluster tests run in the cluster step of scripts/test")


def _free(port):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def free_run(n):
    """A port p with p .. p+n-1 all free."""
    for _ in range(200):
        p = random.randrange(20000, 40000)
        if all(_free(p + i) for i in range(n)):
            return p
    raise RuntimeError("no free port range")


class Cluster:
    def __init__(self, workdir):
        self.dir = os.path.join(workdir, "cluster")
        self.public_port = free_run(3)
        self.pg_port = free_run(2)
        self.url = f"http://127.0.0.1:{self.public_port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("KINERJA_")}
        self.env.update({
            "KINERJA_CLUSTER_DIR": self.dir, "KINERJA_CLUSTER_PORT": str(self.public_port),
            "KINERJA_CLUSTER_PG_PORT": str(self.pg_port), "KINERJA_JWT_ISSUER": ISS,
            "KINERJA_JWT_AUDIENCE": AUD, "KINERJA_JWT_HS256_SECRET": SECRET,
            "KINERJA_DRAIN_MS": "2500", "KINERJA_WORKERS": "3", "KINERJA_ACCESS_LOG": "0",
            "KN_DEMO_PEGAWAI": str(DEMO_PEGAWAI), "KN_PG_FSYNC": "off", "KN_STOP_TIMEOUT": "20",
        })
        self.up_output = ""

    def run(self, *args, check=True, env=None):
        e = dict(self.env, **(env or {}))
        r = subprocess.run([SCRIPT, *args], env=e, cwd=ROOT, capture_output=True, text=True, timeout=600)
        if check and r.returncode != 0:
            raise AssertionError(f"scripts/cluster {' '.join(args)} -> {r.returncode}\n{r.stdout}\n{r.stderr}")
        return r

    def up(self):
        r = self.run("up")
        self.up_output = r.stdout
        return r

    def ensure_whole(self):
        """Every process up and both nodes in HAProxy (an earlier failed test may have left a hole)."""
        if self.run("status", check=False).returncode != 0:
            self.up()
        assert self.haproxy_up() == {"api-1", "api-2"}

    def pid(self, name):
        with open(os.path.join(self.dir, name + ".pid")) as f:
            return int(f.read().strip())

    def pg_socket(self, which="primary"):
        return os.path.realpath(os.path.join(self.dir, "pg-" + which))

    def sql(self, query, *args, which="primary"):
        port = self.pg_port + (0 if which == "primary" else 1)
        c = psycopg2.connect(host=self.pg_socket(which), port=port, user="postgres", dbname="kinerja")
        c.autocommit = True
        try:
            with c.cursor() as cur:
                cur.execute(query, args)
                return cur.fetchall()
        finally:
            c.close()

    def haproxy_up(self):
        """Nodes HAProxy counts as UP (scripts/lib.sh kn_haproxy_up over the runtime socket)."""
        r = subprocess.run(["bash", "-c", f"source {ROOT}/scripts/lib.sh && kn_cluster_env && kn_haproxy_up"],
                           env=self.env, capture_output=True, text=True, check=True)
        return set(r.stdout.split())

    def token(self, roles="admin_bkpsdm"):
        return make_token(roles, instansi="demo")


@pytest.fixture(scope="session")
def cluster():
    # under /tmp with mode 755 (pytest's own tmp_path is mode 700): the postgres user reaches
    # it, so no data goes elsewhere (scripts/lib.sh kn_pg_dir)
    work = tempfile.mkdtemp(prefix="kinerja-klaster.", dir="/tmp")
    os.chmod(work, 0o755)
    c = Cluster(work)
    try:
        c.up()
        yield c
    finally:
        c.run("down", check=False)
        # anything kn_pg_dir put elsewhere after all (data, replica, WAL archive, restored-aside copies)
        for link in glob.glob(os.path.join(work, "**"), recursive=True):
            if os.path.islink(link):
                real = os.path.realpath(link)
                for d in [real] + glob.glob(real + ".before-restore-*"):
                    shutil.rmtree(d, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


class Load:
    """THREADS clients through HAProxy, each with one request in flight at a time: every second
    request a write (POST /v1/pegawai), the others reads. Records (start, end, kind, status, nip)."""
    THREADS = 6

    def __init__(self, cluster):
        self.c = cluster
        self.tok = cluster.token()
        self.unit = cluster.sql("SELECT u.id FROM unor u JOIN instansi i ON i.id = u.instansi_id "
                                "WHERE i.kode = 'demo' AND u.siasn_id = 'PD-SETDA'")[0][0]
        self.results, self.lock, self.stop_ev = [], threading.Lock(), threading.Event()
        self.threads = [threading.Thread(target=self._client, args=(i,)) for i in range(self.THREADS)]

    def _client(self, i):
        s = requests.Session()
        h = {"Authorization": f"Bearer {self.tok}"}
        k = i
        while not self.stop_ev.is_set():
            k += 1
            n = nip() if k % 2 else None
            t0 = time.monotonic()
            try:
                if n:
                    r = s.post(self.c.url + "/v1/pegawai", headers=h, timeout=10, json={
                        "nip": n, "nama": "Beban Klaster", "jenis_asn": "PNS", "jenis_jabatan": "PELAKSANA",
                        "jabatan": "Pengadministrasi", "unor_id": self.unit})
                else:
                    r = s.get(self.c.url + "/v1/pegawai?limit=5", headers=h, timeout=10)
                status = r.status_code
            except requests.RequestException as e:
                status = repr(e)
            with self.lock:
                self.results.append((t0, time.monotonic(), "write" if n else "read", status, n))

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop_ev.set()
        for t in self.threads:
            t.join()

    def ok(self, r):
        return r[3] == (201 if r[2] == "write" else 200)

    def acked(self):
        return [r[4] for r in self.results if r[2] == "write" and r[3] == 201]

    def failures(self):
        return [r for r in self.results if not self.ok(r)]

    def stored(self, nips):
        rows = self.c.sql("SELECT nip FROM pegawai WHERE nip = ANY(%s)", list(nips))
        return {r[0] for r in rows}


def wait_for(cond, timeout=10, step=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = cond()
        if v:
            return v
        time.sleep(step)
    return cond()


def process_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


__all__ = ["cluster", "needs_cluster", "Load", "wait_for", "process_alive", "DEMO_PEGAWAI", "signal"]
