"""Where things are: the records folder, the repository root around it, and the schemas."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def relative_file(path: Path, root: Path) -> str:
    """The path as findings show it: relative to the repository root, forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


class UsageError(Exception):
    """The command was asked for something it cannot do (exit code 2)."""


@dataclass(frozen=True)
class Workspace:
    records: Path
    root: Path
    """The repository root: findings name files relative to it."""
    schemas: Path

    @classmethod
    def at(cls, records: Path | str, schemas: Path | str | None = None) -> Workspace:
        """The workspace of a records folder; schemas default to ``schemas/`` beside it."""
        records = Path(records)
        if not records.is_dir():
            raise UsageError(f"the records folder '{records}' does not exist (use --records DIR to name it)")
        root = records.resolve().parent
        return cls(records.resolve(), root, Path(schemas).resolve() if schemas else root / "schemas")

    def relative_file(self, path: Path) -> str:
        """``path`` as findings name it: relative to the repository root."""
        return relative_file(path, self.root)
