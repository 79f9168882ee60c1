"""Official documents as PDF, their verification and signed copies (issue 18). Owner: doc.
Text is read back with pdftotext and pages counted with pdfinfo (poppler-utils)."""
import datetime
import hashlib
import os
import re
import subprocess
import tempfile

import pytest

from conftest import TENANT, Api, Server, build_tree, make_token, problem
from test_skp import LAMPIRAN, add_ind, add_rhk, create_skp

YEAR = datetime.date.today().year
PDF = {"Accept": "application/pdf"}


def pdftext(data, page=None, raw=True):
    """The text of a PDF (or of one page), whitespace collapsed."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        args = ["pdftotext"] + (["-raw"] if raw else []) + (["-f", str(page), "-l", str(page)] if page else [])
        out = subprocess.run(args + [f.name, "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


def pdfinfo(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["pdfinfo", "-isodates", f.name], check=True, capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line and not line.startswith(" "))


def get_pdf(api, path, token, **kw):
    r = api.get(path, token=token, **kw)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-")
    return r


def row(db, kode):
    return db.all("SELECT jenis, sumber, sumber_versi, sha256, ukuran, dibuat_oleh, nomor, dibuat_at, ttd_subjek "
                  "FROM dokumen WHERE kode = %s", kode)[0]


RHK_TEXT = ("Terlaksananya penyusunan laporan kinerja triwulanan bidang pelayanan administrasi kependudukan "
            "nomor {i} yang akurat, tepat waktu, dan dapat dipertanggungjawabkan kepada pimpinan")


def set_chain(api, t, tok, lampiran=LAMPIRAN):
    """SKPs of kadis (JPT) → kabid → kasi → staf, each set by its penilai. Returns {who: (skp, rhk)}."""
    out, parent = {}, None
    for who, penilai in [("kadis", "sekda"), ("kabid", "kadis"), ("kasi", "kabid"), ("staf", "kasi")]:
        s = create_skp(api, tok[who], t[who], tahun=YEAR)
        r = add_rhk(api, tok[who], s["id"], **({"perspektif": "PENERIMA_LAYANAN"} if who == "kadis"
                                              else {"rhk_atasan_id": parent["id"]}))
        add_ind(api, tok[who], r["id"], **({"aspek": None} if who == "kadis" else {}))
        assert api.put(f"/v1/skp/{s['id']}/lampiran", token=tok[who], json=lampiran).status_code == 200
        for actor, act in [(who, "ajukan"), (penilai, "setujui"), (penilai, "tetapkan")]:
            x = api.post(f"/v1/skp/{s['id']}/{act}", token=tok[actor])
            assert x.status_code == 200, (who, act, x.text)
        out[who], parent = (s, r), r
    return out


@pytest.fixture(scope="module")
def w(api, tenant):
    t = build_tree(api, tenant["admin"], "Dok")
    t["admin"] = tenant["admin"]
    t["tok"] = {k: make_token("pegawai", nip=t[k]) for k in ("sekda", "kadis", "kabid", "kasi", "staf", "jf", "staf2")}
    t["chain"] = set_chain(api, t, t["tok"])
    return t


@pytest.fixture(scope="module")
def long_skp(api, w):
    """A draft SKP of the JF with 10 RHK x 3 indikator and long texts: several pages."""
    tok = w["tok"]["jf"]
    s = create_skp(api, tok, w["jf"], tahun=YEAR)
    texts = []
    for i in range(1, 11):
        r = add_rhk(api, tok, s["id"], uraian=RHK_TEXT.format(i=i), rhk_atasan_id=w["chain"]["kabid"][1]["id"],
                    **({"jenis_rhk": "TAMBAHAN"} if i == 10 else {}))
        texts.append(RHK_TEXT.format(i=i))
        for aspek, satuan in [("KUANTITAS", "laporan"), ("KUALITAS", "persen"), ("WAKTU", "bulan")]:
            add_ind(api, tok, r["id"], aspek=aspek, satuan=satuan, target_min=12, target_max=12,
                    uraian=f"Persentase {aspek.lower()} laporan kinerja yang disusun sesuai standar RHK {i}")
    lampiran = {"dukungan_sumber_daya": [f"Dukungan anggaran dan sarana kegiatan {i}" for i in range(8)],
                "skema_pertanggungjawaban": ["Laporan bulanan kepada kepala bidang"],
                "konsekuensi": ["Sesuai ketentuan disiplin pegawai negeri sipil"]}
    assert api.put(f"/v1/skp/{s['id']}/lampiran", token=tok, json=lampiran).status_code == 200
    return dict(skp=s, texts=texts, token=tok)


def test_skp_document_content_pages_and_registration(api, db, w, long_skp):
    s, tok = long_skp["skp"], long_skp["token"]
    r = get_pdf(api, f"/v1/skp/{s['id']}/dokumen.pdf", tok)
    text = pdftext(r.content)
    for needle in [w["jf"], "Dok Analis Ahli Pertama", "SASARAN KINERJA PEGAWAI", "HASIL KERJA", "A. UTAMA", "B. TAMBAHAN",
                   "PERILAKU KERJA", "Berorientasi Pelayanan", "Kolaboratif", "LAMPIRAN SASARAN KINERJA PEGAWAI",
                   "DUKUNGAN SUMBER DAYA", "KONSEKUENSI", "Pegawai yang Dinilai", "Pejabat Penilai Kinerja",
                   w["kabid"], "Dok Kepala Bidang", "Dok Kepala Dinas"] + long_skp["texts"]:
        assert needle in text, needle
    assert "12 bulan" in text and "Kuantitas" in text
    # the cascading column names the penilai's RHK
    assert "Tersusunnya dokumen perencanaan" in text
    info = pdfinfo(r.content)
    pages = int(info["Pages"])
    assert pages >= 3, info
    assert info["Page size"].strip().startswith("595.276 x 841.89")
    kode = r.headers["X-Dokumen-Kode"]
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{10}", kode)
    for p in range(1, pages + 1):  # every page carries the code, the number and its page number
        pt = pdftext(r.content, page=p)
        assert kode in pt and f"Halaman {p} dari {pages}" in pt, p
    jenis, sumber, versi, sha, ukuran, oleh, nomor, dibuat, ttd = row(db, kode)
    assert (jenis, sumber, versi, ttd) == ("SKP", f"skp/{s['id']}",
                                           db.one("SELECT version FROM skp WHERE id = %s", s["id"]), None)
    assert sha == hashlib.sha256(r.content).hexdigest() == r.headers["X-Dokumen-Sha256"]
    assert ukuran == len(r.content) and oleh == "test-pegawai"
    assert re.fullmatch(rf"SKP/\d{{6}}/{TENANT.upper()}/{dibuat.year}", nomor) and nomor in pdftext(r.content, page=1)
    # the only time inside is the stored one
    assert info["CreationDate"].strip().startswith(dibuat.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S"))


def test_same_version_renders_same_bytes(api, db, w, long_skp):
    s, tok = long_skp["skp"], long_skp["token"]
    first = get_pdf(api, f"/v1/skp/{s['id']}/dokumen.pdf", tok)
    n = db.one("SELECT count(*) FROM dokumen WHERE sumber = %s", f"skp/{s['id']}")
    again = get_pdf(api, f"/v1/skp/{s['id']}", tok, headers=PDF)  # Accept: application/pdf on the JSON route
    by_penilai = get_pdf(api, f"/v1/skp/{s['id']}/dokumen.pdf", w["tok"]["kabid"])
    assert first.content == again.content == by_penilai.content
    assert db.one("SELECT count(*) FROM dokumen WHERE sumber = %s", f"skp/{s['id']}") == n
    # without Accept the JSON route stays JSON
    assert api.get(f"/v1/skp/{s['id']}", token=tok).headers["Content-Type"].startswith("application/json")


def test_a_fresh_process_renders_the_same_bytes(api, w, long_skp):
    """New font caches, another worker: the registered document comes out byte for byte again."""
    s, tok = long_skp["skp"], long_skp["token"]
    first = get_pdf(api, f"/v1/skp/{s['id']}/dokumen.pdf", tok)
    other = Server().start()
    try:
        again = Api(other.url).get(f"/v1/skp/{s['id']}/dokumen.pdf", token=tok)
    finally:
        assert other.stop() == 0
    assert again.status_code == 200 and again.content == first.content


def test_access_rules_are_the_json_routes(api, w, long_skp, tenant):
    s = long_skp["skp"]
    for token in (w["tok"]["staf2"], w["tok"]["staf"], tenant["other_admin"]):
        problem(api.get(f"/v1/skp/{s['id']}/dokumen.pdf", token=token), 404, "not_found")
        problem(api.get(f"/v1/skp/{s['id']}", token=token, headers=PDF), 404, "not_found")
    problem(api.get(f"/v1/skp/{s['id']}/dokumen.pdf"), 401)
    problem(api.get("/v1/skp/abc/dokumen.pdf", token=w["admin"]), 404, "not_found")
    problem(api.get("/v1/skp/999999999/dokumen.pdf", token=w["admin"]), 404, "not_found")
    get_pdf(api, f"/v1/skp/{s['id']}/dokumen.pdf", make_token("auditor"))
    get_pdf(api, f"/v1/skp/{s['id']}/dokumen.pdf", make_token("admin_pd", nip=w["kadis"]))
    problem(api.get(f"/v1/skp/{s['id']}/dokumen.pdf", token=make_token("admin_pd", nip=w["kadis2"])), 404)


def test_verification_current_superseded_unknown(api, db, w):
    tok = w["tok"]["staf2"]
    s = create_skp(api, tok, w["staf2"], tahun=YEAR)
    add_rhk(api, tok, s["id"], uraian="Terselenggaranya pelayanan surat menyurat")
    r = get_pdf(api, f"/v1/skp/{s['id']}/dokumen.pdf", tok)
    kode, sha = r.headers["X-Dokumen-Kode"], r.headers["X-Dokumen-Sha256"]
    v = api.get(f"/v1/dokumen/{kode}")  # public: no token
    assert v.status_code == 200, v.text
    body = v.json()
    assert body == {"kode": kode, "nomor": row(db, kode)[6], "jenis": "SKP", "tanggal": body["tanggal"],
                    "instansi": "Kabupaten Uji", "sha256": sha, "ukuran": len(r.content), "status": "BERLAKU",
                    "pengganti": None, "tanda_tangan": {"status": "BELUM"}}
    assert datetime.date.fromisoformat(body["tanggal"]) == row(db, kode)[7].astimezone(datetime.timezone.utc).date()
    assert w["staf2"] not in v.text and "Dok Pengadministrasi" not in v.text  # no personal data
    assert api.get(f"/v1/dokumen/{kode.lower()}").json()["kode"] == kode
    # the SKP moves on (a new RHK): the printout is no longer current, even before a new render
    add_rhk(api, tok, s["id"], uraian="Terkelolanya arsip dinamis unit kerja")
    assert api.get(f"/v1/dokumen/{kode}").json()["status"] == "DIGANTIKAN"
    new = get_pdf(api, f"/v1/skp/{s['id']}/dokumen.pdf", tok)
    assert new.headers["X-Dokumen-Kode"] != kode and new.content != r.content
    assert "Terkelolanya arsip dinamis unit kerja" in pdftext(new.content)
    old = api.get(f"/v1/dokumen/{kode}").json()
    assert old["status"] == "DIGANTIKAN" and old["pengganti"]["kode"] == new.headers["X-Dokumen-Kode"]
    assert api.get(f"/v1/dokumen/{new.headers['X-Dokumen-Kode']}").json()["status"] == "BERLAKU"
    for unknown in ("ZZZZZZZZZZ", "ABC", "abc-def-gh", "0" * 40):
        problem(api.get(f"/v1/dokumen/{unknown}"), 404, "not_found")


@pytest.fixture(scope="module")
def rated(api, w):
    """The staf's first quarter and year-end evaluations, with realisasi and feedback, rated and set."""
    s, r = w["chain"]["staf"]
    kasi, staf = w["tok"]["kasi"], w["tok"]["staf"]
    for q in (1, 4):
        x = api.post(f"/v1/unor/{w['dinas']}/predikat-organisasi", token=w["admin"], json={
            "tahun": YEAR, "jenis": "TRIWULAN", "nomor": q, "predikat": "ISTIMEWA",
            "dasar": "Rencana aksi triwulan melampaui target yang diperjanjikan"})
        assert x.status_code == 201, x.text
    periods = api.get(f"/v1/skp/{s['id']}/periode", token=staf).json()["items"]
    p1 = [p for p in periods if p["nomor"] == 1][0]
    ind = api.get(f"/v1/skp/{s['id']}", token=staf).json()["rhk"][0]["indikator"][0]
    # reopened first, so the period accepts realisasi whatever today's date
    assert api.post(f"/v1/periode/{p1['id']}/buka", token=w["admin"], json={"alasan": "Uji dokumen"}).status_code == 200
    x = api.put(f"/v1/periode/{p1['id']}/realisasi/{ind['id']}", token=staf,
                json={"nilai": 2, "uraian": "Dua dokumen perencanaan telah disusun dan disampaikan"})
    assert x.status_code == 200, x.text
    for body in ({"jenis": "UMPAN_BALIK", "isi": "Dokumen perencanaan sudah lengkap dan tepat waktu", "rhk_id": r["id"]},
                 {"jenis": "BIMBINGAN", "isi": "Pertahankan sikap ramah kepada pemohon layanan"}):
        x = api.post(f"/v1/skp/{s['id']}/umpan-balik", token=kasi, json=dict(body, periode_id=p1["id"]))
        assert x.status_code == 201, x.text
    ev = {e["periode"]["nomor"]: e for e in api.get(f"/v1/evaluasi?tahun={YEAR}&limit=500", token=w["admin"]).json()["items"]
          if e["skp_id"] == s["id"]}
    for q, hk in ((1, "DI_ATAS_EKSPEKTASI"), (4, "SESUAI_EKSPEKTASI")):
        x = api.put(f"/v1/evaluasi/{ev[q]['id']}/rating", token=kasi, json={
            "rating_hasil_kerja": hk, "rating_perilaku": "DI_ATAS_EKSPEKTASI", "catatan": f"Catatan penilai triwulan {q}"})
        assert x.status_code == 200, x.text
        x = api.post(f"/v1/evaluasi/{ev[q]['id']}/tetapkan", token=kasi)
        assert x.status_code == 200, x.text
    return dict(skp=s, rhk=r, ev=ev)


