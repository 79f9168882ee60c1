#!/usr/bin/env python3
"""Condense auto_explain output (log_level=notice, log_nested_statements=on, log_analyze=on) of
one request transaction into what bench/run-cycle prints. Owner: bench.

Input (stdin): psql's stderr, i.e. NOTICE blocks "duration: X ms  plan:", "Query Text: ...", the
plan. A statement's nested statements (SQL inside the functions it calls) finish, and so are
logged, before it; durations are inclusive. Prints:
  - every logged statement of at least --min-ms, slowest first (duration, the first words of its
    text), the request statement itself marked "=";
  - the hot path of the slowest statement that is not just a function call (a plan that is a
    lone Result or Function Scan node; when a nested statement takes half of its time or more,
    the slowest such nested statement instead, repeatedly): its plan nodes that take at least --hot-pct % of its
    time (inclusive time x loops), costs removed, with their conditions: where the time goes.

usage: explain_summary.py --label TEXT [--match SUBSTRING] [--min-ms 0.1] [--lines 40] [--hot-pct 5] < notices
  --match: the request statement's text contains this (default: the last statement logged)
"""
import argparse
import re
import sys

COST = re.compile(r"  \(cost=[^)]*\)")


def parse(text):
    blocks, cur = [], None
    for line in text.splitlines():
        m = re.search(r"NOTICE:\s+duration: ([0-9.]+) ms\s+plan:", line)
        if m:
            cur = {"ms": float(m.group(1)), "query": [], "plan": [], "in_query": False}
            blocks.append(cur)
            continue
        if cur is None:
            continue
        if line.startswith("psql:") or line.startswith("ERROR") or line.startswith("WARNING"):
            cur = None
            continue
        if line.startswith("Query Text:"):
            cur["query"].append(line[len("Query Text:"):].strip())
            cur["in_query"] = True
            continue
        # the query text may span lines; the plan starts with a node name at column 0
        if cur["in_query"] and re.match(r"^[A-Z][A-Za-z ]+(  \(cost=| on | using |\s*$)", line) and "(cost=" in line:
            cur["in_query"] = False
        if cur["in_query"]:
            cur["query"].append(line.strip())
        else:
            cur["plan"].append(line)
    for b in blocks:
        b["text"] = " ".join(x for x in b["query"] if x)
    return blocks


ACTUAL = re.compile(r"\(actual time=([0-9.]+)\.\.([0-9.]+) rows=(\d+) loops=(\d+)\)")
DETAIL = ("Index Cond:", "Filter:", "Rows Removed by", "Join Filter:", "Hash Cond:", "Sort Key:", "Recheck Cond:")


def hot_path(b, pct):
    """Node lines whose inclusive time x loops is at least pct % of the statement, and the
    condition lines that belong to them."""
    out, keep = [], False
    for l in b["plan"]:
        if not l.strip():
            continue
        m = ACTUAL.search(l)
        if m:
            t = float(m.group(2)) * int(m.group(4))
            keep = t >= b["ms"] * pct / 100
            if keep:
                out.append(COST.sub("", l))
            continue
        if "never executed" in l:
            keep = False
            continue
        if keep and l.strip().startswith(DETAIL):
            out.append(l)
    return out


def is_wrapper(b):
    nodes = [l for l in b["plan"] if "(cost=" in l]
    return len(nodes) <= 1 and nodes and re.match(r"^\s*(->\s*)?(Result|Function Scan|ProjectSet)", nodes[0]) is not None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--label", required=True)
    ap.add_argument("--match")
    ap.add_argument("--min-ms", type=float, default=0.1)
    ap.add_argument("--lines", type=int, default=40)
    ap.add_argument("--hot-pct", type=float, default=5)
    a = ap.parse_args()
    blocks = parse(sys.stdin.read())
    # the context statement (set_config...) and instansi_id_of are the envelope, shown as such
    top = None
    if a.match:
        cands = [b for b in blocks if a.match in b["text"]]
        top = cands[-1] if cands else None
    elif blocks:
        top = blocks[-1]
    print(f"  {a.label}")
    if not top:
        print("    (no plan captured)")
        return
    # statements logged up to the request statement belong to it (or to the envelope before it)
    upto = blocks[:blocks.index(top) + 1]
    print(f"    request statement: {top['ms']:.3f} ms (auto_explain with per-node timing; plain runs are faster)")
    shown = sorted((b for b in upto if b["ms"] >= a.min_ms), key=lambda b: -b["ms"])[:8]
    for b in shown:
        mark = "=" if b is top else ("f" if is_wrapper(b) else " ")
        print(f"    {mark} {b['ms']:9.3f} ms  {b['text'][:110]}")
    inner = [b for b in upto if not is_wrapper(b)]
    if inner:
        # the slowest statement; while a statement logged before it (so nested in it, or small)
        # accounts for at least half of its time, descend into that one: the plan shown is where
        # the time is spent in plan nodes, not in function calls of an outer statement
        worst = max(inner, key=lambda b: b["ms"])
        while True:
            before = [b for b in inner[:inner.index(worst)] if worst["ms"] * 0.5 <= b["ms"] < worst["ms"]]
            if not before:
                break
            worst = max(before, key=lambda b: b["ms"])
        print(f"    hot path of the slowest statement that is not a bare function call ({worst['ms']:.3f} ms): "
              f"plan nodes taking >= {a.hot_pct:g}% of it (time x loops), with their conditions")
        lines = hot_path(worst, a.hot_pct)
        for l in lines[:a.lines]:
            print("      " + l)
        if len(lines) > a.lines:
            print(f"      ... {len(lines) - a.lines} more lines")
    print("    (= the request statement, f = a function-call wrapper; durations include nested statements)")


if __name__ == "__main__":
    main()
