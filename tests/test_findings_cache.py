"""The findings cache makes an unchanged tree cheap, and never changes what a check reports.

Each test checks a copy of the sample school with problems planted in it, once
with every cache (after a warm-up run, so the cached answer is there to be
wrongly reused) and once with ``--no-cache``, after one kind of edit: the two
outputs must be identical, byte for byte.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.conftest import SAMPLE_AS_OF, write
from tests.test_parse_cache import commit_everything

from pastoral.checking import findings_cache
from pastoral.checking.findings_cache import KEEP, KEEP_BASES
from pastoral.reading import cache as parsecache
from pastoral.reading import yaml_tree
from pastoral.reading.cache import DEFAULT_DIRECTORY
from pastoral.rules import REGISTRY


def check(pastoral, root: Path, *extra: str) -> tuple[int, str]:
    code, out, _ = pastoral("check", "--records", str(root / "records"), "--as-of", SAMPLE_AS_OF,
                            "--format", "json", *extra)
    return code, out


def same_with_and_without_caches(pastoral, root: Path, *extra: str) -> tuple[int, str]:
    cached = check(pastoral, root, *extra)
    assert cached == check(pastoral, root, *extra, "--no-cache")
    return cached


def findings_cached(root: Path) -> list[Path]:
    return sorted((root / DEFAULT_DIRECTORY / "findings").glob("*.json"))


def parses_counted(monkeypatch) -> list[str]:
    seen, real = [], yaml_tree.parse
    monkeypatch.setattr(yaml_tree, "parse", lambda text: seen.append(text) or real(text))
    return seen


def test_an_unchanged_tree_is_answered_from_the_cache_without_parsing(troubled, pastoral, monkeypatch):
    first = check(pastoral, troubled)
    parsed = parses_counted(monkeypatch)
    rules_run = []
    monkeypatch.setattr("pastoral.checking.checker.run_tracked", lambda *args: rules_run.append(args) or {})
    assert check(pastoral, troubled) == first
    assert parsed == [] and rules_run == []  # neither a parse nor a rule: only the walk


def walks_filed(root: Path) -> list[Path]:
    return sorted((root / DEFAULT_DIRECTORY / "findings").glob("*.walk"))


def test_an_unchanged_tree_is_answered_by_its_walk_without_a_single_note(troubled, pastoral, monkeypatch):
    """Once filed under the walk's key, the answer needs no blob id: the parse cache's notes are not read."""
    first = check(pastoral, troubled)
    assert len(walks_filed(troubled)) == 1
    monkeypatch.setattr(parsecache.ParseCache, "blobs_at", lambda *args: pytest.fail("a note was looked up"))
    assert check(pastoral, troubled) == first


def test_files_touched_but_unchanged_are_read_not_parsed_and_the_answer_is_reused(troubled, pastoral, monkeypatch):
    """A checkout or a save rewrites files as they were: their blob ids are worked out, and nothing is checked."""
    first = check(pastoral, troubled)
    for touched in sorted((troubled / "records/sessions").rglob("*.yml"))[:3]:
        touched.write_bytes(touched.read_bytes())
    parsed = parses_counted(monkeypatch)
    rules_run = []
    monkeypatch.setattr("pastoral.checking.checker.run_tracked", lambda *args: rules_run.append(args) or {})
    assert check(pastoral, troubled) == first
    assert parsed == [] and rules_run == []


def test_a_tree_changed_within_the_clocks_granularity_is_not_filed_by_its_walk(troubled, pastoral, monkeypatch):
    """A file whose times are too recent could change again unseen: the answer is kept by blob ids only."""
    monkeypatch.setattr(parsecache, "RECENT_NS", 2_000_000_000)  # the school was copied a moment ago
    first = check(pastoral, troubled)
    assert walks_filed(troubled) == [] and len(findings_cached(troubled)) == 1
    assert check(pastoral, troubled) == first


def test_lines_in_files_placed_before_are_not_worked_out_again(troubled, pastoral, monkeypatch):
    """Positions are kept by blob id: a file whose findings stay is not parsed for its lines every run."""
    check(pastoral, troubled)
    write(troubled, "records/houses/elm.yml", "id: elm\nname: Elm\n")  # a new answer is needed...
    placed, real = [], yaml_tree.positions
    monkeypatch.setattr(yaml_tree, "positions", lambda text: placed.append(text) or real(text))
    monkeypatch.setattr(findings_cache, "_code_fingerprint", lambda: b"a new version")  # ...for every file
    after = check(pastoral, troubled)
    assert [text for text in placed if "id: elm" not in text] == []  # only the new file's lines were worked out
    assert after == check(pastoral, troubled, "--no-cache")


@pytest.mark.parametrize("broken", [b"{not json", b"[]", {"version": parsecache.FORMAT, "entries": []},
                                    "ab", {"/id": [0, 1], "/name": [1]}, {"/id": [True, 2.5]}])
def test_broken_positions_are_worked_out_again(troubled, pastoral, monkeypatch, broken):
    """A positions shard that is not JSON, or holds anything but [line, column], is never used for a line."""
    expected = check(pastoral, troubled, "--no-cache")
    check(pastoral, troubled)
    for shard in (troubled / DEFAULT_DIRECTORY / "positions").glob("*.json"):
        if isinstance(broken, bytes) or "version" in broken:
            shard.write_bytes(broken if isinstance(broken, bytes) else json.dumps(broken).encode())
        else:  # every blob placed before gets the broken entry
            stored = json.loads(shard.read_bytes())
            stored["entries"] = dict.fromkeys(stored["entries"], broken)
            shard.write_text(json.dumps(stored), encoding="utf-8")
    monkeypatch.setattr(findings_cache, "_code_fingerprint", lambda: b"a new version")  # the findings are checked again
    assert check(pastoral, troubled) == expected


@pytest.mark.parametrize("edit", ["content", "lines moved", "same size and times", "rename", "delete", "new file",
                                  "schema", "codeowners"])
def test_every_kind_of_edit_gives_the_findings_of_a_fresh_check(troubled, pastoral, edit):
    before = same_with_and_without_caches(pastoral, troubled)
    records = troubled / "records"
    if edit == "content":
        pupil = records / "pupils/p0002.yml"
        pupil.write_text(pupil.read_text(encoding="utf-8").replace("year: ", "year: 1"), encoding="utf-8")
    elif edit == "lines moved":  # the findings stay, on other lines
        session = records / "sessions/2026-27/2026-09-09-p0154.yml"  # its planner-signed warning is on line 4
        session.write_text("# moved down\n# and again\n" + session.read_text(encoding="utf-8"), encoding="utf-8")
    elif edit == "same size and times":  # only the change time (which no one can set) gives it away
        house = records / "houses/oak.yml"
        old, text = os.stat(house), house.read_text(encoding="utf-8")
        house.write_text(text.replace("id: oak", "id: oax"), encoding="utf-8")
        os.utime(house, ns=(old.st_atime_ns, old.st_mtime_ns))
        assert os.stat(house).st_size == old.st_size
    elif edit == "rename":
        session = next((records / "sessions").rglob("*.yml"))
        session.rename(session.with_name("2026-01-01-p9999.yml"))
    elif edit == "delete":
        next((records / "assignments").glob("*.yml")).unlink()
    elif edit == "new file":
        write(troubled, "records/houses/elm.yml", "id: elm\nname: Elm\n")
    elif edit == "schema":
        schema = troubled / "schemas/pupil.schema.json"
        schema.write_text(schema.read_text(encoding="utf-8").replace('"maximum": 13', '"maximum": 9'), encoding="utf-8")
    elif edit == "codeowners":
        write(troubled, ".github/CODEOWNERS", "* @someone\n")
    after = same_with_and_without_caches(pastoral, troubled)
    assert after != before  # each edit changes what is found, so a stale answer would show


def test_another_date_is_another_answer(troubled, pastoral):
    same_with_and_without_caches(pastoral, troubled)
    assert check(pastoral, troubled, "--as-of", "2027-07-30") == check(pastoral, troubled, "--as-of", "2027-07-30",
                                                                       "--no-cache")
    assert check(pastoral, troubled, "--as-of", "2027-07-30") != check(pastoral, troubled)


def test_another_version_of_the_rules_is_another_answer(troubled, pastoral, monkeypatch):
    before = check(pastoral, troubled)
    rule = REGISTRY["tutor-assigned"]
    monkeypatch.setitem(REGISTRY, "tutor-assigned", dataclasses.replace(rule, check=lambda context: []))  # changed...
    monkeypatch.setattr(findings_cache, "_code_fingerprint", lambda: b"another version")  # ...and so did the code
    after = same_with_and_without_caches(pastoral, troubled)
    assert "tutor-assigned" in before[1] and "tutor-assigned" not in after[1]


def test_the_code_fingerprint_follows_the_source(tmp_path):
    package = tmp_path / "package"
    shutil.copytree(Path(findings_cache.__file__).parent.parent, package)
    first = findings_cache.source_fingerprint(package)
    assert findings_cache.source_fingerprint(package) == first
    rules = package / "rules" / "guarantee.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# a change\n", encoding="utf-8")
    second = findings_cache.source_fingerprint(package)
    assert second != first
    text = rules.read_text(encoding="utf-8")  # the same size, and the time set back: a new file all the same
    times = rules.stat()
    rules.unlink()
    rules.write_text(text.replace("# a change", "# a chance"), encoding="utf-8")
    os.utime(rules, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert findings_cache.source_fingerprint(package) not in (first, second)


def test_the_base_of_a_pull_request_is_answered_from_the_cache(troubled, pastoral, monkeypatch):
    commit_everything(troubled)
    session = next((troubled / "records/sessions").rglob("*.yml"))
    session.write_text(session.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    first = same_with_and_without_caches(pastoral, troubled, "--base", "HEAD")
    assert first[0] == 1 and "unknown_field" in first[1]
    parsed = parses_counted(monkeypatch)
    assert check(pastoral, troubled, "--base", "HEAD") == first and parsed == []


def test_a_base_answered_from_the_cache_is_named_by_its_tree_not_listed(troubled, pastoral, monkeypatch):
    """Git's id of the records folder's tree names every file and blob in it: a cached base is found without
    listing the revision's files, and a new commit is another base."""
    from pastoral.reading import revision

    (troubled / "records/notes.txt").unlink()  # a misplaced file is only ever the head's (never a base's) error
    commit_everything(troubled)
    check(pastoral, troubled, "--base", "HEAD")
    asked, real = [], revision.git
    monkeypatch.setattr(revision, "git", lambda top, *args, **kw: asked.append(args[0]) or real(top, *args, **kw))
    assert check(pastoral, troubled, "--base", "HEAD")[0] == 0  # the head adds no error to its base
    assert "ls-tree" not in asked
    session = next((troubled / "records/sessions").rglob("*.yml"))
    session.write_text(session.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(troubled), "-c", "user.name=T", "-c", "user.email=t@example.invalid",
                    "commit", "-qam", "an error, merged"], check=True)
    code, out = same_with_and_without_caches(pastoral, troubled, "--base", "HEAD")
    assert code == 0 and "unknown_field" in out  # in the new base too: not added by the head
    assert "ls-tree" in asked


