"""The server's database role against the schema's SECURITY DEFINER functions (issue 15, item 5).
Owner: security. Connections work exactly like the server's (role kinerja_app, tenant setting)."""
import json
import os

import psycopg2
import pytest

from conftest import OTHER, TENANT, problem
from test_rls_audit import app_session

# Definer functions the server role calls itself; every other one runs only as a trigger or
# inside another definer, and nobody else may execute any of them.
APP_CALLS = {"instansi_id_of", "klien_set_hash", "klien_kredensial", "klien_gagal", "klien_berhasil", "klien_status",
             "idempotensi_purge", "bukti_berkas_dirujuk",
             "webhook_due", "refresh_org_statistics", "dokumen_verifikasi",
             # the scheduler (src/jobs): schedules and leases across tenants, purges, statistics
             "jadwal_jatuh", "pekerjaan_klaim", "pekerjaan_perpanjang", "dokumen_purge", "webhook_pengiriman_purge",
             "statistik_refresh"}


def test_no_definer_function_is_executable_by_public(db):
    rows = db.all("SELECT p.proname, p.oid::regprocedure::text, "
                  "  EXISTS (SELECT 1 FROM aclexplode(COALESCE(p.proacl, acldefault('f', p.proowner))) a "
                  "           WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE'), "
                  "  has_function_privilege('kinerja_app', p.oid, 'EXECUTE') "
                  "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                  "WHERE n.nspname = 'public' AND p.prosecdef")
    assert {r[0] for r in rows} >= APP_CALLS | {"audit_write"}
    assert [r[1] for r in rows if r[2]] == []                                  # PUBLIC: none
    # the server role: only what it calls (klien_kredensial/_gagal/_berhasil in two overloads: per client and
    # source address, and the previous release's per client, migration 0050)
    assert {r[0] for r in rows if r[3]} == APP_CALLS


def test_server_role_cannot_forge_audit_or_feed_rows(db, tenant):
    lain = db.one("SELECT id FROM instansi WHERE kode = %s", OTHER)
    before = db.one("SELECT count(*) FROM audit_log WHERE instansi_id = %s", lain)
    feed = db.one("SELECT count(*) FROM perubahan_txn WHERE instansi_id = %s", lain)
    c, cur = app_session(db, TENANT)
    try:
        row = json.dumps({"instansi_id": lain, "id": 1, "nama": "palsu"})
        with pytest.raises(psycopg2.Error) as e:
            cur.execute("SELECT audit_write('INSERT', 'pegawai', ARRAY[NULL::jsonb], ARRAY[%s::jsonb])", (row,))
        assert e.value.pgcode == "42501"
    finally:
        c.rollback()
        c.close()
    assert db.one("SELECT count(*) FROM audit_log WHERE instansi_id = %s", lain) == before
    assert db.one("SELECT count(*) FROM perubahan_txn WHERE instansi_id = %s", lain) == feed


def refused_move(cur, other_id, nip):
    """Moving a row into another tenant is refused by the policy's WITH CHECK."""
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("UPDATE pegawai SET instansi_id = %s WHERE nip = %s", (other_id, nip))
    assert e.value.pgcode == "42501"


def assert_confined(db, cur, tenant):
    """The session sees and changes the rows of TENANT only."""
    lain = db.one("SELECT id FROM instansi WHERE kode = %s", OTHER)
    for tbl in ("pegawai", "unor", "skp", "audit_log", "perubahan_txn", "klien"):
        cur.execute(f"SELECT count(*) FROM {tbl} WHERE instansi_id = %s", (lain,))
        assert cur.fetchone()[0] == 0, tbl
    cur.execute("SELECT count(*) FROM instansi WHERE kode = %s", (OTHER,))
    assert cur.fetchone()[0] == 0
    cur.execute("UPDATE pegawai SET nama = 'diubah' WHERE instansi_id = %s", (lain,))
    assert cur.rowcount == 0
    refused_move(cur, lain, tenant["staf"])


def test_server_role_cannot_read_another_tenants_rows(db, tenant):
    c, cur = app_session(db, TENANT)
    try:
        assert_confined(db, cur, tenant)
    finally:
        c.rollback()
        c.close()


def test_writes_are_still_audited_through_the_triggers(api, db, tenant):
    r = api.post("/v1/unor", token=tenant["admin"], json={"nama": "Uji Audit Definer", "parent_id": tenant["root"]})
    assert r.status_code == 201, r.text
    uid = r.json()["id"]
    assert db.one("SELECT count(*) FROM audit_log WHERE entity = 'unor' AND entity_id = %s AND action = 'INSERT'",
                  str(uid)) == 1
    assert db.one("SELECT count(*) FROM perubahan_txn t JOIN audit_log a ON a.instansi_id = t.instansi_id "
                  "AND a.txid = t.txid WHERE a.entity = 'unor' AND a.entity_id = %s AND t.seq IS NOT NULL", str(uid)) == 1
    problem(api.post("/v1/unor", token=tenant["admin"], json={"nama": "", "parent_id": tenant["root"]}), 422)


def owner_session(tenant_code):
    """A connection as the server's login role (the schema owner), before its SET ROLE."""
    c = psycopg2.connect(os.environ["KN_DB_URL"])
    cur = c.cursor()
    if tenant_code is not None:
        cur.execute("SELECT set_config('app.instansi', %s, false), set_config('app.instansi_id', instansi_id_of(%s), false)",
                    (tenant_code, tenant_code))
    return c, cur


def test_rls_holds_for_the_login_role_inside_a_tenant(db, tenant):
    """FORCE ROW LEVEL SECURITY: should a request ever act as the login role itself (RESET ROLE,
    a definer function), it still sees and writes its own tenant only."""
    c, cur = owner_session(TENANT)
    try:
        cur.execute("SELECT current_user = (SELECT tableowner FROM pg_tables WHERE tablename = 'pegawai')")
        assert cur.fetchone()[0] is True
        assert_confined(db, cur, tenant)
    finally:
        c.rollback()
        c.close()
    # without a tenant (migrations, seeding, the worker's lease across tenants) it maintains all
    c, cur = owner_session(None)
    try:
        cur.execute("SELECT count(DISTINCT instansi_id) >= 2 FROM pegawai")
        assert cur.fetchone()[0] is True
    finally:
        c.close()


@pytest.mark.skipif(not os.environ.get("KN_APP_DB_URL"), reason="needs the server's non-owner login (scripts/test)")
def test_server_login_owns_nothing(server, api, db, tenant):
    """The server logs in as kinerja_api: member of kinerja_app only, so RESET ROLE gains nothing,
    it cannot switch off row-level security, become the owner or write the audit trail."""
    assert api.get("/v1/pegawai?limit=1", token=tenant["admin"]).status_code == 200
    owner = db.one("SELECT tableowner FROM pg_tables WHERE tablename = 'pegawai'")
    logins = {r[0] for r in db.all("SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = 'kinerja' "
                                   "AND backend_type = 'client backend' AND application_name = ''")}
    assert "kinerja_api" in logins
    c = psycopg2.connect(os.environ["KN_APP_DB_URL"])
    cur = c.cursor()
    try:
        cur.execute("SELECT session_user, pg_has_role(session_user, %s, 'MEMBER'), "
                    "pg_has_role(session_user, 'kinerja_app', 'MEMBER')", (owner,))
        assert cur.fetchone() == ("kinerja_api", False, True)
        cur.execute("RESET ROLE")
        cur.execute("SELECT set_config('app.instansi', %s, false), set_config('app.instansi_id', instansi_id_of(%s), false)",
                    (TENANT, TENANT))
        assert_confined(db, cur, tenant)
        c.rollback()
        for sql in ("ALTER TABLE pegawai NO FORCE ROW LEVEL SECURITY", f"SET ROLE {owner}",
                    "SELECT audit_write('INSERT', 'pegawai', ARRAY[NULL::jsonb], ARRAY['{}'::jsonb])",
                    "DELETE FROM audit_log"):
            with pytest.raises(psycopg2.Error) as e:
                cur.execute(sql)
            assert e.value.pgcode == "42501", sql
            c.rollback()
    finally:
        c.rollback()
        c.close()
