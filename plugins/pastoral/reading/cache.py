"""Parsed records kept between runs, keyed by each file's Git blob id.

A blob id is the hash Git gives a file's contents, so a file that has not
changed is never parsed twice, and ``check --base`` finds a base file's parse
from the id ``git ls-tree`` prints without reading the file at all. As Git's
own index does, the cache also notes each file's size, times and inode with
its blob id, so an untouched file need not even be read; a file changed in the
last few seconds is never noted, since a second change within the clock's
granularity could leave the times as they were.

Both halves are sharded stores (``shards.py``): a run reads only the shards it
asks about, and one edit rewrites one shard of each. A run that reads the whole
records folder keeps only the files it saw, and drops the parses of records deleted or changed since
(for retention, say). It holds pupils' data: the folder is readable by its
owner alone and tells Git to ignore it. And it decides what a check sees, so a
cache that is not this user's own is ignored (see ``pastoral.reading.cache_trust``):
every file of it is opened through that module.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from pastoral import __version__
from pastoral.core.collector import collector_paused
from pastoral.reading import cache_trust
from pastoral.reading.shards import ShardedStore

DIRECTORY_VARIABLE = "PASTORAL_CACHE_DIR"
DEFAULT_DIRECTORY = ".pastoral-cache"
"""The cache's own folder: in the repository root, or inside the folder $PASTORAL_CACHE_DIR names."""
PARTS = ("parsed", "files", "findings", "positions")
"""The cache's folders: parses by blob id, files' notes, the findings of whole checks, and the lines of
the values in blobs that had findings."""
CI_VARIABLES = ("GITHUB_ACTIONS", "CI")
"""Set (to anything but 'false') on a CI runner, where the checkout is a pull request's to shape."""
FORMAT = f"pastoral {__version__}, pyyaml {yaml.__version__}, format 6"
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


