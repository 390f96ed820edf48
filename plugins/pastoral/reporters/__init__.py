"""Reporters turn a report into text for people, JSON for tools, or GitHub annotations."""

from __future__ import annotations

from pastoral.reporters import github, issue, json_format, text
from pastoral.reporters.report import Report

REPORTERS = {
    "text": text.write,
    "json": json_format.write,
    "github": github.write,
    "issue": issue.write,
}

__all__ = ["REPORTERS", "Report"]
