"""``pastoral sar ID``: the subject access request bundle for a pupil or member of staff."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pastoral.commands.options import add_records_option, editable_records, iso_date
from pastoral.core.workspace import UsageError, Workspace
from pastoral.lifecycle.sar import gather
from pastoral.lifecycle.sar_page import DATA, write_bundle
from pastoral.reading.git import git, repository_of

SUBJECT = re.compile(r"^[a-z0-9][a-z0-9-]*$")
"""Pupil and staff ids, as the schemas allow them: also safe as part of a folder name."""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "sar", help="write the subject access request bundle for a pupil or member of staff",
        description="Write one folder with a readable page (index.html, which prints well) and the same in JSON: "
                    "every record that names the pupil or member of staff, each with its full Git history (who "
                    "changed what, when, in which pull request), why each kind is kept and for how long, and the "
                    "third-party data to review before release.")
    parser.add_argument("subject", metavar="ID", help="the pupil id (p0042) or staff id")
    add_records_option(parser)
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="the folder to write (default: sar-ID-DATE in the current folder); it holds personal "
                             "data, so it may not be inside the repository unless Git ignores it")
    parser.add_argument("--as-of", type=iso_date, default=None, metavar="DATE",
                        help="the date the bundle is prepared on (default: today)")
    parser.add_argument("--restricted", type=Path, default=None, metavar="DIR",
                        help="a second folder of restricted records (needs, DBS details) to include")
    parser.set_defaults(run=run)


def run(args) -> int:
    editable = editable_records(args, "sar")
    if editable is None:
        return 1
    workspace, store = editable
    if not SUBJECT.match(args.subject):
        raise UsageError(f"'{args.subject}' is not a pupil or staff id: write it as the records do, like p0042 "
                         "or jwhitfield")
    as_of = args.as_of or date.today()
    out = (args.out or Path(f"sar-{args.subject}-{as_of}")).resolve()
    refuse_inside_repository(workspace, out)
    bundle = gather(workspace, store, args.subject, as_of, args.restricted)
    page = write_bundle(bundle, out)
    if not bundle.entries:
        print(f"pastoral sar: the records hold nothing about {args.subject}; the bundle says so")
    print(f"pastoral sar: wrote {page} and {out / DATA}: {len(bundle.entries)} records about {bundle.who} "
          f"{args.subject}, {sum(len(entry.history) for entry in bundle.entries)} changes from Git, "
          f"{len(bundle.marks)} third-party items to review before release")
    for request in bundle.requests:
        if not request["answered_on"]:
            print(f"pastoral sar: request {request['id']} must be answered by {request['due_by']}; record the "
                  "day it is sent as 'answered_on'")
    return 0


def refuse_inside_repository(workspace: Workspace, out: Path) -> None:
    """A bundle inside the repository could be committed, and every clone would then hold it."""
    try:
        repository = repository_of(workspace.root).resolve()
        out.relative_to(repository)
    except (UsageError, ValueError):
        return
    try:
        git(repository, "check-ignore", "--quiet", "--no-index", str(out / DATA))  # exit 1: not ignored
    except UsageError:
        raise UsageError(f"{out} is inside the repository and Git does not ignore it, so the bundle (personal "
                         "data) could be committed: write it elsewhere with --out DIR") from None
