"""The short cut for the plainest records reads a file exactly as libyaml's event walk does, or not at all.

Whatever text it is given, ``parse_simple`` either gives up (None) or gives the
very values the walk gives (types, key order and all); it never reads a file the
walk refuses. And it does read the records schools keep, so it is not dead weight.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import REPO

from pastoral.reading.yaml_simple import parse_simple
from pastoral.reading.yaml_tree import YamlProblem, parse, walked


def _agrees(text: str) -> bool:
    """Whether the short cut read ``text`` (the walk agreeing to the last type and key); raises if they differ."""
    simple = parse_simple(text)
    if simple is None:
        return False
    try:
        expected = walked(text)
    except YamlProblem as problem:
        raise AssertionError(f"the short cut read {text!r}, which the walk refuses: {problem.message}") from None
    assert repr(simple) == repr(expected), text  # repr: 1, 1.0 and True differ, NaN equals NaN, key order counts
    return True


SESSION = """\
id: 2026-10-05-p0042
pupil: p0042
tutor: jsmith
date: 2026-10-05
location: Room E128
targets:
  - id: t1
    text: Bring the right equipment to every lesson, and check the planner
    area: organisation
    review_by: 2026-11-20
reviews:
  - target: '2026-09-24-p0042#t1'
    outcome: partly-met
    comment: Good start; slipped in week 3 (illness).
planner_signed_on: 2026-10-06
"""


def test_a_session_with_targets_and_reviews_is_read_by_the_short_cut():
    assert _agrees(SESSION)
    assert parse_simple(SESSION)["reviews"] == [{"target": "2026-09-24-p0042#t1", "outcome": "partly-met",
                                                 "comment": "Good start; slipped in week 3 (illness)."}]


@pytest.mark.parametrize("text", [
    "id: p0042\nname: Zoë O'Brien\nyear: 9\nneeds:\n  - sen-support\n  - eal\n",
    "roles:\n- tutor\n- head-of-house\nhouse: elm\n",  # a list at the field's own column
    "needs_considered_for: [eal, sen-support]\nempty: []\n",
    "tutor_group: '12A41'\nquoted: ''\nnote: a:b and c, d [e] 50% & more!\n",
    "a:\nb:\n  c:\n    d: 1.5\n  e: -3\nf: ~\ng: null\nh: True\ni: .inf\nj: 2026-02-30\n",
    "items:\n  - a:\n      b: 1\n  - c:\n    - d\n\n\nlast: 1",  # blank lines, no final line end
])
def test_plain_records_are_read_by_the_short_cut_as_the_walk_reads_them(text):
    assert _agrees(text)


@pytest.mark.parametrize("text", [
    "", "\n\n", "# only a comment\n",
    "id: p1  # a comment\n", "# a comment\nid: p1\n",
    "id:\tp1\n", "id: p1\r\nname: x\r\n", "name: \"quoted\"\n", "name: a\\b\n",
    "a: {b: c}\n", "a: [b,c]\n", "a: [b, 'c']\n", "a: [b, c]x\n",
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  text\n", "a: >\n  text\n",
    "---\na: 1\n", "a: 1\n...\n", "%YAML 1.1\n---\na: 1\n",
    "a: 1\na: 2\n", "a: yes\n", "a: 012\n", "a: 1_000\n", "a: 1:20\n", "a: 0x_\n", "a: <<\n", "a: =\n",
    "a:b\n", "a: 1 \n", "a:  1\n", "a : 1\n", "Name: x\n", "a: x:\n", "a: x: y\n", "a: -\n", "a: - x\n",
    "- a\n", " a: 1\n", "a: 1\n b: 2\n", "a:\n  b: 1\n c: 2\n", "a:\n  - - x\n", "a:\n  -  x\n", "a:\n  -\n", "a:\n  - \n", "a: x\n   \n",
    "a: first\n  continued\n", "a:\n  - x\n    y\n", "a: 'it''s'\n", "a: 'open\n", "a: x'\n  b\n",
    "a:\n   \nb: 1\n", "a: line\u2028b: 2\n", "a: x\x85\n", "\ufeffa: 1\n", "a: \x07\n",
    "a:\n" + "".join("  " * depth + f"k{depth}:\n" for depth in range(1, 12)) + "  " * 12 + "v: 1\n",
])
def test_anything_else_is_left_to_the_walk(text):
    assert parse_simple(text) is None


def test_a_value_the_readers_disagree_on_is_still_refused_with_its_line():
    with pytest.raises(YamlProblem) as refused:
        parse("id: p1\nyear: 09\n")
    assert refused.value.line == 2 and "differently by different programs" in refused.value.message


def test_nearly_every_record_of_the_sample_school_takes_the_short_cut():
    files = sorted((REPO / "records").rglob("*.yml"))
    read = [file for file in files if _agrees(file.read_text(encoding="utf-8-sig"))]
    assert len(files) > 100 and len(read) >= 0.9 * len(files)


def test_every_record_file_in_the_tests_is_read_alike_or_left_to_the_walk():
    for file in sorted((REPO / "tests").rglob("*.yml")):
        try:
            text = file.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        _agrees(text)


_WORDS = st.text(alphabet="aby YNn019:#-'.,[]~&*!%@>|\"\t_é\u2028", max_size=7)
_LINES = st.tuples(st.sampled_from(["", "  ", "    ", " ", "      "]), st.sampled_from(["", "- "]),
                   st.one_of(st.tuples(st.sampled_from(["id", "a", "b", "yes", "x_y", "A"]),
                                       st.sampled_from([":", ": ", ":  "]), _WORDS).map("".join),
                             _WORDS, st.sampled_from(["'it''s'", "'#t1'", "[eal, sen]", "[]", "- x", "# note"])),
                   ).map("".join)


@settings(max_examples=600, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=8).map("\n".join))
def test_any_lines_are_read_alike_or_left_to_the_walk(text):
    _agrees(text)


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                     st.text(alphabet="abc XYZ019-:.,'#é", max_size=12))
_RECORDS = st.dictionaries(st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True), st.recursive(
    _SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                      st.dictionaries(st.from_regex(r"[a-z][a-z0-9_]{0,5}", fullmatch=True), inner,
                                                      max_size=3)), max_leaves=8), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(_RECORDS, st.sampled_from([2, 4]))
def test_records_as_yaml_writes_them_are_read_alike_or_left_to_the_walk(record, indent):
    _agrees(yaml.safe_dump(record, sort_keys=False, allow_unicode=True, default_flow_style=False, indent=indent))
