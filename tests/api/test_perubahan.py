"""Change feed GET /v1/perubahan (issue 9, item 3). Owner: integration.
The central property: a reader that follows cursors never misses a committed change and never
sees one twice, in position order (a transaction's xid, sql/migrations/0130), even when
transactions commit out of that order: the feed ends below the oldest transaction still running.
Writers here hold transactions open for random times on their own connections while a reader
polls."""
import base64
import random
import threading
import time

import psycopg2

from conftest import problem
import os


def feed(api, token, cursor=None, limit=50, entity=None):
    q = f"/v1/perubahan?limit={limit}" + (f"&cursor={cursor}" if cursor else "") + (f"&entity={entity}" if entity else "")
    r = api.get(q, token=token)
    assert r.status_code == 200, r.text
    return r.json()


def drain(api, token, cursor, entity=None):
    items = []
    for _ in range(10000):            # a stalled cursor fails instead of hanging the suite
        page = feed(api, token, cursor, 50, entity)
        items += page["items"]
        cursor = page["next_cursor"]
        if not page["more"]:
            return items, cursor
    raise AssertionError("the feed never ended: stalled cursor")


def test_feed_lists_committed_changes_with_version(api, tenant, db):
    admin = tenant["admin"]
    _, start = drain(api, admin, None)
    r = api.patch(f"/v1/unor/{tenant['bidang']}", token=admin, json={"nama": "Uji Bidang Umpan"})
    assert r.status_code == 200, r.text
    items, end = drain(api, admin, start)
    mine = [i for i in items if i["entity"] == "unor" and i["entity_id"] == str(tenant["bidang"])]
    assert mine and mine[-1]["action"] == "UPDATE" and mine[-1]["version"] == r.json()["version"]
    assert set(mine[-1]) == {"posisi", "entity", "entity_id", "action", "version", "committed_at"}
    # caught up: the same cursor again gives nothing and keeps the position
    again = feed(api, admin, end)
    assert again["items"] == [] and again["next_cursor"] == end and again["more"] is False
    # any item's posisi is itself a cursor
    after_first = feed(api, admin, items[0]["posisi"], 500)["items"]
    assert [i["posisi"] for i in after_first] == [i["posisi"] for i in items[1:]]


def test_feed_is_tenant_scoped_and_filtered(api, tenant, tok):
    admin, other = tenant["admin"], tenant["other_admin"]
    _, start = drain(api, other, None)
    assert api.patch(f"/v1/unor/{tenant['seksi']}", token=admin, json={"nama": "Uji Seksi Umpan"}).status_code == 200
    theirs, _ = drain(api, other, start)
    assert all(i["entity_id"] != str(tenant["seksi"]) for i in theirs if i["entity"] == "unor")
    only = feed(api, admin, None, 500, "pegawai")["items"]
    assert only and {i["entity"] for i in only} == {"pegawai"}
    assert feed(api, tok("integrasi", scope="sync:read"), None, 1)["items"]
    for t in (tok("admin_pd"), tok("pegawai"), tok("integrasi", scope="sync:write")):
        problem(api.get("/v1/perubahan", token=t), 403, "forbidden")
    for q in ("cursor=abc", "cursor=" + base64.urlsafe_b64encode(b"k1:5").decode().rstrip("="),
              "cursor=" + base64.urlsafe_b64encode(b"p1:5.x").decode().rstrip("="),
              "limit=0", "limit=501", "entity=Unor;drop", "entity=a,,b"):
        b = problem(api.get(f"/v1/perubahan?{q}", token=admin), 422, "validation_failed")
        assert b["errors"][0]["field"] in ("cursor", "limit", "entity")


def _connect():
    return psycopg2.connect(host=os.environ["KN_PG_DATA"], port=os.environ["KN_PG_PORT"], user="postgres", dbname="kinerja")


