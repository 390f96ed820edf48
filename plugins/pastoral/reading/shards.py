"""A private JSON store split into small files, so one edit rewrites one small file, not the whole store.

Each shard is one JSON object in its own file, read only when a key in it is
asked for and written only when one of its entries changed. How many shards a
store has grows with it: a power of two, about one for every ``PER_SHARD``
entries, at most ``MOST_SHARDS``. So a shard stays small at any size (under a
megabyte for a trust of 50,000 pupils), and a school's first run makes a few
files, not hundreds: each new file costs the file system about what writing a
hundred kilobytes does, and a cold check of 2,000 pupils spent 0.1-0.4 s making
512 of them. A shard's file is named by the number of shards and its own
('4-01.json'); a run finds how many there are from the names, and shares the
store out anew when it has read every shard and it has grown past them (or
shrunk to a quarter). Files of another count are removed at the next save,
since they hold pupils' data and nothing reads them.

Reading builds nothing but plain values (unlike pickle); orjson does it several
times faster than the standard library. A shard that is missing, broken,
written by another version or nested too deep is empty: the store only ever
saves time. Shards are written by orjson too, unless they hold what it cannot
keep exactly: an integer past 64 bits (which it refuses to write, and would read
back as a float), or NaN or infinity (which it writes as null). Those shards are
written by the standard library, marked by a leading space, and read back by it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from pastoral.core.collector import collector_paused
from pastoral.reading import cache_trust

PER_SHARD = 2048
"""Entries a shard holds, about: a store of more has more shards."""
MOST_SHARDS = 64
"""Shards a store has at most (a trust's parses: some 50 MB, under a megabyte a shard)."""
_STANDARD_LIBRARY_MARK = b" "
_STALE_TEMPORARY_SECONDS = 60
_SHARD_NAME = re.compile(r"([1-9][0-9]?)-([0-9a-f]{2})\.json")
_BYTE_OF_PREFIX = {f"{byte:02x}": byte for byte in range(256)}


def shards_for(entries: int) -> int:
    """How many shards a store of this many entries has: a power of two, from 1 to ``MOST_SHARDS``."""
    count = 1
    while count < MOST_SHARDS and count * PER_SHARD < entries:
        count *= 2
    return count


def shard_name(count: int, index: int) -> str:
    """The file of shard ``index`` of a store of ``count`` shards."""
    return f"{count}-{index:02x}.json"


class ShardedStore:
    """Keys -> plain values, kept in ``folder`` as a few JSON files; nothing is read until asked for.

    Keys are hashes in hex (blob ids), shared out by their first byte; or, with ``text_keys``, any text
    (a file's path), shared out by a fast hash of it (crc32 costs a tenth of sha1).
    """

    def __init__(self, folder: Path | None, version: str,
                 distrust: Callable[[cache_trust.Distrusted], None] | None = None, text_keys: bool = False):
        self.folder = folder
        self.version = version
        self._distrust = distrust
        self._text_keys = text_keys
        self._count = 0
        """How many shards the store has (0: not found out yet)."""
        self._on_disk = False
        """Whether the folder held any of the store's files when the count was found out."""
        self._shards: dict[int, dict[str, Any]] = {}
        self._dirty: set[int] = set()

    def entries_of(self, key: str) -> dict[str, Any]:
        """The entries of the shard that holds ``key``, read from disk the first time."""
        return self._shard(self._index_of(key))

    def get(self, key: str) -> Any:
        return self.entries_of(key).get(key)

    def expect(self, entries: int) -> None:
        """A store with no files and no entries yet is about to be given ``entries``: it starts with the shards
        they call for, rather than one to be shared out anew at the save (at a trust's first check, 0.15 s a
        store and twice its entries held at once)."""
        if (self._count or self._found_count()) and not self._on_disk and not any(self._shards.values()):
            self._count, self._shards, self._dirty = shards_for(entries), {}, set()

    def all_entries(self) -> Iterator[dict[str, Any]]:
        """The entries of every shard (reading those not read yet)."""
        for index in range(self._count or self._found_count()):
            yield self._shard(index)

    def release(self) -> None:
        """Drop what was read, saved or not: it is read from disk again when asked for."""
        self._shards.clear()
        self._dirty.clear()
        self._count = 0

    def forget(self) -> None:
        """Drop what was read and never write again: the store's files are not to be believed."""
        self.folder = None
        self.release()

    def set(self, key: str, value: Any) -> None:
        index = self._index_of(key)
        entries = self._shard(index)
        if entries.get(key) != value:
            entries[key] = value
            self._dirty.add(index)

    def remove(self, key: str) -> None:
        index = self._index_of(key)
        if self._shard(index).pop(key, None) is not None:
            self._dirty.add(index)

    def _index_of(self, key: str) -> int:
        """The number of the shard that holds ``key``."""
        count = self._count or self._found_count()
        if self._text_keys:
            return zlib.crc32(key.encode("utf-8", "surrogateescape")) & (count - 1)
        return _BYTE_OF_PREFIX.get(key[:2], 0) * count >> 8

    def _shard(self, index: int) -> dict[str, Any]:
        entries = self._shards.get(index)
        if entries is None:
            entries = self._shards[index] = self._read(index)
        return entries

    def _found_count(self) -> int:
        """How many shards the files on disk are of: the count most of them name (an earlier count's files
        are left only by a run stopped while sharing the store out anew). One when there are none."""
        found: dict[int, int] = {}
        if self.folder is not None:
            with contextlib.suppress(OSError), os.scandir(self.folder) as entries:
                for entry in entries:
                    named = _SHARD_NAME.fullmatch(entry.name)
                    count = int(named[1]) if named else 0
                    if named and count <= MOST_SHARDS and count & (count - 1) == 0 and int(named[2], 16) < count:
                        found[count] = found.get(count, 0) + 1
        self._count = max(found, key=lambda count: (found[count], count), default=1)
        self._on_disk = bool(found)
        return self._count

    def _read(self, index: int) -> dict[str, Any]:
        """The shard's entries; one that exists but cannot be used is rewritten at the next save."""
        if self.folder is None:
            return {}
        try:
            content = cache_trust.read_trusted(self.folder / shard_name(self._count, index))
        except cache_trust.Distrusted as distrusted:
            if self._distrust is not None:
                self._distrust(distrusted)
            return {}
        if content is None:
            return {}
        try:
            stored = _decode(content)
        except (ValueError, RecursionError):  # a JSONDecodeError is a ValueError
            stored = None
        entries = stored.get("entries") if isinstance(stored, dict) and stored.get("version") == self.version else None
        if not isinstance(entries, dict):
            self._dirty.add(index)
            return {}
        return entries

    def save(self) -> None:
        """Write the shards whose entries changed (all of them, when the store is shared out anew); a shard
        that cannot be written is left as it was."""
        if self.folder is None:
            return
        self._share_out_anew()
        if not self._dirty:
            return
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for index in sorted(self._dirty):
            with contextlib.suppress(OSError, ValueError, TypeError):  # a value JSON cannot hold
                write_atomically(self.folder / shard_name(self._count, index),
                                 _encode({"version": self.version, "entries": self._shards[index]}))
        _remove_leftovers(self.folder, {shard_name(self._count, index) for index in range(self._count)})
        self._dirty.clear()

    def _share_out_anew(self) -> None:
        """When every shard has been read and the store has outgrown them (or shrunk to a quarter of what
        they are for), share its entries out among as many shards as it now needs."""
        if not self._count or len(self._shards) < self._count:
            return
        wanted = shards_for(sum(map(len, self._shards.values())))
        if self._count // 4 < wanted <= self._count:
            return
        entries = [entry for shard in self._shards.values() for entry in shard.items()]
        self._count, self._shards = wanted, {index: {} for index in range(wanted)}
        for key, value in entries:
            self._shards[self._index_of(key)][key] = value
        self._dirty = set(self._shards)


def _encode(value: Any) -> bytes:
    """The shard's JSON: orjson's when it is exact (see above), else the standard library's, marked."""
    try:
        content = orjson.dumps(value)
    except TypeError:  # an integer past 64 bits (or text that is not UTF-8, which the standard library escapes)
        return _STANDARD_LIBRARY_MARK + json.dumps(value, separators=(",", ":")).encode("utf-8")
    if b"null" not in content:
        return content  # so no NaN or infinity was written as null
    try:
        return json.dumps(value, separators=(",", ":"), allow_nan=False).encode("utf-8")
    except ValueError:  # NaN or infinity: JSON has no such number, and orjson cannot read the standard library's
        return _STANDARD_LIBRARY_MARK + json.dumps(value, separators=(",", ":")).encode("utf-8")


def _decode(content: bytes) -> Any:
    with collector_paused():  # a shard is thousands of small containers
        return json.loads(content) if content.startswith(_STANDARD_LIBRARY_MARK) else orjson.loads(content)


def write_atomically(target: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".shard-", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, target)  # atomic: a reader sees the old shard or the new one
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_leftovers(folder: Path, current: set[str]) -> None:
    """Files left by a run killed while writing, and shards of another count, hold pupils' data and are never
    read: they are not left behind."""
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            with contextlib.suppress(OSError):
                if entry.name.startswith(".shard-") and entry.name.endswith(".tmp"):
                    if entry.stat(follow_symlinks=False).st_mtime < time.time() - _STALE_TEMPORARY_SECONDS:
                        os.unlink(entry.path)
                elif entry.name.endswith(".json") and entry.name not in current:
                    os.unlink(entry.path)
