"""``pastoral history PATH [--on DATE]``: who changed a record and when, from Git itself."""

from __future__ import annotations

from pathlib import Path

from pastoral.commands.options import iso_date
from pastoral.core.escape import one_line
from pastoral.core.workspace import UsageError
from pastoral.lifecycle.history import record_history, said_on
from pastoral.reading.git import repository_of


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "history", help="who changed a record, when, and in which pull request (git log --follow)",
        description="List every change to one record, newest first, following renames: who made it, when, in "
                    "which pull request, and which fields changed. With --on DATE, print what the record said at "
                    "the end of that day.")
    parser.add_argument("path", type=Path, metavar="PATH", help="the record's file, for example "
                        "records/pupils/p0042.yml (a file deleted since can be named too)")
    parser.add_argument("--on", type=iso_date, default=None, metavar="DATE",
                        help="print the record as it was at the end of this day")
    parser.set_defaults(run=run)


def run(args) -> int:
    folder = args.path.parent if args.path.parent.is_dir() else Path.cwd()
    repository = repository_of(folder.resolve(), ", which is where a record's history is kept")
    path = args.path.resolve() if args.path.is_absolute() else (Path.cwd() / args.path).resolve()
    try:
        relative = path.relative_to(repository.resolve()).as_posix()
    except ValueError:
        raise UsageError(f"{args.path} is not inside the repository {repository}") from None
    changes = record_history(repository, relative)
    if not changes:
        raise UsageError(f"Git has no history for {relative}: check the path (it is relative to where you are)")
    if args.on is not None:
        change = said_on(changes, args.on)
        if change is None:
            print(f"{relative} did not exist yet on {args.on} (first written on {changes[-1].when.date()})")
        elif change.text is None:
            print(f"{relative} had been deleted by {args.on} ({change.when.date()}, {one_line(change.author)})")
        else:
            print(f"# {change.path} as it was on {args.on}: last changed {change.when.date()} by "
                  f"{one_line(change.author)} ({change.commit[:10]})")
            print("\n".join(one_line(line) for line in change.text.splitlines()))
        return 0
    print(f"{relative}: {len(changes)} change{'s' * (len(changes) != 1)}, newest first (git log --follow)")
    for change in changes:
        pull = f"pull request #{change.pull_request}" if change.pull_request else "no pull request"
        what = change.action + (f" from {change.renamed_from}" if change.renamed_from else "")
        fields = ", ".join(name for name, _, _ in change.fields)
        print(f"{change.when.date()} {change.when.time().isoformat('minutes')}  {one_line(change.author)} "
              f"<{one_line(change.email)}>  {pull}  {what}" + (f": {one_line(fields)}" if fields else "")
              + f"\n    {change.commit[:10]} {one_line(change.summary)}")
    return 0
