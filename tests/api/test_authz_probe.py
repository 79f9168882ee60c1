"""Randomized authorization probe (issue 15, item 11). Owner: security.

A small two-tenant world (two instansi, each with PD subtrees, SKPs whose penilai or atasan is
the kepala daerah, evaluations in different states, objections, evidence, a KKE, service
accounts and webhooks) and then a few thousand seeded random requests over every registered
route x role x object, each checked against authz_table.TABLE: 404 outside scope, 403 for a
forbidden action on a visible object, no other tenant's data in any answer, and no denied
request changes a row of either tenant (checksum of every tenant table before and after).
The ground truth of each relation (owner, penilai, atasan, PD subtree, tenant) comes from the
database. Replay a failure with KN_PROBE_SEED=<seed printed>; KN_PROBE_REQUESTS sets the count."""
import copy
import datetime
import os
import random
import time

import pytest

import authz_table as T
import conftest
from conftest import _RUN, build_tree, ensure_instansi, make_token, nip
from test_klien import create as create_klien, token as klien_token
from test_pelaksanaan import PDF
from test_skp import LAMPIRAN, add_ind, add_rhk, create_skp
from test_openapi import registered

YEAR = datetime.date.today().year
MISSING = 987654321
SS = "SESUAI_EKSPEKTASI"


_probe_seq = [random.randrange(0, 8_000_000)]


def probe_nip():
    """A NIP of the probe's own (TMT 2011-04, its own counter): never one that the other test files
    create, and the probe leaves their counter where it was (the ASan and the release session
    share one database)."""
    saved, conftest._seq[0] = conftest._seq[0], _probe_seq[0]
    try:
        return nip(tmt="201104")
    finally:
        _probe_seq[0], conftest._seq[0] = conftest._seq[0], saved


def ok(r, status=200):
    assert r.status_code == status, f"{r.request.method} {r.request.url}: {r.status_code} {r.text}"
    return r


def test_every_registered_route_has_an_entry():
    """A route registered without an entry in authz_table.TABLE fails here, naming what to add."""
    regs = registered()
    missing = sorted(regs - set(T.TABLE))
    lines = "\n".join(f'    ("{m}", "{p}"): E(<kind or None>, <body>, pegawai=..., admin_pd=..., admin_bkpsdm=..., '
                      f'auditor=..., sync_read=..., sync_write=..., webhook_manage=...),' for m, p in missing)
    assert not missing, ("routes without an entry in tests/api/authz_table.py TABLE (who may do what; see its "
                         f"docstring and docs/security.md):\n{lines}")
    stale = sorted(set(T.TABLE) - regs)
    assert not stale, f"entries in tests/api/authz_table.py for routes the server does not register: {stale}"
    for key, e in T.TABLE.items():
        assert e["kind"] is None or e["kind"] in T.KINDS, (
            f"{key}: kind {e['kind']!r} is unknown: add it to KINDS and its rows to load_objects in test_authz_probe.py")
        for role, rule in e["rules"].items():
            assert rule in (T.DENY, T.ALLOW) or isinstance(T.parse(rule), tuple), (key, role)
            if e["kind"] is None:
                assert rule in (T.DENY, T.ALLOW), f"{key}: a collection route takes ALLOW or DENY ({role})"


# ---- the world ------------------------------------------------------------------------------

