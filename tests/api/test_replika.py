"""Read scaling (issue 14, item 4): KINERJA_DATABASE_URL_READ sends a GET's read-only
transactions to a streaming replica of the test cluster, built here with pg_basebackup -R;
writes answer a consistency token (Kinerja-Konsistensi) and a read that sends it back sees the
write; a lagging or stopped replica is skipped and reads are answered by the primary.
Which server answered is read from pg_stat_activity: the test's servers name their sessions
with application_name, and a session's state_change moves with every transaction it runs.
Owner: db."""
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid

import psycopg2
import pytest

from conftest import Api, BIN, Server, free_port

PG_BIN = "/usr/lib/postgresql/15/bin"
HEADER = "Kinerja-Konsistensi"
LSN = re.compile(r"^[0-9A-F]{1,8}/[0-9A-F]{1,8}$")
APP_URL = os.environ.get("KN_APP_DB_URL") or os.environ["KN_DB_URL"]


def as_postgres(*args):
    subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True, timeout=180)


def sql(host, port, query, *args):
    conn = psycopg2.connect(host=host, port=port, user="postgres", dbname="kinerja")
    conn.autocommit = True
    try:
        with conn.cursor() as c:
            c.execute(query, args)
            return c.fetchall() if c.description else None
    finally:
        conn.close()


