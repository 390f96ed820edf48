"""Validation, then every rule: what ``pastoral check`` and the site pages both use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pastoral.checking.schemas import Schemas
from pastoral.checking.validation import Validated, validate_loaded, validate_workspace
from pastoral.checking.waivers import apply_waivers
from pastoral.core.findings import Finding
from pastoral.core.index import RecordIndex
from pastoral.core.store import RecordStore
from pastoral.core.workspace import Workspace
from pastoral.reading.parser import RecordParser
from pastoral.reading.revision import load_revision
from pastoral.rules import Context, run_rules


@dataclass
class Checked:
    store: RecordStore
    context: Context
    findings: list[Finding]
    files: int


def check_validated(validated: Validated, as_of: date) -> Checked:
    context = Context.of(validated.store, as_of)
    findings = apply_waivers(validated.findings + run_rules(context), validated.store, as_of)
    return Checked(validated.store, context, findings, validated.files)


def check_workspace(workspace: Workspace, as_of: date, parser: RecordParser | None = None) -> Checked:
    """Check the records folder as it is on disk."""
    return check_validated(validate_workspace(workspace, parser=parser), as_of)


def check_revision(workspace: Workspace, revision: str, as_of: date, parser: RecordParser | None = None) -> Checked:
    """Check the records folder as it was at a Git revision (judged by the same date and schemas)."""
    loaded = load_revision(workspace, revision, parser or RecordParser())
    return check_validated(validate_loaded(loaded, Schemas(workspace.schemas)), as_of)


def tutors_of(index: RecordIndex) -> dict[str, list[tuple[str, str | None]]]:
    """Pupil id -> (staff id, GitHub user name or None) of each of their tutors today, for reminders."""
    return {pupil: [_handle(index.store, assignment.get("staff")) for assignment in assignments]
            for pupil, assignments in index.tutor_assignments_of_pupil.items()}


def _handle(store: RecordStore, staff_id: str) -> tuple[str, str | None]:
    member = store.staff.get(staff_id)
    return staff_id, member.get("github") if member else None


def houses_of(store: RecordStore) -> dict[str, str]:
    """Pupil or staff id -> the name of their House, for reports that count findings by House."""
    return {record.id: store.houses[record.get("house")].get("name")
            for record in (*store.pupils.values(), *store.staff.values()) if record.get("house") in store.houses}
