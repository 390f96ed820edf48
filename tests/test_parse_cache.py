"""The parse cache and the worker pool change how fast a check is, never what it finds.

Every test runs the real parser on a copy of the sample school with problems
planted in it; the cache is the real JSON file in the school's ``.pastoral-cache/``.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from tests.conftest import SAMPLE_AS_OF, write
from tests.test_properties import BOUNDED, yaml_texts

from pastoral.checking.checker import check_revision, check_workspace
from pastoral.core.workspace import Workspace
from pastoral.reading import cache as parsecache
from pastoral.reading import shards, yaml_tree
from pastoral.reading.cache import DEFAULT_DIRECTORY, FORMAT, ParseCache, blob_id
from pastoral.reading.parser import RecordParser, cached_parser
from pastoral.reading.positions import place
from pastoral.reading.shards import ShardedStore, shard_name

AS_OF = date.fromisoformat(SAMPLE_AS_OF)


@pytest.fixture
def troubled(school: Path) -> Path:
    """The sample school with one problem of each sort: YAML, schema, layout, rule, and a duplicate id."""
    write(school, "records/pupils/p0001.yml", "id: p0001\nname: [unclosed\n")
    pupil = (school / "records/pupils/p0002.yml").read_text(encoding="utf-8")
    (school / "records/pupils/p0002.yml").write_text(pupil.replace("year_group:", "year_group: 99\nold_year:"),
                                                     encoding="utf-8")
    write(school, "records/notes.txt", "a stray file\n")
    (school / "records/assignments/p0003-1.yml").unlink()
    write(school, "records/staff/copy.yml", (school / "records/staff").glob("*.yml").__next__().read_text())
    return school


def outcome(root: Path, parser: RecordParser | None = None) -> tuple[list[dict], list[tuple]]:
    """Every finding (placed, as reported) and every record a check of ``root`` produces."""
    workspace = Workspace.at(root / "records")
    checked = check_workspace(workspace, AS_OF, parser)
    records = [(record.kind.name, record.id, record.file, record.data)
               for kind in checked.store.by_kind().values() for record in kind]
    return [asdict(finding) for finding in place(checked.findings, workspace.root)], records


def cache_of(root: Path) -> dict:
    """The cache's two halves as stored, each with its shards merged."""
    folder = root / DEFAULT_DIRECTORY
    return {half: {key: value for shard in sorted((folder / half).glob("*.json"))
                   for key, value in json.loads(shard.read_bytes())["entries"].items()}
            for half in ("parsed", "files")}


def cache_text(root: Path) -> str:
    """Everything the cache holds, as the text of its files."""
    return "".join(shard.read_text(encoding="utf-8") for shard in sorted((root / DEFAULT_DIRECTORY).rglob("*.json")))


def cache_bytes(root: Path) -> dict[str, bytes]:
    return {str(shard): shard.read_bytes() for shard in sorted((root / DEFAULT_DIRECTORY).rglob("*.json"))}


def parses_counted(monkeypatch) -> list[str]:
    """Spy on the YAML parser (it still runs, in this process): the texts it is given."""
    monkeypatch.setenv("PASTORAL_WORKERS", "1")
    seen, real = [], yaml_tree.parse

    def counting(text):
        seen.append(text)
        return real(text)

    monkeypatch.setattr(yaml_tree, "parse", counting)
    return seen


def commit_everything(root: Path) -> None:
    """Make ``root`` a real Git repository with all its files in one commit."""
    git = ["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.invalid"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "base"], check=True)


def test_findings_and_records_are_the_same_with_and_without_the_cache_and_the_pool(troubled):
    plain = outcome(troubled)
    assert len(plain[0]) >= 5 and len(plain[1]) > 1000
    cache_dir = troubled / DEFAULT_DIRECTORY
    with cached_parser(cache_dir) as parser:
        cold = outcome(troubled, parser)
    with cached_parser(cache_dir) as parser:
        warm = outcome(troubled, parser)
    pooled = outcome(troubled, RecordParser(workers=2, pool_from=1))
    with cached_parser(cache_dir) as parser:
        parser.workers, parser.pool_from = 2, 1
        pooled_warm = outcome(troubled, parser)
    assert cold == plain and warm == plain and pooled == plain and pooled_warm == plain


