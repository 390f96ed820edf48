"""Every record of every kind, loaded once and indexed: the one object rules and pages read.

The store holds only records that match their schema, so rules and pages can
trust field types; a broken record already has its own finding.

Every way into the store notes the kind it hands out in ``read``: the kinds a
rule read are all its findings can depend on (see ``pastoral.core.reads``).
"""

from __future__ import annotations

from pastoral.core.kinds import KINDS, SCHOOL
from pastoral.core.record import Record

KIND_NAMES = frozenset(kind.name for kind in KINDS)


class RecordStore:
    """Records indexed by kind and id.

    ``every(kind)`` is each record of a kind in file order, duplicates included (the
    ``unique-id`` rule needs them); ``of(kind)`` keeps the first record of each id.
    """

    def __init__(self, records: list[Record], broken: frozenset[tuple[str, str]] = frozenset()):
        self._broken = broken
        self._all: dict[str, list[Record]] = {kind.name: [] for kind in KINDS}
        self._by_id: dict[str, dict[str, Record]] = {kind.name: {} for kind in KINDS}
        for record in records:
            self._all[record.kind.name].append(record)
            self._by_id[record.kind.name].setdefault(record.id, record)
        self.read: set[str] = set()
        """The kinds handed out since it was last emptied."""
        self.shortcuts: list[tuple[dict, str]] | None = None
        """While a computation reads (``core.reads.reading``), the index values set straight on their index once
        the kinds they were built from were noted (an index's attributes, and a name); None outside."""

    def __len__(self) -> int:
        return sum(len(records) for records in self._all.values())

    def every(self, kind: str) -> list[Record]:
        """Every record of a kind, in file order, duplicate ids included (none for a name that is no kind)."""
        self.read.add(kind)
        return self._all.get(kind, [])

    def by_kind(self) -> dict[str, list[Record]]:
        """Kind name -> every record of that kind (see ``every``): reads every kind."""
        self.read.update(KIND_NAMES)
        return self._all

    def of(self, kind: str) -> dict[str, Record]:
        """Id -> the first record of a kind with that id."""
        self.read.add(kind)
        return self._by_id[kind]

    def get(self, kind: str, record_id: str) -> Record | None:
        return self.of(kind).get(record_id)

    def exists(self, kind: str, record_id: str) -> bool:
        """Whether a record of the kind has the id, broken or not: a broken record exists, and already has
        its finding, so references to it are not reported again."""
        return record_id in self.of(kind) or (kind, record_id) in self._broken

    @property
    def school(self) -> dict:
        """The school profile's data (empty when school.yml is missing or broken)."""
        school = self.of(SCHOOL.name).get("school")
        return school.data if school else {}

    @property
    def houses(self) -> dict[str, Record]:
        self.read.add("house")
        return self._by_id["house"]

    @property
    def staff(self) -> dict[str, Record]:
        self.read.add("staff")
        return self._by_id["staff"]

    @property
    def pupils(self) -> dict[str, Record]:
        self.read.add("pupil")
        return self._by_id["pupil"]

    @property
    def assignments(self) -> dict[str, Record]:
        self.read.add("assignment")
        return self._by_id["assignment"]

    @property
    def sessions(self) -> dict[str, Record]:
        self.read.add("session")
        return self._by_id["session"]

    @property
    def reviews(self) -> dict[str, Record]:
        self.read.add("review")
        return self._by_id["review"]

    @property
    def waivers(self) -> dict[str, Record]:
        self.read.add("waiver")
        return self._by_id["waiver"]
