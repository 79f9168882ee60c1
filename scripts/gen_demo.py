#!/usr/bin/env python3
"""Synthetic demo kabupaten for Kinerja API. Owner: platform.

Writes two JSON files for the bulk-import endpoints: unor.json (org tree, ~40 Perangkat Daerah
including kecamatan and kelurahan, 6 levels) and pegawai.json (~10,000 pegawai, PNS and PPPK,
every jenis_jabatan, valid synthetic NIPs). Names are built from syllables, so they are not real
people; NIPs are generated, never copied. Deterministic for a given --seed.

usage: gen_demo.py OUTDIR [--pegawai N] [--seed S]
"""
import argparse
import json
import os
import random
from datetime import date

SYL = ["ra", "ni", "wi", "ja", "su", "har", "to", "me", "la", "di", "an", "sa", "ri", "ya", "ko",
       "ma", "na", "ti", "bu", "dar", "se", "tya", "gus", "ba", "yu", "nin", "pra", "si", "wa", "lu"]
DINAS = ["Pendidikan", "Kesehatan", "Pekerjaan Umum dan Penataan Ruang", "Perumahan Rakyat",
         "Sosial", "Tenaga Kerja", "Pemberdayaan Perempuan", "Pangan", "Lingkungan Hidup",
         "Kependudukan dan Pencatatan Sipil", "Perhubungan", "Komunikasi dan Informatika",
         "Koperasi dan Usaha Mikro", "Penanaman Modal", "Kepemudaan dan Olahraga",
         "Perpustakaan dan Kearsipan", "Perikanan", "Pertanian", "Perdagangan", "Pariwisata"]
BADAN = ["Perencanaan Pembangunan Daerah", "Keuangan dan Aset Daerah", "Kepegawaian dan Pengembangan SDM",
         "Penanggulangan Bencana Daerah"]
KECAMATAN = ["Sukamaju", "Rawaindah", "Bukitasri", "Lembahhijau", "Pantaisari", "Tanjungwangi",
             "Karangsari", "Mekarjaya", "Sindangrasa", "Cibeningsari"]


