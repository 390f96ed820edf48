"""Worker processes die with their parent: a check killed mid-run (kill -9) leaves no worker behind.

A real ``pastoral check`` runs in a process of its own, on a copy of the sample school
(enough new files to start the worker pool), with its parse made to wait forever so
that the check is certainly mid-run while the test looks. Nothing depends on timing:
the test waits (within a generous bound) until the workers exist, kills the check,
and waits (within a bound) until they are gone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table in /proc")

BOUND_SECONDS = 120
"""Far longer than any of the waits takes; only a failure ever reaches it."""

CHECK_THAT_NEVER_ENDS = """
import ctypes, os, sys, threading
from pastoral.reading import parser

if os.environ.get("WITHOUT_PRCTL"):  # as where Linux's prctl is missing: the fallback alone must do
    def no_library(*args, **kwargs):
        raise OSError("no prctl here")
    ctypes.CDLL = no_library

def parse_forever(data, file):  # the check stays mid-run, in its workers, for as long as the test needs
    threading.Event().wait()

parser.parse_values = parse_forever  # the workers are forked from this process, so they parse this way too
from pastoral.cli import main
sys.exit(main(["check", "--records", sys.argv[1], "--no-cache"]))
"""


def state(pid: int) -> tuple[int, str] | None:
    """(parent pid, state letter) of a process, or None once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    return int(fields[1]), fields[0]


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (status := state(int(entry.name))) and status[0] == pid and status[1] != "Z":
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    status = state(pid)
    return status is not None and status[1] not in ("Z", "X")  # a zombie has died: only its parent has not looked


def wait_until(condition, what: str):
    deadline = time.monotonic() + BOUND_SECONDS
    while not (outcome := condition()):
        assert time.monotonic() < deadline, f"{what} did not happen within {BOUND_SECONDS} s"
        time.sleep(0.05)
    return outcome


@pytest.mark.parametrize("how", ["prctl", "the parent's sentinel alone"])
def test_killing_a_check_mid_run_leaves_no_worker_behind(school, how):
    without = {"WITHOUT_PRCTL": "1"} if how != "prctl" else {}
    check = subprocess.Popen([sys.executable, "-c", CHECK_THAT_NEVER_ENDS, str(school / "records")],
                             env={**os.environ, "PASTORAL_WORKERS": "2", **without}, stdout=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        workers = wait_until(lambda: found if len(found := children(check.pid)) >= 2 else set(),
                             "the check starting its two workers")
        assert all(alive(worker) for worker in workers)
        check.send_signal(signal.SIGKILL)
        check.wait()
        wait_until(lambda: not any(alive(worker) for worker in workers), "the workers ending with their parent")
    finally:
        check.kill()
        check.wait()
        for worker in workers:  # only when the test fails: leave nothing running
            if alive(worker):
                os.kill(worker, signal.SIGKILL)
