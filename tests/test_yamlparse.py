"""The record parser: plain values out, positions on demand, and every construct it refuses with its message."""

from __future__ import annotations

import pytest

from pastoral.reading import yaml_tree
from pastoral.reading.yaml_tree import YamlProblem, parse, positions

SESSION = """\
id: 2026-10-05-p0042
targets:
  - id: t1
    review_by: 2026-11-20
  - id: t2
    text: Read every day
    review_by: 2026-02-30
"""


def test_builds_plain_values_and_keeps_dates_as_typed():
    assert parse("a: 1\nb: 1.5\nc: true\nd: ~\ne: 2026-02-30\nf: '7'\ng: [u, v]\nh: {i: j}\n") == {
        "a": 1, "b": 1.5, "c": True, "d": None, "e": "2026-02-30", "f": "7", "g": ["u", "v"], "h": {"i": "j"}}


def test_core_tags_written_out_are_allowed():
    assert parse("a: !!str 7\nb: !!int '8'\nc: !!timestamp 2026-01-01\n") == {"a": "7", "b": 8, "c": "2026-01-01"}


def test_yaml_1_1_surprises_are_refused_where_they_are_first_and_the_others_are_named():
    """What YAML 1.1 silently changes never reaches a record: the first is refused, saying where the rest are."""
    with pytest.raises(YamlProblem) as refused:
        parse("a: no\nb: 0123\nc: 12:30\nd: yes\n")
    assert refused.value.message.startswith("a: no is read differently by different programs")
    assert refused.value.message.endswith("(and so are the values on lines 2, 3, 4)")
    assert (refused.value.line, refused.value.column, refused.value.pointer, refused.value.typed) == (1, 4, "/a", "no")


def test_position_of_a_value_in_the_second_list_item():
    found = positions(SESSION)
    assert found["/targets/1/review_by"] == (7, 16)
    assert found["/targets/1/review_by#key"] == (7, 5)
    assert found["/targets/0/review_by"] == (4, 16)
    assert found["/targets/1"] == (5, 5)
    assert found[""] == (1, 1)


def test_positions_with_windows_line_endings_match_the_lines_an_editor_shows():
    assert positions(SESSION.replace("\n", "\r\n"))["/targets/1/review_by"] == (7, 16)


def test_an_empty_value_is_placed_on_its_own_line():
    assert positions("to:\nfrom: 2026-01-01\n")["/to"][0] == 1


def test_pointer_steps_are_escaped():
    assert positions("a/b: {c~d: 1}\n")["/a~1b/c~0d"] == (1, 12)


@pytest.mark.parametrize("text, message, line", [
    ("a: 1\na: 2\n", "the field 'a' appears twice", 2),
    ("a:\n  b: 1\n  c: 2\n  b: 3\n", "the field 'b' appears twice", 4),
    ("a: 1\n---\nb: 2\n", "more than one YAML document", 2),
    ("a: !!python/object:os.system x\n", "the tag '!!python/object:os.system' is not allowed", 1),
    ("a: !!binary aGVsbG8=\n", "the tag '!!binary' is not allowed", 1),
    ("a: !pupil x\n", "the tag '!pupil' is not allowed", 1),
    ("a: &x 1\n", "anchors ('&x') are not allowed", 1),
    ("a: 1\nb: *x\n", "aliases ('*x') are not allowed", 2),
    ("<<: {a: 1}\n", "'<<' has a special meaning", 1),
    ("a: !!int ten\n", "YAML takes 'ten' for a whole number", 1),
    ("a: !!bool maybe\n", "YAML takes 'maybe' for true or false", 1),
    ("a: 0x_\n", "YAML takes '0x_' for a whole number", 1),
    ("- a\n- b\n", "'field: value' lines at the top level", 1),
    ("just text\n", "'field: value' lines at the top level", 1),
    ("", "the file is empty", 1),
    ("# only a comment\n", "the file is empty", 1),
    ("? [a, b]\n: 1\n", "a field name must be plain text", 1),
    ("a: " + "[" * (yaml_tree.MAX_DEPTH + 1) + "]" * (yaml_tree.MAX_DEPTH + 1) + "\n",
     f"nested more than {yaml_tree.MAX_DEPTH} levels deep", 1),
    ("a:\n\tb: 1\n", "tab character", 2),
    ("a: 'open\nb: 2\n", "a quote opened here is never closed", 1),
    ("a: b: c\n", "a colon followed by a space is not allowed here", 1),
    ("a: 1\nb\nc: 2\n", "no ':' after the field name", 2),
    ("a: 1\nb: \x00\n", "control character (#x0000)", 2),
    ("a: 1\nb: @home\n", "starts with a character YAML reserves", 2),
    ("a: 1\n- b\n", "this is not valid YAML: did not find expected key", 2),
])
def test_refused(text, message, line):
    with pytest.raises(YamlProblem) as refused:
        parse(text)
    assert message in refused.value.message
    assert refused.value.line == line
    assert refused.value.hint


def test_nesting_up_to_the_limit_is_fine():
    depth = yaml_tree.MAX_DEPTH - 1  # the top-level mapping is one level
    assert parse("a: " + "[" * depth + "]" * depth + "\n")


def test_a_very_deep_value_is_refused_without_reading_it_all():
    depth = 100_000
    with pytest.raises(YamlProblem, match="nested more than"):
        parse("a: " + "[" * depth + "]" * depth + "\n")
