"""Find and parse every record file under a records folder.

A file that cannot be read, placed or parsed becomes a finding, never an
exception, so one bad file never stops the run and every problem is reported
at once. The walk works on plain strings and directory entries: with thousands
of records, path objects and extra ``stat`` calls cost as much as parsing. The
files themselves are read by the parser (see ``pastoral.reading.parser``), in worker
processes when there are many.
"""

from __future__ import annotations

import gc
import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

import orjson

from pastoral.core.collector import collector_paused
from pastoral.core.findings import Finding
from pastoral.core.kinds import Kind, kind_of
from pastoral.core.record import Record
from pastoral.core.workspace import relative_file
from pastoral.reading.cache import Signature, signature
from pastoral.reading.parser import RecordParser, Source, file_problem, unreadable


@dataclass
class Loaded:
    records: list[Record] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    kinds: dict[str, Kind] = field(default_factory=dict)
    """The kind of each file that did not parse, so its finding can say what the kind's schema wants."""
    tree: list[tuple[str, str]] = field(default_factory=list)
    """(file, blob id) of every file read: what the records' findings depend on, with the schemas and the date."""

    def add(self, outcomes: list[Record | Finding], sources: list[Source]) -> None:
        """The outcomes of parsing ``sources``, in their order."""
        for outcome, source in zip(outcomes, sources, strict=True):
            if isinstance(outcome, Record):
                self.records.append(outcome)
            else:
                self.findings.append(outcome)
                self.kinds[source.file] = source.kind


@dataclass
class Walked:
    """A records folder walked but not yet read: each file's kind, path and status, and the findings
    about the files that cannot be records.

    Kept as three lists rather than a ``Source`` a file: a walk whose answer is cached never needs
    the sources, and a trust's walk has 200,000 files.
    """

    root: str
    """The folder the files' paths start from (see ``parser.Disk``)."""
    kinds: list[Kind] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Each file's path as findings show it."""
    statuses: list[Signature] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    blobs: list[str | None] | None = None
    """Each file's blob id, once ``known_tree`` has asked the parse cache."""

    @property
    def sources(self) -> list[Source]:
        root = self.root
        return [Source(kind, file, None, None, (root, status))
                for kind, file, status in zip(self.kinds, self.files, self.statuses, strict=True)]

    def source(self, at: int) -> Source:
        """The source of the file at ``at`` in the walk's order."""
        return Source(self.kinds[at], self.files[at], None, None, (self.root, self.statuses[at]))

    def digest(self) -> bytes | None:
        """A hash of what the walk saw: every file's path and status, in the walk's (stable) order.

        None when a file's name is not UTF-8 (JSON cannot hold it), which only costs that tree the long way.
        """
        try:
            return hashlib.sha256(b"walk\n" + orjson.dumps([self.files, self.statuses])).digest()
        except TypeError:
            return None

    @collector_paused()  # every note of a trust's tree read, and a list of 200,000 pairs made: no cycles
    def known_tree(self, parser: RecordParser, read_up_to: int = 0) -> list[tuple[str, str]] | None:
        """(file, blob id) of every file when the parse cache knows them untouched, but for at most
        ``read_up_to`` files read here to learn theirs; else None."""
        self.blobs = blobs = parser.blobs_at(zip(self.files, self.statuses, strict=True))
        unknown = [at for at, blob in enumerate(blobs) if blob is None]
        if len(unknown) <= read_up_to:
            for at in unknown:
                blobs[at] = parser.blob_read(self.files[at], (self.root, self.statuses[at]))
        tree = [(file, blob) for file, blob in zip(self.files, blobs, strict=True) if blob is not None]
        return tree if len(tree) == len(self.files) else None

    @collector_paused()  # a source and a record a file, and no cycles
    def load(self, parser: RecordParser) -> Loaded:
        """Read and parse the files.

        The records live until the run ends: they are moved out of the garbage collector's sight
        (``gc.freeze``), so the collections that the rules' small objects set off never walk them
        again (at a trust's scale, a quarter of a warm check's time).
        """
        if self.blobs is None:
            self.known_tree(parser)
        sources = self.sources
        # a walk covers the whole folder
        outcomes, blobs = parser.parse_with_blobs(sources, whole_tree=True, known=self.blobs)
        parser.flush()  # nothing more is asked of the cache about these files
        gc.freeze()
        loaded = Loaded(findings=list(self.findings))
        loaded.add(outcomes, sources)
        loaded.tree = [(file, blob) for file, blob in zip(self.files, blobs, strict=True) if blob is not None]
        return loaded

    def add(self, kind: Kind, file: str, status: Signature) -> None:
        self.kinds.append(kind)
        self.files.append(file)
        self.statuses.append(status)


def walk_folder(records_dir: Path, root: Path, kinds: KindOf = kind_of) -> Walked:
    """Every record file under ``records_dir`` (``root`` is the repository root), unread."""
    prefix = relative_file(records_dir, root)
    prefix = "" if prefix == "." else prefix + "/"
    walked = Walked(str(root))
    with collector_paused():  # a few small objects a file, and no cycles
        _walk(str(records_dir), "", prefix, root, kinds, walked)
    return walked


