"""`kinerja migrate`: versioned migrations + re-applied function modules (issue 13). Owner: db.

Every test works on a scratch database of its own (and, where it edits SQL, a scratch copy of
sql/), so the shared test database is never touched. The upgrade test builds the released
binary of each release commit from this repository's history (968a585, the last release before
function modules, and 6d13b2a, the first with them), creates a database with it, fills it
through that release's own API and seed script, then upgrades it with the binary under test
while that release's node keeps serving.
"""
import base64
import hashlib
import os
import shutil
import subprocess
import uuid

import psycopg2
import pytest
import requests

from conftest import BIN, ROOT, Server, make_token

LEGACY_RELEASE = "968a585"      # functions still in migrations 0001-0024
RELEASES = [LEGACY_RELEASE, "6d13b2a", "c1dc981", "169da74"]
LATEST_RELEASE = RELEASES[-1]
BEFORE_XID_FEED = "c1dc981"  # the last release before 0130 (feed positions from perubahan_seq)
SQL_DIR = os.path.join(ROOT, "sql")


def _admin_exec(sql):
    c = _superuser()
    try:
        with c.cursor() as cur:
            cur.execute(sql)
    finally:
        c.close()


def _superuser(dbname="postgres"):
    c = psycopg2.connect(host=os.environ["KN_PG_DATA"], port=os.environ["KN_PG_PORT"],
                         user="postgres", dbname=dbname)
    c.autocommit = True
    return c


