"""Deployment files against the project: docker/compose.yaml, docker/haproxy.cfg and
docker/Dockerfile only name commands, settings and files that exist. No server, no database.
Owner: platform."""
import copy
import glob
import os
import re
import subprocess

import pytest
import yaml

from conftest import ROOT

DOCKER = os.path.join(ROOT, "docker")
PROJECT_IMAGE = "localhost/kinerja:latest"
# External images compose uses, with the environment prefixes their entrypoints document.
EXTERNAL = {"postgres:15-bookworm": ("POSTGRES_", "PG"), "haproxy:2.6": ()}
LONG_RUNNING = {"db-primary", "db-replica", "api-1", "api-2", "worker", "haproxy"}


def read(*parts):
    with open(os.path.join(ROOT, *parts)) as f:
        return f.read()


def code_settings():
    """Every KINERJA_* name the C sources read."""
    names = set()
    for path in glob.glob(os.path.join(ROOT, "src", "**", "*.c"), recursive=True):
        names |= set(re.findall(r'"(KINERJA_[A-Z0-9_]+)"', open(path).read()))
    return names


def subcommands():
    """The commands src/main.c dispatches on."""
    return set(re.findall(r'strcmp\(cmd, "([a-z]+)"\)', read("src", "main.c")))


def env_file_names(name):
    """Names in docker/<name>.example (the real env file is generated, never committed)."""
    names = []
    for line in read("docker", name + ".example").splitlines():
        if line and not line.startswith("#"):
            names.append(line.split("=", 1)[0])
    return names


def compose():
    with open(os.path.join(DOCKER, "compose.yaml")) as f:
        return yaml.safe_load(f)


def problems(doc):
    """What in a parsed compose document does not match the project (empty list = fine)."""
    out = []
    settings, commands = code_settings(), subcommands()
    services = doc["services"]
    haproxy_vars = set(re.findall(r'\$\{([A-Z0-9_]+)\}', read("docker", "haproxy.cfg")))
    init_script = read("docker", "postgres-init.sh")
    for want in ("db-primary", "db-replica", "migrate", "api-1", "api-2", "worker", "haproxy"):
        if want not in services:
            out.append(f"service {want} missing")
    for name, svc in services.items():
        image = svc.get("image")
        env = dict(svc.get("environment") or {})
        for f in svc.get("env_file", []):
            if not os.path.exists(os.path.join(DOCKER, f + ".example")):
                out.append(f"{name}: env file {f} has no {f}.example")
                continue
            env.update({k: "" for k in env_file_names(f)})
        if image == PROJECT_IMAGE:
            b = svc.get("build", {})
            if not os.path.exists(os.path.join(DOCKER, b.get("context", "."), b.get("dockerfile", "Dockerfile"))):
                out.append(f"{name}: build file missing")
            cmd = svc.get("command") or []
            if not cmd or cmd[0] not in commands:
                out.append(f"{name}: command {cmd} is not a kinerja subcommand ({sorted(commands)})")
            for k in env:
                if k not in settings:
                    out.append(f"{name}: {k} is not read by the code")
            if cmd[:1] == ["serve"]:
                storage = env.get("KINERJA_STORAGE_DIR")
                if not storage or not any(v.split(":")[1] == storage for v in svc.get("volumes", [])):
                    out.append(f"{name}: KINERJA_STORAGE_DIR is not a volume")
                if "KINERJA_DRAIN_MS" not in env:
                    out.append(f"{name}: no KINERJA_DRAIN_MS (HAProxy would see it stop before it drains)")
        elif image in EXTERNAL:
            prefixes = EXTERNAL[image]
            for k in env:
                ok = k.startswith(prefixes) if prefixes else False
                ok = ok or (image.startswith("haproxy") and k in haproxy_vars)
                ok = ok or (image.startswith("postgres") and ("$" + k) in init_script)
                if not ok:
                    out.append(f"{name}: {k} is used by nothing in {image} or docker/")
            if image.startswith("haproxy") and set(env) != haproxy_vars:
                out.append(f"{name}: haproxy.cfg needs {sorted(haproxy_vars)}, gets {sorted(env)}")
        else:
            out.append(f"{name}: unknown image {image}")
        for v in svc.get("volumes", []):
            src = v.split(":")[0]
            if src.startswith("."):
                if not os.path.exists(os.path.join(DOCKER, src)):
                    out.append(f"{name}: mounted file {src} missing")
            elif src not in (doc.get("volumes") or {}):
                out.append(f"{name}: volume {src} not declared")
        for dep in svc.get("depends_on", {}):
            if dep not in services:
                out.append(f"{name}: depends on unknown service {dep}")
        for p in svc.get("ports", []):
            if not str(p).startswith("127.0.0.1:"):
                out.append(f"{name}: port {p} is published beyond loopback")
        hc = svc.get("healthcheck") or {}
        if name in LONG_RUNNING and name != "worker" and (hc.get("disable") or not hc.get("test")):
            out.append(f"{name}: no health check")
        want_restart = "no" if name == "migrate" else "unless-stopped"
        if svc.get("restart") != want_restart:
            out.append(f"{name}: restart {svc.get('restart')!r}, want {want_restart!r}")
    return out


