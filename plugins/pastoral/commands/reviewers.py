"""``pastoral reviewers``: which approvals a change still needs because it moves a pupil to another House."""

from __future__ import annotations

import sys
from pathlib import Path

from pastoral.checking.schemas import Schemas
from pastoral.checking.validation import validate_loaded, validate_workspace
from pastoral.commands.options import add_records_option
from pastoral.core.workspace import UsageError, Workspace
from pastoral.lifecycle.house_moves import house_moves
from pastoral.reading.parser import RecordParser
from pastoral.reading.revision import load_revision

MISSING = 1


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "reviewers", help="the approvals a change needs because a pupil moves House",
        description="Compare the records with a Git revision; for each pupil who moves to another House, both Heads "
                    "of House must approve (SMT for a House whose Head has no GitHub name). Exit 1 while an approval "
                    "is missing.")
    add_records_option(parser)
    parser.add_argument("--base", required=True, metavar="GIT-REV", help="the revision the change is compared with")
    parser.add_argument("--approved", nargs="*", default=[], metavar="LOGIN",
                        help="GitHub user names who approved the change (its author counts as approving)")
    parser.add_argument("--request-file", type=Path, metavar="PATH",
                        help="write the user names still to ask for a review there, separated by commas")
    parser.set_defaults(run=run)


def run(args) -> int:
    workspace = Workspace.at(args.records)
    after = validate_workspace(workspace).store
    before = validate_loaded(load_revision(workspace, args.base, RecordParser()), Schemas(workspace.schemas)).store
    moves = house_moves(before, after)
    missing = {move.pupil: move.missing(args.approved) for move in moves}
    for move in moves:
        still = missing[move.pupil]
        state = "approved by both" if not still else "waiting for " + " and ".join(map(str, still))
        print(f"{move.pupil} moves from {move.leaving.house} to {move.joining.house}: "
              f"needs {move.leaving} and {move.joining}; {state}")
    to_ask = sorted({h.removeprefix("@") for approvers in missing.values() for a in approvers for h in a.handles})
    if args.request_file:
        try:
            args.request_file.write_text(",".join(to_ask), encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot write {args.request_file}: {error.strerror}") from None
    if not moves:
        print("pastoral reviewers: no pupil changes House in this change")
    waiting = sum(bool(still) for still in missing.values())
    if waiting:
        print(f"pastoral reviewers: {waiting} of {len(moves)} House moves still need a Head of House's approval",
              file=sys.stderr)
    return MISSING if waiting else 0
