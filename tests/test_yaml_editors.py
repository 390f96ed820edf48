"""One reading of YAML, the editor's: values YAML 1.1 and 1.2 read differently, and input only libyaml accepts.

The bad-input corpus (tests/badinput/cases.yml) shows each case end to end, with the
hint the field's schema calls for; these tests cover every form, at its line and column.
"""

from __future__ import annotations

import pytest
import yaml

from pastoral.lifecycle.editing import yaml_value
from pastoral.reading.yaml_editors import core_reading, differs
from pastoral.reading.yaml_tree import YamlProblem, parse

AMBIGUOUS = ["012", "010", "0123", "-012", "00", "0_7", "0xd", "0XD", "0x1F", "0o15", "0b1101", "-0b1", "1_3",
             "1_000", "1_000.5", "1:20", "12:30", "09:00", "190:20:30", "1:20.5", "yes", "Yes", "YES", "no", "No",
             "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N", "yEs", "1e3", "1.0e3", "-2E10"]
READ_ALIKE = ["0", "7", "-3", "+4", "1.5", "12.30", ".5", "1.", "1.0e+3", "true", "True", "FALSE", "~", "null",
              "NULL", ".inf", "-.Inf", ".nan", "2026-10-05", "2026-02-30", "8OA", "p0001", "Library", "x_y", "_1",
              "0x", "a:b", "http://example.org", "yes please", "no-one", "Y7", "1 2"]


@pytest.mark.parametrize("typed", AMBIGUOUS)
def test_each_yaml_1_1_only_form_is_refused_at_its_line_quoting_what_was_typed(typed):
    with pytest.raises(YamlProblem) as refused:
        parse(f"id: p0001\nname: Ada\nyear: {typed}\n")
    problem = refused.value
    assert (problem.line, problem.column) == (3, 7)
    assert problem.message.startswith(f"year: {typed} is read differently by different programs: ")
    assert (problem.pointer, problem.typed) == ("/year", typed)
    assert f'year: "{typed}"' in problem.hint  # quotes are one way out while the field's type is unknown here


@pytest.mark.parametrize("typed", READ_ALIKE)
def test_values_every_reader_reads_alike_are_kept(typed):
    assert "year" in parse(f"year: {typed}\n")


def test_the_message_never_shows_what_yaml_1_1_made_of_the_value():
    with pytest.raises(YamlProblem) as refused:
        parse("year: 1:20\n")
    assert "1:20" in refused.value.message and "80" not in refused.value.message + refused.value.hint


@pytest.mark.parametrize(("typed", "digits"), [("012", "12"), ("-012", "-12"), ("1_3", "13"), ("00", "0")])
def test_the_hint_writes_the_number_in_plain_digits(typed, digits):
    with pytest.raises(YamlProblem) as refused:
        parse(f"year: {typed}\n")
    assert refused.value.hint.startswith(f"write the number as plain digits: {digits};")


def test_in_a_list_and_in_nested_fields_the_place_is_named():
    with pytest.raises(YamlProblem) as refused:
        parse("id: x\ntargets:\n  - id: t1\n    done: yes\n")
    assert refused.value.message.startswith("targets[1].done: yes is read differently")
    assert (refused.value.line, refused.value.pointer) == (4, "/targets/0/done")
    with pytest.raises(YamlProblem) as refused:
        parse("needs: [a, on]\n")
    assert refused.value.message.startswith("needs[2]: on is read")
    assert refused.value.hint.endswith('put it in quotes, exactly as you meant it: "on"')


def test_quoted_values_and_field_names_are_what_was_typed():
    assert parse('a: "yes"\nb: \'012\'\nc: "1:20"\nyes: 1\n012: 2\n') == \
        {"a": "yes", "b": "012", "c": "1:20", "yes": 1, "012": 2}


def test_explicit_tags_say_what_is_meant():
    assert parse("a: !!str yes\nb: !!int 12\n") == {"a": "yes", "b": 12}


@pytest.mark.parametrize("typed", AMBIGUOUS + READ_ALIKE)
def test_differs_agrees_with_the_two_readings(typed):
    """Everything YAML 1.1 reads otherwise than YAML 1.2's core schema is caught (and a few 1.1 forms both share)."""
    try:
        read_11 = yaml.load(f"v: {typed}", Loader=yaml.CSafeLoader)["v"]
    except ValueError:  # an impossible date: records keep dates as typed
        read_11 = typed
    read_11 = typed if hasattr(read_11, "isoformat") else read_11
    twelve = core_reading(typed)
    same = type(read_11) is type(twelve) and (read_11 == twelve or read_11 != read_11)
    if not same:
        assert differs(typed, read_11) is not None
    assert (differs(typed, read_11) is not None) == (typed in AMBIGUOUS)


