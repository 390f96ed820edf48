"""The status pages of a 2,000-pupil school (about 500 pupils a House) on 10 April 2027, when much is overdue.

The school is bench/house_page.py's, built once per session. Expected figures
come from the YAML read with PyYAML and from ``pastoral check --format json``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from datetime import date
from html import unescape
from pathlib import Path

import pytest
import yaml
from bench.house_page import HOUSE_PAGE_BYTES, LATE_DATE
from tests.site.building import check_json
from tests.site.pages import Table, table_with, tables

AS_OF = date.fromisoformat(LATE_DATE)
PLAIN_REASON = re.compile(
    r"no named tutor|not yet told who their tutor is|sessions overdue \(\d+\)|targets not reviewed \(\d+\)"
    r"|half-terms with no targets or reviews recorded \(\d+\)|planner signatures to chase \(\d+\)")
ON_THE_LIST = {"tutor-assigned", "pupil-informed", "meetings-per-year", "targets-reviewed", "half-termly-targets",
               "planner-signed"}


def read_kind(records: Path, pattern: str) -> list[dict]:
    return [yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            for path in sorted(records.glob(pattern))]


def day(value) -> date | None:
    return value if isinstance(value, date) or value is None else date.fromisoformat(value)


class LateSchool:
    """The records, read with PyYAML only, and who tutors whom on the late date."""

    def __init__(self, records: Path):
        self.pupils = {p["id"]: p for p in read_kind(records, "pupils/*.yml")}
        self.staff = {s["id"]: s for s in read_kind(records, "staff/*.yml")}
        self.houses = {h["id"]: h for h in read_kind(records, "houses/*.yml")}
        self.tutor_of: dict[str, str] = {}
        for assignment in read_kind(records, "assignments/*.yml"):
            pupil = self.pupils.get(assignment["pupil"])
            active = day(assignment["from"]) <= AS_OF and (assignment.get("to") is None or day(assignment["to"]) > AS_OF)
            if assignment["role"] == "tutor" and active and pupil and self.on_roll(pupil):
                self.tutor_of.setdefault(pupil["id"], assignment["staff"])

    def on_roll(self, pupil: dict) -> bool:
        return day(pupil["joined_on"]) <= AS_OF and (pupil.get("left_on") is None or day(pupil["left_on"]) > AS_OF)

    def current_tutors(self) -> dict[str, dict]:
        return {s["id"]: s for s in self.staff.values()
                if "tutor" in s["roles"] and (s.get("left_on") is None or day(s["left_on"]) > AS_OF)}


@pytest.fixture(scope="module")
def school(late_site) -> LateSchool:
    return LateSchool(late_site.parent / "records")


@pytest.fixture(scope="module")
def findings(late_site) -> list[dict]:
    return check_json(late_site.parent / "records", LATE_DATE)


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def attention_groups(html: str) -> dict[str, Table]:
    """Tutor name (the summary of each collapsed group) -> the group's table of pupils."""
    groups = {}
    for chunk in html.split('<details class="pastoral-group">')[1:]:
        summary = re.match(r"\s*<summary>(.*?): \d+ pupils?</summary>", chunk)
        groups[unescape(summary.group(1))] = tables(chunk.split("</details>\n")[0] + "</details>")[0]
    return groups


def test_every_tutor_with_pupils_has_a_page_linked_from_their_house_found_by_search_and_out_of_the_nav(
        late_site, school):
    with_pupils = {staff for staff in school.tutor_of.values()} & set(school.current_tutors())
    assert len(with_pupils) > 70
    index = json.loads(page(late_site, "search/search_index.json"))
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    home = page(late_site, "index.html")
    for staff_id in with_pupils:
        member = school.staff[staff_id]
        tutor_page = page(late_site, f"status/tutors/{staff_id}/index.html")
        assert f">Tutees of {member['name']}<" in tutor_page
        assert titles[f"status/tutors/{staff_id}/"] == f"Tutees of {member['name']}"
        assert f'href="../tutors/{staff_id}/"' in page(late_site, f"status/{member['house']}/index.html")
        assert f"tutors/{staff_id}/" not in home  # not in the site navigation
    # The site-wide search index finds a tutor's page by their name, but holds no pupil's name or target from
    # the tutor pages or the House pages' attention lists (and stays small enough to load at once).
    status_text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("status/"))
    assert not [pupil["name"] for pupil in school.pupils.values() if pupil["name"] in status_text]
    assert (late_site / "search/search_index.json").stat().st_size < 400_000


