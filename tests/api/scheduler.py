"""Test helper: run `kinerja scheduler` on a clock of its own. Owner: jobs.

The scheduler decides what is due from its own clock (time(NULL)); a test moves it by starting
the process under libfaketime with a relative offset (FAKETIME="+Ns"), on top of the offset the
whole suite may already run at (scripts/test-dates sets FAKETIME for every process). Nothing in
the binary reads a test clock: the offset is the preload's, so no setting of a release build can
move its time. Leases use the database's clock, which the tests never move."""
import os
import re
import signal
import subprocess
import time

from conftest import BIN, Server

LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"


def base_offset():
    """The suite's own offset in seconds (0 when it runs on the real clock)."""
    m = re.fullmatch(r"([+-]?\d+)s?", os.environ.get("FAKETIME", "").strip()) if os.environ.get("FAKETIME") else None
    return int(m.group(1)) if m else 0


def env_for(offset_s=0, extra=None):
    env = dict(Server().env)
    env.update({"KINERJA_JOBS_POLL_MS": "100", "KINERJA_ACCESS_LOG": "0"})
    total = base_offset() + int(offset_s)
    if total or os.environ.get("FAKETIME"):
        env["FAKETIME"] = f"{total:+d}s"
        assert os.path.exists(LIBFAKETIME), f"{LIBFAKETIME} missing: Debian package faketime (scripts/lib.sh installs it)"
        pre = env.get("LD_PRELOAD", "")
        if "libfaketime" not in pre:
            env["LD_PRELOAD"] = (LIBFAKETIME + " " + pre).strip()
        env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0").lstrip(":")
        env["FAKETIME_DONT_RESET"] = "1"
    env.update(extra or {})
    return env


def run_once(offset_s=0, extra=None, timeout=120):
    """`kinerja scheduler --once`: queue what is due, run what is claimable, exit."""
    p = subprocess.run([BIN, "scheduler", "--once"], env=env_for(offset_s, extra), capture_output=True,
                       text=True, timeout=timeout)
    assert p.returncode == 0, p.stderr[-3000:]
    return p


def start(offset_s=0, extra=None, log="/tmp/kinerja-scheduler.log"):
    f = open(log, "ab")
    p = subprocess.Popen([BIN, "scheduler"], env=env_for(offset_s, extra), stdout=f, stderr=f)
    p.log = f
    return p


def stop(p, sig=signal.SIGTERM, timeout=60):
    if p.poll() is None:
        p.send_signal(sig)
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    p.log.close()
    return p.returncode


def wait_run(api, token, run_id, timeout=60, done=("SELESAI", "GAGAL")):
    """Poll GET /v1/pekerjaan/{id} until the run's status is one of `done`."""
    end = time.time() + timeout
    while time.time() < end:
        r = api.get(f"/v1/pekerjaan/{run_id}", token=token)
        assert r.status_code == 200, r.text
        if r.json()["status"] in done:
            return r.json()
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} not finished: {r.json()}")
