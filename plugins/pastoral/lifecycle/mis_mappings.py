"""Which CSV column holds which record field, for the exports of a school's MIS.

Two mappings ship: SIMS-style and Arbor-style report headers. A school whose
export differs writes its own mapping as a small YAML file (same shape:
``pupils:`` and ``staff:``, each ``field: Column header``) and passes its path,
or exports a OneRoster bundle, whose columns are fixed (``oneroster``).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from pastoral.core.workspace import UsageError

FIELDS = {
    "pupils": {
        "id": "the school's admission number (digits, which become p0042) or a pupil id like p0042",
        "name": "the pupil's name (or give forename and surname)",
        "forename": "the forename used in school",
        "surname": "the surname",
        "year": "the year group: 7, Y7 or Year 7",
        "house": "the House, by id or name: oak, Oak or Oak House (without it, the tutor group's House)",
        "tutor_group": "the tutor (registration) group, for example 7OA",
        "joined_on": "the admission date, as YYYY-MM-DD or DD/MM/YYYY (needed for new pupils)",
        "date_of_birth": "the date of birth, as YYYY-MM-DD or DD/MM/YYYY (personal data, for retention: intranet only)",
        "left_on": "the leaving date, where the MIS has one (31/08/2027 for a summer leaver); empty changes nothing",
        "sen": "the SEN status: N (none), K (SEN support), E (EHC plan), or the same in words; empty keeps it",
        "eal": "English as an additional language: Yes or No; empty keeps it",
    },
    "staff": {
        "email": "the school email address: how a member of staff is matched to their record",
        "name": "the full name as pupils know it (or give title, forename and surname)",
        "title": "Mr, Mrs, Ms, Miss, Dr...",
        "forename": "the forename",
        "surname": "the surname",
        "house": "the House, by id or name",
        "tutor_group": "the tutor (registration) group they register; its leading number is their year group",
    },
}
REQUIRED = {
    "pupils": ("id", "year", "tutor_group"),
    "staff": ("email",),
}
NAME_PARTS = ("forename", "surname")
"""Without a name column, a name is made of these (after the title, for staff)."""

MAPPINGS = {
    "sims": {
        "pupils": {"id": "Adno", "forename": "Preferred Forename", "surname": "Preferred Surname",
                   "year": "Year", "house": "House", "tutor_group": "Reg", "joined_on": "Admission Date",
                   "left_on": "Leaving Date", "date_of_birth": "DOB", "sen": "SEN Status", "eal": "EAL"},
        "staff": {"email": "Work Email", "title": "Title", "forename": "Preferred Forename",
                  "surname": "Preferred Surname", "house": "House", "tutor_group": "Reg Group"},
    },
    "arbor": {
        "pupils": {"id": "Admission Number", "forename": "Preferred First Name", "surname": "Last Name",
                   "year": "Year Group", "house": "House", "tutor_group": "Registration Form",
                   "joined_on": "Start Date", "left_on": "Leaving Date",
                   "date_of_birth": "Date of Birth", "sen": "SEN Status", "eal": "EAL"},
        "staff": {"email": "Email Address", "title": "Title", "forename": "Preferred First Name",
                  "surname": "Last Name", "house": "House", "tutor_group": "Registration Form"},
    },
}


def choose_mapping(spec: str | None, kind: str, headers: list[str], csv_name: str) -> dict[str, str]:
    """field -> column for ``kind``: the named mapping, a mapping file, or (no spec) the built-in one that fits.

    Only columns present in the file are kept; the required ones must be there.
    """
    if spec is None:
        fitting = [name for name, mapping in MAPPINGS.items() if not _missing(mapping[kind], kind, headers)]
        if not fitting:
            raise UsageError(f"{csv_name}: the columns match neither the SIMS nor the Arbor mapping; name one "
                             f"with --mapping (to hear which columns are missing) or write your own mapping file")
        spec = fitting[0]
    mapping = MAPPINGS[spec][kind] if spec in MAPPINGS else _read_mapping_file(Path(spec), kind)
    missing = _missing(mapping, kind, headers)
    if missing:
        raise UsageError(f"{csv_name} has no column {' or '.join(repr(column) for column in missing)} "
                         f"(mapping '{spec}'); its columns are: {', '.join(headers)}. Use another --mapping, "
                         f"or a mapping file naming the right columns")
    return {field: column for field, column in mapping.items() if column in headers}


def _missing(mapping: dict[str, str], kind: str, headers: list[str]) -> list[str]:
    """Required columns of ``mapping`` that ``headers`` lack (a name needs a name column or all its parts)."""
    missing = [mapping.get(field, field) for field in REQUIRED[kind] if mapping.get(field) not in headers]
    parts = [mapping.get(part, part) for part in NAME_PARTS]
    if mapping.get("name") not in headers and any(part not in headers for part in parts):
        missing.append(mapping["name"] if "name" in mapping else " and ".join(parts))
    return missing


def _read_mapping_file(path: Path, kind: str) -> dict[str, str]:
    if not path.is_file():
        raise UsageError(f"--mapping: '{path}' is neither {' nor '.join(MAPPINGS)} nor a mapping file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise UsageError(f"cannot read the mapping file {path}: {error}") from None
    mapping = data.get(kind) if isinstance(data, dict) else None
    if not isinstance(mapping, dict):
        raise UsageError(f"the mapping file {path} has no '{kind}:' section of 'field: Column header' lines")
    for field, column in mapping.items():
        if field not in FIELDS[kind]:
            raise UsageError(f"the mapping file {path}: '{field}' is not a {kind} field; "
                             f"the fields are: {', '.join(FIELDS[kind])}")
        if not isinstance(column, str) or not column.strip():
            raise UsageError(f"the mapping file {path}: '{field}' needs a column header as text")
    absent = [field for field in REQUIRED[kind] if field not in mapping]
    if "name" not in mapping and not all(part in mapping for part in NAME_PARTS):
        absent.append("name (or forename and surname)")
    if absent:
        raise UsageError(f"the mapping file {path} names no column for {', '.join(absent)} under '{kind}:'")
    return {field: column.strip() for field, column in mapping.items()}
