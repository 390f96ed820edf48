"""``pastoral rollover --to YEAR``: the September move up a year, as ordinary edits to review."""

from __future__ import annotations

import argparse
import sys

from pastoral.commands.options import add_dry_run_option, add_records_option, editable_records
from pastoral.lifecycle.rollover import academic_year, plan_rollover


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "rollover", help="move every pupil up a year group for a new academic year",
        description="Move every pupil on roll up a year group (the last year group, 13 or 11 as school.yml's "
                    "policy.sixth_form says, leave on the last day of the year; pupils who left by 31 August "
                    "and pupils who joined for the new year stay as they are), end leavers' open assignments, "
                    "move tutors up with their groups, start the new year's session folder and set the "
                    "academic year in school.yml. Runs once per year: run again, it changes nothing.")
    parser.add_argument("--to", required=True, type=_academic_year, metavar="YEAR",
                        help="the new academic year, for example 2027-28")
    add_records_option(parser)
    add_dry_run_option(parser)
    parser.set_defaults(run=run)


def _academic_year(text: str) -> str:
    try:
        return academic_year(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def run(args) -> int:
    editable = editable_records(args, "rollover")
    if editable is None:
        return 1
    workspace, store = editable
    plan = plan_rollover(workspace, store, args.to)
    if plan.already:
        print(f"pastoral rollover: the records are already in {args.to}: nothing to change")
        return 0
    plan.changes.write_or_show(args.dry_run, workspace.root, sys.stdout)
    for line in plan.changed + plan.kept:
        print(line)
    for line in plan.to_check:
        print(f"to do: {line}")
    verb = "would change" if args.dry_run else "changed"
    print(f"pastoral rollover: {verb} {len(plan.changes)} files for {args.to}"
          + (f"; {len(plan.to_check)} thing{'s' if len(plan.to_check) > 1 else ''} to do by hand"
             if plan.to_check else ""))
    return 0
