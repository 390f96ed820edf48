"""A JSON list of findings, one object each, for other tools.

With ``--base`` each finding also says whether the change added it (``new``).
"""

from __future__ import annotations

import json
from typing import TextIO

from pastoral.reporters.report import Report


def write(report: Report, out: TextIO) -> None:
    items = []
    for finding in report.findings:
        item = finding.as_json()
        if report.baseline is not None:
            item["new"] = report.is_new(finding)
        items.append(item)
    json.dump(items, out, indent=2, ensure_ascii=False)
    out.write("\n")