class Replica:
    """A hot standby of the test cluster, in a temporary folder, on a free port."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="kinerja-replika-")
        os.chmod(self.dir, 0o755)
        shutil.chown(self.dir, "postgres", "postgres")
        self.data = os.path.join(self.dir, "data")
        self.port = free_port()
        # superuser over the primary's socket (trust); -R writes standby.signal + primary_conninfo
        as_postgres(f"{PG_BIN}/pg_basebackup", "-h", os.environ["KN_PG_DATA"], "-p", os.environ["KN_PG_PORT"],
                    "-U", "postgres", "-D", self.data, "-R", "-X", "stream", "-c", "fast")

    def start(self):
        # max_connections must not be below the primary's (scripts/lib.sh starts it with 200)
        as_postgres(f"{PG_BIN}/pg_ctl", "-D", self.data, "-l", os.path.join(self.dir, "replica.log"), "-w",
                    "-t", "60", "-o", f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 "
                    "-c max_connections=200", "start")

    def stop(self):
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            as_postgres(f"{PG_BIN}/pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def sql(self, query, *args):
        return sql(self.data, self.port, query, *args)

    def uri(self, app, port=None):
        kv = dict(p.split("=", 1) for p in APP_URL.split())
        return (f"postgresql://{kv['user']}:{kv['password']}@127.0.0.1:{port or self.port}/{kv['dbname']}"
                + (f"?application_name={app}" if app else ""))

    def replayed(self, lsn):
        return self.sql("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", lsn)[0][0]


def primary_sql(query, *args):
    return sql(os.environ["KN_PG_DATA"], os.environ["KN_PG_PORT"], query, *args)


def activity(where, app):
    """(sessions, latest state_change) of application_name app on the primary or a replica."""
    q = "SELECT count(*), max(state_change) FROM pg_stat_activity WHERE application_name = %s"
    return (where.sql if isinstance(where, Replica) else primary_sql)(q, app)[0]


def served_by(read, where, app):
    """Run read(); True when a session of app on `where` committed a transaction meanwhile (its
    last statement is then COMMIT; a lag check or a replica behind the token ends otherwise)."""
    before = activity(where, app)[1]
    out = read()
    q = ("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND query = 'COMMIT' "
         "AND (%s::timestamptz IS NULL OR state_change > %s)")
    n = (where.sql if isinstance(where, Replica) else primary_sql)(q, app, before, before)[0][0]
    return out, n > 0


@pytest.fixture(scope="module")
def replica():
    r = Replica()
    r.start()
    yield r
    r.stop()
    shutil.rmtree(r.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def rserver(replica):
    """A server reading from [a replica that is down, the replica] and writing to the primary."""
    dead = free_port()
    s = Server({
        "KINERJA_DATABASE_URL": APP_URL + " application_name=replika-primary",
        # the replica's sessions take the server's application_name, kinerja-read
        "KINERJA_DATABASE_URL_READ": f"{replica.uri('replika-dead', dead)},{replica.uri(None)}",
        "KINERJA_READ_MAX_LAG_MS": "1000",
        "KINERJA_WORKERS": "2",
    }).start()
    yield s
    assert s.stop() == 0, f"see {s.log_path}"


@pytest.fixture(scope="module")
def rapi(rserver):
    return Api(rserver.url)


@pytest.fixture(scope="module")
def unit(rapi, tenant):
    r = rapi.post("/v1/unor", token=tenant["admin"],
                  json={"nama": f"Replika {uuid.uuid4().hex[:8]}", "parent_id": tenant["root"]})
    assert r.status_code == 201, r.text
    assert LSN.match(r.headers[HEADER]), r.headers
    return r.json()["id"]


def wait_for(cond, timeout=15.0):
    end = time.time() + timeout
    while time.time() < end:
        if cond():
            return True
        time.sleep(0.05)
    return False


def test_reads_are_served_by_the_replica(rapi, tenant, replica, unit, db):
    assert replica.sql("SELECT pg_is_in_recovery()")[0][0] is True
    nama = db.one("SELECT nama FROM unor WHERE id = %s", unit)
    # the unit was created on the primary just now: wait until the replica has it
    assert wait_for(lambda: replica.sql("SELECT count(*) FROM unor WHERE id = %s", unit)[0][0] == 1)
    before_primary = activity("primary", "replika-primary")[1]
    for _ in range(10):
        r, on_replica = served_by(lambda: rapi.get(f"/v1/unor/{unit}", token=tenant["admin"]), replica, "kinerja-read")
        assert r.status_code == 200, r.text
        assert r.json()["nama"] == nama
        assert on_replica
        assert HEADER not in r.headers  # reads carry no token
    # the sessions exist on the replica as the server's login, and the primary ran nothing
    n, _ = activity(replica, "kinerja-read")
    assert 1 <= n <= 2  # at most one per worker thread
    login = dict(p.split("=", 1) for p in APP_URL.split())["user"]
    assert replica.sql("SELECT DISTINCT usename FROM pg_stat_activity WHERE application_name = 'kinerja-read'") \
        == [(login,)]
    assert activity("primary", "replika-primary")[1] == before_primary
    # the replica listed first is down: never connected, reads went on to the second
    assert activity(replica, "replika-dead")[0] == 0
    # a list on a replica: the same answer as the primary's
    r = rapi.get("/v1/unor", token=tenant["admin"], params={"parent_id": tenant["root"], "limit": 500})
    assert r.status_code == 200
    assert unit in [u["id"] for u in r.json()["items"]]


def test_a_read_with_the_token_sees_the_write(rapi, tenant, replica, unit, db):
    for i in range(40):
        nama = f"Replika baca-tulis {i} {uuid.uuid4().hex[:6]}"
        w = rapi.patch(f"/v1/unor/{unit}", token=tenant["admin"], json={"nama": nama})
        assert w.status_code == 200, w.text
        token = w.headers[HEADER]
        assert LSN.match(token), token
        assert db.one("SELECT nama FROM unor WHERE id = %s", unit) == nama
        r = rapi.get(f"/v1/unor/{unit}", token=tenant["admin"], headers={HEADER: token})
        assert r.status_code == 200, r.text
        assert r.json()["nama"] == nama, f"iteration {i}: stale read with token {token}"
        assert r.json()["version"] == w.json()["version"]
    # once the replica has replayed the token, the replica (not the primary) answers
    assert wait_for(lambda: replica.replayed(token))
    before_primary = activity("primary", "replika-primary")[1]
    r, on_replica = served_by(lambda: rapi.get(f"/v1/unor/{unit}", token=tenant["admin"], headers={HEADER: token}),
                              replica, "kinerja-read")
    assert r.status_code == 200 and r.json()["nama"] == nama
    assert on_replica
    assert activity("primary", "replika-primary")[1] == before_primary


def test_a_replica_behind_the_token_or_lagging_is_skipped(rapi, tenant, replica, unit, db):
    old = db.one("SELECT nama FROM unor WHERE id = %s", unit)
    assert wait_for(lambda: replica.sql("SELECT nama FROM unor WHERE id = %s", unit)[0][0] == old)
    replica.sql("SELECT pg_wal_replay_pause()")
    try:
        nama = f"Replika jeda {uuid.uuid4().hex[:6]}"
        w = rapi.patch(f"/v1/unor/{unit}", token=tenant["admin"], json={"nama": nama})
        assert w.status_code == 200, w.text
        token = w.headers[HEADER]
        time.sleep(0.3)
        assert not replica.replayed(token)
        assert replica.sql("SELECT nama FROM unor WHERE id = %s", unit)[0][0] == old
        # with the token: the replica is behind it, the primary answers the new value
        for _ in range(5):
            r, on_primary = served_by(lambda: rapi.get(f"/v1/unor/{unit}", token=tenant["admin"],
                                                       headers={HEADER: token}), "primary", "replika-primary")
            assert r.status_code == 200 and r.json()["nama"] == nama
            assert on_primary
        # a malformed token is never trusted: the primary answers
        r, on_primary = served_by(lambda: rapi.get(f"/v1/unor/{unit}", token=tenant["admin"],
                                                   headers={HEADER: "bukan-lsn"}), "primary", "replika-primary")
        assert r.status_code == 200 and r.json()["nama"] == nama and on_primary
        # without a token: once the lag exceeds KINERJA_READ_MAX_LAG_MS (1 s; checked at most every
        # second) the replica is skipped and even token-less reads get the new value
        time.sleep(2.5)
        for _ in range(5):
            r, on_replica = served_by(lambda: rapi.get(f"/v1/unor/{unit}", token=tenant["admin"]),
                                      replica, "kinerja-read")
            assert r.status_code == 200 and r.json()["nama"] == nama
            assert not on_replica
    finally:
        replica.sql("SELECT pg_wal_replay_resume()")
    # caught up again: the replica serves reads again
    assert wait_for(lambda: replica.replayed(token))
    assert wait_for(lambda: served_by(lambda: rapi.get(f"/v1/unor/{unit}", token=tenant["admin"]),
                                      replica, "kinerja-read")[1])


def test_the_feed_on_the_replica_ends_below_a_transaction_running_on_the_primary(rapi, tenant, replica, unit, db):
    """pg_current_snapshot works on a hot standby, whose snapshot comes from the replayed WAL: the
    replica's change feed also ends below a transaction still running on the primary, and shows
    it with the later one once it has committed and been replayed."""
    admin = tenant["admin"]

    def feed(cursor, token):
        q = "/v1/perubahan?entity=unor&limit=500" + (f"&cursor={cursor}" if cursor else "")
        out, on_replica = served_by(lambda: rapi.get(q, token=admin, headers={HEADER: token}), replica, "kinerja-read")
        assert out.status_code == 200 and on_replica, out.text
        return out.json()

    def lsn():
        return primary_sql("SELECT pg_current_wal_lsn()::text")[0][0]

    token = lsn()
    assert wait_for(lambda: replica.replayed(token))
    cursor = None
    while True:
        page = feed(cursor, token)
        cursor = page["next_cursor"]
        if not page["more"]:
            break
    a = psycopg2.connect(host=os.environ["KN_PG_DATA"], port=os.environ["KN_PG_PORT"], user="postgres", dbname="kinerja")
    try:
        with a.cursor() as c:
            c.execute("UPDATE unor SET nama = %s WHERE id = %s", (f"Replika terbuka {uuid.uuid4().hex[:6]}", unit))
        w = rapi.patch(f"/v1/unor/{tenant['bidang']}", token=admin, json={"nama": f"Replika B {uuid.uuid4().hex[:6]}"})
        assert w.status_code == 200, w.text
        assert wait_for(lambda: replica.replayed(w.headers[HEADER]))
        assert feed(cursor, w.headers[HEADER])["items"] == []
        a.commit()
    finally:
        a.close()
    token = lsn()
    assert wait_for(lambda: replica.replayed(token))
    got = [i["entity_id"] for i in feed(cursor, token)["items"]]
    assert got == [str(unit), str(tenant["bidang"])]


def test_stopping_the_replica_does_not_fail_reads(rapi, rserver, tenant, replica, unit, db):
    nama = db.one("SELECT nama FROM unor WHERE id = %s", unit)
    replica.stop()
    try:
        for _ in range(20):
            r, on_primary = served_by(lambda: rapi.get(f"/v1/unor/{unit}", token=tenant["admin"]),
                                      "primary", "replika-primary")
            assert r.status_code == 200, r.text
            assert r.json()["nama"] == nama
            assert on_primary
        # writes are unaffected and a token read is answered by the primary
        nama = f"Replika mati {uuid.uuid4().hex[:6]}"
        w = rapi.patch(f"/v1/unor/{unit}", token=tenant["admin"], json={"nama": nama})
        assert w.status_code == 200, w.text
        r = rapi.get(f"/v1/unor/{unit}", token=tenant["admin"], headers={HEADER: w.headers[HEADER]})
        assert r.status_code == 200 and r.json()["nama"] == nama
    finally:
        replica.start()
    # a replica marked down is tried again later (after 5 s): it serves reads once more
    assert wait_for(lambda: served_by(lambda: rapi.get(f"/v1/unor/{unit}", token=tenant["admin"]),
                                      replica, "kinerja-read")[1], timeout=30)
    with open(rserver.log_path, "rb") as f:
        log = f.read()
    assert b"read replica failed" in log or b"database connect failed (kinerja-read)" in log


def test_without_read_url_no_token_and_no_extra_statement(tenant, unit, db):
    s = Server({"KINERJA_DATABASE_URL": APP_URL + " application_name=replika-plain",
                "KINERJA_DATABASE_URL_READ": "", "KINERJA_WORKERS": "1"}).start()
    try:
        api = Api(s.url)
        nama = f"Replika polos {uuid.uuid4().hex[:6]}"
        w = api.patch(f"/v1/unor/{unit}", token=tenant["admin"], json={"nama": nama})
        assert w.status_code == 200, w.text
        assert HEADER not in w.headers
        assert db.one("SELECT nama FROM unor WHERE id = %s", unit) == nama
        # the write's pipeline ended with COMMIT: no pg_current_wal_insert_lsn() after it
        assert primary_sql("SELECT query FROM pg_stat_activity WHERE application_name = 'replika-plain'") \
            == [("COMMIT",)]
        # a token sent to a server without replicas is harmless
        r = api.get(f"/v1/unor/{unit}", token=tenant["admin"], headers={HEADER: "0/1"})
        assert r.status_code == 200 and r.json()["nama"] == nama
        assert HEADER not in r.headers
    finally:
        assert s.stop() == 0


def test_a_malformed_read_url_stops_start_up():
    env = dict(os.environ, KINERJA_DATABASE_URL_READ=",postgresql://127.0.0.1/kinerja")
    p = subprocess.run([BIN, "serve"], env=env, capture_output=True, timeout=30)
    assert p.returncode != 0
    assert b"KINERJA_DATABASE_URL_READ" in p.stderr
    many = ",".join(f"postgresql://127.0.0.1:{5400 + i}/kinerja" for i in range(9))
    p = subprocess.run([BIN, "serve"], env=dict(os.environ, KINERJA_DATABASE_URL_READ=many),
                       capture_output=True, timeout=30)
    assert p.returncode != 0 and b"at most 8" in p.stderr
