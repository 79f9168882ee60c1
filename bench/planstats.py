#!/usr/bin/env python3
"""Sum PostgreSQL's parse/analyze/rewrite/plan statistics of one request transaction.
Owner: bench.

Input (stdin): psql's stderr of a session run with log_parser_stats and log_planner_stats on and
client_min_messages = log, so each "PARSER / PARSE ANALYSIS / REWRITER / PLANNER STATISTICS" LOG
arrives with its "... s elapsed". Only messages of psql script lines >= --from-line count (the
request transaction; the session set-up before it does not). These include the bodies of
SQL-language functions: PostgreSQL 15 parses and plans them again in every query that calls them
(an inlined one is re-parsed each time it is inlined), unlike plpgsql, whose statement plans stay
cached in the session; the server's prepared statements only save the outermost statement.

Prints one line: "<total> ms parse/plan per request: parser N x, analysis N x, rewriter N x,
planner N x (ms each category)".

usage: planstats.py --from-line N < stderr
"""
import argparse
import re
import sys

CATS = [("PARSER STATISTICS", "parse"), ("PARSE ANALYSIS STATISTICS", "analyze"),
        ("REWRITER STATISTICS", "rewrite"), ("PLANNER STATISTICS", "plan")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--from-line", type=int, required=True)
    a = ap.parse_args()
    t = {c: 0.0 for c, _ in CATS}
    n = {c: 0 for c, _ in CATS}
    cat = None
    for line in sys.stdin:
        m = re.search(r":(\d+): LOG:\s+([A-Z ]+STATISTICS)", line)
        if m:
            cat = m.group(2) if int(m.group(1)) >= a.from_line and m.group(2) in t else None
            continue
        m = re.search(r"([0-9.]+) s elapsed", line)
        if cat and m:
            t[cat] += float(m.group(1)) * 1000
            n[cat] += 1
            cat = None
    total = sum(t.values())
    parts = ", ".join(f"{short} {n[c]}x {t[c]:.2f} ms" for c, short in CATS)
    print(f"{total:.2f} ms parse/plan per request ({parts})")


if __name__ == "__main__":
    main()