def test_evaluation_document_periodic(api, db, w, rated):
    e = rated["ev"][1]
    r = get_pdf(api, f"/v1/evaluasi/{e['id']}/dokumen.pdf", w["tok"]["staf"])
    text = pdftext(r.content)
    for needle in [w["staf"], "Dok Pengadministrasi", w["kasi"], "Dok Kepala Seksi", "EVALUASI KINERJA PEGAWAI PERIODIK",
                   "PERIODE: TRIWULAN I (1 JANUARI", "Tersusunnya dokumen perencanaan", "Jumlah dokumen", "2 dokumen",
                   "REALISASI BERDASARKAN BUKTI DUKUNG", "2 dokumen: Dua dokumen perencanaan telah disusun dan disampaikan",
                   "Umpan Balik: Dokumen perencanaan sudah lengkap dan tepat waktu",
                   "Bimbingan: Pertahankan sikap ramah kepada pemohon layanan",
                   "RATING HASIL KERJA: DI ATAS EKSPEKTASI", "RATING PERILAKU KERJA: DI ATAS EKSPEKTASI",
                   "PREDIKAT KINERJA PEGAWAI: SANGAT BAIK", "Catatan penilai triwulan 1", "Ekspektasi Khusus Pimpinan".upper()]:
        assert needle in text, needle
    assert row(db, r.headers["X-Dokumen-Kode"])[:3] == ("EVALUASI", f"evaluasi/{e['id']}",
                                                        db.one("SELECT version FROM evaluasi WHERE id = %s", e["id"]))
    assert get_pdf(api, f"/v1/evaluasi/{e['id']}", w["tok"]["kasi"], headers=PDF).content == r.content
    problem(api.get(f"/v1/evaluasi/{e['id']}/dokumen.pdf", token=w["tok"]["staf2"]), 404, "not_found")
    # the SKP document carries no predikat; the evaluation's does
    assert "PREDIKAT" not in pdftext(get_pdf(api, f"/v1/skp/{rated['skp']['id']}/dokumen.pdf", w["tok"]["staf"]).content)