class ScratchDb:
    """A database of its own, owned by the migration role, dropped afterwards."""

    def __init__(self):
        self.name = "mig_" + uuid.uuid4().hex[:10]
        _admin_exec(f'CREATE DATABASE "{self.name}" OWNER kinerja')
        self.url = os.environ["KN_DB_URL"].replace("dbname=kinerja", f"dbname={self.name}")
        self.conn = _superuser(self.name)

    def all(self, sql, *args):
        with self.conn.cursor() as cur:
            cur.execute(sql, args)
            return cur.fetchall() if cur.description else None

    def one(self, sql, *args):
        rows = self.all(sql, *args)
        return rows[0][0] if rows else None

    def drop(self):
        self.conn.close()
        _admin_exec(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def scratch():
    d = ScratchDb()
    yield d
    d.drop()


@pytest.fixture
def sqlcopy(tmp_path):
    """A scratch copy of sql/ (migrations and functions) that a test may edit."""
    dst = tmp_path / "sql"
    shutil.copytree(SQL_DIR, dst)
    return dst


def migrate(url, sqldir=None, *args, binary=BIN):
    env = dict(os.environ, KINERJA_DATABASE_URL=url)
    if sqldir is not None:
        env["KINERJA_MIGRATIONS_DIR"] = str(os.path.join(sqldir, "migrations"))
        env.pop("KINERJA_FUNCTIONS_DIR", None)
    return subprocess.run([binary, "migrate", *args], env=env, capture_output=True, text=True, timeout=300)


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def modules_in_order(sqldir=SQL_DIR):
    names = []
    with open(os.path.join(sqldir, "functions", "ORDER")) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and not line.startswith("["):
                names.append(line)
    return names


def function_defs(d):
    """Every non-extension function of the public schema with its full definition."""
    return dict(d.all("""
        SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid) FROM pg_proc p
         WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f'
           AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_proc'::regclass
                            AND x.objid = p.oid AND x.deptype = 'e')"""))


def trigger_defs(d):
    return sorted(r[0] for r in d.all("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal"))


# ---- a new database ------------------------------------------------------------------------

def test_fresh_database_records_every_migration_and_module(scratch):
    r = migrate(scratch.url)
    assert r.returncode == 0, r.stderr
    mods = modules_in_order()
    recorded = dict(scratch.all("SELECT module, checksum FROM schema_functions"))
    assert recorded == {m: sha(os.path.join(SQL_DIR, "functions", m)) for m in mods}
    files = sorted(f for f in os.listdir(os.path.join(SQL_DIR, "migrations")) if f.endswith(".sql"))
    assert [r[0] for r in scratch.all("SELECT name FROM schema_migrations ORDER BY name")] == files
    # every function of the schema is owned by exactly one module
    owned = [s for (fs,) in scratch.all("SELECT functions FROM schema_functions") for s in fs]
    assert len(owned) == len(set(owned))
    assert set(owned) == set(function_defs(scratch))
    # the audit and version triggers are attached by the modules, not by the migrations
    assert scratch.one("SELECT count(*) FROM pg_trigger WHERE tgname = 'skp_version'") == 1
    assert scratch.one("SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_upd' "
                       "AND tgrelid = 'skp'::regclass") == 1
    # a second run has nothing to do and says so
    again = migrate(scratch.url)
    assert again.returncode == 0 and "applied" not in again.stderr, again.stderr
    assert migrate(scratch.url, None, "--check").stdout.strip() == "0 pending"


def _released_migrations(release):
    out = subprocess.run(["git", "-C", ROOT, "ls-tree", "--name-only", release, "sql/migrations/"],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out, f"migrations of release {release} not found in git history"
    return out


def test_released_migrations_unchanged_and_new_ones_define_no_function():
    for path in _released_migrations(LATEST_RELEASE):  # append-only: what a released database recorded
        old = subprocess.run(["git", "-C", ROOT, "show", f"{LATEST_RELEASE}:{path}"], capture_output=True,
                             check=True).stdout
        with open(os.path.join(ROOT, path), "rb") as f:
            assert f.read() == old, path
    legacy = _released_migrations(LEGACY_RELEASE)
    bad = []
    for f in sorted(os.listdir(os.path.join(SQL_DIR, "migrations"))):
        if not f.endswith(".sql") or f"sql/migrations/{f}" in legacy:
            continue
        text = " ".join(open(os.path.join(SQL_DIR, "migrations", f)).read().lower().split())
        for word in ("create function", "create or replace function", "create trigger",
                     "create or replace trigger", "create constraint trigger", "create view"):
            if word in text:
                bad.append((f, word))
    assert bad == []


# ---- changing a module ---------------------------------------------------------------------

PROBE = ("\n-- test probe\nCREATE OR REPLACE FUNCTION kn_uji_modul({args}) RETURNS int LANGUAGE sql "
         "IMMUTABLE AS $$ SELECT {value} $$;\n")


def _add_probe(sqlcopy, args="", value=1, module="webhook.sql"):
    path = sqlcopy / "functions" / module
    text = path.read_text()
    marker = "\n-- test probe\n"
    if marker in text:
        text = text[:text.index(marker)]
    path.write_text(text + PROBE.format(args=args, value=value))


def test_changed_module_is_reapplied_alone_and_recorded(scratch, sqlcopy):
    assert migrate(scratch.url, sqlcopy).returncode == 0
    _add_probe(sqlcopy, value=1)
    assert migrate(scratch.url, sqlcopy, "--check").stdout.strip() == "1 pending"
    r = migrate(scratch.url, sqlcopy)
    assert r.returncode == 0, r.stderr
    applied = [ln for ln in r.stderr.splitlines() if "applied function module" in ln]
    assert len(applied) == 1 and "webhook.sql" in applied[0]
    assert scratch.one("SELECT kn_uji_modul()") == 1
    assert scratch.one("SELECT checksum FROM schema_functions WHERE module = 'webhook.sql'") == \
        sha(sqlcopy / "functions" / "webhook.sql")
    assert "kn_uji_modul()" in scratch.one("SELECT functions FROM schema_functions WHERE module = 'webhook.sql'")
    _add_probe(sqlcopy, value=2)           # a fix to the body: the new definition is live
    assert migrate(scratch.url, sqlcopy).returncode == 0
    assert scratch.one("SELECT kn_uji_modul()") == 2


def test_module_that_leaves_an_old_overload_is_refused(scratch, sqlcopy):
    _add_probe(sqlcopy)
    assert migrate(scratch.url, sqlcopy).returncode == 0
    before = scratch.one("SELECT checksum FROM schema_functions WHERE module = 'webhook.sql'")
    _add_probe(sqlcopy, args="n int")      # a changed signature would leave kn_uji_modul() behind
    r = migrate(scratch.url, sqlcopy)
    assert r.returncode == 3
    assert "leave an old overload behind" in r.stderr and "kn_uji_modul()" in r.stderr
    # nothing of the run stayed: no new overload, the old checksum
    assert scratch.one("SELECT count(*) FROM pg_proc WHERE proname = 'kn_uji_modul'") == 1
    assert scratch.one("SELECT checksum FROM schema_functions WHERE module = 'webhook.sql'") == before
    # dropping is a migration's job: with the DROP in a migration the same module applies
    (sqlcopy / "migrations" / "9001_drop_probe.sql").write_text("DROP FUNCTION kn_uji_modul();\n")
    r = migrate(scratch.url, sqlcopy)
    assert r.returncode == 0, r.stderr
    assert [x[0] for x in scratch.all("SELECT oid::regprocedure::text FROM pg_proc WHERE proname = 'kn_uji_modul'")] \
        == ["kn_uji_modul(integer)"]


def test_function_removed_from_its_module_must_be_dropped_by_a_migration(scratch, sqlcopy):
    _add_probe(sqlcopy)
    assert migrate(scratch.url, sqlcopy).returncode == 0
    path = sqlcopy / "functions" / "webhook.sql"
    path.write_text(path.read_text().split("\n-- test probe\n")[0])
    r = migrate(scratch.url, sqlcopy)
    assert r.returncode == 3 and "kn_uji_modul()" in r.stderr and "removed from their module" in r.stderr
    (sqlcopy / "migrations" / "9001_drop_probe.sql").write_text("DROP FUNCTION kn_uji_modul();\n")
    assert migrate(scratch.url, sqlcopy).returncode == 0
    assert scratch.one("SELECT count(*) FROM pg_proc WHERE proname = 'kn_uji_modul'") == 0


def test_function_made_outside_the_modules_is_refused(scratch):
    assert migrate(scratch.url).returncode == 0
    scratch.all("CREATE FUNCTION kn_handmade() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$")
    scratch.all("ALTER FUNCTION kn_handmade() OWNER TO kinerja")
    r = migrate(scratch.url)
    assert r.returncode == 3 and "kn_handmade()" in r.stderr and "no module" in r.stderr


def test_new_migration_with_a_function_is_refused_and_changes_nothing(scratch, sqlcopy):
    assert migrate(scratch.url, sqlcopy).returncode == 0
    (sqlcopy / "migrations" / "9001_bad.sql").write_text(
        "CREATE TABLE kn_uji_tabel (id int);\n"
        "CREATE FUNCTION kn_uji_f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n")
    r = migrate(scratch.url, sqlcopy)
    assert r.returncode == 3 and "belong in a module" in r.stderr
    assert scratch.one("SELECT to_regclass('kn_uji_tabel')") is None
    assert scratch.one("SELECT count(*) FROM schema_migrations WHERE name = '9001_bad.sql'") == 0


def test_failing_migration_rolls_back_modules_of_the_same_run(scratch, sqlcopy):
    assert migrate(scratch.url, sqlcopy).returncode == 0
    _add_probe(sqlcopy)
    (sqlcopy / "migrations" / "9001_fails.sql").write_text("ALTER TABLE skp ADD COLUMN nope int REFERENCES nowhere(id);\n")
    r = migrate(scratch.url, sqlcopy)
    assert r.returncode == 3 and "rolled back" in r.stderr
    assert scratch.one("SELECT count(*) FROM pg_proc WHERE proname = 'kn_uji_modul'") == 0


def test_edited_applied_migration_and_unlisted_module_are_refused(scratch, sqlcopy):
    assert migrate(scratch.url, sqlcopy).returncode == 0
    (sqlcopy / "functions" / "extra.sql").write_text("SELECT 1;\n")
    r = migrate(scratch.url, sqlcopy)
    assert r.returncode == 3 and "extra.sql is not listed" in r.stderr
    (sqlcopy / "functions" / "extra.sql").unlink()
    path = sqlcopy / "migrations" / "0002_organisasi.sql"
    path.write_text(path.read_text() + "\n-- edited\n")
    r = migrate(scratch.url, sqlcopy)
    assert r.returncode == 3 and "0002_organisasi.sql was edited after it was applied" in r.stderr


# ---- upgrade from the release ----------------------------------------------------------------

def _release_binary(release):
    """Build the kinerja binary of a release commit once (cached under /tmp by commit)."""
    if subprocess.run(["git", "-C", ROOT, "cat-file", "-e", release + "^{commit}"]).returncode != 0:
        pytest.fail(f"commit {release} is not in this clone's history; the upgrade test needs it")
    full = subprocess.run(["git", "-C", ROOT, "rev-parse", release], capture_output=True, text=True).stdout.strip()
    base = f"/tmp/kinerja-release-{full[:12]}"
    binary = os.path.join(base, "build", "kinerja")
    if os.path.exists(binary):
        return base, binary
    shutil.rmtree(base, ignore_errors=True)          # a build cut short earlier
    os.makedirs(base)
    subprocess.run(f"git -C {ROOT} archive {full} | tar -x -C {base}", shell=True, check=True)
    subprocess.run(["meson", "setup", "build", "-Dwerror=false"], cwd=base, check=True, capture_output=True)
    subprocess.run(["ninja", "-C", "build", "kinerja"], cwd=base, check=True, capture_output=True)
    return base, binary


TENANT = "rilis"


def _columns(d):
    cols = {}
    for t, c in d.all("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"):
        cols.setdefault(t, set()).add(c)
    return cols


def _table_digests(d, added=None):
    """md5 of every table's rows in a fixed order (as the superuser: no row-level security), as
    JSON without the columns `added` names per table (columns a later migration adds with their
    defaults are not a change of the rows that were there)."""
    out = {}
    for (t,) in d.all("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                      "AND tablename NOT IN ('schema_migrations', 'schema_functions') ORDER BY 1"):
        drop = sorted((added or {}).get(t, ()))
        out[t] = d.one(f'SELECT count(*)::text || \':\' || COALESCE(md5(string_agg((to_jsonb(x) - %s::text[])::text, \',\' '
                       f'ORDER BY (to_jsonb(x) - %s::text[])::text)), \'\') FROM "{t}" x', drop, drop)
    return out


@pytest.mark.parametrize("release", RELEASES)
def test_release_database_upgrades_in_place_with_its_data(scratch, tmp_path, release):
    base, old_bin = _release_binary(release)
    r = migrate(scratch.url, os.path.join(base, "sql"), binary=old_bin)
    assert r.returncode == 0, r.stderr
    # fill it as that release's users would: import through its API, then its cycle seed script
    scratch.all("INSERT INTO instansi (kode, nama, nama_kepala_daerah) VALUES (%s, 'Kabupaten Rilis', 'Bupati Rilis')",
                TENANT)
    subprocess.run(["python3", os.path.join(base, "scripts", "gen_demo.py"), str(tmp_path), "--pegawai", "150"],
                   check=True, capture_output=True)
    old = Server({"KINERJA_DATABASE_URL": scratch.url,
                  "KINERJA_MIGRATIONS_DIR": os.path.join(base, "sql", "migrations")}, binary=old_bin).start()
    admin = make_token("admin_bkpsdm", instansi=TENANT)
    auth = {"Authorization": f"Bearer {admin}"}
    try:
        for kind in ("unor", "pegawai"):
            with open(tmp_path / f"{kind}.json", "rb") as f:
                resp = requests.post(f"{old.url}/v1/import/{kind}", data=f.read(), timeout=60,
                                     headers={**auth, "Content-Type": "application/json"})
            assert resp.status_code == 200, resp.text
        _upgrade_under_the_old_node(scratch, tmp_path, old, auth)
    finally:
        old.stop()


def _upgrade_under_the_old_node(scratch, tmp_path, old, auth):
    """The release's node keeps serving while `kinerja migrate` of HEAD runs (rolling upgrade)."""
    base = os.path.dirname(os.path.dirname(old.binary))
    scratch.all("UPDATE instansi SET unor_setda_id = (SELECT id FROM unor WHERE siasn_id = 'PD-SETDA') WHERE kode = %s",
                TENANT)
    seed = subprocess.run(["psql", "-q", scratch.url, "-v", f"kode={TENANT}", "-v", "tahun=2025",
                           "-f", os.path.join(base, "scripts", "seed_cycle.sql")], capture_output=True, text=True)
    assert seed.returncode == 0, seed.stderr
    before, before_cols = _table_digests(scratch), _columns(scratch)
    assert int(before["skp"].split(":")[0]) > 50 and int(before["audit_log"].split(":")[0]) > 100
    skp_id, skp_nip = scratch.all("SELECT s.id, p.nip FROM skp s JOIN pegawai p ON p.id = s.pegawai_id "
                                  "ORDER BY s.id LIMIT 1")[0]
    assert requests.get(f"{old.url}/v1/skp/{skp_id}", headers=auth, timeout=10).status_code == 200
    # the release's change feed (commit-time positions), and cursors into it: mid-way and at its end
    released, end = _drain(old.url, auth, None)
    assert len(released) > 100
    mid = len(released) // 2

    r = migrate(scratch.url)                           # the binary and sql/ under test
    assert r.returncode == 0, r.stderr
    assert "checksum" not in r.stderr
    after = _table_digests(scratch, {t: c - before_cols.get(t, set()) for t, c in _columns(scratch).items()})
    assert {t: after.get(t) for t in before} == before  # not a row lost or changed
    # tables added since start empty, but for the shipped defaults of a rule table
    seeded = {"talenta_kotak": "the 9-box defaults of Permen PANRB 3/2020 (instansi_id NULL rows, 0120)"}
    assert all(after[t] == "0:" for t in after.keys() - before.keys() - seeded.keys())
    assert all(int(after[t].split(":")[0]) > 0 for t in seeded)
    # the old node still reads, and writes through a function whose signature HEAD changed
    # (sql/functions/compat.sql keeps the release's signature during the upgrade)
    got = requests.get(f"{old.url}/v1/skp/{skp_id}", headers=auth, timeout=10)
    assert got.status_code == 200 and got.json()["pegawai"]["nip"] == skp_nip
    k = requests.post(f"{old.url}/v1/klien", json={"nama": "Klien rilis lama", "scopes": ["sync:read"]},
                      headers=auth, timeout=10)
    assert k.status_code == 201, k.text
    rot = requests.post(f"{old.url}/v1/klien/{k.json()['id']}/rotasi-secret", headers=auth, timeout=30)
    assert rot.status_code == 200 and rot.json()["client_secret"].startswith("ks_"), rot.text
    # positions are xids now (0130): above every released one, so the cursors from before go on
    # with the released rest and then the new changes, nothing skipped and nothing twice
    assert scratch.one("SELECT count(*) FROM pg_trigger WHERE tgname = 'perubahan_commit'") == 0
    assert scratch.one("SELECT to_regclass('perubahan_seq') IS NULL")  # unused since 0130, dropped by 0156
    since, _ = _drain(old.url, auth, end)
    assert "klien" in {i["entity"] for i in since}
    assert min(_seq(i) for i in since) > max(_seq(i) for i in released)
    assert _drain(old.url, auth, released[mid]["posisi"])[0] == released[mid + 1:] + since
    # the upgraded schema is exactly the one a new database gets
    fresh = ScratchDb()
    try:
        assert migrate(fresh.url).returncode == 0
        assert function_defs(scratch) == function_defs(fresh)
        assert trigger_defs(scratch) == trigger_defs(fresh)
        assert scratch.all("SELECT name, checksum FROM schema_migrations ORDER BY 1") == \
            fresh.all("SELECT name, checksum FROM schema_migrations ORDER BY 1")
    finally:
        fresh.drop()
    # and the new server serves the old data
    new = Server({"KINERJA_DATABASE_URL": scratch.url}).start()
    admin = auth["Authorization"].split()[1]
    try:
        assert requests.get(f"{new.url}/readyz", timeout=5).status_code == 200
        got = requests.get(f"{new.url}/v1/skp/{skp_id}", headers={"Authorization": f"Bearer {admin}"}, timeout=10)
        assert got.status_code == 200, got.text
        assert got.json()["pegawai"]["nip"] == skp_nip
        bearer = {"Authorization": f"Bearer {admin}"}
        uid = next(i["entity_id"] for i in released if i["entity"] == "unor")
        u = requests.patch(f"{new.url}/v1/unor/{uid}", json={"nama": "Unit sesudah upgrade"}, headers=bearer, timeout=10)
        assert u.status_code == 200, u.text
        feed, _ = _drain(new.url, bearer, released[mid]["posisi"])
        assert feed[:len(released) - mid - 1 + len(since)] == released[mid + 1:] + since
        assert [(i["entity"], i["version"]) for i in feed[len(released) - mid - 1 + len(since):]] == \
            [("unor", u.json()["version"])]
    finally:
        new.stop()


def _seq(item):
    return int(base64.urlsafe_b64decode(item["posisi"] + "==").decode()[3:].split(".")[0])


def _drain(url, headers, cursor):
    """Every change of the feed after cursor, and the cursor at its end."""
    items = []
    for _ in range(1000):
        page = requests.get(f"{url}/v1/perubahan", params={"limit": 500, **({"cursor": cursor} if cursor else {})},
                            headers=headers, timeout=30)
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if not page.json()["more"]:
            return items, cursor
    raise AssertionError("the feed never ended")


def test_feed_upgrade_refuses_a_position_the_xids_have_not_passed(scratch):
    """0130 checks that every released position lies below the xids still to come; a database
    whose sequence ran ahead (forged here) is refused with the remedy, and nothing changes."""
    base, old_bin = _release_binary(BEFORE_XID_FEED)
    assert migrate(scratch.url, os.path.join(base, "sql"), binary=old_bin).returncode == 0
    scratch.all("INSERT INTO instansi (kode, nama, nama_kepala_daerah) VALUES ('maju', 'Kabupaten Maju', 'Bupati')")
    assert scratch.one("SELECT count(*) FROM perubahan_txn") == 1               # the audited insert
    scratch.all("UPDATE perubahan_txn SET seq = seq + 1000000000000")          # after its commit trigger
    r = migrate(scratch.url)
    assert r.returncode == 3, r.stderr
    assert "perubahan_txn.seq reaches 100000000000" in r.stderr and "transaction ids" in r.stderr, r.stderr
    assert scratch.one("SELECT count(*) FROM pg_trigger WHERE tgname = 'perubahan_commit'") == 1
    assert scratch.one("SELECT count(*) FROM schema_migrations WHERE name = '0130_perubahan_xid.sql'") == 0
    scratch.all("UPDATE perubahan_txn SET seq = seq - 1000000000000")
    assert migrate(scratch.url).returncode == 0
    assert scratch.one("SELECT count(*) FROM pg_trigger WHERE tgname = 'perubahan_commit'") == 0
    assert scratch.one("SELECT to_regclass('perubahan_seq') IS NULL")  # unused since 0130, dropped by 0156


def test_readyz_reports_a_module_not_yet_applied(scratch, sqlcopy):
    assert migrate(scratch.url).returncode == 0
    _add_probe(sqlcopy)
    srv = Server({"KINERJA_DATABASE_URL": scratch.url,
                  "KINERJA_MIGRATIONS_DIR": str(sqlcopy / "migrations")}).start()
    try:
        r = requests.get(f"{srv.url}/readyz", headers={"Accept-Language": "en"}, timeout=5)
        assert r.status_code == 503, r.text
        assert "function modules applied" in r.json()["detail"]
        assert migrate(scratch.url, sqlcopy).returncode == 0
        assert requests.get(f"{srv.url}/readyz", timeout=5).status_code == 200
    finally:
        srv.stop()


def test_a_versioned_table_whose_rows_cannot_be_compared_is_refused(scratch, sqlcopy):
    """bump_version compares OLD and NEW as records: audit.sql makes that comparison once per
    versioned table and refuses a column type without equality (json here), naming the table;
    the whole run rolls back."""
    assert migrate(scratch.url).returncode == 0
    (sqlcopy / "migrations" / "9990_probe_json.sql").write_text(
        "CREATE TABLE probe_json (id int PRIMARY KEY, isi json, version int NOT NULL DEFAULT 1);\n")
    r = migrate(scratch.url, sqlcopy)
    assert r.returncode != 0
    assert "table probe_json has a column type without equality" in r.stderr, r.stderr
    assert scratch.one("SELECT to_regclass('probe_json') IS NULL")
    (sqlcopy / "migrations" / "9990_probe_json.sql").write_text(
        "CREATE TABLE probe_json (id int PRIMARY KEY, isi jsonb, version int NOT NULL DEFAULT 1);\n")
    assert migrate(scratch.url, sqlcopy).returncode == 0
    assert scratch.one("SELECT count(*) FROM pg_trigger WHERE tgname = 'probe_json_version'") == 1
