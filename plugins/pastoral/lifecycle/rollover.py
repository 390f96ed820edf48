"""The September rollover: pupils move up a year group, the last year leaves, a new academic year starts.

How the tool knows what has rolled: ``school.yml``'s ``academic_year`` is the
year the records are in. A rollover to 2027-28 runs only from 2026-27 and sets
it to 2027-28 with everything else, so running it again finds nothing to do,
and skipping a year is refused.

Who moves is asked of the records index, as on the last day of the old year
(31 August): a pupil who has left by then stays as they are, whatever their
year; a pupil who joined after the old year's last day was imported for the new
year and keeps the year group they were given; the last year group (Year 13, or
Year 11 in a school without a sixth form: ``policy.sixth_form``) leave on the
old year's last day. Every leaver's open assignments end on their last day,
with a reason, as the records end any assignment.

Tutor groups named after their year move with it ('7AS' becomes '8AS', '10RO1'
becomes '11RO1'); other names ('OAK3') are kept. Tutors follow their group up
the school (see ``rollover_tutors``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from pastoral.core.calendar import Calendar, HalfTerm, academic_year_label, day
from pastoral.core.index import RecordIndex
from pastoral.core.kinds import ACADEMIC_YEAR, SESSION
from pastoral.core.record import Record
from pastoral.core.store import RecordStore
from pastoral.core.workspace import UsageError, Workspace
from pastoral.lifecycle.editing import Document, EditPlan
from pastoral.lifecycle.rollover_tutors import group_change, move_tutors, moved_group

LEFT = "left the school"
"""The reason an assignment ends when its pupil leaves, as the records write it."""


def academic_year(text: str) -> str:
    """An academic year as the records write it ('2027-28'); argparse shows the ValueError's words."""
    if not ACADEMIC_YEAR.match(text) or (int(text[:4]) + 1) % 100 != int(text[5:]):
        raise ValueError(f"'{text}' is not an academic year: write it like 2027-28")
    return text


def shift_academic_year(year: str, by: int) -> str:
    """The academic year ``by`` years after ``year`` ('2026-27', 1 -> '2027-28')."""
    return academic_year_label(int(year[:4]) + by)


@dataclass
class Rollover(EditPlan):
    to_check: list[str] = field(default_factory=list)
    """What a person must still do: shared tutor groups, tutors with two year groups, tutors without a group."""
    kept: list[str] = field(default_factory=list)
    """Pupils deliberately not moved (joined for the new year), so nobody wonders why."""
    already: bool = False
    """The records were already in the year rolled to: nothing to change."""


@dataclass
class YearEnd:
    """What the rollover needs to know about the change of year."""

    index: RecordIndex
    """The records as on the old year's last day (31 August): who has left by then."""
    last_day: date
    """The old year's last school day, from the calendar: the final year group leave on it."""
    first_day: date
    """The new year's first school day: whose assignments are active in the new year."""
    new_years: dict[str, int] = field(default_factory=dict)
    """Pupil id -> year group in the new year, for every pupil on roll in it."""
    new_groups: dict[str, str] = field(default_factory=dict)
    """Pupil id -> tutor group in the new year."""


def plan_rollover(workspace: Workspace, store: RecordStore, to_year: str) -> Rollover:
    """Every change the rollover to ``to_year`` makes; nothing is written."""
    plan = Rollover()
    current = str(store.school.get("academic_year"))
    if current == to_year:
        plan.already = True
        return plan
    if current != shift_academic_year(to_year, -1):
        raise UsageError(f"school.yml says the records are in {current}, but a rollover to {to_year} starts from "
                         f"{shift_academic_year(to_year, -1)}: roll over one year at a time "
                         f"(next: --to {shift_academic_year(current, 1)})")
    calendar = Calendar.from_school(store.school)
    year_end = YearEnd(
        RecordIndex.of(store, date(int(to_year[:4]), 8, 31)),
        max(half.ends for half in _half_terms(calendar, current, "so that the last year group leave on its last day")),
        min(half.starts for half in _half_terms(calendar, to_year, "so that meetings can be scheduled")))
    _move_pupils(workspace, store, year_end, plan)
    move_tutors(workspace, store, year_end, plan)
    school = Document.load(workspace.records / "school.yml")
    school.set("academic_year", to_year)
    plan.changes.edit(school)
    plan.changed.append(f"{workspace.relative_file(school.path)}: academic year {current} -> {to_year}")
    sessions = workspace.records / SESSION.folder / to_year
    if not sessions.exists():
        plan.changes.create(sessions / ".gitkeep", "")
        plan.changed.append(f"{workspace.relative_file(sessions)}/: new folder for this year's sessions")
    return plan


