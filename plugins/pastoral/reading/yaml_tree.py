"""Parse one YAML record into plain values, refusing what YAML would silently get wrong.

PyYAML's own loaders keep the last of two duplicate keys (a lost value), expand
aliases (the "billion laughs" bomb), build objects from custom tags, turn dates
into ``date`` objects and crash the C stack on deeply nested input. This module
walks libyaml's event stream instead, with an explicit stack, and builds only
strings, numbers, booleans, nulls, lists and mappings. Dates stay strings so the
JSON Schema ``format: date`` check sees (and can reject) what the user typed. On
the way it refuses what an editor would read otherwise, or not at all
(``pastoral.reading.yaml_editors``), so a record means what its author saw.

Positions (line and column of every key and value) are worked out only when
asked for, by walking the text again: the clean majority of files never pays.
"""

from __future__ import annotations

import sys

import yaml

from pastoral.reading.yaml_editors import EditorReading
from pastoral.reading.yaml_problems import (
    Position,
    YamlProblem,
    character_problem,
    escape_token,
    field_name,
    position,
    syntax_problem,
)
from pastoral.reading.yaml_scalars import (
    CONSTRUCTORS,
    CORE,
    STRING_TAGS,
    TAG_WORDS,
    SpecialMeaning,
    plain_tag,
    shared,
    typed,
)
from pastoral.reading.yaml_simple import parse_simple

try:  # libyaml is several times faster; fall back so the tool still runs without it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - exercised only where libyaml is missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

__all__ = ["MAX_DEPTH", "Position", "YamlProblem", "escape_token", "field_name", "parse", "positions", "walked"]

MAX_DEPTH = 32
"""Nesting deeper than any record needs; refused before it can exhaust a stack."""

_ALLOWED_EXPLICIT_TAGS = STRING_TAGS | set(CONSTRUCTORS) | {CORE + "map", CORE + "seq"}
_QUOTED = ("'", '"')


def parse(text: str) -> dict:
    """Return the record in ``text`` as plain values, or raise :class:`YamlProblem`.

    Most records are a few 'field: value' lines that ``yaml_simple`` reads directly; anything else, and
    everything it is not sure of, is walked here.
    """
    simple = parse_simple(text)
    return simple if simple is not None else walked(text)


def walked(text: str) -> dict:
    """The record in ``text`` read through libyaml's events alone (``parse``'s way for what the short cut does
    not read), or raise :class:`YamlProblem`."""
    return _walk(text, None)


def positions(text: str) -> dict[str, Position]:
    """Map every JSON pointer in a (well-formed) record to the position of its value.

    A mapping key's own position is under the pointer followed by ``#key``, so a
    finding about a missing or unknown key can point at the key itself.
    """
    found: dict[str, Position] = {}
    _walk(text, found)
    return found


class Container:
    """A mapping or sequence being built, with what the walk needs to fill it and to check its lines."""

    __slots__ = ("value", "pointer", "pending_key", "is_mapping", "step", "indent", "flow", "start_line")

    def __init__(self, value, pointer: str, step, indent: int, flow: bool, start_line: int):
        self.value = value
        self.pointer = pointer
        self.pending_key: str | None = None
        self.is_mapping = isinstance(value, dict)
        self.step = step
        """Its key or index in the container holding it."""
        self.indent = indent
        """The column of its block (of the block holding it, for a [...] or {...}): its lines go further right."""
        self.flow = flow
        self.start_line = start_line


def _walk(text: str, found: dict[str, Position] | None) -> dict:
    loader = _Loader(text)
    try:
        return _build(loader, found, EditorReading(text))
    except yaml.reader.ReaderError as error:
        raise character_problem(text, error.character) from None
    except yaml.MarkedYAMLError as error:
        raise syntax_problem(text, error) from None
    except yaml.YAMLError as error:
        raise YamlProblem(f"this is not valid YAML: {error}") from None
    finally:
        loader.dispose()


