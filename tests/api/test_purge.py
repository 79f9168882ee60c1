"""Resource hygiene (issue 15, item 8): `kinerja purge` drops Idempotency-Key replies past their
age (never inside the 24-hour replay window) and evidence files that no committed row names
(never a referenced one, never one younger than the grace age: an upload whose transaction has
not committed yet); the per-instansi evidence quota refuses an upload before anything is stored.
Owner: security."""
import hashlib
import json
import os
import subprocess
import time
import uuid

import psycopg2
import pytest

from conftest import BIN, Api, Server, TENANT, problem
from test_pelaksanaan import PDF, put_real, setskp, upload  # noqa: F401 (fixture)

HOUR = 3600


def purge(*args, env=None):
    e = dict(os.environ, KINERJA_DATABASE_URL=os.environ.get("KN_APP_DB_URL") or os.environ["KN_DB_URL"],
             KINERJA_ACCESS_LOG="0")
    e.pop("KINERJA_STORAGE_DIR", None)
    e.update(env or {})
    p = subprocess.run([BIN, "purge", *args], env=e, capture_output=True, text=True, timeout=120)
    return p.returncode, (json.loads(p.stdout) if p.returncode == 0 and p.stdout.strip() else None), p.stderr


def test_idempotency_replies_purged_by_age_not_inside_the_replay_window(api, tenant, db):
    keys = {age: f"purge-{age}-{uuid.uuid4().hex[:8]}" for age in ("old", "day", "fresh")}
    for age, k in keys.items():
        r = api.post("/v1/unor", token=tenant["admin"], headers={"Idempotency-Key": k},
                     json={"nama": f"Unit purge {k}", "parent_id": None})
        assert r.status_code == 201, r.text
    db.exec("UPDATE idempotensi SET created_at = now() - interval '72 hours' WHERE kunci = %s", keys["old"])
    db.exec("UPDATE idempotensi SET created_at = now() - interval '30 hours' WHERE kunci = %s", keys["day"])
    rc, out, err = purge("--dry-run")
    assert rc == 0 and out["dry_run"] is True and out["idempotensi_dihapus"] == 0, err
    assert db.one("SELECT count(*) FROM idempotensi WHERE kunci = ANY(%s)", list(keys.values())) == 3
    rc, out, err = purge()  # default: older than 48 h
    assert rc == 0 and out["idempotensi_dihapus"] >= 1 and out["bukti"] is None, err
    left = {k for (k,) in db.all("SELECT kunci FROM idempotensi WHERE kunci = ANY(%s)", list(keys.values()))}
    assert left == {keys["day"], keys["fresh"]}
    rc, out, err = purge("--idempotensi-jam", "24")
    assert rc == 0 and out["idempotensi_dihapus"] >= 1
    assert {k for (k,) in db.all("SELECT kunci FROM idempotensi WHERE kunci = ANY(%s)", list(keys.values()))} == {keys["fresh"]}
    # the fresh one still replays its first answer
    again = api.post("/v1/unor", token=tenant["admin"], headers={"Idempotency-Key": keys["fresh"]},
                     json={"nama": f"Unit purge {keys['fresh']}", "parent_id": None})
    assert again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    # never inside the replay window: the CLI and the SQL function both refuse
    rc, _, err = purge("--idempotensi-jam", "12")
    assert rc == 2 and "at least 24" in err
    with pytest.raises(psycopg2.Error) as e:
        db.one("SELECT idempotensi_purge(interval '23 hours')")
    assert "validation_failed" in str(e.value)


@pytest.fixture()
def disk(tmp_path):
    """A second server on the directory backend: (its Api, the storage root)."""
    (tmp_path / "bukti").mkdir()
    s = Server({"KINERJA_STORAGE_DIR": str(tmp_path / "bukti")}).start()
    yield Api(s.url), tmp_path / "bukti"
    assert s.stop() == 0


