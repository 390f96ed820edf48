"""The figures on the status pages, worked out from one checked set of records.

Everything here reads what ``pastoral check`` produced: the records store, the
rules' Context (who tutors whom, who is on roll) and its findings, and
``pastoral.core.schedule`` for what is due. Nothing about the schedule is worked out
again, so a page and a finding never disagree.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from pastoral.checking.checker import Checked
from pastoral.core.calendar import HalfTerm
from pastoral.core.findings import Finding, sort_key
from pastoral.core.record import Record
from pastoral.core.schedule import PupilSchedule, current_half_term, half_term_status, pupil_schedule
from pastoral.rules import REGISTRY, Context

ATTENTION = {
    "tutor-assigned": "no named tutor",
    "meetings-per-year": "sessions overdue",
    "targets-reviewed": "targets not reviewed",
    "pupil-informed": "not yet told who their tutor is",
}
"""The rules whose findings put a pupil on their House's 'needs attention' list, and the words
the list uses for each."""


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

    by_half_term_end: Progress
    """Meetings due by the end of the current half-term, and how many of them are held."""
    this_year: Progress
    """Meetings due this academic year, and how many of them are held."""
    held_this_half_term: int
    """Sessions dated in the current half-term (or the holiday after it)."""
    to_hold_this_half_term: int
    """Meetings still to hold before the current half-term ends, overdue ones included."""
    overdue: int
    """Meetings past their due date and not held."""


@dataclass(frozen=True)
class TutorRow:
    id: str
    name: str
    file: str
    year_group: int | None
    associate: str | None
    """The associate tutor's name (their id when they have no record)."""
    caseload: int
    meetings: Meetings
    targets: Progress
    """Targets set this academic year for the tutor's pupils, and how many are reviewed."""
    planner_pending: int
    """This year's sessions of the tutor's pupils with no planner signature yet."""


@dataclass(frozen=True)
class PupilAttention:
    id: str
    name: str
    year: int
    tutor_group: str
    file: str
    findings: tuple[Finding, ...]

    @property
    def reasons(self) -> list[str]:
        return list(dict.fromkeys(ATTENTION[finding.rule] for finding in self.findings))


@dataclass(frozen=True)
class RuleCount:
    rule: str
    explanation: str
    errors: int
    warnings: int

    @property
    def total(self) -> int:
        return self.errors + self.warnings


@dataclass(frozen=True)
class HouseStatus:
    id: str
    name: str
    file: str
    colour: str | None
    head_of_house: str
    tutor_room: str
    on_roll: int
    with_tutor: Progress
    """Pupils the Pupil Guarantee covers, and how many of them have a named tutor."""
    meetings: Meetings
    tutors: list[TutorRow]
    attention: list[PupilAttention]
    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(finding.blocking for finding in self.findings)


@dataclass(frozen=True)
class SchoolStatus:
    name: str
    as_of: date
    half_term: HalfTerm | None
    on_roll: int
    with_tutor: Progress
    meetings: Meetings
    findings_by_rule: list[RuleCount]
    houses: list[HouseStatus]
    findings: int


def school_status(checked: Checked) -> SchoolStatus:
    """Every figure of the overview and of each House's page."""
    context = checked.context
    half = current_half_term(context)
    schedules = {pupil_id: pupil_schedule(context, pupil_id) for pupil_id in context.on_roll}
    findings_of_house = _findings_by_house(context.store, checked.findings)
    houses = [_house_status(context, house, half, schedules, findings_of_house[house.id])
              for house in sorted(context.store.houses.values(), key=lambda h: h.get("name"))]
    return SchoolStatus(
        name=context.store.school.get("name", "The school"),
        as_of=context.as_of,
        half_term=half,
        on_roll=len(context.on_roll),
        with_tutor=_with_tutor(context, context.on_roll.values()),
        meetings=_meetings(context, half, schedules.values()),
        findings_by_rule=_by_rule(checked.findings),
        houses=houses,
        findings=len(checked.findings),
    )


