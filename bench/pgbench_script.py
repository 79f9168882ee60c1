#!/usr/bin/env python3
"""Write the pgbench (or psql) script for the request transaction of GET /v1/pegawai/{nip}.
Owner: bench.

The SQL is not copied by hand: it is read from the server's source at run time, so the baseline
runs exactly the statements the server prepares —
  kn_ctx       (src/db/db.c)         SELECT set_config('app.instansi', $1, true), ... 5 settings
  pegawai_get  (src/api/pegawai.c)   SELECT pegawai_json(p)::text FROM pegawai p JOIN unor u ...
wrapped the way kn_db_tx() pipelines them: BEGIN READ ONLY; kn_ctx; pegawai_get; COMMIT.

Differences from the server, stated so nobody has to guess:
  --role local    adds ONE statement after BEGIN: "SET LOCAL ROLE kinerja_app;" (the server does
                  SET ROLE once per connection; pgbench has no per-connection setup hook).
  --role session  adds nothing: bench/run starts pgbench with PGOPTIONS="-c role=kinerja_app",
                  so each session starts as kinerja_app, like the server's connections.
  The fifth kn_ctx parameter (app.nip, '' for an admin_bkpsdm token without nip) is the literal ''
  because pgbench -D does not accept an empty value; the other four are parameters, as in the server.
  BEGIN/COMMIT are prepared under pgbench -M prepared; the server sends them as unnamed
  extended-protocol statements (parsing them is trivial either way).
  The NIP comes from a pgbench variable: a NIP has 18 digits and fits an int64, so the random
  pick from the list is a balanced CASE tree over :k (depth ~10, negligible client cost).

usage: pgbench_script.py pgbench --nips FILE [--role local|session]
       pgbench_script.py psql --nip NIP --instansi KODE [--role local|session]
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
    m = re.search(r'kn_db_register\(\s*"' + re.escape(name) + r'"\s*,((?:\s*"(?:[^"\\]|\\.)*")+)\s*\)', src)
    if not m:
        sys.exit(f"pgbench_script.py: statement {name} not found in {path}")
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))
    return "".join(p.replace('\\"', '"').replace("\\\\", "\\") for p in parts)


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["pgbench", "psql"])
    ap.add_argument("--nips")
    ap.add_argument("--nip")
    ap.add_argument("--instansi", default="demo")
    ap.add_argument("--role", choices=["local", "session"], default="local")
    a = ap.parse_args()

    ctx = registered_sql(os.path.join(ROOT, "src/db/db.c"), "kn_ctx")
    get = registered_sql(os.path.join(ROOT, "src/api/pegawai.c"), "pegawai_get")
    out = []
    if a.mode == "pgbench":
        with open(a.nips, encoding="utf-8") as f:
            nips = [l.strip() for l in f if l.strip()]
        for n in nips:
            if not re.fullmatch(r"[1-9][0-9]{17}", n):
                sys.exit(f"pgbench_script.py: NIP {n!r} is not 18 digits")
        out.append(f"\\set k random(0, {len(nips) - 1})")
        out.append("\\set nip " + case_tree(nips, 0, len(nips) - 1))
        out.append("\\startpipeline")
        # pgbench -D refuses an empty value, so the empty app.nip of a token without nip is a literal
        ctx_sql = params_to(ctx, [":kn_instansi", ":kn_actor", ":kn_roles", ":kn_request_id", "''"])
        get_sql = params_to(get, [":nip"])
    else:
        q = lambda s: "'" + s.replace("'", "''") + "'"
        ctx_sql = params_to(ctx, [q(a.instansi), q("bench"), q("admin_bkpsdm"), q("b"), q("")])
        get_sql = params_to(get, [q(a.nip)])
    out.append("BEGIN READ ONLY;")
    if a.role == "local":
        out.append("SET LOCAL ROLE kinerja_app;")
    out.append(ctx_sql + ";")
    out.append(get_sql + ";")
    out.append("COMMIT;")
    if a.mode == "pgbench":
        out.append("\\endpipeline")
    print("\n".join(out))


if __name__ == "__main__":
    main()
