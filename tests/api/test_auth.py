"""JWT authentication and the 401/403/404 rules. Owner: platform (issue 2).
Tokens are minted here with PyJWT/cryptography, independently of the server's own code."""
import base64
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from conftest import AUD, ISS, SECRET, TENANT, Api, Server, make_token, problem

PREVIOUS = "p" * 48


def b64(d):
    return base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    rsa_pub = rsa_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                serialization.PublicFormat.SubjectPublicKeyInfo)
    ec_pub = ec_key.public_key().public_bytes(serialization.Encoding.PEM,
                                              serialization.PublicFormat.SubjectPublicKeyInfo)
    path = tmp_path_factory.mktemp("keys") / "public.pem"
    path.write_bytes(b"kid: rsa-1\n" + rsa_pub + b"kid: ec-1\n" + ec_pub)
    return {"rsa": rsa_key, "ec": ec_key, "rsa_pub": rsa_pub, "file": str(path)}


@pytest.fixture(scope="module")
def kapi(keys, tenant):
    s = Server({"KINERJA_JWT_PUBLIC_KEYS": keys["file"],
                "KINERJA_JWT_HS256_SECRET_PREVIOUS": PREVIOUS}).start()
    yield Api(s.url)
    assert s.stop() == 0


def claims(**over):
    now = int(time.time())
    c = {"iss": ISS, "aud": AUD, "sub": "u1", "instansi": TENANT, "iat": now, "exp": now + 600,
         "roles": ["admin_bkpsdm"]}
    c.update(over)
    return {k: v for k, v in c.items() if v is not None}


def assert_401(api, token):
    r = api.get("/v1/instansi", token=token)
    problem(r, 401)
    assert r.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_valid_hs256_rs256_es256(kapi, keys):
    for t in [jwt.encode(claims(), SECRET, algorithm="HS256"),
              jwt.encode(claims(), keys["rsa"], algorithm="RS256", headers={"kid": "rsa-1"}),
              jwt.encode(claims(), keys["ec"], algorithm="ES256", headers={"kid": "ec-1"})]:
        r = kapi.get("/v1/instansi", token=t)
        assert r.status_code == 200, r.text
        assert r.json()["kode"] == TENANT


def test_rotation_previous_secret_accepted(kapi):
    assert kapi.get("/v1/instansi", token=jwt.encode(claims(), PREVIOUS, algorithm="HS256")).status_code == 200


def test_missing_and_malformed_authorization(kapi):
    problem(kapi.get("/v1/instansi"), 401, "unauthorized")
    problem(kapi.get("/v1/instansi", headers={"Authorization": "Basic dTpw"}), 401, "invalid_token")
    for bad in ["abc", "a.b", "a.b.c.d", "..", "%%%.%%%.%%%"]:
        assert_401(kapi, bad)


def test_alg_none_rejected(kapi):
    assert_401(kapi, b64({"alg": "none", "typ": "JWT"}) + "." + b64(claims()) + ".")
    assert_401(kapi, b64({"alg": "None"}) + "." + b64(claims()) + ".")


def test_hs256_signed_with_public_key_rejected(kapi, keys):
    # the classic algorithm-confusion attack: HMAC keyed with the RSA public key PEM
    import hashlib
    import hmac
    for kid in ["rsa-1", None]:
        h = {"alg": "HS256", "typ": "JWT"}
        if kid:
            h["kid"] = kid
        signing = (b64(h) + "." + b64(claims())).encode()
        sig = hmac.new(keys["rsa_pub"], signing, hashlib.sha256).digest()
        assert_401(kapi, signing.decode() + "." + base64.urlsafe_b64encode(sig).rstrip(b"=").decode())


def test_wrong_key_and_tampered_payload(kapi, keys):
    assert_401(kapi, jwt.encode(claims(), "z" * 40, algorithm="HS256"))
    t = jwt.encode(claims(), SECRET, algorithm="HS256")
    h, p, s = t.split(".")
    assert_401(kapi, h + "." + b64(claims(roles=["admin_bkpsdm", "auditor"])) + "." + s)
    # RS256 token claiming the EC key id
    assert_401(kapi, jwt.encode(claims(), keys["rsa"], algorithm="RS256", headers={"kid": "ec-1"}))
    assert_401(kapi, jwt.encode(claims(), keys["rsa"], algorithm="RS256", headers={"kid": "tak-ada"}))


@pytest.mark.parametrize("over", [
    {"exp": None},                       # exp required
    {"exp": "9999999999"},               # not a number
    {"exp": int(time.time()) - 120},     # expired beyond leeway
    {"nbf": int(time.time()) + 300},     # not yet valid
    {"iat": int(time.time()) + 300},     # issued in the future
    {"iss": "penerbit-lain"},
    {"iss": None},
    {"aud": "aplikasi-lain"},
    {"aud": ["x", "y"]},
    {"sub": None},
    {"sub": ""},
    {"instansi": None},
    {"roles": []},
    {"roles": ["superadmin"]},
    {"roles": "admin_bkpsdm"},
])
def test_claim_checks(kapi, over):
    assert_401(kapi, jwt.encode(claims(**over), SECRET, algorithm="HS256"))


def test_claim_leeway_and_audience_array(kapi):
    ok = [claims(exp=int(time.time()) - 10), claims(nbf=int(time.time()) + 10),
          claims(aud=["lain", AUD])]
    for c in ok:
        assert kapi.get("/v1/instansi", token=jwt.encode(c, SECRET, algorithm="HS256")).status_code == 200


def test_403_for_valid_token_without_the_right(api, tenant):
    t = make_token("pegawai", nip=tenant["staf"])
    problem(api.patch("/v1/instansi", token=t, json={"bobot_aktif": True}), 403, "forbidden")
    problem(api.get("/v1/audit", token=t), 403, "forbidden")
    aud = make_token("auditor")
    problem(api.post("/v1/unor", token=aud, json={"nama": "X"}), 403)
    integ = make_token("integrasi", scope="sync:read")
    assert api.get("/v1/pegawai", token=integ).status_code == 200
    problem(api.post("/v1/unor", token=integ, json={"nama": "X", "parent_id": tenant["root"]}), 403)
    no_scope = make_token("integrasi")
    problem(api.get("/v1/pegawai", token=no_scope), 403)


def test_other_tenant_objects_answer_404(api, tenant):
    other_unit = tenant["lain"]["dinas"]
    other_nip = tenant["lain"]["staf"]
    problem(api.get(f"/v1/unor/{other_unit}", token=tenant["admin"]), 404, "not_found")
    problem(api.get(f"/v1/pegawai/{other_nip}", token=tenant["admin"]), 404, "not_found")
    problem(api.patch(f"/v1/pegawai/{other_nip}", token=tenant["admin"], json={"nama": "Curian"}), 404)
    problem(api.patch(f"/v1/unor/{other_unit}", token=tenant["admin"], json={"nama": "Curian"}), 404)
    nips = [p["nip"] for p in api.get("/v1/pegawai?limit=500", token=tenant["admin"]).json()["items"]]
    assert other_nip not in nips and tenant["staf"] in nips


def test_unknown_tenant_sees_nothing(api):
    t = make_token("admin_bkpsdm", instansi="tidak-ada")
    assert api.get("/v1/pegawai", token=t).json()["items"] == []
    # a plain pegawai of an unknown tenant: the appraisee lookup finds no instansi rule
    p = make_token("pegawai", instansi="tidak-ada", nip="198504012010031001")
    assert api.get("/v1/pegawai", token=p).json()["items"] == []
    problem(api.get("/v1/instansi", token=t), 404)