def test_a_base_in_use_stays_cached_however_many_edits_come_between(troubled, pastoral, monkeypatch):
    """Answers are kept by when they were last used, not written: a tutor's editing writes a new answer at
    every check, and the pull request's base, asked for at each, must not be the one that goes."""
    (troubled / "records/notes.txt").unlink()
    commit_everything(troubled)
    check(pastoral, troubled, "--base", "HEAD")
    session = next((troubled / "records/sessions").rglob("*.yml"))
    parsed = parses_counted(monkeypatch)
    for edit in range(KEEP + 2):
        session.write_text(session.read_text(encoding="utf-8") + f"# edit {edit}\n", encoding="utf-8")
        os.utime(session, ns=(edit * 10**9, edit * 10**9))  # a time of its own each edit, long settled
        check(pastoral, troubled, "--base", "HEAD")
    assert len(parsed) == KEEP + 2  # the edited file, once a check: never the base's files again


BROKEN_ANSWERS = [b"", b"{not json", b"[]", b'{"findings": [{"rule": 1}], "files": 3}',
                  b'{"findings": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"]
BROKEN_WALKS = [b"", b"not a key", b"0" * 64, b"../" * 30]
"""What a walk's entry may hold instead of the key of an answer."""


@pytest.mark.parametrize(("entries", "content"), [(findings_cached, content) for content in BROKEN_ANSWERS]
                         + [(walks_filed, content) for content in BROKEN_WALKS])
def test_a_broken_answer_or_walk_entry_is_ignored(troubled, pastoral, entries, content):
    expected = check(pastoral, troubled)
    for entry in entries(troubled):
        entry.write_bytes(content)
    assert check(pastoral, troubled) == expected


def test_a_cached_answer_reached_through_a_link_is_ignored(troubled, pastoral, tmp_path):
    expected = check(pastoral, troubled)
    [entry] = findings_cached(troubled)
    planted = tmp_path / "planted.json"
    planted.write_text(json.dumps({"findings": [], "files": 1, "houses": {}}), encoding="utf-8")
    entry.unlink()
    entry.symlink_to(planted)
    assert check(pastoral, troubled) == expected


def test_only_a_few_answers_are_kept(troubled, pastoral):
    for day in range(1, KEEP + 4):
        check(pastoral, troubled, "--as-of", f"2026-12-{day:02d}")
    assert len(findings_cached(troubled)) == KEEP
    assert len(list((troubled / DEFAULT_DIRECTORY / "findings").glob("*.basis"))) == KEEP_BASES


def test_a_check_run_in_a_git_repository_leaves_it_clean(troubled, pastoral):
    commit_everything(troubled)
    check(pastoral, troubled)
    status = subprocess.run(["git", "-C", str(troubled), "status", "--porcelain"], capture_output=True, text=True,
                            check=True).stdout
    assert status == ""
