"""The per-audience intranet builds in real headless Chromium: a tutor's page and search, a House's needs page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from tests.restricted.support import HOUSE, OTHER_HOUSE, TUTOR, build_audiences

from pastoral.site.audience import NEED_WORDS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def audiences(tmp_path_factory, serve):
    built = build_audiences(tmp_path_factory.mktemp("browser-audiences"))
    return built, serve(built["site"])


def test_a_tutor_sees_their_tutees_with_the_needs_shared_and_search_finds_no_other_pupil(
        audiences, page, outside_requests, artifacts, accessibility_problems):
    built, url = audiences
    pupils, tutees = built["pupils"], built["tutees"]
    page.goto(f"{url}tutor-{TUTOR}/status/")
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(len(tutees) + 1)
    shared = pupils[built["shared"]]
    expect(table.get_by_role("row").filter(has_text=shared["name"])).to_contain_text(NEED_WORDS[shared["needs"][0]])

    search = page.get_by_role("textbox", name="Search")
    tutee = pupils[sorted(tutees)[0]]
    search.fill(tutee["name"])
    search.press("End")  # Material reads the query on a key going up
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text(re.compile(r"^\d+ matching documents?$"), timeout=30_000)  # the index loads in a worker
    built_words = " ".join(path.read_text(encoding="utf-8") for path in (built["site"] / f"tutor-{TUTOR}").rglob("*")
                           if path.suffix in (".html", ".json")).lower()
    other = next(p for p in pupils.values() if p["house"] == OTHER_HOUSE  # a name no word of which the build has
                 and not any(word.lower() in built_words for word in p["name"].split()))
    search.fill(other["name"])
    search.press("End")
    expect(meta).to_have_text("No matching documents", timeout=30_000)
    page.goto(f"{url}tutor-{TUTOR}/status/")  # axe runs on the page as a reader first sees it
    page.screenshot(path=artifacts / "intranet-tutor-build.png", full_page=True)
    assert accessibility_problems(page) == []
    assert outside_requests == []


def test_the_house_needs_page_lists_its_pupils_needs_and_passes_axe(audiences, page, artifacts,
                                                                   accessibility_problems):
    built, url = audiences
    page.goto(f"{url}house-{HOUSE}/status/{HOUSE}-needs/")
    expect(page.get_by_role("columnheader", name="Shared with the tutor")).to_be_visible()
    shared = built["pupils"][built["shared"]]
    if shared["house"] == HOUSE:
        expect(page.get_by_role("row").filter(has_text=shared["name"])).to_contain_text("yes")
    page.screenshot(path=artifacts / "intranet-house-needs.png", full_page=True)
    assert accessibility_problems(page) == []
