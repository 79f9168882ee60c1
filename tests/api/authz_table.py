"""Who may do what: one entry per registered route (issue 15, item 11). Owner: security.

This file is documentation (docs/security.md links it) and the oracle of the randomized probe in
test_authz_probe.py, which fires thousands of requests over every route x role x object and
checks each answer against the entry. A route that the server registers without an entry here
fails the probe, naming the line to add.

How an answer is decided, in this order (README "Roles and scopes"):
  1. the role gate: a role marked DENY gets 403 whatever the object, even an id that exists
     nowhere (nothing is looked up);
  2. visibility: the caller's relations to the object (below) are compared with the `see`
     relations of its role; none in common -> 404, exactly what a missing id answers;
  3. the action: a visible object on which the caller has none of the `act` relations -> 403;
  4. otherwise the request passes authorization: any answer but 401/403/404/5xx (200, 201,
     409 wrong state, 412 stale If-Match, 422 bad input ... are all "allowed").

A role's rule is a string "SEE > ACT" of space-separated relations; "R" alone means SEE = ACT = R.
An empty SEE ("") means the role passes the gate but sees no object of this kind (404 always).
Collection routes (no object) take ALLOW or DENY.

Relations of the caller (its token: tenant, roles, nip, client) to an object of its own tenant:
  instansi  the object is in the caller's tenant (another tenant's object has no relation at all)
  own       the caller's nip owns it (the SKP's pegawai; for a pegawai object: that pegawai)
  penilai   the caller's nip is the SKP's pejabat penilai
  atasan    the caller's nip is the SKP's atasan penilai
  kd        the SKP's atasan penilai is the kepala daerah (no pegawai): BKPSDM records the PPK's
            decision on its objections
  appraisee for a pegawai object: the caller's nip is the resolved penilai or atasan penilai
  unit      for a unit: it is the caller's own unit
  pd        the object lies in the Perangkat Daerah subtree that contains the caller's unit
            (the scope of admin_pd)
  mine      a webhook subscription of the caller's own service account

Roles: pegawai, admin_pd, admin_bkpsdm, auditor, and integrasi clients by scope (sync:read,
sync:write, webhook:manage; a token with one scope each).

state_first: the action's state check comes before the relation check (SKP transitions: a
transition that does not apply in the SKP's state answers 409 whoever asks, naming the state),
so a visible object may answer 409 where the table says 403.

To add a route: add one line `E(kind, body, query, **rules)` under its (METHOD, PATH) below; kind
is the object its path (or body) names (None for a collection), body a valid body for an allowed
caller (placeholders in test_authz_probe.py: {unit} {nip} {skp} ...), query the query string.
"""
# Object kinds the probe builds and knows the relations of (test_authz_probe.load_objects); a new
# kind needs its rows there too.
KINDS = {"skp", "rhk", "indikator", "periode", "realisasi", "bukti", "evaluasi", "keberatan", "unor", "pegawai",
         "kke", "tindak_lanjut", "klien", "webhook", "dokumen", "jadwal", "pekerjaan", "potensi", "sanksi"}
DENY = "DENY"
ALLOW = "ALLOW"
ROLES = ("pegawai", "admin_pd", "admin_bkpsdm", "auditor", "sync:read", "sync:write", "webhook:manage")
PUBLIC = {r: ALLOW for r in ROLES}

I = "instansi"  # noqa: E741
SKP_SEE_PEGAWAI = "own penilai atasan"
SKP_SEE_PD = "own penilai atasan pd"


def E(kind, body=None, query="", state_first=False, public=False, bodies=None, **rules):
    """One entry. rules: role=rule; sync_read / sync_write / webhook_manage for the scopes.
    bodies: a role whose valid body differs from `body` (the PD answers a finding, BKPSDM verifies)."""
    out = {}
    for k, v in rules.items():
        out[k.replace("sync_", "sync:").replace("webhook_", "webhook:")] = v
    missing = set(ROLES) - set(out)
    assert not missing, f"entry for {kind} lacks roles {sorted(missing)}"
    return {"kind": kind, "body": body, "query": query, "state_first": state_first, "public": public,
            "bodies": bodies or {}, "rules": out}


