"""A OneRoster 1.1 CSV bundle read as a roll: the open standard MIS extraction services export.

A bundle is a folder or a .zip holding ``users.csv``, ``orgs.csv``, ``classes.csv``,
``enrollments.csv`` and, where present, ``demographics.csv``. Each pupil (a user
with role ``student``) or member of staff (``teacher``, ``administrator``,
``aide``) becomes one row, numbered by its line in ``users.csv``:

- id: ``identifier`` (the school's admission number or pupil id; ``sourcedId`` is
  the bundle's own key, not the school's);
- name: ``givenName`` and ``familyName``; email (staff): ``email``;
- year: the first of ``grades``, read as the National Curriculum year ('07', '7');
- tutor group: the ``classCode`` (else ``title``) of the ``homeroom`` class in
  ``classes.csv`` the user is enrolled in (``enrollments.csv``); a pupil's
  ``joined_on`` is that enrollment's ``beginDate``.

OneRoster has no House: it comes from the tutor group's House in the records.
It has no SEN status or EAL either: a school supplies them as OneRoster's
extension columns ``metadata.sen`` and ``metadata.eal`` in ``users.csv`` or
``demographics.csv`` (same values as the CSV mappings), or imports them from the
MIS's own CSV export. Rows and enrollments with ``status: tobedeleted`` are left out.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from pastoral.core.workspace import UsageError
from pastoral.lifecycle.roll_source import RollSource, SourceRow, read_csv

FILES = ("users.csv", "orgs.csv", "classes.csv", "enrollments.csv")
OPTIONAL = ("demographics.csv",)
STAFF_ROLES = ("teacher", "administrator", "aide")
TUTOR_GROUP = "homeroom class (classes.csv)"
BEGIN = "beginDate (enrollments.csv)"
NEEDS_COLUMNS = {"sen": "metadata.sen", "eal": "metadata.eal"}
MAPPINGS = {
    "pupils": {"id": "identifier", "forename": "givenName", "surname": "familyName", "year": "grades",
               "tutor_group": TUTOR_GROUP, "joined_on": BEGIN},
    "staff": {"email": "email", "forename": "givenName", "surname": "familyName", "tutor_group": TUTOR_GROUP},
}
REQUIRED = {
    "users.csv": ("sourcedId", "role", "givenName", "familyName"),
    "orgs.csv": ("sourcedId", "type"),
    "classes.csv": ("sourcedId", "title", "classType"),
    "enrollments.csv": ("classSourcedId", "userSourcedId", "role"),
}


def is_bundle(path: Path) -> bool:
    """Whether ``path`` is a OneRoster bundle (a folder or a .zip) rather than one CSV export."""
    return path.is_dir() or path.suffix.casefold() == ".zip"


def read_bundle(path: Path, kind: str) -> RollSource:
    """The bundle's pupils or staff as rows of one source, with the mapping fixed."""
    files = _files(path)
    users, enrollments, classes = files["users.csv"], files["enrollments.csv"], files["classes.csv"]
    schools = [row for row in _live(files["orgs.csv"]) if row.cells["type"] == "school"]
    if len(schools) > 1:
        names = ", ".join(row.cells.get("name") or row.cells["sourcedId"] for row in schools)
        raise UsageError(f"{path.name}: orgs.csv lists {len(schools)} schools ({names}): export one school's bundle")
    homerooms = {row.cells["sourcedId"]: row.cells.get("classCode") or row.cells["title"]
                 for row in _live(classes) if row.cells["classType"] == "homeroom"}
    homeroom_of: dict[str, tuple[str, str]] = {}
    for row in sorted(_live(enrollments), key=lambda r: r.cells.get("beginDate", "")):
        group = homerooms.get(row.cells["classSourcedId"])
        if group is not None and not row.cells.get("endDate"):
            homeroom_of[row.cells["userSourcedId"]] = group, row.cells.get("beginDate", "")
    demographics = {row.cells["sourcedId"]: row.cells for row in _live(files.get("demographics.csv"))}
    mapping = dict(MAPPINGS[kind])
    if kind == "pupils":
        headers = set(users.headers) | set(files["demographics.csv"].headers if "demographics.csv" in files else ())
        mapping |= {field: column for field, column in NEEDS_COLUMNS.items() if column in headers}
    roles = ("student",) if kind == "pupils" else STAFF_ROLES
    needed = "identifier" if kind == "pupils" else "email"
    if needed not in users.headers:
        raise UsageError(f"{path.name}: users.csv has no column '{needed}', which {kind} are matched by")
    source = RollSource(list(mapping.values()), mapping=mapping)
    for row in _live(users):
        if row.cells["role"] not in roles:
            continue
        group, began = homeroom_of.get(row.cells["sourcedId"], ("", ""))
        cells = {**demographics.get(row.cells["sourcedId"], {}), **row.cells, TUTOR_GROUP: group, BEGIN: began}
        if kind == "pupils":
            cells["grades"] = cells.get("grades", "").split(",")[0].strip()
        source.rows.append(SourceRow(row.file, row.line, cells, row.problem))
    return source


def _live(source: RollSource | None) -> list[SourceRow]:
    """The rows not marked for deletion."""
    return [row for row in source.rows if row.cells.get("status") != "tobedeleted"] if source else []


def _files(path: Path) -> dict[str, RollSource]:
    """Each file of the bundle, read, with its required columns checked."""
    contents = _contents(path)
    missing = [name for name in FILES if name not in contents]
    if missing:
        raise UsageError(f"{path.name} is not a whole OneRoster bundle: it has no {' or '.join(missing)}")
    files = {}
    for name, data in contents.items():
        source = read_csv(path / name, name, data)
        absent = [column for column in REQUIRED.get(name, ()) if column not in source.headers]
        if absent:
            raise UsageError(f"{path.name}: {name} has no column {' or '.join(map(repr, absent))}, which OneRoster "
                             f"1.1 requires")
        bad = next((row for row in source.rows if row.problem and name != "users.csv"), None)
        if bad is not None:
            raise UsageError(bad.problem)
        files[name] = source
    return files


def _contents(path: Path) -> dict[str, bytes]:
    """The bundle's files by name, from a folder or a .zip (files may sit in a folder inside it)."""
    wanted = FILES + OPTIONAL
    try:
        if path.is_dir():
            return {name: (path / name).read_bytes() for name in wanted if (path / name).is_file()}
        with zipfile.ZipFile(path) as bundle:
            return {Path(info.filename).name: bundle.read(info) for info in bundle.infolist()
                    if Path(info.filename).name in wanted and not info.is_dir()}
    except (OSError, zipfile.BadZipFile) as error:
        raise UsageError(f"cannot read the OneRoster bundle {path}: {error}") from None
