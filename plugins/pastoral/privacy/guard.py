"""The guard: read the records, then every file of a built site, and report each piece of personal data found.

Each finding names where to fix it: the source Markdown page and line when
the piece is written there, else the built file and line (and the page it was
made from). A finding says what was found, whose record it comes from and
how it was written, never the text itself, so a CI log shows no more than
the site would have.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from pastoral.core.escape import one_line
from pastoral.core.findings import ERROR, Finding
from pastoral.core.kinds import SCHOOL_FILE
from pastoral.core.workspace import relative_file
from pastoral.privacy.personal import NEED_WORDS, PersonalData, Piece, name_forms, personal_data
from pastoral.privacy.phones import numbers_in
from pastoral.privacy.reading import words
from pastoral.privacy.sitetext import Text, Unreadable, add_markup, text_of
from pastoral.reading.positions import place
from pastoral.reading.walk import load_folder

RULE = "public-no-personal-data"
NEAR = 8
"""Words either side of a need ("EAL") within which a pupil's first name counts as next to it."""
HINT = ("take it out of the page, template or configuration it came from; only the contacts "
        "published in school.yml may appear on the public site")
UNREADABLE_HINT = ("publish only what the guard can read: write the document's text as a Markdown page in "
                   "handbook/parents/ (the guard reads every page), save text files as UTF-8, and keep PDFs, "
                   "Office documents and archives off the public site, or check them by hand and publish them elsewhere")
CONTACT_HINT = "school.yml's contacts are published to every parent: list members of staff only, never a pupil"
SHOWN = 20
PAGE_SUFFIXES = frozenset({".md", ".j2"})
"""Sources that are made into pages, rather than published as they are."""
"""Findings listed in the build error; the rest are counted."""


