"""Parsed records kept between runs, keyed by each file's Git blob id.

A blob id is the hash Git gives a file's contents, so a file that has not
changed is never parsed twice, and ``check --base`` finds a base file's parse
from the id ``git ls-tree`` prints without reading the file at all. As Git's
own index does, the cache also notes each file's size, times and inode with
its blob id, so an untouched file need not even be read; a file changed in the
last few seconds is never noted, since a second change within the clock's
granularity could leave the times as they were.

The cache is one JSON file: loading it builds nothing but plain values (unlike
pickle), which are exactly what a parse gives. A run that reads the whole
records folder keeps only what it used, so a record deleted (for retention,
say) leaves the cache on the next such run. It holds pupils' data: the folder
is readable by its owner alone and tells Git to ignore it. And it decides what
a check sees, so a cache that is not this user's own is ignored (see
``pastoral.reading.cache_trust``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

import yaml

from pastoral import __version__
from pastoral.reading import cache_trust

DIRECTORY_VARIABLE = "PASTORAL_CACHE_DIR"
DEFAULT_DIRECTORY = ".pastoral-cache"
"""The cache's own folder: in the repository root, or inside the folder $PASTORAL_CACHE_DIR names."""
CI_VARIABLES = ("GITHUB_ACTIONS", "CI")
"""Set (to anything but 'false') on a CI runner, where the checkout is a pull request's to shape."""
FILE_NAME = "parsed.json"
FORMAT = f"pastoral {__version__}, pyyaml {yaml.__version__}, format 2"
"""A cache written by another version is ignored: a parse may change between versions."""
_IGNORE_EVERYTHING = "# Made by pastoral: parsed records, a private cache that Git must not track.\n*\n"


