"""One schema property as one field of the editor's form (Decap CMS's field configuration).

The schema is the one source of truth: the label is its ``title`` (or the field's
name in words), the hint its ``description``, and required-ness, choices, dates,
numbers' bounds and text patterns all come from it, so the form refuses what
``pastoral validate`` would. Fields that name another record become pickers that
search that record's collection by name and store its id.
"""

from __future__ import annotations

from collections.abc import Mapping

DATE = {"widget": "datetime", "date_format": "YYYY-MM-DD", "time_format": False}
"""A date picker that saves a plain YYYY-MM-DD (setting ``format`` would switch it to date and time)."""
MULTILINE = frozenset({"notes", "needs_considered", "reason", "comment"})
"""Fields written as a sentence or more: a text area rather than a one-line box."""
SEARCH = ["name", "id"]
"""How a picker finds a pupil, member of staff or House: by name, or by id for those who know it."""


def label(name: str, schema: Mapping) -> str:
    """The schema's title, else the field name in words ('tutor_group' -> 'Tutor group')."""
    return schema.get("title") or name.replace("_", " ").capitalize()


def field(name: str, schema: Mapping, required: bool, references: Mapping[str, str]) -> dict:
    """The form field for property ``name``; ``references`` maps field names to the collection they pick from."""
    spec: dict = {"name": name, "label": label(name, schema), "required": required}
    if "description" in schema:
        spec["hint"] = schema["description"]
    spec.update(_widget(name, schema, references))
    if spec["widget"] == "object" and not required:
        _optional(spec["fields"])
    if spec["widget"] == "list":
        spec["label_singular"] = spec["label"].removesuffix("s").lower()  # 'Add target', not 'Add targets'
    return spec


def fields(schema: Mapping, references: Mapping[str, str] | None = None) -> list[dict]:
    """Every property of an object schema, in the schema's order (so saved records keep its key order)."""
    required = set(schema.get("required", ()))
    return [field(name, prop, name in required, references or {}) for name, prop in schema.get("properties", {}).items()]


def _widget(name: str, schema: Mapping, references: Mapping[str, str]) -> dict:
    if name in references:
        collection = references[name]
        return {"widget": "relation", "collection": collection, "value_field": "id",
                "search_fields": list(SEARCH), "display_fields": ["name"]}
    if "enum" in schema:
        return {"widget": "select", "options": list(schema["enum"])}
    kind = schema.get("type")
    if kind == "array":
        return _list(schema)
    if kind == "object":
        return {"widget": "object", "collapsed": False, "fields": fields(schema)}
    if kind == "integer" or kind == "number":
        bounds = {key: schema[word] for key, word in (("min", "minimum"), ("max", "maximum")) if word in schema}
        return {"widget": "number", "value_type": "int" if kind == "integer" else "float", **bounds}
    if kind == "boolean":
        return {"widget": "boolean"}  # no default: an untouched box writes nothing
    if schema.get("format") == "date":
        return dict(DATE)
    widget = {"widget": "text" if name in MULTILINE else "string"}
    pattern = _pattern(schema)
    return {**widget, "pattern": pattern} if pattern else widget


def _optional(children: list[dict]) -> None:
    """Inside an optional object (a staff member's DBS check), nothing is required by the form: Decap cannot
    require a field only once its object is filled in. The schema still does, so the check says what is missing."""
    for child in children:
        child["required"] = False
        if child["widget"] == "object":
            _optional(child["fields"])


def _list(schema: Mapping) -> dict:
    items = schema.get("items", {})
    bounds = {key: schema[word] for key, word in (("min", "minItems"), ("max", "maxItems")) if word in schema}
    if "enum" in items:
        return {"widget": "select", "multiple": True, "options": list(items["enum"]), **bounds}
    return {"widget": "list", "collapsed": False, "fields": fields(items), **bounds}


def _pattern(schema: Mapping) -> list[str] | None:
    """Decap's ``[regex, message]`` from the schema's pattern, or from its minimum length."""
    if "pattern" in schema:
        return [schema["pattern"], "Not in the form this field takes: " + _first_sentence(schema)]
    if schema.get("minLength", 0) > 1:
        return [f"^[\\s\\S]{{{schema['minLength']},}}$", f"Write at least {schema['minLength']} characters."]
    return None


def _first_sentence(schema: Mapping) -> str:
    description = schema.get("description", "see the schema")
    return description.split(". ")[0].rstrip(".") + "."
