"""Validation, then every rule: what ``pastoral check`` and the site pages both use."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date

from pastoral.checking.basis import Since, kind_name
from pastoral.checking.restricted import Boundary, Restricted, join, not_checked
from pastoral.checking.schemas import Schemas
from pastoral.checking.sensitivity import Sensitivity
from pastoral.checking.validation import Validated, validate_loaded
from pastoral.checking.waivers import apply_waivers
from pastoral.core.findings import Finding
from pastoral.core.index import RecordIndex
from pastoral.core.store import RecordStore
from pastoral.core.workspace import Workspace
from pastoral.reading.cache import ParseCache
from pastoral.reading.parser import RecordParser
from pastoral.reading.positions import place
from pastoral.reading.revision import load_revision
from pastoral.reading.walk import Loaded, load_folder
from pastoral.rules import Context, RuleRun, run_tracked


@dataclass
class Checked:
    store: RecordStore
    context: Context
    findings: list[Finding]
    files: int
    boundary: Boundary = field(default_factory=Boundary)
    """Whether restricted fields were kept apart and read: what the site may show."""
    runs: dict[str, RuleRun] = field(default_factory=dict)
    """What each rule found (before waivers) and read: what a later check may keep (see ``run_tracked``)."""
    problems: dict[str, list[Finding]] = field(default_factory=dict)
    """File -> how its record breaks its schema (see ``Validated``): what a later check may keep."""


def check_validated(validated: Validated, as_of: date, boundary: Boundary | None = None,
                    workspace: Workspace | None = None, since: Since | None = None) -> Checked:
    """Every rule's findings, waived where a waiver says so; ``since``: what an earlier check's rules found and
    read, and the files changed since (only the rules that read their kinds run again: see ``run_tracked``)."""
    boundary = boundary or Boundary()
    context = Context.of(validated.store, as_of)
    rules, unchecked = boundary.rules()
    earlier, changed = (since.runs, frozenset(map(kind_name, since.changed))) if since else ({}, frozenset())
    runs = run_tracked(context, rules, earlier, changed)
    findings = validated.findings + [finding for run in runs.values() for finding in run.findings]
    if unchecked and workspace is not None:
        findings += not_checked(unchecked, workspace.records, workspace.root)
    findings = boundary.refile(apply_waivers(findings, validated.store, as_of))
    return Checked(validated.store, context, findings, validated.files, boundary, runs, validated.problems)


def check_loaded(workspace: Workspace, main: Loaded, restricted: Restricted | None, as_of: date,
                 revision: str | None = None, since: Since | None = None) -> Checked:
    """Validate and check records already read, with the restricted folder's fields when one is given.

    ``since``: what an earlier check of the same records folder (with the same code, schemas and date) found,
    and the files changed since: what the others give is kept, not worked out again.
    """
    schemas = Schemas(workspace.schemas)
    side = restricted.load(Sensitivity.of(schemas), revision) if restricted else None
    loaded, boundary = join(main, side, schemas, restricted.workspace.root if restricted else None)
    since = since if side is None else None  # the restricted folder's files are not in the basis
    return check_validated(validate_loaded(loaded, schemas, since), as_of, boundary, workspace, since)


def check_workspace(workspace: Workspace, as_of: date, parser: RecordParser | None = None,
                    restricted: Restricted | None = None) -> Checked:
    """Check the records folder as it is on disk, with the restricted folder's fields when one is given."""
    return check_loaded(workspace, load_folder(workspace.records, workspace.root, parser), restricted, as_of)


def check_revision(workspace: Workspace, revision: str, as_of: date, parser: RecordParser | None = None,
                   restricted: Restricted | None = None) -> Checked:
    """Check the records as they were at a Git revision (judged by the same date and schemas).

    With the restricted folder, ``revision`` is one of the restricted repository: its records are
    compared at that revision against the records as they are on disk (one pinned revision of them).
    """
    main = load_folder(workspace.records, workspace.root, parser) if restricted else \
        load_revision(workspace, revision, parser or RecordParser())
    return check_loaded(workspace, main, restricted, as_of, revision)


def placed(checked: Checked, workspace: Workspace, cache: ParseCache | None = None,
           blobs: Mapping[str, str] | None = None) -> list[Finding]:
    """The findings with their lines: those in restricted files placed in the restricted repository.

    ``cache`` and ``blobs`` (each record file's blob id as checked) keep the lines of files placed before.
    """
    boundary = checked.boundary
    findings = checked.findings
    if boundary.root is not None:
        files = boundary.files
        findings = [*place([f for f in findings if f.file in files], boundary.root),
                    *(f for f in findings if f.file not in files)]
    return place(findings, workspace.root, cache, blobs)


def tutors_of(index: RecordIndex, pupils: Collection[str]) -> dict[str, list[tuple[str, str | None]]]:
    """Pupil id -> (staff id, GitHub user name or None) of each of their tutors today, for reminders."""
    assignments_of = index.tutor_assignments_of_pupil
    return {pupil: [_handle(index.store, assignment.get("staff")) for assignment in assignments_of[pupil]]
            for pupil in pupils if pupil in assignments_of}


def _handle(store: RecordStore, staff_id: str) -> tuple[str, str | None]:
    member = store.staff.get(staff_id)
    return staff_id, member.get("github") if member else None


def houses_of(store: RecordStore, subjects: Collection[str]) -> dict[str, str]:
    """Pupil or staff id -> the name of their House, for reports that count findings by House."""
    houses = {}
    for subject in subjects:
        record = store.staff.get(subject) or store.pupils.get(subject)
        if record is not None and record.get("house") in store.houses:
            houses[subject] = store.houses[record.get("house")].get("name")
    return houses


def house_names(store: RecordStore) -> list[str]:
    """Every House's name, in the order of their ids."""
    return [house.get("name") for _, house in sorted(store.houses.items())]
