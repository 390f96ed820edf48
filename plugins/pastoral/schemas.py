"""Check records against their kind's JSON Schema and say what is wrong in plain words.

``jsonschema`` is the reference: its errors carry the paths and facts the
messages are made from. ``jsonschema-rs`` answers "is this record valid?" about
forty times faster with the same draft 2020-12 results, so the reference only
runs on the few records that are not.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import jsonschema_rs

from pastoral.findings import ERROR, Finding
from pastoral.kinds import KINDS, Kind
from pastoral.record import Record

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a set of 'field: value' lines",
    "null": "nothing",
}


class SchemaError(Exception):
    """A schema file is missing or broken: a usage problem, not a records problem."""


class Schemas:
    """One compiled validator per kind, built once and reused for every record."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._fast: dict[str, jsonschema_rs.Validator] = {}
        self._reference: dict[str, jsonschema.Draft202012Validator] = {}
        for kind in KINDS:
            schema = self._read(kind)
            self._fast[kind.name] = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
            self._reference[kind.name] = jsonschema.Draft202012Validator(
                schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
            )

    def _read(self, kind: Kind) -> dict:
        path = self.folder / kind.schema_file
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
            jsonschema.Draft202012Validator.check_schema(schema)
        except (OSError, ValueError, jsonschema.SchemaError) as error:
            raise SchemaError(f"cannot use the schema {path}: {error}") from None
        return schema

    def check(self, record: Record) -> list[Finding]:
        """Findings for every way ``record`` breaks its schema (none when it is valid)."""
        if self._fast[record.kind.name].is_valid(record.data):
            return []
        errors = self._reference[record.kind.name].iter_errors(record.data)
        return [_finding(record, error) for error in sorted(errors, key=lambda e: list(e.absolute_path))]


def _pointer(path) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _field_name(path) -> str:
    """A readable name for where the error is: 'targets[2].review_by'."""
    name = ""
    for part in path:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "the record"


def _finding(record: Record, error: jsonschema.ValidationError) -> Finding:
    path = list(error.absolute_path)
    pointer = _pointer(path)
    message, hint = _explain(error, _field_name(path))
    if error.validator == "additionalProperties":
        extra = _unknown_fields(error)
        pointer = f"{pointer}/{extra[0]}#key" if extra else pointer
    elif error.validator == "required":
        # Point at the object itself: the missing field has no line of its own.
        pointer = pointer or ""
    return Finding("schema", ERROR, record.file, message, subject=record.subject, hint=hint, pointer=pointer,
                   detail=f"{pointer} {error.validator}")


def _unknown_fields(error) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    return sorted(key for key in error.instance if key not in allowed)


def _show(value) -> str:
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "nothing"
    return json.dumps(value)


def _explain(error: jsonschema.ValidationError, field: str) -> tuple[str, str]:
    """(message, hint) for one schema error, in words a teacher understands."""
    kind, value, schema = error.validator, error.instance, error.schema
    described = schema.get("description", "")
    if kind == "required":
        missing = error.validator_value
        absent = next((name for name in missing if name not in value), missing[0])
        text = schema.get("properties", {}).get(absent, {}).get("description", "")
        where = "" if field == "the record" else f" in {field}"
        return f"the required field '{absent}' is missing{where}", f"add '{absent}:'. {text}".strip()
    if kind == "additionalProperties":
        extra = _unknown_fields(error)
        allowed = ", ".join(sorted(schema.get("properties", {})))
        return (f"unknown field '{extra[0]}'" + (f" in {field}" if field != "the record" else ""),
                f"check the spelling or remove it; the fields allowed here are: {allowed}")
    if kind == "enum":
        options = error.validator_value
        return (f"{field}: {_show(value)} is not one of {', '.join(map(str, options))}", described)
    if kind == "type":
        expected = error.validator_value
        words = _TYPE_WORDS.get(expected, expected) if isinstance(expected, str) else " or ".join(
            _TYPE_WORDS.get(t, t) for t in expected)
        hint = described
        if expected == "string" and isinstance(value, (bool, int, float)):
            hint = (f"YAML read this value as {_TYPE_WORDS['boolean' if isinstance(value, bool) else 'number']}: "
                    f"put it in quotes, like '{field.split('.')[-1]}: \"...\"'. " + described).strip()
        return f"{field}: expected {words}, found {_show(value)}", hint
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
    if kind == "anyOf" and all("required" in option for option in error.validator_value):
        names = " or ".join(option["required"][0] for option in error.validator_value)
        return f"{field}: needs at least one of {names}", described
    return f"{field}: {error.message}", described
