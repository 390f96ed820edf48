"""What counts as personal data on the public site, taken from the records themselves.

Every piece is kept as a sequence of words as read (see ``reading``), so it is
found as whole words whatever the case, punctuation, entity, escape, look-alike
letter or diacritic it was written with. A person's name is found in the forms
people write it: as recorded, without a title, first and last name only, staff
as title and surname ("Ms Fernandes"), and, written with capitals as names are,
surname first ("Chen, Mei", "CHEN Mei"), with an initial ("M. Chen", "Mei C.").
Phone numbers are compared as numbers (``phones``). What is left out, and why
(so the guard never cries wolf):

- a name of one word: a mononym such as "Grace" or "Ivy" is an ordinary word,
  so only full names (two words or more) count;
- a pupil id without both a letter and a digit, or shorter than four
  characters ("2026", "p1"), which would match years and list numbers;
- staff ids ("shall" is S. Hall): parents never see them, names and emails cover the person;
- phone numbers with fewer than seven digits (extensions, years);
- record text (targets, review comments, notes, reasons) of fewer than five
  words, such as "Met" or "Good progress";
- a staff member's or other contact's name, email or phone that ``school.yml``
  publishes (its ``contacts``, its office phone and email). A pupil is never
  published: one listed among the contacts is a finding of its own.

A pupil's date of birth counts in the ways pages write dates (ISO, 14/02/2011,
14 February 2011).

A pupil's date of birth counts in the ways pages write dates (ISO, 14/02/2011,
14 February 2011).

A first name alone is personal data only within a few words of one of that
pupil's own needs, written with a capital as names are ("Mei ... EAL"), so
that "may" or "will" in ordinary prose are never taken for a pupil. A first
name that is also a word opening a sentence next to a need ("May we ask about
EAL?", with a pupil May who has EAL) is still reported: rephrase the sentence.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from pastoral.core.record import Record
from pastoral.privacy.phones import e164
from pastoral.privacy.reading import words

TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "rev"})
MIN_TEXT_WORDS = 5
MIN_ID_LENGTH = 4

NEED_WORDS = {
    "sen-support": ("sen", "sen support", "special educational needs"),
    "ehcp": ("ehcp", "ehc plan", "education health and care plan"),
    "eal": ("eal", "english as an additional language"),
}
"""How each need is written in prose, for the 'needs next to a name' check."""


@dataclass(frozen=True)
class Piece:
    """One piece of personal data: what it is, whose, and as written in the record."""

    what: str
    """'pupil name', 'staff email', 'session text', ..."""
    text: str
    record: str
    """The record's file, relative to the repository root."""
    subject: str | None


@dataclass(frozen=True)
class Form:
    """One way a piece is written: its words, and how a reader would say it is written (never the words)."""

    words: tuple[str, ...]
    how: str = ""
    """How it differs from the record as written, for the message: '' when it does not."""
    initials: frozenset[int] = frozenset()
    """Positions written as an initial: one capital letter and a full stop."""
    capitals: bool = False
    """Every word must start with a capital, as names do: the forms people write only for names."""


@dataclass
class PersonalData:
    """Every piece, indexed by its first word (ids) or first two words (the rest) for one pass over a text."""

    by_head: dict[tuple[str, ...], list[tuple[Form, Piece]]] = field(default_factory=lambda: defaultdict(list))
    first_names: dict[str, list[tuple[str, Piece]]] = field(default_factory=lambda: defaultdict(list))
    """First name -> (need, the pupil's name piece) for each need of each pupil who has needs."""
    phones: dict[str, Piece] = field(default_factory=dict)
    """E.164 number -> its piece."""
    pupil_names: dict[tuple[str, ...], Piece] = field(default_factory=dict)
    """Each pupil's name (as recorded, and without a title) -> its piece: no published contact may be one."""
    seen: set[tuple[str, ...]] = field(default_factory=set)
    published: frozenset[tuple[str, ...]] = frozenset()
    published_phones: frozenset[str] = frozenset()

    def add(self, what: str, text, record: Record, min_words: int = 1) -> None:
        """Add ``text`` (ignored unless it is text of at least ``min_words`` words)."""
        if isinstance(text, str):
            self._index(Piece(what, text, record.file, record.subject), [Form(words(text))], min_words)

    def add_name(self, what: str, name, record: Record) -> Piece | None:
        """Add a person's full name, in every form of it that is still theirs alone."""
        if not isinstance(name, str):
            return None
        piece = Piece(what, name, record.file, record.subject)
        self._index(piece, name_forms(name, with_title=not what.startswith("pupil")), min_words=2)
        return piece

    def add_phone(self, what: str, phone, record: Record) -> None:
        number = e164(phone) if isinstance(phone, str) else None
        if number and number not in self.published_phones:
            self.phones.setdefault(number, Piece(what, phone, record.file, record.subject))

    def _index(self, piece: Piece, forms: list[Form], min_words: int) -> None:
        """Index each form of ``piece`` by its first words, unless already known or (not for a pupil) published."""
        for form in forms:
            key = form.words
            if len(key) < min_words or key in self.seen or (key in self.published and not piece.what.startswith("pupil")):
                continue
            self.seen.add(key)
            self.by_head[key[:2]].append((form, piece))


