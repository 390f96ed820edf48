"""Parse and schema-check records: the first half of every command."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pastoral.checking.basis import Since
from pastoral.checking.schemas import Schemas
from pastoral.core.findings import Finding
from pastoral.core.store import RecordStore
from pastoral.core.workspace import UsageError, Workspace
from pastoral.reading.parser import RecordParser
from pastoral.reading.walk import Loaded, load_folder, load_paths


@dataclass
class Validated:
    store: RecordStore
    """The records that match their schema."""
    findings: list[Finding]
    """Files that do not parse, are misplaced, or break their schema."""
    files: int
    """How many files were read."""
    problems: dict[str, list[Finding]] = field(default_factory=dict)
    """File -> how its record breaks its schema, for each record that does."""


def validate_loaded(loaded: Loaded, schemas: Schemas, since: Since | None = None) -> Validated:
    """The records that match their schema, and the findings about those that do not. ``since``: an earlier
    check's schema problems and the files changed since; a record whose file did not change breaks the same
    schema in the same ways."""
    findings = [schemas.explain_typed(finding, loaded.kinds[finding.file]) if finding.file in loaded.kinds
                else finding for finding in loaded.findings]
    valid, broken, by_file = [], set(), {}
    problems_before, changed = (since.problems, since.changed) if since is not None else ({}, None)
    for record in loaded.records:
        unchanged = changed is not None and record.file not in changed
        problems = problems_before.get(record.file, []) if unchanged else schemas.check(record)
        if problems:
            findings.extend(problems)
            broken.add((record.kind.name, record.id))
            by_file[record.file] = problems
        else:
            valid.append(record)
    return Validated(RecordStore(valid, frozenset(broken)), findings, len(loaded.records) + len(loaded.findings),
                     by_file)


def validate_workspace(workspace: Workspace, paths: list[Path] | None = None,
                       parser: RecordParser | None = None) -> Validated:
    """Validate the whole records folder, or only ``paths`` inside it."""
    schemas = Schemas(workspace.schemas)
    if not paths:
        return validate_loaded(load_folder(workspace.records, workspace.root, parser), schemas)
    # Resolve the folders but not the file itself: a link must be judged as the link it is.
    chosen = list(dict.fromkeys(path.parent.resolve() / path.name for path in paths))
    for path in chosen:
        if not path.is_file():
            raise UsageError(f"'{path}' is not a file")
        if workspace.records not in path.parents:
            raise UsageError(f"'{path}' is not inside the records folder '{workspace.records}'")
    return validate_loaded(load_paths(chosen, workspace.records, workspace.root, parser), schemas)
