"""Read the records as they were at a Git revision, straight from Git's objects.

No checkout happens and the working tree is never touched, so ``check --base``
is safe to run on a user's own clone with uncommitted work.
"""

from __future__ import annotations

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
    top = repository_of(workspace.root)
    try:
        git(workspace.root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except UsageError:
        raise UsageError(f"the base '{revision}' is not a commit in this repository") from None
    records = workspace.records.resolve().relative_to(top.resolve()).as_posix()
    root = workspace.root.resolve().relative_to(top.resolve()).as_posix()
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
