"""Plans of the access lookups stay index lookups under row-level security (issue 17): a lookup
by the token's NIP (app_nip()) or a text NIP parameter must use the (instansi_id, nip) index,
whatever the table size (enable_seqscan off and 3,000 more rows in a rolled-back transaction: the index wins if it may be used at all), as the server role with generic plans. When pegawai.nip was char(18)
the comparison cast the column and every such lookup read the whole pegawai table of all
tenants. Owner: platform."""
from conftest import TENANT, nip


def plan(db, kode, sql, *args):
    """EXPLAIN of sql as kinerja_app inside a request-like transaction of tenant kode."""
    with db.conn.cursor() as c:
        c.execute("BEGIN")
        try:
            # enough rows (rolled back below) that a lookup of one row through an index that
            # covers only instansi_id costs more than through (instansi_id, nip)
            c.execute("INSERT INTO pegawai (instansi_id, nip, nama, jenis_asn, jenis_jabatan, jabatan, unor_id) "
                      "SELECT u.instansi_id, '1999' || lpad(g::text, 14, '0'), 'Pegawai Uji ' || g, 'PNS', 'PELAKSANA', "
                      "'Pelaksana', u.id FROM (SELECT * FROM unor WHERE instansi_id = instansi_id_of(%s)::bigint LIMIT 1) u, "
                      "generate_series(1, 3000) g", (kode,))
            # statistics that know those rows (rolled back with them): with the statistics an earlier
            # test left, the planner could take (instansi_id, lower(nama)) and filter the NIP
            c.execute("ANALYZE pegawai")
            c.execute("SET LOCAL ROLE kinerja_app")
            c.execute("SET LOCAL plan_cache_mode = force_generic_plan")
            c.execute("SET LOCAL enable_seqscan = off")  # a tiny test table: usable index or not
            c.execute("SELECT set_config('app.instansi_id', instansi_id_of(%s), true), "
                      "set_config('app.nip', %s, true), set_config('app.roles', 'pegawai', true)",
                      (kode, nip()))
            c.execute("EXPLAIN (COSTS OFF) " + sql, args)
            return "\n".join(r[0] for r in c.fetchall())
        finally:
            c.execute("ROLLBACK")


def nip_is_index_condition(p):
    return any("Index Cond" in line and "nip = " in line for line in p.splitlines())


def test_nip_lookup_by_setting_uses_the_index(db, tenant):
    p = plan(db, TENANT, "SELECT id FROM pegawai WHERE instansi_id = app_instansi_id() AND nip = app_nip()")
    assert nip_is_index_condition(p), p
    assert "Seq Scan" not in p, p


def test_nip_lookup_by_text_parameter_uses_the_index(db, tenant):
    p = plan(db, TENANT, "SELECT id FROM pegawai WHERE instansi_id = app_instansi_id() AND nip = %s::text",
             "199001012015031001")
    assert nip_is_index_condition(p), p
    assert "Seq Scan" not in p, p


def test_nip_column_is_text(db):
    assert db.one("SELECT atttypid::regtype::text FROM pg_attribute WHERE attrelid = 'pegawai'::regclass "
                  "AND attname = 'nip'") == "text"
