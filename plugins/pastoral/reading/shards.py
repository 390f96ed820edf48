"""A private JSON store split into small files, so one edit rewrites one small file, not the whole store.

Each shard is one JSON object in its own file, chosen by the first six bits
of a hash of its keys: 64 shards, read only when a key in them is asked for
and written only when one of their entries changed. Sixty-four keeps a shard
under a megabyte for a trust of 50,000 pupils while a first run of a school
writes few files: each new file costs the file system about as much as
writing a hundred kilobytes, and a cold check of 2,000 pupils spent a fifth
of its time making 512 of them. Files of another layout are removed at the
next save, since they hold pupils' data and nothing reads them. Reading builds
nothing but plain values (unlike pickle); orjson does it several times faster
than the standard library. A shard that is missing, broken, written by another
version or nested too deep is empty: the store only ever saves time. Shards
are written by orjson too, unless they hold what it cannot keep exactly: an
integer past 64 bits (which it refuses to write, and would read back as a
float), or NaN or infinity (which it writes as null). Those shards are written
by the standard library, marked by a leading space, and read back by it.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from pastoral.core.collector import collector_paused
from pastoral.reading import cache_trust

_STANDARD_LIBRARY_MARK = b" "
SHARDS = tuple(f"{number:02x}" for number in range(64))
_LAST_SHARD = len(SHARDS) - 1
_SHARD_OF_PREFIX = {f"{byte:02x}": SHARDS[byte >> 2] for byte in range(256)}
_STALE_TEMPORARY_SECONDS = 60


def shard_of(hex_key: str) -> str:
    """The shard a key belongs to, from the top six bits of its first byte (a blob id or a hash, in hex)."""
    return _SHARD_OF_PREFIX.get(hex_key[:2], SHARDS[0])


def shard_of_text(key: str) -> str:
    """The shard of a key that is not a hash (a file's path): six bits of a fast hash of it (crc32 costs a
    tenth of sha1)."""
    return SHARDS[zlib.crc32(key.encode("utf-8", "surrogateescape")) & _LAST_SHARD]


class ShardedStore:
    """Keys -> plain values, kept in ``folder`` as 64 JSON files; nothing is read until asked for."""

    def __init__(self, folder: Path | None, version: str,
                 distrust: Callable[[cache_trust.Distrusted], None] | None = None):
        self.folder = folder
        self.version = version
        self._distrust = distrust
        self._shards: dict[str, dict[str, Any]] = {}
        self._dirty: set[str] = set()

    def shard(self, name: str) -> dict[str, Any]:
        """The entries of one shard, read from disk the first time."""
        entries = self._shards.get(name)
        if entries is None:
            entries = self._shards[name] = self._read(name)
        return entries

    def all_shards(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for name in SHARDS:
            yield name, self.shard(name)

    def release(self) -> None:
        """Drop what was read, saved or not: it is read from disk again when asked for."""
        self._shards.clear()
        self._dirty.clear()

    def forget(self) -> None:
        """Drop what was read and never write again: the store's files are not to be believed."""
        self.folder = None
        self.release()

    def set(self, name: str, key: str, value: Any) -> None:
        entries = self.shard(name)
        if entries.get(key) != value:
            entries[key] = value
            self._dirty.add(name)

    def remove(self, name: str, key: str) -> None:
        if self.shard(name).pop(key, None) is not None:
            self._dirty.add(name)

    def _read(self, name: str) -> dict[str, Any]:
        """The shard's entries; one that exists but cannot be used is rewritten at the next save."""
        if self.folder is None:
            return {}
        try:
            content = cache_trust.read_trusted(self.folder / f"{name}.json")
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
            self._dirty.add(name)
            return {}
        return entries

    def save(self) -> None:
        """Write the shards whose entries changed; a shard that cannot be written is left as it was."""
        if self.folder is None or not self._dirty:
            return
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        _remove_leftovers(self.folder)
        for name in sorted(self._dirty):
            with contextlib.suppress(OSError, ValueError, TypeError):  # a value JSON cannot hold
                write_atomically(self.folder / f"{name}.json", _encode({"version": self.version,
                                                                         "entries": self._shards[name]}))
        self._dirty.clear()


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


def _remove_leftovers(folder: Path) -> None:
    """Files left by a run killed while writing, and shards of another layout, hold pupils' data and are never
    read: they are not left behind."""
    current = {f"{name}.json" for name in SHARDS}
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            with contextlib.suppress(OSError):
                if entry.name.startswith(".shard-") and entry.name.endswith(".tmp"):
                    if entry.stat(follow_symlinks=False).st_mtime < time.time() - _STALE_TEMPORARY_SECONDS:
                        os.unlink(entry.path)
                elif entry.name.endswith(".json") and entry.name not in current:
                    os.unlink(entry.path)