def skp_read(kind, query="", body=None):
    """Everything that hangs under an SKP reads as the SKP does (skp_visible)."""
    return E(kind, body, query, pegawai=SKP_SEE_PEGAWAI, admin_pd=SKP_SEE_PD, admin_bkpsdm=I, auditor=I,
             sync_read=I, sync_write=I, webhook_manage=DENY)


def skp_write(kind, body=None, pegawai="", admin_pd="", admin_bkpsdm="", sync_write="", state_first=False):
    """A write under an SKP: read-only roles are refused at the gate; the others see the SKP as
    skp_read does and act where the given relations hold ("" = visible, never allowed)."""
    return E(kind, body, "", state_first, pegawai=f"{SKP_SEE_PEGAWAI} > {pegawai}",
             admin_pd=f"{SKP_SEE_PD} > {admin_pd}", admin_bkpsdm=f"{I} > {admin_bkpsdm}", auditor=DENY,
             sync_read=DENY, sync_write=f"{I} > {sync_write}", webhook_manage=DENY)


def collection(body=None, query="", **rules):
    return E(None, body, query, **rules)


READERS = dict(pegawai=ALLOW, admin_pd=ALLOW, admin_bkpsdm=ALLOW, auditor=ALLOW, sync_read=ALLOW,
               sync_write=ALLOW, webhook_manage=DENY)
MANAGERS = dict(pegawai=DENY, admin_pd=ALLOW, admin_bkpsdm=ALLOW, auditor=DENY, sync_read=DENY,
                sync_write=ALLOW, webhook_manage=DENY)
BKPSDM_ONLY = dict(pegawai=DENY, admin_pd=DENY, admin_bkpsdm=ALLOW, auditor=DENY, sync_read=DENY,
                   sync_write=DENY, webhook_manage=DENY)
AUDIT_READERS = dict(BKPSDM_ONLY, auditor=ALLOW)
# a unit's curve and organisation predikat: scoped readers only (a plain pegawai sees none)
UNIT_SCOPED = dict(pegawai="", admin_pd="pd", admin_bkpsdm=I, auditor=I, sync_read=I, sync_write=I,
                   webhook_manage=DENY)
KKE_READ = UNIT_SCOPED
OWN = "own"
EDIT = dict(pegawai=OWN, admin_pd="own pd", admin_bkpsdm=I, sync_write=I)  # skp_for_edit: owner or pengelola
NEXT_YEAR = "{tahun1}"

