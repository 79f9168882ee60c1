"""Assessment under concurrent requests (issue 15 item 6): the distribution curve is re-checked
inside the tetapkan's own transaction under the unit's curve lock, and no rating turns a set
evaluation back. Two deterministic interleavings (the test holds an evaluation's row lock from its
own connection, so a request provably waits inside its write transaction) and one burst of
threads whose outcome is replayed in commit order from the audit trail. Owner: assessment."""
import math
import os
import threading
import time

import psycopg2
import pytest

from test_penilaian import ATAS, SS, org, pd, pd6, rate, tetapkan  # noqa: F401 (fixtures)
from conftest import problem

ISTIMEWA_MAX_SB = 70  # ISTIMEWA_SB_MAKS_70 and ISTIMEWA_SB_TERBANYAK (0010_penilaian.sql)


def connect():
    c = psycopg2.connect(host=os.environ["KN_PG_DATA"], port=os.environ["KN_PG_PORT"], user="postgres", dbname="kinerja")
    return c


def wait_blocked(db, fragment, timeout=15):
    """Until a backend runs a statement containing `fragment` and waits on a lock."""
    end = time.time() + timeout
    while time.time() < end:
        if db.one("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE %s",
                  f"%{fragment}%"):
            return
        time.sleep(0.05)
    raise AssertionError(f"no request waited on a lock in {fragment}")


def in_thread(fn):
    out = {}
    t = threading.Thread(target=lambda: out.setdefault("r", fn()))
    t.start()
    return t, out


def test_R14b_tetapkan_rechecks_curve_under_unit_lock(api, pd, db):
    """ISTIMEWA, five rated: SB 3 (the 70% cap of 5), B 2. The staf's tetapkan reads facts that
    pass, then waits inside its write transaction (the test holds the row); meanwhile the jf is
    re-rated SB (4 > 3) and commits. The tetapkan must decide again on the new facts: 422, and
    the staf stays DINILAI. Without the re-check it set the predikat on the stale reading."""
    x = pd
    org(api, x, "ISTIMEWA")
    for who, rt in {"kadis": (None, "SESUAI_EKSPEKTASI"), "kabid": ATAS, "kasi": ATAS, "staf": ATAS, "jf": SS}.items():
        assert rate(api, x, who, *rt).status_code == 200, who
    staf = x["ev"]["staf"][4]["id"]
    hold = connect()
    try:
        with hold.cursor() as c:
            c.execute("SELECT id FROM evaluasi WHERE id = %s FOR UPDATE", (staf,))
        t, out = in_thread(lambda: tetapkan(api, x, "staf"))
        wait_blocked(db, "api_evaluasi_tetapkan")
        r = rate(api, x, "jf", *ATAS)  # not blocked: the tetapkan holds no curve lock yet
        assert r.status_code == 200 and r.json()["predikat"] == "SANGAT_BAIK", r.text
        hold.commit()
        t.join(30)
    finally:
        hold.close()
    body = problem(out["r"], 422, "distribusi_violation")
    assert "ISTIMEWA_SB_MAKS_70 (aktual 4, batas 3)" in body["detail"]
    assert db.one("SELECT status FROM evaluasi WHERE id = %s", staf) == "DINILAI"
    assert db.one("SELECT ditetapkan_at FROM evaluasi WHERE id = %s", staf) is None
    # the facts unchanged between decision and write: the tetapkan goes through
    assert rate(api, x, "jf", *SS).status_code == 200
    r = tetapkan(api, x, "staf")
    assert r.status_code == 200 and r.json()["status"] == "DITETAPKAN", r.text


def test_rating_never_flips_a_set_evaluation_back(api, pd, db):
    """A rating whose facts said DINILAI waits for the row; meanwhile the evaluation is set (its
    version becomes the If-Match the client sent). The status guard in the write refuses: 409,
    and the evaluation stays DITETAPKAN with its predikat."""
    x = pd
    org(api, x, "BAIK")
    assert rate(api, x, "staf", *SS).status_code == 200
    eid = x["ev"]["staf"][4]["id"]
    v = db.one("SELECT version FROM evaluasi WHERE id = %s", eid)
    hold = connect()
    try:
        with hold.cursor() as c:
            c.execute("SELECT id FROM evaluasi WHERE id = %s FOR UPDATE", (eid,))
            t, out = in_thread(lambda: api.put(
                f"/v1/evaluasi/{eid}/rating", token=x["tok"]["kasi"], headers={"If-Match": f'"v{v + 1}"'},
                json={"rating_hasil_kerja": ATAS[0], "rating_perilaku": ATAS[1]}))
            wait_blocked(db, "api_evaluasi_rating")
            # what a concurrent tetapkan commits (the version trigger makes it v + 1)
            c.execute("UPDATE evaluasi SET status = 'DITETAPKAN', ditetapkan_at = now() WHERE id = %s", (eid,))
        hold.commit()
        t.join(30)
    finally:
        hold.close()
    problem(out["r"], 409, "evaluasi_invalid_transition")
    assert db.all("SELECT status, predikat, version FROM evaluasi WHERE id = %s", eid) == [("DITETAPKAN", "BAIK", v + 1)]


