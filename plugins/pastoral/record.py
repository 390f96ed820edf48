"""One record as loaded: its kind, id, plain data and the file it came from."""

from __future__ import annotations

from dataclasses import dataclass

from pastoral.kinds import Kind


@dataclass(frozen=True, slots=True)
class Record:
    kind: Kind
    id: str
    """The record's ``id`` field, or its file name when the field is missing or not text."""
    data: dict
    file: str
    """Path relative to the repository root, with forward slashes (as findings show it)."""

    def get(self, field: str, default=None):
        return self.data.get(field, default)

    @property
    def subject(self) -> str | None:
        """The pupil or member of staff this record is about, if any."""
        if self.kind.name in ("pupil", "staff"):
            return self.id
        pupil = self.data.get("pupil")
        return pupil if isinstance(pupil, str) else None
