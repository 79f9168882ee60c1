"""HTTP core: routing, problem+json, request ids, languages, body limits, bad input.
Owner: platform (issue 2)."""
import json

from conftest import make_token, nip, problem


def test_healthz_and_readyz(api):
    r = api.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    r = api.get("/readyz")
    assert r.status_code == 200 and r.json() == {"status": "ready"}


def test_openapi_and_docs_are_served(api):
    r = api.get("/openapi.yaml")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/yaml")
    assert "openapi: 3.1" in r.text
    r = api.get("/docs")
    assert r.status_code == 200 and "text/html" in r.headers["Content-Type"]
    assert "<html" in r.text.lower()


def test_unknown_path_is_json_404(api, tenant):
    body = problem(api.get("/v1/tidak-ada"), 404, "not_found")
    assert body["errors"] == []
    problem(api.get("/v1/tidak-ada", token=tenant["admin"]), 404, "not_found")
    problem(api.get("/sama/sekali/tidak"), 404, "not_found")


def test_wrong_method_is_405_with_allow(api, tenant):
    r = api.delete("/v1/pegawai", token=tenant["admin"])
    problem(r, 405, "method_not_allowed")
    assert set(x.strip() for x in r.headers["Allow"].split(",")) == {"GET", "POST", "OPTIONS"}
    r = api.put("/healthz")
    problem(r, 405)
    assert r.headers["Allow"] == "GET, OPTIONS"


def test_request_id_is_echoed_or_generated(api):
    r = api.get("/healthz", headers={"X-Request-Id": "uji-123.abc_9"})
    assert r.headers["X-Request-Id"] == "uji-123.abc_9"
    r = api.get("/healthz")
    assert len(r.headers["X-Request-Id"]) == 24
    # a hostile id (header injection, too long) is replaced, not echoed
    r = api.get("/healthz", headers={"X-Request-Id": "x" * 200})
    assert r.headers["X-Request-Id"] != "x" * 200 and len(r.headers["X-Request-Id"]) == 24


def test_problem_language_follows_accept_language(api):
    body = problem(api.get("/v1/nope"), 404)
    assert body["title"] == "Sumber daya tidak ditemukan"
    body = problem(api.get("/v1/nope", headers={"Accept-Language": "en-US,en;q=0.9"}), 404)
    assert body["title"] == "Resource not found"
    body = problem(api.get("/v1/nope", headers={"Accept-Language": "id-ID,id;q=0.9,en;q=0.5"}), 404)
    assert body["title"] == "Sumber daya tidak ditemukan"


def _counts(db):
    return (db.one("SELECT count(*) FROM pegawai"), db.one("SELECT count(*) FROM audit_log"))


def _valid_pegawai(tenant, **over):
    body = {"nip": nip(), "nama": "Uji Masukan", "jenis_asn": "PNS", "jenis_jabatan": "PELAKSANA",
            "jabatan": "Pengadministrasi", "unor_id": tenant["seksi"]}
    body.update(over)
    return body


def test_oversize_body_is_413_and_writes_nothing(api, db, tenant):
    before = _counts(db)
    body = _valid_pegawai(tenant, nama="x" * 100)
    raw = json.dumps(body) + " " * (70 * 1024)  # server limit in tests: 64 KiB
    r = api.post("/v1/pegawai", token=tenant["admin"], data=raw,
                 headers={"Content-Type": "application/json"})
    problem(r, 413, "payload_too_large")
    assert _counts(db) == before
    assert db.one("SELECT count(*) FROM pegawai WHERE nip = %s", body["nip"]) == 0


def test_malformed_json_is_400_and_writes_nothing(api, db, tenant):
    before = _counts(db)
    for raw in ['{"nama": ', "[1,2", "nul", "", '{"a":1}{"b":2}']:
        r = api.post("/v1/pegawai", token=tenant["admin"], data=raw,
                     headers={"Content-Type": "application/json"})
        problem(r, 400, "malformed_json")
    assert _counts(db) == before


def test_malformed_json_problem_is_valid_utf8(api, db, tenant):
    """Found by fuzz/fuzz_json_body.c: jansson's message quotes the body cut inside a UTF-8
    character; the 400 carried the broken bytes and was no valid JSON. Now they read U+FFFD."""
    before = _counts(db)
    for raw in [b'"n\\\xc4\xb9i', b'{"nama": "\xe2\x82', b'{"\xff": 1}']:
        r = api.post("/v1/pegawai", token=tenant["admin"], data=raw,
                     headers={"Content-Type": "application/json"})
        problem(r, 400, "malformed_json")
        json.loads(r.content.decode("utf-8"))  # strict: raises on broken UTF-8
    assert _counts(db) == before


def test_duplicate_keys_are_rejected(api, db, tenant):
    before = _counts(db)
    b = _valid_pegawai(tenant)
    raw = json.dumps(b)[:-1] + ', "nama": "Kedua"}'
    problem(api.post("/v1/pegawai", token=tenant["admin"], data=raw,
                     headers={"Content-Type": "application/json"}), 400, "malformed_json")
    assert _counts(db) == before


