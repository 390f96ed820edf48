"""Every schema property says who may read it, and the special-category fields are restricted."""

from __future__ import annotations

import json

import jsonschema
import jsonschema_rs
import pytest
from tests.conftest import REPO

from pastoral.checking.schemas import Schemas
from pastoral.checking.sensitivity import LEVELS, RESTRICTED, Sensitivity, marked_properties
from pastoral.core.kinds import KINDS

SCHEMA_FILES = sorted((REPO / "schemas").glob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda path: path.name)
def test_every_property_nested_ones_too_is_marked_public_internal_or_restricted(path):
    unmarked = [name for name, level in marked_properties(json.loads(path.read_text())) if level not in LEVELS]
    assert unmarked == [], f"{path.name}: mark these with x-sensitivity: {unmarked}"


def test_an_unmarked_field_is_caught():
    schema = {"properties": {"a": {"x-sensitivity": "internal", "properties": {"b": {"type": "string"}}},
                             "c": {"items": {"properties": {"d": {"x-sensitivity": "secret"}}}}}}
    assert [name for name, level in marked_properties(schema) if level not in LEVELS] == ["a/b", "c", "c/d"]


def test_the_special_category_fields_are_restricted_and_only_they():
    sensitivity = Sensitivity.of(Schemas(REPO / "schemas"))
    assert sensitivity.fields == {"pupil": ("needs", "share_needs_with_tutor"), "assignment": ("needs_considered", "needs_considered_for"),
                                  "staff": ("dbs",), "waiver": ("health_reason",)}


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda path: path.name)
def test_whatever_sits_under_a_restricted_field_is_restricted_and_restricted_fields_are_top_level(path):
    levels = dict(marked_properties(json.loads(path.read_text())))
    for name, level in levels.items():
        parent = name.rpartition("/")[0]
        if parent and levels[parent] == RESTRICTED:
            assert level == RESTRICTED, name
        if level == RESTRICTED:
            assert not parent or levels[parent] == RESTRICTED, f"{name}: split moves whole top-level fields"


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda path: path.name)
def test_both_validators_accept_the_annotation(path):
    schema = json.loads(path.read_text())
    assert jsonschema_rs.meta.is_valid(schema)
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_kind_has_a_schema_the_checker_reads():
    schemas = Schemas(REPO / "schemas")
    assert all(schemas.schema(kind.name)["properties"] for kind in KINDS)
