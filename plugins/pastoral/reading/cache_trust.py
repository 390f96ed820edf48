"""Whether a parse cache may be believed: only one this user made, on this machine, in a place of their own.

A cache hands out parsed values without parsing, so whoever can write it decides
what a check sees: a ``parsed.json`` committed on a branch, or planted in a shared
folder, holding valid values under an invalid record's blob id would make the gate
pass. So a cache is refused, never read and never written through, when Git tracks
it, when another user owns it, when others may write to it, or when it is reached
through a link (a link would also have the next save write somewhere else). Each
refusal is one line on stderr saying why; the run goes on without a cache.

These checks are the cache's front door: however the cache itself is laid out,
every file of it is opened through :func:`read_trusted`.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

from pastoral.core.workspace import UsageError
from pastoral.reading.git import git

OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
              | getattr(os, "O_BINARY", 0))
"""Never through a link (O_NOFOLLOW), never waiting on a pipe planted in its place, bytes as they are."""
_OTHERS_MAY_WRITE = stat.S_IWGRP | stat.S_IWOTH
_LINK = "it is a link, and the cache is never read or written through a link"


class Distrusted(Exception):
    """Why a cache is not believed: said once on stderr by :func:`warn`."""


def check_folder(folder: Path) -> None:
    """Raise :class:`Distrusted` unless ``folder`` is absent or a folder of this user's own that Git does not track.

    An absent folder (or one that cannot exist, under a file) is fine: the cache
    is then made afresh, by this user, with only the owner allowed in.
    """
    _check_holder(folder.parent)
    if _own_folder(folder, "it") and _tracked_by_git(folder):
        raise Distrusted("Git tracks it, so it came with the repository rather than from this machine "
                         f"(remove it from Git: git rm -r --cached {folder.name})")


def check_part(folder: Path) -> None:
    """Raise :class:`Distrusted` unless ``folder`` (a part inside a cache folder :func:`check_folder` passed) is
    absent or a real folder of this user's own, that others may not write to."""
    _own_folder(folder, f"{folder.name} in it")


def _own_folder(folder: Path, named: str) -> bool:
    """Whether ``folder`` exists; :class:`Distrusted` when it is a link, not a folder, or not this user's own
    (``named`` is how the message calls it)."""
    try:
        status = os.lstat(folder)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as error:
        raise Distrusted(f"{named} cannot be examined ({error.strerror})") from None
    if stat.S_ISLNK(status.st_mode):
        raise Distrusted(_LINK)
    if not stat.S_ISDIR(status.st_mode):
        raise Distrusted(f"{named} is not a folder")
    _check_owner(status)
    return True


def read_trusted(file: Path) -> bytes | None:
    """The bytes of one cache file, None when there is none; :class:`Distrusted` when it is not this user's own."""
    if not getattr(os, "O_NOFOLLOW", 0) and file.is_symlink():  # Windows: no flag, so look first
        raise Distrusted(_LINK)
    try:
        handle = os.open(file, OPEN_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Distrusted(_LINK) from None
        return None  # unreadable: as good as none, and the next save replaces it
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            raise Distrusted("it is not an ordinary file")
        _check_owner(status)
        if status.st_nlink > 1:
            raise Distrusted("it has another name elsewhere (a hard link), so someone else may change it")
        chunks = []
        while chunk := os.read(handle, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)


def warn(place: Path, distrusted: Distrusted) -> None:
    """The one line that says a cache was ignored, and why."""
    print(f"pastoral: ignoring the parse cache {place}: {distrusted}; every record is read afresh",
          file=sys.stderr)


def _check_owner(status: os.stat_result) -> None:
    if hasattr(os, "geteuid") and status.st_uid != os.geteuid():
        raise Distrusted("another user owns it")
    if status.st_mode & _OTHERS_MAY_WRITE:
        raise Distrusted("other users may write to it (make it yours alone: chmod go-w on it)")


def _check_holder(holder: Path) -> None:
    """The folder holding the cache: where everyone may write (a shared $PASTORAL_CACHE_DIR someone made
    world-writable), anyone could swap the cache for their own between one look and the next, unless the
    folder is sticky, as /tmp is. (Writable by the group is fine: many systems give each user a group of
    their own, and make folders group-writable by default.)"""
    try:
        status = os.stat(holder)
    except OSError:
        return  # nothing there to swap a cache in
    if status.st_mode & stat.S_IWOTH and not status.st_mode & stat.S_ISVTX:
        raise Distrusted(f"every user may write to the folder holding it ({holder}), so anyone could swap it")


def _tracked_by_git(folder: Path) -> bool:
    """Whether Git tracks anything in ``folder`` (False when it is in no repository, or Git is missing)."""
    try:
        return bool(git(folder.parent, "ls-files", "-z", "--", folder.name))
    except (UsageError, OSError):
        return False
