"""What every rule is given: the records, the date to judge by, the school's policy and calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pastoral.calendar import Calendar
from pastoral.findings import Finding
from pastoral.policy import Policy
from pastoral.record import Record
from pastoral.rules.base import REGISTRY, SCHEDULE, WARNING
from pastoral.store import RecordStore


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

        Severity defaults to the rule's; schedule rules report as warnings.
        """
        severity = severity or REGISTRY[rule_id].severity
        return Finding(rule_id, WARNING if severity == SCHEDULE else severity, record.file, message,
                       subject=subject if subject is not None else record.subject, hint=hint,
                       pointer=pointer, detail=detail)