def test_house_pages_meet_the_size_budget(late_site, school):
    for house in school.houses:
        size = (late_site / f"status/{house}/index.html").stat().st_size
        assert size <= HOUSE_PAGE_BYTES, f"{house}: {size:,} bytes"


def test_each_pupil_needing_attention_appears_once_under_their_tutor_with_plain_reasons(late_site, school, findings):
    expected = defaultdict(set)
    for finding in findings:
        subject = finding.get("subject")
        if finding["rule"] in ON_THE_LIST and subject in school.pupils and \
                not finding["message"].startswith("the planner for the session of"):
            expected[school.pupils[subject]["house"]].add(subject)
    for house in school.houses:
        seen = Counter()
        for tutor_name, table in attention_groups(page(late_site, f"status/{house}/index.html")).items():
            for row in table.rows:
                pupil = re.search(r"records/pupils/(p\d+)\.yml", row[0].text).group(1)
                seen[pupil] += 1
                tutor = school.tutor_of.get(pupil)
                assert tutor_name == (school.staff[tutor]["name"] if tutor else "No named tutor")
                reasons = row[3].text.split(" Details")[0]  # the check's own words follow, behind Details
                assert all(PLAIN_REASON.fullmatch(reason) for reason in reasons.split("; ")), reasons
        assert max(seen.values()) == 1
        assert set(seen) == expected[house]
        assert len(seen) > 400  # most of the House, this late in a year whose records stop in November


def test_tutors_are_sorted_by_overdue_and_who_is_behind_is_said_in_words(late_site, school):
    for house in school.houses:
        tutors = table_with(page(late_site, f"status/{house}/index.html"), "Tutor").by_first_cell()
        overdue = [int(row["Meetings overdue"]) for row in tutors.values()]
        assert overdue == sorted(overdue, reverse=True)
        for row in tutors.values():
            behind = int(row["Meetings overdue"]) or int(row["Reviews overdue"])
            assert row["Status"] == ("⚠ Behind" if behind else "On track")


def chart_figures(svg: str) -> tuple[str, list[str]]:
    """(the chart's text alternative, the texts it draws, in order)."""
    desc = unescape(re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S).group(1))
    return desc, [unescape(text) for text in re.findall(r"<text[^>]*>(.*?)</text>", svg)]


def test_every_chart_has_a_text_alternative_that_states_the_figures_it_draws(late_site):
    charts = 0
    for path in (late_site / "status").rglob("index.html"):
        for svg in re.findall(r"<svg class=\"pastoral-chart__svg\".*?</svg>", path.read_text(encoding="utf-8"), re.S):
            charts += 1
            assert 'role="img"' in svg and "aria-labelledby=" in svg
            desc, drawn = chart_figures(svg)
            if desc.startswith("Meetings due and held by the end of each half-term"):
                columns = re.findall(r"([^.;]+?): (\d+) due, (?:(\d+) held|not started)", desc)
                expected = [text for name, due, held in columns for text in (due, held, name.strip()) if text]
            else:
                rows = re.findall(r"([^.;]+?): (\d+) of (\d+) held", desc)
                expected = [text for name, done, total in rows for text in (name.strip(), f"{done} of {total}")]
                expected = [text if " of " in text or len(text) <= 22 else text[:21] + "…" for text in expected]
            assert drawn == expected, path
    assert charts > 80  # two on each House page and the overview, one on each tutor's page


def test_the_house_charts_agree_with_the_house_figures(late_site, school):
    for house in school.houses:
        html = page(late_site, f"status/{house}/index.html")
        tutors = table_with(html, "Tutor").by_first_cell()
        tutor_chart = re.search(r'<svg class="pastoral-chart__svg"[^>]*aria-labelledby="[^"]*-tutors-title.*?</svg>',
                                html, re.S).group(0)
        desc, _ = chart_figures(tutor_chart)
        assert {name.strip(): figures for name, figures in re.findall(r"([^.;]+?): (\d+ of \d+) held", desc)} == \
            {name.strip(): re.sub(r" \(\d+%\)$", "", row["Meetings due by now, held"])
             for name, row in tutors.items() if row["Meetings due by now, held"] != "none due"} | \
            {name.strip(): "0 of 0" for name, row in tutors.items() if row["Meetings due by now, held"] == "none due"}


