"""The rule catalogue as code: importing this package registers every rule, one module per group of the catalogue."""

from pastoral.rules import guarantee, integrity, programme, referrals, schedule, sessions, tutor_role  # noqa: F401
from pastoral.rules.base import REGISTRY, Rule
from pastoral.rules.context import Context

__all__ = ["REGISTRY", "Rule", "Context", "run_rules"]


def run_rules(context: Context, rules=None) -> list:
    """Every finding of every rule (or of ``rules``), in registry order."""
    findings = []
    for rule in rules or REGISTRY.values():
        findings.extend(rule(context))
    return findings
