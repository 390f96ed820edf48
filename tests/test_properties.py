"""Whatever a file holds, parsing and validating it ends in findings or success, never an exception.

Hypothesis writes arbitrary bytes, arbitrary text and arbitrary YAML-shaped values;
the per-example ``deadline`` is the time bound per file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import REPO

from pastoral.checking.schemas import Schemas
from pastoral.cli import main
from pastoral.core.findings import Finding
from pastoral.core.kinds import KINDS, SESSION
from pastoral.core.record import Record
from pastoral.reading.parser import parse_record
from pastoral.reading.yaml_tree import YamlProblem, parse, positions

BOUNDED = settings(max_examples=200, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                    st.sampled_from(["no", "yes", "0123", "12:30", "2026-02-30", "~", "<<", "&a", "*a", "!!str", "---"]))
keys = st.one_of(st.sampled_from(["id", "name", "year", "pupil", "date", "targets", "text", "review_by"]),
                 st.text(min_size=1, max_size=12))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(keys, inner, max_size=5)), max_leaves=10)
yaml_texts = st.one_of(
    values.map(lambda value: yaml.safe_dump(value, allow_unicode=True)),
    st.dictionaries(keys, values, max_size=6).map(lambda value: yaml.safe_dump(value, sort_keys=False)),
    st.text(max_size=300),
    st.text(alphabet=":-[]{}#&*!|>'\"%@` \t\n\r\ufeffabc019", max_size=200),
)


def _parsed_or_refused(text: str) -> None:
    try:
        parse(text)
    except YamlProblem as problem:
        assert problem.message and problem.hint and problem.line >= 1 and problem.column >= 1
    else:
        positions(text)  # a file that parses can always be given positions


@BOUNDED
@given(yaml_texts)
def test_the_parser_parses_or_refuses_any_text(text):
    _parsed_or_refused(text)


plain_words = st.one_of(
    st.sampled_from(["true", "True", "FALSE", "null", "Null", "~", "0", "12", "-3", "+7", "1.5", ".5", "1e3", "1.0e+3",
                     ".inf", "-.Inf", ".NaN", "0x1F", "0o17", "2026-09-24", "2026-09-24 10:30:00", "<<", "="]),
    st.text(alphabet="abnoyYNOtfTF~0123456789+-._:eExXob<=!&*' ", min_size=1, max_size=8),
    st.text(min_size=1, max_size=8))


@BOUNDED
@given(plain_words)
def test_a_plain_value_is_typed_as_yaml_types_it(word):
    """The parser takes a short cut for plain values no YAML pattern could match: it must type every value
    exactly as PyYAML's own safe loader does (dates apart, which stay text as typed)."""
    text = f"value: {word}\n"
    try:
        expected = yaml.load(text, Loader=yaml.CSafeLoader)
        ours = parse(text)
    except (yaml.YAMLError, YamlProblem):
        return  # not one plain value, or one the readers disagree on (refused: tests/test_yaml_editors.py)
    if not isinstance(expected, dict) or not isinstance(expected.get("value"), (str, int, float, bool, type(None))):
        return
    assert type(ours["value"]) is type(expected["value"])
    assert ours["value"] == expected["value"] or expected["value"] != expected["value"]  # NaN


@BOUNDED
@given(st.binary(max_size=400))
def test_the_loader_turns_any_bytes_into_a_record_or_a_finding(data):
    outcome = parse_record(data, SESSION, "records/sessions/2026-27/x.yml")
    assert isinstance(outcome, (Record, Finding))
    if isinstance(outcome, Finding):
        assert outcome.line >= 1 and outcome.hint


SCHEMAS = Schemas(REPO / "schemas")


@BOUNDED
@given(st.sampled_from(KINDS), st.dictionaries(keys, values, max_size=6))
def test_schema_checking_any_values_gives_findings_with_a_place(kind, data):
    findings = SCHEMAS.check(Record(kind, "x", data, "records/x.yml"))
    assert all(finding.message and finding.pointer is not None for finding in findings)


@settings(max_examples=50, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.binary(max_size=300), yaml_texts.map(str.encode)), min_size=1, max_size=4))
def test_validate_over_a_folder_of_anything_exits_0_or_1(tmp_path_factory, capsys, contents):
    root = tmp_path_factory.mktemp("school")
    shutil.copytree(REPO / "schemas", root / "schemas")
    for number, data in enumerate(contents):
        path = root / "records" / ("pupils", "staff", "sessions/2026-27")[number % 3] / f"p000{number}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    code = main(["validate", "--records", str(root / "records"), "--format", "json"])

    out, err = capsys.readouterr()
    assert code in (0, 1) and err == ""
    findings = json.loads(out)
    assert (code == 1) == bool(findings)
    assert all(Path(finding["file"]).name.startswith("p000") and finding["line"] >= 1 for finding in findings)
