"""The public site in real headless Chromium: no request leaves the site, axe-core finds no serious
or critical accessibility problem on any parents' page, and the letter prints on one or two A4 pages."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect
from tests.browser.conftest import SEARCH_READY
from tests.conftest import REPO
from tests.public.conftest import build_public, copy_sources

pytestmark = pytest.mark.browser

PARENT_PAGES = ["", "sessions/", "planner/", "contact/", "concerns/", "letter/"]


@pytest.fixture(scope="module")
def public_site(tmp_path_factory, serve) -> str:
    """The sample school's public site, built once and served on 127.0.0.1; returns its base URL."""
    root = tmp_path_factory.mktemp("public")
    for name in ("records", "schemas"):
        shutil.copytree(REPO / name, root / name)
    return serve(build_public(copy_sources(root)))


@pytest.mark.parametrize("path", PARENT_PAGES)
def test_a_parents_page_asks_no_other_site_for_anything_and_passes_axe(public_site, path, page, outside_requests,
                                                                       accessibility_problems):
    page.goto(public_site + path, wait_until="networkidle")
    assert page.locator("h1").count() == 1
    problems = accessibility_problems(page)
    assert problems == [], "\n".join(problems)
    assert outside_requests == []


def test_search_works_without_asking_another_site(public_site, page, outside_requests):
    page.goto(public_site, wait_until="networkidle")
    # Material answers the empty query once its search worker has loaded the index: type only after that
    expect(page.locator(".md-search-result__meta")).to_have_text(SEARCH_READY, timeout=120_000)
    page.keyboard.press("/")  # Material's shortcut to the search box
    page.keyboard.type("planner")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=120_000)
    assert "planner" in page.locator(".md-search-result__item").first.inner_text().lower()
    assert outside_requests == []


def test_the_letter_prints_on_one_or_two_a4_pages_without_the_site_around_it(public_site, page, artifacts):
    page.goto(public_site + "letter/", wait_until="networkidle")
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden() and page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator("address").is_visible()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    (artifacts / "letter-to-parents.pdf").write_bytes(pdf)
    sizes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert 1 <= len(sizes) <= 2
    assert all(abs(float(w) - 595.92) < 2 and abs(float(h) - 842.88) < 2 for w, h in sizes)  # A4 in points
