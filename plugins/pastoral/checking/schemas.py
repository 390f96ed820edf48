"""Check records against their kind's JSON Schema and say what is wrong in plain words.

``jsonschema`` is the reference: its errors carry the paths and facts the
messages are made from. ``jsonschema-rs`` answers "is this record valid?" about
forty times faster with the same draft 2020-12 results, so the reference only
runs on the few records that are not, and is only imported then (importing it
takes about as long as checking a thousand records).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema_rs

from pastoral.core.findings import ERROR, Finding
from pastoral.core.kinds import KINDS, SCHOOL_FILE, Kind
from pastoral.core.record import Record
from pastoral.core.workspace import UsageError
from pastoral.reading import yaml_editors, yaml_tree
from pastoral.reading.parser import TYPED

if TYPE_CHECKING:
    import jsonschema

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a set of 'field: value' lines",
    "null": "nothing",
}


_JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}


class SchemaError(UsageError):
    """A schema file is missing or broken: a usage problem, not a records problem."""


class Schemas:
    """One compiled validator per kind, built once and reused for every record."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._schema = {kind.name: self._read(kind) for kind in KINDS}
        self._fast = {name: jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
                      for name, schema in self._schema.items()}
        self._reference: dict[str, jsonschema.Draft202012Validator] = {}

    def _read(self, kind: Kind) -> dict:
        path = self.folder / kind.schema_file
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise SchemaError(f"cannot use the schema {path}: {error}") from None
        if not jsonschema_rs.meta.is_valid(schema):  # fast; the reference then says what is wrong
            import jsonschema

            try:
                jsonschema.Draft202012Validator.check_schema(schema)
            except jsonschema.SchemaError as error:
                raise SchemaError(f"the schema {path} is not a valid JSON Schema at "
                                  f"'{_pointer(error.absolute_path)}': {error.message}") from None
        return schema

    def schema(self, kind_name: str) -> dict:
        """The JSON Schema of a kind, as read from its file."""
        return self._schema[kind_name]

    def _reference_for(self, kind: Kind) -> jsonschema.Draft202012Validator:
        """The reference validator of a kind, built the first time a record of that kind is invalid."""
        if kind.name not in self._reference:
            import jsonschema

            self._reference[kind.name] = jsonschema.Draft202012Validator(
                self._schema[kind.name], format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        return self._reference[kind.name]

    def explain_typed(self, finding: Finding, kind: Kind) -> Finding:
        """A finding about a value YAML versions read differently, with the fix for what its field holds:
        quotes for text, plain digits or true/false for the rest."""
        if finding.pointer is None or not finding.detail.startswith(TYPED):
            return finding
        expects = self._expects(self._schema[kind.name], finding.pointer)
        last = finding.pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        key: str | int = int(last) if last.isdigit() else last
        return replace(finding, hint=yaml_editors.hint(finding.detail[len(TYPED):], key, expects))

    @staticmethod
    def _expects(root: dict, pointer: str) -> str | None:
        """'text', 'number' or 'boolean': what the schema ``root`` wants at ``pointer``, when it says."""
        node = root
        for token in [*pointer.split("/")[1:], None]:
            while isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):  # '#/$defs/...'
                target: object = root
                for step in node["$ref"][2:].split("/"):
                    target = target.get(step, {}) if isinstance(target, dict) else {}
                node = target if isinstance(target, dict) else {}
            if token is None:
                break
            token = token.replace("~1", "/").replace("~0", "~")
            following = node.get("items") if token.isdigit() else node.get("properties", {}).get(token)
            if not isinstance(following, dict):
                return None
            node = following
        types = node.get("type", [])
        types = [types] if isinstance(types, str) else types
        if not types and isinstance(node.get("enum"), list):
            types = [_JSON_TYPES.get(type(option), "") for option in node["enum"]]
        for wanted, words in (("string", "text"), ("integer", "number"), ("number", "number"), ("boolean", "boolean")):
            if wanted in types:
                return words
        return None

    def check(self, record: Record) -> list[Finding]:
        """Findings for every way ``record`` breaks its schema (none when it is valid)."""
        if self._fast[record.kind.name].is_valid(record.data):
            return []
        fits = [kind for kind in KINDS if kind != record.kind and self._fast[kind.name].is_valid(record.data)]
        if len(fits) == 1:
            return [_misplaced(record, fits[0])]
        errors = sorted(self._reference_for(record.kind).iter_errors(record.data), key=lambda e: list(e.absolute_path))
        # jsonschema reports 'required' once per missing field, each time with the whole list: keep one of each.
        found = {finding.detail: finding for error in errors for finding in _findings(record, error)}
        return list(found.values())


def _misplaced(record: Record, kind: Kind) -> Finding:
    """A whole record of another kind, saved in the wrong folder: one finding, not a page of schema errors."""
    where = SCHOOL_FILE if kind.folder == "" else f"{kind.folder}/<academic year>/" if kind.by_academic_year \
        else f"{kind.folder}/"
    return Finding("layout", ERROR, record.file, f"this is a {kind.name} record, but its folder holds {record.kind.name} records",
                   subject=record.subject, hint=f"move the file to {where} in the records folder",
                   pointer="", detail=f"misplaced {kind.name}")