def test_evaluation_document_annual(api, w, rated):
    e = rated["ev"][4]
    text = pdftext(get_pdf(api, f"/v1/evaluasi/{e['id']}/dokumen.pdf", w["tok"]["kasi"]).content)
    for needle in ["EVALUASI KINERJA PEGAWAI PERIODE TAHUNAN", f"PERIODE: TAHUNAN {YEAR} (TRIWULAN IV - AKHIR",
                   "PREDIKAT KINERJA PEGAWAI: BAIK", "RIWAYAT EVALUASI PERIODIK", "Triwulan I Sangat Baik",
                   "Triwulan II - Terbuka", w["staf"]]:
        assert needle in text, needle


def test_organisation_predikat_document(api, w, rated):
    path = f"/v1/unor/{w['dinas']}/predikat-organisasi"
    q = f"?tahun={YEAR}&jenis=TRIWULAN&nomor=1"
    r = get_pdf(api, path + "/dokumen.pdf" + q, w["admin"])
    text = pdftext(r.content)
    for needle in ["PENETAPAN PREDIKAT KINERJA ORGANISASI", "DOK DINAS", "PERIODE: TRIWULAN I TAHUN", "Istimewa",
                   "Rencana aksi triwulan melampaui target yang diperjanjikan", "DISTRIBUSI PREDIKAT KINERJA PEGAWAI",
                   "Sangat Baik", "Butuh Perbaikan", "Pimpinan yang Menetapkan"]:
        assert needle in text, needle
    assert get_pdf(api, path + q, w["admin"], headers=PDF).content == r.content
    problem(api.get(path + f"/dokumen.pdf?tahun={YEAR}&jenis=TRIWULAN&nomor=2", token=w["admin"]), 409,
            "predikat_organisasi_missing")
    problem(api.get(path + "/dokumen.pdf?tahun=x", token=w["admin"]), 422, "validation_failed")
    problem(api.get(path + "/dokumen.pdf" + q, token=make_token("admin_pd", nip=w["kadis2"])), 404, "not_found")