def _writer(units, rounds, errors, commits):
    conn = _connect()
    try:
        for n in range(rounds):
            with conn:                       # one transaction: update, hold it open a while, commit
                with conn.cursor() as c:
                    u = random.choice(units)
                    c.execute("UPDATE unor SET nama = %s WHERE id = %s", (f"Uji Unit {u} {time.time_ns()}", u))
                    c.execute("SELECT pg_current_xact_id()::text::bigint")
                    xid = c.fetchone()[0]
                    time.sleep(random.choice([0, 0, 0.005, 0.02, 0.08]))
            commits.append(xid)              # after the commit: about commit order
    except Exception as e:  # pragma: no cover - reported by the test
        errors.append(e)
    finally:
        conn.close()


def test_reader_never_misses_or_repeats_under_concurrent_writers(api, tenant, db):
    admin = tenant["admin"]
    _, cursor = drain(api, admin, None, "unor")
    first_audit = db.one("SELECT COALESCE(max(id), 0) FROM audit_log")
    units = [tenant[k] for k in ("bidang", "seksi", "dinas", "dinas2")]
    errors, commits = [], []
    writers = [threading.Thread(target=_writer, args=(units, 25, errors, commits)) for _ in range(6)]
    for w in writers:
        w.start()
    seen = []
    while any(w.is_alive() for w in writers):
        page = feed(api, admin, cursor, 7, "unor")     # small pages: many cursor hops mid-flight
        seen += page["items"]
        cursor = page["next_cursor"]
        time.sleep(0.003)
    for w in writers:
        w.join()
    rest, cursor = drain(api, admin, cursor, "unor")
    seen += rest
    assert not errors, errors
    tid = db.one("SELECT id FROM instansi WHERE kode = %s", __import__("conftest").TENANT)
    expected = db.all("SELECT a.id, t.seq FROM audit_log a JOIN perubahan_txn t USING (instansi_id, txid) "
                      "WHERE a.instansi_id = %s AND a.entity = 'unor' AND a.id > %s ORDER BY t.seq, a.id",
                      tid, first_audit)
    assert len(expected) >= 150                       # 6 writers x 25 transactions, each at least one row
    positions = [base64.urlsafe_b64decode(i["posisi"] + "==").decode()[3:] for i in seen]
    got = [(int(p.split(".")[1]), int(p.split(".")[0])) for p in positions]
    assert len(got) == len(set(got)), "a change was delivered twice"
    assert got == [(a, s) for a, s in expected], "missed or reordered changes"
    # positions are the writers' xids, and at least once a transaction committed after one with a
    # larger position (which the reader may already have seen committed): the late commit that a
    # reader must not skip
    assert {s for _, s in got} >= set(commits)
    assert any(a > b for a, b in zip(commits, commits[1:])), "writers never overlapped; the test proved nothing"


def test_filtered_reader_moves_past_other_kinds(api, tenant):
    """Pages scan a bounded number of transactions; with a kind filter a page may come back short
    or empty, but the cursor still moves on, so the reader reaches the next matching change."""
    admin = tenant["admin"]
    _, cursor = drain(api, admin, None)
    for n in range(5):
        rename = api.patch(f"/v1/unor/{tenant['bidang']}", token=admin, json={"nama": f"Uji Bidang Lewat {n}"})
        assert rename.status_code == 200
    p = api.patch(f"/v1/pegawai/{tenant['staf']}", token=admin, json={"jabatan": "Pengadministrasi Lewat"})
    assert p.status_code == 200
    seen, hops = [], 0
    while hops < 1000:
        page = feed(api, admin, cursor, 2, "pegawai")
        hops += 1
        seen += page["items"]
        assert page["next_cursor"] != cursor or not page["more"], "the cursor stalled"
        cursor = page["next_cursor"]
        if not page["more"]:
            break
    assert hops >= 3 and [i["entity"] for i in seen] == ["pegawai"] and seen[0]["version"] == p.json()["version"]


