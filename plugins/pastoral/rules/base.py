"""What a rule is, and the registry the engine runs: the engine knows no single rule."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pastoral.core.findings import ERROR, SCHEDULE, WARNING, Finding

__all__ = ["ERROR", "SCHEDULE", "WARNING", "REGISTRY", "Rule", "rule"]


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
    check: Callable[[Context], Iterable[Finding]]  # noqa: F821 - see pastoral.rules.context
    reads_restricted: tuple[str, ...] = ()
    """Restricted fields the rule reads, as 'kind.field': it runs only where they can be read."""
    stands_in: bool = False
    """Runs only where restricted fields cannot be read, as the tutor-facing stand-in for rules that need them."""

    def __call__(self, context) -> list[Finding]:
        return list(self.check(context))


REGISTRY: dict[str, Rule] = {}


def rule(id: str, severity: str, source: str, explanation: str, fix: str, *,
         reads_restricted: tuple[str, ...] = (), stands_in: bool = False):
    """Register the decorated function ``check(context) -> findings`` as a rule."""

    def register(check):
        if id in REGISTRY:
            raise ValueError(f"rule {id!r} is registered twice")
        REGISTRY[id] = Rule(id, severity, source, explanation, fix, check, reads_restricted, stands_in)
        return check

    return register
