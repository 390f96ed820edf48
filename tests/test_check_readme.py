"""The README's table of rules says what the registry says: every rule, and its advice word for word."""

from __future__ import annotations

import re

from tests.conftest import REPO

from pastoral.rules import REGISTRY


def test_the_readme_lists_every_rule_with_its_fix():
    section = (REPO / "README.md").read_text(encoding="utf-8").split("## The rules\n", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| [^|]+ \| (.+) \|$", section, re.MULTILINE))
    assert rows == {rule.id: rule.fix for rule in REGISTRY.values()}
