"""Read the plainest records ('field: value' lines, lists of values, lists of fields) without libyaml.

Nearly every record a school keeps is a dozen 'field: value' lines, a list of
needs or roles, a list of targets. Walking libyaml's events for them
(``yaml_tree``) costs three times what reading such lines directly does, and a
trust's first check reads 180,000 of them. This module reads a file only when
every line is of a form whose meaning in YAML is beyond doubt, and gives up
(None) at the first line that is not, or at anything the walk would refuse or
report: the walk then reads the file, exactly as before.

So it is a short cut, never a second opinion: a file it reads means exactly
what the walk makes of it, values typed by the same rules (``yaml_scalars``)
and the same values refused (``yaml_editors.differs``). Tests hold the two to
that, file by file and on generated text.
"""

from __future__ import annotations

import re
import sys

from pastoral.reading.yaml_editors import differs
from pastoral.reading.yaml_scalars import SHARED_UP_TO, plain_tag, shared, typed

_PLAIN_TEXT = re.compile("[^\x00-\x09\x0b-\x1f\"\\\\`{|}\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]*")
"""Line ends and printable characters only: no tab, no carriage return, no character YAML reads specially
within a line ('"' escapes, '\\', '`', '|', '{...}'), and none of the characters libyaml takes for line
ends (U+0085, U+2028, U+2029) or a byte order mark (U+FEFF). Written as what is left out: a class of the
characters let in takes several milliseconds to compile, on every run."""
_FIELD = re.compile(r"([a-z_][a-z0-9_]*):(?: (.+))?")
"""A field and, after one space, its value; or the field alone, its value on the lines below."""
_PLAIN = re.compile(r"(?:[A-Za-z0-9~]|[-+.][A-Za-z0-9.])(?:[^:#]|:(?! ))*(?<![: ])")
"""An unquoted value that starts as no YAML indicator does, holds no ': ' and no '#' (only single quotes
may hold one here: an id such as '2026-09-24-p0042#t1'), and ends in neither ':' nor a space."""
_FLOW_ITEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
"""A word in a list written on one line ('[eal, sen-support]'): letters, digits and '_', '.', '-'."""
_DEEPEST = 8
"""Nesting beyond this is left to the walk (which refuses it past ``yaml_tree.MAX_DEPTH``)."""


class _Unsure(Exception):
    """A line this module does not read: the walk reads the file."""


def parse_simple(text: str) -> dict | None:
    """The record in ``text`` as plain values, or None when the file is not of the plainest forms."""
    if not _PLAIN_TEXT.fullmatch(text):
        return None
    try:
        return _read(text)
    except _Unsure:
        return None


def _read(text: str) -> dict:
    root: dict = {}
    open_blocks: list[tuple[int, dict | list]] = [(0, root)]
    """The mappings and lists a line may belong to, innermost last, each with the column of its lines."""
    waiting: tuple[dict, str, int] | None = None
    """A field written with nothing after its ':' (its holder and column): its value is on the lines below."""
    lines = 0
    for line in text.split("\n"):
        if not line:
            continue
        content = line.lstrip(" ")
        column = len(line) - len(content)
        if not content or line[-1] == " ":
            raise _Unsure
        item = content[:2] == "- "
        if item:
            content = content[2:]
        lines += 1
        if lines == 1 and (item or column):
            raise _Unsure  # a record's first line is a field at the margin
        if waiting is not None:
            holder, key, at = waiting
            waiting = None
            opened: dict | list | None = [] if item and column >= at else {} if not item and column > at else None
            if opened is not None:
                holder[key] = opened
                open_blocks.append((column, opened))
        while open_blocks[-1][0] > column or (not item and open_blocks[-1][0] == column
                                                and type(open_blocks[-1][1]) is list):
            open_blocks.pop()
        at, block = open_blocks[-1]
        if at != column:
            raise _Unsure
        field = _FIELD.fullmatch(content)
        if item:
            if not isinstance(block, list):
                raise _Unsure
            if field is None:
                block.append(_value(content))
                continue
            mapping: dict = {}
            block.append(mapping)
            column += 2
            open_blocks.append((column, mapping))
        elif field is None or not isinstance(block, dict):
            raise _Unsure
        else:
            mapping = block
        if len(open_blocks) > _DEEPEST:
            raise _Unsure
        key, written = field.groups()
        if key in mapping:
            raise _Unsure  # the walk says which field appears twice
        key = sys.intern(key)
        if written is None:
            mapping[key] = None
            waiting = (mapping, key, column)
        else:
            mapping[key] = _value(written)
    if not lines:
        raise _Unsure
    return root


def _value(written: str):
    """A value as written after 'field: ' or '- ': quoted in single quotes, or plain and read as the walk reads it."""
    if written[0] == "'":
        if len(written) < 2 or written[-1] != "'" or "'" in written[1:-1]:
            raise _Unsure
        return shared(written[1:-1])
    if written[0] == "[":
        words = written[1:-1].split(", ") if len(written) > 2 else []
        if written[-1] != "]" or not all(_FLOW_ITEM.fullmatch(word) for word in words):
            raise _Unsure
        return [_plain(word) for word in words]
    if not _PLAIN.fullmatch(written):
        raise _Unsure
    return _plain(written)


def _plain(written: str):
    value = _KNOWN.get(written, _KNOWN)
    if value is not _KNOWN:
        return value
    try:
        value = typed(written, plain_tag(written))
    except (ValueError, KeyError):
        raise _Unsure from None
    if differs(written, value) is not None:
        raise _Unsure  # the walk refuses it, saying how programs read it
    if len(written) <= SHARED_UP_TO:
        if len(_KNOWN) >= _KNOWN_AT_MOST:
            _KNOWN.clear()
        _KNOWN[written] = value = shared(value)
    return value


_KNOWN: dict[str, object] = {}
"""Short plain values already read (dates, ids, choices), each with its value: a trust's records repeat them."""
_KNOWN_AT_MOST = 10_000
