"""The OpenAPI document and the server agree: every registered route is documented and every
documented operation exists. Owner: platform (issue 2)."""
import os
import subprocess

import yaml

from conftest import BIN, ROOT

METHODS = {"get", "post", "put", "patch", "delete"}


def documented():
    with open(os.path.join(ROOT, "openapi", "openapi.yaml")) as f:
        doc = yaml.safe_load(f)
    assert doc["openapi"].startswith("3.1")
    return doc, {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops if m in METHODS}


def registered():
    out = subprocess.run([BIN, "routes"], check=True, capture_output=True, text=True).stdout
    return {tuple(line.split(" ", 1)) for line in out.strip().splitlines()}


def test_every_route_documented_and_every_operation_exists():
    doc, docs = documented()
    regs = registered()
    assert regs - docs == set(), f"registered but undocumented: {sorted(regs - docs)}"
    assert docs - regs == set(), f"documented but not served: {sorted(docs - regs)}"


def test_operations_have_ids_and_problem_responses():
    doc, _ = documented()
    ids = []
    for p, ops in doc["paths"].items():
        for m, op in ops.items():
            if m not in METHODS:
                continue
            ids.append(op["operationId"])
            if p.startswith("/v1/") and op.get("security") != []:  # public operations answer no 401
                codes = set(str(c) for c in op["responses"])
                assert "401" in codes, f"{m} {p} lacks 401"
    assert len(ids) == len(set(ids))


def test_served_document_is_the_file(api):
    with open(os.path.join(ROOT, "openapi", "openapi.yaml")) as f:
        assert api.get("/openapi.yaml").text == f.read()
