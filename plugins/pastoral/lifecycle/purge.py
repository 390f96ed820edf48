"""Forget records: remove them from the working tree, from every commit of every branch and tag, from
the notes, and from the object store, then prove it.

Deleting a record in a new commit is not enough: every earlier commit still holds
it. The rewrite is git-filter-repo's (the tool Git's own manual recommends over
``filter-branch``), run on the repository's own refs only (``--refs``, which
implies ``--partial``): ``refs/remotes/*`` are Git's copy of the hosted
repository and are left alone, so the clone never looks in step with a hosted
copy that still holds the records. Afterwards every reflog is expired, old
objects are pruned, and ``git rev-list --all --objects`` is walked to show that
no version of a purged record is reachable from the clone's own refs.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pastoral.core.workspace import UsageError
from pastoral.lifecycle.purge_notes import mentioning, read_commit_map, read_notes, rewrite_notes
from pastoral.lifecycle.purge_scan import Scan, own_refs, scan
from pastoral.lifecycle.retention import word_pattern
from pastoral.reading.git import git, git_text

REMOVED = "(removed)"
"""What a purged person's id or name becomes in kept text and commit messages."""


@dataclass
class Purged:
    scan: Scan
    notes_dropped: int = 0
    reachable_own: set[str] = field(default_factory=set)
    """Purged blobs still reachable from the clone's own refs: must be none."""
    reachable_remote: set[str] = field(default_factory=set)
    """Purged blobs reachable only through ``refs/remotes/*``: gone once the hosted copy is force-pushed."""
    remote_refs: list[str] = field(default_factory=list)
    rewritten_refs: list[str] = field(default_factory=list)


def refuse_unsafe(repository: Path) -> None:
    """Refuse a rewrite that would lose work or leave a copy of the records behind."""
    if git_text(repository, "status", "--porcelain", "--untracked-files=no").strip():
        raise UsageError("the repository has uncommitted changes: commit them first, so that nothing is lost "
                         "when history is rewritten")
    if git_text(repository, "stash", "list").strip():
        raise UsageError("the repository has stashes, which keep old copies of files: apply or drop them first")
    trees = [line.removeprefix("worktree ") for line in git_text(repository, "worktree", "list", "--porcelain").splitlines()
             if line.startswith("worktree ")]
    if len(trees) > 1:
        others = ", ".join(tree for tree in trees if Path(tree).resolve() != repository.resolve())
        raise UsageError(f"the repository has other worktrees ({others}), each with a checkout of the old history: "
                         "commit or move their work, remove them with 'git worktree remove PATH', then run this "
                         "from the main one")


def expressions(ids: set[str], names: set[str]) -> str:
    """filter-repo's replacement expressions: CODEOWNERS lines for a purged pupil go, and their id or
    name anywhere else (kept records' text, commit messages) becomes '(removed)'."""
    lines = []
    for person in sorted(ids):
        word = rf"(?<![A-Za-z0-9]){re.escape(person)}(?![A-Za-z0-9])"
        lines.append(rf"regex:(?m)^/\S*{word}\S*[ \t][^\n]*\n==>")
        lines.append(f"regex:{word}==>{REMOVED}")
    lines += [f"{name}==>{REMOVED}" for name in sorted(names, key=len, reverse=True)]
    return "".join(f"{line}\n" for line in lines)


def purge_history(repository: Path, folders: list[str], due_paths: set[str], people: set[str],
                  names: set[str]) -> Purged:
    """Remove the records at ``due_paths`` (relative to ``repository``), every path they had, and every
    record under ``folders`` deleted earlier that names one of ``people``, from all of history.

    ``people`` ids with a digit (pupil ids) and ``names`` are also replaced in kept text, commit
    messages and notes are dropped when they mention them.
    """
    refuse_unsafe(repository)
    found = scan(repository, folders, due_paths, people)
    pupils = {person for person in people if any(c.isdigit() for c in person)}
    mention = re.compile("|".join([*(p.pattern for p in [word_pattern(pupils)] if p),
                                   *(re.escape(text) for text in sorted(names | found.paths))]))
    notes = read_notes(repository)
    dropped = mentioning(repository, notes, mention) if notes else set()
    result = Purged(found, notes_dropped=len(dropped), rewritten_refs=own_refs(repository))
    _filter_repo(repository, found.paths, expressions(pupils, names), result.rewritten_refs, notes, dropped)
    git(repository, "reflog", "expire", "--expire=now", "--all")
    git(repository, "gc", "--prune=now", "--quiet")
    result.remote_refs = git_text(repository, "for-each-ref", "--format=%(refname)", "refs/remotes/").split()
    purged = found.blobs | ({note.blob for note in dropped} - {note.blob for note in notes if note not in dropped})
    own = _objects(repository, ["--exclude=refs/remotes/*", "--all"])
    result.reachable_own = purged & own
    result.reachable_remote = (purged & _objects(repository, ["--all"])) - own
    return result


def _filter_repo(repository: Path, paths: set[str], replacements: str, refs: list[str], notes, dropped) -> None:
    if not refs:
        raise UsageError("the repository has no branch or tag to rewrite")
    if importlib.util.find_spec("git_filter_repo") is None:
        raise UsageError("this needs git-filter-repo, which is not installed: 'pip install git-filter-repo' "
                         "(nothing was changed)")
    common = Path(git_text(repository, "rev-parse", "--path-format=absolute", "--git-common-dir").strip())
    with tempfile.TemporaryDirectory() as scratch:
        listed, replace = Path(scratch, "paths"), Path(scratch, "replace")
        listed.write_text("".join(f"literal:{path}\n" for path in sorted(paths)), encoding="utf-8")
        replace.write_text(replacements, encoding="utf-8")
        command = [sys.executable, "-m", "git_filter_repo", "--force", "--quiet", "--invert-paths",
                   "--paths-from-file", str(listed), "--refs", *refs]
        if replacements:
            command += ["--replace-text", str(replace), "--replace-message", str(replace)]
        done = subprocess.run(command, cwd=repository, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip()
        raise UsageError(f"git filter-repo failed, and history may be half rewritten: {said}")
    results = common / "filter-repo"
    if notes:
        rewrite_notes(repository, notes, dropped, read_commit_map(results / "commit-map"))
    shutil.rmtree(results, ignore_errors=True)  # old commit ids, and the marker that would make a next run ask


def _objects(repository: Path, revisions: list[str]) -> set[str]:
    out = git_text(repository, "rev-list", "--objects", *revisions)
    return {line.split(" ", 1)[0] for line in out.splitlines() if line}