def build_world(api, db, kode, prefix):
    iid = ensure_instansi(db, kode, f"Kabupaten {prefix}")
    admin = make_token("admin_bkpsdm", instansi=kode)
    # the pengelola may set an SKP only after the deadline: none passes during the year
    ok(api.patch("/v1/instansi", token=admin, json={"batas_skp": "12-31"}))
    t = build_tree(api, admin, prefix)
    tk = {k: make_token("pegawai", instansi=kode, nip=t[k])
          for k in ("sekda", "kadis", "kabid", "kasi", "staf", "jf", "kadis2", "staf2")}
    sekda = create_skp(api, tk["sekda"], t["sekda"], tahun=YEAR)            # DRAFT, penilai and atasan: KD
    add_rhk(api, tk["sekda"], sekda["id"], perspektif="PENERIMA_LAYANAN")
    create_skp(api, tk["staf2"], t["staf2"], tahun=YEAR)                     # DRAFT in the other PD

    def set_skp(owner, penilai, **rhk):
        s = create_skp(api, tk[owner], t[owner], tahun=YEAR)
        r = add_rhk(api, tk[owner], s["id"], **rhk)
        add_ind(api, tk[owner], r["id"], **({"aspek": None} if "perspektif" in rhk else {}))
        ok(api.put(f"/v1/skp/{s['id']}/lampiran", token=tk[owner], json=LAMPIRAN))
        for who, act in [(owner, "ajukan"), (penilai, "setujui"), (penilai, "tetapkan")]:
            ok(api.post(f"/v1/skp/{s['id']}/{act}", token=tk[who]))
        return s, r
    kadis, kadis_rhk = set_skp("kadis", "sekda", perspektif="PENERIMA_LAYANAN")   # atasan: KD
    kabid, kabid_rhk = set_skp("kabid", "kadis", rhk_atasan_id=kadis_rhk["id"])   # atasan: sekda
    jf, _ = set_skp("jf", "kabid", rhk_atasan_id=kabid_rhk["id"])
    ye = [e for e in ok(api.get(f"/v1/evaluasi?tahun={YEAR}&limit=500", token=admin)).json()["items"]
          if e["skp_id"] == jf["id"] and e["periode"]["akhir_tahun"]][0]
    bad = {"rating_hasil_kerja": "DI_BAWAH_EKSPEKTASI", "rating_perilaku": "DI_BAWAH_EKSPEKTASI"}
    ok(api.put(f"/v1/evaluasi/{ye['id']}/rating", token=tk["kabid"], json=bad))  # SANGAT_KURANG: a follow-up case
    for unit in (t["dinas"], t["bidang"]):  # the curve of a set predikat needs the organisation's
        api.post(f"/v1/unor/{unit}/predikat-organisasi", token=admin,
                 json={"tahun": YEAR, "jenis": ye["periode"]["jenis"], "nomor": ye["periode"]["nomor"],
                       "predikat": "BAIK", "dasar": "Capaian rencana aksi sesuai target"})
    ok(api.post(f"/v1/evaluasi/{ye['id']}/tetapkan", token=tk["kabid"]))
    # a sanction case (R18) on it: opened while the evaluation is FINAL (its keberatan window moved
    # into the past for the moment), then the evaluation is put back as it was
    was = db.one("SELECT ditetapkan_at FROM evaluasi WHERE id = %s", ye["id"])
    db.exec("UPDATE evaluasi SET ditetapkan_at = now() - interval '400 days' WHERE id = %s", ye["id"])
    ok(api.post("/v1/sanksi", token=admin, json={"evaluasi_id": ye["id"], "dasar": "Predikat tahunan SANGAT_KURANG",
                                                 "tanggal_mulai": f"{YEAR}-01-15"}), 201)
    db.exec("UPDATE evaluasi SET ditetapkan_at = %s WHERE id = %s", was, ye["id"])
    kasi = create_skp(api, tk["kasi"], t["kasi"], tahun=YEAR)                      # DIAJUKAN to kabid
    r = add_rhk(api, tk["kasi"], kasi["id"], rhk_atasan_id=kabid_rhk["id"])
    add_ind(api, tk["kasi"], r["id"])
    ok(api.put(f"/v1/skp/{kasi['id']}/lampiran", token=tk["kasi"], json=LAMPIRAN))
    ok(api.post(f"/v1/skp/{kasi['id']}/ajukan", token=tk["kasi"]))

    today = datetime.date.today().isoformat()
    for s, owner in ((kadis, "kadis"), (kabid, "kabid")):
        periods = ok(api.get(f"/v1/skp/{s['id']}/periode", token=tk[owner])).json()["items"]
        cur = [p for p in periods if p["tanggal_awal"] <= today <= p["tanggal_akhir"]][0]
        ind = db.one("SELECT i.id FROM indikator i JOIN rhk r ON r.instansi_id = i.instansi_id AND r.id = i.rhk_id "
                     "WHERE r.skp_id = %s ORDER BY i.id LIMIT 1", s["id"])
        real = ok(api.put(f"/v1/periode/{cur['id']}/realisasi/{ind}", token=tk[owner],
                          json={"nilai": 1, "uraian": "Satu dokumen"})).json()
        bukti = ok(api.post(f"/v1/realisasi/{real['id']}/bukti", token=tk[owner],
                            json={"jenis": "FILE", "nama": "laporan.pdf"}), 201).json()
        ok(api.put(f"/v1/bukti/{bukti['id']}/konten", token=tk[owner], data=PDF,
                   headers={"Content-Type": "application/pdf"}))
        others = [p for p in periods if p["id"] != cur["id"]]
        evs = {e["periode_id"] if "periode_id" in e else e["periode"]["id"]: e for e in
               ok(api.get(f"/v1/evaluasi?tahun={YEAR}&limit=500", token=admin)).json()["items"]
               if e["skp_id"] == s["id"]}
        rated, settled, objected = (evs[p["id"]] for p in others[:3])
        unit = t["dinas"] if owner == "kadis" else t["bidang"]
        penilai = "sekda" if owner == "kadis" else "kadis"
        for e in (rated, settled, objected):  # a unit head's rating hasil kerja follows the organisation predikat
            api.post(f"/v1/unor/{unit}/predikat-organisasi", token=admin,
                     json={"tahun": YEAR, "jenis": e["periode"]["jenis"], "nomor": e["periode"]["nomor"],
                           "predikat": "BAIK", "dasar": "Capaian rencana aksi sesuai target"})
            body = {"rating_perilaku": SS} if owner == "kadis" else {"rating_hasil_kerja": SS, "rating_perilaku": SS}
            x = api.put(f"/v1/evaluasi/{e['id']}/rating", token=tk[penilai], json=body)
            if x.status_code == 422:  # a unit head: the organisation predikat decides hasil kerja
                x = api.put(f"/v1/evaluasi/{e['id']}/rating", token=tk[penilai], json={"rating_perilaku": SS})
            ok(x)
        for e in (settled, objected):
            ok(api.post(f"/v1/evaluasi/{e['id']}/tetapkan", token=tk[penilai]))
        ok(api.post(f"/v1/evaluasi/{objected['id']}/keberatan", token=tk[owner],
                    json={"alasan": "Capaian belum dihitung lengkap"}))
        ok(api.post(f"/v1/skp/{s['id']}/umpan-balik", token=tk[penilai],
                    json={"jenis": "BIMBINGAN", "isi": "Perlu percepatan"}), 201)

    ok(api.post("/v1/kke", token=admin, json={"unor_id": t["dinas"], "tahun": YEAR, "semester": 1}), 201)
    ok(api.post("/v1/kke", token=admin, json={"unor_id": t["dinas2"], "tahun": YEAR, "semester": 1}), 201)
    clients = {}
    for scope in ("sync:read", "sync:write", "webhook:manage"):
        k = create_klien(api, admin, nama=f"{prefix} {scope}", scopes=[scope])
        access = ok(klien_token(api, k["client_id"], k["client_secret"])).json()["access_token"]
        clients[scope] = (k["id"], access)
    ok(api.post("/v1/webhook", token=clients["webhook:manage"][1],
                json={"url": "http://127.0.0.1:9/probe", "events": ["skp"]}), 201)
    ok(api.post("/v1/webhook", token=admin, json={"klien_id": clients["sync:read"][0],
                                                  "url": "http://127.0.0.1:9/lain", "events": ["skp"]}), 201)
    for n in (t["kadis"], t["staf"]):   # potensi results of two pegawai
        ok(api.post("/v1/potensi", token=admin, json={"nip": n, "tanggal": f"{YEAR}-04-04", "sumber": "UJI_KOMPETENSI",
                                                      "level": "TINGGI"}), 201)
    ok(api.post("/v1/jadwal", token=admin, json={"jenis": "purge", "cron": "0 3 * * *"}), 201)
    ok(api.post("/v1/pekerjaan", token=admin, json={"jenis": "statistik"}), 202)   # no scheduler: stays queued
    docs = []
    for s in (kadis, sekda):
        d = ok(api.get(f"/v1/skp/{s['id']}/dokumen.pdf", token=admin))
        docs.append((d.headers["X-Dokumen-Kode"], s["id"], d.content))
    tl = ok(api.get(f"/v1/tindak-lanjut?tahun={YEAR}&limit=500", token=admin)).json()["items"]
    return dict(kode=kode, iid=iid, prefix=prefix, t=t, admin=admin, clients=clients, docs=docs,
                tindak_lanjut=[i["id"] for i in tl])