def name_forms(name: str, with_title: bool) -> list[Form]:
    """The ways a full name is written: as given, without the title, first and last name only, (for staff)
    title and surname, and, with capitals, surname first, first name as an initial, surname as an initial."""
    parts = name.split()
    title = parts[0] if parts and parts[0].rstrip(".").casefold() in TITLES else None
    bare = parts[1:] if title else parts
    forms = [Form(words(name)), Form(words(" ".join(bare)))]
    if len(bare) < 2:
        return forms
    first, last = words(bare[0]), words(bare[-1])
    if not (first and last):
        return forms
    if len(bare) > 2:
        forms.append(Form(first + last))
    if with_title and title:
        forms.append(Form(words(title) + last))
    forms += [Form(last + first, "surname first", capitals=True),
              Form((first[0][0],) + last, "first name as an initial", frozenset({0}), capitals=True),
              Form(first + (last[0][0],), "surname as an initial", frozenset({len(first)}), capitals=True)]
    return forms


def published_contacts(school: dict) -> tuple[frozenset[tuple[str, ...]], frozenset[str]]:
    """The words of every contact school.yml publishes (name in all its forms, email), and their phone numbers."""
    contacts = school.get("contacts")
    published: set[tuple[str, ...]] = set()
    phones: set[str | None] = {e164(school["phone"])} if isinstance(school.get("phone"), str) else set()
    if isinstance(school.get("email"), str):
        published.add(words(school["email"]))
    for contact in _dicts(contacts):
        name = contact.get("name")
        published.update(form.words for form in (name_forms(name, with_title=True) if isinstance(name, str) else []))
        if isinstance(contact.get("email"), str):
            published.add(words(contact["email"]))
        if isinstance(contact.get("phone"), str):
            phones.add(e164(contact["phone"]))
    return frozenset(published), frozenset(phone for phone in phones if phone)


def personal_data(records: list[Record], school: dict) -> PersonalData:
    """Every piece of personal data in ``records`` that the school does not publish."""
    published, phones = published_contacts(school)
    found = PersonalData(published=published, published_phones=phones)
    for record in records:
        collect = COLLECTORS.get(record.kind.name)
        if collect:
            collect(found, record)
    return found


def _pupil(found: PersonalData, pupil: Record) -> None:
    if _is_distinctive_id(pupil.id):
        found.add("pupil id", pupil.id, pupil)
    for written in birth_date_forms(pupil.get("date_of_birth")):
        found.add("pupil date of birth", written, pupil)
    name = found.add_name("pupil name", pupil.get("name"), pupil)
    if name is None:
        return
    for form in name_forms(name.text, with_title=False)[:2]:
        found.pupil_names.setdefault(form.words, name)
    needs = pupil.get("needs")
    first = words(name.text)[:1]
    if first and isinstance(needs, list):
        for need in needs:
            if need in NEED_WORDS:
                found.first_names[first[0]].append((need, name))


def _staff(found: PersonalData, staff: Record) -> None:
    found.add_name("staff name", staff.get("name"), staff)
    found.add("staff email", staff.get("email"), staff)
    found.add_phone("staff phone", staff.get("phone"), staff)


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
            found.add_phone("referral contact phone", contact.get("phone"), session)


def birth_date_forms(value) -> list[str]:
    """A date of birth as pages write it: 2011-02-14, 14/02/2011, 14 February 2011, 14 Feb 2011."""
    try:
        born = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return []
    if born is None:
        return []
    return [born.isoformat(), born.strftime("%d/%m/%Y"), f"{born.day} {born:%B %Y}", f"{born.day} {born:%b %Y}"]


def _waiver(found: PersonalData, waiver: Record) -> None:
    found.add("waiver reason", waiver.get("reason"), waiver, MIN_TEXT_WORDS)


def _is_distinctive_id(record_id: str) -> bool:
    return (len(record_id) >= MIN_ID_LENGTH and any(c.isdigit() for c in record_id)
            and any(c.isalpha() for c in record_id))


def _dicts(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


COLLECTORS = {"pupil": _pupil, "staff": _staff, "assignment": _assignment, "session": _session, "waiver": _waiver}