class Gen:
    def __init__(self, seed, target):
        self.rng = random.Random(seed)
        self.target = target
        self.unor = []
        self.pegawai = []
        self.nips = set()
        self.today = date.today()

    def name(self):
        r = self.rng
        def word(n):
            return "".join(r.choice(SYL) for _ in range(n)).capitalize()
        return f"{word(2)} {word(r.choice([2, 3]))}"

    def nip(self, pppk):
        r = self.rng
        while True:
            by = r.randint(self.today.year - 58, self.today.year - 23)
            bm = r.randint(1, 12)
            bd = r.randint(1, 28)
            if pppk:
                ty, tm = r.randint(max(by + 18, 2019), self.today.year - 1), "21"
            else:
                ty = r.randint(by + 20, min(by + 35, self.today.year - 1))
                tm = f"{r.randint(1, 12):02d}"
            n = f"{by:04d}{bm:02d}{bd:02d}{ty:04d}{tm}{r.randint(1, 2)}{r.randint(1, 999):03d}"
            if n not in self.nips:
                self.nips.add(n)
                return n

    def add_unor(self, sid, parent, nama, jabatan, pd=False):
        self.unor.append({"siasn_id": sid, "parent_siasn_id": parent, "nama": nama,
                          "nama_jabatan": jabatan, "is_perangkat_daerah": pd})
        return sid

    def add_pegawai(self, unit, jenis_jabatan, jabatan, kepala=False, plt=False):
        r = self.rng
        pppk = jenis_jabatan in ("FUNGSIONAL", "PELAKSANA") and r.random() < 0.25
        row = {"nip": self.nip(pppk), "nama": self.name(), "jenis_asn": "PPPK" if pppk else "PNS",
               "jenis_jabatan": jenis_jabatan, "jabatan": jabatan, "unor_siasn_id": unit,
               "status": "AKTIF"}
        if jenis_jabatan == "FUNGSIONAL":
            row["jenjang_jf"] = r.choice(["PERTAMA", "MUDA", "MADYA", "TERAMPIL", "MAHIR", "PENYELIA"])
        if kepala:
            row["kepala"] = True
            row["is_plt"] = plt
        elif not pppk and r.random() < 0.02:
            row["status"] = r.choice(["CLTN", "TUGAS_BELAJAR", "MPP"])
            # dated: the KKE exempts a pegawai only for the time the status was held (no draw
            # from the generator, so the rest of the data stays as it was)
            row["status_sejak"] = f"{date.today().year - 1}-{len(self.pegawai) % 12 + 1:02d}-01"
        self.pegawai.append(row)

    def head(self, unit, jenis, jabatan, vacant_p=0.05):
        r = self.rng.random()
        if r < vacant_p:
            return  # vacant post: penilai resolution walks up the tree
        self.add_pegawai(unit, jenis, jabatan, kepala=True, plt=r < vacant_p + 0.05)

    def staff(self, unit, n, jf_share, jf_name="Analis", pel_name="Pengadministrasi Umum"):
        for _ in range(n):
            if self.rng.random() < jf_share:
                self.add_pegawai(unit, "FUNGSIONAL", f"{jf_name} {self.rng.choice(['Ahli Pertama', 'Ahli Muda', 'Terampil'])}")
            else:
                self.add_pegawai(unit, "PELAKSANA", pel_name)

    def build(self):
        root = self.add_unor("U0", None, "Pemerintah Kabupaten Contoh", "Bupati")
        setda = self.add_unor("PD-SETDA", root, "Sekretariat Daerah", "Sekretaris Daerah", True)
        self.head(setda, "JPT", "Sekretaris Daerah", vacant_p=0)
        for a, asisten in enumerate(["Pemerintahan dan Kesra", "Perekonomian dan Pembangunan", "Administrasi Umum"], 1):
            asu = self.add_unor(f"SETDA-AS{a}", setda, f"Asisten {asisten}", f"Asisten {asisten}")
            self.head(asu, "JPT", f"Asisten {asisten}", vacant_p=0)
            for b in range(1, 4):
                bag = self.add_unor(f"SETDA-AS{a}-B{b}", asu, f"Bagian {a}.{b}", f"Kepala Bagian {a}.{b}")
                self.head(bag, "ADMINISTRATOR", f"Kepala Bagian {a}.{b}")
                for s in range(1, 3):
                    sub = self.add_unor(f"SETDA-AS{a}-B{b}-S{s}", bag, f"Subbagian {a}.{b}.{s}", f"Kepala Subbagian {a}.{b}.{s}")
                    self.head(sub, "PENGAWAS", f"Kepala Subbagian {a}.{b}.{s}")
                    self.staff(sub, 4, 0.3)
        for code, nama in [("DPRD", "Sekretariat DPRD"), ("INSP", "Inspektorat Daerah")]:
            pd = self.add_unor(f"PD-{code}", root, nama, f"Kepala {nama}", True)
            self.head(pd, "JPT", f"Kepala {nama}", vacant_p=0)
            self.sub_units(pd, code, 3, 2, 5, "Auditor" if code == "INSP" else "Analis")
        pds = [("DIN", d, f"Dinas {d}") for d in DINAS] + [("BAD", b, f"Badan {b}") for b in BADAN]
        for i, (kind, short, nama) in enumerate(pds, 1):
            pd = self.add_unor(f"PD-{kind}{i}", root, nama, f"Kepala {nama}", True)
            self.head(pd, "JPT", f"Kepala {nama}", vacant_p=0.03)
            big = short in ("Pendidikan", "Kesehatan")
            self.sub_units(pd, f"{kind}{i}", 4, 2, 6, "Guru" if short == "Pendidikan" else
                           "Perawat" if short == "Kesehatan" else "Analis", upt=big)
        for k, kec in enumerate(KECAMATAN, 1):
            pd = self.add_unor(f"PD-KEC{k}", root, f"Kecamatan {kec}", f"Camat {kec}", True)
            self.head(pd, "ADMINISTRATOR", f"Camat {kec}", vacant_p=0.02)
            sek = self.add_unor(f"KEC{k}-SEK", pd, f"Sekretariat Kecamatan {kec}", "Sekretaris Camat")
            self.head(sek, "PENGAWAS", "Sekretaris Camat")
            self.staff(sek, 5, 0.1)
            for s in range(1, 4):
                seksi = self.add_unor(f"KEC{k}-SEKSI{s}", pd, f"Seksi {s} Kecamatan {kec}", f"Kepala Seksi {s}")
                self.head(seksi, "PENGAWAS", f"Kepala Seksi {s}")
                self.staff(seksi, 4, 0.1)
            for l in range(1, 4):
                kel = self.add_unor(f"KEC{k}-KEL{l}", pd, f"Kelurahan {kec} {l}", f"Lurah {kec} {l}")
                self.head(kel, "ADMINISTRATOR", f"Lurah {kec} {l}")
                for s in range(1, 3):
                    seksi = self.add_unor(f"KEC{k}-KEL{l}-S{s}", kel, f"Seksi {s} Kelurahan {kec} {l}", f"Kepala Seksi {s}")
                    self.head(seksi, "PENGAWAS", f"Kepala Seksi {s}")
                    self.staff(seksi, 3, 0.0)
        self.fill_to_target()

    def sub_units(self, pd, code, bidang, seksi, staff, jf, upt=False):
        sek = self.add_unor(f"{code}-SEK", pd, "Sekretariat", "Sekretaris")
        self.head(sek, "ADMINISTRATOR", "Sekretaris")
        for s in range(1, 3):
            sub = self.add_unor(f"{code}-SEK-S{s}", sek, f"Subbagian {s}", f"Kepala Subbagian {s}")
            self.head(sub, "PENGAWAS", f"Kepala Subbagian {s}")
            self.staff(sub, staff, 0.2)
        for b in range(1, bidang + 1):
            bid = self.add_unor(f"{code}-B{b}", pd, f"Bidang {b}", f"Kepala Bidang {b}")
            self.head(bid, "ADMINISTRATOR", f"Kepala Bidang {b}")
            for s in range(1, seksi + 1):
                sk = self.add_unor(f"{code}-B{b}-S{s}", bid, f"Seksi {b}.{s}", f"Kepala Seksi {b}.{s}")
                self.head(sk, "PENGAWAS", f"Kepala Seksi {b}.{s}")
                self.staff(sk, staff, 0.5, jf)
                if upt and s == 1:
                    for u in range(1, 4):
                        ut = self.add_unor(f"{code}-B{b}-S{s}-UPT{u}", sk, f"UPT {b}.{u}", f"Kepala UPT {b}.{u}")
                        self.head(ut, "PENGAWAS", f"Kepala UPT {b}.{u}")
                        tu = self.add_unor(f"{code}-B{b}-S{s}-UPT{u}-TU", ut, f"Tata Usaha UPT {b}.{u}", f"Kepala TU UPT {b}.{u}")
                        self.head(tu, "PELAKSANA", f"Kepala TU UPT {b}.{u}")
                        self.staff(tu, 4, 0.2, jf)

    def fill_to_target(self):
        # The big services (teachers, nurses) take the remainder, as in a real kabupaten.
        upts = [u["siasn_id"] for u in self.unor if "-UPT" in u["siasn_id"] and not u["siasn_id"].endswith("-TU")]
        i = 0
        while len(self.pegawai) < self.target:
            unit = upts[i % len(upts)]
            jf = "Guru" if unit.startswith("DIN1-") else "Perawat"
            self.staff(unit, 1, 0.85, jf)
            i += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--pegawai", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args()
    g = Gen(a.seed, a.pegawai)
    g.build()
    os.makedirs(a.outdir, exist_ok=True)
    with open(os.path.join(a.outdir, "unor.json"), "w") as f:
        json.dump(g.unor, f)
    with open(os.path.join(a.outdir, "pegawai.json"), "w") as f:
        json.dump(g.pegawai, f)
    print(f"{len(g.unor)} unor, {len(g.pegawai)} pegawai")


if __name__ == "__main__":
    main()
