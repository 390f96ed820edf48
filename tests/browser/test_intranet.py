"""The intranet in real headless Chromium: a House page, a pupil needing attention, search, and accessibility."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from tests.browser.conftest import SEARCH_READY
from tests.site.building import TRICKY_NAME, build_sample_site, read_yaml

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def intranet(tmp_path_factory, serve):
    """(the sample school's intranet with a pupil left without a tutor, its address on 127.0.0.1)."""
    sample = build_sample_site(tmp_path_factory.mktemp("browser-intranet"))
    return sample, serve(sample.site)


def test_the_house_page_shows_its_tutors_and_a_pupil_needing_attention(intranet, page, outside_requests, artifacts):
    sample, url = intranet
    house = sample.planted_pupil["house"]
    tutors = [read_yaml(path)["name"] for path in (sample.root / "records/staff").glob("*.yml")
              if (staff := read_yaml(path)).get("house") == house and "tutor" in staff["roles"]
              and not staff.get("left_on")]

    page.goto(f"{url}status/{house}/")
    tutor_table = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Associate tutor"))
    expect(tutor_table.get_by_role("row")).to_have_count(len(tutors) + 1)
    for name in tutors:
        expect(tutor_table.get_by_role("cell", name=name, exact=True)).to_be_visible()
    page.get_by_text("No named tutor: 1 pupil").click()  # each tutor's pupils are a collapsed group
    attention = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Needs attention because"))
    pupil_row = attention.get_by_role("row").filter(has_text=TRICKY_NAME)
    expect(pupil_row).to_contain_text("no named tutor")
    pupil_row.get_by_text("Details").click()
    expect(pupil_row).to_contain_text("has no tutor assigned")
    expect(pupil_row).to_contain_text(f"records/pupils/{sample.planted_pupil['id']}.yml")
    page.screenshot(path=artifacts / "intranet-house-page.png", full_page=True)
    assert outside_requests == []


def test_search_finds_a_handbook_page(intranet, page, outside_requests):
    _, url = intranet
    page.goto(url)
    # Material loads the search index in a web worker and, once the worker says it is ready, answers the empty
    # query: the results line then changes from "Initializing search" to its prompt. Type only after that.
    expect(page.locator(".md-search-result__meta")).to_have_text(SEARCH_READY, timeout=120_000)
    page.get_by_role("textbox", name="Search").press_sequentially("barred list")
    result = page.locator(".md-search-result__item a").filter(has_text="Safeguarding").first
    expect(result).to_be_visible(timeout=120_000)  # a bound on a busy machine, not a wait: it passes when shown
    result.click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(url)}safeguarding/"))
    expect(page).to_have_title("Safeguarding - Student Support Handbook")
    assert outside_requests == []


@pytest.mark.parametrize(("path", "scheme"), [("", "light"), ("status/", "light"), ("status/{house}/", "light"),
                                              ("status/{house}/", "dark"), ("recording/", "light")])
def test_pages_pass_axe(intranet, browser, path, scheme, accessibility_problems):
    sample, url = intranet
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(url + path.format(house=sample.planted_pupil["house"]), wait_until="networkidle")
        assert accessibility_problems(page) == []
    finally:
        context.close()