def blob_id(data: bytes) -> str:
    """The id Git gives a file with these contents (``git hash-object``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def cache_directory(root: Path, environ: Mapping[str, str] = os.environ) -> Path:
    """Where the cache lives: ``.pastoral-cache/`` in $PASTORAL_CACHE_DIR, else in the repository root,
    except on a CI runner.

    Beside the records by default, so that deleting a clone deletes every copy of
    its pupils' records (a cache in the home folder would outlive it). On a CI
    runner the checkout is the pull request's, so the cache goes outside it: in the
    runner's temporary folder (emptied after each job), in a folder named after
    the user and the repository's path. Always a folder of its own, so the
    ``.gitignore`` written there can never hide records or other files.
    """
    chosen = environ.get(DIRECTORY_VARIABLE)
    if chosen:
        return Path(chosen) / DEFAULT_DIRECTORY
    if any(environ.get(name, "false").lower() not in ("", "false", "0") for name in CI_VARIABLES):
        temporary = environ.get("RUNNER_TEMP") or tempfile.gettempdir()
        user = os.geteuid() if hasattr(os, "geteuid") else ""  # Windows: the temporary folder is the user's own
        key = hashlib.sha256(str(Path(root).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
        return Path(temporary) / f"pastoral-cache-{user}-{key}"
    return Path(root) / DEFAULT_DIRECTORY


def forget(root: Path) -> None:
    """Delete the cache: after records are purged for retention, no copy of them may stay behind."""
    shutil.rmtree(cache_directory(root), ignore_errors=True)


RECENT_NS = 2_000_000_000
"""Files whose times are this recent are read every run (2 s: the coarsest clock, FAT's)."""


def signature(status: os.stat_result) -> list[int]:
    """What changes whenever a file's contents do: size, modification and change times, inode."""
    return [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev]


class ParseCache:
    """Blob id -> the record's parsed values, and file -> its blob id while it stays untouched.

    Read once when opened, written once by :meth:`save`. Without a directory it
    lives in memory only, so the head and the base of ``check --base`` still
    share their unchanged files' parses.
    """

    def __init__(self, directory: Path | None):
        self.file = directory / FILE_NAME if directory is not None else None
        self.opened_ns = time.time_ns()
        try:
            self._stored_parsed, self._stored_files = self._read()
        except cache_trust.Distrusted as distrusted:  # never read, and never written through: memory only
            cache_trust.warn(self.file.parent if self.file is not None else Path(), distrusted)
            self.file = None
            self._stored_parsed, self._stored_files = {}, {}
        self._parsed: dict[str, dict] = {}
        self._files: dict[str, list] = {}
        self.whole_tree = False
        """Set when a run has read a whole records folder: only then is what it did not use dropped."""

    def _read(self) -> tuple[dict, dict]:
        """The stored entries; a missing, unreadable, broken or outdated cache is simply empty.

        Raises :class:`cache_trust.Distrusted` for a cache that is not this user's own.
        """
        if self.file is None:
            return {}, {}
        cache_trust.check_folder(self.file.parent)
        data = cache_trust.read_trusted(self.file)
        if data is None:
            return {}, {}
        try:
            stored = json.loads(data)
        except (ValueError, RecursionError):  # RecursionError: nested too deep to decode, so broken all the same
            return {}, {}
        if not isinstance(stored, dict) or stored.get("format") != FORMAT:
            return {}, {}
        parsed, files = stored.get("parsed"), stored.get("files")
        return (parsed, files) if isinstance(parsed, dict) and isinstance(files, dict) else ({}, {})

    def __contains__(self, blob: str) -> bool:
        return blob in self._parsed or isinstance(self._stored_parsed.get(blob), dict)

    def blobs(self) -> set[str]:
        """Every blob id whose parse is cached."""
        return {blob for blob, values in self._stored_parsed.items() if isinstance(values, dict)} | self._parsed.keys()

    def get(self, blob: str) -> dict | None:
        """The values parsed from the blob, if any run parsed it before."""
        values = self._parsed.get(blob)
        if values is None:
            values = self._stored_parsed.get(blob)
        if not isinstance(values, dict):
            return None
        self._parsed[blob] = values
        return values

    def put(self, blob: str, values: dict) -> None:
        self._parsed[blob] = values

    def blob_at(self, path: str, status: os.stat_result) -> str | None:
        """The blob id of the file at ``path``, if it is untouched since it was noted and its parse is cached."""
        noted = self._stored_files.get(path)
        if not isinstance(noted, list) or noted[1:] != signature(status) or noted[0] not in self:
            return None
        self._files[path] = noted
        return noted[0]

    def note(self, path: str, status: os.stat_result, blob: str) -> None:
        """Note the file's blob id against its size and times, unless it changed too recently to trust them."""
        if max(status.st_mtime_ns, status.st_ctime_ns) < self.opened_ns - RECENT_NS:
            self._files[path] = [blob, *signature(status)]

    def save(self) -> None:
        """Write the cache, unless nothing in it would change.

        The cache only saves time: when it cannot be written (a read-only
        checkout, say) the run goes on without it.
        """
        if self.file is None:
            return
        parsed, files = self._parsed, self._files
        if not self.whole_tree:  # a few files were read: keep the rest for the next whole run
            parsed, files = {**self._stored_parsed, **parsed}, {**self._stored_files, **files}
        if parsed.keys() == self._stored_parsed.keys() and files == self._stored_files:
            return
        with contextlib.suppress(OSError, ValueError):  # ValueError: a value JSON cannot hold
            self._write({"format": FORMAT, "parsed": parsed, "files": files})

    def _write(self, content: dict) -> None:
        assert self.file is not None  # save() returns first when there is no file
        file, directory = self.file, self.file.parent
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        ignore = directory / ".gitignore"
        if not os.path.lexists(ignore):
            handle = os.open(ignore, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(_IGNORE_EVERYTHING)
        for left in directory.glob(".parsed-*.tmp"):  # from a run killed while writing: pupils' data, so not left
            if left.stat().st_mtime < time.time() - 60:
                left.unlink(missing_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".parsed-", suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(handle, "wb") as out:  # json.dumps is C-accelerated, json.dump is not
                # ASCII escapes also carry file names that are not UTF-8 (lone surrogates) safely
                out.write(json.dumps(content, separators=(",", ":")).encode("ascii"))
            os.replace(temporary, file)  # atomic: a reader sees the old cache or the new one
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