@pytest.mark.parametrize(("text", "message", "line", "column"), [
    ("id: x\nneeds: [a,\nb]\n", "continues the list above but is not indented", 3, 1),
    ("id: x\nneeds: [a,\n  b\n]\n", "continues the list above but is not indented", 4, 1),
    ("id: x\nm: {a: 1,\nb: 2}\n", "continues the set of fields above but is not indented", 3, 1),
    ("id: x\nlist:\n  - [a,\n  b]\n", "continues the list above but is not indented", 4, 3),
    ('id: x\nnote: "first\nsecond"\n', "continues the quoted text above but is not indented", 3, 1),
    ("id: x\nnote: 'first\nsecond'\n", "continues the quoted text above but is not indented", 3, 1),
    ('id: x\nnote: "first\n\tsecond"\n', "continues the quoted text above but is indented with a tab", 3, 1),
    ('id: x\nlist:\n  - "a\n  b"\n', "continues the quoted text above but is not indented", 4, 3),
    ('id: x\nname: "x"# note\n', "a '#' comment must have a space before it", 2, 10),
    ("id: x\nname: 'x'# note\n", "a '#' comment must have a space before it", 2, 10),
    ("id: x\nneeds: [a, b]# note\n", "a '#' comment must have a space before it", 2, 14),
    ('id: x\nname: "\\0"\n', "control character (#x0000), written as an escape", 2, 8),
    ('id: x\nname: "ab\\x07"\n', "control character (#x0007), written as an escape", 2, 10),
    ('id: x\nname: "ab\n  cd\\a"\n', "control character (#x0007), written as an escape", 3, 5),
    ('id: x\nname: "\\u202e\\uFFFE"\n', "control character (#xFFFE), written as an escape", 2, 14),
    ('id: x\nname: "\\e[31m"\n', "control character (#x001B), written as an escape", 2, 8),
    ("just some text\nmore text\nyear: 8\n", "a colon followed by a space is not allowed here", 3, 5),
    ("- a\n- b\nc: d\n", "this is not valid YAML", 3, 1),
    ("id: x\nnotes: value\twith: colon\n", "a colon followed by a space is not allowed here", 2, 18),
    ("id: x\nnotes: |\n  first\n \tsecond\n", "tab character, which YAML does not allow for indentation", 4, 2),
])
def test_input_only_libyaml_accepts_is_refused_at_the_line_an_editor_marks(text, message, line, column):
    with pytest.raises(YamlProblem) as refused:
        parse(text)
    assert message in refused.value.message
    assert (refused.value.line, refused.value.column) == (line, column)
    assert refused.value.hint


@pytest.mark.parametrize("text", [
    "id: x\nneeds: [a,\n  b]\n",
    "id: x\nneeds: [\n  a, b\n  ]\n",
    'id: x\nnote: "first\n  second"\n',
    'id: x\nnote: "first\n  \tsecond"\n',
    'id: x\nlist:\n  - "a\n    b"\n',
    'id: x\nname: "x" # note\n',
    "id: x\nnotes: |\n  Agreed a plan:\n  \tfirst, a reading log\n",
    "id: x\nnotes: >\n  text\twith a tab\n",
    'id: x\nname: "a\\tb\\\\0 \\u00e9 \\"q\\""\n',
    "{id: x,\nname: z}\n",
])
def test_well_formed_input_is_read(text):
    assert parse(text)["id"] == "x"


def test_a_tab_inside_block_text_is_content():
    assert parse("id: x\nnotes: |\n  plan:\n  \tread daily\n")["notes"] == "plan:\n\tread daily\n"


@pytest.mark.parametrize("text", ["y", "N", "1e3", "yes", "012", "12:30", "0b1"])
def test_values_pastoral_writes_are_quoted_where_readers_would_differ(text):
    """An edit (import, rollover) never writes a plain value pastoral would then refuse."""
    assert type(yaml_value(text)).__name__ == "SingleQuotedScalarString"
    assert parse(f"name: '{text}'\n") == {"name": text}
