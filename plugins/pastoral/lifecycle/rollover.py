"""The September rollover: pupils move up a year group, Year 13 leave, a new academic year starts.

How the tool knows what has rolled: ``school.yml``'s ``academic_year`` is the
year the records are in. A rollover to 2027-28 runs only from 2026-27 and sets
it to 2027-28 with everything else, so running it again finds nothing to do,
and skipping a year is refused.

Tutor groups named after their year move with it ('7AS' becomes '8AS', '10RO1'
becomes '11RO1'); other names ('OAK3') are kept. Tutors follow their group up
the school, as the Student Support Programme expects ("usually keep the same
student over the years"): a tutor's ``year_group`` and ``tutor_group`` move
too. Year 13 tutors keep theirs and are listed, to be given a new group by hand.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from pastoral.core.calendar import Calendar
from pastoral.core.kinds import ACADEMIC_YEAR, SESSION
from pastoral.core.store import RecordStore
from pastoral.core.workspace import UsageError, Workspace
from pastoral.lifecycle.editing import Document, EditPlan

LAST_YEAR_GROUP = 13


def academic_year(text: str) -> str:
    """An academic year as the records write it ('2027-28'); argparse shows the ValueError's words."""
    if not ACADEMIC_YEAR.match(text) or (int(text[:4]) + 1) % 100 != int(text[5:]):
        raise ValueError(f"'{text}' is not an academic year: write it like 2027-28")
    return text


def shift_academic_year(year: str, by: int) -> str:
    """The academic year ``by`` years after ``year`` ('2026-27', 1 -> '2027-28')."""
    start = int(year[:4]) + by
    return f"{start}-{(start + 1) % 100:02d}"


def moved_group(group: str, year: int) -> str:
    """The tutor group's name a year later: '7AS' in Year 7 becomes '8AS'; other names are kept."""
    named_after_year = re.match(rf"{year}(?![0-9])", group)
    return f"{year + 1}{group[named_after_year.end():]}" if named_after_year else group


@dataclass
class Rollover(EditPlan):
    to_check: list[str] = field(default_factory=list)
    """What a person must still do: assignments breaking one-year-group, Year 13 tutors."""
    already: bool = False
    """The records were already in the year rolled to: nothing to change."""


def plan_rollover(workspace: Workspace, store: RecordStore, to_year: str) -> Rollover:
    """Every change the rollover to ``to_year`` makes; nothing is written."""
    plan = Rollover()
    current = store.school.get("academic_year")
    if current == to_year:
        plan.already = True
        return plan
    if current != shift_academic_year(to_year, -1):
        raise UsageError(f"school.yml says the records are in {current}, but a rollover to {to_year} starts from "
                         f"{shift_academic_year(to_year, -1)}: roll over one year at a time "
                         f"(next: --to {shift_academic_year(current, 1)})")
    calendar = Calendar.from_school(store.school)
    last_day = max(half.ends for half in _half_terms(calendar, current, "so that Year 13 leave on its last day"))
    first_day = min(half.starts for half in _half_terms(calendar, to_year, "so that meetings can be scheduled"))
    new_years = _move_pupils(workspace, store, last_day, plan)
    _move_tutors(workspace, store, last_day, plan)
    school = Document.load(workspace.records / "school.yml")
    school.set("academic_year", to_year)
    plan.changes.edit(school)
    plan.changed.append(f"records/school.yml: academic year {current} -> {to_year}")
    sessions = workspace.records / SESSION.folder / to_year
    if not sessions.exists():
        plan.changes.create(sessions / ".gitkeep", "")
        plan.changed.append(f"records/{SESSION.folder}/{to_year}/: new folder for this year's sessions")
    plan.to_check.extend(_mixed_year_tutors(store, new_years, first_day))
    return plan


def _half_terms(calendar: Calendar, year: str, needed_for: str) -> tuple:
    half_terms = calendar.year(year)
    if not half_terms:
        raise UsageError(f"school.yml's calendar has no half-terms for {year}: add its term dates to the "
                         f"calendar before rolling over, {needed_for}")
    return half_terms