def test_kke_document(api, db, w, rated):
    x = api.post("/v1/kke", token=w["admin"], json={"unor_id": w["dinas"], "tahun": YEAR, "semester": 1})
    assert x.status_code == 201, x.text
    k = x.json()
    r = get_pdf(api, f"/v1/kke/{k['id']}/dokumen.pdf", w["admin"])
    text = pdftext(r.content)
    for needle in ["KERTAS KERJA EVALUASI PENGELOLAAN KINERJA", "DOK DINAS", f"SEMESTER 1 TAHUN {YEAR}",
                   "RINGKASAN PEMERIKSAAN", "K01", "K22", "TEMUAN DAN JAWABAN", "JAWABAN PERANGKAT DAERAH"]:
        assert needle in text, needle
    pesan = db.one("SELECT pesan FROM kke_temuan WHERE kke_id = %s ORDER BY id LIMIT 1", k["id"])
    if pesan:
        assert " ".join(pesan.split()) in text
    assert get_pdf(api, f"/v1/kke/{k['id']}", w["admin"], headers=PDF).content == r.content
    problem(api.get(f"/v1/kke/{k['id']}/dokumen.pdf", token=w["tok"]["staf"]), 404, "not_found")


def test_semester_report_document(api, db, w, rated):
    r = get_pdf(api, f"/v1/laporan/evaluasi.pdf?tahun={YEAR}&semester=1", w["admin"])
    text = pdftext(r.content)
    for needle in ["LAPORAN EVALUASI PENGELOLAAN KINERJA PEGAWAI", f"SEMESTER 1 TAHUN {YEAR}", "CAPAIAN PER PERANGKAT DAERAH",
                   "Dok Dinas", "Dok Sekretariat Daerah", "GRAFIK SKOR (0-100)", "GRAFIK CAKUPAN SKP (0-100)",
                   "GRAFIK DISTRIBUSI SESUAI (0-100)", "belum ada data", "Kepala BKPSDM"]:
        assert needle in text, needle
    assert int(pdfinfo(r.content)["Pages"]) >= 2
    assert row(db, r.headers["X-Dokumen-Kode"])[:3] == ("LAPORAN_EVALUASI", f"laporan/evaluasi/{YEAR}/1@/", None)
    again = get_pdf(api, f"/v1/laporan/evaluasi?tahun={YEAR}&semester=1", w["admin"], headers=PDF)
    assert again.content == r.content
    problem(api.get("/v1/laporan/evaluasi.pdf?semester=1", token=w["admin"]), 422, "validation_failed")


