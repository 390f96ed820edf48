"""``pastoral retention [--purge]``: the records past the school's retention policy, and their removal."""

from __future__ import annotations

import sys
from datetime import date

from pastoral.commands.options import add_records_option, editable_store, iso_date
from pastoral.core.workspace import Workspace
from pastoral.lifecycle.purge import purge_history
from pastoral.lifecycle.retention import past_retention, unset_periods
from pastoral.reading.cache import forget
from pastoral.reading.git import repository_of


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "retention", help="list the records past the retention policy (and remove them with --purge)",
        description="List the records of pupils who left longer ago than school.yml's retention policy keeps "
                    "them. With --purge, remove them from the repository and from every commit of its history.")
    add_records_option(parser)
    parser.add_argument("--as-of", type=iso_date, default=None, metavar="DATE",
                        help="judge the periods as on this date (default: today)")
    parser.add_argument("--purge", action="store_true",
                        help="remove the listed records from the working tree and from Git history, "
                             "rewriting every branch and tag (then force-push: see the README)")
    parser.set_defaults(run=run)


def run(args) -> int:
    workspace = Workspace.at(args.records)
    store = editable_store(workspace, "retention", sys.stdout)
    if store is None:
        return 1
    as_of = args.as_of or date.today()
    expired = past_retention(store, as_of)
    for kind in unset_periods(store):
        print(f"note: school.yml's retention gives no period for {kind}: they are kept for good")
    for item in expired:
        print(f"{item.file}: pupil {item.pupil} left on {item.left_on}, kept until {item.kept_until}")
    pupils = len({item.pupil for item in expired})
    records = f"{len(expired)} record{'s' * (len(expired) != 1)} of {pupils} pupil{'s' * (pupils != 1)}"
    if not args.purge or not expired:
        print(f"pastoral retention: {records} past the retention policy on {as_of}"
              + (" (remove them with --purge)" if expired else ""))
        return 1 if expired else 0
    repository = repository_of(workspace.root, ", so there is no history to remove records from")
    purge_history(repository, [(workspace.root / item.file).relative_to(repository).as_posix() for item in expired])
    forget(workspace.root)  # the parse cache holds copies of the purged records
    print(f"pastoral retention: removed {records} from the working tree and from every commit.\n"
          "Next: 'git push --force --all && git push --force --tags', then everyone deletes their clone and "
          "clones again (an old clone still holds the records).")
    return 0
