"""Placeholders are not answers: the words busy people type where a record asks for something real.

Text is compared word by word, whole words only and whatever the case, so a
refused 'n/a' never matches inside a name such as 'Na-Young' or 'Ms Na Li'. A
school adds its own words under ``policy`` in ``school.yml`` (``refused_answers``,
``refused_contacts``); the built-in words below always apply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

NON_ANSWERS = (
    "n/a", "na", "n.a", "none", "nil", "nothing", "no", "yes", "y", "n", "ok", "okay", "done", "tbc", "tba", "tbd",
    "todo", "to do", "unknown", "not known", "not applicable", "considered", "noted", "see", "file", "notes",
    "as above", "above", "same", "as before", "as per", "etc", "x",
)
"""What a 'needs_considered' note is not made of: non-answers, and pointers to somewhere else ('see file')."""

NOT_A_PERSON = (
    "reception", "desk", "front desk", "office", "switchboard", "helpline", "hotline", "enquiries", "inbox",
    "leaflet", "flyer", "poster", "booklet", "website", "web site", "webpage", "web page", "internet", "online",
    "google", "search", "look", "looking", "looked", "lookup", "directory", "phone book", "phonebook",
    "yellow pages", "see", "n/a", "tbc", "tba", "tbd", "unknown", "anyone", "someone", "somebody", "whoever",
    "team", "department", "dept", "duty", "admin", "none",
)
"""Words that show a referral's contact is a place, a document or a search, not a person (Guidance 2010, para 134)."""

ROLE_WORDS = frozenset((
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "the", "a", "an", "of", "and", "for", "school", "local",
    "careers", "career", "adviser", "advisor", "nurse", "counsellor", "counselor", "senco", "sendco", "tutor",
    "form", "head", "year", "house", "teacher", "officer", "worker", "social", "welfare", "education", "support",
    "learning", "mentor", "coordinator", "co-ordinator", "manager", "lead", "leader", "camhs", "gp", "doctor",
    "health", "visitor", "service", "services", "practitioner", "family", "young", "carers", "youth",
))
"""Titles and job names: a contact made only of these names a role ('School nurse'), not a person."""

_WORD = re.compile(r"[\w'./-]+")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
"""A letter or digit: exactly the characters ``str.isalnum`` accepts (a word character but the underscore), found
by one search instead of a Python loop over the word's characters."""


def words(text: str) -> list[str]:
    """The words of ``text``, lower case, without punctuation at either end ('N/A.' -> 'n/a')."""
    found = (raw.strip("'.-/").casefold() for raw in _WORD.findall(text))
    return [word for word in found if _LETTER_OR_DIGIT.search(word)]


@cache
def _phrases(refused: tuple[str, ...]) -> dict[str, list[list[str]]]:
    """The refused phrases as words, by their first word, longest first (so 'see file' wins over 'see');
    worked out once a check."""
    by_first: dict[str, list[list[str]]] = {}
    for phrase in sorted((phrase for phrase in map(words, refused) if phrase), key=len, reverse=True):
        by_first.setdefault(phrase[0], []).append(phrase)
    return by_first


def refused_in(text: str, refused: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(the refused phrases found in ``text``, its other words), matching whole words only."""
    said, phrases = words(text), _phrases(refused)
    found, own, at = [], [], 0
    while at < len(said):
        for phrase in phrases.get(said[at], ()):
            if said[at:at + len(phrase)] == phrase:
                found.append(" ".join(phrase))
                at += len(phrase)
                break
        else:  # no refused phrase starts here (most words): the word is the text's own
            own.append(said[at])
            at += 1
    return list(dict.fromkeys(found)), own


def quoted(items: Iterable[str]) -> str:
    """'a', 'b' and 'c'."""
    shown = [f"'{item}'" for item in items]
    return ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else "".join(shown)
