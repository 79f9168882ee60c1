"""Row-level security as defence in depth, and the audit trail. Owner: platform (issue 2)."""
import psycopg2
import pytest

from conftest import OTHER, TENANT, make_token, nip, problem


def app_session(db, instansi):
    """A connection working exactly like the server's: role kinerja_app, tenant setting."""
    c = psycopg2.connect(host=db.conn.info.host, port=db.conn.info.port, user="postgres", dbname="kinerja")
    cur = c.cursor()
    cur.execute("SET ROLE kinerja_app")
    cur.execute("SELECT set_config('app.instansi', %s, false), "
                "set_config('app.instansi_id', instansi_id_of(%s), false)", (instansi, instansi))
    return c, cur


def test_rls_hides_other_tenants_even_without_a_filter(db, tenant):
    c, cur = app_session(db, TENANT)
    try:
        # a handler that "forgot" its WHERE instansi_id = ... still sees one tenant only
        cur.execute("SELECT DISTINCT instansi_id FROM pegawai")
        uji = db.one("SELECT id FROM instansi WHERE kode = %s", TENANT)
        assert cur.fetchall() == [(uji,)]
        cur.execute("SELECT count(*) FROM pegawai WHERE nip = %s", (tenant["lain"]["staf"],))
        assert cur.fetchone()[0] == 0
        cur.execute("SELECT count(*) FROM unor WHERE id = %s", (tenant["lain"]["dinas"],))
        assert cur.fetchone()[0] == 0
        cur.execute("SELECT kode FROM instansi")
        assert cur.fetchall() == [(TENANT,)]
        cur.execute("SELECT count(*) FROM audit_log WHERE instansi_id <> %s", (uji,))
        assert cur.fetchone()[0] == 0
        # writing into another tenant is refused by the policy's WITH CHECK
        from test_rls_definer import refused_move
        refused_move(cur, db.one("SELECT id FROM instansi WHERE kode = %s", OTHER), tenant["staf"])
    finally:
        c.rollback()
        c.close()


def test_rls_without_tenant_setting_sees_nothing(db, tenant):
    c = psycopg2.connect(host=db.conn.info.host, port=db.conn.info.port, user="postgres", dbname="kinerja")
    cur = c.cursor()
    cur.execute("SET ROLE kinerja_app")
    cur.execute("SELECT count(*) FROM pegawai")
    assert cur.fetchone()[0] == 0
    c.close()


def test_app_role_cannot_tamper_with_audit(db, tenant):
    c, cur = app_session(db, TENANT)
    try:
        with pytest.raises(psycopg2.Error) as e:
            cur.execute("DELETE FROM audit_log")
        assert e.value.pgcode == "42501"
    finally:
        c.rollback()
        c.close()


def test_mutation_writes_audit_in_same_transaction(api, db, tenant):
    n = nip()
    r = api.post("/v1/pegawai", token=tenant["admin"], headers={"X-Request-Id": "audit-uji-1"},
                 json={"nip": n, "nama": "Audit Uji", "jenis_asn": "PPPK", "jenis_jabatan": "PELAKSANA",
                       "jabatan": "Pengadministrasi", "unor_id": tenant["seksi"]})
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    row = db.all("SELECT actor, roles, action, entity, after->>'nip', request_id FROM audit_log "
                 "WHERE entity = 'pegawai' AND entity_id = %s", str(pid))
    assert row == [("test-admin_bkpsdm", "admin_bkpsdm", "INSERT", "pegawai", n, "audit-uji-1")]
    r = api.patch(f"/v1/pegawai/{n}", token=tenant["admin"], json={"nama": "Audit Diubah"},
                  headers={"X-Request-Id": "audit-uji-2"})
    assert r.status_code == 200
    before, after = db.all("SELECT before->>'nama', after->>'nama' FROM audit_log "
                           "WHERE request_id = 'audit-uji-2' AND entity = 'pegawai'")[0]
    assert (before, after) == ("Audit Uji", "Audit Diubah")
    # read through the API as auditor, filtered
    aud = make_token("auditor")
    items = api.get(f"/v1/audit?entity=pegawai&entity_id={pid}", token=aud).json()["items"]
    assert [i["action"] for i in items] == ["INSERT", "UPDATE"]
    assert all(i["entity_id"] == str(pid) for i in items)
    # another tenant's auditor sees none of it
    other = make_token("auditor", instansi=OTHER)
    assert api.get(f"/v1/audit?entity=pegawai&entity_id={pid}", token=other).json()["items"] == []


def test_failed_request_leaves_no_audit(api, db, tenant):
    before = db.one("SELECT count(*) FROM audit_log")
    r = api.post("/v1/pegawai", token=tenant["admin"], json={
        "nip": tenant["staf"], "nama": "Duplikat", "jenis_asn": "PNS", "jenis_jabatan": "PELAKSANA",
        "jabatan": "X", "unor_id": tenant["seksi"]})
    problem(r, 409, "conflict")
    assert db.one("SELECT count(*) FROM audit_log") == before
