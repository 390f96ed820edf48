"""The Markdown job summary GitHub shows on a workflow run: counts by rule and by House, and the
blocking findings with what to do, in words a Head of House understands.

GitHub refuses a step summary over 1 MiB, so the table of blocking findings is
cut short, with a note of how many were left out, before the file would pass it.
Record text is escaped so that it can neither break the table nor add HTML, Markdown (a link, an image, a
heading) or a workflow command.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from pastoral.core.escape import ci_inert
from pastoral.reporters.report import Report
from pastoral.rules import REGISTRY

LIMIT = 1024 * 1024
"""GitHub's limit for one step's summary, in bytes."""
NOTE_ROOM = 512
"""Bytes kept free for the closing note that says how many findings were left out."""
NO_HOUSE = "(no House)"


_MARKDOWN = re.compile(r"([\\`*_\[\]#~|])")
"""What Markdown reads as markup in a table cell: emphasis, code, links and images (no '[', no link), a heading
(were a cell ever to start a line), a strike, the end of the cell."""
_AUTOLINKS = ((re.compile(r"://"), ":&#47;&#47;"), (re.compile(r"(?i)\bwww\."), lambda m: m[0][:3] + "&#46;"),
              (re.compile(r"@"), "&#64;"))
"""What GitHub turns into a link with no markup at all: a web address, 'www.' and an e-mail address."""


def cell(text: str) -> str:
    """Text from records made inert in one Markdown table cell: one line with no workflow command or bidi
    control (``ci_inert``), no HTML, and no Markdown: no link, image, heading or emphasis, no extra cell."""
    text = ci_inert(" ".join(str(text).split()))
    text = _MARKDOWN.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    for pattern, replacement in _AUTOLINKS:
        text = pattern.sub(replacement, text)
    return text


def fix_for(finding) -> str:
    """What to do, in plain words: the rule's own advice, or the finding's hint for checks outside the catalogue."""
    rule = REGISTRY.get(finding.rule)
    return rule.fix if rule is not None else finding.hint or "See the message."


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _counts_table(title: str, heading: str, rows: list[tuple[str, int, int, str]], explain: bool) -> str:
    lines = [f"### {title}", "",
             f"| {heading} | Blocking | Not blocking |" + (" Why it matters |" if explain else ""),
             "|---|---:|---:|" + ("---|" if explain else "")]
    for name, blocking, other, why in rows:
        lines.append(f"| {cell(name)} | {blocking} | {other} |" + (f" {cell(why)} |" if explain else ""))
    return "\n".join(lines) + "\n\n"


def render(report: Report, budget: int = LIMIT) -> str:
    """The summary in at most ``budget`` bytes (an empty string when not even the heading fits)."""
    blocking = report.blocking
    verdict = "FAILED" if blocking else "OK"
    text = f"## pastoral {report.command}: {verdict}\n\n{cell(report.counts())}\n\n"
    if report.findings:
        rules: Counter[tuple[str, bool]] = Counter()
        houses: Counter[tuple[str, bool]] = Counter()
        for finding in report.findings:
            blocks = report.blocks(finding)
            rules[finding.rule, blocks] += 1
            houses[report.houses.get(finding.subject or "", NO_HOUSE), blocks] += 1
        rule_ids = sorted({rule for rule, _ in rules}, key=lambda r: (-rules[r, True], -rules[r, False], r))
        text += _counts_table("Findings by rule", "Rule", [
            (rule, rules[rule, True], rules[rule, False], REGISTRY[rule].explanation if rule in REGISTRY else "")
            for rule in rule_ids], explain=True)
        names = sorted({house for house, _ in houses}, key=lambda h: (h == NO_HOUSE, h))
        text += _counts_table("Findings by House", "House",
                              [(house, houses[house, True], houses[house, False], "") for house in names], explain=False)
    if blocking:
        text += ("### Blocking findings\n\nThese stop the change from being merged.\n\n"
                 "| Record | About | Problem | What to do |\n|---|---|---|---|\n")
    if _size(text) > budget:
        return ""
    used, rows = _size(text), []
    for finding in blocking:
        where = f"{finding.file} line {finding.line}" if finding.line else finding.file
        row = f"| {cell(where)} | {cell(finding.subject or '')} | {cell(finding.message)} | {cell(fix_for(finding))} |\n"
        if used + _size(row) + NOTE_ROOM > budget:
            break
        rows.append(row)
        used += _size(row)
    left_out = len(blocking) - len(rows)
    note = (f"\n{left_out:,} more blocking findings are not listed, to keep this summary under GitHub's 1 MiB limit: "
            "run `pastoral check` to see them all.\n" if left_out else "")
    return text + "".join(rows) + note + "\n"


def append(report: Report, path: Path) -> None:
    """Add the summary to the step's summary file, within what is left of the 1 MiB limit."""
    used = path.stat().st_size if path.exists() else 0
    summary = render(report, LIMIT - used)
    if summary:
        with path.open("a", encoding="utf-8", errors="backslashreplace") as out:  # a file name may not be UTF-8
            out.write(summary)
