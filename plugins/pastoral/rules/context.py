"""What every rule is given: the records, the date to judge by, the school's policy and calendar.

The indexes rules share (who tutors whom today, each pupil's sessions in date
order, staff by role) are built once per Context, on first use, so no rule
scans every record once per pupil.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from pastoral.calendar import Calendar, day
from pastoral.findings import Finding
from pastoral.policy import Policy
from pastoral.record import Record
from pastoral.rules.base import REGISTRY, SCHEDULE, WARNING
from pastoral.store import RecordStore

TUTOR = "tutor"
ASSOCIATE = "associate-tutor"


@dataclass(frozen=True)
class Context:
    store: RecordStore
    as_of: date
    policy: Policy
    calendar: Calendar

    @classmethod
    def of(cls, store: RecordStore, as_of: date) -> Context:
        return cls(store, as_of, Policy.from_school(store.school), Calendar.from_school(store.school))

    def finding(self, rule_id: str, record: Record, message: str, *, pointer: str = "", subject: str | None = None,
                hint: str = "", detail: str = "", severity: str | None = None) -> Finding:
        """A finding of ``rule_id`` about ``record``, at ``pointer`` within it.

        Severity defaults to the rule's; schedule rules report as warnings. ``detail``
        is a stable key that tells apart two findings of one rule about one subject in
        one record; give it whenever the message carries figures that change over time.
        """
        severity = severity or REGISTRY[rule_id].severity
        return Finding(rule_id, WARNING if severity == SCHEDULE else severity, record.file, message,
                       subject=subject if subject is not None else record.subject, hint=hint,
                       pointer=pointer, detail=detail)

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

    # Indexes -------------------------------------------------------------------------------

    @cached_property
    def on_roll(self) -> dict[str, Record]:
        """Pupils on roll on ``as_of``: joined, and not yet left."""
        return {pupil_id: pupil for pupil_id, pupil in self.store.pupils.items()
                if day(pupil.get("joined_on")) <= self.as_of and not self.has_left(pupil)}

    @cached_property
    def active_assignments(self) -> tuple[Record, ...]:
        """Assignments active on ``as_of``, of either role, in file order."""
        return tuple(a for a in self.store.assignments.values() if self.is_active(a))

    @cached_property
    def tutor_assignments_of_pupil(self) -> dict[str, list[Record]]:
        """Pupil id -> that pupil's active assignments with role ``tutor``."""
        index = defaultdict(list)
        for assignment in self.active_assignments:
            if assignment.get("role") == TUTOR:
                index[assignment.get("pupil")].append(assignment)
        return dict(index)

    @cached_property
    def assignments_of_staff(self) -> dict[str, list[Record]]:
        """Staff id -> that person's active assignments (either role)."""
        index = defaultdict(list)
        for assignment in self.active_assignments:
            index[assignment.get("staff")].append(assignment)
        return dict(index)

    @cached_property
    def tutees(self) -> dict[str, list[Record]]:
        """Staff id -> the pupils on roll they tutor today (active ``tutor`` assignments)."""
        index = defaultdict(list)
        for assignment in self.active_assignments:
            pupil = self.on_roll.get(assignment.get("pupil"))
            if assignment.get("role") == TUTOR and pupil is not None:
                index[assignment.get("staff")].append(pupil)
        return dict(index)

    @cached_property
    def sessions_of_pupil(self) -> dict[str, list[Record]]:
        """Pupil id -> that pupil's sessions, oldest first."""
        index = defaultdict(list)
        for session in sorted(self.store.sessions.values(), key=lambda s: (s.get("date"), s.id)):
            index[session.get("pupil")].append(session)
        return dict(index)

    @cached_property
    def staff_with_role(self) -> dict[str, list[Record]]:
        """Role -> the staff holding it (whether or not they have left)."""
        index = defaultdict(list)
        for member in self.store.staff.values():
            for role in member.get("roles", []):
                index[role].append(member)
        return dict(index)

    @cached_property
    def targets(self) -> dict[str, tuple[Record, dict]]:
        """'<session id>#<target id>' -> (the session that set it, the target)."""
        return {f"{session.id}#{target['id']}": (session, target)
                for session in self.store.sessions.values() for target in session.get("targets", [])}

    @cached_property
    def reviews_of_target(self) -> dict[str, list[Record]]:
        """'<session id>#<target id>' -> the sessions that reviewed it."""
        index = defaultdict(list)
        for session in self.store.sessions.values():
            for review in session.get("reviews", []):
                index[review["target"]].append(session)
        return dict(index)
