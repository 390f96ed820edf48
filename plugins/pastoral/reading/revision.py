"""Read the records as they were at a Git revision, straight from Git's objects.

No checkout happens and the working tree is never touched, so ``check --base``
is safe to run on a user's own clone with uncommitted work.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pastoral.core.kinds import Kind, kind_of
from pastoral.core.workspace import UsageError, Workspace
from pastoral.reading.git import git, read_objects, repository_of
from pastoral.reading.parser import RecordParser, Source
from pastoral.reading.walk import KindOf, Loaded


@dataclass(frozen=True)
class Listed:
    """The record files of a revision as Git lists them, read from nothing but Git's tree."""

    top: Path
    """The repository's top folder."""
    files: list[tuple[str, Kind, str]]
    """(blob id, kind, file as findings name it) of every record file."""

    @property
    def tree(self) -> list[tuple[str, str]]:
        return [(file, sha) for sha, _, file in self.files]

    def load(self, parser: RecordParser) -> Loaded:
        """Parse the files; only the blobs whose parse ``parser`` has not cached are read."""
        blobs = read_objects(self.top, list(dict.fromkeys(sha for sha, _, _ in self.files if not parser.knows(sha))))
        loaded, sources = Loaded(tree=self.tree), [Source(kind, file, blobs.get(sha), sha) for sha, kind, file in self.files]
        loaded.add(parser.parse(sources), sources)
        return loaded


def load_revision(workspace: Workspace, revision: str, parser: RecordParser, kinds: KindOf = kind_of) -> Loaded:
    """Every record file under the records folder as it was at ``revision``."""
    return list_revision(workspace, revision, kinds).load(parser)


def list_revision(workspace: Workspace, revision: str, kinds: KindOf = kind_of) -> Listed:
    """The record files under the records folder as they were at ``revision``, unread."""
    top, records, root = _located(workspace, revision)
    listing = git(top, "ls-tree", "-r", "-z", "--full-tree", revision, "--", f"{records}/")
    placed = []
    for line in listing.split(b"\0"):
        if not line:
            continue
        meta, path = line.decode("utf-8", "surrogateescape").split("\t", 1)
        mode, object_type, sha = meta.split()
        relative = path[len(records) + 1:]
        if object_type != "blob" or mode == "120000" or relative.rpartition("/")[2].startswith("."):
            continue
        kind = kinds(relative)
        if isinstance(kind, str):
            continue  # misplaced files are the head's concern, not the baseline's
        placed.append((sha, kind, path if root == "." else path[len(root) + 1:]))
    return Listed(top, placed)


def revision_tree(workspace: Workspace, revision: str) -> bytes:
    """What names the records folder at ``revision`` exactly, as ``list_revision`` lists it: Git's id of the
    folder's tree (which names every file's path, mode and blob id), and where the folder is. One question to
    Git, where listing a trust's 200,000 files takes a good part of a second."""
    try:  # the repository's top, the commit and the folder's tree in one go: a pull request's every check asks
        top, _, tree = git(workspace.records, "rev-parse", "--show-toplevel", f"{revision}^{{commit}}",
                           f"{revision}:./").split(b"\n")[:3]
        records, root = (_relative(folder, Path(os.fsdecode(top))) for folder in (workspace.records, workspace.root))
    except (UsageError, ValueError):  # not a commit (said plainly below), or no records folder at that revision
        _, records, root = _located(workspace, revision)
        tree = b"none"
    return b"%s\0%s\0%s" % (tree, records.encode("utf-8", "surrogateescape"), root.encode("utf-8", "surrogateescape"))


def _located(workspace: Workspace, revision: str) -> tuple[Path, str, str]:
    """The repository's top folder, and the records folder and repository root in it, once ``revision`` is
    known to be a commit."""
    top = repository_of(workspace.root)
    try:
        git(workspace.root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except UsageError:
        raise UsageError(f"the base '{revision}' is not a commit in this repository") from None
    return top, _relative(workspace.records, top), _relative(workspace.root, top)


def _relative(folder: Path, top: Path) -> str:
    return folder.resolve().relative_to(top.resolve()).as_posix()
