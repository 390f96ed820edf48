"""The status pages say what the records and ``pastoral check`` say.

The expected figures are worked out here again, from the YAML files read with
PyYAML and from ``pastoral check --format json``, with none of pastoral's own
code, and compared with what the built pages show.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import SAMPLE_AS_OF
from tests.site.building import TRICKY_NAME, read_yaml
from tests.site.pages import table_with

AS_OF = date.fromisoformat(SAMPLE_AS_OF)
ATTENTION_RULES = {"tutor-assigned", "meetings-per-year", "targets-reviewed", "pupil-informed"}


def as_date(value) -> date | None:
    return value if isinstance(value, date) or value is None else date.fromisoformat(value)


@dataclass
class School:
    """The sample school's records, read with PyYAML only."""

    pupils: dict[str, dict]
    staff: dict[str, dict]
    houses: dict[str, dict]
    assignments: list[dict]
    sessions: list[dict]
    half_terms: list[dict]

    @classmethod
    def read(cls, records: Path) -> School:
        def kind(folder: str, pattern: str = "*.yml") -> list[dict]:
            return [read_yaml(path) for path in sorted((records / folder).glob(pattern))]

        school = read_yaml(records / "school.yml")
        year = next(entry for entry in school["calendar"] if entry["academic_year"] == "2026-27")
        return cls({p["id"]: p for p in kind("pupils")}, {s["id"]: s for s in kind("staff")},
                   {h["id"]: h for h in kind("houses")}, kind("assignments"), kind("sessions", "*/*.yml"),
                   [{**half, "starts": as_date(half["starts"]), "ends": as_date(half["ends"])}
                    for half in year["half_terms"]])

    def on_roll(self, pupil: dict) -> bool:
        left = as_date(pupil.get("left_on"))
        return as_date(pupil["joined_on"]) <= AS_OF and (left is None or left > AS_OF)

    def tutor_of(self, pupil_id: str) -> str | None:
        active = [a["staff"] for a in self.assignments if a["pupil"] == pupil_id and a["role"] == "tutor"
                  and as_date(a["from"]) <= AS_OF and (a.get("to") is None or as_date(a["to"]) > AS_OF)]
        return active[0] if len(active) == 1 else None

    def sessions_this_year(self, pupil_id: str) -> list[dict]:
        return [s for s in self.sessions if s["pupil"] == pupil_id and date(2026, 9, 1) <= as_date(s["date"]) <= AS_OF]

    @property
    def current_half(self) -> dict:
        return [half for half in self.half_terms if half["starts"] <= AS_OF][-1]

    def due_dates(self, pupil: dict) -> list[date]:
        """Three meetings a year in Years 7 to 11, one by the end of each term (rules.md), counting only
        those whose half-term began after the pupil joined."""
        if not 7 <= pupil["year"] <= 11:
            return []
        term_ends = [max((h for h in self.half_terms if h["term"] == term), key=lambda h: h["ends"])
                     for term in ("autumn", "spring", "summer")]
        return [half["ends"] for half in term_ends if as_date(pupil["joined_on"]) <= half["starts"]]


def shown(done: int, total: int) -> str:
    return f"{done} of {total} ({min(100, round(100 * done / total))}%)" if total else "none due"


def meeting_figures(school: School, pupils: list[dict]) -> dict[str, int]:
    half_end = school.current_half["ends"]
    figures = Counter()
    for pupil in pupils:
        due, held = school.due_dates(pupil), len(school.sessions_this_year(pupil["id"]))
        by_half_end = sum(day <= half_end for day in due)
        figures.update(half_done=min(held, by_half_end), half_total=by_half_end, year_done=min(held, len(due)),
                       year_total=len(due), to_hold=max(0, by_half_end - held),
                       overdue=max(0, sum(day < AS_OF for day in due) - held))
    return figures


def house_of(school: School, finding: dict) -> str | None:
    subject = school.pupils.get(finding.get("subject")) or school.staff.get(finding.get("subject"))
    if subject:
        return subject.get("house")
    match = re.fullmatch(r"records/houses/(.+)\.yml", finding["file"])
    return match.group(1) if match else None


@pytest.fixture(scope="module")
def house_check(sample_site, pastoral_json):
    """(the records, the planted pupil's House, check's findings about that House)."""
    school = School.read(sample_site.root / "records")
    house = sample_site.planted_pupil["house"]
    return school, house, [f for f in pastoral_json if house_of(school, f) == house]


