"""What every rule is given: the records index on the date to judge by, and a way to say what it found."""

from __future__ import annotations

from dataclasses import dataclass

from pastoral.core.findings import SCHEDULE, WARNING, Finding
from pastoral.core.index import RecordIndex
from pastoral.core.record import Record
from pastoral.rules.base import REGISTRY


@dataclass(frozen=True)
class Context(RecordIndex):
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
