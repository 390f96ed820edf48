"""Git notes across a purge: filter-repo passes notes through untouched, still naming old commits and
still holding what they say. So pastoral reads every note before the rewrite, drops those that
mention a purged person or record, re-attaches the rest to the rewritten commits, and writes each
notes ref afresh as a single commit, leaving the old notes history to be pruned."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pastoral.lifecycle.purge_scan import read_blobs
from pastoral.reading.git import git, git_text

MACHINE = {"GIT_AUTHOR_NAME": "pastoral retention", "GIT_AUTHOR_EMAIL": "pastoral@localhost",
           "GIT_COMMITTER_NAME": "pastoral retention", "GIT_COMMITTER_EMAIL": "pastoral@localhost"}
"""Who writes the new notes commit: the tool, not whoever runs it."""
NULL = "0" * 40


@dataclass(frozen=True)
class Note:
    ref: str
    blob: str
    annotates: str


def read_notes(repository: Path) -> list[Note]:
    """Every note of every notes ref (``refs/notes/*``)."""
    notes = []
    for ref in git_text(repository, "for-each-ref", "--format=%(refname)", "refs/notes/").split():
        for line in git_text(repository, "notes", f"--ref={ref}", "list").splitlines():
            blob, annotates = line.split()
            notes.append(Note(ref, blob, annotates))
    return notes


def mentioning(repository: Path, notes: list[Note], pattern: re.Pattern[str]) -> set[Note]:
    """The notes whose text matches ``pattern`` (a purged person's id or name, or a purged path)."""
    texts = read_blobs(repository, {note.blob for note in notes})
    return {note for note in notes if pattern.search(texts[note.blob])}


def rewrite_notes(repository: Path, notes: list[Note], dropped: set[Note], commit_map: dict[str, str]) -> None:
    """Write each notes ref anew: the kept notes, on the rewritten commits; a ref left empty is deleted."""
    by_ref: dict[str, list[Note]] = {}
    for note in notes:
        by_ref.setdefault(note.ref, []).append(note)
    for ref, ref_notes in by_ref.items():
        entries = {}
        for note in ref_notes:
            target = commit_map.get(note.annotates, note.annotates)
            if note not in dropped and target != NULL:
                entries[target] = note.blob
        if not entries:
            git(repository, "update-ref", "-d", ref)
            continue
        tree = git_text(repository, "mktree", input="".join(
            f"100644 blob {blob}\t{target}\n" for target, blob in sorted(entries.items())).encode()).strip()
        commit = git_text(repository, "commit-tree", tree, "-m", "Notes kept by pastoral retention --purge",
                          env=MACHINE).strip()
        git(repository, "update-ref", ref, commit)


def read_commit_map(path: Path) -> dict[str, str]:
    """filter-repo's ``commit-map``: old commit id -> new one (all zeros when the commit was dropped)."""
    if not path.is_file():
        return {}
    lines = path.read_text(encoding="ascii").splitlines()[1:]
    return dict(line.split() for line in lines if line.strip())