def test_compose_names_only_what_exists():
    assert problems(compose()) == []


def test_compose_check_catches_mistakes():
    doc = compose()
    bad = copy.deepcopy(doc)
    bad["services"]["api-1"]["command"] = ["server"]
    bad["services"]["api-2"]["environment"]["KINERJA_WORKER_THREADS"] = "4"
    bad["services"]["haproxy"]["ports"] = ["8080:8080"]
    del bad["services"]["worker"]
    found = "\n".join(problems(bad))
    assert "api-1: command ['server'] is not a kinerja subcommand" in found
    assert "api-2: KINERJA_WORKER_THREADS is not read by the code" in found
    assert "haproxy: port 8080:8080 is published beyond loopback" in found
    assert "service worker missing" in found


def test_compose_wiring():
    s = compose()["services"]
    assert s["migrate"]["command"] == ["migrate"]
    assert s["worker"]["command"] == ["worker"]
    for api in ("api-1", "api-2"):
        assert s[api]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert s["haproxy"]["environment"]["KN_API_1"] == "api-1:8080"
    assert "pg_basebackup" in s["db-replica"]["command"][-1]
    assert "target_session_attrs=read-write" in read("docker", "api.env.example")


def test_no_secret_files_committed():
    tracked = subprocess.run(["git", "-C", ROOT, "ls-files", "docker"], capture_output=True, text=True,
                             check=True).stdout.split()
    assert "docker/compose.yaml" in tracked
    assert not [f for f in tracked if f.endswith(".env")], tracked
    for f in ("db.env", "api.env"):
        for line in read("docker", f + ".example").splitlines():
            if "=" in line and not line.startswith("#"):
                assert "<" in line.split("=", 1)[1], f"{f}.example holds a value: {line}"


def test_haproxy_checks_readyz_and_retries_only_connection_failures():
    cfg = read("docker", "haproxy.cfg")
    assert re.search(r"^\s*option httpchk GET /readyz$", cfg, re.M)
    assert re.search(r"^\s*http-check expect status 200$", cfg, re.M)
    assert re.search(r"^\s*retry-on conn-failure$", cfg, re.M)   # never resend a sent POST
    assert len(re.findall(r"^\s*server api-\d .* check$", cfg, re.M)) == 2


def test_dockerfile_shape():
    df = read("docker", "Dockerfile")
    assert "ARG BASE=debian:bookworm-slim" in df
    stages = re.split(r"^FROM ", df, flags=re.M)[1:]
    assert len(stages) >= 2
    runtime = stages[-1]
    assert 'ENTRYPOINT ["kinerja"]' in runtime
    assert re.search(r"^HEALTHCHECK .*kinerja-healthcheck", runtime, re.M)
    assert "/readyz" in read("docker", "healthcheck")
    user = re.findall(r"^USER (\S+)", runtime, re.M)
    assert user and user[-1] not in ("root", "0")
    assert re.search(r"^COPY sql /usr/share/kinerja/sql$", runtime, re.M)   # the whole directory
    assert "meson" not in runtime and "gcc" not in runtime
    assert re.search(r"^COPY --from=build /build/kinerja ", runtime, re.M)
    env = dict(re.findall(r"(KINERJA_[A-Z_]+)=(\S+)", runtime))
    assert set(env) <= code_settings()
    assert env["KINERJA_MIGRATIONS_DIR"] == "/usr/share/kinerja/sql/migrations"
    assert "docker/*.env" in read(".dockerignore")


@pytest.mark.parametrize("name", sorted(code_settings()))
def test_every_setting_is_in_the_readme(name):
    assert f"`{name}`" in read("README.md")
