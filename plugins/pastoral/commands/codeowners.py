"""``pastoral codeowners``: write ``.github/CODEOWNERS`` so each pupil's Head of House reviews their records."""

from __future__ import annotations

import sys
from pathlib import Path

from pastoral.checking.validation import validate_workspace
from pastoral.commands.options import add_records_option
from pastoral.core.workspace import UsageError, Workspace
from pastoral.lifecycle.codeowners import CODEOWNERS, NoDefaultOwners, render, stale_findings, unowned_houses
from pastoral.reporters import REPORTERS, Report

FINDINGS = 1


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "codeowners", help=f"write {CODEOWNERS} from the records",
        description="Write GitHub's CODEOWNERS file from the records: each pupil's records are owned by the Head of "
                    "House of the pupil's House, everything else by SMT (staff with the role smt or head-teacher). "
                    "Owners are the 'github' fields of their staff records.")
    add_records_option(parser)
    parser.add_argument("--output", type=Path, metavar="PATH",
                        help=f"the file to write (default: {CODEOWNERS} at the repository root, beside the records)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when the file is missing or out of date")
    parser.set_defaults(run=run)


def run(args) -> int:
    workspace = Workspace.at(args.records)
    validated = validate_workspace(workspace)
    output = args.output or workspace.root / CODEOWNERS
    try:
        text = render(validated.store, workspace.records.name)
    except NoDefaultOwners as problem:
        print(f"pastoral codeowners: {problem}", file=sys.stderr)
        return FINDINGS
    for house in unowned_houses(validated.store):
        print(f"pastoral codeowners: warning: the Head of House of {house.data['name']} "
              f"('{house.data['head_of_house']}') has no staff record with a 'github' field, or has a leaving date, "
              f"so SMT review its pupils' records: name a Head of House who can in {house.file}", file=sys.stderr)
    if args.check:
        if not output.is_file():
            print(f"pastoral codeowners: {output} does not exist: run `pastoral codeowners` to write it",
                  file=sys.stderr)
            return FINDINGS
        stale = stale_findings(workspace, validated.store, output)
        REPORTERS["text"](Report("codeowners", stale, records=validated.files), sys.stdout)
        return FINDINGS if stale else 0  # asked to compare: out of date is a failure here, a warning in `check`
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror}") from None
    print(f"pastoral codeowners: wrote {output} ({len(validated.store.pupils)} pupils' records owned by their "
          f"Head of House, everything else by SMT)")
    return 0
