"""``pastoral new session|assignment``: start a record prefilled from the records, never overwriting one."""

from __future__ import annotations

import sys
from datetime import date

from pastoral.checking.validation import validate_workspace
from pastoral.commands.options import add_records_option, iso_date
from pastoral.core.index import ASSOCIATE, TUTOR, RecordIndex
from pastoral.core.workspace import Workspace
from pastoral.lifecycle.new import Refused, assignment_draft, session_draft, write_new

REFUSED = 1


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "new", help="start a new session or assignment record",
        description="Write a new record prefilled from the records, for you to finish. It never overwrites a file "
                    "(exit 1); an unknown pupil or staff id is a usage error (exit 2).")
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")

    session = kinds.add_parser(
        "session", help="a mentoring session with one pupil",
        description="Start sessions/<academic year>/<date>-<pupil>.yml with the pupil's tutor, the House tutor room, "
                    "and a review for each target of the pupil's last session not yet reviewed.")
    session.add_argument("--pupil", required=True, metavar="ID", help="the pupil's id, for example p0042")
    session.add_argument("--date", type=iso_date, default=None, metavar="DATE",
                         help="the day of the session, YYYY-MM-DD (default: today)")
    add_records_option(session)
    session.set_defaults(run=run, draft=lambda context, workspace, args: session_draft(context, args.pupil))

    assignment = kinds.add_parser(
        "assignment", help="a tutor (or associate tutor) for one pupil",
        description="Start assignments/<pupil>-<n>.yml for the next free n. The pupil's current assignment is not "
                    "ended for you: the command says what to change.")
    assignment.add_argument("--pupil", required=True, metavar="ID", help="the pupil's id, for example p0042")
    assignment.add_argument("--staff", required=True, metavar="ID", help="the staff id of the tutor")
    assignment.add_argument("--role", choices=(TUTOR, ASSOCIATE), default=TUTOR, help="default: tutor")
    assignment.add_argument("--from", dest="date", type=iso_date, default=None, metavar="DATE",
                            help="the first day of the assignment, YYYY-MM-DD (default: today)")
    add_records_option(assignment)
    assignment.set_defaults(run=run, draft=lambda context, workspace, args: assignment_draft(
        context, workspace.records / "assignments", args.pupil, args.staff, args.role))


def run(args) -> int:
    workspace = Workspace.at(args.records)
    context = RecordIndex.of(validate_workspace(workspace).store, args.date or date.today())
    try:
        draft = args.draft(context, workspace, args)
        path = write_new(workspace, draft)
    except Refused as refusal:
        print(f"pastoral new {args.kind}: {refusal}", file=sys.stderr)
        return REFUSED
    file = workspace.relative_file(path)
    print(f"pastoral new {args.kind}: wrote {file}")
    for step in draft.todo:
        print(f"  to do: {step}")
    print(f"  then check it: pastoral validate {file}")
    return 0