def test_evidence_gc_removes_only_old_unreferenced_files(setskp, disk, tmp_path):
    (api2, store), x = disk, setskp
    rid = put_real(api2, x, x["cur"]).json()["id"]
    b = api2.post(f"/v1/realisasi/{rid}/bukti", token=x["staf"], json={"jenis": "FILE", "nama": "gc.pdf"}).json()
    first, second = PDF + os.urandom(3000), PDF + os.urandom(3000)
    assert upload(api2, x, b["id"], first).status_code == 200
    r = upload(api2, x, b["id"], second)  # replaced: `first` is named by no row any more
    assert r.status_code == 200, r.text
    d = store / TENANT
    sha1, sha2 = hashlib.sha256(first).hexdigest(), hashlib.sha256(second).hexdigest()
    orphan_old = d / hashlib.sha256(b"failed transaction").hexdigest()   # its transaction never committed
    orphan_young = d / hashlib.sha256(b"in-flight upload").hexdigest()   # its transaction may still commit
    temp_old = d / (sha1 + ".tmp.4242")
    for f in (orphan_old, orphan_young, temp_old):
        f.write_bytes(b"x" * 100)
    foreign = tmp_path / "bukti" / "README"  # not ours: never touched
    foreign.write_text("operator note")
    past = time.time() - 2 * HOUR
    for f in (d / sha1, d / sha2, orphan_old, temp_old):
        os.utime(f, (past, past))
    env = {"KINERJA_STORAGE_DIR": str(store)}
    rc, out, err = purge("--dry-run", env=env)
    assert rc == 0, err
    assert out["bukti"]["dihapus"] >= 2 and all(f.exists() for f in (d / sha1, orphan_old, temp_old))
    rc, out, err = purge(env=env)
    assert rc == 0 and out["bukti"]["galat"] == 0, (err, out)
    assert out["bukti"]["dihapus"] >= 2 and out["bukti"]["sementara_dihapus"] >= 1
    assert not (d / sha1).exists() and not orphan_old.exists() and not temp_old.exists()
    assert (d / sha2).exists() and orphan_young.exists() and foreign.exists()
    assert api2.get(f"/v1/bukti/{b['id']}/konten", token=x["staf"]).content == second
    # the same bytes put again refresh an old file's age, so the GC's grace covers that upload
    os.utime(d / sha2, (past, past))
    b2 = api2.post(f"/v1/realisasi/{rid}/bukti", token=x["staf"], json={"jenis": "FILE", "nama": "salinan.pdf"}).json()
    assert upload(api2, x, b2["id"], second).status_code == 200
    assert (d / sha2).stat().st_mtime > time.time() - 60
    rc, out, err = purge("--bukti-tenggang-detik", "10", env=env)
    assert rc == 2


def test_evidence_quota_refuses_before_storing(api, setskp, db):
    x = setskp
    rid = put_real(api, x, x["cur"]).json()["id"]
    b = api.post(f"/v1/realisasi/{rid}/bukti", token=x["staf"], json={"jenis": "FILE", "nama": "besar.pdf"}).json()
    used = db.one("SELECT COALESCE(sum(ukuran), 0) FROM bukti b JOIN instansi i ON i.id = b.instansi_id "
                  "WHERE i.kode = %s AND b.sha256 IS NOT NULL", TENANT)
    try:
        db.exec("UPDATE instansi SET kuota_bukti_byte = %s WHERE kode = %s", used + 2000, TENANT)
        body = problem(upload(api, x, b["id"], PDF + os.urandom(5000)), 413, "evidence_quota_exceeded")
        assert str(used + 2000) in body["detail"]
        assert db.all("SELECT sha256, ukuran FROM bukti WHERE id = %s", b["id"]) == [(None, None)]
        assert db.one("SELECT count(*) FROM bukti_konten WHERE bukti_id = %s", b["id"]) == 0
        small = PDF + os.urandom(1000)
        r = upload(api, x, b["id"], small)
        assert r.status_code == 200, r.text
        # replacing it: its own current bytes do not count against the quota
        assert upload(api, x, b["id"], PDF + os.urandom(1500)).status_code == 200
        db.exec("UPDATE instansi SET kuota_bukti_byte = 0 WHERE kode = %s", TENANT)
        problem(upload(api, x, b["id"], small), 413, "evidence_quota_exceeded")
    finally:
        db.exec("UPDATE instansi SET kuota_bukti_byte = NULL WHERE kode = %s", TENANT)
    assert upload(api, x, b["id"], small).status_code == 200


def test_evidence_bytes_in_use_follow_every_change(api, setskp, db):
    # bukti_terpakai (the quota's running sum) against the sum over the rows, after each change
    x = setskp
    rid = put_real(api, x, x["cur"]).json()["id"]

    def check():
        counted = db.one("SELECT COALESCE(sum(t.byte), 0) FROM bukti_terpakai t JOIN instansi i ON i.id = t.instansi_id "
                         "WHERE i.kode = %s", TENANT)
        rows = db.one("SELECT COALESCE(sum(ukuran), 0) FROM bukti b JOIN instansi i ON i.id = b.instansi_id "
                      "WHERE i.kode = %s AND b.sha256 IS NOT NULL", TENANT)
        assert counted == rows
        return rows

    before = check()
    b = api.post(f"/v1/realisasi/{rid}/bukti", token=x["staf"], json={"jenis": "FILE", "nama": "hitung.pdf"}).json()
    assert check() == before
    assert upload(api, x, b["id"], PDF + os.urandom(3000)).status_code == 200
    assert check() == before + len(PDF) + 3000
    second = PDF + os.urandom(700)
    assert upload(api, x, b["id"], second).status_code == 200  # replaced: the old bytes go
    assert check() == before + len(PDF) + 700
    got = api.get(f"/v1/bukti/{b['id']}/konten", token=x["staf"])
    assert got.status_code == 200 and got.content == second
    assert db.one("SELECT count(*) FROM bukti_konten WHERE bukti_id = %s", b["id"]) == 1
    problem(upload(api, x, b["id"], b"not a known type " * 10), 415, "unsupported_media_type")  # refused: no change
    assert check() == before + len(PDF) + 700
    db.exec("DELETE FROM bukti WHERE id = %s", b["id"])
    assert check() == before