TABLE = {
    # --- public ------------------------------------------------------------------------------
    ("GET", "/healthz"): E(None, public=True, **PUBLIC),
    ("GET", "/readyz"): E(None, public=True, **PUBLIC),
    ("GET", "/openapi.yaml"): E(None, public=True, **PUBLIC),
    ("GET", "/openapi.json"): E(None, public=True, **PUBLIC),
    ("GET", "/docs"): E(None, public=True, **PUBLIC),
    ("POST", "/v1/auth/token"): E(None, {"grant_type": "client_credentials"}, public=True, **PUBLIC),
    ("GET", "/v1/dokumen/{kode}"): E("dokumen", public=True, **PUBLIC),  # verification: anyone holding the code

    # --- instansi, audit, change feed ---------------------------------------------------------
    ("GET", "/v1/instansi"): collection(**READERS),
    ("PATCH", "/v1/instansi"): collection({"batas_skp": "12-31"}, **BKPSDM_ONLY),
    ("GET", "/v1/audit"): collection(query="limit=5", **AUDIT_READERS),
    ("GET", "/v1/perubahan"): collection(query="limit=5", **dict(AUDIT_READERS, sync_read=ALLOW)),

    # --- organisation -------------------------------------------------------------------------
    ("GET", "/v1/unor"): collection(query="limit=500", **READERS),
    ("POST", "/v1/unor"): E("unor", {"nama": "Probe Unit Baru", "parent_id": "{id}"}, pegawai=DENY, admin_pd="pd",
                            admin_bkpsdm=I, auditor=DENY, sync_read=DENY, sync_write=I, webhook_manage=DENY),
    ("GET", "/v1/unor/{id}"): E("unor", pegawai="unit", admin_pd="unit pd", admin_bkpsdm=I, auditor=I,
                                sync_read=I, sync_write=I, webhook_manage=DENY),
    ("PATCH", "/v1/unor/{id}"): E("unor", {"nama_jabatan": "Kepala Probe"}, pegawai=DENY, admin_pd="pd",
                                  admin_bkpsdm=I, auditor=DENY, sync_read=DENY, sync_write=I, webhook_manage=DENY),
    ("GET", "/v1/pegawai"): collection(query="limit=500", **READERS),
    ("POST", "/v1/pegawai"): E("unor", {"nip": "{newnip}", "nama": "Probe Baru", "jenis_asn": "PNS",
                                        "jenis_jabatan": "PELAKSANA", "jabatan": "Pengadministrasi", "unor_id": "{id}"},
                               pegawai=DENY, admin_pd="pd", admin_bkpsdm=I, auditor=DENY, sync_read=DENY,
                               sync_write=I, webhook_manage=DENY),
    ("GET", "/v1/pegawai/{nip}"): E("pegawai", pegawai="own appraisee", admin_pd="own pd", admin_bkpsdm=I,
                                    auditor=I, sync_read=I, sync_write=I, webhook_manage=DENY),
    ("PATCH", "/v1/pegawai/{nip}"): E("pegawai", {"jabatan": "Jabatan Probe"}, pegawai=DENY, admin_pd="pd",
                                      admin_bkpsdm=I, auditor=DENY, sync_read=DENY, sync_write=I, webhook_manage=DENY),
    ("GET", "/v1/pegawai/{nip}/penilai"): E("pegawai", query="tahun={tahun}", pegawai="own appraisee",
                                            admin_pd="own appraisee pd", admin_bkpsdm=I, auditor=I, sync_read=I,
                                            sync_write=I, webhook_manage=DENY),
    # an override for next year: it changes no relation the probe relies on
    ("PUT", "/v1/pegawai/{nip}/penilai"): E("pegawai", {"tahun": NEXT_YEAR, "penilai_nip": None, "alasan": "Probe"},
                                            pegawai=DENY, admin_pd="pd", admin_bkpsdm=I, auditor=DENY, sync_read=DENY,
                                            sync_write=DENY, webhook_manage=DENY),
    ("POST", "/v1/import/unor"): collection([], **dict(MANAGERS, admin_pd=DENY)),
    ("POST", "/v1/import/pegawai"): collection([], **MANAGERS),

    # --- planning: SKP, RHK, indikator ---------------------------------------------------------
    ("GET", "/v1/skp"): collection(query="tahun={tahun}&limit=500", **READERS),
    ("POST", "/v1/skp"): E("pegawai", {"nip": "{nip}", "tahun": "{tahun}"}, pegawai=OWN, admin_pd="own pd",
                           admin_bkpsdm=I, auditor=DENY, sync_read=DENY, sync_write=DENY, webhook_manage=DENY),
    ("GET", "/v1/skp/{id}"): skp_read("skp"),
    ("PATCH", "/v1/skp/{id}"): skp_write("skp", {"pendekatan": "KUANTITATIF"}, **EDIT),
    ("DELETE", "/v1/skp/{id}"): skp_write("skp", **EDIT),
    ("POST", "/v1/skp/{id}/ajukan"): skp_write("skp", pegawai=OWN, admin_pd=OWN, state_first=True),
    ("POST", "/v1/skp/{id}/kembalikan"): skp_write("skp", {"alasan": "Probe"}, pegawai="penilai",
                                                   admin_pd="penilai pd", admin_bkpsdm=I, state_first=True),
    ("POST", "/v1/skp/{id}/setujui"): skp_write("skp", pegawai="penilai", admin_pd="penilai", state_first=True),
    # a pengelola sets an SKP only after the deadline; the probe's instansi has it on 31 December
    ("POST", "/v1/skp/{id}/tetapkan"): skp_write("skp", pegawai="penilai", admin_pd="penilai", state_first=True),
    ("POST", "/v1/skp/{id}/revisi"): skp_write("skp", {"alasan": "Probe"}, pegawai="own penilai",
                                               admin_pd="own penilai", state_first=True),
    ("POST", "/v1/skp/{id}/tutup"): skp_write("skp", {"alasan": "Probe"}, pegawai="penilai", admin_pd="penilai pd",
                                              admin_bkpsdm=I, state_first=True),
    # the pengelola closes the year once the year-end evaluation is FINAL (409 before that)
    ("POST", "/v1/skp/{id}/selesai"): skp_write("skp", pegawai="", admin_pd="pd", admin_bkpsdm=I, state_first=True),
    ("GET", "/v1/skp/{id}/riwayat"): skp_read("skp"),
    ("GET", "/v1/skp/{id}/dokumen.pdf"): skp_read("skp"),
    ("POST", "/v1/skp/{id}/rhk"): skp_write("skp", {"jenis_rhk": "TAMBAHAN", "uraian": "Probe"}, **EDIT),
    ("PUT", "/v1/skp/{id}/perilaku"): skp_write("skp", {"items": [{"nilai": "AKUNTABEL",
                                                                      "ekspektasi_khusus": "Probe"}]}, **EDIT),
    ("PUT", "/v1/skp/{id}/lampiran"): skp_write("skp", {"dukungan_sumber_daya": ["Probe"],
                                                        "skema_pertanggungjawaban": ["Probe"],
                                                        "konsekuensi": ["Probe"]}, **EDIT),
    ("GET", "/v1/rhk/{id}"): skp_read("rhk"),
    ("PATCH", "/v1/rhk/{id}"): skp_write("rhk", {"uraian": "Probe"}, **EDIT),
    ("DELETE", "/v1/rhk/{id}"): skp_write("rhk", **EDIT),
    ("POST", "/v1/rhk/{id}/indikator"): skp_write("rhk", {"aspek": "KUANTITAS", "uraian": "Probe", "target_min": 1,
                                                          "target_max": 1, "satuan": "x"}, **EDIT),
    ("PATCH", "/v1/indikator/{id}"): skp_write("indikator", {"uraian": "Probe"}, **EDIT),
    ("DELETE", "/v1/indikator/{id}"): skp_write("indikator", **EDIT),

    # --- execution: periods, realisasi, evidence, feedback ------------------------------------
    ("GET", "/v1/skp/{id}/periode"): skp_read("skp"),
    ("GET", "/v1/periode/{id}"): skp_read("periode"),
    ("PUT", "/v1/periode/{id}/realisasi/{indikator_id}"): skp_write("periode", {"nilai": 1, "uraian": "Probe"},
                                                                    pegawai=OWN, admin_pd=OWN),
    ("POST", "/v1/periode/{id}/buka"): E("periode", {"alasan": "Probe"}, pegawai=DENY, admin_pd=f"{SKP_SEE_PD} > pd",
                                         admin_bkpsdm=I, auditor=DENY, sync_read=DENY, sync_write=DENY,
                                         webhook_manage=DENY),
    ("POST", "/v1/realisasi/{id}/bukti"): skp_write("realisasi", {"jenis": "URL", "nama": "Probe",
                                                                  "url": "https://probe.example/"},
                                                    pegawai=OWN, admin_pd=OWN),
    ("PUT", "/v1/bukti/{id}/konten"): skp_write("bukti", "pdf", pegawai=OWN, admin_pd=OWN),
    ("GET", "/v1/bukti/{id}/konten"): skp_read("bukti"),
    ("PATCH", "/v1/bukti/{id}"): skp_write("bukti", {"status_verifikasi": "VALID"}, pegawai="penilai",
                                           admin_pd="penilai"),
    ("GET", "/v1/skp/{id}/umpan-balik"): skp_read("skp"),
    ("POST", "/v1/skp/{id}/umpan-balik"): skp_write("skp", {"jenis": "CATATAN_KINERJA", "isi": "Probe"},
                                                    pegawai="own penilai atasan", admin_pd="own penilai atasan pd",
                                                    admin_bkpsdm=I, sync_write=I),

    # --- assessment ----------------------------------------------------------------------------
    ("GET", "/v1/evaluasi"): collection(query="tahun={tahun}&limit=500", **READERS),
    ("GET", "/v1/evaluasi/{id}"): skp_read("evaluasi"),
    ("GET", "/v1/evaluasi/{id}/dokumen.pdf"): skp_read("evaluasi"),
    ("PUT", "/v1/evaluasi/{id}/rating"): skp_write("evaluasi", {"rating_hasil_kerja": "SESUAI_EKSPEKTASI",
                                                                "rating_perilaku": "SESUAI_EKSPEKTASI"},
                                                   pegawai="penilai", admin_pd="penilai"),
    ("POST", "/v1/evaluasi/{id}/tetapkan"): skp_write("evaluasi", pegawai="penilai", admin_pd="penilai"),
    ("POST", "/v1/evaluasi/{id}/keberatan"): skp_write("evaluasi", {"alasan": "Probe"}, pegawai=OWN, admin_pd=OWN),
    ("GET", "/v1/keberatan"): collection(query="limit=500", **READERS),
    # the atasan penilai decides; when that is the kepala daerah, BKPSDM records the PPK's decision
    ("POST", "/v1/keberatan/{id}/putuskan"): skp_write("keberatan", {"keputusan": "DITOLAK", "catatan": "Probe",
                                                                     "nomor_keputusan": "800/1/PROBE"},
                                                       pegawai="atasan", admin_pd="atasan", admin_bkpsdm="kd"),
    ("GET", "/v1/unor/{id}/predikat-organisasi"): E("unor", query="tahun={tahun}", **UNIT_SCOPED),
    ("POST", "/v1/unor/{id}/predikat-organisasi"): E("unor", {"tahun": "{tahun}", "jenis": "TRIWULAN", "nomor": 1,
                                                              "predikat": "BAIK", "dasar": "Probe",
                                                              "alasan": "Perubahan oleh probe"},
                                                     **dict(BKPSDM_ONLY, admin_bkpsdm=I)),
    ("GET", "/v1/unor/{id}/predikat-organisasi/dokumen.pdf"): E("unor", query="tahun={tahun}&jenis=TRIWULAN&nomor=1",
                                                                **UNIT_SCOPED),
    ("GET", "/v1/unor/{id}/distribusi"): E("unor", query="tahun={tahun}&jenis=TRIWULAN&nomor=1", **UNIT_SCOPED),
    ("GET", "/v1/unor/{id}/distribusi.svg"): E("unor", query="tahun={tahun}&jenis=TRIWULAN&nomor=1", **UNIT_SCOPED),

    # --- follow-up ------------------------------------------------------------------------------
    ("GET", "/v1/peringkat"): collection(query="tahun={tahun}", **READERS),
    ("GET", "/v1/tindak-lanjut"): collection(query="tahun={tahun}", **READERS),
    ("POST", "/v1/tindak-lanjut/{id}/keputusan"): E("tindak_lanjut", {"keputusan": "DITOLAK", "alasan": "Probe",
                                                                      "pejabat": "Probe"},
                                                    pegawai=DENY, admin_pd="pd", admin_bkpsdm=I, auditor=DENY,
                                                    sync_read=DENY, sync_write=DENY, webhook_manage=DENY),
    ("GET", "/v1/aturan/tindak-lanjut"): collection(**READERS),
    ("PUT", "/v1/aturan/tindak-lanjut"): collection({}, **BKPSDM_ONLY),
    ("GET", "/v1/angka-kredit"): collection(query="tahun={tahun}", **READERS),
    ("GET", "/v1/pppk/rekomendasi-kontrak"): collection(query="tahun={tahun}", **READERS),
    ("GET", "/v1/aturan/tpp"): collection(**READERS),
    ("PUT", "/v1/aturan/tpp"): collection({}, **BKPSDM_ONLY),
    ("GET", "/v1/tpp"): collection(query="tahun={tahun}&jenis=TRIWULAN&nomor=1", **READERS),

    # --- data-quality evaluation (KKE) and reports -----------------------------------------------
    ("POST", "/v1/kke"): E("unor", {"unor_id": "{id}", "tahun": "{tahun}", "semester": 1}, pegawai=DENY,
                           admin_pd="pd", admin_bkpsdm=I, auditor=DENY, sync_read=DENY, sync_write=DENY,
                           webhook_manage=DENY),
    ("GET", "/v1/kke"): collection(query="limit=500", **READERS),
    ("GET", "/v1/kke/{id}"): E("kke", **KKE_READ),
    ("GET", "/v1/kke/{id}/temuan"): E("kke", **KKE_READ),
    ("GET", "/v1/kke/{id}/dokumen.pdf"): E("kke", **KKE_READ),
    ("PATCH", "/v1/kke/{id}/temuan/{temuan_id}"): E("kke", {"jawaban_status": "DIJELASKAN", "jawaban": "Probe"},
                                                    bodies={"admin_bkpsdm": {"verifikasi": "DITERIMA"}},
                                                    pegawai=DENY, admin_pd="pd", admin_bkpsdm=I, auditor=DENY,
                                                    sync_read=DENY, sync_write=DENY, webhook_manage=DENY),
    ("POST", "/v1/kke/{id}/ajukan"): E("kke", **dict(BKPSDM_ONLY, admin_bkpsdm=DENY, admin_pd="pd")),
    ("POST", "/v1/kke/{id}/verifikasi"): E("kke", **dict(BKPSDM_ONLY, admin_bkpsdm=I)),
    ("POST", "/v1/kke/{id}/selesai"): E("kke", **dict(BKPSDM_ONLY, admin_bkpsdm=I)),
    ("GET", "/v1/laporan/evaluasi"): collection(query="tahun={tahun}&semester=1", **READERS),
    ("GET", "/v1/laporan/evaluasi.pdf"): collection(query="tahun={tahun}&semester=1", **READERS),
    # the signed copy of a document: a write, by whoever may read the document's resource
    ("POST", "/v1/dokumen/{kode}/tertandatangan"): E("dokumen", "signed", **dict(
        pegawai=SKP_SEE_PEGAWAI, admin_pd=SKP_SEE_PD, admin_bkpsdm=I, auditor=DENY, sync_read=DENY, sync_write=I,
        webhook_manage=DENY)),

    # --- reference lists: any authenticated caller, a scope-less service account too ----------
    ("GET", "/v1/referensi"): collection(**dict(READERS, webhook_manage=ALLOW)),

    # --- organisation predikat history, sanction cases (issue 16) -------------------------------
    ("GET", "/v1/unor/{id}/predikat-organisasi/riwayat"): E("unor", query="limit=50", **UNIT_SCOPED),
    ("GET", "/v1/sanksi"): collection(query="limit=50", **READERS),
    ("POST", "/v1/sanksi"): collection({}, **BKPSDM_ONLY),
    ("GET", "/v1/sanksi/{id}"): E("sanksi", pegawai=OWN, admin_pd="pd", admin_bkpsdm=I, auditor=I, sync_read=I,
                                  sync_write=I, webhook_manage=DENY),
    ("POST", "/v1/sanksi/{id}/keputusan"): E("sanksi", {"keputusan": "MEMBAIK", "tanggal": "2024-06-30"},
                                             **dict(BKPSDM_ONLY, admin_bkpsdm=I)),

    # --- talent management (issue 20): potensi results, 9-box map, needs, succession -----------
    # writes: BKPSDM or an integration with sync:write; reads as a pegawai's data (own, PD, instansi)
    # the pegawai is named in the body: one outside the caller's tenant or write scope answers 404
    ("POST", "/v1/potensi"): E("pegawai", {"nip": "{nip}", "tanggal": "2024-05-05", "sumber": "ASSESSMENT_CENTER",
                                           "level": "MENENGAH"}, pegawai=DENY, admin_pd=DENY, admin_bkpsdm=I,
                               auditor=DENY, sync_read=DENY, sync_write=I, webhook_manage=DENY),
    ("GET", "/v1/potensi"): collection(query="limit=50", **READERS),
    ("GET", "/v1/potensi/{id}"): E("potensi", pegawai=OWN, admin_pd="pd", admin_bkpsdm=I, auditor=I, sync_read=I,
                                   sync_write=I, webhook_manage=DENY),
    ("PATCH", "/v1/potensi/{id}"): E("potensi", {"level": "TINGGI"}, pegawai=DENY, admin_pd=DENY, admin_bkpsdm=I,
                                     auditor=DENY, sync_read=DENY, sync_write=I, webhook_manage=DENY),
    ("DELETE", "/v1/potensi/{id}"): E("potensi", pegawai=DENY, admin_pd=DENY, admin_bkpsdm=I, auditor=DENY,
                                      sync_read=DENY, sync_write=I, webhook_manage=DENY),
    ("POST", "/v1/import/potensi"): collection([], **dict(BKPSDM_ONLY, sync_write=ALLOW)),
    ("GET", "/v1/talenta"): collection(query="tahun={tahun}", **READERS),
    ("GET", "/v1/aturan/talenta"): collection(**READERS),
    ("PUT", "/v1/aturan/talenta"): collection({}, **BKPSDM_ONLY),
    ("GET", "/v1/pengembangan"): collection(query="tahun={tahun}", **READERS),
    ("GET", "/v1/suksesi"): collection(query="tahun={tahun}", **dict(READERS, pegawai=DENY)),

    # --- schedules, job runs, reminders, timeliness (issue 19) ---------------------------------
    ("GET", "/v1/jadwal"): collection(**AUDIT_READERS),
    ("POST", "/v1/jadwal"): collection({"jenis": "statistik", "cron": "15 2 * * *"}, **BKPSDM_ONLY),
    ("GET", "/v1/jadwal/{id}"): E("jadwal", **dict(BKPSDM_ONLY, admin_bkpsdm=I, auditor=I)),
    ("PATCH", "/v1/jadwal/{id}"): E("jadwal", {"aktif": False}, **dict(BKPSDM_ONLY, admin_bkpsdm=I)),
    # runs: BKPSDM and the auditor see all, others only the runs they started (none in the world)
    ("GET", "/v1/pekerjaan"): collection(query="limit=50", **PUBLIC),
    ("POST", "/v1/pekerjaan"): collection({"jenis": "statistik"}, **BKPSDM_ONLY),
    ("GET", "/v1/pekerjaan/{id}"): E("pekerjaan", **dict(pegawai="", admin_pd="", admin_bkpsdm=I, auditor=I,
                                                         sync_read="", sync_write="", webhook_manage="")),
    ("GET", "/v1/pengingat"): collection(query="limit=50", **READERS),
    ("GET", "/v1/unor/{id}/ketepatan-waktu"): E("unor", query="tahun={tahun}&semester=1", **UNIT_SCOPED),

    # --- integration: service accounts, webhooks, SIASN ------------------------------------------
    ("GET", "/v1/klien"): collection(query="limit=500", **AUDIT_READERS),
    ("POST", "/v1/klien"): collection({"nama": "Probe", "scopes": ["sync:read"]}, **BKPSDM_ONLY),
    ("GET", "/v1/klien/{id}"): E("klien", **dict(AUDIT_READERS, admin_bkpsdm=I, auditor=I)),
    ("PATCH", "/v1/klien/{id}"): E("klien", {"nama": "Probe"}, **dict(BKPSDM_ONLY, admin_bkpsdm=I)),
    ("POST", "/v1/klien/{id}/rotasi-secret"): E("klien", **dict(BKPSDM_ONLY, admin_bkpsdm=I)),
    ("GET", "/v1/webhook"): collection(query="limit=500", **dict(AUDIT_READERS, webhook_manage=ALLOW)),
    ("POST", "/v1/webhook"): collection({"url": "http://127.0.0.1:9/probe", "events": ["skp"]},
                                        **dict(BKPSDM_ONLY, webhook_manage=ALLOW)),
    ("GET", "/v1/webhook/{id}"): E("webhook", **dict(BKPSDM_ONLY, admin_bkpsdm=I, auditor=I, webhook_manage="mine")),
    ("PATCH", "/v1/webhook/{id}"): E("webhook", {"aktif": True}, **dict(BKPSDM_ONLY, admin_bkpsdm=I,
                                                                        webhook_manage="mine")),
    ("POST", "/v1/webhook/{id}/rotasi-secret"): E("webhook", **dict(BKPSDM_ONLY, admin_bkpsdm=I,
                                                                    webhook_manage="mine")),
    ("GET", "/v1/webhook/{id}/pengiriman"): E("webhook", **dict(BKPSDM_ONLY, admin_bkpsdm=I, auditor=I,
                                                                webhook_manage="mine")),
    ("POST", "/v1/sync/siasn/pull"): collection({"tahun": "{tahun}", "dry_run": True}, **MANAGERS),
    ("POST", "/v1/sync/siasn/push"): collection({"tahun": "{tahun}", "dry_run": True}, **MANAGERS),
    ("POST", "/v1/sync/siasn/import-hasil"): collection({"tahun": "{tahun}", "dry_run": True}, **MANAGERS),
    ("GET", "/v1/sync/siasn/konflik"): collection(query="tahun={tahun}", **dict(READERS, pegawai=DENY)),
    ("GET", "/v1/sync/log"): collection(**dict(READERS, pegawai=DENY)),
}

