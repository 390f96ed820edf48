"""The one way pastoral asks Git anything: a failure is a plain message (exit 2), never a traceback."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from pastoral.core.workspace import UsageError


def git(repository: Path, *args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> bytes:
    """Run ``git -C repository ARGS`` and give back what it printed."""
    try:
        done = subprocess.run(["git", "-C", str(repository), *args], input=input, capture_output=True, check=True,
                              env={**os.environ, **env} if env else None)
    except FileNotFoundError:
        raise UsageError("this needs git, which is not installed") from None
    except subprocess.CalledProcessError as error:
        said = (error.stderr or error.stdout).decode("utf-8", "replace").strip()
        raise UsageError(said or f"git {args[0]} failed") from None
    return done.stdout


def git_text(repository: Path, *args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> str:
    """``git`` for commands whose output is text."""
    return git(repository, *args, input=input, env=env).decode("utf-8", "surrogateescape")


def read_objects(repository: Path, names: list[str]) -> dict[str, bytes]:
    """The contents of many objects (ids, or 'commit:path') from one ``git cat-file --batch``; missing ones left out."""
    if not names:
        return {}
    output = git(repository, "cat-file", "--batch", input="".join(f"{name}\n" for name in names).encode())
    contents, at = {}, 0
    for name in names:
        header_end = output.index(b"\n", at)
        header = output[at:header_end]
        if header.endswith(b" missing"):
            at = header_end + 1
            continue
        size = int(header.rsplit(b" ", 1)[1])
        contents[name] = output[header_end + 1: header_end + 1 + size]
        at = header_end + 1 + size + 1
    return contents


def repository_of(folder: Path, needed_for: str = "") -> Path:
    """The top folder of the Git repository holding ``folder``; ``needed_for`` says why one is needed."""
    try:
        return Path(git_text(folder, "rev-parse", "--show-toplevel").strip())
    except UsageError:
        raise UsageError(f"{folder} is not in a Git repository{needed_for}") from None
