"""Black-box API test harness. Owner: platform.

Runs the real `kinerja` binary (KN_BIN) against the real PostgreSQL started by scripts/test
(KN_DB_URL for the owner role, KN_APP_DB_URL for the server's non-owner login when set,
KN_PG_DATA/KN_PG_PORT for superuser access). Nothing is mocked.

Fixtures
- server: a running server (session-wide); `server.url`, `server.restart()`.
- api:    an HTTP helper bound to the server: api.get(path, token=..., **requests kwargs) ...
- tok:    token factory: tok("admin_bkpsdm", instansi="uji", nip=None, scope=None, **claims).
- db:     superuser SQL (bypasses RLS) for assertions: db.one(sql, *args), db.all(...), db.exec(...).
- tenant: the test tenant "uji" with a small org tree built through the API (see build_tree).
"""
import json
import os
import signal
import socket
import subprocess
import time
import uuid

import jwt
import psycopg2
import pytest
import requests

ROOT = os.environ.get("KN_ROOT", os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
BIN = os.environ.get("KN_BIN", os.path.join(ROOT, "build", "kinerja"))
SECRET = os.environ.get("KN_JWT_SECRET", "x" * 64)
WEBHOOK_KEY = "kunci-webhook-uji-" + "w" * 32   # test-only key for webhook signing secrets
ISS, AUD = "kinerja-test", "kinerja-api"
# Fresh tenants per session: the ASan run and the release run share one database.
_RUN = os.urandom(3).hex()
TENANT, OTHER = f"uji{_RUN}", f"lain{_RUN}"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Server:
    def __init__(self, extra_env=None, binary=None):
        self.binary = binary or BIN
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ)
        self.env.update({
            "KINERJA_LISTEN": f"127.0.0.1:{self.port}",
            # the server's own login owns nothing (KN_APP_DB_URL, kinerja_api); the owner migrates
            "KINERJA_DATABASE_URL": os.environ.get("KN_APP_DB_URL") or os.environ["KN_DB_URL"],
            "KINERJA_JWT_ISSUER": ISS,
            "KINERJA_JWT_AUDIENCE": AUD,
            "KINERJA_JWT_HS256_SECRET": SECRET,
            "KINERJA_WORKERS": "4",
            "KINERJA_MAX_BODY": str(64 * 1024),
            "KINERJA_ACCESS_LOG": "0",
            "KINERJA_WEBHOOK_KEY": WEBHOOK_KEY,
            # the webhook tests' receivers listen on 127.0.0.1; every other internal address stays
            # refused (test_webhook_ssrf.py runs servers and workers without this)
            "KINERJA_WEBHOOK_ALLOW_HOSTS": "127.0.0.1",
            # the whole suite asks for tokens from 127.0.0.1; the limit itself: test_token_limits.py
            "KINERJA_TOKEN_RATE": "100000",
        })
        self.env.update(extra_env or {})
        self.proc = None
        self.log_path = os.path.join("/tmp", f"kinerja-server-{self.port}.log")

    def start(self):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=self.log, stderr=self.log)
        for _ in range(300):
            try:
                if requests.get(self.url + "/healthz", timeout=0.5).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log_path}")
            time.sleep(0.05)
        raise RuntimeError("server did not become healthy")

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        rc = self.proc.returncode if self.proc else None
        self.log.close()
        return rc


@pytest.fixture(scope="session")
def server():
    s = Server().start()
    yield s
    rc = s.stop()
    assert rc == 0, f"server exited with {rc} (sanitizer report?) — see {s.log_path}"


