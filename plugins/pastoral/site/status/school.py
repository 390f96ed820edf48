"""The figures of the overview and of each House's dashboard, from one checked set of records.

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
from pastoral.core.reasons import is_attention
from pastoral.core.record import Record
from pastoral.core.schedule import PupilSchedule, current_half_term, pupil_schedule
from pastoral.rules import REGISTRY, Context
from pastoral.site.status.attention import NO_TUTOR, PupilAttention, attention_by_tutor
from pastoral.site.status.figures import Meetings, Progress, meetings, staff_name, with_tutor
from pastoral.site.status.matrix import HalfTermMatrix, HouseMatrix, matrix_row, started_half_terms
from pastoral.site.status.series import HalfTermPoint, meetings_by_half_term
from pastoral.site.status.tutors import TutorStatus, by_overdue, tutor_status


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
class AttentionGroup:
    """The pupils needing attention who share a tutor (or have none)."""

    tutor: TutorStatus | None
    """None for pupils with no named tutor, or whose tutor is not one of the House's current tutors."""
    tutor_name: str
    pupils: tuple[PupilAttention, ...]


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
    tutors: list[TutorStatus]
    """The House's current tutors, most overdue first."""
    attention: list[AttentionGroup]
    """Pupils needing attention, grouped by tutor in the order of ``tutors``."""
    other_findings: list[Finding]
    """Findings about the House's pupils, staff and record that the attention list does not show."""
    findings: int
    errors: int
    by_half_term: list[HalfTermPoint]

    @property
    def pupils_needing_attention(self) -> int:
        return sum(len(group.pupils) for group in self.attention)

    @property
    def tutors_behind(self) -> int:
        return sum(tutor.behind for tutor in self.tutors)


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
    by_half_term: list[HalfTermPoint]
    matrices: list[HalfTermMatrix]

    @property
    def tutors(self) -> list[TutorStatus]:
        """Every House's current tutors: each has a page of their own."""
        return [tutor for house in self.houses for tutor in house.tutors]


def school_status(checked: Checked) -> SchoolStatus:
    """Every figure of the overview, each House's page, each tutor's page and the House Matrix report."""
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
        with_tutor=with_tutor(context, context.on_roll.values()),
        meetings=meetings(context, half, schedules.values()),
        findings_by_rule=_by_rule(checked.findings),
        houses=houses,
        findings=len(checked.findings),
        by_half_term=meetings_by_half_term(context, schedules.values()),
        matrices=_matrices(context, houses, schedules),
    )


def _house_status(context: Context, house: Record, half: HalfTerm | None, schedules: dict[str, PupilSchedule],
                  findings: list[Finding]) -> HouseStatus:
    pupils = [pupil for pupil in context.on_roll.values() if pupil.get("house") == house.id]
    members = [member for member in context.staff_with_role.get("tutor", [])
               if member.get("house") == house.id and not context.has_left(member)]
    tutors = by_overdue([tutor_status(context, member, half, schedules) for member in members])
    house_schedules = [schedules[pupil.id] for pupil in pupils]
    groups = attention_by_tutor(context, findings, {pupil.id: schedules[pupil.id].overdue for pupil in pupils})
    return HouseStatus(
        id=house.id,
        name=house.get("name"),
        file=house.file,
        colour=house.get("colour"),
        head_of_house=staff_name(context, house.get("head_of_house")),
        tutor_room=house.get("tutor_room"),
        on_roll=len(pupils),
        with_tutor=with_tutor(context, pupils),
        meetings=meetings(context, half, house_schedules),
        tutors=tutors,
        attention=_groups(context, tutors, groups),
        other_findings=sorted((finding for finding in findings if not _on_attention_list(context, finding)),
                              key=sort_key),
        findings=len(findings),
        errors=sum(finding.blocking for finding in findings),
        by_half_term=meetings_by_half_term(context, house_schedules),
    )


def _on_attention_list(context: Context, finding: Finding) -> bool:
    return is_attention(finding) and finding.subject in context.store.pupils


def _groups(context: Context, tutors: list[TutorStatus],
            groups: dict[str, list[PupilAttention]]) -> list[AttentionGroup]:
    """One group per tutor with pupils to list, in the dashboard's order; pupils with no named tutor
    (or a tutor from elsewhere) first, as they are the most urgent."""
    listed = [AttentionGroup(tutor, tutor.name, tuple(groups[tutor.id])) for tutor in tutors if tutor.id in groups]
    known = {tutor.id for tutor in tutors}
    others = [AttentionGroup(None, "No named tutor" if tutor_id == NO_TUTOR else staff_name(context, tutor_id),
                             tuple(pupils))
              for tutor_id, pupils in sorted(groups.items()) if tutor_id not in known]
    return others + listed


def _matrices(context: Context, houses: list[HouseStatus],
              schedules: dict[str, PupilSchedule]) -> list[HalfTermMatrix]:
    matrices = []
    for number, half in started_half_terms(context):
        house_matrices = tuple(
            HouseMatrix(house.name, house.head_of_house, tuple(
                matrix_row(context, tutor.name, [tutee.id for tutee in tutor.tutees],
                           half, schedules)
                for tutor in sorted(house.tutors, key=lambda t: (t.year_group or 0, t.name))))
            for house in houses)
        matrices.append(HalfTermMatrix(number, half, half.ends < context.as_of, house_matrices))
    return matrices


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
