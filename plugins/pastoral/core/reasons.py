"""Why a pupil needs attention, in plain words: the status pages and the nightly reminder say it alike.

Only findings that ask someone to do something count: a planner signed late
is history, not a to-do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pastoral.core.findings import Finding

ATTENTION = {
    "tutor-assigned": ("no named tutor", None),
    "pupil-informed": ("not yet told who their tutor is", None),
    "meetings-per-year": ("mentoring session overdue", "mentoring sessions overdue"),
    "targets-reviewed": ("target waiting for review", "targets waiting for review"),
    "half-termly-targets": ("half-term with no targets or reviews recorded",
                            "half-terms with no targets or reviews recorded"),
    "planner-signed": ("planner signature to chase", "planner signatures to chase"),
}
"""Rule -> the words for one and for several (None: said once, never counted), most urgent first."""


def is_attention(finding: Finding) -> bool:
    """Whether a finding puts its pupil on a 'needs attention' list."""
    return finding.rule in ATTENTION and not (finding.rule == "planner-signed" and finding.detail == "late")


def reasons(findings: Iterable[Finding], overdue_meetings: int | None = None) -> list[str]:
    """Each reason once, most urgent first, counted ('2 targets waiting for review'). One
    ``meetings-per-year`` finding covers all of a pupil's overdue meetings: ``overdue_meetings`` says how
    many, else the words go uncounted."""
    counts = Counter(finding.rule for finding in findings if is_attention(finding))
    words = []
    for rule, (one, several) in ATTENTION.items():
        if not counts[rule]:
            continue
        count = overdue_meetings if rule == "meetings-per-year" else counts[rule]
        if several is None:
            words.append(one)
        elif count is None:
            words.append(several)
        else:
            words.append(f"{count} {one if count == 1 else several}")
    return words
