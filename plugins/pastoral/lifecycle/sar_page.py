"""The subject access request bundle on disk: a readable HTML page that prints well, and the JSON.

Everything from the records is escaped by Jinja's autoescape: a record can be
read in the page, never run in it.
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pastoral.lifecycle.sar import LAWFUL_BASIS, Bundle, Mark

TEMPLATES = Path(__file__).parent / "templates"
PAGE, DATA = "index.html", "bundle.json"


def segments(text: str, marks: list[Mark]) -> list[tuple[str, bool]]:
    """``text`` cut into (part, marked) so that each third-party value is shown marked."""
    values = sorted({mark.value for mark in marks if mark.value}, key=len, reverse=True)
    parts: list[tuple[str, bool]] = [(text, False)]
    for value in values:
        cut = []
        for part, marked in parts:
            if marked or value not in part:
                cut.append((part, marked))
                continue
            pieces = part.split(value)
            for index, piece in enumerate(pieces):
                cut += [(piece, False)] + ([(value, True)] if index < len(pieces) - 1 else [])
        parts = cut
    return [(part, marked) for part, marked in parts if part]


def show(value) -> str:
    """A field's value before or after a change, in one line."""
    if value is None:
        return "(none)"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def as_json(bundle: Bundle) -> dict:
    return {
        "subject": bundle.subject, "who": bundle.who, "prepared_on": bundle.as_of.isoformat(),
        "requests": bundle.requests, "purposes": bundle.purposes, "lawful_basis": LAWFUL_BASIS,
        "third_party_to_review": [mark.__dict__ for mark in bundle.marks],
        "records": [{"file": entry.file, "kind": entry.kind, "text": entry.text,
                     "history": [change.as_json() for change in entry.history]} for entry in bundle.entries],
        "notes": bundle.notes,
    }


def write_bundle(bundle: Bundle, folder: Path) -> Path:
    """Write the page and the JSON into ``folder`` (created); returns the page's path."""
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined)
    page = environment.get_template("sar.html.j2").render(bundle=bundle, segments=segments, show=show,
                                                          lawful_basis=LAWFUL_BASIS)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / PAGE).write_text(page, encoding="utf-8")
    (folder / DATA).write_text(json.dumps(as_json(bundle), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder / PAGE
