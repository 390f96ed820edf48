"""What a check's answer was worked out from, kept so that a check of a slightly different tree redoes
only what the difference can affect.

A basis holds the tree an answer was worked out from (each file's path, blob id and kind) and
what each rule found and read there (``rules.RuleRun``). Against it, a check
of the tree as it is now knows which files changed; whether they changed only
where no record sees it (a comment, a blank line: the records are identical,
so only the changed files' findings need their lines again); and otherwise
which kinds of record changed, so that only the rules that read them run again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pastoral.core.findings import restored
from pastoral.core.reads import RuleRun


@dataclass(frozen=True)
class Basis:
    files: list[str]
    blobs: list[str]
    kinds: list[str]
    """Each file's kind name, in the order of ``files``."""
    runs: dict[str, RuleRun]

    def changed_files(self, tree: list[tuple[str, str]]) -> list[tuple[str, str]] | None:
        """(file, blob id) of each file of ``tree`` whose blob id is not the basis's; None when files were
        added or removed."""
        if len(tree) != len(self.files):
            return None
        before = dict(zip(self.files, self.blobs, strict=True))
        changed = [(file, blob) for file, blob in tree if before.get(file) != blob]
        return None if any(file not in before for file, _ in changed) else changed

    def blob_of(self, file: str) -> str:
        return self.blobs[self.files.index(file)]

    def changed_kinds(self, tree: list[tuple[str, str]], kinds: Mapping[str, str]) -> frozenset[str]:
        """The kinds of every file added, removed or changed between the basis and ``tree`` (``kinds``:
        file -> kind name, for the files of ``tree``)."""
        before = dict(zip(self.files, self.blobs, strict=True))
        changed = {kinds[file] for file, blob in tree if before.pop(file, None) != blob}
        kind_before = dict(zip(self.files, self.kinds, strict=True))
        return frozenset(changed | {kind_before[file] for file in before})

    def stored(self) -> dict:
        return {"files": self.files, "blobs": self.blobs, "kinds": self.kinds,
                "runs": {rule: [sorted(run.reads), run.findings] for rule, run in self.runs.items()}}

    @classmethod
    def restored(cls, stored: object) -> Basis:
        """The basis ``stored()`` gave, checked: TypeError, ValueError or KeyError when it is anything else."""
        if not isinstance(stored, dict):
            raise TypeError("a basis is an object")
        files, blobs, kinds = stored["files"], stored["blobs"], stored["kinds"]
        if not (_texts(files) and _texts(blobs) and _texts(kinds) and len(files) == len(blobs) == len(kinds)
                and isinstance(stored["runs"], dict)):
            raise TypeError("a basis lists text")
        runs = {}
        for rule, (reads, findings) in stored["runs"].items():
            if not _texts(reads) or not isinstance(findings, list):
                raise TypeError("a rule's run is the kinds it read and its findings")
            runs[rule] = RuleRun(frozenset(reads), [restored(finding) for finding in findings])
        return cls(files, blobs, kinds, runs)


def _texts(values: object) -> bool:
    return isinstance(values, list) and all(type(value) is str for value in values)


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
