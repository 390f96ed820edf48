"""``mkdocs serve`` rebuilds the status pages when a record is saved, as it does for the handbook."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import SAMPLE_AS_OF
from tests.site.building import read_yaml, small_site


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page_when(url: str, ready, seconds: float = 600) -> str:
    """The page at ``url`` once ``ready(text)`` holds (the server builds, then rebuilds, in its own time).
    ``seconds`` only bounds a failure: on a busy machine a build can take many times its usual few seconds."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            text = urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
            if ready(text):
                return text
        except OSError:
            pass
        assert time.monotonic() < deadline, f"{url} was not ready within {seconds} s"
        time.sleep(0.3)


def test_saving_a_record_rebuilds_the_status_pages(school):
    small_site(school, options=f"as_of: {SAMPLE_AS_OF}")
    house = school / "records/houses/ash.yml"
    room = read_yaml(house)["tutor_room"]
    port = free_port()
    mkdocs = Path(sys.executable).with_name("mkdocs")
    server = subprocess.Popen([str(mkdocs), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=school,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/status/ash/"
        page_when(url, lambda text: room in text)
        house.write_text(house.read_text(encoding="utf-8").replace(room, "Library booth 3"), encoding="utf-8")
        page_when(url, lambda text: "Library booth 3" in text)
    finally:
        server.terminate()
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:  # a server too busy to stop: stop it for certain
            server.kill()
            server.wait()
