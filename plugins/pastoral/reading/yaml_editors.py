"""Read YAML as the editors do: refuse what libyaml reads one way and every editor another.

libyaml implements YAML 1.1; VS Code, github.dev and ruamel read YAML 1.2, whose core
schema drops 1.1's octal ``012``, base-60 ``1:20``, ``1_000``, ``0b101`` and the
booleans ``yes``/``no``/``on``/``off``/``y``/``n``. A record means what the person
typing it saw in their editor, so a plain value the two read differently is refused,
with the words typed and what to write instead. libyaml also accepts a few inputs
that are not YAML at all, which editors flag in red: continuation lines of a quoted
value or a ``[...]`` list that are not indented under their field, and a ``#``
comment glued to a closing quote. And an escaped control character (``"\\0"``) is
refused like the raw one YAML already refuses.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from pastoral.reading.yaml_problems import Position, YamlProblem, escape_token, field_name, position

if TYPE_CHECKING:
    from pastoral.reading.yaml_tree import Container

_BOOLEAN_WORDS = re.compile(r"(?i:y|n|yes|no|on|off)")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")
_OTHER_BASE = re.compile(r"[-+]?0(?i:[xob][0-9a-f_]+)")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_NUMBER_WITH_UNDERSCORE = re.compile(r"(?=.*_)[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?")
_WHY = (
    (_BOOLEAN_WORDS, "some programs read the word as true or false, others as text"),
    (_OTHER_BASE, "some programs read a number written in base 16, 8 or 2, others text"),
    (_LEADING_ZERO, "some programs read a number with a leading zero in base 8 (octal), others as written"),
    (_SEXAGESIMAL, "some programs read it as a number counted in sixties (like a time), others as text"),
    (_NUMBER_WITH_UNDERSCORE, "some programs ignore the '_' and read a number, others read text"),
)
_YAML_1_1_ONLY = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _WHY))
"""Any of the forms above, in one match: most values are none of them."""
_NUMBER_STARTS = frozenset("0123456789+-.")
"""Every form the readers disagree on starts with one of these, or is a word of at most three letters."""

_CORE_INT = re.compile(r"[-+]?[0-9]+")
_CORE_OCTAL = re.compile(r"0o[0-7]+")
_CORE_HEXADECIMAL = re.compile(r"0x[0-9a-fA-F]+")
_CORE_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_CORE_NOT_TEXT = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in
                                     (_CORE_INT, _CORE_OCTAL, _CORE_HEXADECIMAL, _CORE_FLOAT)))
_CORE_SPECIAL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
                 "~": None, "null": None, "Null": None, "NULL": None, "": None}


def core_reading(text: str):
    """A plain scalar as YAML 1.2's core schema (the editors') reads it."""
    if text in _CORE_SPECIAL:
        return _CORE_SPECIAL[text]
    if _CORE_INT.fullmatch(text):
        return int(text)
    if _CORE_OCTAL.fullmatch(text):
        return int(text[2:], 8)
    if _CORE_HEXADECIMAL.fullmatch(text):
        return int(text[2:], 16)
    if _CORE_FLOAT.fullmatch(text):
        return float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf").lower()
                     .replace(".nan", "nan"))
    return text


def _same(one, other) -> bool:
    if isinstance(one, float) and isinstance(other, float) and math.isnan(one) and math.isnan(other):
        return True
    return type(one) is type(other) and one == other


def differs(typed: str, read) -> str | None:
    """Why programs disagree about a plain value ``typed`` that libyaml read as ``read``: editors read it
    otherwise, or it is one of YAML 1.1's own forms; None when they all read it alike."""
    if len(typed) > 3 and typed[0] not in _NUMBER_STARTS:  # most values (names, ids, words): read alike, at once
        return None
    if _YAML_1_1_ONLY.fullmatch(typed):
        return next(why for pattern, why in _WHY if pattern.fullmatch(typed))
    if isinstance(read, str) and not _CORE_NOT_TEXT.fullmatch(typed):  # text to both (a date, say)
        return None
    if not _same(read, core_reading(typed)):
        return "some programs read it as a number, others as text"
    return None


def hint(typed: str, key: str | int, expects: str | None) -> str:
    """What to write instead of the plain value ``typed`` of the field ``key`` (a list item's index), knowing what
    the field ``expects`` ('text', 'number' or 'boolean'), or both ways when that is not known."""
    line = f'{key}: "{typed}"' if isinstance(key, str) else f'"{typed}"'
    as_text = f"put it in quotes, exactly as you meant it: {line}"
    if expects == "text":
        return f"this field is text: {as_text}"
    if _BOOLEAN_WORDS.fullmatch(typed):
        as_value = "write true or false"
    elif _LEADING_ZERO.fullmatch(typed) or _NUMBER_WITH_UNDERSCORE.fullmatch(typed):
        plain = typed.replace("_", "").lstrip("+")
        sign, digits = ("-", plain[1:]) if plain.startswith("-") else ("", plain)
        as_value = f"write the number as plain digits: {sign}{digits.lstrip('0') or '0'}"
    else:
        as_value = "write the number you mean in plain digits"
    if expects in ("number", "boolean"):
        return as_value
    return f"{as_value}; if it is text, {as_text}"


