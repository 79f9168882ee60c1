"""Resilience: database restart without a server restart, graceful SIGTERM under write load.
Runs last (file name) because it restarts the shared PostgreSQL. Owner: platform (issue 2)."""
import os
import signal
import subprocess
import threading
import time

import requests

from conftest import Api, Server, make_token, nip, problem

PG_CTL = "/usr/lib/postgresql/15/bin/pg_ctl"


def pg_ctl(*args):
    subprocess.run(["runuser", "-u", "postgres", "--", PG_CTL, "-D", os.environ["KN_PG_DATA"], "-w", *args],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_server_survives_postgres_restart(tenant, db):
    s = Server().start()
    try:
        api = Api(s.url)
        t = make_token("admin_bkpsdm")
        assert api.get("/v1/pegawai?limit=1", token=t).status_code == 200
        db.conn.close()
        pg_ctl("-m", "fast", "stop")
        try:
            r = api.get("/v1/pegawai?limit=1", token=t)
            problem(r, 503, "database_unavailable")
            assert r.headers.get("Retry-After") == "5"
            problem(api.get("/readyz"), 503)
            assert api.get("/healthz").status_code == 200  # the process itself is up
        finally:
            pg_ctl("-o", f"-p {os.environ['KN_PG_PORT']} -k {os.environ['KN_PG_DATA']} "
                   "-c listen_addresses=127.0.0.1 -c fsync=off", "-l",
                   os.path.join(os.environ["KN_PG_DATA"], "server.log"), "start")
        # every worker reconnects on its own; no server restart
        for _ in range(12):
            r = api.get("/v1/pegawai?limit=1", token=t)
            assert r.status_code == 200, r.text
        assert api.get("/readyz").status_code == 200
    finally:
        assert s.stop() == 0


def test_sigterm_under_write_load_loses_no_acknowledged_write(tenant, db):
    import psycopg2
    from conftest import ensure_instansi
    ensure_instansi(db, "beban", "Kabupaten Beban")  # own tenant: keeps "uji" small
    s = Server({"KINERJA_WORKERS": "4"}).start()
    t = make_token("admin_bkpsdm", instansi="beban")
    r = requests.post(s.url + "/v1/unor", headers={"Authorization": f"Bearer {t}"},
                      json={"nama": "Unit Beban"})
    assert r.status_code == 201, r.text
    unit = r.json()["id"]
    acked, lock, stop = [], threading.Lock(), threading.Event()

    def writer():
        sess = requests.Session()
        while not stop.is_set():
            n = nip()
            try:
                r = sess.post(s.url + "/v1/pegawai", headers={"Authorization": f"Bearer {t}"}, timeout=5,
                              json={"nip": n, "nama": "Beban Tulis", "jenis_asn": "PNS",
                                    "jenis_jabatan": "PELAKSANA", "jabatan": "Pengadministrasi",
                                    "unor_id": unit})
            except requests.RequestException:
                continue
            if r.status_code == 201:
                with lock:
                    acked.append(n)

    threads = [threading.Thread(target=writer) for _ in range(6)]
    for th in threads:
        th.start()
    time.sleep(1.5)
    rc = s.stop(signal.SIGTERM)
    stop.set()
    for th in threads:
        th.join()
    assert rc == 0
    assert len(acked) > 20, "the load did not get going"
    c = psycopg2.connect(host=os.environ["KN_PG_DATA"], port=os.environ["KN_PG_PORT"], user="postgres",
                         dbname="kinerja")
    cur = c.cursor()
    cur.execute("SELECT nip FROM pegawai WHERE nip = ANY(%s)", (acked,))
    stored = {r[0] for r in cur.fetchall()}
    c.close()
    assert set(acked) <= stored, f"{len(set(acked) - stored)} acknowledged writes lost"
