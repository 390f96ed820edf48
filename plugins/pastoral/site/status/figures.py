"""The small figures every status page shows: so many done of so many, and where meetings stand.

Counts mean "due by now" (a due date that has passed), never "due by July":
a meeting or a review that is not yet due is not a shortfall.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pastoral.core.calendar import HalfTerm
from pastoral.core.index import RecordIndex
from pastoral.core.record import Record
from pastoral.core.schedule import PupilSchedule, half_term_status


@dataclass(frozen=True)
class Progress:
    """So many done of so many: drawn as a bar."""

    done: int
    total: int

    @property
    def percent(self) -> int | None:
        """Whole percent done, never above 100; None when nothing was asked for."""
        return min(100, round(100 * self.done / self.total)) if self.total else None

    def __add__(self, other: Progress) -> Progress:
        return Progress(self.done + other.done, self.total + other.total)


NO_PROGRESS = Progress(0, 0)


@dataclass(frozen=True)
class Meetings:
    """The yearly mentoring meetings of a group of pupils."""

    due_by_now: Progress
    """Meetings whose due date has passed, and how many of them are held."""
    overdue: int
    """Meetings past their due date and not held (what ``meetings-per-year`` findings report)."""
    held_this_half_term: int
    """Sessions dated in the current half-term (or the holiday after it)."""
    to_hold_this_half_term: int
    """Meetings still to hold before the current half-term ends, overdue ones included."""


def meetings(index: RecordIndex, half: HalfTerm | None, schedules: Iterable[PupilSchedule]) -> Meetings:
    due_now = NO_PROGRESS
    held_in_half = to_hold = overdue = 0
    for schedule in schedules:
        due_now += Progress(min(schedule.held, schedule.due_by_now), schedule.due_by_now)
        overdue += schedule.overdue
        if half is not None:
            to_hold += max(0, schedule.due_by(half.ends) - schedule.held)
            held_in_half += len(half_term_status(index, schedule.pupil, half).sessions)
    return Meetings(due_now, overdue, held_in_half, to_hold)


def with_tutor(index: RecordIndex, pupils: Iterable[Record]) -> Progress:
    """Pupils the Pupil Guarantee covers, and how many of them have a named tutor."""
    covered = [pupil for pupil in pupils if pupil.get("year") >= index.policy.guarantee_from_year]
    return Progress(sum(pupil.id in index.tutor_assignments_of_pupil for pupil in covered), len(covered))


def staff_name(index: RecordIndex, staff_id: str) -> str:
    """A member of staff's name (their id when they have no record)."""
    member = index.store.staff.get(staff_id)
    return member.get("name") if member else staff_id


def by_year_and_name(record: Record) -> tuple:
    return (record.get("year") or record.get("year_group") or 0, record.get("name"))
