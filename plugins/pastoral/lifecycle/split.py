"""``pastoral split``: move the restricted fields into the restricted folder, as ordinary edits to review.

Each record's restricted fields go, comments and all, to its file in the restricted
folder (``needs/<pupil>.yml`` ...), and leave the records; school.yml then says the
fields are kept apart. For a tutor whose DBS check (moving out) is enhanced with the
barred list, ``cleared_to_tutor``, the date the tutor-facing repository's gate reads,
is set to the first of their assignments that starts on or after the check was
issued: the gate then passes exactly where the DBS rule did, no tutor is blocked on
the day of the split, and no DBS detail stays behind. Nothing is ever overwritten: a field already in the restricted folder with
another value stops the split. Run again, it changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from pastoral.checking.restricted import restricted_file
from pastoral.checking.sensitivity import SEPARATE, Sensitivity
from pastoral.core.index import ASSOCIATE, TUTOR
from pastoral.core.kinds import SCHOOL_FILE
from pastoral.core.record import Record
from pastoral.core.store import RecordStore
from pastoral.core.workspace import UsageError, Workspace
from pastoral.lifecycle.editing import Document, EditPlan
from pastoral.reading.parser import parse_values

CLEARED = "cleared_to_tutor"


def plan_split(workspace: Workspace, store: RecordStore, restricted: Workspace, sensitivity: Sensitivity) -> EditPlan:
    plan = EditPlan()
    for kind_name, fields in sensitivity.fields.items():
        for record in store.every(kind_name):
            present = [name for name in fields if name in record.data]
            if present:
                _move(plan, workspace, record, present, restricted_file(restricted, sensitivity, record), restricted,
                      _cleared_on(record, store))
    if store.school and store.school.get("restricted_records") != SEPARATE:
        school = Document.load(workspace.records / SCHOOL_FILE)
        school.set("restricted_records", SEPARATE, after="academic_year")
        plan.changes.edit(school)
        plan.changed.append(f"{workspace.relative_file(workspace.records / SCHOOL_FILE)}: restricted_records: {SEPARATE}")
    return plan


def _move(plan: EditPlan, workspace: Workspace, record: Record, present: list[str], target_path: Path,
          restricted: Workspace, cleared: str | None) -> None:
    document = Document.load(workspace.root / record.file)
    already = _already_there(target_path, record, present, restricted)
    names = list(document.data)
    taken = document.take(present)
    if cleared:
        document.set(CLEARED, cleared, after=names[names.index("dbs") - 1])
    plan.changes.edit(document)
    moving = [field for field in taken if field[0] not in already]
    if target_path.exists():
        target = Document.load(target_path)
        target.give(moving)
        plan.changes.edit(target)
    else:
        target = Document.new(target_path, document, {"id": record.id})
        target.give(moving)
        plan.changes.create(target_path, target.render())
    line = f"{record.file}: moved {', '.join(present)} to {restricted.relative_file(target_path)}"
    plan.changed.append(line + (f"; {CLEARED}: {cleared}" if cleared else ""))


def _already_there(target_path: Path, record: Record, present: list[str], restricted: Workspace) -> set[str]:
    """The fields the restricted file already holds with the same value; another value stops the split."""
    if not target_path.exists():
        return set()
    values = parse_values(target_path.read_bytes(), restricted.relative_file(target_path))
    if not isinstance(values, dict):
        raise UsageError(f"cannot split into {target_path}: {values.message} (fix it first; nothing was changed)")
    clash = [name for name in present if name in values and values[name] != record.data[name]]
    if clash:
        raise UsageError(f"{record.file} and {target_path} both hold {', '.join(clash)}, with different values: "
                         "keep one of them by hand, then split again (nothing was changed)")
    return {name for name in present if name in values}


def _cleared_on(record: Record, store: RecordStore) -> str | None:
    """For a tutor with an enhanced DBS check with barred list (and no date from SMT yet): the start of
    their first assignment on or after the check's issue date, if any."""
    dbs = record.data.get("dbs")
    roles = set(record.data.get("roles", ()))
    if record.kind.name != "staff" or not dbs or CLEARED in record.data or not roles & {TUTOR, ASSOCIATE}:
        return None
    if dbs.get("level") != "enhanced" or dbs.get("barred_list") is not True:
        return None
    starts = [a.data["from"] for a in store.every("assignment") if a.data.get("staff") == record.id]
    return min((start for start in starts if start >= dbs["issued_on"]), default=None)  # ISO dates sort as text