class Caller:
    def __init__(self, desc, role, tenant, token, nip_=None, klien=None):
        self.desc, self.role, self.tenant, self.token, self.nip, self.klien = desc, role, tenant, token, nip_, klien
        self.unit = self.pd = None


def callers_of(w):
    k, t = w["kode"], w["t"]
    out = [Caller(f"pegawai {p}", "pegawai", k, make_token("pegawai", instansi=k, nip=t[p]), t[p])
           for p in ("sekda", "kadis", "kabid", "kasi", "staf", "jf", "kadis2", "staf2")]
    unknown = probe_nip()
    out += [Caller("pegawai, nip names nobody", "pegawai", k, make_token("pegawai", instansi=k, nip=unknown), unknown),
            Caller("pegawai without nip", "pegawai", k, make_token("pegawai", instansi=k))]
    out += [Caller(f"admin_pd {p}", "admin_pd", k, make_token("admin_pd", instansi=k, nip=t[p]), t[p])
            for p in ("kabid", "staf2", "sekda")]
    out += [Caller("admin_pd, nip names nobody", "admin_pd", k, make_token("admin_pd", instansi=k, nip=unknown), unknown),
            Caller("admin_bkpsdm", "admin_bkpsdm", k, w["admin"]),
            Caller("auditor", "auditor", k, make_token("auditor", instansi=k)),
            Caller("auditor with the nip of kadis", "auditor", k, make_token("auditor", instansi=k, nip=t["kadis"]),
                   t["kadis"])]
    for scope, (kid, access) in w["clients"].items():
        out.append(Caller(f"integrasi {scope}", scope, k, access, klien=kid))
    return out


