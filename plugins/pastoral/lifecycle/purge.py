"""Remove files from a Git repository and from every commit of its history.

Deleting a record in a new commit is not enough: every earlier commit still
holds it, and anyone can read it with ``git log -p``. This rewrites every
branch and tag without the files (``git filter-branch --index-filter``, which
ships with Git), drops the commits left empty, then forgets the old commits
(reflogs expired, unreachable objects pruned) so the data is gone from this
clone. Other clones and the hosted copy must be replaced too: see the README.
"""

from __future__ import annotations

import shlex
import tempfile
from pathlib import Path

from pastoral.core.workspace import UsageError
from pastoral.reading.git import git_text as git


def purge_history(repository: Path, paths: list[str]) -> None:
    """Remove ``paths`` (relative to ``repository``) from the working tree, every branch and tag, and the object store.

    Refused while there are uncommitted changes or stashes: the rewrite would
    mix them up, and expiring the reflogs would silently drop the stashes.
    """
    if git(repository, "status", "--porcelain", "--untracked-files=no").strip():
        raise UsageError("the repository has uncommitted changes: commit them first, so that nothing is lost "
                         "when history is rewritten")
    if git(repository, "stash", "list").strip():
        raise UsageError("the repository has stashes, which keep old copies of files: apply or drop them first")
    with tempfile.TemporaryDirectory() as scratch:
        pathspecs = Path(scratch, "paths")
        pathspecs.write_text("".join(f"{path}\n" for path in paths), encoding="utf-8")
        remove = ("git --literal-pathspecs rm -r --cached --ignore-unmatch --quiet "
                  f"--pathspec-from-file={shlex.quote(str(pathspecs))}")
        git(repository, "filter-branch", "--force", "--index-filter", remove, "--prune-empty",
            "--tag-name-filter", "cat", "-d", str(Path(scratch, "work")), "--", "--all",
            env={"FILTER_BRANCH_SQUELCH_WARNING": "1"})
    for ref in git(repository, "for-each-ref", "--format=%(refname)", "refs/original/").split():
        git(repository, "update-ref", "-d", ref)
    git(repository, "reflog", "expire", "--expire=now", "--all")
    git(repository, "gc", "--prune=now", "--quiet")
