"""``pastoral retention [--purge]``: the records past the school's retention policy, and forgetting them."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from pathlib import Path

from pastoral.checking.validation import validate_workspace
from pastoral.commands.options import add_records_option, editable_records, iso_date
from pastoral.core.store import RecordStore
from pastoral.core.workspace import Workspace
from pastoral.lifecycle.codeowners import CODEOWNERS, NoDefaultOwners, render
from pastoral.lifecycle.purge import Purged, purge_history, refuse_unsafe
from pastoral.lifecycle.restricted import belonging_to, read_folder, repository_or_none
from pastoral.lifecycle.retention import Retention, past_retention
from pastoral.lifecycle.retention_policy import CATEGORIES, from_school, retention_policy
from pastoral.reading.cache import forget
from pastoral.reading.git import git, repository_of

NOT_FORGOTTEN = 1


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "retention", help="list the records past the retention policy (and forget them with --purge)",
        description="List the records past the retention policy in school.yml (the IRMS toolkit's periods where "
                    "it sets none), by category, with the day each fell due. With --purge, remove them, every "
                    "record naming the people they are about, and every earlier version, from the repository and "
                    "all of its history, then check that none is reachable.")
    add_records_option(parser)
    parser.add_argument("--as-of", type=iso_date, default=None, metavar="DATE",
                        help="judge the periods as on this date (default: today)")
    parser.add_argument("--purge", action="store_true",
                        help="remove the listed records from the working tree and from every commit, tag and note "
                             "(then follow the steps it prints: see the README, Data protection)")
    parser.add_argument("--restricted", type=Path, default=None, metavar="DIR",
                        help="a second folder of restricted records (needs, DBS details): its files that name a "
                             "person whose records are due go with them, from its own repository's history too")
    parser.set_defaults(run=run)


def run(args) -> int:
    editable = editable_records(args, "retention")
    if editable is None:
        return 1
    workspace, store = editable
    as_of = args.as_of or date.today()
    retention = past_retention(store, as_of)
    describe(store, retention)
    people = retention.subjects
    restricted = restricted_due(args.restricted, people) if args.restricted else []
    subjects = {item.subject for item in retention.due} | {person for _, person in restricted}
    files = len(retention.due) + len(restricted)
    count = f"{files} record{'s' * (files != 1)} of {len(subjects)} {'person' if len(subjects) == 1 else 'people'}"
    if not args.purge or not files:
        print(f"pastoral retention: {count} past the retention policy on {as_of}"
              + (" (remove them with --purge)" if files else ""))
        return 1 if files else 0
    repository = repository_of(workspace.root, ", so there is no history to remove records from").resolve()
    plan = {repository: ([workspace.records.relative_to(repository).as_posix()],
                         {(workspace.root / item.file).relative_to(repository).as_posix() for item in retention.due})}
    untracked = add_restricted(plan, args.restricted, restricted)
    for each in plan:
        refuse_unsafe(each)  # all of them before any history is rewritten
    names = {name for person in people for record in [store.pupils.get(person) or store.staff.get(person)]
             if record is not None for name in [record.data.get("name")] if isinstance(name, str) and " " in name}
    results = []
    for each, (folders, due_paths) in plan.items():
        purged = purge_history(each, folders, due_paths, people, names)
        for path in due_paths:  # a due record never committed is not in history, but is on disk
            (each / path).unlink(missing_ok=True)
        what = f"{count} from the working tree" if each == repository else f"the restricted records from {each}"
        refs = len(purged.rewritten_refs)
        print(f"pastoral retention: removed {what} and from every commit of {refs} "
              f"{'branch or tag' if refs == 1 else 'branches and tags'}.")
        report(purged)
        results.append((each, purged))
    for leftover in untracked:  # a restricted folder outside Git: deleting the files forgets them
        leftover.unlink(missing_ok=True)
    forget(workspace.root)  # the parse cache holds copies of the purged records
    regenerate_codeowners(workspace, repository)
    for each, purged in results:
        print(next_steps(purged) if len(results) == 1 else f"\nIn {each}:" + next_steps(purged))
    return NOT_FORGOTTEN if any(purged.reachable_own for _, purged in results) else 0


def restricted_due(folder: Path, people: set[str]) -> list[tuple[Path, str]]:
    """(file, person) for each restricted file naming a person whose own record is due; listed."""
    files = read_folder(folder)
    due = [(file.path, person) for person in sorted(people) for file in belonging_to(files, person)]
    if due:
        print("restricted (goes with the person's records):")
    for path, person in due:
        print(f"  {path}: {person}")
    return due


def add_restricted(plan: dict[Path, tuple[list[str], set[str]]], folder: Path | None,
                   due: list[tuple[Path, str]]) -> list[Path]:
    """Add the restricted folder's due files to the purge of the repository that holds them; returns
    the files to delete when the folder is in no repository."""
    if folder is None:
        return []
    repository = repository_or_none(folder)
    if repository is None:
        return [path for path, _ in due]
    folders, paths = plan.setdefault(repository, ([], set()))
    folders.append(folder.resolve().relative_to(repository).as_posix())
    paths.update(path.relative_to(repository).as_posix() for path, _ in due)
    return []


def describe(store: RecordStore, retention: Retention) -> None:
    """The due records by category, with the period and the day each fell due; then the notes."""
    policy = retention_policy(store.school)
    order = list(CATEGORIES)
    for category, items in groupby(sorted(retention.due, key=lambda i: (order.index(i.category), i.file)),
                                   key=lambda i: i.category):
        where = "school.yml" if from_school(store.school, category) else "IRMS default"
        print(f"{category} ({policy[category]}, {where}):")
        for item in items:
            since = "now" if item.kept_until == date.min else f"since {item.due_on}"
            print(f"  {item.file}: {item.subject}, due {since} ({item.why})")
    for note in retention.notes:
        print(f"note: {note}")


def report(purged: Purged) -> None:
    earlier = sorted(purged.scan.earlier)
    if earlier:
        print(f"Also removed from history {len(earlier)} earlier path{'s' * (len(earlier) != 1)} (former names, and "
              "records deleted earlier that name them): " + ", ".join(earlier))
    if purged.notes_dropped:
        print(f"Dropped {purged.notes_dropped} git note{'s' * (purged.notes_dropped != 1)} that mentioned them.")
    checked = f"{len(purged.scan.blobs)} purged version{'s' * (len(purged.scan.blobs) != 1)}"
    if purged.reachable_own:
        print(f"NOT FORGOTTEN: {len(purged.reachable_own)} of the {checked} are still reachable from this clone's "
              f"refs (git rev-list --all --objects): {', '.join(sorted(purged.reachable_own))}. Look for refs "
              "that hold them with 'git for-each-ref' and report this.")
        return
    print(f"Checked: none of the {checked} is reachable from this clone's branches, tags or notes "
          "(git rev-list --all --objects), and old objects were pruned.")
    if purged.reachable_remote:
        print(f"{len(purged.reachable_remote)} are still held by refs/remotes/* ({', '.join(purged.remote_refs)}): "
              "Git's copy of the hosted repository, left alone on purpose, because the hosted repository still has "
              "them. They go with the force-push below.")


def regenerate_codeowners(workspace: Workspace, repository) -> None:
    """Write and commit CODEOWNERS without the purged pupils, so that ``pastoral check`` passes."""
    path = workspace.root / CODEOWNERS
    if not path.is_file():
        return
    try:
        text = render(validate_workspace(workspace).store, workspace.records.name)
    except NoDefaultOwners:
        return  # 'pastoral check' already says why
    if path.read_text(encoding="utf-8") == text:
        return
    path.write_text(text, encoding="utf-8")
    relative = path.relative_to(repository).as_posix()
    git(repository, "add", "--", relative)
    git(repository, "commit", "--quiet", "-m", "CODEOWNERS regenerated after records were purged for retention",
        "--", relative)
    print(f"Regenerated and committed {relative} without the purged records.")


def next_steps(purged: Purged) -> str:
    """What only a person can do: the hosted copy, GitHub's own copies, artifacts, other clones, backups."""
    remote = "origin" if any(ref.startswith("refs/remotes/origin/") for ref in purged.remote_refs) else "<remote>"
    return f"""
Only a person can finish this (see the README, Data protection):
  1. Replace the hosted history. The branch ruleset blocks force pushes: an administrator uses its bypass, then
       git push --force --all {remote} && git push --force --tags {remote}
       git push --force {remote} 'refs/notes/*'
     then 'git fetch --prune {remote}', 'git reflog expire --expire=now --all' and 'git gc --prune=now'.
  2. Ask GitHub Support to remove cached views of the old commits and the pull request refs (refs/pull/*)
     that still hold them: name the repository and the affected pull requests.
  3. Delete the CI artifacts (the intranet site) and logs of runs made before today, and the intranet site's
     old builds wherever they are hosted.
  4. Everyone with a clone (laptops, the CMS server) deletes it and clones again; forks are deleted; backups
     that hold the repository are replaced, or the date they expire is written in the data protection log."""
