"""A check after an edit works out again only what the edit can affect, and reports what a fresh check would.

Each rule's findings are kept with the kinds of record it read (``core.reads``):
after an edit, only the rules that read an edited kind run again, and an edit
no record sees (a comment) runs none. The tests compare every cached outcome
with a ``--no-cache`` check, byte for byte, and watch which rules run.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import SAMPLE_AS_OF, write
from tests.test_findings_cache import check, same_with_and_without_caches

from pastoral.checking.basis import Basis, identical
from pastoral.checking.validation import validate_workspace
from pastoral.core.kinds import KINDS
from pastoral.core.reads import reading
from pastoral.core.workspace import Workspace
from pastoral.reading.cache import DEFAULT_DIRECTORY
from pastoral.rules import REGISTRY, Context, run_rules, run_tracked


@pytest.fixture
def rules_run(monkeypatch) -> list[str]:
    """The id of each rule as it runs (each rule wrapped, the registry otherwise as it is)."""
    ran: list[str] = []
    for rule_id, rule in list(REGISTRY.items()):
        def counted(context, rule_id=rule_id, check=rule.check):
            ran.append(rule_id)
            return check(context)
        monkeypatch.setitem(REGISTRY, rule_id, dataclasses.replace(rule, check=counted))
    return ran


def bases(root: Path) -> list[Path]:
    return sorted((root / DEFAULT_DIRECTORY / "findings").glob("*.basis"))


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{relative} has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_comment_changes_no_record_so_no_rule_runs_and_the_lines_follow(troubled, pastoral, rules_run):
    before = same_with_and_without_caches(pastoral, troubled)
    session = troubled / "records/sessions/2026-27/2026-09-09-p0154.yml"  # a planner-signed warning, line 4
    session.write_text("# a comment\n# moves every line down\n" + session.read_text(encoding="utf-8"),
                       encoding="utf-8")
    rules_run.clear()
    code, out = check(pastoral, troubled)
    assert rules_run == []
    assert (code, out) == check(pastoral, troubled, "--no-cache")
    assert out != before[1] and '"line": 6' in out


def test_an_edit_runs_again_only_the_rules_that_read_its_kind(troubled, pastoral, rules_run):
    before = same_with_and_without_caches(pastoral, troubled)
    edit(troubled, "records/houses/oak.yml", "head_of_house: pbalogun", "head_of_house: afernandes")
    rules_run.clear()
    after = check(pastoral, troubled)
    assert "line-managed-by-hoh" in rules_run  # it reads Houses
    assert "meetings-per-year" not in rules_run and "planner-signed" not in rules_run  # they do not
    assert after == check(pastoral, troubled, "--no-cache") and after != before


EDITS = {  # one edit of each kind of record, each changing what some rule finds
    "house": ("records/houses/oak.yml", "head_of_house: pbalogun", "head_of_house: nobody"),
    "staff": ("records/staff/afernandes.yml", "issued_on: 2024-12-07", "issued_on: 2019-12-07"),
    "pupil": ("records/pupils/p0002.yml", "year: ", "year: 1"),
    "assignment": ("records/assignments/p0001-1.yml", "from: 2025-09-03", "from: 2025-09-03\nto: 2026-10-01"),
    "session": ("records/sessions/2026-27/2026-09-09-p0154.yml", "date: 2026-09-09", "date: 2026-09-10"),
    "review": ("records/reviews/2025-26.yml", "id: '2025-26'", "id: '2024-25'"),
    "school": ("records/school.yml", "planner_signed_within_days: 14", "planner_signed_within_days: 2"),
}


@pytest.mark.parametrize("kind", [*EDITS, "waiver", "two kinds at once", "a file gone", "a file added"])
def test_an_edit_of_each_kind_gives_the_findings_of_a_fresh_check(troubled, pastoral, kind):
    before = same_with_and_without_caches(pastoral, troubled)
    if kind == "waiver":
        write(troubled, "records/waivers/w-p0002.yml", """\
            id: w-p0002
            rule: planner-signed
            subject: p0002
            reason: The family is abroad until half-term.
            approved_by: yrees
            from: 2026-11-01
            until: 2026-12-20
            """)
    elif kind == "two kinds at once":
        edit(troubled, *EDITS["staff"])
        edit(troubled, *EDITS["session"])
    elif kind == "a file gone":
        (troubled / "records/sessions/2026-27/2026-09-09-p0154.yml").unlink()
    elif kind == "a file added":
        write(troubled, "records/staff/zz-new.yml", "id: zz-new\nname: Mr New\n")
    else:
        edit(troubled, *EDITS[kind])
    after = same_with_and_without_caches(pastoral, troubled)
    assert after != before  # each edit changes what is found, so a stale answer would show


def test_an_edit_is_compared_with_the_answer_last_given(troubled, pastoral, rules_run):
    """After an edit is undone, the tree is answered from the cache; the next edit is compared with that tree,
    not with the one last worked out."""
    staff = troubled / "records/staff/afernandes.yml"
    original = staff.read_text(encoding="utf-8")
    check(pastoral, troubled)
    edit(troubled, *EDITS["staff"])
    check(pastoral, troubled)
    staff.write_text(original, encoding="utf-8")
    check(pastoral, troubled)
    edit(troubled, *EDITS["house"])
    rules_run.clear()
    after = check(pastoral, troubled)
    assert "line-managed-by-hoh" in rules_run and "dbs-recheck" not in rules_run  # it reads staff, not Houses
    assert after == check(pastoral, troubled, "--no-cache")


BLOB = "0" * 40
BROKEN_BASES = [b"", b"{not json", b"[]", b'{"files": "", "blobs": "", "runs": []}',
                b'{"files": "a", "blobs": "", "runs": {}}', b'{"files": "a", "blobs": "%s", "runs": {}}' % (b"z" * 40),
                b'{"files": ["a"], "blobs": ["%s"], "runs": {}}' % BLOB.encode(),
                b'{"files": "a\\u0000b", "blobs": "%s", "runs": {}}' % BLOB.encode(),
                b'{"files": "", "blobs": "", "runs": {"x": [[1], []]}}', b'{"files": "", "blobs": ""}']
BROKEN_LATEST = [b"", b"not a key", b"0" * 64, b"../" * 30]


@pytest.mark.parametrize(("pattern", "content"), [("*.basis", content) for content in BROKEN_BASES]
                         + [("*.latest", content) for content in BROKEN_LATEST])
def test_a_broken_basis_or_latest_answer_is_ignored(troubled, pastoral, pattern, content):
    check(pastoral, troubled)
    entries = sorted((troubled / DEFAULT_DIRECTORY / "findings").glob(pattern))
    assert entries
    for entry in entries:
        entry.write_bytes(content)
    edit(troubled, *EDITS["staff"])
    assert check(pastoral, troubled) == check(pastoral, troubled, "--no-cache")


@pytest.mark.parametrize("finding", [{"rule": 1}, {"rule": "x", "severity": "error", "file": "f", "message": "m",
                                                   "line": "1"}])
def test_a_basis_with_a_broken_finding_is_ignored(troubled, pastoral, finding):
    import orjson

    check(pastoral, troubled)
    [basis] = bases(troubled)
    stored = orjson.loads(basis.read_bytes())
    stored["runs"]["planner-signed"][1].append(finding)
    basis.write_bytes(orjson.dumps(stored))
    edit(troubled, *EDITS["staff"])
    assert check(pastoral, troubled) == check(pastoral, troubled, "--no-cache")


def sample_context(school: Path) -> Context:
    return Context.of(validate_workspace(Workspace.at(school / "records")).store, date.fromisoformat(SAMPLE_AS_OF))


def test_an_index_built_for_one_rule_counts_as_read_by_the_next(school):
    context = sample_context(school)
    _, first = reading(context.store, lambda: context.tutoring)  # built here, from three kinds
    _, second = reading(context.store, lambda: context.tutoring)  # only looked up here
    assert first == second == {"assignment", "pupil", "staff"}


def test_an_index_is_looked_up_directly_within_a_computation_and_nothing_of_it_is_left_after(school):
    """Within a computation an index is set straight on the RecordIndex (fast); after it, none stays there, or
    in the store: the index holds the store, so a value left in either would be a cycle only a collection frees."""
    context = sample_context(school)
    index = context  # the rules' context is the RecordIndex

    def twice():
        first = index.tutoring
        assert index.__dict__["tutoring"] is first  # the shortcut: found before the descriptor
        return first

    _, read = reading(context.store, twice)
    assert read == {"assignment", "pupil", "staff"}
    assert "tutoring" not in index.__dict__ and context.store.shortcuts is None
    assert index.tutoring is not None  # outside any computation: nothing is noted for later, so no shortcut either
    assert "tutoring" not in index.__dict__


def test_reading_every_kind_counts_every_kind(school):
    context = sample_context(school)
    _, read = reading(context.store, lambda: context.store.by_kind())
    assert read == {kind.name for kind in KINDS}


def test_what_a_rule_read_is_kept_and_a_rule_is_run_again_only_when_it_read_a_changed_kind(school):
    context = sample_context(school)
    runs = run_tracked(context)
    assert runs["meetings-per-year"].reads == {"school", "pupil", "session"}
    assert all("school" in run.reads for run in runs.values())  # the calendar and policy come from it
    planted = {rule_id: run._replace(findings=["kept"]) for rule_id, run in runs.items()}
    again = run_tracked(context, earlier=planted, changed=frozenset({"house"}))
    kept = {rule_id for rule_id, run in again.items() if run.findings == ["kept"]}
    assert kept == {rule_id for rule_id, run in runs.items() if "house" not in run.reads}
    assert "meetings-per-year" in kept and "line-managed-by-hoh" not in kept
    assert [f for run in again.values() for f in run.findings if f != "kept"] == \
        [f for rule_id, run in runs.items() if rule_id not in kept for f in run.findings]
    assert run_rules(context) == [f for run in runs.values() for f in run.findings]


@pytest.mark.parametrize(("first", "second", "same"), [
    ({"a": 1, "b": [1, "x"]}, {"a": 1, "b": [1, "x"]}, True),
    ({"a": 1}, {"a": 1.0}, False),
    ({"a": 1}, {"a": True}, False),
    ({"a": 0.0}, {"a": -0.0}, False),
    ({"a": math.nan}, {"a": math.nan}, False),
    ({"a": 1, "b": 2}, {"b": 2, "a": 1}, False),  # the order of keys can show in what is reported
    ({"a": None}, {"a": "null"}, False),
    ([1, 2], [1, 2, 3], False),
])
def test_records_are_the_same_only_when_identical(first, second, same):
    assert identical(first, second) is same


def test_only_the_changed_files_are_checked_against_their_schema(troubled, pastoral, monkeypatch):
    from pastoral.checking.schemas import Schemas

    session = next((troubled / "records/sessions").rglob("*.yml"))
    session.write_text(session.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    check(pastoral, troubled)
    checked, real = [], Schemas.check
    monkeypatch.setattr(Schemas, "check", lambda self, record: checked.append(record.file) or real(self, record))
    edit(troubled, *EDITS["staff"])
    code, out = check(pastoral, troubled)
    assert checked == ["records/staff/afernandes.yml"]
    assert "unknown_field" in out  # the unchanged session's problem is kept
    assert (code, out) == check(pastoral, troubled, "--no-cache")


@pytest.mark.parametrize(("tree", "changed"), [
    ([("a", "1"), ("b", "2")], {}),
    ([("a", "1"), ("b", "3")], {"b": "3"}),
    ([("a", "1")], {"b": None}),
    ([("a", "1"), ("b", "2"), ("c", "4")], {"c": "4"}),
    ([("a", "1"), ("c", "2")], {"c": "2", "b": None}),  # renamed
    ([("c", "2"), ("d", "1")], {"c": "2", "d": "1", "a": None, "b": None}),
])
def test_the_files_changed_since_a_basis(tree, changed):
    assert Basis(["a", "b"], ["1", "2"], {}, {}).changed_files(tree) == changed


def test_a_file_saved_while_the_check_reads_is_checked_as_walked_and_then_as_saved(troubled, pastoral, monkeypatch):
    """A check answers for the tree as its walk saw it, whatever changes while it runs: a file saved mid-check
    is checked as it was (its parse is cached under the blob id its walk had), and the next check sees the save.
    Nothing of the basis's older tree leaks into either."""
    from pastoral.reading.walk import Walked

    check(pastoral, troubled)
    edit(troubled, *EDITS["house"])
    staff = troubled / EDITS["staff"][0]
    walked_as, real = staff.read_text(encoding="utf-8"), Walked.load

    def saved_meanwhile(walked, parser):
        edit(troubled, *EDITS["staff"])
        return real(walked, parser)

    monkeypatch.setattr(Walked, "load", saved_meanwhile)
    during = check(pastoral, troubled)
    monkeypatch.setattr(Walked, "load", real)
    saved_as = staff.read_text(encoding="utf-8")
    staff.write_text(walked_as, encoding="utf-8")
    assert during == check(pastoral, troubled, "--no-cache")
    staff.write_text(saved_as, encoding="utf-8")
    assert check(pastoral, troubled) == check(pastoral, troubled, "--no-cache") != during