def matrix_tables(html: str) -> dict[str, dict[str, dict[str, str]]]:
    """House name -> tutor -> column -> cell, from a House Matrix report page."""
    found = {}
    for section in html.split('<section class="pastoral-matrix-house">')[1:]:
        name = unescape(re.search(r"<h2[^>]*>(.*?)<a class=\"headerlink\"", section).group(1))
        found[name] = table_with(section.split("</section>")[0], "Tutor").by_first_cell()
    return found


def test_each_matrix_report_page_its_csv_and_check_agree(late_site, school, findings):
    reports = sorted((late_site / "status/matrix").glob("half-term-*/index.html"))
    assert len(reports) == 4  # Autumn 1 to Spring 2 have started by 10 April
    missing = Counter(re.search(r"recorded in (.+?) 2026-27", f["message"]).group(1)
                      for f in findings if f["rule"] == "half-termly-targets")
    for report in reports:
        html = report.read_text(encoding="utf-8")
        shown = matrix_tables(html)
        assert set(shown) == {house["name"] for house in school.houses.values()}
        rows = list(csv.DictReader(io.StringIO((report.parent.parent / f"{report.parent.name}.csv")
                                               .read_text(encoding="utf-8"))))
        assert {(row["House"], row["Tutor"]) for row in rows} == \
            {(house, tutor) for house, tutors in shown.items() for tutor in tutors}
        for row in rows:
            cells = shown[row["House"]][row["Tutor"]]
            assert cells["Interviews held"] == row["Interviews held"]
            assert cells["Targets recorded"] == row["Targets recorded"]
            assert cells["Reviews recorded"] == row["Reviews recorded"]
            assert cells["Pupils with targets or reviews"] == \
                f"{row['Pupils with targets or reviews recorded']} of {row['Pupils expected to have them']}"
            assert cells["Planner signatures"] == f"{row['Planner signatures']} of {row['Interviews held']}"
            assert cells["Meetings overdue"] == row["Meetings overdue"]
        half = rows[0]["Half-term"]
        totals = [row for row in rows if row["Tutor"] == "All tutors"]
        assert sum(int(r["Pupils expected to have them"]) - int(r["Pupils with targets or reviews recorded"])
                   for r in totals) == missing[half], half


def test_a_tutor_page_lists_their_pupils_overdue_first_with_what_check_reports(late_site, school, findings):
    behind = Counter(school.tutor_of.get(f["subject"]) for f in findings if f["rule"] == "meetings-per-year")
    staff_id = next(staff for staff, _ in behind.most_common() if staff)
    pupils = {p for p, t in school.tutor_of.items() if t == staff_id}
    html = page(late_site, f"status/tutors/{staff_id}/index.html")
    tutees = next(t for t in tables(html) if t.header[:4] == ["Pupil", "Year", "Tutor group", "Next meeting"])
    listed = [re.search(r"records/pupils/(p\d+)\.yml", row[0].text).group(1) for row in tutees.rows]
    assert sorted(listed) == sorted(pupils)
    overdue = [row[3].text.startswith("Overdue since") for row in tutees.rows]
    assert overdue == sorted(overdue, reverse=True) and any(overdue)
    about = [f for f in findings if f.get("subject") in pupils]
    waiting = next(t for t in tables(html) if t.header == ["Pupil", "Target", "Set on", "Review due"])
    assert len(waiting.rows) == sum(f["rule"] == "targets-reviewed" for f in about)
    assert all(row[3].text.endswith("(overdue)") for row in waiting.rows)
    planners = table_with(html, "Session")
    assert sum(row[4].text == "Overdue" for row in planners.rows) == \
        sum(f["rule"] == "planner-signed" and f["message"].startswith("no parent") for f in about)
