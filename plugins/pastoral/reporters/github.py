"""GitHub Actions workflow commands: one annotation per finding.

Record text is user input: it is escaped so that it can never end the
annotation early or start a workflow command of its own.
"""

from __future__ import annotations

from typing import TextIO

from pastoral.reporters.report import Report


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding, blocks: bool) -> str:
    level = "error" if blocks else "warning"
    properties = ",".join(
        f"{name}={escape_property(str(value))}"
        for name, value in (
            ("file", finding.file),
            ("line", finding.line),
            ("col", finding.column),
            ("title", f"pastoral [{finding.rule}]"),
        )
    )
    message = finding.message + (f"\n{finding.hint}" if finding.hint else "")
    return f"::{level} {properties}::{escape_data(message)}"


def write(report: Report, out: TextIO) -> None:
    for finding in report.findings:
        out.write(annotation(finding, report.blocks(finding)) + "\n")
    out.write(f"pastoral {report.command}: {report.counts()}\n")