def load_objects(db, worlds):
    """Every object of both tenants with the facts its relations are computed from (the database)."""
    ids = [w["iid"] for w in worlds]
    kode = {w["iid"]: w["kode"] for w in worlds}
    objs = {}
    skp = {}
    for sid, iid, owner, pen, ata, path in db.all(
            "SELECT s.id, s.instansi_id, po.nip, pp.nip, pa.nip, u.path FROM skp s "
            "JOIN pegawai po ON po.instansi_id = s.instansi_id AND po.id = s.pegawai_id "
            "LEFT JOIN pegawai pp ON pp.instansi_id = s.instansi_id AND pp.id = s.penilai_pegawai_id "
            "LEFT JOIN pegawai pa ON pa.instansi_id = s.instansi_id AND pa.id = s.atasan_pegawai_id "
            "JOIN unor u ON u.instansi_id = s.instansi_id AND u.id = s.unor_id WHERE s.instansi_id = ANY(%s)", ids):
        skp[sid] = dict(tenant=kode[iid], owner=owner, penilai=pen, atasan=ata, path=path)
        objs.setdefault("skp", []).append(dict(skp[sid], key=sid, id=sid))

    def under(kind, sql):
        for row in db.all(sql, ids):
            oid, sid = row[0], row[1]
            o = dict(skp[sid], key=oid, id=oid)
            for i, name in enumerate(("extra",), start=2):
                if len(row) > i:
                    o[name] = row[i]
            objs.setdefault(kind, []).append(o)
    under("rhk", "SELECT id, skp_id FROM rhk WHERE instansi_id = ANY(%s)")
    under("indikator", "SELECT i.id, r.skp_id FROM indikator i JOIN rhk r ON r.instansi_id = i.instansi_id "
                       "AND r.id = i.rhk_id WHERE i.instansi_id = ANY(%s)")
    under("periode", "SELECT p.id, p.skp_id, (SELECT i.id FROM indikator i JOIN rhk r ON r.instansi_id = i.instansi_id "
                     "AND r.id = i.rhk_id WHERE r.instansi_id = p.instansi_id AND r.skp_id = p.skp_id ORDER BY i.id "
                     "LIMIT 1) FROM periode p WHERE p.instansi_id = ANY(%s)")
    under("realisasi", "SELECT x.id, p.skp_id FROM realisasi x JOIN periode p ON p.instansi_id = x.instansi_id "
                       "AND p.id = x.periode_id WHERE x.instansi_id = ANY(%s)")
    under("bukti", "SELECT b.id, p.skp_id FROM bukti b JOIN realisasi x ON x.instansi_id = b.instansi_id "
                   "AND x.id = b.realisasi_id JOIN periode p ON p.instansi_id = x.instansi_id AND p.id = x.periode_id "
                   "WHERE b.instansi_id = ANY(%s)")
    under("evaluasi", "SELECT id, skp_id FROM evaluasi WHERE instansi_id = ANY(%s)")
    under("keberatan", "SELECT k.id, e.skp_id FROM keberatan k JOIN evaluasi e ON e.instansi_id = k.instansi_id "
                       "AND e.id = k.evaluasi_id WHERE k.instansi_id = ANY(%s)")
    for o in objs.get("periode", []):
        o["indikator_id"] = o.pop("extra", None) or MISSING
    for uid, iid, path in db.all("SELECT id, instansi_id, path FROM unor WHERE instansi_id = ANY(%s)", ids):
        objs.setdefault("unor", []).append(dict(key=uid, id=uid, tenant=kode[iid], path=path))
    for n, iid, path in db.all("SELECT p.nip, p.instansi_id, u.path FROM pegawai p JOIN unor u ON u.instansi_id = "
                               "p.instansi_id AND u.id = p.unor_id WHERE p.instansi_id = ANY(%s)", ids):
        objs.setdefault("pegawai", []).append(dict(key=n, nip=n, id=n, tenant=kode[iid], path=path, owner=n))
    for kid, iid, path, temuan in db.all(
            "SELECT k.id, k.instansi_id, u.path, (SELECT min(t.id) FROM kke_temuan t WHERE t.instansi_id = k.instansi_id "
            "AND t.kke_id = k.id) FROM kke k JOIN unor u ON u.instansi_id = k.instansi_id AND u.id = k.unor_id "
            "WHERE k.instansi_id = ANY(%s)", ids):
        objs.setdefault("kke", []).append(dict(key=kid, id=kid, tenant=kode[iid], path=path, temuan_id=temuan or MISSING))
    for kid, iid in db.all("SELECT id, instansi_id FROM klien WHERE instansi_id = ANY(%s)", ids):
        objs.setdefault("klien", []).append(dict(key=kid, id=kid, tenant=kode[iid]))
    for oid, iid, n, path in db.all("SELECT r.id, r.instansi_id, g.nip, u.path FROM potensi r JOIN pegawai g ON "
                                    "g.instansi_id = r.instansi_id AND g.id = r.pegawai_id JOIN unor u ON u.instansi_id = "
                                    "g.instansi_id AND u.id = g.unor_id WHERE r.instansi_id = ANY(%s)", ids):
        objs.setdefault("potensi", []).append(dict(key=oid, id=oid, tenant=kode[iid], owner=n, path=path))
    for oid, iid, n, path in db.all("SELECT k.id, k.instansi_id, g.nip, u.path FROM sanksi k JOIN pegawai g ON "
                                    "g.instansi_id = k.instansi_id AND g.id = k.pegawai_id JOIN unor u ON u.instansi_id = "
                                    "g.instansi_id AND u.id = g.unor_id WHERE k.instansi_id = ANY(%s)", ids):
        objs.setdefault("sanksi", []).append(dict(key=oid, id=oid, tenant=kode[iid], owner=n, path=path))
    for kind in ("jadwal", "pekerjaan"):
        for oid, iid in db.all(f"SELECT id, instansi_id FROM {kind} WHERE instansi_id = ANY(%s)", ids):
            objs.setdefault(kind, []).append(dict(key=oid, id=oid, tenant=kode[iid]))
    for wid, iid, kid in db.all("SELECT id, instansi_id, klien_id FROM webhook WHERE instansi_id = ANY(%s)", ids):
        objs.setdefault("webhook", []).append(dict(key=wid, id=wid, tenant=kode[iid], klien=kid))
    for w in worlds:
        for kd, sid, content in w["docs"]:
            from test_dokumen import sign_pdf
            objs.setdefault("dokumen", []).append(dict(skp[sid], key=kd, id=kd, signed=sign_pdf(content)))
        for tid in w["tindak_lanjut"]:
            n = tid.split("-")[0]
            path = db.one("SELECT u.path FROM pegawai p JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id "
                          "WHERE p.instansi_id = %s AND p.nip = %s", w["iid"], n)
            objs.setdefault("tindak_lanjut", []).append(dict(key=tid, id=tid, tenant=w["kode"], path=path))
    return objs


