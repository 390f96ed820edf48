"""The records and the restricted records, read as one: what ``check --restricted`` and the site use.

A school that keeps restricted fields apart has two folders: the records every
member of staff reads, and a restricted folder (its own repository) holding one
file per record with that record's restricted fields. Joined, they give exactly
the records before ``pastoral split``, so every rule finds what it found then;
findings about a restricted field name the restricted file. Read alone, the
records lack those fields: the rules that need them are listed as not checked,
and a restricted field typed into the records is an error that never shows its
value.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from pastoral.checking.schemas import Schemas
from pastoral.checking.sensitivity import SEPARATE, Sensitivity
from pastoral.core.findings import ERROR, WARNING, Finding
from pastoral.core.kinds import SCHOOL, SCHOOL_FILE
from pastoral.core.record import Record
from pastoral.core.workspace import UsageError, Workspace, relative_file
from pastoral.reading.cache import DEFAULT_DIRECTORY
from pastoral.reading.parser import RecordParser
from pastoral.reading.revision import load_revision
from pastoral.reading.walk import Loaded, load_folder
from pastoral.rules import REGISTRY, Rule

NOT_CHECKED = "not-checked"
TYPED_IN = "restricted-field"
UNMATCHED = "restricted-unmatched"


def restricted_workspace(folder: Path | str) -> Workspace:
    """The restricted folder: its files are named relative to its parent, the restricted repository.

    Retention, purge and subject access requests use this too, to reach a pupil's restricted file.
    """
    if not Path(folder).is_dir():
        raise UsageError(f"the restricted records folder '{folder}' does not exist (check --restricted DIR)")
    return Workspace.at(folder)


def restricted_cache(workspace: Workspace) -> Path:
    """The parse cache of the restricted records: inside their own folder, never with the records' cache
    (nor in $PASTORAL_CACHE_DIR), so parsed restricted values stay where only their readers are."""
    return workspace.records / DEFAULT_DIRECTORY


def restricted_file(workspace: Workspace, sensitivity: Sensitivity, record: Record) -> Path:
    """Where the restricted fields of ``record`` are kept in the restricted folder."""
    return workspace.records / sensitivity.folder(record.kind) / f"{record.id}.yml"


@dataclass(frozen=True)
class Restricted:
    """The restricted folder and the parser that reads it (with its own cache)."""

    workspace: Workspace
    parser: RecordParser

    def load(self, sensitivity: Sensitivity, revision: str | None = None) -> Loaded:
        """Every restricted file, as on disk or (``revision``) at a revision of the restricted repository."""
        if revision:
            return load_revision(self.workspace, revision, self.parser, sensitivity.kind_of)
        return load_folder(self.workspace.records, self.workspace.root, self.parser, sensitivity.kind_of)


@dataclass(frozen=True)
class Boundary:
    """Whether this run could read the restricted fields, and where those it read are kept."""

    readable: bool = True
    homes: dict[tuple[str, str], str] = field(default_factory=dict)
    """(records file, restricted field) -> the restricted file that holds the field."""
    root: Path | None = None
    """The restricted repository's root, to place findings in its files."""

    def rules(self) -> tuple[list[Rule], list[Rule]]:
        """(the rules to run, the rules that cannot run without the restricted records)."""
        if self.readable:
            return [rule for rule in REGISTRY.values() if not rule.stands_in], []
        return ([rule for rule in REGISTRY.values() if not rule.reads_restricted],
                [rule for rule in REGISTRY.values() if rule.reads_restricted])

    @property
    def files(self) -> frozenset[str]:
        return frozenset(self.homes.values())

    def refile(self, findings: list[Finding]) -> list[Finding]:
        """Findings about a restricted field name the restricted file that holds it."""
        return [replace(finding, file=self.homes[key]) if (key := (finding.file, _top_field(finding.pointer)))
                in self.homes else finding for finding in findings]


def _top_field(pointer: str | None) -> str:
    """The record's field a pointer is in: 'dbs' for '/dbs/level', 'needs' for '/needs#key'."""
    return (pointer or "").lstrip("/").split("/")[0].split("#")[0]


