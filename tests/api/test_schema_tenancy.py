"""The live schema can be distributed by tenant (docs/scale-out.md): every table carries
instansi_id, and every primary key, unique constraint or unique index and foreign key includes
it (a foreign key maps instansi_id to instansi_id, so both ends are co-located), except the
tables and constraints listed here and justified in docs/scale-out.md. Owner: platform."""
import os

from conftest import ROOT

# table -> why it has no instansi_id (Citus role in docs/scale-out.md)
TABLES_WITHOUT_TENANT = {
    "instansi": "the tenant table itself: distributed by id, which is every other table's instansi_id",
    "schema_migrations": "migration bookkeeping, coordinator-local",
    "schema_functions": "function-module bookkeeping of kinerja migrate, coordinator-local",
    "distribusi_aturan": "national distribution-curve rules, a reference table",
    "angka_kredit_koefisien": "national credit coefficients, a reference table",
    "klien_rahasia": "client secret hashes looked up by client_id before the tenant is known",
    "klien_percobaan": "failed token attempts per client and address, counted before the tenant is known",
}
# (table, constraint definition) -> why it does not include (or pair) instansi_id
CONSTRAINTS_WITHOUT_TENANT = {
    ("instansi", "UNIQUE (kode)"): "tokens name the tenant by kode: a global lookup",
    ("klien", "UNIQUE (client_id)"): "POST /v1/auth/token finds the client before the tenant is known",
    ("dokumen", "UNIQUE (kode)"): "GET /v1/dokumen/{kode} (public) finds a document before the tenant is known",
    ("klien_percobaan", "PRIMARY KEY (client_id, alamat)"):
        "keyed like klien_rahasia by client_id, before the tenant is known",
    ("klien_percobaan", "FOREIGN KEY (client_id) REFERENCES klien(client_id) ON DELETE CASCADE"):
        "to become a reference to the klien_indeks reference table when distributing",
    ("klien_rahasia", "FOREIGN KEY (client_id) REFERENCES klien(client_id) ON DELETE CASCADE"):
        "to become a reference to the klien_indeks reference table when distributing",
}
# tables whose distribution column is not called instansi_id
DIST_COLUMN = {"instansi": "id"}

QUERY = """
SELECT t.relname, c.contype, pg_get_constraintdef(c.oid),
       ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i),
       f.relname,
       ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
             JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)
  FROM pg_constraint c
  JOIN pg_class t ON t.oid = c.conrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  LEFT JOIN pg_class f ON f.oid = c.confrelid
 WHERE n.nspname = %s AND c.contype IN ('p', 'u', 'f') AND NOT t.relispartition
UNION ALL  -- unique indexes that back no constraint
SELECT t.relname, 'i', pg_get_indexdef(i.indexrelid),
       ARRAY(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(n, o)
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o),
       NULL, NULL
  FROM pg_index i
  JOIN pg_class t ON t.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname = %s AND i.indisunique AND NOT t.relispartition
   AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)
"""


def tenancy_problems(db, schema="public"):
    tables = {r[0]: r[1] for r in db.all(
        "SELECT c.relname, EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'instansi_id'"
        "       AND NOT a.attisdropped) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND NOT c.relispartition", schema)}
    out = []
    for t, has in sorted(tables.items()):
        if not has and t not in TABLES_WITHOUT_TENANT and t not in DIST_COLUMN:
            out.append(f"table {t} has no instansi_id")
    for tbl, kind, definition, cols, ftbl, fcols in db.all(QUERY, schema, schema):
        if schema == "public" and (tbl, definition) in CONSTRAINTS_WITHOUT_TENANT:
            continue
        dist = DIST_COLUMN.get(tbl, "instansi_id")
        if kind in ("p", "u", "i"):
            if tbl in TABLES_WITHOUT_TENANT:
                continue
            if dist not in cols:
                out.append(f"{tbl}: {definition} does not include {dist}")
            continue
        # foreign keys: to a table without tenant (reference table) anything goes; between
        # tenant tables the distribution columns must be paired
        if ftbl in TABLES_WITHOUT_TENANT and ftbl not in DIST_COLUMN:
            continue
        if tbl in TABLES_WITHOUT_TENANT and tbl not in DIST_COLUMN:
            out.append(f"{tbl}: reference/local table refers to tenant table {ftbl}: {definition}")
            continue
        fdist = DIST_COLUMN.get(ftbl, "instansi_id")
        if (dist, fdist) not in zip(cols, fcols):
            out.append(f"{tbl}: {definition} does not pair {dist} with {ftbl}.{fdist}")
    return out


def test_every_key_includes_the_tenant(db):
    assert tenancy_problems(db) == []


def test_keys_lead_with_the_tenant_where_they_include_it(db):
    """Leading matters for index use per tenant: every primary key of a tenant table starts with it."""
    rows = db.all("SELECT t.relname, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
                  " WHERE t.relnamespace = 'public'::regnamespace AND c.contype = 'p' AND NOT t.relispartition")
    bad = [(t, d) for t, d in rows if t not in TABLES_WITHOUT_TENANT
           and not d.startswith(f"PRIMARY KEY ({DIST_COLUMN.get(t, 'instansi_id')}")]
    assert bad == []


def test_the_check_catches_a_table_that_cannot_be_distributed(db):
    db.exec("DROP SCHEMA IF EXISTS uji_tenancy CASCADE")
    db.exec("CREATE SCHEMA uji_tenancy")
    try:
        db.exec("CREATE TABLE uji_tenancy.induk (instansi_id bigint, id bigint, kode text UNIQUE,"
                " PRIMARY KEY (instansi_id, id))")
        db.exec("CREATE TABLE uji_tenancy.anak (instansi_id bigint, id bigint PRIMARY KEY, induk_id bigint,"
                " FOREIGN KEY (id, induk_id) REFERENCES uji_tenancy.induk (instansi_id, id))")
        db.exec("CREATE TABLE uji_tenancy.lepas (id bigint)")
        db.exec("CREATE UNIQUE INDEX ON uji_tenancy.induk (id)")
        found = tenancy_problems(db, "uji_tenancy")
        assert "table lepas has no instansi_id" in found
        assert "induk: UNIQUE (kode) does not include instansi_id" in found
        assert "anak: PRIMARY KEY (id) does not include instansi_id" in found
        assert any(p.startswith("anak: FOREIGN KEY (id, induk_id)") for p in found)
        assert any(p.startswith("induk: CREATE UNIQUE INDEX") for p in found)
    finally:
        db.exec("DROP SCHEMA uji_tenancy CASCADE")


def test_every_exception_is_justified_in_the_plan():
    with open(os.path.join(ROOT, "docs", "scale-out.md")) as f:
        plan = f.read()
    for t in TABLES_WITHOUT_TENANT:
        assert f"`{t}`" in plan, t
    for t, d in CONSTRAINTS_WITHOUT_TENANT:
        assert f"`{t}`" in plan and f"`{d}`" in plan, (t, d)
