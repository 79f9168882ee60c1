#!/usr/bin/env python3
"""Write the pgbench (or psql) script for the request transaction of a server statement.
Owner: bench.

The SQL is not copied by hand: it is read from the server's source at run time, so the baseline
runs exactly the statements the server prepares —
  kn_ctx       (src/db/db.c)         SELECT set_config('app.instansi', $1, true), ... 7 settings
  the request statement, e.g. pegawai_get (src/api/pegawai.c) or skp_get (src/api/skp_rows.c)
wrapped the way kn_db_tx() pipelines them: BEGIN READ ONLY; kn_ctx; statement; COMMIT.

Differences from the server, stated so nobody has to guess:
  --role local    adds ONE statement after BEGIN: "SET LOCAL ROLE kinerja_app;" (the server does
                  SET ROLE once per connection; pgbench has no per-connection setup hook).
  --role session  adds nothing: the caller starts pgbench with PGOPTIONS="-c role=kinerja_app ...",
                  so each session starts as kinerja_app, like the server's connections.
  kn_ctx parameters that are empty for the token ($5 app.nip for a token without nip, $6
  app.scope for any non-integrasi token) are the literal '' because pgbench -D does not accept an
  empty value; the others are pgbench variables (parameters under -M prepared), as in the server.
  BEGIN/COMMIT are prepared under pgbench -M prepared; the server sends them as unnamed
  extended-protocol statements (parsing them is trivial either way).

Modes:
  pgbench --nips FILE          GET /v1/pegawai/{nip}: the NIP comes from a pgbench variable (an
                               18-digit NIP fits an int64, so the random pick from the list is a
                               balanced CASE tree over :k, depth ~10, negligible client cost)
  psql --nip NIP               the same transaction with literals, for a sanity check in psql
  stmt --stmt FILE:NAME --arg NAME ...
                               any registered statement (FILE.c: kn_db_register; FILE.sql: the
                               "-- name: NAME" block of bench/best_sql.sql); each --arg is a variable name (pgbench
                               -D NAME=..., or --set NAME=VALUE with --psql; a VALUE "@sql:EXPR"
                               is the SQL expression EXPR, not a literal) or NULL. Context
                               variables: kn_instansi, kn_actor, kn_roles, kn_request_id and, with
                               --ctx-nip, kn_nip. --psql writes literals instead of variables (no
                               pipeline); --rw starts with BEGIN; --end ROLLBACK ends the
                               transaction without committing (for EXPLAIN of writes).

  --only begin|ctx             (pgbench mode) the envelope alone: BEGIN READ ONLY; COMMIT, or with
                               kn_ctx between them; bench/run subtracts these from the whole
                               transaction for its per-request breakdown

usage: pgbench_script.py pgbench --nips FILE [--role local|session] [--only begin|ctx]
       pgbench_script.py psql --nip NIP [--instansi KODE] [--role local|session]
       pgbench_script.py stmt --stmt src/api/skp_rows.c:skp_get --arg skp [--ctx-nip] [--role local|session]
                              [--psql --set kn_instansi=demo --set skp=12 ...] [--rw] [--end COMMIT|ROLLBACK]
"""
import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def registered_sql(path, name):
    """The SQL string a kn_db_register("name", "..." "...") call in a C file registers."""
    with open(path, encoding="utf-8") as f:
        src = f.read()
    # C comments between the string pieces (none of the SQL strings contains "/*")
    src = re.sub(r"/\*.*?\*/", " ", src, flags=re.S)
    # #define NAME "..." "..." (string pieces only): substituted where a statement names it
    for m in list(re.finditer(r'^#define\s+(\w+)\s+((?:\\\n|[ \t]|"(?:[^"\\]|\\.)*")+)$', src, flags=re.M)):
        body = m.group(2).replace("\\\n", " ")
        src = src.replace(m.group(0), "")
        src = re.sub(r"\b" + m.group(1) + r"\b", lambda _: body, src)
    m = re.search(r'kn_db_register\(\s*"' + re.escape(name) + r'"\s*,((?:\s*"(?:[^"\\]|\\.)*")+)\s*\)', src)
    if not m:
        sys.exit(f"pgbench_script.py: statement {name} not found in {path}")
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))
    return "".join(p.replace('\\"', '"').replace("\\\\", "\\") for p in parts)


def named_sql(path, name):
    """The statement after "-- name: NAME" in a .sql file of named statements (bench/best_sql.sql)."""
    with open(path, encoding="utf-8") as f:
        blocks = re.split(r"^-- name: *(\w+) *$", f.read(), flags=re.M)
    for k, body in zip(blocks[1::2], blocks[2::2]):
        if k == name:
            lines = [l for l in body.splitlines() if not l.lstrip().startswith("--")]
            return " ".join(" ".join(lines).split()).rstrip(";")
    sys.exit(f"pgbench_script.py: statement {name} not found in {path}")


