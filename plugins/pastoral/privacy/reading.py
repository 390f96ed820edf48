"""Text as a person reads it: the guard folds the records and the site alike before it compares a word.

``fold`` undoes every way a text can look the same to a reader and differ to
a program:

1. Unicode compatibility forms (NFKC): full-width letters, ligatures, the
   mathematical alphabets, non-breaking and other spaces;
2. characters Unicode says are not shown (Default_Ignorable_Code_Point): the
   soft hyphen, zero-width spaces and joiners, bidi marks and isolates, variation
   selectors, tags, so ``Chi&shy;di`` is "Chidi";
3. look-alike letters: a letter of another script that Unicode's confusables
   data (UTS #39, as packaged by ``confusable-homoglyphs``) gives as a look-alike
   of Latin letters is read as them: Cyrillic "о" as "o", Greek "Α" as "A";
   capital look-alikes of "l" (Cyrillic "І", Greek "Ι") are read as "I", as a
   reader of a name would;
4. digits of every script as 0-9;
5. diacritics dropped ("Zoë" is "Zoe", "Łucja" is "Lucja", as look-alikes of "L").

Case is kept, for the checks that look at capitals; ``words`` case-folds.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

WORD = re.compile(r"[^\W_]+")
IGNORABLE = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
             (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
             (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
             (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))
"""Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt): characters a reader never sees."""
LAST_LETTER = 0x20000
"""Digits and combining marks are all below this (the planes above hold CJK ideographs and tags)."""
_LATIN_LETTERS = re.compile(r"[A-Za-z]+")


def fold(text: str) -> str:
    """``text`` as a reader sees it (see the module's docstring), case kept."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text).translate(_table())
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _marks().sub("", unicodedata.normalize("NFD", text)))


def words(text: str) -> tuple[str, ...]:
    """The words of a text as read (``fold``), case-folded: letters and digits, everything else a separator."""
    return tuple(word.casefold() for word in WORD.findall(fold(text)))


@cache
def _table() -> dict[int, str | None]:
    """The translation of ``fold``'s steps 2 to 4, worked out once per process."""
    from confusable_homoglyphs.confusables import confusables_data  # a megabyte of JSON: only when the guard runs

    table: dict[int, str | None] = {code: None for start, end in IGNORABLE for code in range(start, end + 1)}
    for char, glyphs in confusables_data.items():
        if len(char) == 1 and not char.isascii() and unicodedata.category(char).startswith("L"):
            latin = next((_strip(glyph["c"]) for glyph in glyphs if _LATIN_LETTERS.fullmatch(_strip(glyph["c"]))), None)
            if latin:
                table[ord(char)] = "I" if latin == "l" and char.isupper() else latin
    table.update({code: str(unicodedata.digit(chr(code))) for code in range(0x80, LAST_LETTER)
                  if unicodedata.category(chr(code)) == "Nd"})
    return table


@cache
def _marks() -> re.Pattern[str]:
    """Every combining mark (a diacritic once a letter is decomposed), as one character class."""
    marks = [chr(code) for code in range(0x300, LAST_LETTER) if unicodedata.combining(chr(code))]
    return re.compile("[" + "".join(re.escape(mark) for mark in marks) + "]")


def _strip(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
