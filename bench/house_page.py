#!/usr/bin/env python3
"""Measure the House pages of a 2,000-pupil school late in the year against their budget.

A Head of House opens their House page on a Monday morning: at about 500
pupils a House, on 10 April (after the spring term, when most is overdue in a
school whose records stop in November), the page must stay small enough to
load at once and short enough to read. The budget, per House page:

- at most HOUSE_PAGE_BYTES of HTML (the page used to be 1 MB);
- at most HOUSE_PAGE_PIXELS tall in a 1280-pixel-wide window (it used to be
  279,000): the pupils needing attention sit in one collapsed group per tutor.

``python3 bench/house_page.py`` prints both for each House (the height needs
Debian's chromium and playwright, as the browser tests do); the tests in
tests/site and tests/browser assert the same budget on the same school.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PUPILS = 2000
HOUSES = 4
LATE_DATE = "2027-04-10"
HOUSE_PAGE_BYTES = 500_000
HOUSE_PAGE_PIXELS = 8_000
WINDOW = {"width": 1280, "height": 900}


def late_school(dest: Path) -> Path:
    """The generated school (records, schemas, handbook, mkdocs.yml) at ``dest``, judged on LATE_DATE;
    made once (a folder already holding it is reused)."""
    if not (dest / "mkdocs.yml").exists():
        sys.path.insert(0, str(REPO / "bench"))
        import generate_school

        generate_school.main(["--out", str(dest / "records"), "--pupils", str(PUPILS), "--houses", str(HOUSES),
                              "--force"])
        for item in ("schemas", "handbook"):
            shutil.copytree(REPO / item, dest / item)
        config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")  # the editor is no part of the pages measured
        config = config.replace("      audience: intranet\n", f"      audience: intranet\n      as_of: '{LATE_DATE}'\n")
        (dest / "mkdocs.yml").write_text(config.replace("      editor:\n        enabled: true\n",
                                                        "      editor:\n        enabled: false\n"), encoding="utf-8")
    return dest


def build(root: Path) -> Path:
    """Build the intranet strictly, in-process; returns the site folder."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), strict=True)
    mkdocs_build(config)
    return Path(config.site_dir)


def house_pages(site: Path) -> dict[str, Path]:
    """House id -> its built page (the status folder's pages other than the overview and sub-folders)."""
    return {path.parent.name: path for path in sorted((site / "status").glob("*/index.html"))
            if path.parent.name not in ("tutors", "matrix")}


def heights(site: Path, houses: dict[str, Path]) -> dict[str, int]:
    """Each House page's height in pixels in a WINDOW-wide Chromium."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless=new"])
            page = browser.new_page(viewport=WINDOW)
            found = {}
            for house in houses:
                page.goto(f"http://127.0.0.1:{server.server_port}/status/{house}/", wait_until="load")
                found[house] = page.evaluate("document.documentElement.scrollHeight")
            browser.close()
            return found
    finally:
        server.shutdown()
        server.server_close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=REPO / ".bench" / "house-page")
    args = parser.parse_args()
    site = build(late_school(args.workdir))
    houses = house_pages(site)
    tall = heights(site, houses)
    print(f"House pages of a {PUPILS:,}-pupil school as on {LATE_DATE} "
          f"(budget: {HOUSE_PAGE_BYTES:,} bytes, {HOUSE_PAGE_PIXELS:,} px tall at {WINDOW['width']} px wide)\n")
    print("| House | HTML bytes | height (px) | within budget |\n|---|---:|---:|---|")
    within = True
    for house, path in houses.items():
        size = path.stat().st_size
        ok = size <= HOUSE_PAGE_BYTES and tall[house] <= HOUSE_PAGE_PIXELS
        within &= ok
        print(f"| {house} | {size:,} | {tall[house]:,} | {'yes' if ok else 'NO'} |")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