@pytest.fixture(scope="module")
def pastoral_json(sample_site) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "pastoral", "check", "--records", str(sample_site.root / "records"),
                           "--as-of", SAMPLE_AS_OF, "--format", "json"], capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def test_the_house_at_a_glance_matches_the_records(sample_site, house_check):
    school, house, findings = house_check
    pupils = [p for p in school.pupils.values() if p["house"] == house and school.on_roll(p)]
    meetings = meeting_figures(school, pupils)
    glance = table_with(sample_site.page(f"status/{house}/index.html"), "Figure").by_first_cell()
    half_end = f"the end of {school.current_half['name']} ({school.current_half['ends'].day} " \
               f"{school.current_half['ends']:%B %Y})"

    assert glance["Pupils on roll"]["Now"] == str(len(pupils))
    assert glance["Pupils the guarantee covers who have a named tutor"]["Now"] == \
        shown(sum(school.tutor_of(p["id"]) is not None for p in pupils), len(pupils))
    assert glance[f"Meetings due by {half_end} that are held"]["Now"] == \
        shown(meetings["half_done"], meetings["half_total"])
    assert glance["Meetings due this academic year that are held"]["Now"] == \
        shown(meetings["year_done"], meetings["year_total"])
    assert glance["Meetings overdue"]["Now"] == str(meetings["overdue"])
    errors = sum(f["severity"] == "error" and not f.get("waived") for f in findings)
    assert glance["Open findings (errors)"]["Now"] == f"{len(findings)} ({errors})"
    assert errors >= 1, "the planted pupil without a tutor is an error of this House"


def test_each_tutor_row_matches_the_records(sample_site, house_check):
    school, house, _ = house_check
    tutors = table_with(sample_site.page(f"status/{house}/index.html"), "Tutor").by_first_cell()
    expected = {}
    half = school.current_half
    for member in school.staff.values():
        left = as_date(member.get("left_on"))
        if "tutor" not in member["roles"] or member.get("house") != house or (left and left <= AS_OF):
            continue
        pupils = [p for p in school.pupils.values() if school.on_roll(p) and school.tutor_of(p["id"]) == member["id"]]
        sessions = [s for p in pupils for s in school.sessions_this_year(p["id"])]
        reviewed = {review["target"] for s in school.sessions for review in s.get("reviews", [])}
        targets = [f"{s['id']}#{t['id']}" for s in sessions for t in s.get("targets", [])]
        meetings = meeting_figures(school, pupils)
        expected[member["name"]] = {
            "Year group": str(member["year_group"]),
            "Associate tutor": school.staff[member["associate"]]["name"],
            "Pupils": str(len(pupils)),
            "Sessions held this half-term": str(sum(half["starts"] <= as_date(s["date"]) for s in sessions)),
            "Still to hold by half-term end": str(meetings["to_hold"]),
            "Overdue": str(meetings["overdue"]),
            "Targets reviewed": shown(sum(t in reviewed for t in targets), len(targets)),
            "Planner signatures pending": str(sum("planner_signed_on" not in s for s in sessions)),
        }
    assert expected, f"{house} has tutors in the sample school"
    assert {name: {k: v for k, v in row.items() if k != "Tutor"} for name, row in tutors.items()} == expected


def test_the_pupils_needing_attention_are_those_check_reports(sample_site, house_check):
    school, house, findings = house_check
    attention = table_with(sample_site.page(f"status/{house}/index.html"), "Pupil")
    listed = {re.search(r"records/pupils/(p\d+)\.yml", row[0].text).group(1) for row in attention.rows}

    assert listed == {f["subject"] for f in findings if f["rule"] in ATTENTION_RULES and f["subject"] in school.pupils}
    planted = attention.row(f"{TRICKY_NAME} (records/pupils/{sample_site.planted_pupil['id']}.yml)")
    assert "has no tutor assigned" in planted["Needs attention because"].text


def test_the_open_findings_are_those_check_reports(sample_site, house_check):
    _, house, findings = house_check
    table = table_with(sample_site.page(f"status/{house}/index.html"), "Severity")
    shown_findings = Counter((row[1].text, row[2].text, row[3].text) for row in table.rows)
    assert shown_findings == Counter((f["rule"], f["file"], " ".join(f["message"].split())) for f in findings)


def test_the_overview_counts_findings_by_rule_and_lists_every_house(sample_site, pastoral_json):
    overview = sample_site.page("status/index.html")
    by_rule = table_with(overview, "Rule").by_first_cell()
    expected = Counter((f["rule"], "warning" if f.get("waived") else f["severity"]) for f in pastoral_json)
    assert {rule: (row["Errors"], row["Warnings"]) for rule, row in by_rule.items()} == \
        {rule: (str(expected[rule, "error"]), str(expected[rule, "warning"])) for rule, _ in expected}
    houses = table_with(overview, "House")
    names = {read_yaml(path)["name"]: path.stem for path in (sample_site.root / "records/houses").glob("*.yml")}
    assert {row[0].text: row[0].links for row in houses.rows} == {name: [f"{id}/"] for name, id in names.items()}
