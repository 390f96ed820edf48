"""A JSON list of findings, one object each, for other tools.

With ``--base`` each finding also says whether the change added it (``new``).
Record text keeps every character, but workflow commands and bidi controls in
it are written as ``\\u`` escapes, so a CI log that prints the JSON obeys nothing.
"""

from __future__ import annotations

import json
from typing import TextIO

from pastoral.core.escape import json_inert
from pastoral.reporters.report import Report


def write(report: Report, out: TextIO) -> None:
    items = []
    for finding in report.findings:
        item = finding.as_json()
        if report.baseline is not None:
            item["new"] = report.is_new(finding)
        items.append(item)
    out.write(json_inert(json.dumps(items, indent=2, ensure_ascii=False)))
    out.write("\n")