def resolve_callers(api, db, worlds, callers, objs):
    """Each caller's unit and PD path; each pegawai's resolved appraisers (as BKPSDM reads them)."""
    for c in callers:
        if not c.nip:
            continue
        row = db.all("SELECT u.id, (SELECT pd.path FROM unor pd WHERE pd.instansi_id = u.instansi_id AND "
                     "pd.is_perangkat_daerah AND u.path LIKE pd.path || '%%' ORDER BY length(pd.path) DESC LIMIT 1) "
                     "FROM pegawai p JOIN unor u ON u.instansi_id = p.instansi_id AND u.id = p.unor_id "
                     "JOIN instansi i ON i.id = p.instansi_id WHERE i.kode = %s AND p.nip = %s", c.tenant, c.nip)
        if row:
            c.unit, c.pd = row[0]
    admin = {w["kode"]: w["admin"] for w in worlds}
    for o in objs["pegawai"]:
        p = ok(api.get(f"/v1/pegawai/{o['nip']}/penilai?tahun={YEAR}", token=admin[o["tenant"]])).json()
        o["appraisers"] = {(p.get(k) or {}).get("nip") for k in ("pejabat_penilai", "atasan_penilai")} - {None}


def relations(c, kind, o):
    if o is None or o["tenant"] != c.tenant:
        return set()
    rels = {"instansi"}
    n = c.nip
    if n and o.get("owner") == n:
        rels.add("own")
    if n and o.get("penilai") == n:
        rels.add("penilai")
    if n and o.get("atasan") == n:
        rels.add("atasan")
    if "atasan" in o and o["atasan"] is None:
        rels.add("kd")
    if n and n in o.get("appraisers", ()):
        rels.add("appraisee")
    if kind == "unor" and c.unit == o["id"]:
        rels.add("unit")
    if c.pd and o.get("path") and o["path"].startswith(c.pd):
        rels.add("pd")
    if kind == "webhook" and c.klien is not None and o["klien"] == c.klien:
        rels.add("mine")
    return rels