def _build(loader, found, source: EditorReading):
    stack: list[Container] = []
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
                    *position(event.start_mark),
                    "keep one record per file: remove the '---' line and put the other record in a file of its own",
                )
            continue
        if kind in (yaml.StreamStartEvent, yaml.DocumentEndEvent):
            continue
        if kind is yaml.AliasEvent:
            raise YamlProblem(
                f"aliases ('*{event.anchor}') are not allowed in records",
                *position(event.start_mark),
                "write the value out in full instead of referring to another part of the file",
            )
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            done = stack.pop()
            if done.flow:
                source.check_flow_end(done, event.end_mark, stack[-1] if stack else None)
            if not stack:
                result = done.value
            continue
        if event.anchor is not None:
            raise YamlProblem(
                f"anchors ('&{event.anchor}') are not allowed in records",
                *position(event.start_mark),
                "remove the '&' anchor and write each value out in full",
            )
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _ALLOWED_EXPLICIT_TAGS:
            raise YamlProblem(
                f"the tag '{tag.replace(CORE, '!!', 1)}' is not allowed in records",
                *position(event.start_mark),
                "remove the tag (the word starting with '!') and write a plain value",
            )
        parent = stack[-1] if stack else None
        if kind is yaml.ScalarEvent and event.style in _QUOTED:
            source.check_quoted(event, parent)
        if parent is not None and parent.is_mapping and parent.pending_key is None:
            _take_key(parent, event, found)
            continue
        pointer = _child_pointer(parent) if found is not None else ""  # pointers serve only positions
        if kind is yaml.ScalarEvent:
            value = shared(_scalar(event))  # dates, ids, choices: one copy each
            if not event.style and tag is None and parent is not None:
                source.note_if_ambiguous(event, value, stack)
        elif kind is yaml.MappingStartEvent:
            value = {}
        else:
            value = []
        if found is not None:
            found[pointer] = position(event.start_mark)
        if parent is None:
            if kind is not yaml.MappingStartEvent:
                _drain(loader)  # a syntax error further on is the real problem, and is reported instead
                raise YamlProblem(
                    "a record must be a set of 'field: value' lines at the top level",
                    *position(event.start_mark),
                    "start the file with the record's fields, for example 'id: ...'",
                )
            step: str | int | None = None
        elif parent.is_mapping:
            step = parent.pending_key
            parent.value[step] = value
            parent.pending_key = None
        else:
            step = len(parent.value)
            parent.value.append(value)
        if kind is not yaml.ScalarEvent:
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(
                    f"the values are nested more than {MAX_DEPTH} levels deep",
                    *position(event.start_mark),
                    "records are shallow: check the indentation of this part of the file",
                )
            flow = bool(event.flow_style)
            indent = (parent.indent if parent is not None else -1) if flow else event.start_mark.column
            stack.append(Container(value, pointer, step, indent, flow, event.start_mark.line))
    if result is None:
        raise YamlProblem(
            "the file is empty (or holds only comments)",
            1,
            1,
            "write the record's fields, or delete the file if it is not needed",
        )
    source.refuse_ambiguous()
    return result


def _drain(loader) -> None:
    """Read the rest of the events, so that a syntax error in them is raised."""
    while type(loader.get_event()) is not yaml.StreamEndEvent:
        pass


def _take_key(parent: Container, event, found) -> None:
    """Record a mapping key, refusing non-text keys and duplicates."""
    if type(event) is not yaml.ScalarEvent:
        raise YamlProblem(
            "a field name must be plain text",
            *position(event.start_mark),
            "write 'name: value' with a simple word before the colon",
        )
    key = _scalar(event)
    if not isinstance(key, str):
        key = event.value
    if key in parent.value:
        raise YamlProblem(
            f"the field '{key}' appears twice here; YAML would silently keep only the last value",
            *position(event.start_mark),
            f"keep one '{key}:' line and remove or rename the other",
        )
    parent.pending_key = sys.intern(key)  # one string per field name, however many records share it
    if found is not None:
        found[f"{parent.pointer}/{escape_token(key)}#key"] = position(event.start_mark)


def _child_pointer(parent: Container | None) -> str:
    if parent is None:
        return ""
    if parent.is_mapping:
        return f"{parent.pointer}/{escape_token(parent.pending_key)}"
    return f"{parent.pointer}/{len(parent.value)}"


def _scalar(event):
    """Build a scalar as YAML 1.1 core types, but keep dates and times as strings."""
    value = event.value
    if event.tag in (None, "!"):
        # Quoted scalars are always strings; plain ones are resolved as PyYAML would.
        if not event.implicit[0]:
            return value
        tag = plain_tag(value)
    else:
        tag = event.tag
    try:
        return typed(value, tag)
    except SpecialMeaning:  # merge keys ('<<') and anything else outside the core schema
        raise YamlProblem(
            f"'{value}' has a special meaning in YAML that records do not use",
            *position(event.start_mark),
            "put the value in quotes",
        ) from None
    except (ValueError, KeyError):  # '!!int abc', or '0x_' that looks like a number but holds none
        raise YamlProblem(
            f"YAML takes '{value}' for {TAG_WORDS[tag]}, but it is not one",
            *position(event.start_mark),
            "put the value in quotes (and remove any tag starting with '!!')",
        ) from None
