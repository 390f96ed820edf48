"""What importing pupils and importing staff share: the plan, reading cells, validating, and writing edits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pastoral.checking.schemas import Schemas
from pastoral.core.kinds import PUPIL, Kind
from pastoral.core.record import Record
from pastoral.core.store import RecordStore
from pastoral.core.workspace import Workspace
from pastoral.lifecycle.editing import Document, EditPlan, new_record_text
from pastoral.lifecycle.roll_source import Row

PLACE = {"needs": "tutor_group", "left_on": "joined_on"}
"""Where a field an import adds goes: after this one, as the records write it."""


@dataclass
class RollImport(EditPlan):
    problems: list[str] = field(default_factory=list)
    """Bad rows, each with its file and line: nothing is written while there are any, unless asked to skip them."""
    notes: list[str] = field(default_factory=list)
    """What a person should look at: people missing from the export, rows skipped, needs to reconsider."""


class Importer:
    """Plans the changes one export makes; ``row`` plans one row and returns its key (id or email), or None."""

    def __init__(self, workspace: Workspace, store: RecordStore, plan: RollImport):
        self.workspace, self.store, self.plan = workspace, store, plan
        self.schemas = Schemas(workspace.schemas)

    def key(self, row: Row) -> str | None:
        raise NotImplementedError

    def row(self, row: Row, key: str) -> None:
        raise NotImplementedError

    def finish(self, source_name: str) -> None:
        """Notes about the export as a whole, after every row."""

    def _required(self, row: Row, field_name: str) -> str | None:
        if not row[field_name]:
            self.plan.problems.append(row.problem(f"the column '{row.column(field_name)}' is empty"))
            return None
        return row[field_name]

    def _house(self, row: Row) -> str | None:
        wanted = row["house"].casefold().removesuffix(" house")
        for house in self.store.houses.values():
            if wanted in (house.id, house.data["name"].casefold().removesuffix(" house")):
                return house.id
        self.plan.problems.append(row.problem(
            f"'{row['house']}' in the column '{row.column('house')}' is not a House; the Houses are: "
            f"{', '.join(sorted(self.store.houses))}"))
        return None

    def _date(self, row: Row, field_name: str) -> str | None:
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

    def _valid(self, row: Row, kind: Kind, data: dict) -> bool:
        """Whether ``data`` matches the schema; if not, each problem is reported against the row."""
        findings = self.schemas.check(Record(kind, data["id"], data, ""))
        for finding in findings:
            field_name = (finding.pointer or "/").split("/")[1].split("#")[0]
            where = f" (column '{row.column(field_name)}')" if field_name in row.mapping else ""
            self.plan.problems.append(row.problem(f"{data['id']}: {finding.message}{where}"))
        return not findings

    def _create(self, row: Row, kind: Kind, data: dict, summary: str) -> bool:
        path = self.workspace.records / kind.folder / f"{data['id']}.yml"
        if not self._valid(row, kind, data):
            return False
        self.plan.changes.create(path, new_record_text(data))
        self.plan.changed.append(f"{self.workspace.relative_file(path)}: {summary}")
        return True

    def _update(self, row: Row, record: Record, values: dict) -> dict:
        """Apply the values that differ from the record (after a schema check); returns those applied."""
        updates = {name: value for name, value in values.items() if record.data.get(name, []) != value}
        if not updates or not self._valid(row, record.kind, _merged(record.data, updates)):
            return {}
        document = Document.load(self.workspace.root / record.file)
        for name, value in updates.items():
            if isinstance(value, list):
                document.set_list(name, value, after=PLACE.get(name))
            else:
                document.set(name, value, after=PLACE.get(name))
        self.plan.changes.edit(document)
        self.plan.changed.append(f"{record.file}: " + ", ".join(
            f"{name.replace('_', ' ')} {shown(record.data.get(name))} -> {shown(value)}"
            for name, value in updates.items()))
        return updates

    def missing(self, kind: Kind, seen: set[str], source_name: str, left_on: str | None) -> None:
        """Records on roll that the export does not list: marked as left on ``left_on``, else noted."""
        records = self.store.of(kind.name).values()
        absent = [record for record in records if "left_on" not in record.data
                  and (record.id if kind is PUPIL else record.data["email"].casefold()) not in seen]
        if absent and left_on is None:
            self.plan.notes.append(
                f"{len(absent)} {'pupils' if kind is PUPIL else 'staff'} on roll in the records are not in "
                f"{source_name}: {', '.join(record.id for record in absent)} (to mark them as left, run again with "
                f"--mark-missing-left DATE)")
        for record in absent if left_on else []:
            document = Document.load(self.workspace.root / record.file)
            document.set("left_on", left_on, after="joined_on")
            self.plan.changes.edit(document)
            self.plan.changed.append(f"{record.file}: left on {left_on} (not in {source_name})")


def _merged(data: dict, updates: dict) -> dict:
    """The record's data with the updates applied (an empty list removes the field, as the edit does)."""
    merged = {**data, **updates}
    return {name: value for name, value in merged.items() if value != []}


def shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(value) if value else "(none)"
    return "(none)" if value is None else str(value)
