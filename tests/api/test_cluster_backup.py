"""./scripts/backup and ./scripts/restore --to TIME on the native cluster: rows written before the
backup and before TIME are there after the restore, rows written after TIME are not, an evidence
file lost from the disk comes back, and the cluster (replica included) runs again. Owner: platform."""
import datetime
import glob
import hashlib
import os
import subprocess
import tarfile
import time

from conftest import ROOT, Api, build_tree, make_token, nip
from klaster import cluster, needs_cluster, wait_for  # noqa: F401
from siklus import set_skp
from test_pelaksanaan import PDF, add_bukti, upload
from test_skp import add_rhk, create_skp

pytestmark = needs_cluster
KODE = "cadang" + os.urandom(2).hex()


def script(cluster, name, *args, check=True):
    r = subprocess.run([os.path.join(ROOT, "scripts", name), *args], env=cluster.env, cwd=ROOT,
                       capture_output=True, text=True, timeout=600)
    if check:
        assert r.returncode == 0, f"{name} {args} -> {r.returncode}\n{r.stdout}\n{r.stderr}"
    return r


def add_pegawai(api, admin, unit, count):
    nips = []
    for _ in range(count):
        n = nip()
        r = api.post("/v1/pegawai", token=admin, json={"nip": n, "nama": "Pegawai Cadangan", "jenis_asn": "PNS",
                                                        "jenis_jabatan": "PELAKSANA", "jabatan": "Pengadministrasi",
                                                        "unor_id": unit})
        assert r.status_code == 201, r.text
        nips.append(n)
    return nips


def stored(cluster, nips):
    return {r[0] for r in cluster.sql("SELECT nip FROM pegawai WHERE nip = ANY(%s)", nips)}


def test_backup_then_point_in_time_restore(cluster):
    cluster.ensure_whole()
    api = Api(cluster.url)
    cluster.sql("INSERT INTO instansi (kode, nama, nama_kepala_daerah) VALUES (%s, 'Kabupaten Cadangan', 'Bupati')"
                " RETURNING id", KODE)
    admin = make_token("admin_bkpsdm", instansi=KODE)
    t = build_tree(api, admin, "Cad")
    tok = {k: make_token("pegawai", instansi=KODE, nip=t[k]) for k in ("kasi", "staf")}
    tok["_nip"] = {k: t[k] for k in ("kasi", "staf")}
    kasi_rhk = add_rhk(api, tok["kasi"], create_skp(api, tok["kasi"], t["kasi"], tahun=datetime.date.today().year)["id"])
    s, rhk = set_skp(api, tok, "staf", datetime.date.today().year, "kasi", atasan_rhk=kasi_rhk["id"])
    today = datetime.date.today().isoformat()
    cur = [p for p in api.get(f"/v1/skp/{s['id']}/periode", token=tok["staf"]).json()["items"]
           if p["tanggal_awal"] <= today <= p["tanggal_akhir"]][0]
    ind = cluster.sql("SELECT id FROM indikator WHERE rhk_id = %s", rhk["id"])[0][0]
    x = {"staf": tok["staf"], "ind": {"id": ind}, "cur": cur}
    bukti = add_bukti(api, x)
    assert upload(api, x, bukti["id"], PDF).status_code == 200
    sha = hashlib.sha256(PDF).hexdigest()
    [evidence] = glob.glob(os.path.join(cluster.dir, "files", "**", sha), recursive=True)

    unit = t["seksi"]
    before = add_pegawai(api, admin, unit, 4)

    out = script(cluster, "backup").stdout.strip().splitlines()[-1]
    assert os.path.isdir(out), out
    for f in ("base.tar.gz", "pg_wal.tar.gz", "files.tar.gz", "backup.info", "backup_manifest"):
        assert os.path.getsize(os.path.join(out, f)) > 0, f
    with tarfile.open(os.path.join(out, "files.tar.gz")) as tf:
        assert any(m.name.endswith(sha) for m in tf.getmembers())

    between = add_pegawai(api, admin, unit, 4)
    target = cluster.sql("SELECT clock_timestamp()")[0][0]
    time.sleep(0.5)
    after = add_pegawai(api, admin, unit, 4)
    assert stored(cluster, before + between + after) == set(before + between + after)
    os.remove(evidence)   # the disk lost it; the backup has it

    # a time before every backup cannot be restored, and nothing is touched
    r = script(cluster, "restore", "--to", "2000-01-01 00:00:00+00", check=False)
    assert r.returncode == 1 and "no base backup" in r.stderr
    assert stored(cluster, after) == set(after)

    r = script(cluster, "restore", "--to", target.isoformat())
    assert stored(cluster, before + between) == set(before + between)
    assert stored(cluster, after) == set()
    h = {"Authorization": f"Bearer {admin}"}
    assert api.get(f"/v1/pegawai/{between[-1]}", headers=h).status_code == 200
    assert api.get(f"/v1/pegawai/{after[0]}", headers=h).status_code == 404
    d = api.get(f"/v1/bukti/{bukti['id']}/konten", token=tok["kasi"])
    assert d.status_code == 200 and d.content == PDF
    # the cluster runs again: both nodes behind HAProxy, a fresh replica streaming, writes work
    assert cluster.run("status").returncode == 0
    assert cluster.sql("SELECT pg_is_in_recovery()", which="replica")[0][0] is True
    [again] = add_pegawai(api, admin, unit, 1)
    assert wait_for(lambda: cluster.sql("SELECT count(*) FROM pegawai WHERE nip = %s", again,
                                        which="replica")[0][0] == 1, timeout=10)
