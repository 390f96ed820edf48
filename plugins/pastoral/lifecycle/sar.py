"""A subject access request answered from the records: everything they hold about one pupil or member
of staff, with each record's full history, why it is kept and for how long, and the third-party data
the school must review before release (UK GDPR Article 15; the school has one calendar month)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pastoral.core.kinds import KINDS
from pastoral.core.periods import one_calendar_month
from pastoral.core.record import Record
from pastoral.core.store import RecordStore
from pastoral.core.workspace import UsageError, Workspace
from pastoral.lifecycle.history import Change, parsed, record_history
from pastoral.lifecycle.purge_scan import scan
from pastoral.lifecycle.restricted import belonging_to, read_folder, repository_or_none
from pastoral.lifecycle.retention import category_of, strings, word_pattern
from pastoral.lifecycle.retention_policy import CATEGORIES, retention_policy
from pastoral.reading.git import repository_of

PUPIL_ID = re.compile(r"(?<![A-Za-z0-9])p[0-9]{4,6}(?![A-Za-z0-9])")
CONTACT_FIELDS = frozenset({"email", "phone"})
LAWFUL_BASIS = ("the school's privacy notice says which; for a school this is usually public task (UK GDPR Article "
                "6(1)(e)), and for needs and health, substantial public interest (Article 9(2)(g))")
PURPOSES = {
    "pupil": "To know who is on roll, in which year, House and tutor group, so that every pupil has a named "
             "personal tutor; needs, so that the tutor is chosen with regard to them; date of birth, so that "
             "records are kept no longer than the retention schedule allows.",
    "assignment": "To record who is the pupil's tutor or associate tutor and from when, when the pupil was told, "
                  "and how their needs were considered.",
    "session": "To record mentoring sessions: targets, their reviews, referrals to other services and the "
               "planner signature, so that the pupil's progress is followed up.",
    "waiver": "To record why a rule of the programme is excused for a time, and who approved it.",
    "staff": "To know who tutors and who line-manages, how to reach them, and that they hold the DBS check "
             "safeguarding requires before working with pupils.",
    "house": "To know each House's Head of House and tutor room.",
    "review": "The annual review and evaluation of the programme.",
    "subject-access-request": "To show that each subject access request was answered, and when.",
    "school": "The school's profile, policy and calendar.",
    "restricted": "Needs, how they were considered, and DBS details, kept apart so that only the staff who need "
                  "them can read them.",
}


@dataclass(frozen=True)
class Mark:
    """Third-party data to review before release."""

    file: str
    where: str
    what: str
    value: str


@dataclass
class Entry:
    file: str
    kind: str
    text: str | None
    """The record as it is now; None when it was deleted (its history still holds it)."""
    history: list[Change]
    marks: list[Mark] = field(default_factory=list)


@dataclass
class Bundle:
    subject: str
    who: str
    """'pupil' or 'member of staff' (or 'person' when the records no longer hold them)."""
    as_of: date
    entries: list[Entry]
    purposes: list[dict]
    requests: list[dict]
    notes: list[str] = field(default_factory=list)

    @property
    def marks(self) -> list[Mark]:
        return [mark for entry in self.entries for mark in entry.marks]


def names_subject(record: Record, subject: str, pattern: re.Pattern[str]) -> bool:
    texts = strings(record.data)
    return subject in texts or (any(c.isdigit() for c in subject) and any(pattern.search(t) for t in texts))


def third_party(file: str, data, subject: str, store: RecordStore, where: str = "") -> list[Mark]:
    """Another pupil's id or name, and anyone's email or phone but the subject's own, at any depth."""
    marks = []
    if isinstance(data, dict):
        for key, value in data.items():
            if str(key) in CONTACT_FIELDS and isinstance(value, str) and not _own_contact(store, subject, value):
                marks.append(Mark(file, f"{where}/{key}", "a third party's contact (staff or another service)", value))
            else:
                marks += third_party(file, value, subject, store, f"{where}/{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            marks += third_party(file, value, subject, store, f"{where}/{index}")
    elif isinstance(data, str):
        a_pupil = "another pupil" if PUPIL_ID.fullmatch(subject) else "a pupil"
        marks += [Mark(file, where or "/", f"{a_pupil}'s id", found) for found in PUPIL_ID.findall(data)
                  if found != subject]
        marks += [Mark(file, where or "/", f"{a_pupil}'s name", pupil.data["name"]) for pupil in store.pupils.values()
                  if pupil.id != subject and " " in pupil.data["name"] and pupil.data["name"] in data]
    return marks


def _own_contact(store: RecordStore, subject: str, value: str) -> bool:
    own = store.staff.get(subject)
    return own is not None and value in (own.data.get("email"), own.data.get("phone"))


def gather(workspace: Workspace, store: RecordStore, subject: str, as_of: date,
           restricted: Path | None = None) -> Bundle:
    """Everything the records (and the restricted folder), and their history, hold about ``subject``."""
    pattern = word_pattern({subject})
    assert pattern is not None
    order = [kind.name for kind in KINDS]
    current = sorted((record for records in store.by_kind().values() for record in records
                      if names_subject(record, subject, pattern)),
                     key=lambda record: (record.id != subject, order.index(record.kind.name), record.file))
    who = "pupil" if subject in store.pupils else "member of staff" if subject in store.staff else "person"
    bundle = Bundle(subject, who, as_of, [], purposes(store, current), requests(store, subject))
    try:
        repository = repository_of(workspace.root)
    except UsageError:
        repository = None
        bundle.notes.append("The records are not in a Git repository, so no history is included.")
    for record in current:
        relative = (workspace.root / record.file).relative_to(repository).as_posix() if repository else record.file
        history = record_history(repository, relative) if repository else []
        bundle.entries.append(Entry(record.file, record.kind.name, (workspace.root / record.file).read_text("utf-8"),
                                    history, third_party(record.file, record.data, subject, store)))
    if repository is not None:
        bundle.entries += deleted_entries(repository, workspace, bundle.entries, subject)
    if restricted is not None:
        kept_apart = restricted_entries(restricted, subject, store)
        bundle.entries += kept_apart
        if kept_apart:
            bundle.purposes.append({"kind": "restricted", "purpose": PURPOSES["restricted"], "lawful_basis": LAWFUL_BASIS,
                                    "retention": "as long as the person's own records: they go together"})
    for entry in bundle.entries:
        entry.marks = list(dict.fromkeys(entry.marks + [
            mark for change in entry.history if change.text is not None
            for mark in third_party(entry.file, parsed(change.text), subject, store)]))
    return bundle


def deleted_entries(repository: Path, workspace: Workspace, entries: list[Entry], subject: str) -> list[Entry]:
    """Records deleted earlier that named the subject: their history still holds them."""
    known = {change.path for entry in entries for change in entry.history}
    folder = workspace.records.relative_to(repository).as_posix()
    found = scan(repository, [folder], set(), {subject})
    deleted = []
    for path in sorted(found.earlier - known):
        history = record_history(repository, path)
        kind = path.removeprefix(f"{folder}/").split("/")[0]
        deleted.append(Entry(path, f"{kind} (deleted)", None, history))
    return deleted


def restricted_entries(folder: Path, subject: str, store: RecordStore) -> list[Entry]:
    """The restricted folder's files that name the subject, with their history where Git has one."""
    repository = repository_or_none(folder)
    entries = []
    for file in belonging_to(read_folder(folder), subject):
        shown = file.path.relative_to(repository).as_posix() if repository else file.path.as_posix()
        kind = "restricted " + file.path.relative_to(folder.resolve()).parts[0].removesuffix(".yml")
        entries.append(Entry(shown, kind, file.text, record_history(repository, shown) if repository else [],
                             third_party(shown, file.data, subject, store)))
    return entries


def purposes(store: RecordStore, records: list[Record]) -> list[dict]:
    """Why each kind of record is kept, and for how long (from the policy) for this person's records."""
    policy = retention_policy(store.school)
    rows: dict[tuple[str, str], dict] = {}
    for record in records:
        placed = category_of(record, store)
        period = f"{policy[placed[1]]} ({CATEGORIES[placed[1]].what})" if placed else "kept while the school runs the programme"
        rows.setdefault((record.kind.name, period), {"kind": record.kind.name, "purpose": PURPOSES[record.kind.name],
                                                     "lawful_basis": LAWFUL_BASIS, "retention": period})
    return list(rows.values())


def requests(store: RecordStore, subject: str) -> list[dict]:
    """The subject's access requests, with the day each must be answered by."""
    return [{"id": request.id, "received_on": request.data["received_on"],
             "due_by": request.data.get("extended_to") or one_calendar_month(
                 date.fromisoformat(request.data["received_on"])).isoformat(),
             "answered_on": request.data.get("answered_on")}
            for request in store.of("subject-access-request").values() if request.data["subject"] == subject]
