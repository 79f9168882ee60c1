#!/usr/bin/env python3
"""Give every exported C name its folder's prefix (issue 13: "a name tells its folder"). Owner: platform.

Rule: kn_<module>_ where <module> is the folder: kn_http_ (src/http), kn_api_ (src/api, also for
the former api_<area>_ names), kn_auth_ (src/auth), kn_db_ (src/db), kn_storage_ (src/storage);
kn_doc_ (src/doc, also for the former doc_ and kn_pdf_ names), src/core keeps its per-file
modules (kn_log_, kn_sb_, kn_config_, kn_b64url_, kn_file_),
src/sync is kn_siasn_, src/webhook kn_webhook_, src/domain dom_.

The names are found, not listed: every non-static function defined in a folder's .c files and
every typedef in the headers that folder owns. Run it on a branch written before the rename to
bring it up to date (it is idempotent):  scripts/rename-symbols.py [--dry-run]
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDER_PREFIX = {"http": "kn_http_", "api": "kn_api_", "auth": "kn_auth_", "db": "kn_db_",
                 "storage": "kn_storage_", "doc": "kn_doc_"}
# headers whose typedefs belong to a folder (the header files are named after modules, not folders)
HEADER_FOLDER = {"http.h": "http", "api.h": "api", "api_export.h": "api", "api_kke.h": "api",
                 "api_kke_k19.h": "api", "api_penilai.h": "api", "api_periode.h": "api",
                 "api_distribusi.h": "api", "api_pegawai.h": "api", "auth.h": "auth", "secret.h": "auth",
                 "db.h": "db", "migrate.h": "db", "storage.h": "storage", "doc.h": "doc", "pdf.h": "doc"}
CORE_RENAMES = {"kn_read_file": "kn_file_read", "kn_json_escape": "kn_log_json_escape"}
DEF = re.compile(r"^(?!static\b)[A-Za-z_][\w \*]*?\b((?:kn|api|doc)_[a-z0-9_]+)\s*\(", re.M)
TYPEDEF = re.compile(r"\}\s*((?:kn|api|doc)_[a-z0-9_]+_t)\s*;|typedef\s+[^;{]*?\(\s*\*\s*((?:kn|api|doc)_[a-z0-9_]+)\s*\)"
                     r"|typedef\s+(?:struct|enum)\s+\w+\s+((?:kn|api|doc)_[a-z0-9_]+_t)\s*;")


def new_name(name, prefix):
    if name.startswith(prefix):
        return name
    for bare in ("api_", "doc_"):  # the folder's name without kn_: kn_api_..., kn_doc_...
        if name.startswith(bare):
            return prefix + name[len(bare):] if prefix == "kn_" + bare else name
    if name.startswith("kn_"):
        return prefix + name[len("kn_"):]
    return name


def collect():
    ren = dict(CORE_RENAMES)
    for folder, prefix in FOLDER_PREFIX.items():
        d = os.path.join(ROOT, "src", folder)
        for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:  # an older branch may lack it
            if f.endswith(".c"):
                for m in DEF.finditer(open(os.path.join(d, f)).read()):
                    ren[m.group(1)] = new_name(m.group(1), prefix)
    inc = os.path.join(ROOT, "include", "kinerja")
    for h, folder in HEADER_FOLDER.items():
        p = os.path.join(inc, h)
        if not os.path.exists(p):
            continue
        text = open(p).read()
        for m in TYPEDEF.finditer(text):
            name = next(g for g in m.groups() if g)
            ren[name] = new_name(name, FOLDER_PREFIX[folder])
        for m in re.finditer(r"\bstruct\s+((?:kn|api|doc)_[a-z0-9_]+)\b", text):  # struct tags
            ren[m.group(1)] = new_name(m.group(1), FOLDER_PREFIX[folder])
    return {k: v for k, v in ren.items() if k != v}


def files():
    for top in ("src", "include", "tests/unit"):
        for dp, _, fs in os.walk(os.path.join(ROOT, top)):
            for f in fs:
                if f.endswith((".c", ".h")):
                    yield os.path.join(dp, f)


def main():
    ren = collect()
    # a new name must not already mean something else
    clash = sorted(set(ren.values()) & (set(ren) - set(ren.values())))
    if clash:
        sys.exit("rename would merge names: " + ", ".join(clash))
    pat = re.compile(r"\b(" + "|".join(sorted(map(re.escape, ren), key=len, reverse=True)) + r")\b")
    changed = 0
    for p in files():
        t = open(p).read()
        # header file names (#include "kinerja/api_kke.h") are not symbols
        n = "".join(ln if ln.startswith("#include") else pat.sub(lambda m: ren[m.group(1)], ln)
                    for ln in t.splitlines(keepends=True))
        if n != t:
            changed += 1
            if "--dry-run" not in sys.argv:
                open(p, "w").write(n)
    print(f"{len(ren)} names, {changed} files" + (" (dry run)" if "--dry-run" in sys.argv else ""))


if __name__ == "__main__":
    main()
