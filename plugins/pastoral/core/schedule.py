"""When mentoring sessions and half-termly targets fall due, for one pupil or the whole school.

Pure functions over the records index. The schedule rules and the status pages
both use them, so a page and a finding can never disagree about what is due.

A year's meetings are spread over the school's published half-terms: meeting k
of n is due by the end of half-term ceil(k * halves / n), so three meetings a
year fall due at the end of each term. A pupil who joins during the year is due
only the meetings whose half-term began on or after the day they joined.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil
from typing import NamedTuple

from pastoral.core.calendar import HalfTerm, day
from pastoral.core.index import RecordIndex
from pastoral.core.record import Record

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth",
            "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth")


def ordinal(number: int) -> str:
    """'first' for 1, 'second' for 2 ... (the policy allows up to twelve meetings a year)."""
    return ORDINALS[number - 1] if 0 < number <= len(ORDINALS) else f"number {number}"


def meeting_half_terms(index: RecordIndex, academic_year: str) -> list[HalfTerm]:
    """The half-term by whose end each of the year's meetings is due, in order (empty when the
    school published no dates for that year)."""
    halves = index.calendar.year(academic_year)
    count = index.policy.meetings_per_year
    if not halves:
        return []
    return [halves[ceil(k * len(halves) / count) - 1] for k in range(1, count + 1)]


def current_half_term(index: RecordIndex) -> HalfTerm | None:
    """The half-term ``as_of`` belongs to (in a holiday, the one just ended; None before a year's first day)."""
    return index.calendar.half_term_covering(index.as_of)


def half_term_counted(index: RecordIndex, on: date) -> HalfTerm | None:
    """The half-term a session held on a day counts for: the one it falls in or, in a holiday, the one just
    ended; the days of September before the first half-term starts count for the first (a session on
    1 September is Autumn 1's)."""
    covering = index.calendar.half_term_covering(on)
    if covering is not None:
        return covering
    halves = index.calendar.year(index.calendar.academic_year_of(on))
    return halves[0] if halves and on < halves[0].starts else None


def ended_half_terms(index: RecordIndex) -> list[HalfTerm]:
    """The half-terms of the current academic year that have ended by ``as_of``."""
    return [half for half in index.calendar.year(index.academic_year) if half.ends < index.as_of]


def sessions_in_year(index: RecordIndex, pupil_id: str, academic_year: str) -> list[Record]:
    """A pupil's sessions dated within an academic year, oldest first."""
    return [s for s in index.sessions_of_pupil.get(pupil_id, [])
            if index.calendar.academic_year_of(held_on(s)) == academic_year]


@dataclass(frozen=True)
class PupilSchedule:
    """Where one pupil stands against the yearly meetings on ``as_of``."""

    pupil: str
    academic_year: str
    as_of: date
    applies: bool
    """Whether the school's policy asks for yearly meetings for this pupil (on roll, key stage)."""
    due: tuple[date, ...]
    """The dates by which each of this pupil's meetings this year is due."""
    sessions: tuple[Record, ...]
    """Sessions held this academic year, oldest first."""

    @property
    def held(self) -> int:
        """Meetings held: sessions on different days (two sessions with the pupil on one day are one meeting)."""
        return len({session.get("date") for session in self.sessions})

    @property
    def required(self) -> int:
        """Meetings this pupil is due this year."""
        return len(self.due) if self.applies else 0

    @property
    def due_by_now(self) -> int:
        """Meetings whose due date has passed."""
        return sum(d < self.as_of for d in self.due) if self.applies else 0

    @property
    def overdue(self) -> int:
        """Meetings that are past their due date and not held."""
        return max(0, self.due_by_now - self.held)

    @property
    def next_due(self) -> date | None:
        """The date the next meeting not yet held is due by (in the past when it is overdue)."""
        return self.due[self.held] if self.applies and self.held < len(self.due) else None

    def due_by(self, end: date) -> int:
        """Meetings due on or before ``end``."""
        return sum(d <= end for d in self.due) if self.applies else 0

    def held_by(self, end: date) -> int:
        """Sessions held on or before ``end``, counted towards the meetings due (never more of them)."""
        return min(self.required, sum(held_on(s) <= end for s in self.sessions))


def pupil_schedule(index: RecordIndex, pupil_id: str) -> PupilSchedule:
    """The yearly-meetings position of one pupil in the academic year of ``as_of``."""
    year = index.academic_year
    pupil = index.on_roll.get(pupil_id)
    due: tuple[date, ...] = ()
    applies = pupil is not None and index.policy.meets_yearly(pupil.get("year"))
    if pupil is not None and applies:
        joined = day(pupil.get("joined_on"))
        due = tuple(half.ends for half in meeting_half_terms(index, year) if joined <= half.starts)
    return PupilSchedule(pupil_id, year, index.as_of, applies, due,
                         tuple(sessions_in_year(index, pupil_id, year)))


@dataclass(frozen=True)
class HalfTermStatus:
    """What one pupil's sessions recorded in one half-term (holidays count with the half-term before)."""

    half_term: HalfTerm
    sessions: tuple[Record, ...]

    @property
    def targets(self) -> int:
        return sum(len(s.get("targets", [])) for s in self.sessions)

    @property
    def reviews(self) -> int:
        return sum(len(s.get("reviews", [])) for s in self.sessions)

    @property
    def recorded(self) -> bool:
        """Targets or target reviews were recorded in this half-term."""
        return bool(self.targets or self.reviews)


def half_term_status(index: RecordIndex, pupil_id: str, half_term: HalfTerm) -> HalfTermStatus:
    sessions = tuple(s for s in index.sessions_of_pupil.get(pupil_id, [])
                     if half_term_counted(index, date.fromisoformat(s.get("date"))) == half_term)
    return HalfTermStatus(half_term, sessions)


def expects_half_termly_targets(index: RecordIndex, pupil_id: str, half_term: HalfTerm) -> bool:
    """Whether a pupil should have targets recorded in a half-term: one of a tutor's pupils under the
    meetings policy, on roll since the half-term began."""
    pupil = index.on_roll.get(pupil_id)
    return (pupil is not None and pupil_id in index.tutor_assignments_of_pupil
            and index.policy.meets_yearly(pupil.get("year")) and day(pupil.get("joined_on")) <= half_term.starts)


def held_on(session: Record) -> date:
    """The day a session was held (its ``date``, which the schema requires)."""
    held = day(session.get("date"))
    assert held is not None, session.file
    return held


class OpenTarget(NamedTuple):
    """A target no later session has reviewed yet (a named tuple: ``targets-reviewed`` makes one for every open
    target in the school, and a frozen dataclass took twice as long to make)."""

    session: Record
    """The session that set it."""
    position: int
    """Its place in the session's ``targets`` (for the finding's pointer)."""
    target: dict
    review_due: date | None
    """When its review falls due: its ``review_by``, else the pupil's next session; None when neither is known."""
    next_session: Record | None
    """The pupil's first session after the one that set it, if any."""

    @property
    def reference(self) -> str:
        return f"{self.session.id}#{self.target['id']}"


def open_targets(index: RecordIndex, pupil_id: str) -> list[OpenTarget]:
    """A pupil's targets that no session has reviewed, oldest first."""
    sessions, reviewed = index.sessions_of_pupil.get(pupil_id, []), index.reviews_of_target
    found = []
    for number, session in enumerate(sessions):
        set_on = held_on(session)
        later = next((s for s in sessions[number + 1:] if held_on(s) > set_on), None)
        for position, target in enumerate(session.get("targets", [])):
            if f"{session.id}#{target['id']}" not in reviewed:
                review_by = day(target.get("review_by"))
                due = review_by if review_by is not None else (held_on(later) if later else None)
                found.append(OpenTarget(session, position, target, due, later))
    return found


def review_overdue(index: RecordIndex, target: OpenTarget) -> bool:
    """Whether a target's review is overdue: it fell due before ``as_of``, in the academic year judged."""
    due = target.review_due
    return due is not None and due < index.as_of and index.calendar.academic_year_of(due) == index.academic_year


def planner_deadline(index: RecordIndex, session: Record) -> date:
    """The day by which a parent or carer should have signed the planner for a session."""
    return held_on(session) + timedelta(days=index.policy.planner_signed_within_days)


def planner_overdue(index: RecordIndex, session: Record) -> bool:
    """Whether a session of the academic year judged still waits for a planner signature past its deadline."""
    return (not session.get("planner_signed_on") and index.as_of > planner_deadline(index, session)
            and index.calendar.academic_year_of(held_on(session)) == index.academic_year)
