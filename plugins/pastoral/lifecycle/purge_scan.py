"""What a purge must remove from history: every path a purged record ever had, and every record
deleted earlier that names a purged person, with every version (blob) of them.

History is read once (``git log --raw`` over the repository's own refs, never
``refs/remotes/*``, which are the hosted copy's and are left alone) and the few
old files to look inside are read in one ``git cat-file --batch``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pastoral.lifecycle.retention import strings, word_pattern
from pastoral.reading.git import git, git_text, read_objects

OWN_REFS_EXCLUDED = ("refs/remotes/", "refs/notes/", "refs/stash")
"""Refs a purge does not rewrite: the hosted copy's (left alone), notes (rebuilt separately), stashes (refused)."""


@dataclass
class Scan:
    paths: set[str] = field(default_factory=set)
    """Paths (relative to the repository) to remove from every commit."""
    blobs: set[str] = field(default_factory=set)
    """Every version of them, as blob ids: none may be reachable afterwards."""
    earlier: set[str] = field(default_factory=set)
    """Of ``paths``, those no longer in the working tree: former names and records deleted earlier."""


def own_refs(repository: Path) -> list[str]:
    """The refs a purge rewrites: branches, tags and any other ref but the excluded ones."""
    refs = git_text(repository, "for-each-ref", "--format=%(refname)").split("\n")
    return [ref for ref in refs if ref and not ref.startswith(OWN_REFS_EXCLUDED)]


def versions(repository: Path, refs: list[str], folders: list[str]) -> set[tuple[str, str]]:
    """(path, blob) of every version of every file ever under ``folders`` in the history of ``refs``."""
    if not refs:
        return set()
    out = git(repository, "log", "--stdin", "-m", "--no-renames", "--raw", "-z", "--no-abbrev", "--format=",
              "--", *folders, input="".join(f"{ref}\n" for ref in refs).encode())
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    found: set[tuple[str, str]] = set()
    for index in range(0, len(fields) - 1, 2):
        head, path = fields[index].strip(), fields[index + 1]
        if not head.startswith(":"):
            continue
        _, _, old, new, _ = head[1:].split(" ")
        found.update((path, blob) for blob in (old, new) if set(blob) != {"0"})
    return found


def followed(repository: Path, refs: list[str], path: str) -> set[str]:
    """Every name the file at ``path`` had, following renames (``git log --follow``)."""
    out = git(repository, "log", "--follow", "--name-only", "-z", "--format=", *refs, "--", path)
    return {name.strip("\n") for name in out.decode("utf-8", "surrogateescape").split("\0") if name.strip("\n")}


def read_blobs(repository: Path, names: set[str]) -> dict[str, str]:
    """The text of each object (an id, or 'commit:path'); missing ones left out."""
    return {name: data.decode("utf-8", "replace") for name, data in read_objects(repository, sorted(names)).items()}


def names_anyone(text: str, people: set[str], pattern: re.Pattern[str] | None) -> bool:
    """Whether a record's text names one of ``people``: a pupil id anywhere as a word, a staff id as a value."""
    if pattern is not None and pattern.search(text):
        return True
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return False
    return bool(people & set(strings(data)))


def scan(repository: Path, folders: list[str], due_paths: set[str], people: set[str]) -> Scan:
    """Everything to remove for the records ``due_paths`` (relative to the repository) of ``people``;
    records deleted earlier are looked for under ``folders``."""
    refs = own_refs(repository)
    every = versions(repository, refs, folders)
    current = set(git_text(repository, "ls-files", "-z", "--", *folders).split("\0")) - {""}
    result = Scan(paths=set(due_paths))
    for path in due_paths:
        result.paths |= followed(repository, refs, path)
    pupil_ids = word_pattern({person for person in people if any(c.isdigit() for c in person)})
    gone = {(path, blob) for path, blob in every if path not in current and path not in result.paths}
    texts = read_blobs(repository, {blob for _, blob in gone})
    result.paths |= {path for path, blob in gone
                     if (pupil_ids is not None and pupil_ids.search(path)) or names_anyone(texts[blob], people, pupil_ids)}
    result.earlier = result.paths - current
    kept = {blob for path, blob in every if path not in result.paths}
    result.blobs = {blob for path, blob in every if path in result.paths} - kept
    return result
