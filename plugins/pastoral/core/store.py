"""Every record of every kind, loaded once and indexed: the one object rules and pages read.

The store holds only records that match their schema, so rules and pages can
trust field types; a broken record already has its own finding.
"""

from __future__ import annotations

from collections import defaultdict

from pastoral.core.kinds import KINDS, SCHOOL
from pastoral.core.record import Record


class RecordStore:
    """Records indexed by kind and id.

    ``all`` keeps every record of a kind in file order, duplicates included (the
    ``unique-id`` rule needs them); ``by_id`` keeps the first record of each id.
    """

    def __init__(self, records: list[Record], broken: frozenset[tuple[str, str]] = frozenset()):
        self.broken = broken
        """(kind, id) of records left out because they break their schema: they exist,
        and already have a finding, so references to them are not reported again."""
        self.all: dict[str, list[Record]] = defaultdict(list)
        self.by_id: dict[str, dict[str, Record]] = {kind.name: {} for kind in KINDS}
        for record in records:
            self.all[record.kind.name].append(record)
            self.by_id[record.kind.name].setdefault(record.id, record)

    def __len__(self) -> int:
        return sum(len(records) for records in self.all.values())

    def get(self, kind: str, record_id: str) -> Record | None:
        return self.by_id[kind].get(record_id)

    def exists(self, kind: str, record_id: str) -> bool:
        return record_id in self.by_id[kind] or (kind, record_id) in self.broken

    @property
    def school(self) -> dict:
        """The school profile's data (empty when school.yml is missing or broken)."""
        school = self.by_id[SCHOOL.name].get("school")
        return school.data if school else {}

    @property
    def houses(self) -> dict[str, Record]:
        return self.by_id["house"]

    @property
    def staff(self) -> dict[str, Record]:
        return self.by_id["staff"]

    @property
    def pupils(self) -> dict[str, Record]:
        return self.by_id["pupil"]

    @property
    def assignments(self) -> dict[str, Record]:
        return self.by_id["assignment"]

    @property
    def sessions(self) -> dict[str, Record]:
        return self.by_id["session"]

    @property
    def reviews(self) -> dict[str, Record]:
        return self.by_id["review"]

    @property
    def waivers(self) -> dict[str, Record]:
        return self.by_id["waiver"]