KindOf = Callable[[str], "Kind | str"]
"""The kind of a file from its path in the folder, or why it has none: ``kind_of`` for the records
folder, another for the restricted folder's layout."""


def load_folder(records_dir: Path, root: Path, parser: RecordParser | None = None, kinds: KindOf = kind_of) -> Loaded:
    """Load every record file under ``records_dir``; ``root`` is the repository root."""
    parser = parser or RecordParser()
    return walk_folder(records_dir, root, kinds).load(parser)


def load_paths(paths: list[Path], records_dir: Path, root: Path, parser: RecordParser | None = None) -> Loaded:
    """Load the files ``paths`` (inside ``records_dir``) only."""
    walked, parser = Walked(str(root)), parser or RecordParser()
    for path in paths:
        relative = os.path.relpath(path, records_dir).replace(os.sep, "/")
        _gather(str(path), relative, relative_file(path, root), root, path.is_symlink(), walked)
    sources, loaded = walked.sources, Loaded(findings=walked.findings)
    loaded.add(parser.parse(sources), sources)
    return loaded


def _walk(folder: str, relative: str, prefix: str, root: Path, kinds: KindOf, walked: Walked) -> None:
    """Gather every file under ``folder`` (``relative`` to the records folder), in a stable order.

    Hidden files are skipped. Links to folders are listed (not followed), so
    they are reported rather than silently skipped with the records they hold;
    a folder that cannot be listed is a finding. A trust's walk meets 200,000
    files, nearly all of them ordinary record files in a folder of one kind:
    those take a short way (one ``stat``, the folder's kind worked out once),
    and anything else goes through ``_gather``.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted((entry for entry in listing if not entry.name.startswith(".")), key=_NAME)
        files: list[os.DirEntry] = []
        subfolders: list[os.DirEntry] = []
        for entry in entries:
            (subfolders if entry.is_dir(follow_symlinks=False) else files).append(entry)
    except OSError as error:
        walked.findings.append(unreadable((prefix + relative).rstrip("/") or folder, error, "folder"))
        return
    folder_kind = kind_of(relative + "record.yml") if relative and kinds is kind_of else None
    if not isinstance(folder_kind, Kind):
        folder_kind = None
    shown = prefix + relative  # the folder as findings show it
    add_kind, add_file, add_status = walked.kinds.append, walked.files.append, walked.statuses.append
    for entry in files:
        name = entry.name
        if folder_kind is not None and name.endswith(".yml") and name != ".yml" and not entry.is_symlink():
            try:
                status = os.stat(entry.path)  # not entry.stat(), which keeps it: 200,000 of them
            except OSError:
                status = None
            if status is not None and status.st_nlink == 1 and stat.S_ISREG(status.st_mode):
                add_kind(folder_kind)  # as _gather would add it (Walked.add, inline)
                add_file(shown + name)
                add_status(signature(status))
                continue
        _gather(entry.path, relative + name, shown + name, root, entry.is_symlink(), walked, kinds)
    for entry in subfolders:
        _walk(entry.path, f"{relative}{entry.name}/", prefix, root, kinds, walked)


_NAME = attrgetter("name")


def _gather(path: str, relative: str, file: str, root: Path, is_link: bool, walked: Walked,
            kinds: KindOf = kind_of) -> None:
    """Add the file to ``walked``, or why it cannot be a record to its findings."""
    refused = _refused_link(Path(path), root) if is_link else None
    kind = refused or kinds(relative)
    if isinstance(kind, str):
        hint = "replace the link with the record itself" if refused else \
            "move or rename the file, or delete it if it is not a record"
        walked.findings.append(file_problem("layout", file, kind, hint))
        return
    try:
        status = os.stat(path)
    except OSError as error:
        walked.findings.append(unreadable(file, error))
        return
    if not stat.S_ISREG(status.st_mode):  # a pipe or a device: no record, and no end to reading
        walked.findings.append(file_problem("layout", file, "this is not an ordinary file",
                                            "replace it with the record's YAML file"))
        return
    if status.st_nlink > 1:  # see HARD_LINK
        walked.findings.append(file_problem("layout", file, HARD_LINK, "replace the link with a copy of its own "
                                            "(copy the file, delete it, and give the copy its name)"))
        return
    walked.add(kind, file, signature(status))  # read later (maybe by a worker), unless the cache holds its parse


HARD_LINK = "this file has another name elsewhere (a hard link), maybe outside the repository, which is refused"
"""A hard link's other names cannot be found without searching every folder, so any record file with more than
one name is refused like a link to outside the repository: Git never makes one (a checkout writes each file
afresh), so a record with two names was linked by hand, and whoever holds the other name can change it unseen."""


def _refused_link(path: Path, root: Path) -> str | None:
    """Why the link at ``path`` is not read as a record, or None when it may be."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
        return "this is a link that goes round in a circle"
    if not _inside(target, root.resolve()):
        return "this is a link to somewhere outside the repository, which is refused"
    if target.is_dir():
        return "this folder is a link, and pastoral does not follow links to folders"
    return None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
