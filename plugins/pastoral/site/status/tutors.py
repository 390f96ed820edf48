"""Each tutor's figures (a row of the House dashboard) and their own page of tutees ("my tutees").

Everything due comes from ``pastoral.core.schedule``, the functions the
schedule rules use, so a tutor's page lists exactly what ``pastoral check``
reports about their pupils.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pastoral.core.calendar import HalfTerm
from pastoral.core.index import RecordIndex
from pastoral.core.record import Record
from pastoral.core.schedule import (
    OpenTarget,
    PupilSchedule,
    held_on,
    open_targets,
    planner_deadline,
    planner_overdue,
    review_overdue,
)
from pastoral.site.status.figures import Meetings, by_year_and_name, meetings, staff_name
from pastoral.site.status.series import HalfTermPoint, meetings_by_half_term


@dataclass(frozen=True)
class TargetLine:
    """An open target as the tutor page shows it: the pupil's own words, and whether its review is overdue."""

    reference: str
    text: str
    set_on: str
    review_due: date | None
    overdue: bool


@dataclass(frozen=True)
class PlannerLine:
    """A session this year whose planner no parent or carer has signed yet."""

    session: str
    file: str
    held_on: str
    sign_by: date
    overdue: bool


@dataclass(frozen=True)
class Tutee:
    id: str
    name: str
    year: int
    tutor_group: str
    file: str
    schedule: PupilSchedule
    targets: tuple[TargetLine, ...]
    planners: tuple[PlannerLine, ...]
    needs: tuple[str, ...] | None = None
    """The needs the Head of House shares with the tutor, in words; () when they share none. None (no Needs
    column) unless a tutor's or House's build that may read the restricted fields fills it in
    (``pastoral.site.audience.with_shared_needs``): nothing here reads a pupil's needs."""

    @property
    def reviews_overdue(self) -> int:
        return sum(target.overdue for target in self.targets)

    @property
    def planners_overdue(self) -> int:
        return sum(planner.overdue for planner in self.planners)

    @property
    def overdue(self) -> int:
        """Everything overdue for this pupil: meetings, reviews and planner signatures."""
        return self.schedule.overdue + self.reviews_overdue + self.planners_overdue


@dataclass(frozen=True)
class TutorStatus:
    """One tutor: a row of their House's dashboard, and their own page."""

    id: str
    name: str
    file: str
    house: str
    year_group: int | None
    associate: str | None
    """The associate tutor's name (their id when they have no record)."""
    meetings: Meetings
    tutees: tuple[Tutee, ...]
    """The tutor's current pupils: overdue meetings first, then the most overdue of anything."""
    by_half_term: tuple[HalfTermPoint, ...]

    @property
    def caseload(self) -> int:
        return len(self.tutees)

    @property
    def reviews_overdue(self) -> int:
        return sum(tutee.reviews_overdue for tutee in self.tutees)

    @property
    def planners_overdue(self) -> int:
        return sum(tutee.planners_overdue for tutee in self.tutees)

    @property
    def overdue(self) -> int:
        """Everything overdue across the tutor's pupils: what the dashboard sorts by."""
        return self.meetings.overdue + self.reviews_overdue + self.planners_overdue

    @property
    def targets_waiting(self) -> list[tuple[Tutee, TargetLine]]:
        """Targets whose review is overdue (what ``targets-reviewed`` findings report), oldest first."""
        return sorted(((tutee, target) for tutee in self.tutees for target in tutee.targets if target.overdue),
                      key=lambda pair: (pair[1].set_on, pair[1].reference))

    @property
    def targets_open(self) -> list[tuple[Tutee, TargetLine]]:
        """The other open targets, by pupil."""
        return [(tutee, target) for tutee in self.tutees for target in tutee.targets if not target.overdue]

    @property
    def planners(self) -> list[tuple[Tutee, PlannerLine]]:
        """Planner signatures still to come, overdue first, then oldest first."""
        return sorted(((tutee, planner) for tutee in self.tutees for planner in tutee.planners),
                      key=lambda pair: (not pair[1].overdue, pair[1].held_on, pair[1].session))

    @property
    def shows_needs(self) -> bool:
        """The page has a Needs column: the build filled in the needs its readers may see."""
        return any(tutee.needs is not None for tutee in self.tutees)

    @property
    def behind(self) -> bool:
        """A meeting or a review is overdue: the tutor needs the Head of House's attention."""
        return bool(self.meetings.overdue or self.reviews_overdue)


def tutor_status(index: RecordIndex, tutor: Record, half: HalfTerm | None,
                 schedules: dict[str, PupilSchedule]) -> TutorStatus:
    pupils = sorted(index.tutees.get(tutor.id, []), key=by_year_and_name)
    tutees = [_tutee(index, pupil, schedules[pupil.id]) for pupil in pupils]
    associate = tutor.get("associate")
    return TutorStatus(
        id=tutor.id,
        name=tutor.get("name"),
        file=tutor.file,
        house=tutor.get("house"),
        year_group=tutor.get("year_group"),
        associate=staff_name(index, associate) if associate else None,
        meetings=meetings(index, half, [tutee.schedule for tutee in tutees]),
        tutees=tuple(sorted(tutees, key=lambda tutee: (-tutee.schedule.overdue, -tutee.overdue))),
        by_half_term=tuple(meetings_by_half_term(index, [tutee.schedule for tutee in tutees])),
    )


def by_overdue(tutors: list[TutorStatus]) -> list[TutorStatus]:
    """Most meetings overdue first, then most overdue of anything; then by year group and name."""
    return sorted(tutors, key=lambda t: (-t.meetings.overdue, -t.overdue, t.year_group or 0, t.name))


def _tutee(index: RecordIndex, pupil: Record, schedule: PupilSchedule) -> Tutee:
    return Tutee(pupil.id, pupil.get("name"), pupil.get("year"), pupil.get("tutor_group"), pupil.file, schedule,
                 tuple(_target_line(index, target) for target in open_targets(index, pupil.id)
                       if _current(index, target)),
                 tuple(PlannerLine(session.id, session.file, session.get("date"), planner_deadline(index, session),
                                   planner_overdue(index, session))
                       for session in schedule.sessions if not session.get("planner_signed_on")))


def _current(index: RecordIndex, target: OpenTarget) -> bool:
    """Targets set this academic year, and older ones whose review is overdue now."""
    set_in = index.calendar.academic_year_of(held_on(target.session))
    return set_in == index.academic_year or review_overdue(index, target)


def _target_line(index: RecordIndex, target: OpenTarget) -> TargetLine:
    return TargetLine(target.reference, target.target.get("text", ""), target.session.get("date"),
                      target.review_due, review_overdue(index, target))
