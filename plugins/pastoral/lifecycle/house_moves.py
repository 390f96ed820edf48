"""Who must approve a change that moves a pupil to another House: both Heads of House.

CODEOWNERS cannot say this: GitHub reads it from the base branch, so a pupil's
files ask only the Head of the House the pupil is leaving, and the regenerated
file only reaches main after the merge. This compares the records before and
after the change instead, so the workflow ``house-moves.yml`` can ask both Heads
(the one losing the pupil and the one gaining them) and wait for both approvals.
A House whose Head cannot review (no GitHub name, or leaving) is approved by any
member of SMT, as in CODEOWNERS.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pastoral.core.store import RecordStore
from pastoral.lifecycle.codeowners import handle, smt_owners


@dataclass(frozen=True)
class Approver:
    house: str
    """The House's name, as people say it."""
    handles: tuple[str, ...]
    """'@name's of who can approve for it: its Head of House, else any member of SMT."""

    def given_by(self, approved: set[str]) -> bool:
        return any(h.removeprefix("@").lower() in approved for h in self.handles)

    def __str__(self) -> str:
        who = self.handles[0] if len(self.handles) == 1 else "one of " + ", ".join(self.handles) + " (SMT)"
        return f"{who} for {self.house}"


@dataclass(frozen=True)
class HouseMove:
    pupil: str
    leaving: Approver
    joining: Approver

    def missing(self, approved: Iterable[str]) -> list[Approver]:
        """The Houses whose approval has not been given by any of ``approved`` (GitHub user names)."""
        given = {name.removeprefix("@").lower() for name in approved}
        return [a for a in (self.leaving, self.joining) if not a.given_by(given)]


def approver(store: RecordStore, house_id: str) -> Approver:
    house = store.houses.get(house_id)
    name = house.data["name"] if house else house_id
    owner = handle(store.staff.get(house.data["head_of_house"])) if house else None
    return Approver(name, (owner,) if owner else tuple(smt_owners(store)))


def house_moves(before: RecordStore, after: RecordStore) -> list[HouseMove]:
    """Every pupil whose House differs between the two sets of records, with who approves for each House."""
    moves = []
    for pupil_id, pupil in sorted(after.pupils.items()):
        earlier = before.pupils.get(pupil_id)
        if earlier is not None and earlier.get("house") != pupil.get("house"):
            moves.append(HouseMove(pupil_id, approver(before, earlier.get("house")), approver(after, pupil.get("house"))))
    return moves
