"""The rule catalogue as code: importing this package registers every rule."""

from pastoral.rules import integrity  # noqa: F401 - registers its rules
from pastoral.rules.base import REGISTRY, Rule
from pastoral.rules.context import Context

__all__ = ["REGISTRY", "Rule", "Context", "run_rules"]


def run_rules(context: Context, rules=None) -> list:
    """Every finding of every rule (or of ``rules``), in registry order."""
    findings = []
    for rule in rules or REGISTRY.values():
        findings.extend(rule(context))
    return findings
