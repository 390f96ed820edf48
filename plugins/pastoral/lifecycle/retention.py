"""Retention as code: which records are past the period the school keeps them for.

Each record belongs to a person (its subject: the pupil or member of staff it is
about) and a category of ``retention_policy``. It is due once its subject has
left and its period, counted from the subject's date of birth or leaving (or
the day a request was answered), has passed. A person's own record is kept as
long as any record that names them is, so that what is kept never refers to
someone who is gone; and everything that names a person goes no later than they
do. Records that only mention a person in their text are listed for a person to
edit, never removed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from pastoral.core.calendar import day
from pastoral.core.record import Record
from pastoral.core.store import RecordStore
from pastoral.lifecycle.retention_policy import ANSWERED, BIRTH, LEAVING, Period, retention_policy

COUNTED_FROM = {BIRTH: "born", LEAVING: "left on", ANSWERED: "answered on"}
SEN_NEEDS = frozenset({"sen-support", "ehcp"})
REFERENCES = {"assignment": ("pupil", "staff"), "session": ("pupil", "tutor"), "waiver": ("subject", "approved_by"),
              "subject-access-request": ("subject", "handled_by"), "house": ("head_of_house",),
              "staff": ("line_manager", "associate")}
"""The fields through which a record names a pupil or member of staff."""


@dataclass(frozen=True)
class Due:
    """A record past its retention period."""

    file: str
    """Path relative to the repository root."""
    subject: str
    category: str
    kept_until: date
    why: str
    """How ``kept_until`` was worked out, in words."""
    own_record: bool = False
    """The person's own pupil or staff record: once it goes, everything naming them goes too."""

    @property
    def due_on(self) -> date:
        return self.kept_until + timedelta(days=1)


@dataclass
class Retention:
    due: list[Due] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What a person must look at: leavers who cannot be judged, kept records that mention a due person."""
    orphans: set[str] = field(default_factory=set)
    """People named by records who have no record of their own any more (purged earlier)."""

    @property
    def subjects(self) -> set[str]:
        """The people to forget: those whose own record is due, and those already gone."""
        return {item.subject for item in self.due if item.own_record} | self.orphans


def category_of(record: Record, store: RecordStore) -> tuple[str, str] | None:
    """(subject id, category key) of a record that belongs to a person, or None (Houses, reviews, school.yml)."""
    kind = record.kind.name
    if kind == "staff":
        return record.id, "staff"
    if kind == "subject-access-request":
        return record.data["subject"], "subject_access_requests"
    subject = record.id if kind == "pupil" else record.data.get("pupil", record.data.get("subject"))
    if not isinstance(subject, str):
        return None
    if subject in store.staff:
        return subject, "staff"
    pupil = store.pupils.get(subject)
    if pupil is not None and SEN_NEEDS & set(pupil.data.get("needs", ())):
        return subject, "sen"
    return subject, {"pupil": "pupils", "assignment": "assignments", "session": "sessions"}.get(kind, "waivers")


def past_retention(store: RecordStore, as_of: date) -> Retention:
    """Every record past its period on ``as_of``, and the notes a person should read."""
    policy = retention_policy(store.school)
    result = Retention()
    own: dict[str, tuple[date, str] | None] = {}
    belongs: dict[str, tuple[str, str]] = {}
    people = {person.file for person in (*store.pupils.values(), *store.staff.values())}
    undetermined: set[str] = set()
    for records in store.by_kind().values():
        for record in records:
            placed = category_of(record, store)
            if placed is None:
                continue
            belongs[record.file] = placed
            own[record.file] = _kept_until(record, placed[0], policy[placed[1]], store, as_of, undetermined,
                                           result.orphans)
    kept = _keep_with_references(store, own, belongs)
    for file, (subject, category) in sorted(belongs.items()):
        until = kept.get(file)
        if until is not None and as_of > until[0]:
            result.due.append(Due(file, subject, category, until[0], until[1], file in people))
    result.notes += [f"{who} has left but has no date_of_birth, so their records cannot be judged by "
                     f"'{BIRTH} + ...': add it to their record" for who in sorted(undetermined)]
    result.notes += mentions(store, result.subjects, {item.file for item in result.due})
    return result


def _kept_until(record: Record, subject: str, period: Period, store: RecordStore, as_of: date,
                undetermined: set[str], orphans: set[str]) -> tuple[date, str] | None:
    """The last day ``record`` is kept by its own category, with why; None while it must be kept."""
    if record.kind.name == "subject-access-request":
        answered = day(record.data.get("answered_on"))
        return (period.ends(answered), f"{period}, answered on {answered}") if answered else None
    person = store.pupils.get(subject) or store.staff.get(subject)
    if person is None:  # names someone the records no longer hold (purged earlier, or a mistake)
        orphans.add(subject)
        return date.min, f"names {subject}, who has no record any more"
    left = day(person.data.get("left_on"))
    if left is None or left > as_of:
        return None
    start = {BIRTH: day(person.data.get("date_of_birth")), LEAVING: left, ANSWERED: left}[period.basis]
    if start is None:
        undetermined.add(subject)
        return None
    return period.ends(start), f"{period}, {COUNTED_FROM[period.basis]} {start}"


def _keep_with_references(store: RecordStore, own: dict[str, tuple[date, str] | None],
                          belongs: dict[str, tuple[str, str]]) -> dict[str, tuple[date, str] | None]:
    """Each person's own record kept until the last record naming them goes (None: kept for now)."""
    files_naming: dict[str, list[str]] = defaultdict(list)
    for records in store.by_kind().values():
        for record in records:
            for name in REFERENCES.get(record.kind.name, ()):
                named = record.data.get(name)
                if isinstance(named, str) and named != record.id:
                    files_naming[named].append(record.file)
    kept = dict(own)
    people = {**store.staff, **store.pupils}
    for _ in range(len(people) + 1):  # staff name staff (line managers): settle in a few rounds
        changed = False
        for person_id, person in people.items():
            current = kept.get(person.file)
            if current is None:
                continue
            for file in files_naming.get(person_id, ()):
                other = kept.get(file, (None, "")) if file in belongs else None
                if other is None or other[0] is None:
                    kept[person.file], changed = None, True
                    break
                if other[0] > current[0]:
                    current = kept[person.file] = (other[0], f"kept while {file} is ({other[1]})")
                    changed = True
        if not changed:
            break
    return kept


def word_pattern(ids: set[str]) -> re.Pattern[str] | None:
    """Matches any of ``ids`` as a whole word ('p0099' in '2026-09-20-p0099', not in 'p00991')."""
    if not ids:
        return None
    return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(map(re.escape, sorted(ids))) + r")(?![A-Za-z0-9])")


def mentions(store: RecordStore, subjects: set[str], going: set[str]) -> list[str]:
    """Kept records whose text mentions a person whose records are due: a person edits those words out."""
    pattern = word_pattern(subjects)
    if pattern is None:
        return []
    found = []
    for records in store.by_kind().values():
        for record in records:
            if record.file not in going:
                named = sorted(set(pattern.findall(" ".join(strings(record.data)))))
                if named:
                    found.append(f"{record.file} is kept but mentions {', '.join(named)}, whose records are due: "
                                 "edit the mention out before purging")
    return found


def strings(value) -> list[str]:
    """Every text in a record's data, keys included, at any depth."""
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in (str(key), *strings(item))]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return [str(value)]
