"""The kinds of record and where each lives in the records folder (the records contract)."""

from __future__ import annotations

import re
from dataclasses import dataclass

ACADEMIC_YEAR = re.compile(r"^[0-9]{4}-[0-9]{2}$")


@dataclass(frozen=True)
class Kind:
    name: str
    folder: str
    """Folder under the records root ('' for school.yml)."""
    by_academic_year: bool = False
    """Records sit one level deeper, in a folder per academic year (sessions)."""

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"


SCHOOL = Kind("school", "")
HOUSE = Kind("house", "houses")
STAFF = Kind("staff", "staff")
PUPIL = Kind("pupil", "pupils")
ASSIGNMENT = Kind("assignment", "assignments")
SESSION = Kind("session", "sessions", by_academic_year=True)
REVIEW = Kind("review", "reviews")
WAIVER = Kind("waiver", "waivers")
ACCESS_REQUEST = Kind("subject-access-request", "subject-access-requests")

KINDS = (SCHOOL, HOUSE, STAFF, PUPIL, ASSIGNMENT, SESSION, REVIEW, WAIVER, ACCESS_REQUEST)
_BY_FOLDER = {kind.folder: kind for kind in KINDS if kind.folder}
SCHOOL_FILE = "school.yml"


def kind_of(relative: str) -> Kind | str:
    """The kind of the record at ``relative`` (to the records root, with forward slashes), or why it has none."""
    parts = tuple(relative.split("/"))
    if not parts[-1].endswith(".yml") or parts[-1] == ".yml":
        return "records are YAML files ending in '.yml'"
    if parts == (SCHOOL_FILE,):
        return SCHOOL
    kind = _BY_FOLDER.get(parts[0]) if len(parts) > 1 else None
    if kind is None:
        folders = ", ".join(f"{k.folder}/" for k in KINDS if k.folder)
        return f"this file is not in a records folder (one of {folders})"
    if kind.by_academic_year:
        if len(parts) != 3 or not ACADEMIC_YEAR.match(parts[1]):
            return f"{kind.folder} records go in a folder per academic year, like {kind.folder}/2026-27/"
    elif len(parts) != 2:
        return f"{kind.folder} records go directly in {kind.folder}/, not in a sub-folder"
    return kind