def signer(subject="Penilai Uji"):
    """A self-signed certificate and key of a signer (what BSrE would issue)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kabupaten Uji"),
                      x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30)).sign(key, hashes.SHA256()))
    return cert, key


def sign_pdf(original, cert_key=None, tamper=None):
    """PAdES-style: append an incremental update with a /Sig dictionary whose /ByteRange covers
    everything but the CMS blob in /Contents (a detached signature over those bytes)."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs7
    cert, key = cert_key or signer()
    hexlen = 16384
    head_t = (b"\n%% tanda tangan elektronik (uji)\n9999 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite "
              b"/SubFilter /ETSI.CAdES.detached /ByteRange [0 %010d %010d %010d] /Contents <")
    tail = b"> >>\nendobj\n%%EOF\n"
    dummy = original + head_t % (0, 0, 0)
    a = len(dummy) - 1
    b = a + 1 + hexlen + 1
    total = b + len(tail) - 1
    head = original + head_t % (a, b, total - b)
    signed = head[:a] + tail[1:]
    if tamper:
        signed = tamper(signed)
    der = (pkcs7.PKCS7SignatureBuilder().set_data(signed).add_signer(cert, key, hashes.SHA256())
           .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]))
    blob = der.hex().encode().ljust(hexlen, b"0")
    out = head + blob + tail
    assert len(out) == total and out[a:a + 1] == b"<" and out[b - 1:b] == b">"
    return out