def expected(entry, c, kind, o):
    """'ok', 403 or 404, and whether a 409 may stand for the 403 (state_first)."""
    rule = entry["rules"][c.role]
    if entry["public"]:
        return ("ok" if o is not None or kind is None else 404), set()
    if rule == T.ALLOW:
        return "ok", set()
    if rule == T.DENY:
        return 403, set()
    see, act = T.parse(rule)
    rels = relations(c, kind, o)
    if not rels & see:
        return 404, rels
    if not rels & act:
        return 403, rels
    return "ok", rels


def fill(v, o, c):
    if isinstance(v, dict):
        return {k: fill(x, o, c) for k, x in v.items()}
    if isinstance(v, list):
        return [fill(x, o, c) for x in v]
    if isinstance(v, str) and v.startswith("{") and v.endswith("}"):
        name = v[1:-1]
        if name == "id":
            return (o or {}).get("id", MISSING)
        if name == "nip":
            return (o or {}).get("nip") or probe_nip()
        return {"tahun": YEAR, "tahun1": YEAR + 1, "newnip": probe_nip()}[name]
    return v


any_signed = []  # a validly signed copy of some document, for a code that exists nowhere


def build_request(method, path, entry, o, c):
    key = (o or {}).get("key", MISSING)
    p = path.replace("{id}", str(key)).replace("{nip}", str(key)).replace("{kode}", str(key) if o else "ZZZZZZZZZZ")
    p = p.replace("{indikator_id}", str((o or {}).get("indikator_id", MISSING)))
    p = p.replace("{temuan_id}", str((o or {}).get("temuan_id", MISSING)))
    q = entry["query"].replace("{tahun}", str(YEAR))
    if q:
        p += "?" + q
    kw = {"headers": {}}
    if method != "GET" and path != "/v1/auth/token":
        kw["headers"]["If-Match"] = '"v999999"'  # an allowed write stops at 412: the world stays put
    body = entry["bodies"].get(c.role, entry["body"])
    if body == "pdf":
        kw["data"], kw["headers"]["Content-Type"] = PDF, "application/pdf"
    elif body == "signed":
        kw["data"] = (o or {}).get("signed") or any_signed[0]
        kw["headers"]["Content-Type"] = "application/pdf"
    elif body is not None:
        kw["json"] = fill(copy.deepcopy(body), o, c)
    return p, kw


