"""One index of the records on a date: who is on roll, who tutors whom, each pupil's sessions.

Rules, status pages and commands all read the records through it. Each index
is built once, on first use, so no reader scans every record once per pupil.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import NamedTuple, Self

from pastoral.core.calendar import Calendar, day
from pastoral.core.policy import Policy
from pastoral.core.reads import indexed
from pastoral.core.record import Record
from pastoral.core.store import RecordStore

TUTOR = "tutor"
ASSOCIATE = "associate-tutor"


class Cover(NamedTuple):
    """Who may hold a session with one pupil on one day, by staff id (a named tuple: ``session-tutor`` makes
    one per session, and a frozen dataclass took twice as long to make)."""

    tutors: tuple[str, ...]
    associates: frozenset[str]
    covering: frozenset[str]
    """Named as cover on an absence of the tutor's that includes the day."""
    away: dict[str, dict]
    """Tutor id -> their absence that includes the day."""

    def allows(self, staff_id: str) -> bool:
        return staff_id in self.tutors or staff_id in self.associates or staff_id in self.covering


@dataclass(frozen=True)
class RecordIndex:
    store: RecordStore
    as_of: date
    policy: Policy
    calendar: Calendar

    @classmethod
    def of(cls, store: RecordStore, as_of: date) -> Self:
        return cls(store, as_of, Policy.from_school(store.school), Calendar.from_school(store.school))

    # Dates ---------------------------------------------------------------------------------

    @cached_property
    def academic_year(self) -> str:
        """The academic year ``as_of`` falls in: the one schedule rules judge."""
        return self.calendar.academic_year_of(self.as_of)

    def is_active(self, assignment: Record, on: date | None = None) -> bool:
        """Whether an assignment is active on a day (``as_of`` by default): started, and its
        ``to`` absent or later (records contract)."""
        on = on or self.as_of
        ends = day(assignment.get("to"))
        return day(assignment.get("from")) <= on and (ends is None or ends > on)

    def has_left(self, record: Record, on: date | None = None) -> bool:
        """Whether a pupil or member of staff has left by a day (``as_of`` by default)."""
        left = day(record.get("left_on"))
        return left is not None and left <= (on or self.as_of)

    def absence(self, member: Record, on: date) -> dict | None:
        """The absence on a member of staff's record that covers a day, if any (``until`` absent: still away)."""
        for away in member.get("absences", []):
            if date.fromisoformat(away["from"]) <= on and (away.get("until") is None
                                                           or on <= date.fromisoformat(away["until"])):
                return away
        return None

    def assigned_by_role(self, pupil_id: str, on: date) -> dict[str, list[Record]]:
        """Role -> the staff of a pupil's assignments in that role active on a day (any day, not only ``as_of``),
        earliest first: one pass over the pupil's assignments serves every role."""
        by_role: dict[str, list[Record]] = {}
        for assignment in self.assignments_of_pupil.get(pupil_id, []):
            member = self.store.staff.get(assignment.get("staff"))
            if member is not None and self.is_active(assignment, on):
                by_role.setdefault(assignment.get("role"), []).append(member)
        return by_role

    def who_may_hold(self, pupil_id: str, on: date) -> Cover:
        """Who may hold a session with a pupil on a day (Tutor job description, Associate Tutor): the pupil's
        tutor, their associate tutor (by assignment, or the tutor's named associate), and whoever covers an
        absence recorded on the tutor's staff record."""
        assigned = self.assigned_by_role(pupil_id, on)
        tutors = assigned.get(TUTOR, [])
        associates = {m.id for m in assigned.get(ASSOCIATE, [])}
        away = {}
        for tutor in tutors:
            if named := tutor.get("associate"):
                associates.add(named)
            if (absence := self.absence(tutor, on)) is not None:
                away[tutor.id] = absence
        covering = {absence["covered_by"] for absence in away.values() if absence.get("covered_by")}
        return Cover(tuple(t.id for t in tutors), frozenset(associates), frozenset(covering), away)

    # Indexes -------------------------------------------------------------------------------

    @indexed
    def on_roll(self) -> dict[str, Record]:
        """Pupils on roll on ``as_of``: joined, and not yet left."""
        return {pupil_id: pupil for pupil_id, pupil in self.store.pupils.items()
                if day(pupil.get("joined_on")) <= self.as_of and not self.has_left(pupil)}

    @indexed
    def active_assignments(self) -> tuple[Record, ...]:
        """Assignments active on ``as_of``, of either role, in file order."""
        return tuple(a for a in self.store.assignments.values() if self.is_active(a))

    @indexed
    def guaranteed_assignments(self) -> tuple[tuple[Record, Record], ...]:
        """Active assignments (of either role) of pupils on roll in the Pupil Guarantee's year groups, each with the
        pupil's record, in file order: four of the guarantee's rules read them."""
        found = []
        for assignment in self.active_assignments:
            pupil = self.on_roll.get(assignment.get("pupil"))
            if pupil is not None and self.policy.guarantees(pupil.get("year")):
                found.append((assignment, pupil))
        return tuple(found)

    @indexed
    def tutoring(self) -> tuple[tuple[Record, Record, Record], ...]:
        """(assignment, pupil, member of staff) for each active ``tutor`` assignment of a pupil on roll to a member
        of staff on record, in file order."""
        found = []
        for assignment in self.active_assignments:
            pupil = self.on_roll.get(assignment.get("pupil"))
            member = self.store.staff.get(assignment.get("staff"))
            if assignment.get("role") == TUTOR and pupil is not None and member is not None:
                found.append((assignment, pupil, member))
        return tuple(found)

    @indexed
    def tutor_assignments_of_pupil(self) -> dict[str, list[Record]]:
        """Pupil id -> that pupil's active assignments with role ``tutor``."""
        index = defaultdict(list)
        for assignment in self.active_assignments:
            if assignment.get("role") == TUTOR:
                index[assignment.get("pupil")].append(assignment)
        return dict(index)

    @indexed
    def assignments_of_pupil(self) -> dict[str, list[Record]]:
        """Pupil id -> every assignment of that pupil, past and present, earliest first."""
        index = defaultdict(list)
        for assignment in sorted(self.store.assignments.values(), key=lambda a: a.get("from")):
            index[assignment.get("pupil")].append(assignment)
        return dict(index)

    @indexed
    def assignments_of_staff(self) -> dict[str, list[Record]]:
        """Staff id -> that person's active assignments (either role)."""
        index = defaultdict(list)
        for assignment in self.active_assignments:
            index[assignment.get("staff")].append(assignment)
        return dict(index)

    @indexed
    def tutoring_since(self) -> dict[str, date]:
        """Staff id -> the earliest start among that person's active assignments (either role)."""
        return {staff_id: min(day(a.get("from")) for a in assignments)
                for staff_id, assignments in self.assignments_of_staff.items()}

    @indexed
    def tutees(self) -> dict[str, list[Record]]:
        """Staff id -> the pupils on roll they tutor today (active ``tutor`` assignments)."""
        index = defaultdict(list)
        for assignment in self.active_assignments:
            pupil = self.on_roll.get(assignment.get("pupil"))
            if assignment.get("role") == TUTOR and pupil is not None:
                index[assignment.get("staff")].append(pupil)
        return dict(index)

    @indexed
    def sessions_of_pupil(self) -> dict[str, list[Record]]:
        """Pupil id -> that pupil's sessions, oldest first."""
        index = defaultdict(list)
        for session in sorted(self.store.sessions.values(), key=lambda s: (s.get("date"), s.id)):
            index[session.get("pupil")].append(session)
        return dict(index)

    @indexed
    def staff_with_role(self) -> dict[str, list[Record]]:
        """Role -> the staff holding it (whether or not they have left)."""
        index = defaultdict(list)
        for member in self.store.staff.values():
            for role in member.get("roles", []):
                index[role].append(member)
        return dict(index)

    @indexed
    def targets(self) -> dict[str, tuple[Record, dict]]:
        """'<session id>#<target id>' -> (the session that set it, the target)."""
        return {f"{session.id}#{target['id']}": (session, target)
                for session in self.store.sessions.values() for target in session.get("targets", [])}

    @indexed
    def reviews_of_target(self) -> dict[str, list[Record]]:
        """'<session id>#<target id>' -> the sessions that reviewed it."""
        index = defaultdict(list)
        for session in self.store.sessions.values():
            for review in session.get("reviews", []):
                index[review["target"]].append(session)
        return dict(index)
