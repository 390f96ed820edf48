"""The guard: read the records, then every file of a built site, and report each piece of personal data found."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pastoral.core.escape import one_line
from pastoral.core.findings import ERROR, Finding
from pastoral.core.workspace import relative_file
from pastoral.privacy.personal import NEED_WORDS, PersonalData, Piece, personal_data, words
from pastoral.privacy.sitetext import Text, text_of
from pastoral.reading.walk import load_folder

RULE = "public-no-personal-data"
NEAR = 8
"""Words either side of a need ("EAL") within which a pupil's first name counts as next to it."""
HINT = ("take it out of the page, template or configuration it came from; only the contacts "
        "published in school.yml may appear on the public site")
SHOWN = 20
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
    written: str
    """What was found: the form of the record's text, or a first name and the need beside it as the site has them."""


def check_public_site(site_dir: Path, records_dir: Path) -> list[Finding]:
    """Findings for every piece of personal data from the records in the site built in ``site_dir``.

    The guard reads the records itself, every file as parsed and before any
    schema check, so a record with a mistake still has its names protected;
    a record that cannot be parsed at all is a finding, since what it holds
    cannot be checked.
    """
    root = records_dir.resolve().parent
    loaded = load_folder(records_dir, root)
    school = next((r.data for r in loaded.records if r.kind.name == "school"), {})
    personal = personal_data(loaded.records, school)
    findings = [_unreadable(problem) for problem in loaded.findings]
    for path in sorted(_files(site_dir)):
        text = text_of(path)
        if text is not None:
            file = relative_file(path, root)
            findings.extend(_finding(file, found) for found in scan(text, personal))
    return findings


def scan(text: Text, personal: PersonalData) -> list[Found]:
    """Each piece of personal data in ``text``, once (in whichever form comes first), at its first place."""
    found: dict[Piece, Found] = {}
    tokens = text.words
    starts = {head[0] for head in personal.by_head}
    for i, word in enumerate(tokens):
        if word in starts:
            for head in ((word,), tuple(tokens[i:i + 2])):
                for key, form, piece in personal.by_head.get(head, ()):
                    if len(key) == len(head) or tuple(tokens[i:i + len(key)]) == key:
                        found.setdefault(piece, Found(piece, text.lines[i], form))
        if word in NEED_PHRASES:
            for phrase, need in _need_at(tokens, i):
                for piece, near in _names_near(text, personal, i, len(phrase), need):
                    written = f"{text.raw[near]} ... {' '.join(text.raw[i:i + len(phrase)])}"
                    found.setdefault(piece, Found(piece, text.lines[near], written))
    return list(found.values())


def _need_at(tokens: list[str], i: int):
    for phrase, need in NEED_PHRASES.get(tokens[i], ()):
        if tuple(tokens[i:i + len(phrase)]) == phrase:
            yield phrase, need


def _names_near(text: Text, personal: PersonalData, i: int, length: int, need: str):
    """First names of pupils with ``need``, written with a capital, within NEAR words of the need at ``i``."""
    for near in range(max(0, i - NEAR), min(len(text.words), i + length + NEAR)):
        if text.raw[near][:1].isupper():
            for pupil_need, piece in personal.first_names.get(text.words[near], ()):
                if pupil_need == need:
                    yield Piece("pupil's first name next to their need", piece.text, piece.record, piece.subject), near


def _finding(file: str, found: Found) -> Finding:
    piece = found.piece
    return Finding(RULE, ERROR, file, f"{piece.what} '{found.written}' from {piece.record} is on the public site",
                   found.line, 0, subject=piece.subject, hint=HINT, detail=f"{piece.what}:{piece.text}")


def explain(findings: list[Finding]) -> str:
    """The findings as lines a person reads in the build log: file, line, what was found.

    Record text is kept on its finding's line, so it never starts a line of its own (which CI logs
    could read as a workflow command).
    """
    lines = [one_line(f"{f.file}:{f.line}: {f.message}" if f.line else f"{f.file}: {f.message}") for f in findings[:SHOWN]]
    if len(findings) > SHOWN:
        lines.append(f"... and {len(findings) - SHOWN} more")
    hints = dict.fromkeys(f.hint for f in findings)
    return "\n".join(lines + [f"hint: {hint}" for hint in hints])


def _unreadable(problem: Finding) -> Finding:
    return Finding(RULE, ERROR, problem.file,
                   f"this record cannot be read ({problem.message}), "
                   "so the guard cannot tell whether its personal data reached the public site",
                   problem.line, problem.column, hint="fix the record (pastoral validate shows how) and build again")


def _files(site_dir: Path):
    for folder, _, names in os.walk(site_dir):
        for name in names:
            yield Path(folder, name)
