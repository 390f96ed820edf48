"""Parse one YAML record into plain values, refusing what YAML would silently get wrong.

PyYAML's own loaders keep the last of two duplicate keys (a lost value), expand
aliases (the "billion laughs" bomb), build objects from custom tags, turn dates
into ``date`` objects and crash the C stack on deeply nested input. This module
walks libyaml's event stream instead, with an explicit stack, and builds only
strings, numbers, booleans, nulls, lists and mappings. Dates stay strings so the
JSON Schema ``format: date`` check sees (and can reject) what the user typed.

Positions (line and column of every key and value) are worked out only when
asked for, by walking the text again: the clean majority of files never pays.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

try:  # libyaml is several times faster; fall back so the tool still runs without it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - exercised only where libyaml is missing
    from yaml import SafeLoader as _Loader

MAX_DEPTH = 32
"""Nesting deeper than any record needs; refused before it can exhaust a stack."""

_CORE = "tag:yaml.org,2002:"
_SCALAR_CONSTRUCTORS = {
    _CORE + "null": SafeConstructor.construct_yaml_null,
    _CORE + "bool": SafeConstructor.construct_yaml_bool,
    _CORE + "int": SafeConstructor.construct_yaml_int,
    _CORE + "float": SafeConstructor.construct_yaml_float,
}
_TAG_WORDS = {_CORE + "int": "a whole number", _CORE + "float": "a number", _CORE + "bool": "true or false",
              _CORE + "null": "nothing"}
_STRING_TAGS = {_CORE + "str", _CORE + "timestamp"}
_ALLOWED_EXPLICIT_TAGS = _STRING_TAGS | set(_SCALAR_CONSTRUCTORS) | {_CORE + "map", _CORE + "seq"}

Position = tuple[int, int]
"""1-based line and column."""


@dataclass(frozen=True)
class YamlProblem(Exception):
    """Why a file is not an acceptable record, and where (1-based line and column)."""

    message: str
    line: int = 1
    column: int = 1
    hint: str = ""


def parse(text: str) -> dict:
    """Return the record in ``text`` as plain values, or raise :class:`YamlProblem`."""
    return _walk(text, None)


def positions(text: str) -> dict[str, Position]:
    """Map every JSON pointer in a (well-formed) record to the position of its value.

    A mapping key's own position is under the pointer followed by ``#key``, so a
    finding about a missing or unknown key can point at the key itself.
    """
    found: dict[str, Position] = {}
    _walk(text, found)
    return found


def _position(mark) -> Position:
    return mark.line + 1, mark.column + 1


def escape_token(token) -> str:
    """One JSON pointer step (RFC 6901): '~' and '/' escaped."""
    return str(token).replace("~", "~0").replace("/", "~1")


class _Container:
    """A mapping or sequence being built, with what the walk needs to fill it."""

    __slots__ = ("value", "pointer", "pending_key", "is_mapping")

    def __init__(self, value, pointer: str):
        self.value = value
        self.pointer = pointer
        self.pending_key = None
        self.is_mapping = isinstance(value, dict)


def _walk(text: str, found: dict[str, Position] | None) -> dict:
    loader = _Loader(text)
    try:
        return _build(loader, found)
    except yaml.reader.ReaderError as error:
        raise _character_problem(text, error.character) from None
    except yaml.MarkedYAMLError as error:
        raise _syntax_problem(text, error) from None
    except yaml.YAMLError as error:
        raise YamlProblem(f"this is not valid YAML: {error}") from None
    finally:
        loader.dispose()


def _character_problem(text: str, character) -> YamlProblem:
    """Point at a character YAML refuses (a control character pasted from elsewhere)."""
    character = chr(character) if isinstance(character, int) else character  # libyaml gives a code point
    at = max(text.find(character), 0)
    return YamlProblem(
        f"the file holds a control character (#x{ord(character):04X}) that YAML does not allow",
        text.count("\n", 0, at) + 1,
        at - text.rfind("\n", 0, at),
        "delete it: such characters usually come from text pasted out of another program",
    )


def _syntax_problem(text: str, error: yaml.MarkedYAMLError) -> YamlProblem:
    """Explain a YAML syntax error in a teacher's words, at the place to look."""
    mark = error.problem_mark or error.context_mark
    line, column = _position(mark) if mark else (1, 1)
    lines = text.splitlines()
    if 0 < line <= len(lines) and "\t" in lines[line - 1]:
        return YamlProblem(
            "this line uses a tab character, which YAML does not allow for indentation",
            line,
            lines[line - 1].index("\t") + 1,
            "replace the tab with spaces, lined up with the fields above",
        )
    if error.context == "while scanning a quoted scalar" and error.context_mark:
        return YamlProblem(
            "a quote opened here is never closed",
            *_position(error.context_mark),
            "add the matching closing quote at the end of the value",
        )
    if error.problem == "mapping values are not allowed in this context":
        return YamlProblem(
            "a colon followed by a space is not allowed here",
            line,
            column,
            "if the value itself contains ': ', put the whole value in quotes; "
            "otherwise line this field up with the fields above it",
        )
    if error.problem == "found character that cannot start any token":
        return YamlProblem(
            "a value here starts with a character YAML reserves (such as '@' or '`')",
            line,
            column,
            "put the value in quotes",
        )
    if error.context == "while scanning a simple key" and error.context_mark:
        return YamlProblem(
            "this line has no ':' after the field name",
            *_position(error.context_mark),
            "write 'field: value', or join this line to the value above it",
        )
    return YamlProblem(
        f"this is not valid YAML: {error.problem or error.context}",
        line,
        column,
        "check the indentation, the quotes and the colons on this line and the one above",
    )


