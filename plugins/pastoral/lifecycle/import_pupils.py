"""Pupil rows of a roll import: year group, House, tutor group and needs, checked against each other.

A tutor group belongs to a House (its tutor's, or its other pupils'), so a row
whose House and tutor group disagree is refused rather than half applied; an
export with no House column (a OneRoster bundle) takes the House from the tutor
group. SEN status and EAL map to ``needs``; when an existing pupil's needs
change, the pupil's current tutor assignment is named, since the choice of tutor
must have regard to them (Guidance 2010, para 135). Pupils below the first year
the school tutors are kept or skipped as ``policy.import_below_guarantee`` says.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date

from pastoral.core.index import TUTOR, RecordIndex
from pastoral.core.kinds import PUPIL
from pastoral.core.record import Record
from pastoral.core.store import RecordStore
from pastoral.core.workspace import UsageError, Workspace
from pastoral.lifecycle.import_base import Importer, RollImport, shown
from pastoral.lifecycle.roll_source import Row
from pastoral.lifecycle.rollover_tutors import moved_group

_YEAR = re.compile(r"^(?:y|yr|year)?\s*([0-9]{1,2})$", re.IGNORECASE)
_EARLY_YEARS = {"r", "rec", "reception", "n", "n1", "n2", "nursery"}
"""Reception and nursery, below any year the records keep (read as year 0)."""
SEN_NEEDS = ("sen-support", "ehcp")
SHIFTED_AT_LEAST = 3
"""An export putting at least this many pupils, and most of them, a year higher (lower) than the records comes
from a different academic year: from after the MIS rolled over (or from before it did)."""
_SEN = {
    "n": None, "none": None, "no": None, "no sen": None, "no special educational need": None,
    "k": "sen-support", "sen support": "sen-support", "sen-support": "sen-support",
    "e": "ehcp", "ehc plan": "ehcp", "ehcp": "ehcp", "education, health and care plan": "ehcp",
    # Codes from before the 2014 reforms, still in old MIS data: a statement became an EHC plan,
    # School Action (Plus) became SEN support.
    "s": "ehcp", "statement": "ehcp", "a": "sen-support", "p": "sen-support",
    "school action": "sen-support", "school action plus": "sen-support",
}
_YES_NO = {"n": False, "no": False, "false": False, "0": False, "y": True, "yes": True, "true": True, "1": True}


class PupilImporter(Importer):
    def __init__(self, workspace: Workspace, store: RecordStore, plan: RollImport, today: date | None = None):
        super().__init__(workspace, store, plan)
        self.index = RecordIndex.of(store, today or date.today())
        self.below: list[int] = []
        self.listed = 0
        """How many pupils of the records the export lists."""
        self.shifted: Counter[int] = Counter()
        """How many of them it puts exactly one year higher (+1) or lower (-1) than the records."""
        self.tutors_in: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        """Tutor group -> House -> the current tutors of that group in that House."""
        self.pupils_in: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        """Tutor group -> House -> the pupils (not left) of that group in that House."""
        for person in store.staff.values():
            if person.get("tutor_group") and person.get("house") and not self.index.has_left(person):
                self.tutors_in[person.data["tutor_group"]][person.data["house"]].append(person.id)
        for pupil in store.pupils.values():
            if not self.index.has_left(pupil):
                self.pupils_in[pupil.data["tutor_group"]][pupil.data["house"]].add(pupil.id)

    def key(self, row: Row) -> str | None:
        """The pupil's id: an admission number becomes 'p' and four digits (None, reported, when empty)."""
        raw_id = row["id"]
        if not raw_id:
            self.plan.problems.append(row.problem(f"the column '{row.column('id')}' is empty: every pupil needs their id"))
            return None
        return f"p{int(raw_id):04d}" if raw_id.isdigit() else raw_id.lower()

    def row(self, row: Row, pupil_id: str) -> None:
        year = self._year(row)
        if year is None:
            return
        existing = self.store.pupils.get(pupil_id)
        if existing is not None:
            self.listed += 1
            self.shifted[year - existing.data["year"]] += 1
        policy = self.index.policy
        if existing is None and year < policy.guarantee_from_year and not policy.import_below_guarantee:
            self.below.append(row.source.line)
            return
        group = self._required(row, "tutor_group")
        if group is None:
            return
        house = self._house_of(row, pupil_id, group, existing)
        needs = self._needs(row, existing.data.get("needs", []) if existing else [])
        if house is None or needs is None:
            return
        values: dict[str, str | int] = {"year": year, "house": house, "tutor_group": group}
        if row["date_of_birth"]:  # personal data, kept for retention ('date of birth + 25 years'); empty keeps it
            born = self._date(row, "date_of_birth")
            if born is None:
                return
            values["date_of_birth"] = born
        if row["left_on"]:
            left_on = self._date(row, "left_on")
            if left_on is None:
                return
            values["left_on"] = left_on
        if existing is None:
            self._new_pupil(row, pupil_id, values, needs)
        else:
            self._update_pupil(row, existing, values, needs)

    def _new_pupil(self, row: Row, pupil_id: str, values: dict, needs: list[str]) -> None:
        joined_on = self._date(row, "joined_on")
        if joined_on is not None:
            left_on = {"left_on": values.pop("left_on")} if "left_on" in values else {}
            data = {"id": pupil_id, "name": row.name(), **values, **({"needs": needs} if needs else {}),
                    "joined_on": joined_on, **left_on}
            self._create(row, PUPIL, data, f"new pupil in Year {values['year']}, {values['house']}, "
                                           f"{values['tutor_group']}")

    def _update_pupil(self, row: Row, existing: Record, values: dict, needs: list[str]) -> None:
        updates = self._update(row, existing, {**values, "needs": needs})
        if "needs" in updates:
            self._reconsider(existing, needs)
        if "left_on" in existing.data and "left_on" not in values:
            self.plan.notes.append(row.problem(f"{existing.id} is on the roll but {existing.file} says they left "
                                               f"on {existing.data['left_on']}: if they came back, remove left_on"))

    def finish(self, source_name: str) -> None:
        listed, year = self.listed, self.store.school.get("academic_year")
        for shift, when, what in ((+1, "has rolled over, but the records are still in", "Run `pastoral rollover` first "
                                   "and import after it, or the rollover would move these pupils up a second time"),
                                  (-1, "had not rolled over yet, but the records are already in", "Export the roll "
                                   "again for this year")):
            count = self.shifted[shift]
            if count >= SHIFTED_AT_LEAST and count * 2 > listed:
                raise UsageError(
                    f"{source_name} puts {count} of the {listed} pupils it shares with the records a year "
                    f"{'higher' if shift > 0 else 'lower'}: when it was exported the MIS {when} {year}. {what} "
                    f"(nothing was changed)")
        if self.below:
            first, count = self.index.policy.guarantee_from_year, len(self.below)
            rows, were, lines = ("rows", "were", "lines") if count > 1 else ("row", "was", "line")
            self.plan.notes.append(
                f"{count} {rows} of {source_name} below Year {first} {were} skipped ({lines} "
                f"{', '.join(map(str, self.below))}): the school tutors from Year {first} (policy guarantee_from_year "
                f"in school.yml); to keep records of younger pupils too, set policy import_below_guarantee: true")

    def _year(self, row: Row) -> int | None:
        text = row["year"]
        if text.casefold() in _EARLY_YEARS:
            return 0
        match = _YEAR.match(text)
        if not match:
            self.plan.problems.append(row.problem(f"'{text}' in the column '{row.column('year')}' is not a "
                                                  f"year group: write 7 to 13, Y7 or Year 7"))
            return None
        return int(match.group(1))

    def _group_house(self, group: str, pupil_id: str) -> tuple[str, str] | None:
        """The House a tutor group belongs to, and how the records say so (None when they do not, or disagree)."""
        tutors = self.tutors_in.get(group, {})
        if len(tutors) == 1:
            house, names = next(iter(tutors.items()))
            return house, f"its tutor {', '.join(names)} is in {house}"
        pupils = {house: ids - {pupil_id} for house, ids in self.pupils_in.get(group, {}).items() if ids - {pupil_id}}
        if not tutors and len(pupils) == 1:
            house = next(iter(pupils))
            return house, f"its pupils are in {house}"
        return None

    def _house_of(self, row: Row, pupil_id: str, group: str, existing: Record | None) -> str | None:
        """The pupil's House: the row's, which must be the tutor group's; or, with no House column, the group's."""
        implied = self._group_house(group, pupil_id)
        if row.has("house"):
            house = self._house(row)
            if house is not None and implied is not None and implied[0] != house:
                self.plan.problems.append(row.problem(
                    f"{pupil_id}: tutor group {group} belongs to {implied[0]} ({implied[1]}), but the column "
                    f"'{row.column('house')}' says {row['house']}: a pupil's House and tutor group change together, "
                    f"so correct whichever is wrong in the MIS and export again (nothing of this row was applied)"))
                return None
            return house
        if implied is not None:
            return implied[0]
        if existing is not None and group in (existing.data["tutor_group"], moved_group(existing.data["tutor_group"],
                                                                                        existing.data["year"])):
            return existing.data["house"]  # the same group, or the same group a year on: the same House
        self.plan.problems.append(row.problem(
            f"{pupil_id}: the export gives no House, and no tutor or pupil in the records is in tutor group {group} "
            f"to say which House it belongs to: import the staff first (their tutor groups and Houses), or add a "
            f"House column"))
        return None

    def _needs(self, row: Row, current: list[str]) -> list[str] | None:
        """The pupil's needs after this row: an empty or absent SEN or EAL cell leaves that need as recorded."""
        sen, eal = row["sen"].casefold(), row["eal"].casefold()
        if sen and sen not in _SEN:
            self.plan.problems.append(row.problem(f"'{row['sen']}' in the column '{row.column('sen')}' is not an SEN "
                                                  f"status: write N, K (SEN support) or E (EHC plan)"))
            return None
        if eal and eal not in _YES_NO:
            self.plan.problems.append(row.problem(f"'{row['eal']}' in the column '{row.column('eal')}' is not "
                                                  f"Yes or No"))
            return None
        needs = list(current)
        if sen:
            at = next((index for index, need in enumerate(needs) if need in SEN_NEEDS), 0)
            needs = [need for need in needs if need not in SEN_NEEDS]
            need = _SEN[sen]
            if need:
                needs.insert(at, need)
        if eal and _YES_NO[eal] != ("eal" in needs):
            needs = needs + ["eal"] if _YES_NO[eal] else [need for need in needs if need != "eal"]
        return needs

    def _reconsider(self, pupil: Record, needs: list[str]) -> None:
        """Name the assignments whose choice of tutor must now have regard to the pupil's changed needs."""
        change = f"{pupil.id}'s needs changed ({shown(pupil.data.get('needs'))} -> {shown(needs)})"
        current = [assignment for assignment in self.store.assignments.values()
                   if assignment.data["pupil"] == pupil.id and assignment.data["role"] == TUTOR
                   and (self.index.is_active(assignment) or date.fromisoformat(assignment.data["from"]) > self.index.as_of)]
        for assignment in current:
            self.plan.notes.append(
                f"to do: {assignment.file}: {change}: reconsider whether this tutor suits them, and say how in "
                f"needs_considered (Guidance 2010, para 135)")
        if not current:
            self.plan.notes.append(f"to do: {pupil.file}: {change}, and no tutor is assigned: have regard to them "
                                   f"when assigning one")
