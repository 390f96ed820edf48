"""Which pupils need attention, and why, in words a Head of House reads on a Monday morning.

A pupil is listed once, under their tutor, with each reason said plainly
("sessions overdue (2)"); the findings behind the reasons (the rules'
own wording) go behind a disclosure on the page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pastoral.core.findings import Finding, sort_key
from pastoral.core.index import RecordIndex
from pastoral.core.reasons import is_attention, reasons
from pastoral.core.record import Record
from pastoral.site.status.figures import by_year_and_name

NO_TUTOR = ""
"""The tutor id pupils with no named tutor are grouped under."""


@dataclass(frozen=True)
class PupilAttention:
    id: str
    name: str
    year: int
    tutor_group: str
    file: str
    tutor: str
    """The id of the tutor the pupil is listed under (NO_TUTOR when they have none)."""
    findings: tuple[Finding, ...]
    overdue_meetings: int

    @property
    def reasons(self) -> list[str]:
        """Each reason once, in plain words, most urgent first."""
        return reasons(self.findings, self.overdue_meetings)


def attention_by_tutor(index: RecordIndex, findings: list[Finding],
                       overdue_meetings: dict[str, int]) -> dict[str, list[PupilAttention]]:
    """Tutor id -> their pupils needing attention (by year and name), each pupil once."""
    about: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if is_attention(finding) and finding.subject in index.store.pupils:
            about[finding.subject].append(finding)
    groups: dict[str, list[PupilAttention]] = defaultdict(list)
    for pupil in sorted((index.store.pupils[pupil_id] for pupil_id in about), key=by_year_and_name):
        tutor = tutor_of(index, pupil)
        groups[tutor].append(PupilAttention(
            pupil.id, pupil.get("name"), pupil.get("year"), pupil.get("tutor_group"), pupil.file, tutor,
            tuple(sorted(about[pupil.id], key=sort_key)), overdue_meetings.get(pupil.id, 0)))
    return dict(groups)


def tutor_of(index: RecordIndex, pupil: Record) -> str:
    """The pupil's current tutor (the first active assignment), or NO_TUTOR."""
    assignments = index.tutor_assignments_of_pupil.get(pupil.id)
    return assignments[0].get("staff") if assignments else NO_TUTOR
