"""Compiler-style lines for people: ``file:line:col: severity [rule] message``, then a hint.

File names and messages can carry record text: line breaks and other control
characters in them are written out (``\\n``), so one finding stays one line and
record text can never start a line of its own (which CI logs could read as a
workflow command) or recolour a terminal.
"""

from __future__ import annotations

from typing import TextIO

from pastoral.core.escape import one_line
from pastoral.reporters.report import Report


def write(report: Report, out: TextIO) -> None:
    for finding in report.findings:
        already = "" if report.is_new(finding) else " (already there before this change)"
        out.write(f"{one_line(finding.file)}:{finding.line}:{finding.column}: {finding.severity} [{finding.rule}] "
                  f"{one_line(finding.message)}{already}\n")
        if finding.waived:
            out.write(f"    waived: {one_line(finding.waived)}\n")
        if finding.hint:
            out.write(f"    hint: {one_line(finding.hint)}\n")
    verdict = "FAILED" if report.exit_code else "OK"
    out.write(f"pastoral {report.command}: {verdict}: {report.counts()}\n")