def _pointer(path) -> str:
    return "".join("/" + yaml_tree.escape_token(part) for part in path)


def _findings(record: Record, error: jsonschema.ValidationError) -> list[Finding]:
    """One finding per problem: per missing field, per unknown field, or for the error itself."""
    path = list(error.absolute_path)
    pointer, field = _pointer(path), yaml_tree.field_name(path)
    if error.validator == "required":
        return [_finding(record, error, _missing(error, name, field), pointer, name)
                for name in _listed(error.validator_value) if name not in _listed(error.instance)]
    if error.validator == "additionalProperties":
        return [_finding(record, error, _unknown(error, name, field), f"{pointer}/{yaml_tree.escape_token(name)}#key", name)
                for name in _unknown_fields(error)]
    return [_finding(record, error, _explain(error, field), pointer)]


def _finding(record: Record, error, explained: tuple[str, str], pointer: str, name: str = "") -> Finding:
    message, hint = explained
    return Finding("schema", ERROR, record.file, message, subject=record.subject, hint=hint, pointer=pointer,
                   detail=f"{pointer} {error.validator} {name}".rstrip())


def _subschema(error: jsonschema.ValidationError) -> dict:
    """The part of the schema the error is about (jsonschema types it loosely: it is always a mapping here)."""
    return error.schema if isinstance(error.schema, dict) else {}


def _listed(value: object) -> list:
    """A list (or the keys of a mapping) from one of jsonschema's loosely typed error fields; else nothing."""
    return list(value) if isinstance(value, (list, tuple, dict)) else []


def _unknown_fields(error) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    return sorted(key for key in error.instance if key not in allowed)


def _show(value) -> str:
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "nothing"
    return json.dumps(value)


def _missing(error: jsonschema.ValidationError, name: str, field: str) -> tuple[str, str]:
    text = _subschema(error).get("properties", {}).get(name, {}).get("description", "")
    where = "" if field == "the record" else f" in {field}"
    return f"the required field '{name}' is missing{where}", f"add '{name}:'. {text}".strip()


def _unknown(error: jsonschema.ValidationError, name: str, field: str) -> tuple[str, str]:
    allowed = sorted(_subschema(error).get("properties", {}))
    close = difflib.get_close_matches(name, allowed, n=1)
    guess = f"did you mean '{close[0]}'? " if close else ""
    return (f"unknown field '{name}'" + (f" in {field}" if field != "the record" else ""),
            f"{guess}check the spelling or remove it; the fields allowed here are: {', '.join(allowed)}")


def _last_name(path) -> str:
    """The name of the field itself, for an example line: 'review_by', or the list's name for an item."""
    names = [part for part in path if isinstance(part, str)]
    return names[-1] if names else "field"


def _explain(error: jsonschema.ValidationError, field: str) -> tuple[str, str]:
    """(message, hint) for one schema error, in words a teacher understands."""
    kind, value, schema = error.validator, error.instance, _subschema(error)
    described = schema.get("description", "")
    if kind == "enum":
        options = _listed(error.validator_value)
        return (f"{field}: {_show(value)} is not one of {', '.join(map(str, options))}", described)
    if kind == "type":
        expected = error.validator_value
        words = _TYPE_WORDS.get(expected, expected) if isinstance(expected, str) else " or ".join(
            _TYPE_WORDS.get(t, t) for t in _listed(expected))
        if expected == "string" and isinstance(value, (bool, int, float)):
            read_as = _TYPE_WORDS["boolean" if isinstance(value, bool) else "number"]
            return (f"{field}: expected text, but YAML read the value as {read_as} ({_show(value)})",
                    f"put the value in quotes exactly as you meant it, like {_last_name(error.absolute_path)}: \"...\"; "
                    f"unquoted, YAML reads a number as a number and true or false as true or false. {described}".strip())
        return f"{field}: expected {words}, found {_show(value)}", described
    if kind == "format" and error.validator_value == "date":
        return f"{field}: {_show(value)} is not a real date", "write the date as YYYY-MM-DD, for example 2026-10-05"
    if kind == "format":
        return f"{field}: {_show(value)} is not a valid {error.validator_value}", described
    if kind in ("minimum", "maximum") and "minimum" in schema and "maximum" in schema:
        return f"{field}: {_show(value)} is not one of {schema['minimum']}-{schema['maximum']}", described
    if kind == "minimum":
        return f"{field}: {_show(value)} is less than {error.validator_value}", described
    if kind == "maximum":
        return f"{field}: {_show(value)} is more than {error.validator_value}", described
    if kind == "pattern":
        return f"{field}: {_show(value)} is not in the expected form", described
    if kind == "minLength":
        return f"{field}: is empty or too short", described
    if kind == "minItems":
        return f"{field}: the list needs at least {error.validator_value} item(s)", described
    if kind == "maxItems":
        return f"{field}: the list has more than {error.validator_value} items", described
    if kind == "uniqueItems":
        return f"{field}: the list has the same item twice", "remove the repeated item"
    options = _listed(error.validator_value)
    if kind == "anyOf" and all("required" in option for option in options):
        names = " or ".join(option["required"][0] for option in options)
        return f"{field}: needs at least one of {names}", described
    return f"{field}: {error.message}", described
