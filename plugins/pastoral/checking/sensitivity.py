"""Who may read each field: the ``x-sensitivity`` every schema property carries.

- ``public``: may appear on the public site (the school's name, term dates, House names).
- ``internal``: any member of staff who reads the records repository (names, sessions, targets).
- ``restricted``: special-category and safeguarding data (needs, how they were considered, DBS
  checks, health reasons), for Heads of House, the SENCO, SMT and the safeguarding lead only. When
  the school keeps them apart (``restricted_records: separate`` in school.yml), they live in a second
  folder, a repository only those roles can read, one file per record holding its ``id`` and its
  restricted fields: ``needs/<pupil>.yml``, ``considerations/<assignment>.yml``, ``dbs/<staff>.yml``
  and ``health-reasons/<waiver>.yml``.

The annotation is a JSON Schema extension keyword: validators ignore it, this module reads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pastoral.checking.schemas import Schemas
from pastoral.core.kinds import KINDS, Kind

KEYWORD = "x-sensitivity"
PUBLIC, INTERNAL, RESTRICTED = "public", "internal", "restricted"
LEVELS = (PUBLIC, INTERNAL, RESTRICTED)

FOLDERS = {"pupil": "needs", "assignment": "considerations", "staff": "dbs", "waiver": "health-reasons"}
"""The restricted folder's sub-folder for each kind's restricted fields, named for what they hold;
a kind not listed here that gains a restricted field uses its own folder name."""

SEPARATE = "separate"
"""school.yml's ``restricted_records`` when the restricted fields are kept in their own folder."""


def marked_properties(schema: dict | list, path: str = "") -> Iterator[tuple[str, object]]:
    """(path such as 'dbs/level', its x-sensitivity or None) for every property, nested ones too."""
    if isinstance(schema, list):
        for item in schema:
            yield from marked_properties(item, path)
        return
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        if key == "properties" and isinstance(value, dict):
            for name, property_schema in value.items():
                where = f"{path}/{name}" if path else name
                yield where, property_schema.get(KEYWORD) if isinstance(property_schema, dict) else None
                yield from marked_properties(property_schema, where)
        elif isinstance(value, (dict, list)):
            yield from marked_properties(value, path)


def restricted_fields(schema: dict) -> tuple[str, ...]:
    """The record's top-level fields marked restricted, in schema order."""
    return tuple(name for name, level in marked_properties(schema) if "/" not in name and level == RESTRICTED)


@dataclass(frozen=True)
class Sensitivity:
    """The restricted fields of each kind, and where the restricted folder keeps them."""

    fields: dict[str, tuple[str, ...]]
    """Kind name -> its restricted top-level fields (kinds with none are left out)."""

    @classmethod
    def of(cls, schemas: Schemas) -> Sensitivity:
        found = {kind.name: restricted_fields(schemas.schema(kind.name)) for kind in KINDS}
        return cls({name: fields for name, fields in found.items() if fields})

    def restricted(self, kind: Kind) -> tuple[str, ...]:
        return self.fields.get(kind.name, ())

    def folder(self, kind: Kind) -> str:
        return FOLDERS.get(kind.name, kind.folder)

    def kind_of(self, relative: str) -> Kind | str:
        """The kind whose restricted fields the file at ``relative`` (in the restricted folder) holds, or why none."""
        by_folder = {self.folder(kind): kind for kind in KINDS if kind.name in self.fields}
        parts = relative.split("/")
        if not parts[-1].endswith(".yml") or parts[-1] == ".yml":
            return "records are YAML files ending in '.yml'"
        if len(parts) != 2 or parts[0] not in by_folder:
            folders = ", ".join(f"{folder}/" for folder in by_folder)
            return f"this file is not where the restricted records go (directly in one of {folders})"
        return by_folder[parts[0]]
