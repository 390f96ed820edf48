"""Compiler-style lines for people: ``file:line:col: severity [rule] message``, then a hint."""

from __future__ import annotations

from typing import TextIO

from pastoral.reporters.report import Report


def write(report: Report, out: TextIO) -> None:
    for finding in report.findings:
        already = "" if report.is_new(finding) else " (already there before this change)"
        out.write(f"{finding.file}:{finding.line}:{finding.column}: {finding.severity} [{finding.rule}] "
                  f"{finding.message}{already}\n")
        if finding.hint:
            out.write(f"    hint: {finding.hint}\n")
    verdict = "FAILED" if report.exit_code else "OK"
    out.write(f"pastoral {report.command}: {verdict}: {report.counts()}\n")