def keeps_apart(loaded: Loaded) -> bool:
    """Whether school.yml says the restricted fields are kept in their own folder."""
    return any(record.kind == SCHOOL and record.data.get("restricted_records") == SEPARATE for record in loaded.records)


def join(main: Loaded, side: Loaded | None, schemas: Schemas, root: Path | None = None) -> tuple[Loaded, Boundary]:
    """The records with the restricted fields joined in (``side``), or stripped out when they are kept
    apart and ``side`` is None; and the boundary that tells the checker what it may run."""
    sensitivity = Sensitivity.of(schemas)
    separate = side is not None or keeps_apart(main)
    if not separate:
        return main, Boundary()
    findings = list(main.findings) + typed_in(main.records, sensitivity)
    records = [_without(record, sensitivity.restricted(record.kind)) for record in main.records]
    boundary = Boundary(readable=side is not None, root=root)
    if side is not None:
        findings += side.findings
        records = _joined(records, side.records, sensitivity, findings, boundary.homes)
    return Loaded(records, findings), boundary


def _without(record: Record, fields: tuple[str, ...]) -> Record:
    if not any(name in record.data for name in fields):
        return record
    return Record(record.kind, record.id, {k: v for k, v in record.data.items() if k not in fields}, record.file)


def _joined(records: list[Record], extras: list[Record], sensitivity: Sensitivity, findings: list[Finding],
            homes: dict[tuple[str, str], str]) -> list[Record]:
    at: dict[tuple[str, str], int] = {}
    for position, record in enumerate(records):
        at.setdefault((record.kind.name, record.id), position)
    records = list(records)
    for extra in extras:
        allowed = sensitivity.restricted(extra.kind)
        findings.extend(_not_restricted(extra, name, allowed) for name in extra.data if name != "id" and name not in allowed)
        found = at.get((extra.kind.name, extra.id))
        if found is None:
            findings.append(Finding(
                UNMATCHED, WARNING, extra.file, f"there is no {extra.kind.name} '{extra.id}' in the "
                "records for these restricted fields", subject=extra.subject, pointer="/id", detail=extra.id,
                hint=f"check the id against the {extra.kind.folder}/ folder of the records; a consideration written "
                     "before its assignment is merged waits here until it is"))
            continue
        target = records[found]
        moved = {name: extra.data[name] for name in allowed if name in extra.data}
        records[found] = Record(target.kind, target.id, {**target.data, **moved}, target.file)
        homes.update({(target.file, name): extra.file for name in moved})
    return records


def _not_restricted(extra: Record, name: str, allowed: tuple[str, ...]) -> Finding:
    return Finding("layout", ERROR, extra.file, f"'{name}' is not a restricted field of a {extra.kind.name} record",
                   subject=extra.subject, pointer=f"/{name}#key", detail=name,
                   hint=f"move it to the {extra.kind.name}'s file in the records; here only "
                        f"{', '.join(allowed)} (and 'id') belong")


def typed_in(records: list[Record], sensitivity: Sensitivity) -> list[Finding]:
    """A finding for each restricted field in the records: named, never shown."""
    return [Finding(TYPED_IN, ERROR, record.file, f"'{name}' is restricted: it belongs in the restricted records, not "
                    "here where every member of staff can read it", subject=record.subject, pointer=f"/{name}#key",
                    detail=name, hint="remove it from this file and ask a Head of House to record it in the restricted "
                                      "records; once committed it stays in the Git history, so tell the data protection "
                                      "lead")
            for record in records for name in sensitivity.restricted(record.kind) if name in record.data]


def not_checked(rules: list[Rule], records: Path, root: Path) -> list[Finding]:
    """A warning for each rule left unchecked, at the school's ``restricted_records`` setting."""
    school = relative_file(records / SCHOOL_FILE, root)
    return [Finding(NOT_CHECKED, WARNING, school, f"the rule '{rule.id}' was not checked: it reads "
                    f"{' and '.join(rule.reads_restricted)}, which are kept in the restricted records",
                    pointer="/restricted_records", detail=rule.id,
                    hint="the restricted repository's check runs it: pastoral check --restricted DIR")
            for rule in rules]