def params_to(sql, names):
    def sub(m):
        i = int(m.group(1))
        if i > len(names):
            sys.exit(f"pgbench_script.py: unexpected parameter ${i}")
        return names[i - 1]
    return re.sub(r"\$(\d+)", sub, sql)


def case_tree(nips, lo, hi):
    if lo == hi:
        return nips[lo]
    mid = (lo + hi) // 2
    return f"CASE WHEN :k <= {mid} THEN {case_tree(nips, lo, mid)} ELSE {case_tree(nips, mid + 1, hi)} END"


def q(v):
    return "'" + v.replace("'", "''") + "'"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["pgbench", "psql", "stmt"])
    ap.add_argument("--nips")
    ap.add_argument("--nip")
    ap.add_argument("--instansi", default="demo")
    ap.add_argument("--role", choices=["local", "session"], default="local")
    ap.add_argument("--stmt", help="FILE:NAME of a kn_db_register call (stmt mode)")
    ap.add_argument("--arg", action="append", default=[], help="variable name or NULL, per statement parameter")
    ap.add_argument("--ctx-nip", action="store_true", help="app.nip from variable kn_nip instead of ''")
    ap.add_argument("--psql", action="store_true", help="literals from --set instead of pgbench variables")
    ap.add_argument("--set", action="append", default=[], help="NAME=VALUE for --psql (VALUE @sql:EXPR = raw SQL)")
    ap.add_argument("--rw", action="store_true", help="BEGIN instead of BEGIN READ ONLY")
    ap.add_argument("--end", choices=["COMMIT", "ROLLBACK"], default="COMMIT")
    ap.add_argument("--only", choices=["begin", "ctx"],
                    help="envelope parts only (bench/run's breakdown): BEGIN/COMMIT, or BEGIN/kn_ctx/COMMIT")
    a = ap.parse_args()

    ctx = registered_sql(os.path.join(ROOT, "src/db/db.c"), "kn_ctx")
    out = []
    pipeline = a.mode == "pgbench" or (a.mode == "stmt" and not a.psql)
    if a.mode == "stmt":
        if not a.stmt or ":" not in a.stmt:
            sys.exit("pgbench_script.py: stmt mode needs --stmt FILE:NAME")
        path, name = a.stmt.rsplit(":", 1)
        find = named_sql if path.endswith(".sql") else registered_sql
        sql = find(os.path.join(ROOT, path), name)
        values = dict(kv.split("=", 1) for kv in a.set)

        def ref(n):
            if n is None or n == "NULL":
                return "''" if n is None else "NULL"
            if a.psql:
                if n not in values:
                    sys.exit(f"pgbench_script.py: --set {n}=... missing")
                v = values[n]
                return v[len("@sql:"):] if v.startswith("@sql:") else q(v)
            return ":" + n
        ctx_names = ["kn_instansi", "kn_actor", "kn_roles", "kn_request_id", "kn_nip" if a.ctx_nip else None, None]
        ctx_sql = params_to(ctx, [ref(n) for n in ctx_names])
        get_sql = params_to(sql, [ref(n) for n in a.arg])
    elif a.mode == "pgbench":
        get = registered_sql(os.path.join(ROOT, "src/api/pegawai.c"), "pegawai_get")
        with open(a.nips, encoding="utf-8") as f:
            nips = [l.strip() for l in f if l.strip()]
        for n in nips:
            if not re.fullmatch(r"[1-9][0-9]{17}", n):
                sys.exit(f"pgbench_script.py: NIP {n!r} is not 18 digits")
        out.append(f"\\set k random(0, {len(nips) - 1})")
        out.append("\\set nip " + case_tree(nips, 0, len(nips) - 1))
        # pgbench -D refuses an empty value, so the empty app.nip / app.scope are literals
        ctx_sql = params_to(ctx, [":kn_instansi", ":kn_actor", ":kn_roles", ":kn_request_id", "''", "''"])
        get_sql = params_to(get, [":nip"])
    else:
        get = registered_sql(os.path.join(ROOT, "src/api/pegawai.c"), "pegawai_get")
        ctx_sql = params_to(ctx, [q(a.instansi), q("bench"), q("admin_bkpsdm"), q("b"), q(""), q("")])
        get_sql = params_to(get, [q(a.nip)])
    if pipeline:
        out.append("\\startpipeline")
    out.append("BEGIN;" if a.rw else "BEGIN READ ONLY;")
    if a.role == "local":
        out.append("SET LOCAL ROLE kinerja_app;")
    if a.only != "begin":
        out.append(ctx_sql + ";")
    if a.only is None:
        out.append(get_sql + ";")
    out.append(a.end + ";")
    if pipeline:
        out.append("\\endpipeline")
    print("\n".join(out))


if __name__ == "__main__":
    main()
