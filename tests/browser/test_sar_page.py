"""The subject access request page in real headless Chromium: readable on screen, printable, accessible,
with third-party data marked and nothing fetched from elsewhere."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.lifecycle.leaver_history import SESSION, leaver_history  # noqa: F401 - leaver_history is a fixture

pytestmark = pytest.mark.browser


@pytest.fixture
def sar_page(leaver_history, pastoral, tmp_path_factory, serve) -> str:
    out = tmp_path_factory.mktemp("sar") / "sar-p0099"
    code, printed, err = pastoral("sar", "p0099", "--records", str(leaver_history / "records"), "--out", str(out),
                                  "--as-of", "2026-11-20")
    assert code == 0, printed + err
    return serve(out)


def test_the_page_shows_each_record_with_its_changes_and_marks_third_party_data(
        sar_page, page, outside_requests, artifacts, accessibility_problems):
    page.goto(f"{sar_page}index.html")
    expect(page.get_by_role("heading", level=1)).to_have_text("Personal data held about p0099")
    review = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Value"))
    expect(review.get_by_role("row").filter(has_text=SESSION)).to_contain_text("another pupil's id")
    session = page.get_by_role("article").filter(has=page.get_by_role("heading", name=SESSION))
    expect(session.locator("mark").first).to_have_text("p0042")
    changes = session.get_by_role("table")
    expect(changes.get_by_role("row")).to_have_count(3)
    expect(changes.get_by_role("row").nth(1)).to_contain_text("Bob Head")
    expect(changes.get_by_role("row").nth(1)).to_contain_text("#8")
    expect(changes.get_by_role("row").nth(1)).to_contain_text("location: Room O1 → Library")
    expect(changes.get_by_role("row").nth(2)).to_contain_text("Alice Tutor")
    expect(changes.get_by_role("row").nth(2)).to_contain_text("#7")
    expect(page.get_by_role("heading", name="Why each kind of record is kept, and for how long")).to_be_visible()
    page.screenshot(path=artifacts / "sar-page.png", full_page=True)
    assert accessibility_problems(page) == []
    assert outside_requests == []


def test_the_page_prints_on_a4_without_screen_colours(sar_page, page, artifacts):
    page.goto(f"{sar_page}index.html")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('mark')).backgroundColor") == "rgba(0, 0, 0, 0)"
    page.screenshot(path=artifacts / "sar-page-print.png", full_page=True)
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2