def _half_terms(calendar: Calendar, year: str, needed_for: str) -> tuple[HalfTerm, ...]:
    half_terms = calendar.year(year)
    if not half_terms:
        raise UsageError(f"school.yml's calendar has no half-terms for {year}: add its term dates to the "
                         f"calendar before rolling over, {needed_for}")
    return half_terms


def _move_pupils(workspace: Workspace, store: RecordStore, year_end: YearEnd, plan: Rollover) -> None:
    """Move each pupil on roll up a year, or mark them as left; end the open assignments of every leaver."""
    final_year = year_end.index.policy.final_year
    open_assignments: dict[str, list[Record]] = defaultdict(list)
    for assignment in store.assignments.values():
        if "to" not in assignment.data:
            open_assignments[assignment.data["pupil"]].append(assignment)
    for pupil in store.pupils.values():
        year, group = pupil.data["year"], pupil.data["tutor_group"]
        if year_end.index.has_left(pupil):
            _end_assignments(workspace, open_assignments[pupil.id], pupil, date.fromisoformat(pupil.data["left_on"]),
                             plan)
            continue
        joined = day(pupil.data["joined_on"])
        if joined is not None and joined > year_end.last_day:
            year_end.new_years[pupil.id], year_end.new_groups[pupil.id] = year, group
            plan.kept.append(f"{pupil.file}: joined on {joined} for the new year: stays in Year {year}, {group}")
            continue
        if year >= final_year and "left_on" in pupil.data:
            year_end.new_years[pupil.id], year_end.new_groups[pupil.id] = year, group
            plan.to_check.append(f"{pupil.file}: Year {year}, the last year group, but leaving on "
                                 f"{pupil.data['left_on']}, after the year's end: kept in Year {year} until then "
                                 f"(if they left in the summer, correct left_on)")
            continue
        document = Document.load(workspace.root / pupil.file)
        if year >= final_year:
            document.set("left_on", year_end.last_day, after="joined_on")
            summary = f"left on {year_end.last_day} (Year {year}, the last year group)"
            _end_assignments(workspace, open_assignments[pupil.id], pupil, year_end.last_day, plan)
        else:
            new_group = moved_group(group, year)
            year_end.new_years[pupil.id], year_end.new_groups[pupil.id] = year + 1, new_group
            document.set("year", year + 1)
            document.set("tutor_group", new_group)
            summary = f"Year {year} -> {year + 1}" + group_change(group, new_group)
        if plan.changes.edit(document):
            plan.changed.append(f"{pupil.file}: {summary}")


def _end_assignments(workspace: Workspace, assignments: list[Record], pupil: Record, last_day: date,
                     plan: Rollover) -> None:
    """End a leaver's open assignments on their last day, saying why (a reason already there is kept first)."""
    for assignment in assignments:
        if date.fromisoformat(assignment.data["from"]) > last_day:
            plan.to_check.append(f"{assignment.file} starts on {assignment.data['from']}, after {pupil.id} left on "
                                 f"{last_day}: delete it, or correct the pupil's left_on")
            continue
        document = Document.load(workspace.root / assignment.file)
        document.set("to", last_day, after="from")
        reason = assignment.data.get("reason")
        document.set("reason", f"{reason}; then {LEFT}" if reason else LEFT)
        if plan.changes.edit(document):
            plan.changed.append(f"{assignment.file}: ended on {last_day} ({pupil.id} {LEFT})")
