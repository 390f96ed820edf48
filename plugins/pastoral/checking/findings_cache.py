"""Findings kept between runs, keyed by everything they depend on, so an unchanged tree costs only a walk.

A check's findings are a function of the record files (their paths and Git
blob ids), the schemas, the date judged by, pastoral's own code (its rules and
wording), the versions of the libraries that read and validate YAML, and what
the command adds (the CODEOWNERS file, say). The key is a SHA-256 of all of
them, so a cached answer is used only for exactly the inputs that produced it;
anything else (a new file, an edited schema, another ``--as-of``, an upgrade)
is a new key and a full check. Entries are small JSON files beside the parse
cache; the few most recent are kept, enough for a head and its bases.

Working out every blob id means looking up every file's note in the parse
cache. So an answer is also filed under a second key, that of the walk itself
(each file's path, size, times and inode, as Git's own index keeps them), once
every file is older than the clock can be trusted for (``ParseCache.settled``):
a walk that finds the tree exactly as it was then has every file untouched,
and is answered without a single note.

An answer worked out by a check keeps its basis too (``basis.Basis``): what
each rule found and read. A check that finds no answer starts from the basis
of the answer last given in its context, so that after one edit only the rules
that read what the edit changed run again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import orjson
import yaml

from pastoral.checking.basis import Basis
from pastoral.core.findings import Finding, restored
from pastoral.reading import cache_trust
from pastoral.reading.cache import PARTS, prepare_directory
from pastoral.reading.shards import write_atomically

KEEP = 6
"""Entries kept: the working tree as it is and as it was, and the bases of a few pull requests."""
KEEP_BASES = 3
"""Bases kept (see ``basis.Basis``): at a trust's scale each is some 16 MB, and an edit starts from a recent one."""
_WALK = ".walk"
"""The ending of a file that holds the key an answer is filed under, named by a walk's key."""
_BASIS = ".basis"
"""The ending of a file that holds what an answer was worked out from, named by the answer's key."""
_LATEST = ".latest"
"""The ending of a file that holds the key of the answer last given in a context, named by the context."""
_KEY = re.compile(r"[0-9a-f]{64}")
_LIBRARIES = ("pyyaml", "jsonschema_rs", "jsonschema", "phonenumbers")
"""Libraries whose upgrade may change what a check finds, as their dist-info folders are named (lower case)."""


@dataclass(frozen=True)
class CachedCheck:
    """What a check reports, as a cached answer holds it."""

    findings: list[Finding]
    files: int
    houses: dict[str, str]
    """The subject (pupil or staff id) of each finding -> the name of their House (see ``checker.houses_of``)."""
    tutors: dict[str, list[tuple[str, str | None]]]
    """The pupil of each finding -> (staff id, GitHub name) of each of their tutors on the day
    (see ``checker.tutors_of``)."""
    house_names: list[str]
    """Every House's name, findings or not: the nightly reminder closes a House's issue when it has none."""


def tree_digest(tree: Iterable[tuple[str, str]]) -> bytes:
    """What a records folder holds: every (file, blob id)."""
    digest = hashlib.sha256(b"blobs\n")
    for file, blob in sorted(tree):
        digest.update(b"%s\0%s\n" % (file.encode("utf-8", "surrogateescape"), blob.encode()))
    return digest.digest()


def check_context(schemas: Path, as_of: date, *also: bytes) -> bytes:
    """All a check's findings depend on besides the records: the code, the date, the schemas, and ``also``.
    Worked out once a check: it reads every schema."""
    digest = hashlib.sha256(_code_fingerprint())
    digest.update(as_of.isoformat().encode())
    digest.update(_folder_fingerprint(schemas))
    for part in also:
        digest.update(hashlib.sha256(part).digest())
    return digest.digest()


def check_key(context: bytes, tree: bytes) -> str:
    """The key of a check: its ``check_context`` and what the records folder holds (``tree_digest``, or
    ``Walked.digest``)."""
    return hashlib.sha256(context + tree).hexdigest()


