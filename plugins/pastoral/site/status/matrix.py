"""The House Matrix report: per half-term and tutor, whether the interviews are held and the targets
and reviews recorded (handbook, Monitoring: Heads of House report it every half-term).

The figures come from ``pastoral.core.schedule``, the functions behind the
``meetings-per-year``, ``half-termly-targets`` and ``planner-signed`` findings,
so the printed report, its CSV and ``pastoral check`` agree. Each tutor's row
counts their pupils on roll today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from pastoral.core.calendar import HalfTerm
from pastoral.core.index import RecordIndex
from pastoral.core.schedule import PupilSchedule, expects_half_termly_targets, half_term_status


@dataclass(frozen=True)
class MatrixRow:
    tutor: str
    """The tutor's name."""
    pupils: int
    interviews: int
    """Sessions held in the half-term (the holiday after it counts with it)."""
    targets: int
    reviews: int
    recorded: int
    """Pupils with targets or reviews recorded in the half-term ..."""
    expected: int
    """... of the pupils who should have them (on roll, under the meetings policy, since it began)."""
    planners_signed: int
    """The half-term's sessions whose planner a parent or carer has signed."""
    overdue: int
    """Meetings overdue at the half-term's end (today, while it runs)."""

    FIELDS = ("tutor", "pupils", "interviews", "targets", "reviews", "recorded", "expected", "planners_signed",
              "overdue")


@dataclass(frozen=True)
class HouseMatrix:
    house: str
    """The House's name."""
    head_of_house: str
    rows: tuple[MatrixRow, ...]

    @property
    def total(self) -> MatrixRow:
        sums = [sum(getattr(row, name) for row in self.rows) for name in MatrixRow.FIELDS[1:]]
        return MatrixRow("All tutors", *sums)

    @property
    def lines(self) -> tuple[MatrixRow, ...]:
        """The tutors' rows, then the House's total."""
        return (*self.rows, self.total)


@dataclass(frozen=True)
class HalfTermMatrix:
    number: int
    """The half-term's place in the year, from 1: its pages and files are named by it."""
    half_term: HalfTerm
    ended: bool
    houses: tuple[HouseMatrix, ...]


def matrix_row(index: RecordIndex, tutor: str, pupils: list[str], half: HalfTerm,
               schedules: dict[str, PupilSchedule]) -> MatrixRow:
    statuses = {pupil: half_term_status(index, pupil, half) for pupil in pupils}
    expected = [pupil for pupil in pupils if expects_half_termly_targets(index, pupil, half)]
    sessions = [session for status in statuses.values() for session in status.sessions]
    return MatrixRow(
        tutor=tutor,
        pupils=len(pupils),
        interviews=len(sessions),
        targets=sum(status.targets for status in statuses.values()),
        reviews=sum(status.reviews for status in statuses.values()),
        recorded=sum(statuses[pupil].recorded for pupil in expected),
        expected=len(expected),
        planners_signed=sum(bool(session.get("planner_signed_on")) for session in sessions),
        overdue=sum(_overdue_at_end(schedules[pupil], half, index) for pupil in pupils),
    )


def _overdue_at_end(schedule: PupilSchedule, half: HalfTerm, index: RecordIndex) -> int:
    """Meetings overdue when the half-term ended; while it runs, today (what the findings say)."""
    if index.as_of <= half.ends:
        return schedule.overdue
    return max(0, schedule.due_by(half.ends) - schedule.held_by(half.ends + timedelta(days=1)))


def started_half_terms(index: RecordIndex) -> list[tuple[int, HalfTerm]]:
    """The half-terms of the year judged that have started by ``as_of``, numbered from 1."""
    return [(number, half) for number, half in enumerate(index.calendar.year(index.academic_year), start=1)
            if half.starts <= index.as_of]