def _house_status(context: Context, house: Record, half: HalfTerm | None, schedules: dict[str, PupilSchedule],
                  findings: list[Finding]) -> HouseStatus:
    pupils = [pupil for pupil in context.on_roll.values() if pupil.get("house") == house.id]
    tutors = [member for member in context.staff_with_role.get("tutor", [])
              if member.get("house") == house.id and not context.has_left(member)]
    return HouseStatus(
        id=house.id,
        name=house.get("name"),
        file=house.file,
        colour=house.get("colour"),
        head_of_house=_name(context, house.get("head_of_house")),
        tutor_room=house.get("tutor_room"),
        on_roll=len(pupils),
        with_tutor=_with_tutor(context, pupils),
        meetings=_meetings(context, half, [schedules[pupil.id] for pupil in pupils]),
        tutors=[_tutor_row(context, tutor, half, schedules) for tutor in sorted(tutors, key=_by_year_and_name)],
        attention=_attention(context, findings),
        findings=sorted(findings, key=sort_key),
    )


def _tutor_row(context: Context, tutor: Record, half: HalfTerm | None,
               schedules: dict[str, PupilSchedule]) -> TutorRow:
    pupils = context.tutees.get(tutor.id, [])
    sessions = [session for pupil in pupils for session in schedules[pupil.id].sessions]
    targets = [f"{session.id}#{target['id']}" for session in sessions for target in session.get("targets", [])]
    associate = tutor.get("associate")
    return TutorRow(
        id=tutor.id,
        name=tutor.get("name"),
        file=tutor.file,
        year_group=tutor.get("year_group"),
        associate=_name(context, associate) if associate else None,
        caseload=len(pupils),
        meetings=_meetings(context, half, [schedules[pupil.id] for pupil in pupils]),
        targets=Progress(sum(target in context.reviews_of_target for target in targets), len(targets)),
        planner_pending=sum(not session.get("planner_signed_on") for session in sessions),
    )


def _with_tutor(context: Context, pupils) -> Progress:
    covered = [pupil for pupil in pupils if pupil.get("year") >= context.policy.guarantee_from_year]
    return Progress(sum(pupil.id in context.tutor_assignments_of_pupil for pupil in covered), len(covered))


def _meetings(context: Context, half: HalfTerm | None, schedules) -> Meetings:
    by_half_end = this_year = NO_PROGRESS
    held_in_half = to_hold = overdue = 0
    for schedule in schedules:
        due_by_end = sum(due <= half.ends for due in schedule.due) if half and schedule.applies else 0
        by_half_end += Progress(min(schedule.held, due_by_end), due_by_end)
        this_year += Progress(min(schedule.held, schedule.required), schedule.required)
        to_hold += max(0, due_by_end - schedule.held)
        overdue += schedule.overdue
        if half is not None:
            held_in_half += len(half_term_status(context, schedule.pupil, half).sessions)
    return Meetings(by_half_end, this_year, held_in_half, to_hold, overdue)


def _attention(context: Context, findings: list[Finding]) -> list[PupilAttention]:
    about = defaultdict(list)
    for finding in findings:
        if finding.rule in ATTENTION and finding.subject in context.store.pupils:
            about[finding.subject].append(finding)
    pupils = sorted((context.store.pupils[pupil_id] for pupil_id in about), key=_by_year_and_name)
    return [PupilAttention(pupil.id, pupil.get("name"), pupil.get("year"), pupil.get("tutor_group"), pupil.file,
                           tuple(sorted(about[pupil.id], key=sort_key)))
            for pupil in pupils]


def _findings_by_house(store, findings: list[Finding]) -> dict[str, list[Finding]]:
    """Each House's findings: about its pupils or staff, or about the House's own record."""
    by_house = defaultdict(list)
    for finding in findings:
        subject = store.pupils.get(finding.subject) or store.staff.get(finding.subject)
        house = subject.get("house") if subject else _house_of_file(store, finding.file)
        if house:
            by_house[house].append(finding)
    return by_house


def _house_of_file(store, file: str) -> str | None:
    return next((house.id for house in store.houses.values() if house.file == file), None)


def _by_rule(findings: list[Finding]) -> list[RuleCount]:
    errors = Counter(finding.rule for finding in findings if finding.blocking)
    warnings = Counter(finding.rule for finding in findings if not finding.blocking)
    counts = [RuleCount(rule, REGISTRY[rule].explanation if rule in REGISTRY else "", errors[rule], warnings[rule])
              for rule in errors | warnings]
    return sorted(counts, key=lambda count: (-count.errors, -count.total, count.rule))


def _name(context: Context, staff_id: str) -> str:
    member = context.store.staff.get(staff_id)
    return member.get("name") if member else staff_id


def _by_year_and_name(record: Record):
    return (record.get("year") or record.get("year_group") or 0, record.get("name"))
