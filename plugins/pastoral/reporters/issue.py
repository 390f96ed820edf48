"""The nightly reminder: for each House, the text of one GitHub issue listing what is overdue.

``pastoral check --format issue`` writes a JSON list, one item per House:
``{"house", "title", "overdue", "body"}``. The nightly workflow only posts it:
it updates the House's open issue (found by its title) in place, opens one
when there is none, and closes it when ``overdue`` is 0.

An issue is read by everyone who can read the repository, so it carries pupil
ids and links to their records, never names or needs; each tutor is mentioned
by their GitHub user name so GitHub notifies them. Record text that reaches
the body is escaped, so it can never mention, link or format anything.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from pathlib import PurePosixPath
from typing import TextIO
from urllib.parse import quote

from pastoral.core.escape import one_line
from pastoral.core.findings import Finding
from pastoral.core.reasons import is_attention, reasons
from pastoral.reporters.report import Report

MAX_BODY = 60_000
"""GitHub refuses an issue body over 65,536 characters; past this the list stops and says how many are left."""
GITHUB_USER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}$")
MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
NO_TUTOR = "No named tutor (for the Head of House)"


def title(house: str) -> str:
    """The title the workflow finds a House's issue by: the same every night."""
    return f"Overdue in {one_line(house)} (pastoral nightly reminder)"


def write(report: Report, out: TextIO) -> None:
    overdue: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in report.findings:
        house = report.houses.get(finding.subject or "")
        if house is not None and is_attention(finding):
            overdue[house][finding.subject or ""].append(finding)
    issues = [{"house": house, "title": title(house), "overdue": len(overdue[house]),
               "body": body(report, overdue[house])}
              for house in sorted({*report.house_names, *report.houses.values()})]
    json.dump(issues, out, indent=2, ensure_ascii=False)
    out.write("\n")


def body(report: Report, pupils: dict[str, list[Finding]]) -> str:
    """The issue's Markdown: every tutor mentioned with how many of their pupils have something overdue,
    then each tutor's pupils by id, with the reasons and links to the records (cut short past MAX_BODY)."""
    if not pupils:
        return "Nothing is overdue in this House any more, so the nightly check closes this issue."
    by_tutor: dict[str, list[str]] = defaultdict(list)
    for pupil in sorted(pupils):
        by_tutor[_tutors(report, pupil)].append(_line(pupil, pupils[pupil]))
    order = sorted(by_tutor, key=lambda tutors: (tutors == NO_TUTOR, -len(by_tutor[tutors]), tutors))
    lines = [f"**{_pupils(len(pupils))}** in this House {'has' if len(pupils) == 1 else 'have'} something "
             "overdue. The nightly check rewrites this issue every night and closes it when nothing is overdue. "
             "Pupils appear by id only: their names and targets are on each tutor's page on the intranet.", ""]
    lines += [f"- {tutors}: {_pupils(len(by_tutor[tutors]))}" for tutors in order]
    shown = 0
    for tutors in order:
        lines += ["", f"### {tutors}", ""]
        for line in by_tutor[tutors]:
            if sum(len(text) + 1 for text in lines) + len(line) > MAX_BODY:
                return "\n".join([*lines, "", f"…and {len(pupils) - shown} more: see the House page on the "
                                               "intranet."])
            lines.append(line)
            shown += 1
    return "\n".join(lines) + "\n"


def _pupils(count: int) -> str:
    return f"{count} pupil{'' if count == 1 else 's'}"


def _tutors(report: Report, pupil: str) -> str:
    tutors = report.tutors.get(pupil)
    if not tutors:
        return NO_TUTOR
    return ", ".join(f"@{handle}" if handle and GITHUB_USER.match(handle)
                     else f"{_text(staff)} (no GitHub user name in their staff record)" for staff, handle in tutors)


def _line(pupil: str, findings: list[Finding]) -> str:
    files = dict.fromkeys(finding.file for finding in findings)
    links = ", ".join(f"[{_text(PurePosixPath(file).stem)}]({_link(file)})" for file in files)
    return f"- **{_text(pupil)}**: {'; '.join(reasons(findings))} ({links})"


def _link(file: str) -> str:
    """The record's address on GitHub at the commit checked, when the workflow says which; else its path."""
    server, repository, commit = (os.environ.get(name) for name in
                                  ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    path = quote(file)
    return f"{server}/{repository}/blob/{commit}/{path}" if server and repository and commit else path


def _text(value: str) -> str:
    """Record text as literal Markdown: punctuation backslash-escaped, no line breaks, and an '@' that can
    never mention anyone (a word joiner after it)."""
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", one_line(value)).replace("@", "@\u2060")
