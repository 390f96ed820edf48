"""The rule catalogue as code: importing this package registers every rule, in catalogue order."""

# isort: off - the import order is the catalogue's order, which the registry and reports keep
from pastoral.rules import guarantee, integrity, ownership, programme, schedule, tutor_role  # noqa: F401 - register rules

# isort: on
from pastoral.rules.base import REGISTRY, Rule
from pastoral.rules.context import Context

__all__ = ["REGISTRY", "Rule", "Context", "run_rules"]


def run_rules(context: Context, rules=None) -> list:
    """Every finding of every rule (or of ``rules``), in registry order."""
    findings = []
    for rule in rules or REGISTRY.values():
        findings.extend(rule(context))
    return findings