class Api:
    def __init__(self, base):
        self.base = base
        self.s = requests.Session()

    def request(self, method, path, token=None, headers=None, **kw):
        h = dict(headers or {})
        if token:
            h["Authorization"] = f"Bearer {token}"
        kw.setdefault("timeout", 30)
        return self.s.request(method, self.base + path, headers=h, **kw)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def put(self, path, **kw):
        return self.request("PUT", path, **kw)

    def patch(self, path, **kw):
        return self.request("PATCH", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


@pytest.fixture(scope="session")
def api(server):
    return Api(server.url)


def make_token(roles, instansi=None, nip=None, scope=None, ttl=3600, secret=SECRET,
               headers=None, algorithm="HS256", **claims):
    now = int(time.time())
    instansi = instansi or TENANT
    body = {"iss": ISS, "aud": AUD, "sub": f"test-{'-'.join(roles if isinstance(roles, list) else [roles])}",
            "instansi": instansi, "iat": now, "exp": now + ttl,
            "roles": roles if isinstance(roles, list) else [roles]}
    if nip:
        body["nip"] = nip
    if scope:
        body["scope"] = scope
    body.update(claims)
    body = {k: v for k, v in body.items() if v is not None}
    return jwt.encode(body, secret, algorithm=algorithm, headers=headers)


@pytest.fixture(scope="session")
def tok():
    return make_token


class Db:
    def __init__(self):
        self.connect()

    def connect(self):
        self.conn = psycopg2.connect(host=os.environ["KN_PG_DATA"], port=os.environ["KN_PG_PORT"],
                                     user="postgres", dbname="kinerja")
        self.conn.autocommit = True

    def _run(self, sql, args, fetch):
        for attempt in (0, 1):
            try:
                if self.conn.closed:
                    self.connect()
                with self.conn.cursor() as c:
                    c.execute(sql, args)
                    return c.fetchall() if fetch else None
            except (psycopg2.OperationalError, psycopg2.InterfaceError):
                if attempt:
                    raise
                self.connect()  # the database was restarted by a resilience test

    def all(self, sql, *args):
        return self._run(sql, args, True)

    def one(self, sql, *args):
        rows = self.all(sql, *args)
        return rows[0][0] if rows else None

    def exec(self, sql, *args):
        self._run(sql, args, False)


@pytest.fixture(scope="session")
def db():
    d = Db()
    yield d
    d.conn.close()


# ---- synthetic NIPs -------------------------------------------------------------------------
import random

_seq = [random.randrange(0, 400000)]  # sessions share a database (ASan run, then release run)


def nip(birth=None, tmt="201003", sex="1", pppk=False):
    """A fresh valid synthetic NIP, unique across test sessions on the same database."""
    _seq[0] += 1
    s = _seq[0]
    if pppk:
        tmt = tmt[:4] + "21"
    year = int(birth[:4]) if birth else 1960 + (s // 999 // 28 // 12) % 25
    month = int(birth[4:6]) if birth else 1 + (s // 999 // 28) % 12
    day = 1 + (s // 999) % 28
    return f"{year:04d}{month:02d}{day:02d}{tmt}{sex}{(s % 999) + 1:03d}"


def ensure_instansi(db, kode, nama="Kabupaten Uji"):
    db.exec("INSERT INTO instansi (kode, nama, nama_kepala_daerah) VALUES (%s, %s, 'Bupati Uji') "
            "ON CONFLICT (kode) DO NOTHING", kode, nama)
    return db.one("SELECT id FROM instansi WHERE kode = %s", kode)


def build_tree(api, admin, prefix):
    """Root → Setda (PD) and Dinas (PD) → Bidang → Seksi, with heads and staff. Returns ids/nips."""
    t = {}

    def unor(nama, parent=None, pd=False):
        r = api.post("/v1/unor", token=admin, json={"nama": f"{prefix} {nama}", "parent_id": parent,
                                                     "is_perangkat_daerah": pd})
        assert r.status_code == 201, r.text
        return r.json()["id"]

    def peg(unit, jj, jabatan, kepala=False, plt=False):
        n = nip()
        r = api.post("/v1/pegawai", token=admin, json={
            "nip": n, "nama": f"{prefix} {jabatan}", "jenis_asn": "PNS", "jenis_jabatan": jj,
            "jabatan": jabatan, "unor_id": unit, "is_plt": plt})
        assert r.status_code == 201, r.text
        if kepala:
            r = api.patch(f"/v1/unor/{unit}", token=admin, json={"kepala_nip": n, "kepala_plt": plt})
            assert r.status_code == 200, r.text
        return n

    t["root"] = unor("Pemerintah")
    t["setda"] = unor("Sekretariat Daerah", t["root"], True)
    t["dinas"] = unor("Dinas", t["root"], True)
    t["bidang"] = unor("Bidang", t["dinas"])
    t["seksi"] = unor("Seksi", t["bidang"])
    t["dinas2"] = unor("Dinas Dua", t["root"], True)
    t["sekda"] = peg(t["setda"], "JPT", "Sekretaris Daerah", kepala=True)
    t["kadis"] = peg(t["dinas"], "JPT", "Kepala Dinas", kepala=True)
    t["kabid"] = peg(t["bidang"], "ADMINISTRATOR", "Kepala Bidang", kepala=True)
    t["kasi"] = peg(t["seksi"], "PENGAWAS", "Kepala Seksi", kepala=True)
    t["staf"] = peg(t["seksi"], "PELAKSANA", "Pengadministrasi")
    t["jf"] = peg(t["bidang"], "FUNGSIONAL", "Analis Ahli Pertama")
    t["kadis2"] = peg(t["dinas2"], "JPT", "Kepala Dinas Dua", kepala=True)
    t["staf2"] = peg(t["dinas2"], "PELAKSANA", "Pengadministrasi Dua")
    r = api.patch("/v1/instansi", token=admin, json={"unor_setda_id": t["setda"]})
    assert r.status_code == 200, r.text
    return t


@pytest.fixture(scope="session")
def tenant(api, db, tok):
    """Tenant "uji" with a small tree; a second tenant "lain" with its own rows."""
    ensure_instansi(db, TENANT)
    ensure_instansi(db, OTHER, "Kabupaten Lain")
    admin = tok("admin_bkpsdm", instansi=TENANT)
    tree = build_tree(api, admin, "Uji")
    other_admin = tok("admin_bkpsdm", instansi=OTHER)
    tree["lain"] = build_tree(api, other_admin, "Lain")
    tree["admin"] = admin
    tree["other_admin"] = other_admin
    return tree


def problem(r, status, code=None):
    """Assert r is a problem+json with the status (and code)."""
    assert r.status_code == status, f"{r.status_code} {r.text}"
    assert r.headers["Content-Type"].startswith("application/problem+json"), r.headers
    body = r.json()
    assert body["status"] == status
    assert body["request_id"] == r.headers["X-Request-Id"]
    for k in ("type", "title", "detail", "code", "errors"):
        assert k in body
    if code:
        assert body["code"] == code, body
    return body