def test_body_must_be_an_object(api, db, tenant):
    before = _counts(db)
    problem(api.post("/v1/pegawai", token=tenant["admin"], data="[]",
                     headers={"Content-Type": "application/json"}), 400, "bad_request")
    for raw in ["42", '"teks"', "null"]:
        body = problem(api.post("/v1/pegawai", token=tenant["admin"], data=raw,
                                headers={"Content-Type": "application/json"}), 400)
        assert body["code"] in ("bad_request", "malformed_json")
    assert _counts(db) == before


def test_wrong_media_type_is_415(api, db, tenant):
    before = _counts(db)
    r = api.post("/v1/pegawai", token=tenant["admin"], data=json.dumps(_valid_pegawai(tenant)),
                 headers={"Content-Type": "text/plain"})
    problem(r, 415, "unsupported_media_type")
    assert _counts(db) == before


def test_wrong_types_and_unknown_fields_give_field_errors(api, db, tenant):
    before = _counts(db)
    b = _valid_pegawai(tenant, unor_id="tujuh", is_plt="ya", jenis_asn="HONORER", rahasia=1)
    body = problem(api.post("/v1/pegawai", token=tenant["admin"], json=b), 422, "validation_failed")
    errs = {e["field"]: e["code"] for e in body["errors"]}
    assert errs == {"unor_id": "invalid_type", "is_plt": "invalid_type",
                    "jenis_asn": "invalid_enum", "rahasia": "unknown_field"}
    assert all(e["message"] for e in body["errors"])
    b = {"nama": "Tanpa NIP"}
    body = problem(api.post("/v1/pegawai", token=tenant["admin"], json=b), 422)
    missing = {e["field"] for e in body["errors"] if e["code"] == "required"}
    assert missing == {"nip", "jenis_asn", "jenis_jabatan", "jabatan", "unor_id"}
    assert _counts(db) == before


def test_field_errors_in_english(api, tenant):
    b = _valid_pegawai(tenant, rahasia=1)
    body = problem(api.post("/v1/pegawai", token=tenant["admin"], json=b,
                            headers={"Accept-Language": "en"}), 422)
    assert body["errors"][0]["message"] == "Unknown field"
    assert body["title"] == "Validation failed"


def test_pagination_limits_and_cursor(api, tenant):
    for bad in ["0", "501", "abc", "-1"]:
        body = problem(api.get(f"/v1/pegawai?limit={bad}", token=tenant["admin"]), 422)
        assert body["errors"][0]["field"] == "limit"
    problem(api.get("/v1/pegawai?cursor=bukan-cursor", token=tenant["admin"]), 422)
    seen, cursor, pages = [], None, 0
    while True:
        q = "/v1/pegawai?limit=3" + (f"&cursor={cursor}" if cursor else "")
        r = api.get(q, token=tenant["admin"])
        assert r.status_code == 200, r.text
        page = r.json()
        assert len(page["items"]) <= 3
        seen += [p["nip"] for p in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) and pages >= 3
    all_items = api.get("/v1/pegawai?limit=500", token=tenant["admin"]).json()["items"]
    assert seen == [p["nip"] for p in all_items]


def test_idempotency_key_replays_and_refuses_reuse(api, db, tenant):
    body = {"nama": "Unit Idempoten", "parent_id": tenant["root"]}
    h = {"Idempotency-Key": "uji-" + nip()}
    r1 = api.post("/v1/unor", token=tenant["admin"], json=body, headers=h)
    assert r1.status_code == 201, r1.text
    r2 = api.post("/v1/unor", token=tenant["admin"], json=body, headers=h)
    assert (r2.status_code, r2.json()) == (201, r1.json())
    assert r2.headers["Idempotent-Replayed"] == "true"
    assert db.one("SELECT count(*) FROM unor WHERE nama = 'Unit Idempoten' AND id = %s", r1.json()["id"]) == 1
    assert db.one("SELECT count(*) FROM audit_log WHERE entity = 'unor' AND entity_id = %s", str(r1.json()["id"])) == 1
    problem(api.post("/v1/unor", token=tenant["admin"], json=dict(body, nama="Lain"), headers=h), 422, "idempotency_key_reused")
    # keys belong to the caller: another actor with the same key gets a fresh request
    other = make_token("admin_bkpsdm", sub="admin-lain")
    r3 = api.post("/v1/unor", token=other, json=body, headers=h)
    assert r3.status_code == 201 and r3.json()["id"] != r1.json()["id"]
    # an error is stored too, and replayed (the request was understood and refused)
    bad = {"Idempotency-Key": "uji-" + nip()}
    assert api.post("/v1/unor", token=tenant["admin"], json={"nama": ""}, headers=bad).status_code == 422
    assert api.post("/v1/unor", token=tenant["admin"], json={"nama": ""}, headers=bad).headers.get("Idempotent-Replayed") == "true"
    problem(api.post("/v1/unor", token=tenant["admin"], json=body, headers={"Idempotency-Key": "spasi di dalam"}), 400)
