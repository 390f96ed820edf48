"""``pastoral import pupils|staff FILE.csv|BUNDLE``: bring the records in line with the MIS export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pastoral.commands.options import add_dry_run_option, add_records_option, editable_records, iso_date
from pastoral.lifecycle.import_roll import ROLL_KINDS, plan_import
from pastoral.lifecycle.mis_mappings import FIELDS, MAPPINGS


def _mapping_help() -> str:
    lines = ["fields and the columns of the built-in mappings (field: sims / arbor):"]
    for kind, fields in FIELDS.items():
        lines.append(f"  {kind}:")
        for name, meaning in fields.items():
            columns = " / ".join(repr(MAPPINGS[mapping][kind].get(name, "-")) for mapping in MAPPINGS)
            lines.append(f"    {name}: {columns}  ({meaning})")
    return "\n".join(lines)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "import", help="update pupil or staff records from a CSV export of the school's MIS",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=_mapping_help(),
        description="Create records for new pupils (or new tutors) and update the year group, House, tutor "
                    "group and needs of existing ones from a CSV export or a OneRoster 1.1 bundle. Never touches "
                    "assignments or sessions: it names those a change of needs asks you to reconsider.")
    parser.add_argument("kind", choices=sorted(ROLL_KINDS), help="which records the export lists")
    parser.add_argument("csv", type=Path, metavar="FILE.csv|BUNDLE",
                        help="the export, with a header line; or a OneRoster 1.1 bundle (a folder or .zip with "
                             "users.csv, orgs.csv, classes.csv, enrollments.csv)")
    parser.add_argument("--mapping", metavar="sims|arbor|PATH",
                        help="which column holds which field: sims, arbor, or a YAML mapping file "
                             "(default: whichever built-in mapping the header fits)")
    parser.add_argument("--mark-missing-left", type=iso_date, metavar="DATE",
                        help="mark records on roll that the export does not list as left on DATE")
    parser.add_argument("--skip-bad-rows", action="store_true",
                        help="report bad rows and import the rest (default: a bad row stops the whole import)")
    add_records_option(parser)
    add_dry_run_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    editable = editable_records(args, "import")
    if editable is None:
        return 1
    workspace, store = editable
    left_on = args.mark_missing_left.isoformat() if args.mark_missing_left else None
    plan = plan_import(workspace, store, args.kind, args.csv, args.mapping, left_on)
    if plan.problems and not args.skip_bad_rows:
        for problem in plan.problems:
            print(problem)
        print(f"pastoral import: FAILED: {len(plan.problems)} rows to correct in {args.csv.name}; nothing was "
              f"changed (to import the other rows, run again with --skip-bad-rows)")
        return 1
    plan.changes.write_or_show(args.dry_run, workspace.root, sys.stdout)
    for problem in plan.problems:
        print(f"skipped: {problem}")
    for line in plan.changed + plan.notes:
        print(line)
    verb = "would change" if args.dry_run else "changed"
    skipped = f"; skipped {len(plan.problems)} bad rows (listed above)" if plan.problems else ""
    print(f"pastoral import: {verb} {len(plan.changes)} {args.kind} files{skipped}")
    return 0
