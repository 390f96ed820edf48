"""``pastoral split --restricted DIR``: move the restricted fields to their own folder, as edits to review."""

from __future__ import annotations

import sys
from pathlib import Path

from pastoral.checking.schemas import Schemas
from pastoral.checking.sensitivity import Sensitivity
from pastoral.commands.options import add_dry_run_option, add_records_option, editable_records
from pastoral.core.workspace import Workspace
from pastoral.lifecycle.split import plan_split


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "split", help="move needs, considerations, DBS checks and health reasons to the restricted folder",
        description="Move every restricted field (needs, needs_considered, dbs, health_reason) out of the records "
                    "into the restricted folder, a repository only Heads of House, the SENCO, SMT and the "
                    "safeguarding lead can read, keeping comments; school.yml then says they are kept apart. "
                    "Run again, it changes nothing.")
    parser.add_argument("--restricted", required=True, metavar="DIR",
                        help="the restricted records folder (made if it does not exist)")
    add_records_option(parser)
    add_dry_run_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    editable = editable_records(args, "split")
    if editable is None:
        return 1
    workspace, store = editable
    folder = Path(args.restricted).resolve()
    restricted = Workspace(folder, folder.parent, workspace.schemas)
    plan = plan_split(workspace, store, restricted, Sensitivity.of(Schemas(workspace.schemas)))
    if not plan.changes:
        print("pastoral split: no restricted field is left in the records: nothing to change")
        return 0
    plan.changes.write_or_show(args.dry_run, workspace.root, sys.stdout)
    for line in plan.changed:
        print(line)
    verb = "would change" if args.dry_run else "changed"
    print(f"pastoral split: {verb} {len(plan.changes)} files. The values moved are still in the records' Git "
          "history: start the tutor-facing repository afresh from these files, or rewrite its history "
          "(git filter-repo), before tutors can read it")
    return 0
