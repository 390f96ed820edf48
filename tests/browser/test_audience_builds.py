"""The per-audience intranet builds in real headless Chromium: a tutor's page (in their own build and their House's)
and search, a House's needs page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from tests.restricted.support import HOUSE, OTHER_HOUSE, TUTOR, build_audiences, read

from pastoral.site.audience import NEED_WORDS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def audiences(tmp_path_factory, serve):
    built = build_audiences(tmp_path_factory.mktemp("browser-audiences"))
    return built, serve(built["site"])


def expect_tutor_page(page, built: dict) -> None:
    """The school build's tutor page: its sections and chart, and a Needs column with the shared needs only."""
    pupils, tutees = built["pupils"], built["tutees"]
    for section in ("Your pupils", "Targets waiting for review", "Open targets, in the pupils' words",
                    "Planner signatures to chase"):
        expect(page.get_by_role("heading", name=section)).to_be_visible()  # its name ends with a permalink
    expect(page.get_by_role("img", name=re.compile(r"'s pupils: meetings through the year"))).to_be_visible()
    table = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Needs", exact=True))
    expect(table.get_by_role("row")).to_have_count(len(tutees) + 1)
    shared = pupils[built["shared"]]
    expect(table.get_by_role("row").filter(has_text=shared["name"]).get_by_role("cell").last).to_have_text(
        ", ".join(NEED_WORDS[need] for need in shared["needs"]))
    unshared = next(pupils[p] for p in sorted(tutees) if p != built["shared"] and pupils[p].get("needs"))
    expect(table.get_by_role("row").filter(has_text=unshared["name"]).get_by_role("cell").last).to_have_text("—")


def test_a_tutor_sees_their_tutor_page_with_the_needs_shared_and_search_finds_no_other_pupil(
        audiences, page, outside_requests, artifacts, accessibility_problems):
    built, url = audiences
    pupils, tutees = built["pupils"], built["tutees"]
    page.goto(f"{url}tutor-{TUTOR}/status/")
    expect_tutor_page(page, built)

    search = page.get_by_role("textbox", name="Search")
    tutor = read(built["site"].parent / "records/staff" / f"{TUTOR}.yml")["name"]
    search.fill(tutor)
    search.press("End")  # Material reads the query on a key going up
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text(re.compile(r"^\d+ matching documents?$"), timeout=30_000)  # the index loads in a worker
    # As in the school build, the tables of pupils (and so the needs) are kept out of the search index.
    search.fill(pupils[sorted(tutees)[0]]["name"])
    search.press("End")
    expect(meta).to_have_text("No matching documents", timeout=30_000)
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


def test_on_a_phone_each_cell_of_the_tutees_table_says_which_column_it_is(audiences, page, artifacts):
    """A phone shows each pupil as a card of labelled cells: the Needs cell is labelled like the others."""
    built, url = audiences
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{url}tutor-{TUTOR}/status/")
    table = page.locator(".pastoral-tutees table")
    headers = table.locator("th").all_inner_texts()
    labels = table.locator("tbody tr").first.locator("td").evaluate_all(
        "cells => cells.map(cell => getComputedStyle(cell, '::before').content.replace(/^\"|\"$/g, ''))")
    assert headers[-1] == "Needs" and labels == headers
    page.screenshot(path=artifacts / "intranet-tutor-build-phone.png", full_page=True)


def test_a_head_of_house_finds_the_same_tutor_page_from_their_dashboard(audiences, page, artifacts,
                                                                         accessibility_problems):
    built, url = audiences
    tutor = read(built["site"].parent / "records/staff" / f"{TUTOR}.yml")["name"]
    page.goto(f"{url}house-{HOUSE}/status/{HOUSE}/")
    page.get_by_role("link", name=tutor, exact=True).first.click()
    expect(page).to_have_url(f"{url}house-{HOUSE}/status/tutors/{TUTOR}/")
    expect_tutor_page(page, built)
    page.screenshot(path=artifacts / "intranet-house-tutor-page.png", full_page=True)
    assert accessibility_problems(page) == []


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
