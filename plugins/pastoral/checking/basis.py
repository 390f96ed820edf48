"""What a check's answer was worked out from, kept so that a check of a slightly different tree redoes
only what the difference can affect.

A basis holds the tree an answer was worked out from (each file's path and
blob id) and what each rule found and read there (``core.reads.RuleRun``).
Against it, a check of the tree as it is now knows which files changed;
whether they changed only where no record sees it
(a comment, a blank line: the records are identical, so only the changed
files' findings need their lines again); and otherwise which kinds of record
changed, so that only the rules that read them run again.

A trust's tree has 200,000 files: the lists are kept as single strings, which
JSON reads and writes far faster than as many small ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from pastoral.core.findings import Finding, restored
from pastoral.core.kinds import SCHOOL, Kind, kind_of
from pastoral.core.reads import RuleRun

_BLOB = 40
"""The length of a blob id (``reading.cache.blob_id``)."""
_BLOBS = re.compile(r"(?:[0-9a-f]{40})*")


class Since(NamedTuple):
    """What an earlier check found, and the files changed since (``Basis.changed_files``)."""

    runs: dict[str, RuleRun]
    problems: dict[str, list[Finding]]
    changed: dict[str, str | None]


@dataclass(frozen=True)
class Basis:
    """How one answer was worked out: the tree it read, what each rule found and read, and schema problems."""

    files: list[str]
    blobs: list[str]
    runs: dict[str, RuleRun]
    problems: dict[str, list[Finding]]
    """File -> how its record broke its schema (``validation.Validated.problems``)."""

    @cached_property
    def blob_by_file(self) -> dict[str, str]:
        return dict(zip(self.files, self.blobs, strict=True))

    def changed_files(self, tree: list[tuple[str, str]]) -> dict[str, str | None]:
        """File -> blob id in ``tree`` (None when it is not there) of every file added, removed or changed
        between the basis and ``tree``."""
        before = self.blob_by_file
        changed: dict[str, str | None] = {file: blob for file, blob in tree if before.get(file) != blob}
        added = sum(1 for file in changed if file not in before)
        if len(tree) - added < len(before):  # some of the basis's files are not in tree
            now = {file for file, _ in tree}
            changed.update((file, None) for file in before if file not in now)
        return changed

    def stored(self) -> dict:
        return {"files": "\0".join(self.files), "blobs": "".join(self.blobs),
                "runs": {rule: [sorted(run.reads), run.findings] for rule, run in self.runs.items()},
                "problems": self.problems}

    @classmethod
    def restored(cls, stored: object) -> Basis:
        """The basis ``stored()`` gave, checked: TypeError, ValueError or KeyError when it is anything else."""
        if not isinstance(stored, dict):
            raise TypeError("a basis is an object")
        files, blobs = _split(stored["files"]), stored["blobs"]
        if not (isinstance(blobs, str) and _BLOBS.fullmatch(blobs) and len(blobs) == _BLOB * len(files)):
            raise ValueError("a basis has a blob id for each file")
        if not isinstance(stored["runs"], dict):
            raise TypeError("a basis has the rules' runs")
        runs = {}
        for rule, (reads, findings) in stored["runs"].items():
            if not (isinstance(reads, list) and all(type(kind) is str for kind in reads)
                    and isinstance(findings, list)):
                raise TypeError("a rule's run is the kinds it read and its findings")
            runs[rule] = RuleRun(frozenset(reads), [restored(finding) for finding in findings])
        if not isinstance(stored["problems"], dict):
            raise TypeError("a basis has the schema problems of files")
        problems = {str(file): [restored(finding) for finding in found] for file, found in stored["problems"].items()}
        return cls(files, [blobs[at:at + _BLOB] for at in range(0, len(blobs), _BLOB)], runs, problems)


def kind_name(file: str) -> str:
    """The kind of a record file, named by its path (as findings show it: the records folder, then the path in
    it); a file that is no kind's counts as the school profile, which every rule reads."""
    kind = kind_of(file.partition("/")[2])
    return kind.name if isinstance(kind, Kind) else SCHOOL.name


def _split(joined: object) -> list[str]:
    if not isinstance(joined, str):
        raise TypeError("a basis keeps its lists as text")
    return joined.split("\0") if joined else []


def identical(first: object, second: object) -> bool:
    """Whether two parsed values are the very same: types, key order and all (``1``, ``1.0`` and ``true`` are
    equal in Python, but not to a schema). A value not equal to itself (NaN) is never identical."""
    if type(first) is not type(second):
        return False
    if isinstance(first, dict):
        assert isinstance(second, dict)
        return list(first) == list(second) and all(identical(value, second[key]) for key, value in first.items())
    if isinstance(first, list):
        assert isinstance(second, list)
        return len(first) == len(second) and all(map(identical, first, second))
    return first == second and repr(first) == repr(second)  # 0.0 and -0.0 are equal, but read differently