def post_signed(api, kode, data, token, **kw):
    return api.post(f"/v1/dokumen/{kode}/tertandatangan", token=token,
                    headers=dict({"Content-Type": "application/pdf"}, **kw), data=data)


def test_signed_copy_is_checked_and_reported(api, db, w, rated):
    e = rated["ev"][1]
    r = get_pdf(api, f"/v1/evaluasi/{e['id']}/dokumen.pdf", w["tok"]["kasi"])
    kode = r.headers["X-Dokumen-Kode"]
    # content that is not the registered document is refused (one byte changed before signing)
    forged = sign_pdf(r.content[:400] + b"X" + r.content[401:])
    problem(post_signed(api, kode, forged, w["tok"]["kasi"]), 422, "dokumen_tidak_cocok")
    # a signature that does not cover the bytes is refused
    broken = sign_pdf(r.content, tamper=lambda b: b + b" ")
    problem(post_signed(api, kode, broken, w["tok"]["kasi"]), 422, "tanda_tangan_tidak_valid")
    problem(post_signed(api, kode, r.content, w["tok"]["kasi"]), 422, "tanda_tangan_tidak_valid")
    problem(post_signed(api, kode, b"bukan pdf", w["tok"]["kasi"]), 415, "unsupported_media_type")
    problem(api.post(f"/v1/dokumen/{kode}/tertandatangan", token=w["tok"]["kasi"], json={}), 415)
    signed = sign_pdf(r.content)
    problem(post_signed(api, kode, signed, w["tok"]["staf2"]), 404, "not_found")  # cannot see the evaluation
    problem(post_signed(api, kode, signed, None), 401)
    # read-only roles see the document but may not record a signature on it
    problem(post_signed(api, kode, signed, make_token("auditor")), 403)
    problem(post_signed(api, kode, signed, make_token("integrasi", scope="sync:read")), 403)
    problem(post_signed(api, "ZZZZZZZZZZ", signed, w["tok"]["kasi"]), 404, "not_found")
    assert db.one("SELECT ttd_sha256 FROM dokumen WHERE kode = %s", kode) is None
    x = post_signed(api, kode, signed, w["tok"]["kasi"])
    assert x.status_code == 200, x.text
    body = x.json()
    assert body["tanda_tangan"]["subjek"] == "CN=Penilai Uji,O=Kabupaten Uji,C=ID"
    assert body["tanda_tangan"]["sha256"] == hashlib.sha256(signed).hexdigest()
    assert bytes(db.one("SELECT b.pdf FROM dokumen_berkas b JOIN dokumen d ON d.id = b.dokumen_id "
                        "AND d.instansi_id = b.instansi_id WHERE d.kode = %s", kode)) == signed
    v = api.get(f"/v1/dokumen/{kode}").json()
    assert v["tanda_tangan"] == {"status": "TERTANDATANGAN", "subjek": "CN=Penilai Uji,O=Kabupaten Uji,C=ID",
                                 "sha256": hashlib.sha256(signed).hexdigest(), "waktu": v["tanda_tangan"]["waktu"]}
    assert v["sha256"] == hashlib.sha256(r.content).hexdigest() and v["status"] == "BERLAKU"
    assert db.one("SELECT count(*) FROM audit_log WHERE entity = 'dokumen' AND entity_id = %s::text AND action = 'UPDATE' "
                  "AND after->>'ttd_subjek' IS NOT NULL",
                  db.one("SELECT id FROM dokumen WHERE kode = %s", kode)) == 1
