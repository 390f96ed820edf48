"""The rule catalogue as code: importing this package registers every rule, in catalogue order."""

from __future__ import annotations

from collections.abc import Iterable

# The import order is the catalogue's order, which the registry and reports keep.
# isort: off
from pastoral.rules import integrity  # noqa: F401 - each import registers its rules
from pastoral.rules import boundary  # noqa: F401
from pastoral.rules import guarantee  # noqa: F401
from pastoral.rules import referrals  # noqa: F401
from pastoral.rules import tutor_role  # noqa: F401
from pastoral.rules import sessions  # noqa: F401
from pastoral.rules import programme  # noqa: F401
from pastoral.rules import schedule  # noqa: F401
from pastoral.rules import data_protection  # noqa: F401
from pastoral.rules import ownership  # noqa: F401
# isort: on

from collections.abc import Mapping

from pastoral.core.findings import Finding
from pastoral.core.kinds import SCHOOL
from pastoral.core.reads import RuleRun, reading
from pastoral.rules.base import REGISTRY, Rule
from pastoral.rules.context import Context

__all__ = ["REGISTRY", "Rule", "Context", "RuleRun", "run_rules", "run_tracked"]


def run_rules(context: Context, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Every finding of every rule (or of ``rules``), in registry order."""
    return [finding for run in run_tracked(context, rules).values() for finding in run.findings]


def run_tracked(context: Context, rules: Iterable[Rule] | None = None, earlier: Mapping[str, RuleRun] | None = None,
                changed: frozenset[str] = frozenset()) -> dict[str, RuleRun]:
    """Rule id -> what each rule (of ``rules``, by default every one) found and read, in registry order.

    ``earlier``: what the rules found on records that differ from these only in the ``changed`` kinds. A rule
    that read none of them reads the very same values again, so its earlier findings are kept, not worked out.
    Every rule reads the school profile (the calendar and the policy the context is built from).
    """
    earlier = earlier or {}
    runs: dict[str, RuleRun] = {}
    for rule in rules or REGISTRY.values():
        before = earlier.get(rule.id)
        if before is not None and not before.reads & changed:
            runs[rule.id] = before
        else:
            findings, reads = reading(context.store, lambda rule=rule: rule(context))  # type: ignore[misc]
            runs[rule.id] = RuleRun(reads | {SCHOOL.name}, findings)
    return runs