def curve_broken(state):
    """ISTIMEWA on the set and proposed predikat (R14b): SB at most 70% and the largest group;
    blocking from five rated on (DOM_DISTRIBUSI_MIN_BLOCKING)."""
    pop = [p for (_, p) in state.values() if p]
    n, sb = len(pop), pop.count("SANGAT_BAIK")
    if n < 5:
        return False
    largest_other = max([pop.count(p) for p in set(pop) if p != "SANGAT_BAIK"] or [0])
    return sb > math.floor(ISTIMEWA_MAX_SB * n / 100 + 1e-9) or largest_other > sb


def test_R14b_concurrent_ratings_and_tetapkan_never_break_the_curve(api, pd6, db):
    """Each quarter: ISTIMEWA, six rated SB 3 / B 3 (legal). Then at once, one thread each: the jf
    and the second staf re-rated SB (the second of those breaks the 70% cap: 5 > 4) and a
    tetapkan of every evaluation. Replayed in commit order (audit row ids: every one of these
    writes takes the unit's curve lock, held to its commit, before it writes its audit rows; the
    change feed's positions are transaction ids, not commit order), every tetapkan without override must have committed onto a population that held the
    curve, and no set evaluation was rated again."""
    x = pd6
    who_all = ["kadis", "kabid", "kasi", "staf", "jf", "extra"]
    outcomes = []
    for q in (1, 2, 3, 4):
        org(api, x, "ISTIMEWA", q=q)
        start = {"kadis": (None, "SESUAI_EKSPEKTASI"), "kabid": ATAS, "kasi": ATAS, "staf": ATAS, "jf": SS, "extra": SS}
        for who, (hk, pk) in start.items():
            r = rate(api, x, who, hk, pk, q=q)
            assert r.status_code == 200, (q, who, r.text)
        ids = {x["ev"][w][q]["id"]: w for w in who_all}
        iid = db.one("SELECT instansi_id FROM evaluasi WHERE id = %s", next(iter(ids)))
        id0 = db.one("SELECT COALESCE(max(id), 0) FROM audit_log WHERE instansi_id = %s", iid)
        state = {str(i): (s, p) for i, s, p in db.all("SELECT id, status, predikat FROM evaluasi WHERE id = ANY(%s)", list(ids))}
        assert not curve_broken(state)
        go = threading.Barrier(8)
        jobs = [lambda w=w: (go.wait(), tetapkan(api, x, w, q=q))[1] for w in who_all]
        jobs += [lambda w=w: (go.wait(), rate(api, x, w, *ATAS, q=q))[1] for w in ("jf", "extra")]
        threads = [in_thread(j) for j in jobs]
        for t, _ in threads:
            t.join(60)
        codes = [o["r"].status_code for _, o in threads]
        assert set(codes) <= {200, 409, 412, 422}, codes
        outcomes += codes
        rows = db.all("SELECT a.entity_id, a.after->>'status', a.after->>'predikat', a.after->>'override_distribusi_alasan', "
                      "a.before->>'status' FROM audit_log a "
                      "WHERE a.instansi_id = %s AND a.entity = 'evaluasi' AND a.entity_id = ANY(%s) AND a.id > %s "
                      "ORDER BY a.id", iid, [str(i) for i in ids], id0)
        for eid, st, pr, override, before in rows:
            assert not (before in ("DITETAPKAN", "FINAL") and st == "DINILAI"), (q, ids[int(eid)], "set evaluation re-rated")
            state[eid] = (st, pr)
            if st == "DITETAPKAN" and before == "DINILAI" and not override:
                assert not curve_broken(state), (q, ids[int(eid)], sorted(state.values()))
    assert 200 in outcomes, outcomes
