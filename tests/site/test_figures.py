"""The status pages say what the records and ``pastoral check`` say.

The expected figures are worked out here again, from the YAML files read with
PyYAML and from ``pastoral check --format json``, with none of pastoral's own
code, and compared with what the built pages show.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import SAMPLE_AS_OF
from tests.site.building import TRICKY_NAME, check_json, read_yaml
from tests.site.pages import table_with

AS_OF = date.fromisoformat(SAMPLE_AS_OF)
ATTENTION_RULES = {"tutor-assigned", "meetings-per-year", "targets-reviewed", "pupil-informed", "half-termly-targets",
                   "planner-signed"}
"""Rules whose findings list a pupil as needing attention (a planner signed late does not: see on_the_list)."""


def on_the_list(finding: dict, school: School) -> bool:
    return finding["rule"] in ATTENTION_RULES and finding.get("subject") in school.pupils \
        and not finding["message"].startswith("the planner for the session of")


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

    def reviews_overdue(self, pupil_id: str) -> int:
        """Targets not reviewed whose review date (else the next session) passed this academic year."""
        sessions = sorted((s for s in self.sessions if s["pupil"] == pupil_id), key=lambda s: (as_date(s["date"]), s["id"]))
        reviewed = {review["target"] for s in self.sessions for review in s.get("reviews", [])}
        count = 0
        for number, session in enumerate(sessions):
            later = [s for s in sessions[number + 1:] if as_date(s["date"]) > as_date(session["date"])]
            for target in session.get("targets", []):
                due = as_date(target.get("review_by")) or (as_date(later[0]["date"]) if later else None)
                count += f"{session['id']}#{target['id']}" not in reviewed and due is not None \
                    and date(2026, 9, 1) <= due < AS_OF
        return count

    def planners_overdue(self, pupil_id: str) -> int:
        return sum("planner_signed_on" not in s and (AS_OF - as_date(s["date"])).days > 14
                   for s in self.sessions_this_year(pupil_id))

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
        by_half_end, by_now = sum(day <= half_end for day in due), sum(day < AS_OF for day in due)
        figures.update(now_done=min(held, by_now), now_total=by_now, to_hold=max(0, by_half_end - held),
                       overdue=max(0, by_now - held))
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
    return check_json(sample_site.root / "records", SAMPLE_AS_OF)


def test_the_house_at_a_glance_matches_the_records(sample_site, house_check):
    school, house, findings = house_check
    pupils = [p for p in school.pupils.values() if p["house"] == house and school.on_roll(p)]
    meetings = meeting_figures(school, pupils)
    glance = table_with(sample_site.page(f"status/{house}/index.html"), "Figure").by_first_cell()
    half_end = f"the end of {school.current_half['name']} ({school.current_half['ends'].day} " \
               f"{school.current_half['ends']:%B %Y})"
    pupil_ids = [p["id"] for p in pupils]

    assert glance["Pupils on roll"]["Now"] == str(len(pupils))
    assert glance["Pupils the guarantee covers who have a named tutor"]["Now"] == \
        shown(sum(school.tutor_of(p["id"]) is not None for p in pupils), len(pupils))
    assert glance["Meetings due by now that are held"]["Now"] == shown(meetings["now_done"], meetings["now_total"])
    assert glance["Meetings overdue"]["Now"] == str(meetings["overdue"])
    assert glance[f"Meetings still to hold before {half_end}"]["Now"] == str(meetings["to_hold"])
    assert glance["Target reviews overdue"]["Now"] == str(sum(school.reviews_overdue(p) for p in pupil_ids
                                                              if school.tutor_of(p)))
    assert glance["Planner signatures to chase (overdue)"]["Now"] == \
        str(sum(school.planners_overdue(p) for p in pupil_ids if school.tutor_of(p)))
    assert glance["Pupils needing attention"]["Now"] == str(len({f["subject"] for f in findings
                                                                if on_the_list(f, school)}))
    errors = sum(f["severity"] == "error" and not f.get("waived") for f in findings)
    assert glance["Findings about the House, its staff and pupils (errors)"]["Now"] == f"{len(findings)} ({errors})"
    assert errors >= 1, "the planted pupil without a tutor is an error of this House"


def test_each_tutor_row_matches_the_records(sample_site, house_check):
    school, house, _ = house_check
    tutors = table_with(sample_site.page(f"status/{house}/index.html"), "Tutor").by_first_cell()
    expected = {}
    for member in school.staff.values():
        left = as_date(member.get("left_on"))
        if "tutor" not in member["roles"] or member.get("house") != house or (left and left <= AS_OF):
            continue
        pupils = [p for p in school.pupils.values() if school.on_roll(p) and school.tutor_of(p["id"]) == member["id"]]
        meetings = meeting_figures(school, pupils)
        reviews = sum(school.reviews_overdue(p["id"]) for p in pupils)
        expected[member["name"]] = {
            "Status": "⚠ Behind" if meetings["overdue"] or reviews else "On track",
            "Year group": str(member["year_group"]),
            "Pupils": str(len(pupils)),
            "Meetings due by now, held": shown(meetings["now_done"], meetings["now_total"]),
            "Meetings overdue": str(meetings["overdue"]),
            "Reviews overdue": str(reviews),
            "Planners to chase": str(sum(school.planners_overdue(p["id"]) for p in pupils)),
            "Associate tutor": school.staff[member["associate"]]["name"],
        }
    assert expected, f"{house} has tutors in the sample school"
    assert {name: {k: v for k, v in row.items() if k != "Tutor"} for name, row in tutors.items()} == expected


def test_the_pupils_needing_attention_are_those_check_reports(sample_site, house_check):
    school, house, findings = house_check
    attention = table_with(sample_site.page(f"status/{house}/index.html"), "Pupil")
    listed = {re.search(r"records/pupils/(p\d+)\.yml", row[0].text).group(1) for row in attention.rows}

    assert listed == {f["subject"] for f in findings if on_the_list(f, school)}
    planted = attention.row(f"{TRICKY_NAME} (records/pupils/{sample_site.planted_pupil['id']}.yml)")
    assert planted["Needs attention because"].text.startswith("no named tutor Details")
    assert "has no tutor assigned" in planted["Needs attention because"].text  # the check's words, behind Details


def test_each_finding_is_shown_once(sample_site, house_check):
    """Findings about pupils on the attention list are behind their Details; every other finding is in the
    'Other findings' table: none twice, none left out."""
    school, house, findings = house_check
    page = sample_site.page(f"status/{house}/index.html")
    others = Counter((f["rule"], f["file"], " ".join(f["message"].split())) for f in findings if not on_the_list(f, school))
    if others:
        table = table_with(page, "Severity")
        assert Counter((row[1].text, row[2].text, row[3].text) for row in table.rows) == others
    else:
        assert "No other findings." in page and "<th>Severity</th>" not in page
    details = " ".join(row[3].text for row in table_with(page, "Pupil").rows)
    for finding in findings:
        if on_the_list(finding, school):
            assert details.count(" ".join(finding["message"].split())) == 1, finding


def test_the_overview_counts_findings_by_rule_and_lists_every_house(sample_site, pastoral_json):
    overview = sample_site.page("status/index.html")
    by_rule = table_with(overview, "Rule").by_first_cell()
    expected = Counter((f["rule"], "warning" if f.get("waived") else f["severity"]) for f in pastoral_json)
    assert {rule: (row["Errors"], row["Warnings"]) for rule, row in by_rule.items()} == \
        {rule: (str(expected[rule, "error"]), str(expected[rule, "warning"])) for rule, _ in expected}
    houses = table_with(overview, "House")
    names = {read_yaml(path)["name"]: path.stem for path in (sample_site.root / "records/houses").glob("*.yml")}
    assert {row[0].text: row[0].links for row in houses.rows} == {name: [f"{id}/"] for name, id in names.items()}
