"""Roll import: bring the pupil or staff records in line with an export of the school's MIS.

The MIS is where the roll lives; the records keep only what tutoring needs. An
import creates records for new pupils (or new tutors), updates the year group,
House, tutor group and needs of existing ones, and marks those missing from the
export as left only when asked. It never touches assignments or sessions: who
tutors whom is a decision people make, not a column in the MIS; it names the
assignments a change of needs asks people to reconsider. UPNs and any other
columns are ignored.

The export is a CSV file (SIMS, Arbor or a school's own headers: ``mis_mappings``)
or a OneRoster 1.1 bundle (``oneroster``). A bad row is reported with its file and
line, and by default stops the whole import, so that a half-read export never
leaves the records half-updated; asked to, the import skips bad rows and applies
the rest (each row is applied whole or not at all).
"""

from __future__ import annotations

from pathlib import Path

from pastoral.core.kinds import PUPIL, STAFF
from pastoral.core.store import RecordStore
from pastoral.core.workspace import Workspace
from pastoral.lifecycle.import_base import Importer, RollImport
from pastoral.lifecycle.import_pupils import PupilImporter
from pastoral.lifecycle.import_staff import StaffImporter
from pastoral.lifecycle.mis_mappings import choose_mapping
from pastoral.lifecycle.oneroster import is_bundle, read_bundle
from pastoral.lifecycle.roll_source import Row, read_csv

ROLL_KINDS = {"pupils": PUPIL, "staff": STAFF}


def plan_import(workspace: Workspace, store: RecordStore, kind: str, path: Path, mapping: str | None,
                mark_missing_left: str | None) -> RollImport:
    """Every change importing ``path`` makes to the ``kind`` records ('pupils' or 'staff'); nothing is written."""
    source = read_bundle(path, kind) if is_bundle(path) else read_csv(path)
    columns = source.mapping or choose_mapping(mapping, kind, source.headers, path.name)
    plan = RollImport()
    importer: Importer = (PupilImporter if kind == "pupils" else StaffImporter)(workspace, store, plan)
    seen: dict[str, int] = {}
    unidentified = []
    for source_row in source.rows:
        row = Row(source_row, columns)
        key = importer.key(row)
        if key is None:
            unidentified.append(source_row.line)
            continue
        if key in seen:
            plan.problems.append(row.problem(f"{key} appears twice in the export (also on line {seen[key]})"))
        elif source_row.problem:
            plan.problems.append(source_row.problem)
        else:
            importer.row(row, key)
        seen.setdefault(key, source_row.line)
    importer.finish(path.name)
    if unidentified and mark_missing_left:
        plan.notes.append(f"nobody was marked as left: the rows on lines {', '.join(map(str, unidentified))} name "
                          f"nobody, so whoever they are would have been (correct them, then run again)")
        mark_missing_left = None
    importer.missing(ROLL_KINDS[kind], set(seen), path.name, mark_missing_left)
    return plan