def test_a_warm_run_parses_only_the_files_that_do_not_parse(troubled, pastoral, monkeypatch):
    pastoral("check", "--records", str(troubled / "records"), "--as-of", SAMPLE_AS_OF)
    parsed = parses_counted(monkeypatch)
    code, out, _ = pastoral("check", "--records", str(troubled / "records"), "--as-of", SAMPLE_AS_OF)
    assert code == 1 and "records/pupils/p0001.yml:3:1: error [yaml]" in out
    assert parsed == ["id: p0001\nname: [unclosed\n"]  # a YAML error is not cached: it is found afresh each time


def test_no_cache_neither_reads_nor_writes_one(troubled, pastoral, monkeypatch):
    code, _, _ = pastoral("check", "--records", str(troubled / "records"), "--as-of", SAMPLE_AS_OF, "--no-cache")
    assert code == 1 and not (troubled / DEFAULT_DIRECTORY).exists()
    pastoral("validate", "--records", str(troubled / "records"))
    stored = cache_bytes(troubled)
    (troubled / "records/houses/oak.yml").write_text("id: oak\nname: Oak\n", encoding="utf-8")
    parsed = parses_counted(monkeypatch)
    pastoral("validate", "--records", str(troubled / "records"), "--no-cache")
    assert len(parsed) > 1000 and cache_bytes(troubled) == stored


def test_an_edit_that_keeps_size_and_modification_time_is_still_seen(school, pastoral, monkeypatch):
    monkeypatch.setattr(parsecache, "RECENT_NS", 0)  # note files however recent (the next test covers that rule)
    house = school / "records/houses/oak.yml"
    old = os.stat(house)
    pastoral("check", "--records", str(school / "records"), "--as-of", SAMPLE_AS_OF)
    assert "records/houses/oak.yml" in cache_of(school)["files"]  # noted by its path as findings show it
    text = house.read_text(encoding="utf-8")
    changed = text.replace("id: oak", "id: oax")
    assert len(changed) == len(text) and changed != text
    house.write_text(changed, encoding="utf-8")
    os.utime(house, ns=(old.st_atime_ns, old.st_mtime_ns))  # the same size and modification time as noted
    code, out, _ = pastoral("check", "--records", str(school / "records"), "--as-of", SAMPLE_AS_OF)
    assert code == 1 and "[id-matches-file]" in out  # the change time and the contents gave it away


def test_a_file_changed_in_the_last_seconds_is_not_trusted_by_its_times(tmp_path):
    path = write(tmp_path, "records/houses/oak.yml", "id: oak\n")
    status = parsecache.signature(os.stat(path))
    cache = ParseCache(tmp_path / "cache")
    cache.opened_ns = parsecache.changed_at(status)  # however long writing took on a busy machine
    cache.put("oak-blob", {"id": "oak"})
    cache.note("records/houses/oak.yml", status, "oak-blob")  # changed a moment ago: a second change could keep its times
    cache.save()
    assert ParseCache(tmp_path / "cache").blobs_at([("records/houses/oak.yml", status)]) == [None]
    cache.opened_ns = parsecache.changed_at(status) + parsecache.RECENT_NS + 1  # seconds later
    cache.note("records/houses/oak.yml", status, "oak-blob")
    cache.save()
    assert ParseCache(tmp_path / "cache").blobs_at([("records/houses/oak.yml", status)]) == ["oak-blob"]


def test_validating_named_files_neither_reads_nor_writes_the_cache(troubled, pastoral, monkeypatch, tmp_path):
    """The edit loop's command reads only the files it is given: the cache could not know their parses without
    reading them, and its shards take longer to read than a few files take to parse."""
    caches = tmp_path / "caches"
    caches.mkdir()
    monkeypatch.setenv("PASTORAL_CACHE_DIR", str(caches))
    named = [str(troubled / "records/houses/oak.yml"), str(troubled / "records/pupils/p0001.yml")]
    expected = pastoral("validate", "--records", str(troubled / "records"), *named, "--no-cache")
    assert pastoral("validate", "--records", str(troubled / "records"), *named) == expected
    assert list(caches.iterdir()) == []
    pastoral("validate", "--records", str(troubled / "records"))
    assert (caches / DEFAULT_DIRECTORY / "parsed").is_dir()  # the whole folder's validation keeps its parses