class FindingsCache:
    """Key -> a check's findings; without a directory, a cache that never holds anything.

    ``directory`` is the parse cache's, already judged trustworthy (``ParseCache.directory``).
    """

    def __init__(self, directory: Path | None):
        self.folder = directory / PARTS[2] if directory is not None else None

    def get(self, key: str) -> CachedCheck | None:
        if self.folder is None:
            return None
        try:
            content = cache_trust.read_trusted(self.folder / f"{key}.json")
            if content is None:
                return None
            stored = orjson.loads(content)
            self._used(f"{key}.json")
            return CachedCheck([restored(finding) for finding in stored["findings"]], int(stored["files"]),
                               {str(subject): str(house) for subject, house in stored["houses"].items()},
                               {pupil: [(str(staff), handle) for staff, handle in tutors]
                                for pupil, tutors in stored["tutors"].items()},
                               [str(name) for name in stored["house_names"]])
        except (cache_trust.Distrusted, OSError, ValueError, TypeError, KeyError, RecursionError, AttributeError):
            return None  # broken, or not this user's own: no answer

    def walked(self, walk_key: str) -> str | None:
        """The key of the answer filed under a walk's key (see ``file_walk``)."""
        return self._pointer(f"{walk_key}{_WALK}")

    def file_walk(self, walk_key: str, key: str) -> None:
        """File the answer under ``key`` under a walk's key too."""
        self._point(f"{walk_key}{_WALK}", key)

    def latest(self, context: bytes) -> str | None:
        """The key of the answer last given in this context (see ``check_context``)."""
        return self._pointer(f"{context.hex()}{_LATEST}")

    def mark_latest(self, context: bytes, key: str) -> None:
        """Remember ``key`` as the answer last given in this context: the next check compares the tree with its."""
        if self.latest(context) != key:
            self._point(f"{context.hex()}{_LATEST}", key)

    def put(self, key: str, checked: CachedCheck) -> None:
        """Keep the answer."""
        content = {"findings": checked.findings, "files": checked.files,  # orjson writes dataclasses as objects
                   "houses": checked.houses, "tutors": checked.tutors, "house_names": checked.house_names}
        self._write(f"{key}.json", content)

    def basis(self, key: str) -> Basis | None:
        """What the answer under ``key`` was worked out from, if it was worked out by a check of the records
        folder (see ``basis.Basis``)."""
        if self.folder is None:
            return None
        try:
            content = cache_trust.read_trusted(self.folder / f"{key}{_BASIS}")
            return Basis.restored(orjson.loads(content)) if content is not None else None
        except (cache_trust.Distrusted, OSError, ValueError, TypeError, KeyError, RecursionError, AttributeError):
            return None  # broken, or not this user's own: the whole check runs

    def put_basis(self, key: str, basis: Basis) -> None:
        self._write(f"{key}{_BASIS}", basis.stored())

    def _pointer(self, name: str) -> str | None:
        """The answer key an entry holds, if it holds one."""
        if self.folder is None:
            return None
        try:
            content = cache_trust.read_trusted(self.folder / name)
        except (cache_trust.Distrusted, OSError):
            return None
        key = content.decode("ascii", "replace") if content is not None else ""
        if not _KEY.fullmatch(key):
            return None
        self._used(name)
        return key

    def _used(self, name: str) -> None:
        """Mark an entry as just used: the least recently used go first (see ``_keep_recent``), so a pull
        request's base, asked for at every check, stays however many edits come between."""
        assert self.folder is not None
        with contextlib.suppress(OSError):
            os.utime(self.folder / name)

    def _point(self, name: str, key: str) -> None:
        if self.folder is not None:
            with contextlib.suppress(OSError):
                write_atomically(self.folder / name, key.encode("ascii"))
                self._keep_recent()

    def _write(self, name: str, content: dict) -> None:
        """Keep an entry; a cache that cannot be written only costs time."""
        if self.folder is None:
            return
        with contextlib.suppress(OSError, TypeError):
            prepare_directory(self.folder.parent)
            self.folder.mkdir(mode=0o700, exist_ok=True)
            write_atomically(self.folder / name, orjson.dumps(content))
            self._keep_recent()

    def _keep_recent(self) -> None:
        """Keep the most recently written or used entries of each sort (see ``KEEP``)."""
        assert self.folder is not None
        for pattern, kept in (("*.json", KEEP), (f"*{_WALK}", KEEP), (f"*{_BASIS}", KEEP_BASES), (f"*{_LATEST}", KEEP)):
            entries = sorted(self.folder.glob(pattern), key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
            for old in entries[kept:]:
                old.unlink(missing_ok=True)


@cache
def _code_fingerprint() -> bytes:
    """pastoral's own source (its rules and their wording) and the versions of the libraries it checks with."""
    digest = hashlib.sha256(source_fingerprint(Path(__file__).resolve().parent.parent))
    installed = Path(yaml.__file__).resolve().parent.parent  # site-packages
    with contextlib.suppress(OSError):  # names like 'jsonschema_rs-0.60.3.dist-info' carry the versions
        for name in sorted(os.listdir(installed)):
            if name.endswith(".dist-info") and name.lower().split("-")[0] in _LIBRARIES:
                digest.update(name.encode() + b"\n")
    return digest.digest()


def source_fingerprint(package: Path) -> bytes:
    """A hash of every Python file in ``package`` as Git's index tells a file unchanged: its path, size, times
    and inode. Any change to a rule, a message or the engine changes it (an edit, a checkout or an upgrade
    writes the file anew), without reading the files' text: that took 12 ms of every check."""
    digest = hashlib.sha256()
    for folder, folders, files in os.walk(package):
        folders.sort()
        for name in sorted(name for name in files if name.endswith(".py")):
            path = os.path.join(folder, name)
            status = os.stat(path)
            digest.update(b"%s\0%d:%d:%d:%d\n" % (os.path.relpath(path, package).encode("utf-8", "surrogateescape"),
                                                   status.st_size, status.st_mtime_ns, status.st_ctime_ns,
                                                   status.st_ino))
    return digest.digest()


def _folder_fingerprint(folder: Path) -> bytes:
    digest = hashlib.sha256()
    with contextlib.suppress(OSError):
        for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
            if entry.is_file():
                with open(entry.path, "rb") as handle:
                    digest.update(entry.name.encode() + b"\0" + handle.read())
    return digest.digest()
