"""The schemas themselves, and the two validators that read them: they must agree, and formats must really be checked."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import jsonschema_rs
import pytest
import yaml
from tests.conftest import REPO

from pastoral.checking.schemas import SchemaError, Schemas
from pastoral.core.kinds import KINDS, PUPIL, SESSION, kind_of
from pastoral.core.record import Record
from pastoral.reading.parser import parse_record
from pastoral.reading.walk import load_folder

SCHEMA_FILES = sorted((REPO / "schemas").glob("*.schema.json"))
CORPUS = REPO / "tests" / "badinput"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _objects(node, where="#"):
    """Every sub-schema that describes an object with properties, with where it is."""
    if isinstance(node, dict):
        if "properties" in node:
            yield where, node
        for key, value in node.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _objects(value, f"{where}/{index}")


def test_one_schema_per_kind():
    assert [path.name for path in SCHEMA_FILES] == sorted(kind.schema_file for kind in KINDS)


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path):
    schema = _load(path)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"].endswith(path.name)
    assert schema["title"] and schema["description"]


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_property_is_described_and_every_object_closed(path):
    objects = list(_objects(_load(path)))
    assert objects
    for where, node in objects:
        assert node.get("additionalProperties") is False, f"{where} must set additionalProperties: false"
        for name, prop in node["properties"].items():
            assert prop.get("description"), f"{where}/properties/{name} has no description"


def _session(**changes) -> Record:
    data = {"id": "2026-10-05-p0042", "pupil": "p0042", "tutor": "t-smith", "date": "2026-10-05",
            "targets": [{"id": "t1", "text": "Read every day", "review_by": "2026-11-20"}]}
    data.update(changes)
    return Record(SESSION, data["id"], data, "records/sessions/2026-27/2026-10-05-p0042.yml")


@pytest.fixture(scope="module")
def schemas() -> Schemas:
    return Schemas(REPO / "schemas")


def test_the_date_format_is_really_checked(schemas):
    assert schemas.check(_session()) == []
    assert schemas.check(_session(date="2024-02-29")) == []  # a leap year
    for not_a_date in ("2026-02-30", "2026-13-01", "2026-2-3", "05/10/2026"):
        findings = schemas.check(_session(date=not_a_date))
        assert [(f.rule, f.pointer) for f in findings] == [("schema", "/date")], not_a_date
        assert findings[0].message == f"date: '{not_a_date}' is not a real date"
        assert "YYYY-MM-DD" in findings[0].hint


def test_both_validators_check_formats():
    """The fast path alone must reject a bad date too, or bad records would pass unseen."""
    schema = _load(REPO / "schemas" / "session.schema.json")
    record = _session(date="2026-02-30").data
    assert not jsonschema_rs.Draft202012Validator(schema, validate_formats=True).is_valid(record)
    assert not jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).is_valid(record)


def test_each_missing_field_is_one_finding(schemas):
    record = Record(PUPIL, "p0001", {"id": "p0001", "name": "Ada Example"}, "records/pupils/p0001.yml")
    messages = [finding.message for finding in schemas.check(record)]
    assert messages == [f"the required field '{name}' is missing" for name in ("year", "house", "tutor_group", "joined_on")]


def test_each_unknown_field_is_one_finding_at_its_key(schemas):
    findings = schemas.check(_session(moood="fine", colour="red"))
    assert [(f.message, f.pointer) for f in findings] == [
        ("unknown field 'colour'", "/colour#key"), ("unknown field 'moood'", "/moood#key")]


def test_a_nested_error_is_named_as_a_person_reads_it(schemas):
    findings = schemas.check(_session(targets=[{"id": "t1", "text": "Read"}, {"id": "t2", "text": "x"}]))
    assert [(f.message, f.pointer) for f in findings] == [("targets[2].text: is empty or too short", "/targets/1/text")]


def test_a_broken_schema_is_one_clear_usage_error(tmp_path):
    for path in SCHEMA_FILES:
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    broken = tmp_path / "pupil.schema.json"
    broken.write_text(broken.read_text(encoding="utf-8").replace('"type": "integer"', '"type": "whole"'), encoding="utf-8")
    with pytest.raises(SchemaError) as error:
        Schemas(tmp_path)
    assert str(error.value).startswith(f"the schema {broken} is not a valid JSON Schema at '/properties/year/type'")
    assert "\n" not in str(error.value)


def _sample_records() -> list[Record]:
    loaded = load_folder(REPO / "records", REPO)
    assert loaded.findings == []
    return loaded.records


def _corpus_records() -> list[Record]:
    """Every corpus file that parses, as the kind its case places it in."""
    cases = yaml.safe_load((CORPUS / "cases.yml").read_text(encoding="utf-8"))
    records = []
    for case in cases.values():
        kind = kind_of(case["place"])
        if "file" in case and not isinstance(kind, str):
            outcome = parse_record((CORPUS / "files" / case["file"]).read_bytes(), kind, case["place"])
            if isinstance(outcome, Record):
                records.append(outcome)
    return records


def _agree(records: list[Record], schemas_folder: Path) -> list[str]:
    disagreements = []
    for kind in KINDS:
        schema = _load(schemas_folder / kind.schema_file)
        fast = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
        reference = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        for record in records:
            if record.kind == kind and fast.is_valid(record.data) != reference.is_valid(record.data):
                disagreements.append(record.file)
    return disagreements


def test_fast_path_and_reference_agree_on_the_sample():
    records = _sample_records()
    assert len(records) > 1000
    assert _agree(records, REPO / "schemas") == []


def test_fast_path_and_reference_agree_on_the_bad_input_corpus():
    records = _corpus_records()
    assert len(records) >= 10
    assert _agree(records, REPO / "schemas") == []