def prepare_directory(directory: Path) -> None:
    """Make the cache's folder, private to its owner and ignored by Git (never writing through a link)."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    if not os.path.lexists(ignore):
        handle = os.open(ignore, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(_IGNORE_EVERYTHING)


def trusted_directory(directory: Path | None) -> Path | None:
    """``directory`` when a cache there may be believed, else None (said once on stderr): the run goes on
    with a cache in memory only, and never writes through the one it was shown."""
    if directory is None:
        return None
    try:
        cache_trust.check_folder(directory)
        for part in PARTS:
            cache_trust.check_part(directory / part)
    except cache_trust.Distrusted as distrusted:
        cache_trust.warn(directory, distrusted)
        return None
    return directory


RECENT_NS = 2_000_000_000
"""Files whose times are this recent are read every run (2 s: the coarsest clock, FAT's)."""


Signature = str
"""'size:modified:changed:inode:device', the times in nanoseconds (see ``signature``)."""


def signature(status: os.stat_result) -> Signature:
    """What changes whenever a file's contents do: size, modification and change times, inode, device.

    One string rather than the ``os.stat`` result (six times the size) or a tuple of the numbers
    (twice): a trust's walk holds 200,000, and a note compares one value.
    """
    return f"{status.st_size}:{status.st_mtime_ns}:{status.st_ctime_ns}:{status.st_ino}:{status.st_dev}"


def changed_at(status: Signature) -> int:
    """The later of a signature's modification and change times (nanoseconds)."""
    _, modified, changed, _ = status.split(":", 3)
    return max(int(modified), int(changed))


def _is_position(value: object) -> bool:
    return type(value) is list and len(value) == 2 and all(type(number) is int and number > 0 for number in value)


def _file_key(file: str) -> str:
    """A file's key in the notes: its path as findings show it, or the path's bytes in hex when its name is
    not UTF-8 (JSON text cannot hold the lone surrogates Python reads such a name as)."""
    if not file.isascii():
        try:
            file.encode("utf-8")
        except UnicodeEncodeError:
            return "\0" + os.fsencode(file).hex()
    return file


class ParseCache:
    """Blob id -> the record's parsed values, and file -> its blob id while it stays untouched.

    Without a directory it lives in memory only, so the head and the base of
    ``check --base`` still share their unchanged files' parses.
    """

    def __init__(self, directory: Path | None):
        self.directory = directory = trusted_directory(directory)
        self.opened_ns = time.time_ns()
        parsed, files, _, positions = (directory / part if directory is not None else None for part in PARTS)
        self._parsed = ShardedStore(parsed, FORMAT, self._distrust)
        self._files = ShardedStore(files, FORMAT, self._distrust, text_keys=True)
        self._positions = ShardedStore(positions, FORMAT, self._distrust)
        self._seen_files: set[str] = set()
        """Files (by key) this run found noted and untouched."""
        self._new_notes: dict[str, list] = {}
        """Files (by key) this run noted: with those it found noted, all a whole-tree run keeps."""
        self._used: set[str] = set()
        """Blob ids this run asked for or parsed."""
        self.whole_tree = False
        """Set when a run has read a whole records folder: only then is what it did not use dropped."""

    def _distrust(self, distrusted: cache_trust.Distrusted) -> None:
        """A file of the cache is not this user's own: believe none of it from now on, and write nothing."""
        if self.directory is not None:
            cache_trust.warn(self.directory, distrusted)
        self.directory = None
        for store in self._stores():
            store.forget()

    def _stores(self) -> tuple[ShardedStore, ...]:
        return self._parsed, self._files, self._positions

    def __contains__(self, blob: object) -> bool:
        return isinstance(blob, str) and isinstance(self._parsed.get(blob), dict)

    def blobs(self) -> set[str]:
        """Every blob id whose parse is cached (reads every shard: for a run that parses many files)."""
        return {blob for entries in self._parsed.all_entries() for blob, values in entries.items()
                if isinstance(values, dict)}

    def get(self, blob: str) -> dict | None:
        """The values parsed from the blob, if any run parsed it before."""
        values = self._parsed.get(blob)
        if not isinstance(values, dict):
            return None
        self._used.add(blob)
        return values

    def reading_whole_tree(self, files: int) -> None:
        """This run reads a whole records folder of this many files: what it does not use may be dropped at
        the save, and a cache with nothing in it yet starts with the shards that many files call for."""
        self.whole_tree = True
        self._parsed.expect(files)
        self._files.expect(files)

    def put(self, blob: str, values: dict) -> None:
        self._used.add(blob)
        self._parsed.set(blob, values)

    def positions(self, blob: str) -> dict[str, list[int]] | None:
        """Where each value of the blob is (pointer -> [line, column]), if a run placed findings in it."""
        found = self._positions.get(blob)
        if not isinstance(found, dict) or not all(_is_position(position) for position in found.values()):
            return None
        self._used.add(blob)
        return found

    def put_positions(self, blob: str, positions: dict[str, list[int]]) -> None:
        self._used.add(blob)
        self._positions.set(blob, positions)

    def blobs_at(self, files: Iterable[tuple[str, Signature]]) -> list[str | None]:
        """The blob id of each ``file`` (as findings show it) that is untouched since it was noted, else None.

        Their parses are not looked up here: a run whose findings are cached needs none. The walk asks
        for every file of a trust (200,000): one call for all of them, the common case inline.
        """
        entries_of, seen, used, found = self._files.entries_of, self._seen_files, self._used, list[str | None]()
        for file, status in files:
            key = file if file.isascii() else _file_key(file)
            noted = entries_of(key).get(key)
            if type(noted) is list and len(noted) == 2 and noted[1] == status and type(noted[0]) is str:
                seen.add(key)
                used.add(noted[0])
                found.append(noted[0])
            else:
                found.append(None)
        return found

    def settled(self, statuses: Iterable[Signature]) -> bool:
        """Whether every one of these files' times is older than the clock can be trusted for (see ``note``)."""
        return max(map(changed_at, statuses), default=0) < self.opened_ns - RECENT_NS

    def note(self, file: str, status: Signature, blob: str) -> None:
        """Note the file's blob id against its size and times, unless it changed too recently to trust them."""
        if changed_at(status) < self.opened_ns - RECENT_NS:
            self._new_notes[_file_key(file)] = [blob, status]

    def flush(self) -> None:
        """Save now, and let go of the shards, notes and blob ids held: after a whole tree is read they are
        the largest things a run holds but its records, and what is asked later is read from disk again.
        Without a folder to save to, the cache keeps everything (it is all there is)."""
        if self.directory is None:
            return
        with collector_paused():  # many shards' entries looked at, none made
            self.save()
        for store in self._stores():
            store.release()
        self._seen_files, self._new_notes, self._used, self.whole_tree = set(), {}, set(), False

    def save(self) -> None:
        """Write the shards that changed.

        The cache only saves time: when it cannot be written (a read-only
        checkout, say) the run goes on without it.
        """
        if self.directory is None:
            return
        if self.whole_tree:  # keep only the files this run saw and the parses it used: no deleted record stays
            seen = self._seen_files | self._new_notes.keys()
            for store, kept in ((self._files, seen), (self._parsed, self._used), (self._positions, self._used)):
                for entries in store.all_entries():
                    for key in [key for key in entries if key not in kept]:
                        store.remove(key)
        for key, note in self._new_notes.items():
            self._files.set(key, note)
        try:
            prepare_directory(self.directory)
        except OSError:
            return
        for store in self._stores():
            store.save()