def test_a_deleted_record_leaves_the_cache_on_the_next_whole_run(school, pastoral):
    pupil = school / "records/pupils/p0001.yml"
    name = yaml_tree.parse(pupil.read_text(encoding="utf-8"))["name"]
    pastoral("check", "--records", str(school / "records"), "--as-of", SAMPLE_AS_OF)
    assert name in cache_text(school)
    pastoral("validate", "--records", str(school / "records"), str(school / "records/houses/oak.yml"))
    assert len(cache_of(school)["parsed"]) > 1000  # validating one file keeps what the whole run cached
    pupil.unlink()
    pastoral("check", "--records", str(school / "records"), "--as-of", SAMPLE_AS_OF)
    assert name not in cache_text(school)


def test_the_cache_is_private_and_ignored_by_git(school, pastoral):
    subprocess.run(["git", "init", "-q", str(school)], check=True)
    pastoral("check", "--records", str(school / "records"), "--as-of", SAMPLE_AS_OF)
    folder = school / DEFAULT_DIRECTORY
    shards = list(folder.rglob("*.json"))
    assert folder.stat().st_mode & 0o777 == 0o700 and shards
    assert {shard.stat().st_mode & 0o777 for shard in shards} == {0o600}
    assert {shard.parent.stat().st_mode & 0o777 for shard in shards} == {0o700}
    status = subprocess.run(["git", "-C", str(school), "status", "--porcelain", "--ignored", "--", DEFAULT_DIRECTORY],
                            capture_output=True, text=True, check=True).stdout
    assert status.strip() == f"!! {DEFAULT_DIRECTORY}/"


