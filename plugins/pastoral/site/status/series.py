"""Figures for the charts: meetings due and held by the end of each half-term of the year.

Both counts are running totals for the pupils on roll today, from their
``PupilSchedule``: a meeting counts as due by the end of the half-term its due
date falls in, and as held once a session is dated on or before that day.
Half-terms that have not started yet show what will be due, and nothing held.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pastoral.core.calendar import HalfTerm
from pastoral.core.index import RecordIndex
from pastoral.core.schedule import PupilSchedule


@dataclass(frozen=True)
class HalfTermPoint:
    half_term: HalfTerm
    due: int
    """Meetings due by the end of the half-term."""
    held: int | None
    """Meetings held by its end (by today while it runs); None before it starts."""


def meetings_by_half_term(index: RecordIndex, schedules: Iterable[PupilSchedule]) -> list[HalfTermPoint]:
    schedules = list(schedules)
    points = []
    for half in index.calendar.year(index.academic_year):
        started = half.starts <= index.as_of
        points.append(HalfTermPoint(half, sum(s.due_by(half.ends) for s in schedules),
                                    sum(s.held_by(half.ends) for s in schedules) if started else None))
    return points