def _need_phrases() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word -> (the phrase's words, the need) for every way a need is written."""
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for need, written in NEED_WORDS.items():
        for phrase in map(words, written):
            phrases.setdefault(phrase[0], []).append((phrase, need))
    return phrases


NEED_PHRASES = _need_phrases()


@dataclass(frozen=True)
class Found:
    piece: Piece
    line: int
    how: str
    """How it was written, when not as in the record ('surname first', ...): never the text itself."""


def check_public_site(site_dir: Path, records_dir: Path, sources: Mapping[str, Path] | None = None) -> list[Finding]:
    """Findings for every piece of personal data from the records in the site built in ``site_dir``, and for
    every file there the guard cannot read completely.

    ``sources`` maps a built file (relative to ``site_dir``, with forward slashes) to the file it was made
    from, so that a finding can name the page to fix. The guard reads the records itself, every file as
    parsed and before any schema check, so a record with a mistake still has its names protected; a record
    that cannot be parsed at all is a finding, since what it holds cannot be checked.
    """
    root = records_dir.resolve().parent
    loaded = load_folder(records_dir, root)
    school_record = next((r for r in loaded.records if r.kind.name == "school"), None)
    personal = personal_data(loaded.records, school_record.data if school_record else {})
    findings = [_unreadable_record(problem) for problem in loaded.findings]
    findings += place(_published_pupils(personal, school_record.data if school_record else {},
                                        relative_file(records_dir.resolve(), root)), root)
    for path in sorted(_files(site_dir)):
        built = path.relative_to(site_dir).as_posix()
        source = (sources or {}).get(built)
        where = _Where(relative_file(path, root), relative_file(source, root) if source else None)
        findings += _check_file(path, built, source, where, personal)
    return findings


def _check_file(path: Path, built: str, source: Path | None, where: _Where, personal: PersonalData) -> list[Finding]:
    """The findings of one built file: in its name, then in what it holds (or that it cannot be read)."""
    name = Text()
    name.add(built)
    findings = [where.finding(found, in_name=True) for found in scan(name, personal)]
    text = text_of(path)
    if isinstance(text, Unreadable):
        return findings + [Finding(RULE, ERROR, where.source or where.built, f"{text.reason}, so it cannot be published "
                                   f"on the public site ({where.built})", hint=UNREADABLE_HINT, detail="unreadable")]
    in_source = _source_lines(source, text, personal) if source else {}
    return findings + [where.finding(found, source_line=in_source.get(found.piece)) for found in scan(text, personal)]


def scan(text: Text, personal: PersonalData) -> list[Found]:
    """Each piece of personal data in ``text``, once (in whichever form comes first), at its first place."""
    found: dict[Piece, Found] = {}
    tokens = text.words
    starts = {head[0] for head in personal.by_head}
    for i, word in enumerate(tokens):
        if word in starts:
            for head in ((word,), tuple(tokens[i:i + 2])):
                for form, piece in personal.by_head.get(head, ()):
                    if (len(form.words) == len(head) or tuple(tokens[i:i + len(form.words)]) == form.words) \
                            and _written_so(text, i, form.initials, form.capitals, len(form.words)):
                        found.setdefault(piece, Found(piece, text.lines[i], form.how))
        if word in NEED_PHRASES:
            for phrase, need in _need_at(tokens, i):
                for piece, near in _names_near(text, personal, i, len(phrase), need):
                    found.setdefault(piece, Found(piece, text.lines[near], "next to one of their needs"))
    if personal.phones:
        for chunk, line in text.chunks:
            for number, at in numbers_in(chunk, personal.phones):
                found.setdefault(personal.phones[number], Found(personal.phones[number],
                                                                line + chunk.count("\n", 0, at) if line else 0, ""))
    return list(found.values())


def _written_so(text: Text, i: int, initials: frozenset[int], capitals: bool, length: int) -> bool:
    """Whether the words at ``i`` are written as the form needs: initials as one capital and a full stop,
    and every word with a capital for the forms only names take."""
    if capitals and not all(text.raw[i + k][:1].isupper() for k in range(length)):
        return False
    return all(len(text.raw[i + k]) == 1 and text.dotted[i + k] for k in initials)


def _need_at(tokens: list[str], i: int) -> Iterator[tuple[tuple[str, ...], str]]:
    for phrase, need in NEED_PHRASES.get(tokens[i], ()):
        if tuple(tokens[i:i + len(phrase)]) == phrase:
            yield phrase, need


def _names_near(text: Text, personal: PersonalData, i: int, length: int, need: str) -> Iterator[tuple[Piece, int]]:
    """First names of pupils with ``need``, written with a capital, within NEAR words of the need at ``i``."""
    for near in range(max(0, i - NEAR), min(len(text.words), i + length + NEAR)):
        if text.raw[near][:1].isupper():
            for pupil_need, piece in personal.first_names.get(text.words[near], ()):
                if pupil_need == need:
                    yield Piece("pupil's first name", piece.text, piece.record, piece.subject), near


def _source_lines(source: Path, built: Text, personal: PersonalData) -> dict[Piece, int]:
    """The line of the source file where each piece is written: in a page (Markdown, or the letter's
    template) read both as HTML and as plain text (an autolink ``<a@b.example>`` is no tag); any other
    file is published as it is, so its lines are the built file's."""
    if source.suffix not in PAGE_SUFFIXES:
        return {found.piece: found.line for found in scan(built, personal)}
    try:
        content = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    text = Text()
    add_markup(text, content, lines=True)
    text.add(content, line=1)
    return {found.piece: found.line for found in scan(text, personal)}


@dataclass(frozen=True)
class _Where:
    built: str
    source: str | None

    def finding(self, found: Found, source_line: int | None = None, in_name: bool = False) -> Finding:
        """The finding at the source page's line when the piece is written there, else at the built file's."""
        piece = found.piece
        how = f" ({found.how})" if found.how else ""
        if in_name:
            file, line = self.source or self.built, 0
            message = f"{piece.what} from {piece.record} is in the name of a published file{how}"
            message += f" ({self.built})" if self.source else ""
        elif source_line is not None and self.source:
            file, line = self.source, source_line
            message = f"{piece.what} from {piece.record} is on the public site{how} (in {self.built})"
        else:
            file, line = self.built, found.line
            message = f"{piece.what} from {piece.record} is on the public site{how}"
            message += f" (the page made from {self.source})" if self.source else ""
        return Finding(RULE, ERROR, file, message, line, 0, subject=piece.subject, hint=HINT, detail=f"{piece.what}:{piece.text}")


def _published_pupils(personal: PersonalData, school: dict, records: str) -> list[Finding]:
    """A pupil listed among the contacts school.yml publishes: the build fails whatever the pages say."""
    findings = []
    contacts = school.get("contacts")
    for number, contact in enumerate(contacts if isinstance(contacts, list) else []):
        name = contact.get("name") if isinstance(contact, dict) else None
        pupil = next((personal.pupil_names[form.words] for form in name_forms(name, with_title=True)
                      if form.words in personal.pupil_names), None) if isinstance(name, str) else None
        if pupil:
            findings.append(Finding(RULE, ERROR, f"{records}/{SCHOOL_FILE}",
                                    f"contact {number + 1} in school.yml is the pupil of {pupil.record}: "
                                    "school.yml publishes its contacts to every parent", subject=pupil.subject,
                                    hint=CONTACT_HINT, pointer=f"/contacts/{number}/name", detail=f"contact:{pupil.text}"))
    return findings


def explain(findings: list[Finding]) -> str:
    """The findings as lines a person reads in the build log: file, line, what was found.

    No finding holds the text it found; anything from a record (a file name) is kept on its finding's
    line, so it never starts a line of its own (which CI logs could read as a workflow command).
    """
    lines = [one_line(f"{f.file}:{f.line}: {f.message}" if f.line else f"{f.file}: {f.message}") for f in findings[:SHOWN]]
    if len(findings) > SHOWN:
        lines.append(f"... and {len(findings) - SHOWN} more")
    hints = dict.fromkeys(f.hint for f in findings)
    return "\n".join(lines + [f"hint: {hint}" for hint in hints])


def _unreadable_record(problem: Finding) -> Finding:
    return Finding(RULE, ERROR, problem.file,
                   f"this record cannot be read ({problem.message}), "
                   "so the guard cannot tell whether its personal data reached the public site",
                   problem.line, problem.column, hint="fix the record (pastoral validate shows how) and build again")


def _files(site_dir: Path) -> Iterator[Path]:
    for folder, _, names in os.walk(site_dir):
        for name in names:
            yield Path(folder, name)
