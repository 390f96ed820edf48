"""One record as loaded: its kind, id, plain data and the file it came from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pastoral.core.kinds import Kind


@dataclass(frozen=True, slots=True)
class Record:
    kind: Kind
    id: str
    """The record's ``id`` field, or its file name when the field is missing or not text."""
    data: dict
    file: str
    """Path relative to the repository root, with forward slashes (as findings show it)."""

    get: Callable[..., Any] = field(init=False, repr=False, compare=False)
    """``get(field, default=None)``: the data's own ``dict.get``. Rules call it some 25 times a record,
    and a method wrapped round it took a third of their time."""

    def __post_init__(self):
        object.__setattr__(self, "get", self.data.get)

    @property
    def subject(self) -> str | None:
        """The pupil or member of staff this record is about, if any."""
        if self.kind.name in ("pupil", "staff"):
            return self.id
        pupil = self.data.get("pupil")
        return pupil if isinstance(pupil, str) else None
