"""Why a pupil needs attention, in plain words: the status pages and the nightly reminder say it alike.

Only findings that ask someone to do something count: a planner signed late
is history, not a to-do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pastoral.core.findings import Finding

ATTENTION = {
    "tutor-assigned": "no named tutor",
    "pupil-informed": "not yet told who their tutor is",
    "meetings-per-year": "sessions overdue",
    "targets-reviewed": "targets not reviewed",
    "half-termly-targets": "half-terms with no targets or reviews recorded",
    "planner-signed": "planner signatures to chase",
}
"""The rules whose findings put a pupil on a 'needs attention' list, and the words for each, most urgent first."""

COUNTED = frozenset({"meetings-per-year", "targets-reviewed", "half-termly-targets", "planner-signed"})
"""Reasons that say how many, in brackets after the words; the others are said once."""


def is_attention(finding: Finding) -> bool:
    """Whether a finding puts its pupil on a 'needs attention' list."""
    return finding.rule in ATTENTION and not (finding.rule == "planner-signed" and finding.detail == "late")


def reasons(findings: Iterable[Finding], overdue_meetings: int | None = None) -> list[str]:
    """Each reason once, most urgent first, with how many ('targets not reviewed (2)'). One
    ``meetings-per-year`` finding covers all of a pupil's overdue meetings: ``overdue_meetings`` says how
    many, else that reason goes uncounted."""
    counts = Counter(finding.rule for finding in findings if is_attention(finding))
    words = []
    for rule, label in ATTENTION.items():
        if counts[rule]:
            count = overdue_meetings if rule == "meetings-per-year" else counts[rule]
            words.append(f"{label} ({count})" if rule in COUNTED and count is not None else label)
    return words
