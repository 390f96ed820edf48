"""Fixtures for tests that open a built site in real headless Chromium (Debian's, never a downloaded one).

``serve(folder)`` serves a folder on 127.0.0.1 at a free port; ``page`` is a
fresh Playwright page; ``outside_requests`` lists every request the page made
to any other host (the intranet may have no internet, and the public pages
must not tell a third party who reads them); ``artifacts`` is where
screenshots go (``test-artifacts/``, ignored by Git); ``accessibility_problems(page)``
runs axe-core (``npm ci`` in this folder installs it; ``make browser`` does) and
lists what it finds serious or critical.
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
LOCAL_HOST = "127.0.0.1"
SEARCH_READY = "Type to start searching"
"""What Material's search results line says once its web worker has loaded the index and answered the empty
query (before that: "Initializing search"): the page's own sign that typing will be searched."""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep the test output for the tests
        pass


@pytest.fixture(scope="session")
def serve():
    """``serve(folder) -> base URL`` (ending in '/'); every server stops at the end of the session."""
    servers = []

    def start(folder: Path) -> str:
        server = ThreadingHTTPServer((LOCAL_HOST, 0), functools.partial(_QuietHandler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://{LOCAL_HOST}:{server.server_port}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Skipped when it is not installed, unless $CI is set."""
    if not CHROMIUM.exists():
        message = f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def outside_requests(page) -> list[str]:
    """The URLs of every request ``page`` makes to a host other than 127.0.0.1, as they happen."""
    seen = []
    page.on("request", lambda request: seen.append(request.url)
            if urlsplit(request.url).hostname not in (LOCAL_HOST, None) else None)
    return seen


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def accessibility_problems():
    """``accessibility_problems(page) -> list of str``: axe-core's serious and critical findings on the
    page as it is now. Skipped when axe-core is not installed, unless $CI is set."""
    if not AXE.exists():
        message = f"the accessibility checks need axe-core at {AXE}: run 'npm ci' in tests/browser"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)

    def problems(page) -> list[str]:
        page.add_script_tag(path=str(AXE))
        results = page.evaluate("axe.run(document)")
        return [f"{v['impact']}: {v['id']} ({v['help']}) at {[node['target'] for node in v['nodes']][:3]}"
                for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]

    return problems
