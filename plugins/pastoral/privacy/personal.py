"""What counts as personal data on the public site, taken from the records themselves.

Every piece is kept as a sequence of words (see ``words``), so it is found as
whole words whatever the case, punctuation, entity or escape it was written
with. What is left out, and why (so the guard never cries wolf):

- a name of one word: a mononym such as "Grace" or "Ivy" is an ordinary word,
  so only full names (two words or more) count, and staff also as title and
  surname ("Ms Fernandes"), the way parents hear them;
- a pupil id without both a letter and a digit, or shorter than four
  characters ("2026", "p1"), which would match years and list numbers;
- staff ids ("shall" is S. Hall): parents never see them, names and emails cover the person;
- phone numbers with fewer than seven digits (extensions, years);
- record text (targets, review comments, notes, why a tutor was chosen) of
  fewer than five words, such as "Met" or "Good progress";
- anything the school publishes in ``contacts`` in school.yml.

A pupil's date of birth counts in the ways pages write dates (ISO, 14/02/2011,
14 February 2011).

A first name alone is personal data only within a few words of one of that
pupil's own needs, written with a capital as names are ("Mei ... EAL"), so
that "may" or "will" in ordinary prose are never taken for a pupil. A first
name that is also a word opening a sentence next to a need ("May we ask about
EAL?", with a pupil May who has EAL) is still reported: rephrase the sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from pastoral.core.record import Record

WORD = re.compile(r"[^\W_]+")
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "rev"})
MIN_TEXT_WORDS = 5
MIN_PHONE_DIGITS = 7
MIN_ID_LENGTH = 4

NEED_WORDS = {
    "sen-support": ("sen", "sen support", "special educational needs"),
    "ehcp": ("ehcp", "ehc plan", "education health and care plan"),
    "eal": ("eal", "english as an additional language"),
}
"""How each need is written in prose, for the 'needs next to a name' check."""


def words(text: str) -> tuple[str, ...]:
    """The words of a text, case-folded: letters and digits, everything else a separator."""
    return tuple(w.casefold() for w in WORD.findall(unicodedata.normalize("NFKC", text)))


@dataclass(frozen=True)
class Piece:
    """One piece of personal data: what it is, whose, and as written in the record."""

    what: str
    """'pupil name', 'staff email', 'session text', ..."""
    text: str
    record: str
    """The record's file, relative to the repository root."""
    subject: str | None


@dataclass
class PersonalData:
    """Every piece, indexed by its first word (ids) or first two words (the rest) for one pass over a text."""

    by_head: dict[tuple[str, ...], list[tuple[tuple[str, ...], str, Piece]]] = field(default_factory=lambda: defaultdict(list))
    """First word (or two) -> (all the words, the form written in the record, the piece)."""
    first_names: dict[str, list[tuple[str, Piece]]] = field(default_factory=lambda: defaultdict(list))
    """First name -> (need, the pupil's name piece) for each need of each pupil who has needs."""
    seen: set[tuple[str, ...]] = field(default_factory=set)
    published: frozenset[tuple[str, ...]] = frozenset()

    def add(self, what: str, text, record: Record, min_words: int = 1) -> None:
        """Add ``text`` (ignored unless it is text of at least ``min_words`` words)."""
        if isinstance(text, str):
            self._index(Piece(what, text, record.file, record.subject), [text], min_words)

    def add_name(self, what: str, name, record: Record) -> Piece | None:
        """Add a person's full name, with the other forms of it that are also theirs alone."""
        if not isinstance(name, str):
            return None
        piece = Piece(what, name, record.file, record.subject)
        self._index(piece, name_forms(name, with_title=what.startswith("staff")), min_words=2)
        return piece

    def _index(self, piece: Piece, forms: list[str], min_words: int) -> None:
        """Index each form of ``piece`` by its first words, unless published or already known."""
        for form in forms:
            key = words(form)
            if len(key) >= min_words and key not in self.seen and key not in self.published:
                self.seen.add(key)
                self.by_head[key[:2]].append((key, form, piece))


