"""Tutors at the rollover: they go up with their group, and what that leaves for a person to settle.

The Student Support Programme expects tutors to "usually keep the same student
over the years", so a tutor's ``year_group`` and ``tutor_group`` move up with
their pupils. Tutors of the year group that has left keep theirs, to be given a
new group by hand; until then their old group's name is often the one the tutor
below takes up ('12OA' becomes '13OA' while the Year 13 tutor still has 13OA).
The summary lists each such shared group, and each tutor whose pupils now span
two year groups (a Year 7 tutor given the new intake before the rollover), with
what to do about it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from pastoral.core.index import TUTOR
from pastoral.core.record import Record
from pastoral.core.store import RecordStore
from pastoral.core.workspace import Workspace
from pastoral.lifecycle.editing import Document

if TYPE_CHECKING:
    from pastoral.lifecycle.rollover import Rollover, YearEnd


def moved_group(group: str, year: int) -> str:
    """The tutor group's name a year later: '7AS' in Year 7 becomes '8AS'; other names are kept."""
    named_after_year = re.match(rf"{year}(?![0-9])", group)
    return f"{year + 1}{group[named_after_year.end():]}" if named_after_year else group


def group_change(old: str, new: str) -> str:
    return f", tutor group {old} -> {new}" if old != new else ""


def move_tutors(workspace: Workspace, store: RecordStore, year_end: YearEnd, plan: Rollover) -> None:
    """Move tutors up with their groups; list what the move leaves unsettled."""
    final_year = year_end.index.policy.final_year
    groups: dict[str, list[tuple[Record, bool]]] = defaultdict(list)
    """New tutor group -> its tutors, each with whether they moved up with it."""
    left_behind = []
    for person in store.staff.values():
        year = person.get("year_group")
        if year is None or year_end.index.has_left(person):
            continue
        group = person.get("tutor_group")
        if year >= final_year:
            left_behind.append(person)
            if group is not None:
                groups[group].append((person, False))
            continue
        document = Document.load(workspace.root / person.file)
        document.set("year_group", year + 1)
        summary = f"year group {year} -> {year + 1}"
        if group is not None:
            document.set("tutor_group", moved_group(group, year))
            summary += group_change(group, moved_group(group, year))
            groups[moved_group(group, year)].append((person, True))
        if plan.changes.edit(document):
            plan.changed.append(f"{person.file}: {summary}")
    untutored: dict[str, set[str]] = defaultdict(set)
    """House -> its pupils' tutor groups in the new year that no tutor has."""
    for pupil_id, group in year_end.new_groups.items():
        if group not in groups:
            untutored[store.pupils[pupil_id].data["house"]].add(group)
    for person in left_behind:
        offers = untutored.get(person.get("house")) or set().union(*untutored.values())
        plan.to_check.append(_left_behind(person, groups, sorted(offers)))
    plan.to_check.extend(_shared_groups(groups))
    plan.to_check.extend(_mixed_year_tutors(store, year_end))


def _name(person: Record | None, staff_id: str) -> str:
    return f"{person.data['name']} ({staff_id})" if person else staff_id


def _left_behind(person: Record, groups: dict[str, list[tuple[Record, bool]]], untutored: list[str]) -> str:
    """What to do about a tutor whose year group has left, and whose old group another tutor may now take."""
    year, group = person.data["year_group"], person.get("tutor_group")
    sharing = [other for other, _ in groups.get(group, []) if other is not person] if group else []
    shared = (f"; {_and([_name(other, other.id) for other in sharing])} now move{'s' if len(sharing) == 1 else ''} "
              f"up into {group}, so two tutors would share it") if sharing else ""
    offer = (f"for example {_or(untutored)}, with pupils but no tutor in the new year" if untutored
             else "for example a new Year 7 group")
    return (f"{_name(person, person.id)} tutored Year {year}, who have now left: give them a new year group and tutor "
            f"group in {person.file} ({offer}){shared}")


def _shared_groups(groups: dict[str, list[tuple[Record, bool]]]) -> list[str]:
    """Groups two tutors moving up would share (a shared group with a left-behind tutor is listed with them)."""
    lines = []
    for group, tutors in sorted(groups.items()):
        if len(tutors) < 2 or not all(moved for _, moved in tutors):
            continue
        names = _and([_name(person, person.id) for person, _ in tutors])
        lines.append(f"tutor group {group} would be shared by {names}: a group has one tutor, so give all but one "
                     f"of them another tutor group (and year group) in their staff records")
    return lines


def _mixed_year_tutors(store: RecordStore, year_end: YearEnd) -> list[str]:
    """Tutors whose pupils are in more than one year group in the new year (rule ``one-year-group``)."""
    pupils_of: dict[str, list[str]] = defaultdict(list)
    for assignment in store.assignments.values():
        pupil_id = assignment.data["pupil"]
        if (assignment.data["role"] == TUTOR and pupil_id in year_end.new_years
                and year_end.index.is_active(assignment, year_end.first_day)):
            pupils_of[assignment.data["staff"]].append(pupil_id)
    suggestions = []
    for staff_id, pupils in sorted(pupils_of.items()):
        years = Counter(year_end.new_years[pupil] for pupil in pupils)
        if len(years) < 2:
            continue
        person = store.staff.get(staff_id)
        own_year = _tutor_year(person, years, year_end.index.policy.final_year)
        for year in sorted(y for y in years if y != own_year):
            moving = ", ".join(sorted(p for p in pupils if year_end.new_years[p] == year))
            staying = ", ".join(sorted(p for p in pupils if year_end.new_years[p] == own_year))
            where = f" in {person.file}" if person else ""
            suggestions.append(
                f"one-year-group: tutor {_name(person, staff_id)} now has pupils in years {_and(sorted(years))}: end "
                f"the assignments of the Year {year} pupils ({moving}) and assign them a Year {year} tutor, "
                f"or let the tutor take Year {year} instead (year_group: {year}{where}) and give the Year {own_year} "
                f"pupils ({staying}) another tutor")
    return suggestions


def _tutor_year(person: Record | None, years: Counter, final_year: int) -> int:
    """The year group a tutor keeps: their own (after the rollover), else the one most of their pupils are in."""
    year = person.get("year_group") if person else None
    if year is not None and year < final_year and year + 1 in years:
        return year + 1
    return years.most_common(1)[0][0]


def _and(items: list, conjunction: str = "and") -> str:
    words = [str(item) for item in items]
    return f" {conjunction} ".join(words) if len(words) < 3 else f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def _or(items: list) -> str:
    return _and(items, "or")
