"""Staff rows of a roll import: matched by email; a new member of staff gets a record only with a tutor group."""

from __future__ import annotations

import re

from pastoral.core.kinds import STAFF
from pastoral.core.record import Record
from pastoral.core.store import RecordStore
from pastoral.core.workspace import Workspace
from pastoral.lifecycle.import_base import Importer, RollImport
from pastoral.lifecycle.roll_source import Row

_LEADING_YEAR = re.compile(r"^([0-9]{1,2})(?![0-9])")


class StaffImporter(Importer):
    def __init__(self, workspace: Workspace, store: RecordStore, plan: RollImport):
        super().__init__(workspace, store, plan)
        self.by_email: dict[str, Record] = {person.data["email"].casefold(): person for person in store.staff.values()}
        self.skipped = 0

    def key(self, row: Row) -> str | None:
        """The email a member of staff is matched by (None, reported, when the row has none)."""
        if not row["email"]:
            self.plan.problems.append(row.problem(f"the column '{row.column('email')}' is empty: staff are matched "
                                                  f"to their records by email"))
            return None
        return row["email"].casefold()

    def row(self, row: Row, key: str) -> None:
        email = row["email"]
        values: dict[str, str | int | None] = {}
        if row["house"]:
            values["house"] = self._house(row)
        if row["tutor_group"]:
            year = _LEADING_YEAR.match(row["tutor_group"])
            if year and 7 <= int(year.group(1)) <= 13:
                values["year_group"] = int(year.group(1))
            values["tutor_group"] = row["tutor_group"]
        if None in values.values():
            return
        existing = self.by_email.get(email.casefold())
        if existing is not None:
            self._update(row, existing, values)
        elif "tutor_group" in values:
            data = {"id": self._new_id(email), "name": row.name(with_title=True), "email": email,
                    "roles": ["tutor"], **values}
            self._create(row, STAFF, data, f"new tutor of {values['tutor_group']}")
        else:
            self.skipped += 1

    def finish(self, source_name: str) -> None:
        if self.skipped:
            self.plan.notes.append(f"{self.skipped} rows of {source_name} were skipped: new staff with no tutor "
                                   f"group (the records hold staff who tutor or lead: add those by hand)")

    def _new_id(self, email: str) -> str:
        """An id from the email's local part, as the sample school's are: 'a.fernandes@...' -> 'afernandes'."""
        base = re.sub(r"[^a-z0-9]", "", email.split("@")[0].lower())
        base = base if base[:1].isalpha() else f"s{base}"
        taken = set(self.store.staff) | {change.path.stem for change in self.plan.changes}
        return next(candidate for number in range(1, len(taken) + 2)
                    if (candidate := base if number == 1 else f"{base}{number}") not in taken)