def test_pages_split_inside_one_transaction(api, tenant, db):
    """A transaction with more changed rows than the page size is paged through row by row.
    Moving a unit moves its subtree in one commit (units of its own: the shared tree stays)."""
    admin = tenant["admin"]

    def unor(nama, parent):
        r = api.post("/v1/unor", token=admin, json={"nama": nama, "parent_id": parent})
        assert r.status_code == 201, r.text
        return r.json()["id"]

    induk = unor("Uji Pindah Induk", tenant["dinas2"])
    anak = unor("Uji Pindah Anak", induk)
    _, cursor = drain(api, admin, None, "unor")
    r = api.patch(f"/v1/unor/{induk}", token=admin, json={"parent_id": tenant["root"]})
    assert r.status_code == 200, r.text
    got = []
    for _ in range(200):
        page = feed(api, admin, cursor, 1, "unor")
        assert len(page["items"]) <= 1
        got += page["items"]
        cursor = page["next_cursor"]
        if not page["more"]:
            break
    else:
        raise AssertionError("stalled cursor")
    assert {str(induk), str(anak)} <= {i["entity_id"] for i in got}      # the subtree moved in one commit
    assert len({i["committed_at"] for i in got}) == 1 and len(got) == len({i["posisi"] for i in got}) >= 2


def test_feed_ends_below_a_running_transaction(api, tenant, db):
    """Transaction A writes first (the smaller xid) and stays open; B writes and commits. B is
    committed and visible, yet the feed shows neither: below B, A may still commit. Once A
    commits, the cursor from before gives A, then B: nothing skipped, nothing twice."""
    admin, seksi, bidang = tenant["admin"], str(tenant["seksi"]), str(tenant["bidang"])
    _, cursor = drain(api, admin, None, "unor")
    a = _connect()
    try:
        with a.cursor() as c:
            c.execute("UPDATE unor SET nama = 'Uji Seksi Terbuka' WHERE id = %s", (tenant["seksi"],))
            c.execute("SELECT pg_current_xact_id()::text::bigint")
            xa = c.fetchone()[0]
        b = api.patch(f"/v1/unor/{bidang}", token=admin, json={"nama": "Uji Bidang Selesai"})
        assert b.status_code == 200, b.text
        xb = db.one("SELECT max(t.seq) FROM perubahan_txn t JOIN audit_log l USING (instansi_id, txid) "
                    "WHERE l.entity = 'unor' AND l.entity_id = %s", bidang)
        assert xa < xb and db.one("SELECT nama FROM unor WHERE id = %s", tenant["bidang"]) == "Uji Bidang Selesai"
        for _ in range(3):                 # stays so, however often it is asked
            page = feed(api, admin, cursor, 50, "unor")
            assert page["items"] == [] and page["next_cursor"] == cursor and page["more"] is False
        a.commit()
    finally:
        a.close()
    items, _ = drain(api, admin, cursor, "unor")
    mine = [(i["entity_id"], int(base64.urlsafe_b64decode(i["posisi"] + "==").decode()[3:].split(".")[0]))
            for i in items if i["entity_id"] in (seksi, bidang)]
    assert mine == [(seksi, xa), (bidang, xb)]
    assert b.json()["version"] == [i["version"] for i in items if i["entity_id"] == bidang][-1]


def test_rolled_back_transaction_leaves_no_gap_open(api, tenant):
    """A transaction that rolls back held the feed back while it ran, and leaves nothing behind."""
    admin = tenant["admin"]
    _, cursor = drain(api, admin, None, "unor")
    a = _connect()
    try:
        with a.cursor() as c:
            c.execute("UPDATE unor SET nama = 'Uji Seksi Batal' WHERE id = %s", (tenant["seksi"],))
        assert api.patch(f"/v1/unor/{tenant['bidang']}", token=admin, json={"nama": "Uji Bidang Sesudah Batal"}).status_code == 200
        assert feed(api, admin, cursor, 50, "unor")["items"] == []
        a.rollback()
    finally:
        a.close()
    items, _ = drain(api, admin, cursor, "unor")
    assert [i["entity_id"] for i in items] == [str(tenant["bidang"])]
