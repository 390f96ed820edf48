"""The README's table of rules says what the registry says: every rule, whether it can be waived, and its advice
word for word."""

from __future__ import annotations

import re

from tests.conftest import REPO

from pastoral.rules import REGISTRY


def test_the_readme_lists_every_rule_with_whether_it_can_be_waived_and_its_fix():
    section = (REPO / "README.md").read_text(encoding="utf-8").split("## The rules\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z-]+)` \| [^|]+ \| (yes|no) \| (.+) \|$", section, re.MULTILINE)
    assert {rule: (waivable, fix) for rule, waivable, fix in rows} == \
        {rule.id: ("yes" if rule.waivable else "no", rule.fix) for rule in REGISTRY.values()}