def checksum_sql(db, ids):
    """One statement hashing every row of every tenant table of the probe's two tenants."""
    tables = [r[0] for r in db.all(
        "SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t "
        "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
        "WHERE c.table_schema = 'public' AND c.column_name = 'instansi_id' AND t.table_type = 'BASE TABLE' "
        "ORDER BY 1")]
    parts = [f"(SELECT count(*) || ':' || COALESCE(sum(hashtextextended(x::text, 0)), 0) FROM {t} x "
             f"WHERE x.instansi_id IN ({','.join(str(i) for i in ids)}))" for t in tables]
    return "SELECT " + " || ',' || ".join(parts), tables


class Unchanged:
    """Did anything change the tenants' rows since the last look? The next transaction id to be
    assigned moves with every transaction that wrote (or locked) anything in the cluster; only
    when it moved are the rows themselves compared (a rolled-back attempt changes nothing)."""
    NEXT_XID = "SELECT pg_snapshot_xmax(pg_current_snapshot())::text"

    def __init__(self, db, sql):
        self.db, self.sql, self.xid, self.sum = db, sql, None, None

    def mark(self):
        xid = self.db.one(self.NEXT_XID)
        if xid != self.xid:
            self.xid, self.sum = xid, self.db.one(self.sql)

    def same(self):
        xid = self.db.one(self.NEXT_XID)
        if xid == self.xid:
            return True
        now = self.db.one(self.sql)
        same = now == self.sum
        self.xid, self.sum = xid, now
        return same


@pytest.fixture(scope="module")
def world(api, db):
    worlds = [build_world(api, db, f"prb{_RUN}", f"Prb{_RUN}"), build_world(api, db, f"prc{_RUN}", f"Prc{_RUN}")]
    callers = callers_of(worlds[0]) + callers_of(worlds[1])
    for w, other in (worlds, worlds[::-1]):  # a nip that names a pegawai of the other tenant
        n = other["t"]["kadis"]
        callers += [Caller(f"{role} with the nip of the other tenant's kadis", role, w["kode"],
                           make_token(role, instansi=w["kode"], nip=n), n) for role in ("pegawai", "admin_pd")]
    objs = load_objects(db, worlds)
    resolve_callers(api, db, worlds, callers, objs)
    any_signed[:] = [objs["dokumen"][0]["signed"]]
    return worlds, callers, objs


def test_world_has_what_the_probe_needs(world):
    worlds, callers, objs = world
    skps = objs["skp"]
    assert [s for s in skps if s["penilai"] is None and s["atasan"] is None], "the Sekda's SKP"
    assert [s for s in skps if s["penilai"] is not None and s["atasan"] is None], "a PD head's SKP"
    for kind in {e["kind"] for e in T.TABLE.values()} - {None}:
        assert objs.get(kind), f"no {kind} in the probe's world: build one in build_world, load it in load_objects"


def test_change_detector_sees_a_write(api, db, world):
    """The premise of "denied requests change nothing": a write between two looks is seen."""
    worlds = world[0]
    rows = Unchanged(db, checksum_sql(db, [w["iid"] for w in worlds])[0])
    rows.mark()
    assert rows.same()
    w = worlds[1]
    ok(api.post(f"/v1/skp/{db.one('SELECT min(id) FROM skp WHERE instansi_id = %s', w['iid'])}/umpan-balik",
                token=w["admin"], json={"jenis": "CATATAN_KINERJA", "isi": "Probe"}), 201)
    assert not rows.same()
    assert rows.same()


