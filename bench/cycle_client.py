#!/usr/bin/env python3
"""HTTP client for the measurements of bench/run-cycle that wrk does not fit. Owner: bench.

  seq       N sequential requests on one keep-alive connection (after W warm-up requests):
            latency percentiles of slow reads (distribution, ranking, follow-up); with --budget S
            no request starts after S seconds (at least one is measured; a warm-up request that
            would start after S/3 is skipped), for endpoints that take seconds
  upload    PUT --file to /v1/bukti/{id}/konten once per line "id<TAB>token" of --list, over C
            keep-alive connections (line i goes to connection i % C); checks every answer is 200
            with the file's sha256; with --distinct each upload's last 16 bytes are its bukti
            id, so no two uploads share a hash (the directory backend stores one file per hash),
            and the sha256 of each connection's first answer is checked
  download  GET /v1/bukti/{id}/konten once per line, over C connections; checks status and
            length of every answer and the sha256 of each connection's first answer (with --distinct:
            against the file as the distinct upload sent it)

Throughput is payload bytes / wall time from the first request to the last answer. Prints one
JSON object on stdout.

usage: cycle_client.py seq --base URL --path P --token T [-n 20] [--warm 2] [--budget S]
       cycle_client.py upload|download --base URL --list FILE --file PDF [-c 4] [--distinct]
"""
import argparse
import hashlib
import http.client
import json
import sys
import threading
import time
import urllib.parse


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return None
    return round(xs[min(len(xs) - 1, int(len(xs) * p))], 3)


def stats(lat_ms):
    return {"min": round(min(lat_ms), 3), "p50": pct(lat_ms, 0.5), "p90": pct(lat_ms, 0.9),
            "p99": pct(lat_ms, 0.99), "max": round(max(lat_ms), 3), "mean": round(sum(lat_ms) / len(lat_ms), 3)}


def connect(base):
    u = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=60)


def seq(a):
    c = connect(a.base)
    hdr = {"Authorization": "Bearer " + a.token}
    lat, status, size = [], {}, 0
    start = time.perf_counter()
    for i in range(a.warm + a.n):
        # past the budget, stop (but measure at least one request)
        if a.budget and time.perf_counter() - start > a.budget and lat:
            break
        if a.budget and i < a.warm and time.perf_counter() - start > a.budget / 3:
            continue  # a slow endpoint: skip the rest of the warm-up
        t0 = time.perf_counter()
        c.request("GET", a.path, headers=hdr)
        r = c.getresponse()
        body = r.read()
        dt = (time.perf_counter() - t0) * 1000
        if i >= a.warm:
            lat.append(dt)
            status[r.status] = status.get(r.status, 0) + 1
            size = len(body)
    out = {"n": len(lat), "status": status, "bytes": size, "ms": stats(lat)}
    print(json.dumps(out))


def transfer(a, upload):
    with open(a.file, "rb") as f:
        data = f.read()
    sha = hashlib.sha256(data).hexdigest()
    items = []
    with open(a.list, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                bid, tok = line.rstrip("\n").split("\t")[:2]
                items.append((bid, tok))
    if a.n:
        items = items[:a.n]
    lat, errors, lock = [], [], threading.Lock()

    def worker(part):
        c = connect(a.base)
        first = True
        buf = bytearray(data)
        for bid, tok in part:
            path = f"/v1/bukti/{bid}/konten"
            hdr = {"Authorization": "Bearer " + tok}
            t0 = time.perf_counter()
            try:
                if upload:
                    hdr["Content-Type"] = "application/pdf"
                    if a.distinct:
                        buf[-16:] = b"%016d" % int(bid)
                    c.request("PUT", path, body=buf if a.distinct else data, headers=hdr)
                else:
                    c.request("GET", path, headers=hdr)
                r = c.getresponse()
                body = r.read()
            except Exception as e:  # noqa: BLE001 - reported, not raised
                with lock:
                    errors.append(f"{bid}: {e}")
                c.close()
                c = connect(a.base)
                continue
            dt = (time.perf_counter() - t0) * 1000
            bad = None
            if r.status != 200:
                bad = f"{bid}: HTTP {r.status} {body[:200]!r}"
            elif upload and a.distinct and first and json.loads(body).get("sha256") != hashlib.sha256(buf).hexdigest():
                bad = f"{bid}: sha256 in the answer differs"
            elif upload and not a.distinct and json.loads(body).get("sha256") != sha:
                bad = f"{bid}: sha256 in the answer differs"
            elif not upload and len(body) != len(data):
                bad = f"{bid}: {len(body)} bytes, expected {len(data)}"
            elif not upload and first and body != (data[:-16] + b"%016d" % int(bid) if a.distinct else data):
                bad = f"{bid}: content differs from the upload"
            first = False
            with lock:
                lat.append(dt)
                if bad:
                    errors.append(bad)

    parts = [items[i::a.c] for i in range(a.c)]
    threads = [threading.Thread(target=worker, args=(p,)) for p in parts]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    ok = len(lat) - len(errors)
    out = {"requests": len(items), "ok": ok, "errors": len(errors), "error_sample": errors[:3],
           "bytes_each": len(data), "seconds": round(wall, 3),
           "req_s": round(ok / wall, 1), "mb_s": round(ok * len(data) / wall / 1e6, 1),
           "mib_s": round(ok * len(data) / wall / 1048576, 1), "ms": stats(lat) if lat else None}
    print(json.dumps(out))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["seq", "upload", "download"])
    ap.add_argument("--base", required=True)
    ap.add_argument("--path")
    ap.add_argument("--token")
    ap.add_argument("--list")
    ap.add_argument("--file")
    ap.add_argument("-n", type=int, default=0)
    ap.add_argument("--warm", type=int, default=2)
    ap.add_argument("-c", type=int, default=4)
    ap.add_argument("--distinct", action="store_true", help="a different file per bukti (see above)")
    ap.add_argument("--budget", type=float, default=0, help="seq: seconds after which no new request starts")
    a = ap.parse_args()
    if a.mode == "seq":
        a.n = a.n or 20
        seq(a)
    else:
        transfer(a, a.mode == "upload")


if __name__ == "__main__":
    sys.exit(main())
