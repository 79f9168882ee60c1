"""A faithful fake of BKN's SIASN web services for the connector tests. Owner: integration.

Python stdlib only: a ThreadingHTTPServer in a daemon thread on a free loopback port.
- POST /oauth2/token: APIM token; HTTP Basic consumer key/secret, grant_type=client_credentials.
- POST /auth/realms/public-siasn/protocol/openid-connect/token: SSO token; grant_type=password,
  client_id, username, password.
- Everything under /apisiasn/1.0 needs BOTH `Authorization: Bearer <apim>` and
  `Auth: bearer <sso>` (401 otherwise) and serves: GET referensi/ref-unor, pns/data-utama/{nip},
  pns/rw-skp22/{nip}, pns/rw-kinerjaperiodik/{nip}; POST skp22/save, kinerjaperiodik/save with
  the exact field names, types and code ranges of domain.md §9.3 (400 with a SIASN-style body
  otherwise). Saves create a row (new id) or update the row named by "id".
- Faults: fail(path, n, status) answers `status` n times; delay(path, n, seconds) sleeps before
  answering n times (beyond the client's timeout); reject(path, status, message) once;
  revoke_tokens() makes every issued token invalid (the client must fetch new ones).
Every request is recorded in `requests` (method, path, headers, parsed body) for assertions.
"""
import base64
import json
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BASE = "/apisiasn/1.0"
APIM_PATH = "/oauth2/token"
SSO_PATH = "/auth/realms/public-siasn/protocol/openid-connect/token"

SKP22_FIELDS = {"id": str, "tahun": int, "pnsDinilaiOrang": str, "hasilKinerjaNilai": int,
                "perilakuKerjaNilai": int, "kuadranKinerjaNilai": int, "penilaiNipNrp": str, "penilaiNama": str,
                "penilaiJabatan": str, "penilaiUnorNama": str, "penilaiGolongan": str, "statusPenilai": str,
                "path": list}
PERIODIK_FIELDS = {"id": str, "tahun": int, "bulanMulaiPenilaian": int, "bulanSelesaiPenilaian": int,
                   "tahunMulaiPenilaian": int, "tahunSelesaiPenilaian": int, "periodikId": str, "koefisienId": str,
                   "pnsDinilaiId": str, "hasilKinerjaNilai": int, "perilakuKerjaNilai": int,
                   "kuadranKinerjaNilai": int, "penilaiNipNrp": str, "penilaiNama": str,
                   "penilaiJabatanNama": str, "penilaiUnorNama": str, "penilaiGolongan": str,
                   "statusPenilai": str, "path": list}
KUADRAN = {(1, 1): 1, (1, 2): 2, (1, 3): 4, (2, 1): 2, (2, 2): 2, (2, 3): 4, (3, 1): 3, (3, 2): 3, (3, 3): 5}


