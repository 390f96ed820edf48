"""GitHub Actions workflow commands: an annotation per finding, blocking ones first, and the job summary.

GitHub shows at most 10 error and 10 warning annotations per step, so the rest
are announced in a notice and listed as plain log lines. When
``GITHUB_STEP_SUMMARY`` names a file, a Markdown summary is appended to it; a
summary that cannot be written is an I/O problem (exit 2), said in one line.

Record text is user input: in an annotation it is escaped so that it can never
end the annotation early, and in every line (annotations, the plain lines after
the tenth) workflow commands, bidi controls and encoded line breaks are made
inert (``pastoral.core.escape``), since the runner obeys a command anywhere in a line.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from pastoral.core.escape import bidi_inert, ci_inert, command_inert
from pastoral.core.workspace import UsageError
from pastoral.reporters.report import Report

SHOWN = 10
"""Annotations GitHub shows per step for each level."""


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _message(finding, report: Report) -> tuple[str, str]:
    """The finding's message with its notes, and its hint: record text, not yet made inert."""
    notes = [finding.message]
    if not report.is_new(finding):
        notes.append("(already there before this change: does not block it)")
    if finding.waived:
        notes.append(f"(waived: {finding.waived})")
    return " ".join(notes), finding.hint


def annotation(finding, level: str, report: Report) -> str:
    place: list[tuple[str, object]] = [("file", bidi_inert(finding.file))]  # escaped as a property: no command, and still the file's name
    if finding.line:
        place += [("line", finding.line), ("col", finding.column or 1)]
    properties = ",".join(f"{name}={escape_property(str(value))}"
                          for name, value in (*place, ("title", f"pastoral [{finding.rule}]")))
    message, hint = _message(finding, report)
    data = command_inert(message) + (f"\n{command_inert(hint)}" if hint else "")  # the one line break is ours
    return f"::{level} {properties}::{escape_data(data)}"


def log_line(finding, report: Report) -> str:
    """A finding as one indented plain line (never a workflow command), for those past the annotation limit."""
    message, hint = _message(finding, report)
    return (f"  {ci_inert(finding.file)}:{finding.line}:{finding.column}: {finding.severity} [{finding.rule}] "
            f"{ci_inert(message)}" + (f" (hint: {ci_inert(hint)})" if hint else ""))


def write(report: Report, out: TextIO) -> None:
    blocking = report.blocking
    others = [finding for finding in report.findings if not report.blocks(finding)]
    for level, group, one, many in (("error", blocking, "blocking error", "blocking errors"),
                                    ("warning", others, "finding that does not block", "findings that do not block")):
        for finding in group[:SHOWN]:
            out.write(annotation(finding, level, report) + "\n")
        rest = group[SHOWN:]
        if rest:
            out.write(f"::notice title=pastoral::{len(rest):,} more {one if len(rest) == 1 else many} than the "
                      f"{SHOWN} GitHub shows as annotations: listed below in the log, and counted in the job summary\n")
            out.writelines(log_line(finding, report) + "\n" for finding in rest)
    verdict = "FAILED" if report.exit_code else "OK"
    out.write(f"pastoral {report.command}: {verdict}: {report.counts()}\n")
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        path = Path(os.environ["GITHUB_STEP_SUMMARY"])
        try:
            from pastoral.reporters import summary  # it reads the rule catalogue: imported only when written

            summary.append(report, path)
        except OSError as error:
            raise UsageError(f"cannot write the job summary to {ci_inert(str(path))} "
                             f"(GITHUB_STEP_SUMMARY): {error.strerror or error}") from None
