"""Audit from Git itself: who changed a record, when, in which pull request, and what it said.

``git log --follow`` gives every commit that touched the record, under each name
it had. The pull request comes from the commit's own subject (a squash merge:
"Title (#12)") or from the merge commit that brought it into the branch ("Merge
pull request #12 from ..."). What changed is worked out field by field from the
record's text before and after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import yaml

from pastoral.core.workspace import UsageError
from pastoral.lifecycle.purge_scan import read_blobs
from pastoral.reading.git import git, git_text

_PULL_REQUEST = re.compile(r"^Merge pull request #([0-9]+)\b|\(#([0-9]+)\)\s*$")
_RECORD, _FIELD = "\x1e", "\x1f"
STATUS = {"A": "created", "M": "changed", "R": "renamed", "C": "copied", "D": "deleted", "T": "changed"}


@dataclass(frozen=True)
class Change:
    commit: str
    author: str
    email: str
    when: datetime
    """The author's date: when the change was made."""
    summary: str
    """The commit's subject line."""
    path: str
    """The record's path after this commit (before it, for a deletion)."""
    action: str
    """created, changed, renamed or deleted."""
    pull_request: int | None
    text: str | None
    """The record's text after the change; None once deleted."""
    fields: tuple[tuple[str, object, object], ...] = ()
    """(field, before, after) for each top-level field that changed."""
    renamed_from: str | None = None

    def as_json(self) -> dict:
        return {"commit": self.commit, "author": self.author, "email": self.email, "when": self.when.isoformat(),
                "summary": self.summary, "path": self.path, "action": self.action,
                "pull_request": self.pull_request, "renamed_from": self.renamed_from,
                "fields": [{"field": name, "before": before, "after": after} for name, before, after in self.fields],
                "text": self.text}


def pull_request_of(repository: Path, commit: str, summary: str) -> int | None:
    """The pull request a commit came in by: its own subject, or the oldest merge that brought it in."""
    own = _PULL_REQUEST.search(summary)
    if own:
        return int(own.group(1) or own.group(2))
    merges = git_text(repository, "log", "--ancestry-path", "--merges", "--reverse", f"--format=%P{_FIELD}%s",
                      f"{commit}..HEAD")
    for line in merges.splitlines():
        parents, subject = line.split(_FIELD, 1)
        found = _PULL_REQUEST.search(subject)
        if found and not _is_ancestor(repository, commit, parents.split()[0]):
            return int(found.group(1) or found.group(2))
    return None


def _is_ancestor(repository: Path, commit: str, of: str) -> bool:
    """Whether ``commit`` was already in ``of``'s history (so a merge onto ``of`` did not bring it)."""
    try:
        git(repository, "merge-base", "--is-ancestor", commit, of)
    except UsageError:
        return False
    return True


def record_history(repository: Path, path: str) -> list[Change]:
    """Every change to the record at ``path`` (relative to the repository), newest first."""
    out = git_text(repository, "-c", "core.quotePath=false", "log", "--follow", "--name-status",
                   f"--format={_RECORD}%H{_FIELD}%an{_FIELD}%ae{_FIELD}%aI{_FIELD}%s{_FIELD}", "HEAD", "--", path)
    raw = []
    for chunk in out.split(_RECORD)[1:]:
        commit, author, email, written, summary, status = chunk.split(_FIELD)
        lines = [line.split("\t") for line in status.strip().splitlines() if line.strip()]
        if not lines:
            continue
        action, *paths = lines[-1]
        raw.append((commit, author, email, datetime.fromisoformat(written), summary, action[:1], paths))
    texts = read_blobs(repository, {f"{commit}:{paths[-1]}" for commit, *_, action, paths in raw if action != "D"})
    changes = []
    for commit, author, email, when, summary, action, paths in raw:
        text = None if action == "D" else texts.get(f"{commit}:{paths[-1]}")
        changes.append(Change(commit, author, email, when, summary, paths[-1], STATUS.get(action, "changed"),
                              pull_request_of(repository, commit, summary), text,
                              renamed_from=paths[0] if action in "RC" and len(paths) == 2 else None))
    return with_fields(changes)


def with_fields(changes: list[Change]) -> list[Change]:
    """Each change with the fields it changed, compared with the version before it (the next, newest first)."""
    done = []
    for index, change in enumerate(changes):
        before = parsed(changes[index + 1].text) if index + 1 < len(changes) else {}
        after = parsed(change.text)
        fields = tuple((name, before.get(name), after.get(name)) for name in dict.fromkeys([*before, *after])
                       if before.get(name) != after.get(name))
        done.append(replace(change, fields=fields))
    return done


def said_on(changes: list[Change], on: date) -> Change | None:
    """The change in force at the end of ``on``: what the record said that day (None: it did not exist yet)."""
    return next((change for change in changes if change.when.date() <= on), None)


def parsed(text: str | None) -> dict:
    """A version's fields; a version that is not a YAML mapping is one field, '(text)'."""
    if text is None:
        return {}
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {"(text)": text}
    return {key: _plain(value) for key, value in data.items()} if isinstance(data, dict) else {"(text)": text}


def _plain(value):
    """Dates and other YAML values as JSON can hold them."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)
