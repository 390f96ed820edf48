"""GitHub Actions workflow commands: an annotation per finding, blocking ones first, and the job summary.

GitHub shows at most 10 error and 10 warning annotations per step, so the rest
are announced in a notice and listed as plain log lines. When
``GITHUB_STEP_SUMMARY`` names a file, a Markdown summary is appended to it.

Record text is user input: it is escaped so that it can never end the
annotation early or start a workflow command of its own.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from pastoral.reporters import summary
from pastoral.reporters.report import Report

SHOWN = 10
"""Annotations GitHub shows per step for each level."""


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _message(finding, report: Report) -> str:
    notes = [finding.message]
    if not report.is_new(finding):
        notes.append("(already there before this change: does not block it)")
    if finding.waived:
        notes.append(f"(waived: {finding.waived})")
    return " ".join(notes) + (f"\n{finding.hint}" if finding.hint else "")


def annotation(finding, level: str, report: Report) -> str:
    place = [("file", finding.file)]
    if finding.line:
        place += [("line", finding.line), ("col", finding.column or 1)]
    properties = ",".join(f"{name}={escape_property(str(value))}"
                          for name, value in (*place, ("title", f"pastoral [{finding.rule}]")))
    return f"::{level} {properties}::{escape_data(_message(finding, report))}"


def log_line(finding, report: Report) -> str:
    """A finding as one indented plain line (never a workflow command), for those past the annotation limit."""
    return (f"  {escape_data(finding.file)}:{finding.line}:{finding.column}: {finding.severity} [{finding.rule}] "
            f"{escape_data(_message(finding, report))}")


def write(report: Report, out: TextIO) -> None:
    blocking = report.blocking
    others = [finding for finding in report.findings if not report.blocks(finding)]
    for level, group, kind in (("error", blocking, "blocking error"), ("warning", others, "other finding")):
        for finding in group[:SHOWN]:
            out.write(annotation(finding, level, report) + "\n")
        rest = group[SHOWN:]
        if rest:
            out.write(f"::notice title=pastoral::{len(rest):,} more {kind}{'' if len(rest) == 1 else 's'} than the "
                      f"{SHOWN} GitHub shows as annotations: listed below in the log, and counted in the job summary\n")
            out.writelines(log_line(finding, report) + "\n" for finding in rest)
    verdict = "FAILED" if report.exit_code else "OK"
    out.write(f"pastoral {report.command}: {verdict}: {report.counts()}\n")
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        summary.append(report, Path(os.environ["GITHUB_STEP_SUMMARY"]))
