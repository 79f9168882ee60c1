"""openapi/openapi.yaml -> openapi.json for the /docs page (a browser parses JSON natively, YAML
not). Run by the meson build, so the JSON never lags the contract. Owner: platform (issue 21).

usage: /usr/bin/python3 scripts/openapi_json.py IN.yaml OUT.json
"""
import json
import os
import sys

import yaml


def main(src, dst):
    with open(src, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    # YAML reads unquoted dates (example: 2026-01-31) as dates; JSON keeps them as the same text
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=str)
    tmp = dst + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