# Lists show only what the caller may read one by one: each item of a list route is checked
# against the entry of its single-object route. (list route): (kind, item key, single route)
LISTS = {
    ("GET", "/v1/skp"): ("skp", "id", ("GET", "/v1/skp/{id}")),
    ("GET", "/v1/evaluasi"): ("evaluasi", "id", ("GET", "/v1/evaluasi/{id}")),
    ("GET", "/v1/keberatan"): ("keberatan", "id", ("GET", "/v1/evaluasi/{id}")),
    ("GET", "/v1/pegawai"): ("pegawai", "nip", ("GET", "/v1/pegawai/{nip}")),
    ("GET", "/v1/unor"): ("unor", "id", ("GET", "/v1/unor/{id}")),
    ("GET", "/v1/kke"): ("kke", "id", ("GET", "/v1/kke/{id}")),
    ("GET", "/v1/klien"): ("klien", "id", ("GET", "/v1/klien/{id}")),
    ("GET", "/v1/webhook"): ("webhook", "id", ("GET", "/v1/webhook/{id}")),
}


def parse(rule):
    """(see, act) as sets of relations, or the string DENY / ALLOW."""
    if rule in (DENY, ALLOW):
        return rule
    see, _, act = rule.partition(">")
    see = set(see.split())
    return see, (set(act.split()) if _ else see)
