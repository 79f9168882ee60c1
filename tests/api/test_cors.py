"""CORS and OPTIONS over plain HTTP: which responses carry CORS headers, what a preflight answers,
and that KINERJA_CORS_ORIGINS is parsed strictly at start-up. The browser's side of it is in
test_browser.py. Owner: platform (issue 21)."""
import subprocess

import pytest
import requests

from conftest import BIN, Server, problem

APP = "https://app.example.go.id"
LOCAL = "http://127.0.0.1:8081"
EXPOSED = {"ETag", "Location", "X-Request-Id", "Retry-After", "Idempotent-Replayed", "Kinerja-Konsistensi"}
REQUEST_HEADERS = {"authorization", "content-type", "if-match", "if-none-match", "idempotency-key",
                   "x-request-id", "accept-language", "kinerja-konsistensi"}
CORS_HEADERS = ("Access-Control-Allow-Origin", "Access-Control-Expose-Headers", "Access-Control-Allow-Methods",
                "Access-Control-Allow-Headers", "Access-Control-Max-Age", "Access-Control-Allow-Credentials")


@pytest.fixture(scope="module")
def cors():
    s = Server({"KINERJA_CORS_ORIGINS": f"{APP}, {LOCAL}"}).start()
    yield s
    assert s.stop() == 0


def _set(value):
    return {x.strip().lower() for x in value.split(",")}


def _no_cors(r):
    present = [h for h in CORS_HEADERS if h in r.headers]
    assert present == [], f"unexpected CORS headers {present}"


def _allowed(r, origin):
    assert r.headers["Access-Control-Allow-Origin"] == origin
    assert {h.lower() for h in EXPOSED} <= _set(r.headers["Access-Control-Expose-Headers"])
    assert "Access-Control-Allow-Credentials" not in r.headers
    assert r.headers["Vary"] == "Origin"


def test_preflight_from_allowed_origin(cors):
    r = requests.options(cors.url + "/v1/skp/123", headers={
        "Origin": APP, "Access-Control-Request-Method": "PATCH",
        "Access-Control-Request-Headers": "authorization, content-type, if-match"})
    assert r.status_code == 204 and r.content == b""
    _allowed(r, APP)
    assert _set(r.headers["Access-Control-Allow-Methods"]) == {"get", "patch", "delete", "options"}
    assert _set(r.headers["Allow"]) == {"get", "patch", "delete", "options"}
    assert _set(r.headers["Access-Control-Allow-Headers"]) == REQUEST_HEADERS
    assert 0 < int(r.headers["Access-Control-Max-Age"]) <= 7200
    # the second origin of the list, on another route
    r = requests.options(cors.url + "/v1/unor/7/distribusi.svg", headers={
        "Origin": LOCAL, "Access-Control-Request-Method": "GET"})
    assert r.status_code == 204
    _allowed(r, LOCAL)
    assert _set(r.headers["Access-Control-Allow-Methods"]) == {"get", "options"}


def test_preflight_needs_no_token_and_covers_every_route(cors):
    out = subprocess.run([BIN, "routes"], check=True, capture_output=True, text=True).stdout
    for line in out.strip().splitlines():
        method, pattern = line.split(" ", 1)
        path = pattern.replace("{", "").replace("}", "")  # any segment value matches a parameter
        r = requests.options(cors.url + path, headers={"Origin": APP, "Access-Control-Request-Method": method})
        assert r.status_code == 204, (line, r.status_code, r.text)
        assert method in [m.strip() for m in r.headers["Access-Control-Allow-Methods"].split(",")], line
        assert r.headers["Access-Control-Allow-Origin"] == APP, line


def test_preflight_from_other_origin_gets_no_cors(cors):
    for origin in ("https://evil.example.com", "https://app.example.go.id.evil.com", "null",
                   "http://app.example.go.id", APP + ":443", APP.upper()):
        r = requests.options(cors.url + "/v1/skp", headers={"Origin": origin, "Access-Control-Request-Method": "GET"})
        assert r.status_code == 204, origin
        _no_cors(r)
        assert r.headers["Vary"] == "Origin"
        assert _set(r.headers["Allow"]) == {"get", "post", "options"}


def test_preflight_of_unknown_path_is_404_without_preflight_headers(cors):
    r = requests.options(cors.url + "/v1/tidak-ada", headers={"Origin": APP, "Access-Control-Request-Method": "GET"})
    problem(r, 404, "not_found")
    for h in ("Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Max-Age"):
        assert h not in r.headers


def test_errors_carry_cors_headers_for_allowed_origin(cors, tenant, tok):
    hdr = {"Origin": APP}
    body = problem(requests.get(cors.url + "/v1/skp", headers=hdr), 401, "unauthorized")
    assert body["request_id"]
    r = requests.get(cors.url + "/v1/skp", headers=hdr)
    _allowed(r, APP)
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    admin = {"Authorization": "Bearer " + tenant["admin"], "Origin": APP}
    r = requests.get(cors.url + "/v1/skp/999999999", headers=admin)
    problem(r, 404, "not_found")
    _allowed(r, APP)
    r = requests.delete(cors.url + "/v1/pegawai", headers=admin)
    problem(r, 405, "method_not_allowed")
    _allowed(r, APP)
    # 412 on a stale If-Match, readable by the page
    u = requests.get(cors.url + f"/v1/unor/{tenant['seksi']}", headers=admin)
    assert u.status_code == 200
    _allowed(u, APP)
    assert u.headers["ETag"].startswith('"v')
    r = requests.patch(cors.url + f"/v1/unor/{tenant['seksi']}", headers={**admin, "If-Match": '"v999999"'},
                       json={"nama": u.json()["nama"]})
    problem(r, 412, "precondition_failed")
    _allowed(r, APP)


def test_success_carries_cors_headers_only_for_allowed_origin(cors, tenant):
    auth = {"Authorization": "Bearer " + tenant["admin"]}
    r = requests.get(cors.url + "/v1/unor?limit=1", headers={**auth, "Origin": APP, "X-Request-Id": "cors-uji-1"})
    assert r.status_code == 200 and r.json()["items"]
    _allowed(r, APP)
    assert r.headers["X-Request-Id"] == "cors-uji-1"
    for h in ({"Origin": "https://lain.example.go.id"}, {}):
        r = requests.get(cors.url + "/v1/unor?limit=1", headers={**auth, **h})
        assert r.status_code == 200
        _no_cors(r)
        assert r.headers["Vary"] == "Origin"


def test_default_server_has_no_cors_but_answers_options(api):
    r = api.get("/healthz", headers={"Origin": APP})
    assert r.status_code == 200
    _no_cors(r)
    assert "Vary" not in r.headers
    r = api.request("OPTIONS", "/v1/skp", headers={"Origin": APP, "Access-Control-Request-Method": "GET"})
    assert r.status_code == 204
    _no_cors(r)
    assert _set(r.headers["Allow"]) == {"get", "post", "options"}


@pytest.mark.parametrize("value,reason", [
    ("*", "http:// or https://"),
    ("https://app.example.go.id/", "without path"),
    ("https://app.example.go.id,,http://127.0.0.1:8081", "empty entry"),
    ("https://app.example.go.id:443", "default port"),
    ("https://App.example.go.id", "lowercase"),
])
def test_malformed_origins_stop_the_server(value, reason):
    s = Server({"KINERJA_CORS_ORIGINS": value})
    p = subprocess.run([BIN, "serve"], env=s.env, capture_output=True, text=True, timeout=30)
    assert p.returncode == 2
    assert "KINERJA_CORS_ORIGINS" in p.stderr and reason in p.stderr, p.stderr