class FakeSiasn:
    def __init__(self, key="kunci-uji", secret="rahasia-konsumen-uji", client_id="kinerja-uji",
                 username="operator-uji", password="sandi-operator-uji"):
        self.key, self.secret, self.client_id, self.username, self.password = key, secret, client_id, username, password
        self.lock = threading.Lock()
        self.apim_tokens, self.sso_tokens, self._issued = set(), set(), []
        self.requests = []
        self.unor = []          # ref-unor "data" rows
        self.pns = {}           # nip -> data-utama "data"
        self.skp22 = {}         # id -> stored save body (+ read fields)
        self.periodik = {}      # id -> stored save body
        self.faults = []        # [path_suffix, remaining, kind, arg]
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    # ---- control ---------------------------------------------------------------------------
    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def env(self, **over):
        e = {"KINERJA_SIASN_BASE_URL": self.url + BASE, "KINERJA_SIASN_APIM_TOKEN_URL": self.url + APIM_PATH,
             "KINERJA_SIASN_SSO_TOKEN_URL": self.url + SSO_PATH, "KINERJA_SIASN_CONSUMER_KEY": self.key,
             "KINERJA_SIASN_CONSUMER_SECRET": self.secret, "KINERJA_SIASN_SSO_CLIENT_ID": self.client_id,
             "KINERJA_SIASN_USERNAME": self.username, "KINERJA_SIASN_PASSWORD": self.password,
             "KINERJA_SIASN_TIMEOUT_MS": "1000", "KINERJA_SIASN_MAX_ATTEMPTS": "3", "KINERJA_SIASN_BACKOFF_MS": "50"}
        e.update(over)
        return e

    def fail(self, path, n=1, status=500):
        self.faults.append([path, n, "status", status])

    def delay(self, path, n=1, seconds=2.0):
        self.faults.append([path, n, "delay", seconds])

    def reject(self, path, status=400, message="Data tidak valid"):
        self.faults.append([path, 1, "reject", (status, message)])

    def revoke_tokens(self):
        with self.lock:
            self.apim_tokens.clear()
            self.sso_tokens.clear()

    def calls(self, method=None, path=None):
        with self.lock:
            return [r for r in self.requests if (method is None or r["method"] == method)
                    and (path is None or r["path"].startswith(path))]

    def secrets(self):
        """Everything that must never leak: credentials and every token issued."""
        with self.lock:
            return [self.secret, self.password] + list(self._issued)

    # ---- the server ------------------------------------------------------------------------
    def _handler(self):
        fake = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def _send(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _handle(self, method):
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n) if n else b""
                path = urllib.parse.urlsplit(self.path).path
                rec = {"method": method, "path": path[len(BASE):] if path.startswith(BASE) else path,
                       "headers": {k.lower(): v for k, v in self.headers.items()}, "raw": raw,
                       "data": path.startswith(BASE)}
                try:
                    rec["body"] = json.loads(raw) if raw and "json" in (self.headers.get("Content-Type") or "") else None
                except ValueError:
                    rec["body"] = None
                with fake.lock:
                    fake.requests.append(rec)
                    fault = next((f for f in fake.faults if rec["path"].startswith(f[0]) and f[1] > 0), None)
                    if fault:
                        fault[1] -= 1
                if fault and fault[2] == "delay":
                    time.sleep(fault[3])
                elif fault and fault[2] == "status":
                    return self._send(fault[3], {"success": False, "message": "Internal Server Error"})
                elif fault and fault[2] == "reject":
                    return self._send(fault[3][0], {"success": False, "message": fault[3][1]})
                status, body = fake._route(method, rec, raw)
                try:
                    self._send(status, body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

        return H

    def _route(self, method, rec, raw):
        path, h = rec["path"], rec["headers"]
        if method == "POST" and path == APIM_PATH:
            return self._apim_token(h, raw)
        if method == "POST" and path == SSO_PATH:
            return self._sso_token(raw)
        if not rec["data"]:
            return 404, {"success": False, "message": "Not Found"}
        if not self._authorised(h):
            return 401, {"code": 900901, "message": "Invalid Credentials",
                         "description": "Access failure for API: both Authorization and Auth are required"}
        parts = path.strip("/").split("/")
        if method == "GET" and path == "/referensi/ref-unor":
            return 200, {"success": True, "data": self.unor}
        if method == "GET" and parts[:2] == ["pns", "data-utama"] and len(parts) == 3:
            d = self.pns.get(parts[2])
            return (200, {"success": True, "data": d}) if d else (404, {"success": False, "message": "Data tidak ditemukan"})
        if method == "GET" and parts[:2] == ["pns", "rw-skp22"] and len(parts) == 3:
            return 200, {"success": True, "data": [self._read_skp22(r) for r in self.skp22.values()
                                                   if r["pnsDinilaiOrang"] == self._pns_id(parts[2])]}
        if method == "GET" and parts[:2] == ["pns", "rw-kinerjaperiodik"] and len(parts) == 3:
            return 200, {"success": True, "data": [self._read_periodik(r) for r in self.periodik.values()
                                                   if r["pnsDinilaiId"] == self._pns_id(parts[2])]}
        if method == "POST" and path == "/skp22/save":
            return self._save(rec["body"], SKP22_FIELDS, self.skp22, "pnsDinilaiOrang", "rwSkpId")
        if method == "POST" and path == "/kinerjaperiodik/save":
            return self._save(rec["body"], PERIODIK_FIELDS, self.periodik, "pnsDinilaiId", "rwKinerjaPeriodikId")
        return 404, {"success": False, "message": "Not Found"}

    def _issue(self, store):
        t = uuid.uuid4().hex + uuid.uuid4().hex
        with self.lock:
            store.add(t)
            self._issued.append(t)
        return t

    def _apim_token(self, h, raw):
        form = urllib.parse.parse_qs(raw.decode())
        want = "Basic " + base64.b64encode(f"{self.key}:{self.secret}".encode()).decode()
        if h.get("authorization") != want or form.get("grant_type") != ["client_credentials"]:
            return 401, {"error": "invalid_client", "error_description": "Client Authentication failed."}
        return 200, {"access_token": self._issue(self.apim_tokens), "token_type": "Bearer", "expires_in": 3600}

    def _sso_token(self, raw):
        form = urllib.parse.parse_qs(raw.decode())
        ok = (form.get("grant_type") == ["password"] and form.get("client_id") == [self.client_id]
              and form.get("username") == [self.username] and form.get("password") == [self.password])
        if not ok:
            return 401, {"error": "invalid_grant", "error_description": "Invalid user credentials"}
        return 200, {"access_token": self._issue(self.sso_tokens), "token_type": "bearer", "expires_in": 43200}

    def _authorised(self, h):
        a, s = h.get("authorization", ""), h.get("auth", "")
        with self.lock:
            return (a.startswith("Bearer ") and a[7:] in self.apim_tokens
                    and s.startswith("bearer ") and s[7:] in self.sso_tokens)

    def _pns_id(self, nip):
        d = self.pns.get(nip)
        return d["id"] if d else None

    def _bad(self, msg):
        return 400, {"success": False, "message": msg}

    def _save(self, b, fields, store, pns_key, id_key):
        if not isinstance(b, dict):
            return self._bad("Body harus JSON")
        if set(b) != set(fields):
            return self._bad(f"Field tidak sesuai: kurang {sorted(set(fields) - set(b))}, lebih {sorted(set(b) - set(fields))}")
        for k, t in fields.items():
            if not isinstance(b[k], t) or (t is int and isinstance(b[k], bool)):
                return self._bad(f"{k} harus {t.__name__}")
        hk, pk, kd = b["hasilKinerjaNilai"], b["perilakuKerjaNilai"], b["kuadranKinerjaNilai"]
        if hk not in (1, 2, 3) or pk not in (1, 2, 3) or kd not in range(1, 6):
            return self._bad("Nilai di luar referensi")
        if KUADRAN[(hk, pk)] != kd:
            return self._bad("kuadranKinerjaNilai tidak sesuai matriks")
        if b["statusPenilai"] not in ("ASN", "NON ASN"):
            return self._bad("statusPenilai tidak dikenal")
        if not any(p["id"] == b[pns_key] for p in self.pns.values()):
            return self._bad(f"{pns_key} tidak ditemukan")
        if "periodikId" in b:
            if b["periodikId"] not in ("1", "2"):
                return self._bad("periodikId tidak dikenal")
            bm, bs = b["bulanMulaiPenilaian"], b["bulanSelesaiPenilaian"]
            if not (1 <= bm <= bs <= 12) or (b["periodikId"] == "1" and bm != bs):
                return self._bad("Rentang bulan tidak valid")
        with self.lock:
            rid = b["id"]
            if rid and rid not in store:
                return self._bad("id riwayat tidak ditemukan")
            rid = rid or uuid.uuid4().hex[:12]
            store[rid] = dict(b, id=rid)
        return 200, {"success": True, "message": "success", "mapData": {id_key: rid}}

    @staticmethod
    def _read_skp22(r):
        # rw-skp22 answers with BKN's read names: capitalised, and the penilai fields renamed
        return {"id": r["id"], "tahun": r["tahun"], "hasilKinerjaNilai": r["hasilKinerjaNilai"],
                "PerilakuKerjaNilai": r["perilakuKerjaNilai"], "KuadranKinerjaNilai": r["kuadranKinerjaNilai"],
                "nipNrpPenilai": r["penilaiNipNrp"], "namaPenilai": r["penilaiNama"],
                "penilaiJabatanNm": r["penilaiJabatan"], "penilaiUnorNm": r["penilaiUnorNama"],
                "penilaiGolonganId": r["penilaiGolongan"], "statusPenilai": r["statusPenilai"]}

    @staticmethod
    def _read_periodik(r):
        return {"id": r["id"], "tahun": r["tahun"], "bulanMulaiPenilaian": r["bulanMulaiPenilaian"],
                "bulanSelesaiPenilaian": r["bulanSelesaiPenilaian"], "periodikId": r["periodikId"],
                "periodikNama": "Triwulan" if r["periodikId"] == "2" else "Bulanan",
                "koefisenId": r["koefisienId"], "kuadranNilai": r["kuadranKinerjaNilai"],
                "hasilKinerjaNilai": r["hasilKinerjaNilai"], "perilakuKerjaNilai": r["perilakuKerjaNilai"],
                "persentase": None, "unorId": None, "unorNama": r["penilaiUnorNama"], "jabatan": None,
                "instansiId": None, "nipNrpPenilai": r["penilaiNipNrp"], "namaPenilai": r["penilaiNama"]}