@pytest.mark.parametrize("content", [b"{not json", b"[]", b'{"version": "pastoral 0.0.1", "entries": {}}',
                                     b'{"version": "%s", "entries": {"x": 1, "y": "z"}}',
                                     b'{"version": "%s", "entries": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"])
def test_a_broken_or_outdated_cache_is_ignored_and_replaced(troubled, content):
    expected = outcome(troubled)
    folder = troubled / DEFAULT_DIRECTORY
    for half in ("parsed", "files"):
        (folder / half).mkdir(parents=True)
        for index in (0, 1, 3):
            (folder / half / shard_name(4, index)).write_bytes(content.replace(b"%s", FORMAT.encode()))
    with cached_parser(folder) as parser:
        assert outcome(troubled, parser) == expected
    assert len(cache_of(troubled)["parsed"]) > 1000


def test_a_cache_that_cannot_be_written_only_costs_time(troubled, pastoral, monkeypatch):
    blocker = write(troubled, "not-a-folder", "a file where the cache folder would go\n")
    monkeypatch.setenv("PASTORAL_CACHE_DIR", str(blocker))
    code, out, err = pastoral("check", "--records", str(troubled / "records"), "--as-of", SAMPLE_AS_OF)
    assert code == 1 and "[tutor-assigned]" in out and err == ""


def test_the_base_is_read_through_the_same_cache(troubled, pastoral):
    commit_everything(troubled)
    workspace = Workspace.at(troubled / "records")
    expected = [asdict(f) for f in check_revision(workspace, "HEAD", AS_OF).findings]
    with cached_parser(troubled / DEFAULT_DIRECTORY) as parser:
        check_workspace(workspace, AS_OF, parser)
        assert [asdict(f) for f in check_revision(workspace, "HEAD", AS_OF, parser).findings] == expected
    with cached_parser(troubled / DEFAULT_DIRECTORY) as parser:
        assert [asdict(f) for f in check_revision(workspace, "HEAD", AS_OF, parser).findings] == expected


@BOUNDED
@given(yaml_texts)
def test_a_cached_parse_is_the_parse(tmp_path_factory, text):
    """The cache stores parses as JSON: whatever YAML gives must come back exactly (bar NaN, never equal to itself)."""
    try:
        values = yaml_tree.parse(text)
    except yaml_tree.YamlProblem:
        return
    folder = tmp_path_factory.mktemp("cache")
    cache = ParseCache(folder)
    cache.put("blob", values)
    cache.save()
    again = ParseCache(folder).get("blob")
    assert json.dumps(again, sort_keys=False) == json.dumps(values, sort_keys=False)
    assert again == values or "NaN" in json.dumps(values)


def test_without_the_cache_the_base_still_reuses_the_heads_parses(troubled, pastoral, monkeypatch):
    commit_everything(troubled)
    write(troubled, "records/houses/oak.yml", "id: oak\nname: Oak\nhead_of_house: s0001\n")  # the change
    parsed = parses_counted(monkeypatch)
    code, _, _ = pastoral("check", "--records", str(troubled / "records"), "--as-of", SAMPLE_AS_OF,
                          "--base", "HEAD", "--no-cache")
    files = list((troubled / "records").rglob("*.yml"))
    assert code == 1 and len(parsed) == len(files) + 2  # the base's oak.yml, and its p0001.yml that does not parse
    assert not (troubled / DEFAULT_DIRECTORY).exists()


@pytest.mark.skipif(os.name != "posix", reason="a file name that is not UTF-8 can only be made on POSIX")
def test_a_file_name_that_is_not_utf8_is_cached_like_any_other(school, pastoral, monkeypatch):
    monkeypatch.setattr(parsecache, "RECENT_NS", 0)  # so the odd name is noted in the cache's file index
    odd = os.path.join(os.fsencode(school / "records/pupils"), b"x\xff.yml")
    with open(odd, "wb") as handle:
        handle.write((school / "records/pupils/p0001.yml").read_bytes())
    first = pastoral("check", "--records", str(school / "records"), "--as-of", SAMPLE_AS_OF, "--format", "json")
    again = pastoral("check", "--records", str(school / "records"), "--as-of", SAMPLE_AS_OF, "--format", "json")
    assert first[0] == again[0] == 1 and first[1] == again[1] and "id-matches-file" in first[1]
    assert "records/pupils/x\udcff.yml" in {finding["file"] for finding in json.loads(first[1])}  # escaped, valid JSON
    assert "\0" + b"records/pupils/x\xff.yml".hex() in cache_of(school)["files"]


@pytest.mark.parametrize("number", [2**64 - 1, 2**64, -(2**63), -(2**63) - 1, 10**30, -(10**30)])
def test_numbers_at_the_edge_of_64_bits_come_back_exactly(tmp_path, number):
    """orjson, the fast reader, reads integers past 64 bits as floats: such a shard goes to the exact one."""
    cache = ParseCache(tmp_path)
    cache.put("ab" + "0" * 38, {"n": number, "in_a_list": [number], "first": [number, 1]})
    cache.save()
    again = ParseCache(tmp_path).get("ab" + "0" * 38)
    assert again == {"n": number, "in_a_list": [number], "first": [number, 1]}
    assert all(type(value) is int for value in (again["n"], *again["in_a_list"]))


@pytest.mark.parametrize("values", [{"a": float("inf"), "b": None}, {"a": [float("-inf")], "b": None},
                                    {"a": None, "b": "null", "c": 1.5}, {"text": "x\udcff", "n": None}])
def test_infinities_and_nulls_and_odd_text_come_back_exactly(tmp_path, values):
    """orjson writes infinity as null: a shard holding a null is written so that each comes back as it was."""
    cache = ParseCache(tmp_path)
    cache.put("ef" + "0" * 38, values)
    cache.save()
    assert ParseCache(tmp_path).get("ef" + "0" * 38) == values


def test_blob_ids_and_19_digit_numbers_are_read_by_the_fast_reader(tmp_path):
    """Runs of digits inside blob ids, and numbers of up to 19 digits (18 with a minus), do not send a shard to the
    slow reader."""
    cache = ParseCache(tmp_path)
    blob = "cd" + "1234567890" * 3 + "abcdef1234"
    values = {"id": "p0001", "notes": "call 12345678901234567890123 about it", "n": [-(10**18) + 1, 2**63 - 1]}
    cache.put(blob, values)
    cache.note("records/pupils/p0001.yml", "120:1700000000123456789:1700000000123456789:42:7", blob)
    cache.save()
    assert (tmp_path / "parsed" / shard_name(1, 0)).read_bytes()[:1] == b"{"
    assert all(shard.read_bytes()[:1] == b"{" for shard in (tmp_path / "files").glob("*.json"))
    assert ParseCache(tmp_path).get(blob) == values


def test_a_save_removes_files_nothing_reads_but_not_a_write_under_way(tmp_path):
    """Shards of another layout (an older version's, or another count's) and temporaries of a run killed while
    writing hold pupils' data and are never read: a save removes them. A temporary written in the last minute may
    be another run's."""
    (tmp_path / "parsed").mkdir()
    older = [tmp_path / "parsed" / name for name in ("ff.json", "40.json", shard_name(1, 0), ".shard-killed.tmp")]
    under_way = tmp_path / "parsed" / ".shard-writing.tmp"
    current = [tmp_path / "parsed" / shard_name(2, index) for index in (0, 1)]  # most files name two shards
    for leftover in (*older, under_way, *current):
        leftover.write_text('{"entries": {"ff00": {"name": "Ada"}}}', encoding="utf-8")
    os.utime(older[-1], (0, 0))
    store = ShardedStore(tmp_path / "parsed", FORMAT)
    store.set("ff00", {"name": "Ada"})
    store.save()
    assert sorted(path.name for path in (tmp_path / "parsed").iterdir()) == [".shard-writing.tmp", *(
        shard_name(2, index) for index in (0, 1))]
    assert ShardedStore(tmp_path / "parsed", FORMAT).get("ff00") == {"name": "Ada"}


def hex_keys(count: int) -> list[str]:
    return [blob_id(b"%d" % number) for number in range(count)]


@pytest.mark.parametrize("text_keys", [False, True])
def test_a_store_grows_into_more_shards_and_shrinks_into_fewer(tmp_path, monkeypatch, text_keys):
    """A store has about one shard for every PER_SHARD entries (a power of two, at most MOST_SHARDS): shared out
    anew when a run has read them all and the store has outgrown them or shrunk to a quarter; never by a run that
    read a few."""
    monkeypatch.setattr(shards, "PER_SHARD", 10)
    keys = [f"records/pupils/p{number:04d}.yml" for number in range(35)] if text_keys else hex_keys(35)
    store = ShardedStore(tmp_path, FORMAT, text_keys=text_keys)
    for key in keys:
        store.set(key, [key])
    store.save()
    assert sorted(path.name for path in tmp_path.iterdir()) == [shard_name(4, index) for index in range(4)]
    assert all(len(json.loads(path.read_bytes())["entries"]) < 20 for path in tmp_path.iterdir())
    store.release()
    assert [store.get(key) for key in keys] == [[key] for key in keys]
    for key in keys[:30]:
        store.remove(key)
    store.save()  # read every shard, and holds 5 entries: shared out among 1
    assert sorted(path.name for path in tmp_path.iterdir()) == [shard_name(1, 0)]
    few = ShardedStore(tmp_path, FORMAT, text_keys=text_keys)
    for key in keys[:30]:
        few.set(key, [key])
    few.save()  # read the one shard there is: 35 entries, shared out among 4 again
    assert len(list(tmp_path.iterdir())) == 4
    partial = ShardedStore(tmp_path, FORMAT, text_keys=text_keys)
    monkeypatch.setattr(shards, "PER_SHARD", 1)
    partial.set(keys[0], ["changed"])
    partial.save()  # read one shard of four: it cannot know how many entries there are, so the count stays
    assert len(list(tmp_path.iterdir())) == 4
    assert ShardedStore(tmp_path, FORMAT, text_keys=text_keys).get(keys[0]) == ["changed"]


def test_a_store_left_between_two_counts_reads_the_count_most_files_name(tmp_path):
    """A run stopped while sharing a store out anew leaves files of two counts: the count most of them name is
    read, and the other's files go at the next save. Either way an entry is found or is missing: never wrong."""
    keys = hex_keys(8)
    for count in (2, 4):
        for index in range(count if count == 4 else 1):
            shares = [key for key in keys if int(key[:2], 16) * count >> 8 == index]
            (tmp_path / shard_name(count, index)).write_text(
                json.dumps({"version": FORMAT, "entries": {key: count for key in shares}}), encoding="utf-8")
    store = ShardedStore(tmp_path, FORMAT)
    assert [store.get(key) for key in keys] == [4] * 8
    store.set(keys[0], 5)
    store.save()
    assert sorted(path.name for path in tmp_path.iterdir()) == [shard_name(4, index) for index in range(4)]


def test_a_store_with_nothing_yet_starts_with_the_shards_it_is_told_to_expect(tmp_path, monkeypatch):
    """A first whole-tree run says how many files it reads: the store starts with that many entries' shards,
    rather than one to be shared out anew at the save; a store with files, or with entries, keeps its count."""
    monkeypatch.setattr(shards, "PER_SHARD", 10)
    keys = hex_keys(35)
    store = ShardedStore(tmp_path, FORMAT)
    store.expect(len(keys))
    for key in keys:
        store.set(key, 1)
    assert len(list(store.all_entries())) == 4  # before any save
    store.save()
    again = ShardedStore(tmp_path, FORMAT)
    again.expect(1000)
    assert len(list(again.all_entries())) == 4
    unsaved = ShardedStore(tmp_path / "other", FORMAT)
    unsaved.set(keys[0], 1)
    unsaved.expect(1000)
    assert len(list(unsaved.all_entries())) == 1 and unsaved.get(keys[0]) == 1