_SHARED_UP_TO = 24
"""Short text values repeat across records (dates, ids, choices such as 'met'): a trust's records hold
millions of them, so each is kept once. Longer text (targets, notes) rarely repeats."""


def _build(loader, found):
    stack: list[_Container] = []
    result = None
    documents = 0
    while True:
        event = loader.get_event()
        kind = type(event)
        if kind is yaml.StreamEndEvent:
            break
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlProblem(
                    "the file holds more than one YAML document",
                    *_position(event.start_mark),
                    "keep one record per file: remove the '---' line and put the other record in a file of its own",
                )
            continue
        if kind in (yaml.StreamStartEvent, yaml.DocumentEndEvent):
            continue
        if kind is yaml.AliasEvent:
            raise YamlProblem(
                f"aliases ('*{event.anchor}') are not allowed in records",
                *_position(event.start_mark),
                "write the value out in full instead of referring to another part of the file",
            )
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            done = stack.pop()
            if not stack:
                result = done.value
            continue
        if event.anchor is not None:
            raise YamlProblem(
                f"anchors ('&{event.anchor}') are not allowed in records",
                *_position(event.start_mark),
                "remove the '&' anchor and write each value out in full",
            )
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _ALLOWED_EXPLICIT_TAGS:
            raise YamlProblem(
                f"the tag '{tag.replace(_CORE, '!!', 1)}' is not allowed in records",
                *_position(event.start_mark),
                "remove the tag (the word starting with '!') and write a plain value",
            )
        parent = stack[-1] if stack else None
        if parent is not None and parent.is_mapping and parent.pending_key is None:
            _take_key(parent, event, loader, found)
            continue
        pointer = _child_pointer(parent) if found is not None else ""  # pointers serve only positions
        if kind is yaml.ScalarEvent:
            value = _scalar(loader, event)
            if type(value) is str and len(value) <= _SHARED_UP_TO:  # dates, ids, choices: one copy each
                value = sys.intern(value)
        elif kind is yaml.MappingStartEvent:
            value = {}
        else:
            value = []
        if found is not None:
            found[pointer] = _position(event.start_mark)
        if parent is None:
            if kind is not yaml.MappingStartEvent:
                raise YamlProblem(
                    "a record must be a set of 'field: value' lines at the top level",
                    *_position(event.start_mark),
                    "start the file with the record's fields, for example 'id: ...'",
                )
        elif parent.is_mapping:
            parent.value[parent.pending_key] = value
            parent.pending_key = None
        else:
            parent.value.append(value)
        if kind is not yaml.ScalarEvent:
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(
                    f"the values are nested more than {MAX_DEPTH} levels deep",
                    *_position(event.start_mark),
                    "records are shallow: check the indentation of this part of the file",
                )
            stack.append(_Container(value, pointer))
    if result is None:
        raise YamlProblem(
            "the file is empty (or holds only comments)",
            1,
            1,
            "write the record's fields, or delete the file if it is not needed",
        )
    return result


def _take_key(parent: _Container, event, loader, found) -> None:
    """Record a mapping key, refusing non-text keys and duplicates."""
    if type(event) is not yaml.ScalarEvent:
        raise YamlProblem(
            "a field name must be plain text",
            *_position(event.start_mark),
            "write 'name: value' with a simple word before the colon",
        )
    key = _scalar(loader, event)
    if not isinstance(key, str):
        key = event.value
    if key in parent.value:
        raise YamlProblem(
            f"the field '{key}' appears twice here; YAML would silently keep only the last value",
            *_position(event.start_mark),
            f"keep one '{key}:' line and remove or rename the other",
        )
    parent.pending_key = sys.intern(key)  # one string per field name, however many records share it
    if found is not None:
        found[f"{parent.pointer}/{escape_token(key)}#key"] = _position(event.start_mark)


def _child_pointer(parent: _Container | None) -> str:
    if parent is None:
        return ""
    if parent.is_mapping:
        return f"{parent.pointer}/{escape_token(parent.pending_key)}"
    return f"{parent.pointer}/{len(parent.value)}"


def _scalar(loader, event):
    """Build a scalar as YAML 1.1 core types, but keep dates and times as strings."""
    value = event.value
    if event.tag in (None, "!"):
        # Quoted scalars are always strings; plain ones are resolved as PyYAML would.
        if not event.implicit[0]:
            return value
        tag = loader.resolve(ScalarNode, value, event.implicit)
    else:
        tag = event.tag
    if tag in _STRING_TAGS:
        return value
    construct = _SCALAR_CONSTRUCTORS.get(tag)
    if construct is None:  # merge keys ('<<') and anything else outside the core schema
        raise YamlProblem(
            f"'{value}' has a special meaning in YAML that records do not use",
            *_position(event.start_mark),
            "put the value in quotes",
        )
    try:
        return construct(loader, ScalarNode(tag, value, event.start_mark, event.end_mark))
    except (ValueError, KeyError):  # '!!int abc', or '0x_' that looks like a number but holds none
        raise YamlProblem(
            f"YAML takes '{value}' for {_TAG_WORDS[tag]}, but it is not one",
            *_position(event.start_mark),
            "put the value in quotes (and remove any tag starting with '!!')",
        ) from None
