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

from pastoral.core.findings import Finding
from pastoral.rules.base import REGISTRY, Rule
from pastoral.rules.context import Context

__all__ = ["REGISTRY", "Rule", "Context", "run_rules"]


def run_rules(context: Context, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Every finding of every rule (or of ``rules``), in registry order."""
    findings: list[Finding] = []
    for rule in rules or REGISTRY.values():
        findings.extend(rule(context))
    return findings
