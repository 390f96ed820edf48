"""Roll import: bring the pupil or staff records in line with a CSV export of the school's MIS.

The MIS is where the roll lives; the records keep only what tutoring needs. An
import creates records for new pupils (or new tutors), updates the year group,
House and tutor group of existing ones, and marks those missing from the export
as left only when asked. It never touches assignments or sessions: who tutors
whom is a decision people make, not a column in the MIS. UPNs and any other
columns are ignored. Any bad row stops the whole import, so that a half-read
export never leaves the records half-updated.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pastoral.checking.schemas import Schemas
from pastoral.core.kinds import PUPIL, STAFF, Kind
from pastoral.core.record import Record
from pastoral.core.store import RecordStore
from pastoral.core.workspace import UsageError, Workspace
from pastoral.lifecycle.editing import Document, EditPlan, new_record_text
from pastoral.lifecycle.mis_mappings import choose_mapping

KINDS = {"pupils": PUPIL, "staff": STAFF}
_YEAR = re.compile(r"^(?:y|yr|year)?\s*([0-9]{1,2})$", re.IGNORECASE)
_LEADING_YEAR = re.compile(r"^([0-9]{1,2})(?![0-9])")
_SEN = {
    "": None, "n": None, "none": None, "no": None, "no sen": None, "no special educational need": None,
    "k": "sen-support", "sen support": "sen-support", "sen-support": "sen-support",
    "e": "ehcp", "ehc plan": "ehcp", "ehcp": "ehcp", "education, health and care plan": "ehcp",
}
_YES_NO = {"": False, "n": False, "no": False, "false": False, "0": False,
           "y": True, "yes": True, "true": True, "1": True}


@dataclass
class RollImport(EditPlan):
    problems: list[str] = field(default_factory=list)
    """Bad rows, each with its CSV line: nothing may be written while there are any."""
    notes: list[str] = field(default_factory=list)
    """What a person should look at: people missing from the export, rows skipped."""


def read_csv(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the rows of an export, each row with the line it ends on.

    Exports are UTF-8, or Windows-1252 as Excel saves them on Windows.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = [header.strip() for header in next(reader)]
        rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except StopIteration:
        raise UsageError(f"{path.name} is empty: an export starts with a line of column headers") from None
    except csv.Error as error:
        raise UsageError(f"{path.name}:{reader.line_num}: this line is not CSV ({error})") from None
    repeated = sorted({header for header in headers if header and headers.count(header) > 1})
    if repeated:
        raise UsageError(f"{path.name}: the column {', '.join(map(repr, repeated))} appears twice in the header")
    named = []
    for line, row in rows:
        if len(row) > len(headers):
            raise UsageError(f"{path.name}:{line}: this row has {len(row)} cells but the header has "
                             f"{len(headers)} columns: check for an unquoted comma")
        named.append((line, {header: cell.strip() for header, cell in zip(headers, row, strict=False)}))
    return headers, named


class _Row:
    """One CSV row read through the mapping, saying where a problem is."""

    def __init__(self, csv_name: str, line: int, cells: dict[str, str], mapping: dict[str, str]):
        self.csv_name, self.line, self.cells, self.mapping = csv_name, line, cells, mapping

    def __getitem__(self, field: str) -> str:
        return self.cells.get(self.mapping.get(field, ""), "")

    def column(self, field: str) -> str:
        return self.mapping.get(field, field)

    def problem(self, message: str) -> str:
        return f"{self.csv_name}:{self.line}: {message}"

    def name(self, with_title: bool = False) -> str:
        if self["name"]:
            return self["name"]
        parts = ("title", "forename", "surname") if with_title else ("forename", "surname")
        return " ".join(self[part] for part in parts if self[part])


def plan_import(workspace: Workspace, store: RecordStore, kind: str, csv_path: Path, mapping: str | None,
                mark_missing_left: str | None) -> RollImport:
    """Every change importing ``csv_path`` makes to the ``kind`` records ('pupils' or 'staff'); nothing is written."""
    headers, rows = read_csv(csv_path)
    columns = choose_mapping(mapping, kind, headers, csv_path.name)
    plan = RollImport()
    importer = _Importer(workspace, store, plan)
    seen: dict[str, int] = {}
    for line, cells in rows:
        row = _Row(csv_path.name, line, cells, columns)
        key = importer.pupil(row) if kind == "pupils" else importer.staff(row)
        if key is None:
            continue
        if key in seen:
            plan.problems.append(row.problem(f"{key} appears twice in the export (also on line {seen[key]})"))
        seen[key] = line
    importer.missing(KINDS[kind], seen, csv_path.name, mark_missing_left)
    return plan


class _Importer:
    def __init__(self, workspace: Workspace, store: RecordStore, plan: RollImport):
        self.workspace, self.store, self.plan = workspace, store, plan
        self.schemas = Schemas(workspace.schemas)
        self.staff_by_email = {person.data["email"].casefold(): person for person in store.staff.values()}
        self.skipped_staff = 0

    # -- pupils

    def pupil(self, row: _Row) -> str | None:
        """Plan one pupil row; returns the pupil's id (None when the row has none)."""
        raw_id = row["id"]
        if not raw_id:
            self.plan.problems.append(row.problem(f"the column '{row.column('id')}' is empty: every pupil needs their id"))
            return None
        pupil_id = f"p{int(raw_id):04d}" if raw_id.isdigit() else raw_id.lower()
        values = {"year": self._year(row), "house": self._house(row), "tutor_group": self._required(row, "tutor_group")}
        if None in values.values():
            return pupil_id
        existing = self.store.pupils.get(pupil_id)
        if existing is None:
            self._new_pupil(row, pupil_id, values)
        else:
            self._update(row, existing, values)
            if "left_on" in existing.data:
                self.plan.notes.append(row.problem(f"{pupil_id} is on the roll but {existing.file} says they left "
                                                   f"on {existing.data['left_on']}: if they came back, remove left_on"))
        return pupil_id

    def _new_pupil(self, row: _Row, pupil_id: str, values: dict) -> None:
        joined_on, needs = self._date(row, "joined_on"), self._needs(row)
        if joined_on is None or needs is None:
            return
        data = {"id": pupil_id, "name": row.name(), **values, **({"needs": needs} if needs else {}),
                "joined_on": joined_on}
        self._create(row, PUPIL, data, f"new pupil in Year {values['year']}, {values['house']}, {values['tutor_group']}")

    def _year(self, row: _Row) -> int | None:
        match = _YEAR.match(row["year"])
        if not match:
            self.plan.problems.append(row.problem(f"'{row['year']}' in the column '{row.column('year')}' is not a "
                                                  f"year group: write 7 to 13, Y7 or Year 7"))
            return None
        return int(match.group(1))

    def _needs(self, row: _Row) -> list[str] | None:
        sen, eal = row["sen"].casefold(), row["eal"].casefold()
        if sen not in _SEN:
            self.plan.problems.append(row.problem(f"'{row['sen']}' in the column '{row.column('sen')}' is not an SEN "
                                                  f"status: write N, K (SEN support) or E (EHC plan)"))
            return None
        if eal not in _YES_NO:
            self.plan.problems.append(row.problem(f"'{row['eal']}' in the column '{row.column('eal')}' is not "
                                                  f"Yes or No"))
            return None
        return [need for need in (_SEN[sen], "eal" if _YES_NO[eal] else None) if need]

    # -- staff

    def staff(self, row: _Row) -> str | None:
        """Plan one staff row; returns the email it is matched by (None when it has none)."""
        email = row["email"]
        if not email:
            self.plan.problems.append(row.problem(f"the column '{row.column('email')}' is empty: staff are matched "
                                                  f"to their records by email"))
            return None
        values = {}
        if row["house"]:
            values["house"] = self._house(row)
        if row["tutor_group"]:
            year = _LEADING_YEAR.match(row["tutor_group"])
            if year and 7 <= int(year.group(1)) <= 13:
                values["year_group"] = int(year.group(1))
            values["tutor_group"] = row["tutor_group"]
        if None in values.values():
            return email.casefold()
        existing = self.staff_by_email.get(email.casefold())
        if existing is not None:
            self._update(row, existing, values)
        elif "tutor_group" in values:
            data = {"id": self._new_staff_id(email), "name": row.name(with_title=True), "email": email,
                    "roles": ["tutor"], **values}
            self._create(row, STAFF, data, f"new tutor of {values['tutor_group']}")
        else:
            self.skipped_staff += 1
        return email.casefold()

    def _new_staff_id(self, email: str) -> str:
        """An id from the email's local part, as the sample school's are: 'a.fernandes@...' -> 'afernandes'."""
        base = re.sub(r"[^a-z0-9]", "", email.split("@")[0].lower())
        base = base if base[:1].isalpha() else f"s{base}"
        taken = set(self.store.staff) | {change.path.stem for change in self.plan.changes}
        return next(candidate for number in range(1, len(taken) + 2)
                    if (candidate := base if number == 1 else f"{base}{number}") not in taken)

    # -- both

    def _required(self, row: _Row, field_name: str) -> str | None:
        if not row[field_name]:
            self.plan.problems.append(row.problem(f"the column '{row.column(field_name)}' is empty"))
            return None
        return row[field_name]

    def _house(self, row: _Row) -> str | None:
        wanted = row["house"].casefold().removesuffix(" house")
        for house in self.store.houses.values():
            if wanted in (house.id, house.data["name"].casefold().removesuffix(" house")):
                return house.id
        self.plan.problems.append(row.problem(
            f"'{row['house']}' in the column '{row.column('house')}' is not a House; the Houses are: "
            f"{', '.join(sorted(self.store.houses))}"))
        return None

    def _date(self, row: _Row, field_name: str) -> str | None:
        text = row[field_name]
        for form in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(text, form).date().isoformat()
            except ValueError:
                pass
        self.plan.problems.append(row.problem(
            f"'{text}' in the column '{row.column(field_name)}' is not a date: write YYYY-MM-DD or DD/MM/YYYY"
            if text else f"the column '{row.column(field_name)}' is empty: a new record needs this date"))
        return None

    def _valid(self, row: _Row, kind: Kind, data: dict) -> bool:
        """Whether ``data`` matches the schema; if not, each problem is reported against the row."""
        findings = self.schemas.check(Record(kind, data["id"], data, ""))
        for finding in findings:
            field_name = (finding.pointer or "/").split("/")[1].split("#")[0]
            where = f" (column '{row.column(field_name)}')" if field_name in row.mapping else ""
            self.plan.problems.append(row.problem(f"{data['id']}: {finding.message}{where}"))
        return not findings

    def _create(self, row: _Row, kind: Kind, data: dict, summary: str) -> None:
        path = self.workspace.records / kind.folder / f"{data['id']}.yml"
        if self._valid(row, kind, data):
            self.plan.changes.create(path, new_record_text(data))
            self.plan.changed.append(f"records/{kind.folder}/{data['id']}.yml: {summary}")

    def _update(self, row: _Row, record: Record, values: dict) -> None:
        updates = {name: value for name, value in values.items() if record.data.get(name) != value}
        if not updates or not self._valid(row, record.kind, {**record.data, **updates}):
            return
        document = Document.load(self.workspace.root / record.file)
        for name, value in updates.items():
            document.set(name, value)
        self.plan.changes.edit(document)
        self.plan.changed.append(f"{record.file}: " + ", ".join(
            f"{name.replace('_', ' ')} {record.data.get(name, '(none)')} -> {value}" for name, value in updates.items()))

    def missing(self, kind: Kind, seen: dict[str, int], csv_name: str, left_on: str | None) -> None:
        """Records on roll that the export does not list: marked as left on ``left_on``, else noted."""
        if self.skipped_staff:
            self.plan.notes.append(f"{self.skipped_staff} rows of {csv_name} were skipped: new staff with no tutor "
                                   f"group (the records hold staff who tutor or lead: add those by hand)")
        records = self.store.by_id[kind.name].values()
        absent = [record for record in records if "left_on" not in record.data
                  and (record.id if kind is PUPIL else record.data["email"].casefold()) not in seen]
        if absent and left_on is None:
            self.plan.notes.append(
                f"{len(absent)} {'pupils' if kind is PUPIL else 'staff'} on roll in the records are not in "
                f"{csv_name}: {', '.join(record.id for record in absent)} (to mark them as left, run again with "
                f"--mark-missing-left DATE)")
        for record in absent if left_on else []:
            document = Document.load(self.workspace.root / record.file)
            document.set("left_on", left_on, after="joined_on")
            self.plan.changes.edit(document)
            self.plan.changed.append(f"{record.file}: left on {left_on} (not in {csv_name})")
