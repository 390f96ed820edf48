"""Phone numbers compared as numbers: "01632 960555", "(01632) 960-555", "+44 (0)1632 960555" and
"tel:+441632960555" are one number, and the guard finds it written any of these ways.

Both the records' numbers and the numbers on the site are read by ``phonenumbers``
(Google's libphonenumber) as UK numbers unless they say otherwise, and compared
in E.164 form. Only runs of digits whose last six digits are those of a number
from the records are parsed, so a page full of years, sizes and SVG paths costs
next to nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import phonenumbers

REGION = "GB"
MIN_DIGITS = 7
"""Fewer digits are an extension or a year, not a phone number (and never personal data on their own)."""
MAX_DIGITS = 15
"""The longest number E.164 allows."""
TAIL = 6
WRITTEN = re.compile(r"\+?\d[\d \t().\-/]*\d")
"""Digits with the separators people write between them."""
GROUP = re.compile(r"\d+")


def e164(number: str) -> str | None:
    """``number`` in E.164 form ("+441632960555"), or None when it is not a possible phone number."""
    if sum(c.isdigit() for c in number) < MIN_DIGITS:
        return None
    try:
        parsed = phonenumbers.parse(number, REGION)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) if phonenumbers.is_possible_number(parsed) else None


def numbers_in(text: str, known: Mapping[str, object]) -> Iterator[tuple[str, int]]:
    """(E.164, offset in ``text``) of each number of ``known`` (keyed by E.164) written in ``text``."""
    tails = {key[-TAIL:] for key in known}
    for written in WRITTEN.finditer(text):
        groups = list(GROUP.finditer(written[0]))
        for first in range(len(groups)):
            digits = ""
            for group in groups[first:]:
                digits += group[0]
                if len(digits) > MAX_DIGITS:
                    break
                if len(digits) >= MIN_DIGITS and digits[-TAIL:] in tails:
                    plus = "+" if first == 0 and written[0].startswith("+") else ""
                    key = e164(plus + digits)
                    if key is not None and key in known:
                        yield key, written.start() + groups[first].start()