_ESCAPE = re.compile(r"\\(?:[0abtnvfre \"/\\N_LP]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})")
_NOT_ALLOWED = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What YAML does not allow in a file (its printable set): the same is refused when written as an escape."""


def refuse_escaped_control(value: str, raw: str, start: tuple[int, int]) -> None:
    """Refuse a double-quoted ``value`` holding a character YAML refuses raw; ``raw`` is its text as typed."""
    found = _NOT_ALLOWED.search(value)
    if found is None:
        return
    line, column = start
    for escape in _ESCAPE.finditer(raw):
        if _NOT_ALLOWED.fullmatch(_decoded(escape[0])):
            before = raw[: escape.start()]
            line += before.count("\n")
            column = escape.start() - before.rfind("\n") if "\n" in before else column + escape.start()
            break
    raise YamlProblem(f"the quoted text holds a control character (#x{ord(found[0]):04X}), written as an escape, "
                      "that YAML does not allow", line, column,
                      "delete the escape (a '\\' and the letters after it): such characters have no place in a record")


def _decoded(escape: str) -> str:
    letter = escape[1]
    if letter in "xuU":
        return chr(int(escape[2:], 16))
    return {"0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "e": "\x1b"}.get(letter, " ")


def refuse_unindented(lines: list[str], first: int, last: int, indent: int, what: str) -> None:
    """Refuse a continuation line (0-based ``first`` to ``last``) not indented by more than ``indent`` spaces
    (the column of the field name, or of the '-', above it), or indented with a tab: every editor does."""
    for number in range(first, min(last, len(lines) - 1) + 1):
        line = lines[number]
        if not line.strip(" \t"):
            continue
        spaces = len(line) - len(line.lstrip(" "))
        if spaces <= indent:
            tab = line[spaces] == "\t"
            raise YamlProblem(
                f"this line continues the {what} above but is " + ("indented with a tab" if tab else "not indented"),
                number + 1, spaces + 1,
                f"indent it with spaces by more than the field name{'' if indent < 0 else ' above it'}, "
                f"or put the whole {what} on one line")


def refuse_glued_comment(text: str, index: int, at: Position) -> None:
    """Refuse a '#' straight after a closing quote or bracket (at ``index``): a comment needs a space before it."""
    if text[index:index + 1] == "#":
        raise YamlProblem("a '#' comment must have a space before it", *at,
                          "put a space before the '#', or, if the '#' belongs to the value, put it inside the quotes")


class EditorReading:
    """The text being walked: its lines (split only when a value spans several), and the values editors read
    otherwise, refused together at the end so the first is reported with the lines of the others."""

    __slots__ = ("text", "_lines", "ambiguous")

    def __init__(self, text: str):
        self.text = text
        self._lines: list[str] | None = None
        self.ambiguous: list[tuple] = []

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

    def check_quoted(self, event, parent: Container | None) -> None:
        """A quoted value: no escaped control character, no '#' glued on, continuation lines indented."""
        start, end = event.start_mark, event.end_mark
        if event.style == '"':
            refuse_escaped_control(event.value, self.text[start.index:end.index], position(start))
        refuse_glued_comment(self.text, end.index, position(end))
        if end.line > start.line and not (parent is not None and parent.flow):  # in a [...], checked with it
            refuse_unindented(self.lines, start.line + 1, end.line, parent.indent if parent is not None else -1,
                              "quoted text")

    def check_flow_end(self, done: Container, end_mark, holder: Container | None) -> None:
        """The end of a [...] or {...}: written on lines indented under its field, with no '#' glued on."""
        refuse_glued_comment(self.text, end_mark.index, position(end_mark))
        if holder is None or not holder.flow:
            refuse_unindented(self.lines, done.start_line + 1, end_mark.line, done.indent,
                              "list" if not done.is_mapping else "set of fields")

    def note_if_ambiguous(self, event, value, stack: list[Container]) -> None:
        """Note a plain value whose reading differs between libyaml and the editors."""
        reading = differs(event.value, value)
        if reading is not None:
            parent = stack[-1]
            step = parent.pending_key if parent.is_mapping else len(parent.value)
            self.ambiguous.append(([*(c.step for c in stack[1:]), step], event, reading))

    def refuse_ambiguous(self) -> None:
        if not self.ambiguous:
            return
        path, event, why = self.ambiguous[0]
        others = sorted({other[1].start_mark.line + 1 for other in self.ambiguous[1:]})
        also = f" (and so {'are' if len(others) > 1 else 'is'} the value{'s' if len(others) > 1 else ''} on " \
               f"line{'s' if len(others) > 1 else ''} {', '.join(map(str, others))})" if others else ""
        raise YamlProblem(f"{field_name(path)}: {event.value} is read differently by different programs: {why}"
                          + also, *position(event.start_mark), hint(event.value, path[-1], None),
                          "".join("/" + escape_token(step) for step in path), event.value)
