"""The editor's whole configuration (Decap CMS's ``config.yml``), generated from the schemas and ``school.yml``.

One collection per kind of record staff write (sessions, assignments, pupils,
staff, Houses, waivers), its fields those of the kind's schema in the schema's
order. Sessions get one collection per academic-year folder, and only the
current year's (``academic_year`` in ``school.yml``) takes new sessions, saved as
``sessions/<year>/<date>-<pupil>.yml`` and dated in that year. An id made from
other fields (a session's date and pupil, an assignment's pupil and start) is
filled in on saving from the same fields as the file name, so the two agree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from pastoral.core.kinds import ASSIGNMENT, HOUSE, PUPIL, SESSION, STAFF, WAIVER, Kind
from pastoral.rules.integrity import REFERENCES
from pastoral.site.editor.fields import fields

EDITED = (SESSION, ASSIGNMENT, PUPIL, STAFF, HOUSE, WAIVER)
"""The kinds of record the editor writes (school.yml and annual reviews stay with SMT, in Git)."""
MADE_IDS = {SESSION.name: "{date}-{pupil}", ASSIGNMENT.name: "{pupil}-{from}"}
"""Ids the form works out from other fields of a new record."""
SUMMARIES = {SESSION.name: "{{date}} · {{pupil}}", ASSIGNMENT.name: "{{pupil}} · {{staff}} from {{from}}",
             WAIVER.name: "{{rule}} · {{subject}} until {{until}}"}
NAMED = (PUPIL.name, STAFF.name, HOUSE.name)
"""Kinds whose records have a name to list them by."""
MEDIA_FOLDER = "editor-uploads"
"""Decap requires a media folder; no field of any form uploads a file, so nothing is ever written there."""
COMMIT_MESSAGES = {"create": "Add {{collection}} record {{slug}}", "update": "Update {{collection}} record {{slug}}",
                   "delete": "Delete {{collection}} record {{slug}}"}


def references(kind: Kind) -> dict[str, str]:
    """Field -> collection picked from, for the fields of ``kind`` that name another record (the checker's list)."""
    folders = {k.name: k.folder for k in EDITED}
    return {field_name: folders[target] for source, field_name, target in REFERENCES if source == kind.name}


def kind_collections(kind: Kind, schema: Mapping, records: str, years: Sequence[str], current_year: str) -> list[dict]:
    """The collections for one kind: one, or for sessions one per academic year (the current one creates)."""
    base = {"label_singular": schema.get("title", kind.name), "description": schema.get("description", ""),
            "format": "yml", "extension": "yml", "slug": slug(kind), "editor": {"preview": False},
            "identifier_field": "name" if kind.name in NAMED else "id",
            "summary": SUMMARIES.get(kind.name, "{{name}} ({{id}})" if kind.name in NAMED else "{{id}}"),
            "sortable_fields": ["name", "id"] if kind.name in NAMED else ["id"]}
    if not kind.by_academic_year:
        return [{"name": kind.folder, "label": kind.folder.capitalize(), "folder": f"{records}/{kind.folder}",
                 "create": True, **base, "fields": _form(kind, schema, None)}]
    return [{"name": f"{kind.folder}-{year}", "label": f"{kind.folder.capitalize()} {year}",
             "folder": f"{records}/{kind.folder}/{year}", "create": year == current_year, **base,
             "fields": _form(kind, schema, year)} for year in sorted({*years, current_year}, reverse=True)]


def _form(kind: Kind, schema: Mapping, year: str | None) -> list[dict]:
    form = fields(schema, references(kind))
    if kind.name in MADE_IDS:  # filled in on saving (pastoral-widgets.js), from the fields the slug uses too
        form[0] = {"name": "id", "label": form[0]["label"], "widget": "hidden", "required": False,
                   "template": MADE_IDS[kind.name]}
    if year:
        date_field = next(f for f in form if f["name"] == "date")
        date_field["pattern"] = [_year_pattern(year), f"These are the sessions of {year}: the date must be from "
                                 f"1 September {year[:4]} to 31 August {int(year[:4]) + 1}. For another year, "
                                 "use that year's collection."]
    if kind is SESSION:
        reviews = next(f for f in form if f["name"] == "reviews")
        target = next(f for f in reviews["fields"] if f["name"] == "target")
        target.update(widget="pastoral-target", pupil_field="pupil")
    return form


def _year_pattern(year: str) -> str:
    """A regular expression for the YYYY-MM-DD dates of an academic year 'YYYY-YY' (September to August)."""
    start = int(year[:4])
    return f"^({start}-(09|1[0-2])|{start + 1}-0[1-8])-[0-9]{{2}}$"


def slug(kind: Kind) -> str:
    """The file name: the record's id, or for a made id the fields it is made of."""
    return re.sub(r"\{(\w+)\}", r"{{fields.\1}}", MADE_IDS[kind.name]) if kind.name in MADE_IDS else "{{fields.id}}"


def made_ids(config: Mapping) -> dict[str, str]:
    """Collection name -> the template of its new records' ids, for the page's script."""
    return {c["name"]: c["fields"][0]["template"] for c in config["collections"] if "template" in c["fields"][0]}


def editor_config(schemas: Mapping[str, Mapping], records: str, years: Sequence[str], current_year: str,
                  backend: Mapping) -> dict:
    """The whole configuration: ``backend`` says where records are read and saved (see ``app.backend``)."""
    collections = [c for kind in EDITED for c in kind_collections(kind, schemas[kind.name], records, years, current_year)]
    return {**backend, "publish_mode": "editorial_workflow", "media_folder": MEDIA_FOLDER,
            "commit_messages": COMMIT_MESSAGES, "collections": collections}
