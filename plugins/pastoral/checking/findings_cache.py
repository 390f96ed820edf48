"""Findings kept between runs, keyed by everything they depend on, so an unchanged tree costs only a walk.

A check's findings are a function of the record files (their paths and Git
blob ids), the schemas, the date judged by, pastoral's own code (its rules and
wording), the versions of the libraries that read and validate YAML, and what
the command adds (the CODEOWNERS file, say). The key is a SHA-256 of all of
them, so a cached answer is used only for exactly the inputs that produced it;
anything else (a new file, an edited schema, another ``--as-of``, an upgrade)
is a new key and a full check. Entries are small JSON files beside the parse
cache; the few most recent are kept, enough for a head and its bases.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from pathlib import Path

import orjson
import yaml

from pastoral.core.findings import Finding
from pastoral.reading import cache_trust
from pastoral.reading.cache import PARTS, prepare_directory
from pastoral.reading.shards import write_atomically

KEEP = 6
"""Entries kept: the working tree as it is and as it was, and the bases of a few pull requests."""
_LIBRARIES = ("pyyaml", "jsonschema_rs", "jsonschema", "phonenumbers")
"""Libraries whose upgrade may change what a check finds, as their dist-info folders are named (lower case)."""


@dataclass(frozen=True)
class CachedCheck:
    """What a check reports, as a cached answer holds it."""

    findings: list[Finding]
    files: int
    houses: dict[str, str]
    """Pupil or staff id -> the name of their House (see ``checker.houses_of``)."""
    tutors: dict[str, list[tuple[str, str | None]]]
    """Pupil id -> (staff id, GitHub name) of each of their tutors on the day (see ``checker.tutors_of``)."""


def check_key(tree: Iterable[tuple[str, str]], schemas: Path, as_of: date, *also: bytes) -> str:
    """The key of a check: every (file, blob id), the schemas, the date, the code, and ``also``."""
    digest = hashlib.sha256(_code_fingerprint())
    digest.update(as_of.isoformat().encode())
    digest.update(_folder_fingerprint(schemas))
    for part in also:
        digest.update(hashlib.sha256(part).digest())
    for file, blob in sorted(tree):
        digest.update(b"%s\0%s\n" % (file.encode("utf-8", "surrogateescape"), blob.encode()))
    return digest.hexdigest()


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
            return CachedCheck([Finding(**finding) for finding in stored["findings"]], int(stored["files"]),
                               dict(stored["houses"]),
                               {pupil: [(staff, handle) for staff, handle in tutors]
                                for pupil, tutors in stored["tutors"].items()})
        except (cache_trust.Distrusted, OSError, ValueError, TypeError, KeyError, RecursionError):
            return None  # broken, or not this user's own: no answer

    def put(self, key: str, checked: CachedCheck) -> None:
        """Keep the answer; a cache that cannot be written only costs time."""
        if self.folder is None:
            return
        content = {"findings": [asdict(finding) for finding in checked.findings], "files": checked.files,
                   "houses": checked.houses, "tutors": checked.tutors}
        with contextlib.suppress(OSError, TypeError):
            prepare_directory(self.folder.parent)
            self.folder.mkdir(mode=0o700, exist_ok=True)
            write_atomically(self.folder / f"{key}.json", orjson.dumps(content))
            self._keep_recent()

    def _keep_recent(self) -> None:
        assert self.folder is not None
        entries = sorted(self.folder.glob("*.json"), key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
        for old in entries[KEEP:]:
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
    """A hash of every Python file in ``package``: any change to a rule, a message or the engine changes it."""
    digest = hashlib.sha256()
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.digest()


def _folder_fingerprint(folder: Path) -> bytes:
    digest = hashlib.sha256()
    with contextlib.suppress(OSError):
        for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
            if entry.is_file():
                with open(entry.path, "rb") as handle:
                    digest.update(entry.name.encode() + b"\0" + handle.read())
    return digest.digest()
