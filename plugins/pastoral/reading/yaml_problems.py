"""Why a file is not an acceptable record, and libyaml's syntax errors explained in a teacher's words."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

Position = tuple[int, int]
"""1-based line and column."""


@dataclass(frozen=True)
class YamlProblem(Exception):
    """Why a file is not an acceptable record, and where (1-based line and column).

    ``pointer`` and ``typed``: for a value whose reading differs between YAML
    versions, where it is and what was typed, so that the schema can say what to
    write for that field (see ``pastoral.checking.schemas``).
    """

    message: str
    line: int = 1
    column: int = 1
    hint: str = ""
    pointer: str | None = None
    typed: str = ""


def position(mark) -> Position:
    return mark.line + 1, mark.column + 1


def escape_token(token) -> str:
    """One JSON pointer step (RFC 6901): '~' and '/' escaped."""
    return str(token).replace("~", "~0").replace("/", "~1")


def field_name(path) -> str:
    """A readable name for a place in a record: 'targets[2].review_by' (list items counted from 1)."""
    name = ""
    for part in path:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "the record"


def character_problem(text: str, character) -> YamlProblem:
    """Point at a character YAML refuses (a control character pasted from elsewhere)."""
    character = chr(character) if isinstance(character, int) else character  # libyaml gives a code point
    at = max(text.find(character), 0)
    return YamlProblem(
        f"the file holds a control character (#x{ord(character):04X}) that YAML does not allow",
        text.count("\n", 0, at) + 1,
        at - text.rfind("\n", 0, at),
        "delete it: such characters usually come from text pasted out of another program",
    )


def _tab_in_indentation(line: str, column: int) -> int | None:
    """The 1-based column of a tab in the line's indentation, when the error is there; None for a tab in text
    (a tab inside a value, or inside the text after '|', is content, not indentation)."""
    indentation = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" in indentation and column <= len(indentation) + 1:
        return indentation.index("\t") + 1
    return None


def syntax_problem(text: str, error: yaml.MarkedYAMLError) -> YamlProblem:
    """Explain a YAML syntax error in a teacher's words, at the place to look."""
    mark = error.problem_mark or error.context_mark
    line, column = position(mark) if mark else (1, 1)
    lines = text.splitlines()
    tab = _tab_in_indentation(lines[line - 1], column) if 0 < line <= len(lines) else None
    if tab is not None:
        return YamlProblem(
            "this line uses a tab character, which YAML does not allow for indentation",
            line,
            tab,
            "replace the tab with spaces, lined up with the fields above",
        )
    if error.context == "while scanning a quoted scalar" and error.context_mark:
        return YamlProblem(
            "a quote opened here is never closed",
            *position(error.context_mark),
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
            *position(error.context_mark),
            "write 'field: value', or join this line to the value above it",
        )
    return YamlProblem(
        f"this is not valid YAML: {error.problem or error.context}",
        line,
        column,
        "check the indentation, the quotes and the colons on this line and the one above",
    )