def _on_roll(record, day: date) -> bool:
    left_on = record.get("left_on")
    return left_on is None or date.fromisoformat(left_on) > day


def _move_pupils(workspace: Workspace, store: RecordStore, last_day: date, plan: Rollover) -> dict[str, int]:
    """Move each pupil on roll up a year (Year 13 leave); returns the new year of each pupil still on roll."""
    new_years = {}
    for pupil in store.pupils.values():
        if not _on_roll(pupil, last_day):
            continue
        document = Document.load(workspace.root / pupil.file)
        year, group = pupil.data["year"], pupil.data["tutor_group"]
        if year >= LAST_YEAR_GROUP:
            document.set("left_on", last_day, after="joined_on")
            summary = f"left on {last_day} (Year {year})"
        else:
            new_years[pupil.id] = year + 1
            document.set("year", year + 1)
            document.set("tutor_group", moved_group(group, year))
            summary = f"Year {year} -> {year + 1}" + _group_change(group, moved_group(group, year))
        if plan.changes.edit(document):
            plan.changed.append(f"{pupil.file}: {summary}")
    return new_years


def _move_tutors(workspace: Workspace, store: RecordStore, last_day: date, plan: Rollover) -> None:
    for person in store.staff.values():
        year = person.get("year_group")
        if year is None or not _on_roll(person, last_day):
            continue
        if year >= LAST_YEAR_GROUP:
            plan.to_check.append(f"{person.data['name']} ({person.id}) tutored Year {year}, who have now left: "
                                 f"give them a new year group and tutor group in {person.file} "
                                 f"(for example a new Year 7 group)")
            continue
        document = Document.load(workspace.root / person.file)
        document.set("year_group", year + 1)
        group = person.get("tutor_group")
        summary = f"year group {year} -> {year + 1}"
        if group is not None:
            document.set("tutor_group", moved_group(group, year))
            summary += _group_change(group, moved_group(group, year))
        if plan.changes.edit(document):
            plan.changed.append(f"{person.file}: {summary}")


def _group_change(old: str, new: str) -> str:
    return f", tutor group {old} -> {new}" if old != new else ""


def _mixed_year_tutors(store: RecordStore, new_years: dict[str, int], first_day: date) -> list[str]:
    """Tutors whose pupils are in more than one year group in the new year (rule ``one-year-group``)."""
    pupils_of = defaultdict(list)
    for assignment in store.assignments.values():
        data = assignment.data
        active = date.fromisoformat(data["from"]) <= first_day and (
            "to" not in data or date.fromisoformat(data["to"]) > first_day)
        if data["role"] == "tutor" and active and data["pupil"] in new_years:
            pupils_of[data["staff"]].append(data["pupil"])
    suggestions = []
    for staff_id, pupils in sorted(pupils_of.items()):
        years = Counter(new_years[pupil] for pupil in pupils)
        if len(years) < 2:
            continue
        person = store.staff.get(staff_id)
        own_year = _tutor_year(person, years)
        for year in sorted(y for y in years if y != own_year):
            moving = ", ".join(sorted(p for p in pupils if new_years[p] == year))
            name = f"{person.data['name']} ({staff_id})" if person else staff_id
            suggestions.append(
                f"one-year-group: tutor {name} now has pupils in years {_and(sorted(years))}: end the assignments "
                f"of the Year {year} pupils ({moving}) and assign them a Year {year} tutor")
    return suggestions


def _tutor_year(person, years: Counter) -> int:
    """The year group a tutor keeps: their own (after the rollover), else the one most of their pupils are in."""
    year = person.get("year_group") if person else None
    if year is not None and year < LAST_YEAR_GROUP and year + 1 in years:
        return year + 1
    return years.most_common(1)[0][0]


def _and(items: list[int]) -> str:
    words = [str(item) for item in items]
    return " and ".join(words) if len(words) < 3 else f"{', '.join(words[:-1])} and {words[-1]}"
