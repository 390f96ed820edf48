"""Tutor pages, charts and the House Matrix report on small schools: record text stays text, CSV cells
never run as formulas, and pages that can be empty say so."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html import unescape

import yaml
from tests.site.building import TRICKY_NAME, build_site, read_yaml, small_site

from pastoral.core.calendar import HalfTerm
from pastoral.site.matrix_report import matrix_csv, safe_cell
from pastoral.site.status.matrix import HalfTermMatrix, HouseMatrix, MatrixRow

TRICKY_HOUSE = "Oak <script>alert(1)</script> *House* | [x](y)"
FORMULAS = ["=HYPERLINK(\"https://example.com\")", "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"]


def rename(path, **fields) -> dict:
    record = read_yaml(path)
    record.update(fields)
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return record


def test_record_text_on_tutor_pages_house_pages_charts_and_reports_is_shown_never_obeyed(school):
    records = school / "records"
    tutor = next(read_yaml(p) for p in sorted((records / "staff").glob("*.yml"))
                 if "tutor" in read_yaml(p)["roles"] and read_yaml(p).get("house") == "oak"
                 and not read_yaml(p).get("left_on"))
    rename(records / "staff" / f"{tutor['id']}.yml", name=TRICKY_NAME)
    rename(records / "houses/oak.yml", name=TRICKY_HOUSE)
    site = build_site(small_site(school, options="as_of: '2027-04-10'").parent)

    pages = {path: (site / path).read_text(encoding="utf-8") for path in
             (f"status/tutors/{tutor['id']}/index.html", "status/oak/index.html", "status/index.html",
              "status/matrix/half-term-1/index.html")}
    for path, page in pages.items():
        html = re.sub(r"<title>.*?</title>", "", page, count=1)  # the head's <title>: MkDocs' own (issue 15)
        assert "<script>alert" not in html and "<b>O" not in html and "<em>Star</em>" not in html, path
        assert '<a href="y">' not in html, path
    tutor_page = pages[f"status/tutors/{tutor['id']}/index.html"]
    heading = re.sub(r"<a class=\"headerlink\".*?</a>", "", re.search(r"<h1[^>]*>(.*?)</h1>", tutor_page, re.S).group(1))
    assert "<" not in heading  # no tag of the record's: all of it text
    assert unescape(heading).strip() == "Tutees of Zoë <b>O'Neil</b> *Star* | [x](y) `z`"
    svg_labels = re.findall(r"<title[^>]*>(.*?)</title>", pages["status/oak/index.html"])
    assert any("<script>" in unescape(label) and "<script" not in label for label in svg_labels)  # named, escaped
    report = (site / "status/matrix/half-term-1.csv").read_text(encoding="utf-8")
    assert TRICKY_HOUSE in report


def test_a_tutor_with_no_pupils_today_has_a_page_that_says_so(school):
    records = school / "records"
    tutor = next(read_yaml(p) for p in sorted((records / "staff").glob("*.yml"))
                 if "tutor" in read_yaml(p)["roles"] and not read_yaml(p).get("left_on"))
    for path in (records / "assignments").glob("*.yml"):
        if read_yaml(path)["staff"] == tutor["id"]:
            path.unlink()
    site = build_site(small_site(school, options="as_of: '2026-11-20'").parent)
    page = (site / f"status/tutors/{tutor['id']}/index.html").read_text(encoding="utf-8")
    assert "as their tutor today." in page and "Nothing is overdue." in page


def test_csv_cells_that_a_spreadsheet_would_run_are_written_as_text():
    assert [safe_cell(text) for text in FORMULAS] == ["'" + text for text in FORMULAS]
    assert safe_cell("Ms Smith") == "Ms Smith" and safe_cell(12) == 12 and safe_cell(0) == 0
    half = HalfTerm("2026-27", "=Autumn 1", "autumn", date(2026, 9, 3), date(2026, 10, 23))
    rows = tuple(MatrixRow(name, 20, 10, 9, 8, 7, 15, 6, 1) for name in FORMULAS)
    matrix = HalfTermMatrix(1, half, True, (HouseMatrix("@House", "=HoH", rows),))
    written = list(csv.reader(io.StringIO(matrix_csv(matrix))))
    assert written[0][:4] == ["Academic year", "Half-term", "House", "Tutor"]
    for line in written[1:]:
        assert line[1] == "'=Autumn 1" and line[2] == "'@House"
        assert line[3][0] not in "=+-@\t\r"
    assert written[-1][3:] == ["All tutors", "120", "60", "54", "48", "42", "90", "36", "6"]


def test_with_no_published_half_term_there_is_no_report_and_the_overview_says_so(school):
    site = build_site(small_site(school, options="as_of: '2031-03-01'").parent)
    overview = (site / "status/index.html").read_text(encoding="utf-8")
    assert "No half-term of this academic year has started yet." in overview
    assert not (site / "status/matrix").exists()
