"""Compiler-style lines for people: ``file:line:col: severity [rule] message``, then a hint.

File names and messages can carry record text: line breaks, other control
characters and bidi controls in them are written out (``\\n``), and workflow
commands broken (see ``pastoral.core.escape.ci_inert``), so one finding stays one
line that shows what it holds, and record text can never recolour a terminal or
be obeyed by a CI runner that prints it.
"""

from __future__ import annotations

from typing import TextIO

from pastoral.core.escape import ci_inert
from pastoral.reporters.report import Report


def write(report: Report, out: TextIO) -> None:
    for finding in report.findings:
        already = "" if report.is_new(finding) else " (already there before this change)"
        out.write(f"{ci_inert(finding.file)}:{finding.line}:{finding.column}: {finding.severity} [{finding.rule}] "
                  f"{ci_inert(finding.message)}{already}\n")
        if finding.waived:
            out.write(f"    waived: {ci_inert(finding.waived)}\n")
        if finding.hint:
            out.write(f"    hint: {ci_inert(finding.hint)}\n")
    verdict = "FAILED" if report.exit_code else "OK"
    out.write(f"pastoral {report.command}: {verdict}: {report.counts()}\n")
