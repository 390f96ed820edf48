"""A House page and a tutor page of a 2,000-pupil school on 10 April 2027 in real headless Chromium: at
desktop and phone widths and printed (A4 landscape), every column of every table in view, the House page
within its height budget, and no serious accessibility problem (axe-core). Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from bench.house_page import HOUSE_PAGE_PIXELS, WINDOW
from tests.site.building import late_school_site

pytestmark = pytest.mark.browser

LAYOUTS = {
    "desktop": ({"width": WINDOW["width"], "height": WINDOW["height"]}, "screen"),
    "phone": ({"width": 390, "height": 844}, "screen"),
    "print": ({"width": 1032, "height": 730}, "print"),  # A4 landscape less 12 mm margins, at 96 dpi
}
HOUSE = "ash"

CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const cut = [];
  for (const table of document.querySelectorAll("article table")) {
    const wrap = table.closest(".md-typeset__scrollwrap");
    if (wrap && wrap.scrollWidth > wrap.clientWidth + 1) cut.push(`scrolls: ${table.innerText.slice(0, 60)}`);
    for (const cell of table.querySelectorAll("th, td")) {
      const box = cell.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;  // inside a closed group
      if (cell.closest("thead") && getComputedStyle(cell.closest("thead")).position === "absolute") continue;
      if (box.left < -1 || box.right > width + 1) cut.push(`${cell.innerText.slice(0, 40)} at ${box.left}-${box.right}`);
    }
  }
  return cut;
}"""


@pytest.fixture(scope="module")
def late_url(tmp_path_factory, serve) -> str:
    return serve(late_school_site(tmp_path_factory))


PRINT_PORTRAIT = ({"width": 680, "height": 960}, "print")  # A4 portrait less 15 mm margins, at 96 dpi


@contextmanager
def opened(browser, url: str, layout: str):
    """A fresh page at ``url`` in one of LAYOUTS, or 'print-portrait' (its window and media), closed afterwards."""
    viewport, media = PRINT_PORTRAIT if layout == "print-portrait" else LAYOUTS[layout]
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.emulate_media(media=media)
        page.goto(url, wait_until="load")
        yield page
    finally:
        context.close()


def tutor_of_house(url: str, browser) -> str:
    page = browser.new_page()
    try:
        page.goto(f"{url}status/{HOUSE}/")
        return page.locator("table a[href*='tutors/']").first.get_attribute("href").split("tutors/")[1].strip("/")
    finally:
        page.close()


def path_of(kind: str, url: str, browser) -> str:
    return {"overview": "status/", "house": f"status/{HOUSE}/"}.get(kind) or \
        f"status/tutors/{tutor_of_house(url, browser)}/"


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("kind", ["house", "tutor", "overview"])
def test_every_column_is_in_view(late_url, browser, artifacts, kind, layout):
    path = path_of(kind, late_url, browser)
    with opened(browser, late_url + path, layout) as page:
        assert page.evaluate(CUT_OFF) == []
        height = page.evaluate("document.documentElement.scrollHeight")
        width = LAYOUTS[layout][0]["width"]
        page.screenshot(path=artifacts / f"status-{kind}-{layout}.png", full_page=True,
                        clip={"x": 0, "y": 0, "width": width, "height": min(height, 12_000)})
        if (kind, layout) == ("house", "desktop"):
            assert height <= HOUSE_PAGE_PIXELS


def test_on_a_phone_each_value_sits_beside_its_column_name(late_url, browser):
    with opened(browser, f"{late_url}status/{HOUSE}/", "phone") as page:
        labels = page.evaluate("""() => [...document.querySelectorAll('.pastoral-tutors tbody tr:first-child td')]
            .map(cell => getComputedStyle(cell, '::before').content)""")
        headers = page.evaluate("""() => [...document.querySelectorAll('.pastoral-tutors thead th')]
            .map(cell => JSON.stringify(cell.innerText))""")
        assert labels == headers


def test_printing_opens_every_tutors_group(late_url, browser):
    with opened(browser, f"{late_url}status/{HOUSE}/", "print") as page:
        hidden = page.evaluate("""() => [...document.querySelectorAll('.pastoral-group tbody tr')]
            .filter(row => row.getBoundingClientRect().height === 0).length""")
        assert hidden == 0


@pytest.mark.parametrize("kind", ["house", "tutor"])
def test_the_status_pages_pass_axe(late_url, browser, accessibility_problems, kind):
    path = path_of(kind, late_url, browser)
    with opened(browser, late_url + path, "desktop") as page:
        if kind == "house":  # one tutor's group opened, so its table and Details are checked too
            page.locator(".pastoral-group").first.evaluate("group => group.open = true")
        assert accessibility_problems(page) == []


def pdf_pages(page) -> list[tuple[float, float]]:
    """The (width, height) in points of each page of the page printed to PDF, at the CSS page size."""
    data = page.pdf(prefer_css_page_size=True)
    return [(float(box[2]), float(box[3])) for box in
            re.findall(rb"/Type\s*/Page\b(?!s).*?/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", data, re.S)]


A4_PORTRAIT, A4_LANDSCAPE = (595, 842), (842, 595)


def a4(size: tuple[float, float]) -> tuple[int, int]:
    return round(size[0]), round(size[1])


def test_the_house_matrix_report_prints_one_house_a_page_on_a4(late_url, browser):
    with opened(browser, f"{late_url}status/matrix/half-term-4/", "print") as page:
        houses = page.locator("section.pastoral-matrix-house").count()
        pages = pdf_pages(page)
    assert houses == 4
    assert [a4(size) for size in pages] == [A4_PORTRAIT] * houses


def test_every_column_of_the_matrix_report_fits_a4_portrait(late_url, browser, artifacts):
    with opened(browser, f"{late_url}status/matrix/half-term-4/", "print-portrait") as page:
        assert page.evaluate(CUT_OFF) == []
        page.screenshot(path=artifacts / "status-matrix-print.png", full_page=True)


def test_house_and_tutor_pages_print_on_a4_landscape(late_url, browser):
    tutor = tutor_of_house(late_url, browser)
    for path in (f"status/{HOUSE}/", f"status/tutors/{tutor}/"):
        with opened(browser, late_url + path, "print") as page:
            assert {a4(size) for size in pdf_pages(page)} == {A4_LANDSCAPE}, path