def test_randomized_authorization_probe(api, db, world):
    worlds, callers, objs = world
    seed = int(os.environ.get("KN_PROBE_SEED") or random.randrange(1 << 31))
    n_total = int(os.environ.get("KN_PROBE_REQUESTS") or 2500)
    rng = random.Random(seed)
    rows = Unchanged(db, checksum_sql(db, [w["iid"] for w in worlds])[0])
    markers = {w["kode"]: [w["prefix"]] + [w["t"][k] for k in ("sekda", "kadis", "kabid", "kasi", "staf", "staf2")]
               for w in worlds}
    routes = sorted(k for k in T.TABLE if k in registered())
    by_role = {role: [] for role in T.ROLES}
    for c in callers:
        by_role.setdefault(c.role, []).append(c)
    # first every cell of the table: each route x role x answer it can give (allowed, 403, 404)
    # on a caller and an object drawn from those that give it; then random draws over everything
    plan = []
    for route in routes:
        entry = T.TABLE[route]
        for role in T.ROLES:
            pairs = [(c, o) for c in by_role[role] for o in (objs[entry["kind"]] + [None] if entry["kind"] else [None])]
            rng.shuffle(pairs)
            seen = set()
            for c, o in pairs:
                want = expected(entry, c, entry["kind"], o)[0]
                if want not in seen:
                    seen.add(want)
                    plan.append((route, c, o))
    cells = len(plan)
    index = {k: {x["key"]: x for x in v} for k, v in objs.items()}
    while len(plan) < n_total:
        route = rng.choice(routes)
        c = rng.choice(callers)
        kind = T.TABLE[route]["kind"]
        o = None
        if kind:  # mostly the caller's own tenant; now and then an id that exists nowhere
            mine = [x for x in objs[kind] if x["tenant"] == c.tenant] or objs[kind]
            o = None if rng.random() < 0.05 else rng.choice(mine if rng.random() < 0.7 else objs[kind])
        plan.append((route, c, o))
    rng.shuffle(plan)
    failures, counts, spent, seen_status = [], {}, {"requests": 0.0, "checksums": 0.0}, {}
    for (method, path), c, o in plan:
        entry = T.TABLE[(method, path)]
        kind = entry["kind"]
        want, rels = expected(entry, c, kind, o)
        p, kw = build_request(method, path, entry, o, c)
        denied = want != "ok"
        t0 = time.monotonic()
        if denied:
            rows.mark()
        t1 = time.monotonic()
        r = api.request(method, p, token=c.token, **kw)
        t2 = time.monotonic()
        got = r.status_code
        counts[want] = counts.get(want, 0) + 1
        seen_status.setdefault((method, path, want), {}).setdefault(got, 0)
        seen_status[(method, path, want)][got] += 1
        where = f"{method} {path} as {c.desc} ({c.tenant}) on {kind} {(o or {}).get('key', 'missing')} rels={sorted(rels)}"
        if want == "ok":
            bad = got in (401, 403, 404) or got >= 500
        elif want == 403 and entry["state_first"]:
            bad = got not in (403, 409)
        else:
            bad = got != want
        if not bad and got in (403, 404) and not entry["public"]:  # the catalogue's problem, nothing else
            ctype = r.headers.get("Content-Type", "")
            code = r.json().get("code") if ctype.startswith("application/problem+json") else None
            bad = code != {403: "forbidden", 404: "not_found"}[got]
        if bad:
            failures.append(f"{where}: expected {want}, got {got} {r.text[:160]}")
        if got < 300 and not entry["public"] and r.headers.get("Content-Type", "").startswith(("application/json", "text/")):
            for other, ms in markers.items():
                if other != c.tenant and any(m in r.text for m in ms):
                    failures.append(f"{where}: the answer carries data of tenant {other}")
        t3 = time.monotonic()
        if got == 200 and (method, path) in T.LISTS:
            lk, field, single = T.LISTS[(method, path)]
            for item in r.json()["items"]:
                x = index[lk].get(item[field])
                if x is not None and expected(T.TABLE[single], c, lk, x)[0] != "ok":
                    failures.append(f"{where}: the list shows {lk} {item[field]}, which the caller may not read")
        if denied and not rows.same():
            failures.append(f"{where}: denied with {got} but the tenant tables changed")
        spent["requests"] += t2 - t1
        spent["checksums"] += (t1 - t0) + (time.monotonic() - t3)
    summary = (f"seed {seed} (replay: KN_PROBE_SEED={seed}), {len(plan)} requests ({cells} to cover every cell), "
               f"expected {counts}, seconds {({k: round(v, 1) for k, v in spent.items()})}")
    print(summary)
    if os.environ.get("KN_PROBE_REPORT"):
        with open(os.environ["KN_PROBE_REPORT"], "w") as f:
            f.write("\n".join(failures) + "\n\nanswers per route and expectation:\n")
            f.write("\n".join(f"{k} {v}" for k, v in sorted(seen_status.items(), key=str)))
    assert not failures, f"{summary}; {len(failures)} failures:\n" + "\n".join(failures[:40])
