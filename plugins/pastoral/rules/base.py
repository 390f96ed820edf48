"""What a rule is, and the registry the engine runs: the engine knows no single rule."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pastoral.core.findings import ERROR, SCHEDULE, WARNING, Finding

if TYPE_CHECKING:  # rules are given the Context, whose findings read the registry
    from pastoral.rules.context import Context

__all__ = ["ERROR", "SCHEDULE", "WARNING", "REGISTRY", "Rule", "rule", "Check"]

Check = Callable[["Context"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    """The id from the rule catalogue (rules.md); findings carry it."""
    severity: str
    """``error``, ``warning`` or ``schedule``: the default for its findings."""
    source: str
    """The seed paragraph the rule comes from, e.g. 'Guidance 2010, para 130'."""
    explanation: str
    """One plain-English line on why the rule exists."""
    fix: str
    """What to do about a finding, in words a Head of House understands."""
    check: Check

    def __call__(self, context: Context) -> list[Finding]:
        return list(self.check(context))


REGISTRY: dict[str, Rule] = {}


def rule(id: str, severity: str, source: str, explanation: str, fix: str) -> Callable[[Check], Check]:
    """Register the decorated function ``check(context) -> findings`` as a rule."""

    def register(check: Check) -> Check:
        if id in REGISTRY:
            raise ValueError(f"rule {id!r} is registered twice")
        REGISTRY[id] = Rule(id, severity, source, explanation, fix, check)
        return check

    return register
