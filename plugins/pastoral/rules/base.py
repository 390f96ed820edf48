"""What a rule is, and the registry the engine runs: the engine knows no single rule."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pastoral.core.findings import ERROR, SCHEDULE, WARNING, Finding

if TYPE_CHECKING:  # rules are given the Context, whose findings read the registry
    from pastoral.rules.context import Context

__all__ = ["ERROR", "SCHEDULE", "WARNING", "REGISTRY", "Rule", "rule", "Check", "NOT_WAIVED_INTEGRITY",
           "NOT_WAIVED_SAFEGUARDING"]

Check = Callable[["Context"], Iterable[Finding]]

NOT_WAIVED_INTEGRITY = "integrity and privacy rules are never excused: correct the record instead"
NOT_WAIVED_SAFEGUARDING = ("safeguarding is never waived: only staff with an enhanced DBS check with barred list, "
                           "at the school on the day, work alone with a pupil; record the check, or give the pupils "
                           "to someone who holds one")


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
    never_waived: str = ""
    """Why no waiver may excuse this rule, said to whoever wrote one ('' when a waiver may)."""
    reads_restricted: tuple[str, ...] = ()
    """Restricted fields the rule reads, as 'kind.field': it runs only where they can be read."""
    stands_in: bool = False
    """Runs only where restricted fields cannot be read, as the tutor-facing stand-in for rules that need them."""

    @property
    def waivable(self) -> bool:
        """Whether a waiver (records/waivers/) may excuse this rule's findings for a subject, for a time."""
        return not self.never_waived

    def __call__(self, context: Context) -> list[Finding]:
        return list(self.check(context))


REGISTRY: dict[str, Rule] = {}


def rule(id: str, severity: str, source: str, explanation: str, fix: str, *,
         never_waived: str = "", reads_restricted: tuple[str, ...] = (),
         stands_in: bool = False) -> Callable[[Check], Check]:
    """Register the decorated function ``check(context) -> findings`` as a rule; ``never_waived`` says why
    no waiver may excuse it (the guarantee, safeguarding and integrity rules)."""

    def register(check: Check) -> Check:
        if id in REGISTRY:
            raise ValueError(f"rule {id!r} is registered twice")
        REGISTRY[id] = Rule(id, severity, source, explanation, fix, check, never_waived, reads_restricted, stands_in)
        return check

    return register