def name_forms(name: str, with_title: bool) -> list[str]:
    """The ways a full name is written: as given, without the title, first and last name only,
    and (for staff) title and surname."""
    parts = name.split()
    title = parts[0] if parts and parts[0].rstrip(".").casefold() in TITLES else None
    bare = parts[1:] if title else parts
    forms = [name, " ".join(bare)]
    if len(bare) > 2:
        forms.append(f"{bare[0]} {bare[-1]}")
    if with_title and title and bare:
        forms.append(f"{title} {bare[-1]}")
    return forms


def published_forms(school: dict) -> frozenset[tuple[str, ...]]:
    """The words of every contact the school publishes (name in all its forms, email, phone)."""
    contacts = school.get("contacts")
    published = set()
    for contact in contacts if isinstance(contacts, list) else []:
        if not isinstance(contact, dict):
            continue
        name = contact.get("name")
        forms = name_forms(name, with_title=True) if isinstance(name, str) else []
        published.update(words(value) for value in [*forms, contact.get("email"), contact.get("phone")]
                         if isinstance(value, str))
    return frozenset(published)


def personal_data(records: list[Record], school: dict) -> PersonalData:
    """Every piece of personal data in ``records`` that the school does not publish."""
    found = PersonalData(published=published_forms(school))
    for record in records:
        collect = COLLECTORS.get(record.kind.name)
        if collect:
            collect(found, record)
    return found


def _pupil(found: PersonalData, pupil: Record) -> None:
    name = found.add_name("pupil name", pupil.get("name"), pupil)
    if _is_distinctive_id(pupil.id):
        found.add("pupil id", pupil.id, pupil)
    for written in birth_date_forms(pupil.get("date_of_birth")):
        found.add("pupil date of birth", written, pupil)
    needs = pupil.get("needs")
    first = words(name.text)[:1] if name else ()
    if first and isinstance(needs, list):
        for need in needs:
            if need in NEED_WORDS:
                found.first_names[first[0]].append((need, name))


def _staff(found: PersonalData, staff: Record) -> None:
    found.add_name("staff name", staff.get("name"), staff)
    found.add("staff email", staff.get("email"), staff)
    _phone(found, "staff phone", staff.get("phone"), staff)


def _assignment(found: PersonalData, assignment: Record) -> None:
    for field_name in ("needs_considered", "reason"):
        found.add("assignment text", assignment.get(field_name), assignment, MIN_TEXT_WORDS)


def _session(found: PersonalData, session: Record) -> None:
    found.add("session text", session.get("notes"), session, MIN_TEXT_WORDS)
    for target in _dicts(session.get("targets")):
        found.add("session text", target.get("text"), session, MIN_TEXT_WORDS)
    for review in _dicts(session.get("reviews")):
        found.add("session text", review.get("comment"), session, MIN_TEXT_WORDS)
    for referral in _dicts(session.get("referrals")):
        contact = referral.get("contact")
        if isinstance(contact, dict):
            found.add_name("referral contact name", contact.get("name"), session)
            found.add("referral contact email", contact.get("email"), session)


def birth_date_forms(value) -> list[str]:
    """A date of birth as pages write it: 2011-02-14, 14/02/2011, 14 February 2011, 14 Feb 2011."""
    try:
        born = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return []
    if born is None:
        return []
    return [born.isoformat(), born.strftime("%d/%m/%Y"), f"{born.day} {born:%B %Y}", f"{born.day} {born:%b %Y}"]


def _phone(found: PersonalData, what: str, phone, record: Record) -> None:
    if isinstance(phone, str) and sum(c.isdigit() for c in phone) >= MIN_PHONE_DIGITS:
        found.add(what, phone, record)


def _is_distinctive_id(record_id: str) -> bool:
    return (len(record_id) >= MIN_ID_LENGTH and any(c.isdigit() for c in record_id)
            and any(c.isalpha() for c in record_id))


def _dicts(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


COLLECTORS = {"pupil": _pupil, "staff": _staff, "assignment": _assignment, "session": _session}
