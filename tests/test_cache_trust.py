"""A parse cache vouches for nothing: one this user did not make, here, in a place of their own, is ignored.

Each test plants the same poison: valid values stored under the blob id of an
invalid pupil record, so that a believed cache would hide the error. The check
must report the error, say in one line on stderr why the cache was ignored, and
leave the planted cache exactly as it was (never written through).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from tests.conftest import SAMPLE_AS_OF
from tests.test_parse_cache import commit_everything

from pastoral.reading import yaml_tree
from pastoral.reading.cache import DEFAULT_DIRECTORY, FORMAT, blob_id, cache_directory
from pastoral.reading.shards import shard_name

PUPIL = "records/pupils/p0001.yml"
ERROR_LINE = f"{PUPIL}:3:7: error [schema] year: 99 is not one of 1-13"


def make_invalid(root: Path) -> dict:
    """Give p0001 an impossible year; returns the values a poisoned cache claims the file holds."""
    path = root / PUPIL
    text = path.read_text(encoding="utf-8")
    valid = yaml_tree.parse(text)
    path.write_text(text.replace(f"year: {valid['year']}\n", "year: 99\n"), encoding="utf-8")
    return valid


def shard_file(folder: Path, root: Path) -> Path:
    """The file of the cache in ``folder`` that holds p0001's parse: a school this small keeps its parses in one."""
    return folder / "parsed" / shard_name(1, 0)


def poison(folder: Path, root: Path, mode: int = 0o700) -> Path:
    """A cache in ``folder`` that says the invalid p0001 is the valid one; returns its file."""
    valid = make_invalid(root)
    file = shard_file(folder, root)
    file.parent.mkdir(parents=True, exist_ok=True)
    folder.chmod(mode)
    file.parent.chmod(0o700)
    blob = blob_id((root / PUPIL).read_bytes())
    file.write_text(json.dumps({"version": FORMAT, "entries": {blob: valid}}), encoding="utf-8")
    file.chmod(0o600)
    return file


def check(pastoral, root: Path, *more: str) -> tuple[int, str, str]:
    return pastoral("check", "--records", str(root / "records"), "--as-of", SAMPLE_AS_OF, *more)


def assert_ignored(outcome: tuple[int, str, str], file: Path, planted: bytes, why: str) -> None:
    code, out, err = outcome
    assert code == 1 and ERROR_LINE in out
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("pastoral: ignoring the parse cache") and why in lines[0], err
    assert file.read_bytes() == planted  # never written through


def test_a_cache_of_ones_own_is_believed_so_the_poison_is_real(school, pastoral):
    """The control: the same poison in a cache this user made hides the error, as any cache would."""
    poison(school / DEFAULT_DIRECTORY, school)
    code, out, err = check(pastoral, school)
    assert ERROR_LINE not in out and err == ""


def test_a_cache_git_tracks_is_ignored_in_a_fresh_clone(school, pastoral, tmp_path):
    """The attack of the issue: ``git add -f .pastoral-cache`` on a branch, then ``check --base`` in CI's clone."""
    commit_everything(school)  # the base: p0001 is valid
    file = poison(school / DEFAULT_DIRECTORY, school)  # the branch: p0001 broken, and a cache that hides it
    git = ["git", "-C", str(school), "-c", "user.name=T", "-c", "user.email=t@example.invalid"]
    subprocess.run(git + ["add", "-f", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "branch"], check=True)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(school), str(clone)], check=True)
    planted = shard_file(clone / DEFAULT_DIRECTORY, clone)
    (clone / DEFAULT_DIRECTORY).chmod(0o700)  # as the attacker would have it: this user's own, private
    planted.chmod(0o600)
    assert planted.read_bytes() == file.read_bytes()
    outcome = check(pastoral, clone, "--base", "HEAD~1")
    assert_ignored(outcome, planted, file.read_bytes(), "Git tracks it")
    assert "git rm -r --cached .pastoral-cache" in outcome[2]


def test_a_cache_git_tracks_is_ignored_even_by_a_plain_check(school, pastoral):
    file = poison(school / DEFAULT_DIRECTORY, school)
    commit_everything(school)
    assert_ignored(check(pastoral, school), file, file.read_bytes(), "Git tracks it")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file to another user")
@pytest.mark.parametrize("whose", ["folder", "file"])
def test_a_cache_another_user_owns_is_ignored(school, pastoral, tmp_path, monkeypatch, whose):
    shared = tmp_path / "shared"
    file = poison(shared / DEFAULT_DIRECTORY, school)
    os.chown(file.parent if whose == "folder" else file, 65534, 65534)  # nobody
    monkeypatch.setenv("PASTORAL_CACHE_DIR", str(shared))
    assert_ignored(check(pastoral, school), file, file.read_bytes(), "another user owns it")


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702])
def test_a_cache_folder_others_may_write_to_is_ignored(school, pastoral, tmp_path, monkeypatch, mode):
    """A shared $PASTORAL_CACHE_DIR someone made world- (or group-) writable."""
    shared = tmp_path / "shared"
    file = poison(shared / DEFAULT_DIRECTORY, school, mode)
    monkeypatch.setenv("PASTORAL_CACHE_DIR", str(shared))
    assert_ignored(check(pastoral, school), file, file.read_bytes(), "other users may write to it")


def test_a_cache_in_a_folder_everyone_may_write_to_is_ignored(school, pastoral, tmp_path, monkeypatch):
    """A $PASTORAL_CACHE_DIR another user made world-writable: even a cache of one's own there could be swapped."""
    shared = tmp_path / "shared"
    file = poison(shared / DEFAULT_DIRECTORY, school)
    shared.chmod(0o777)
    monkeypatch.setenv("PASTORAL_CACHE_DIR", str(shared))
    assert_ignored(check(pastoral, school), file, file.read_bytes(), "every user may write to the folder holding it")


def test_a_cache_in_a_sticky_shared_folder_of_ones_own_is_believed(school, pastoral, tmp_path, monkeypatch):
    """As in /tmp: the sticky bit stops others from renaming what is not theirs."""
    shared = tmp_path / "sticky"
    poison(shared / DEFAULT_DIRECTORY, school)
    shared.chmod(0o1777)
    monkeypatch.setenv("PASTORAL_CACHE_DIR", str(shared))
    code, out, err = check(pastoral, school)
    assert ERROR_LINE not in out and err == ""


def test_a_cache_file_others_may_write_to_is_ignored(school, pastoral):
    file = poison(school / DEFAULT_DIRECTORY, school)
    file.chmod(0o666)
    assert_ignored(check(pastoral, school), file, file.read_bytes(), "other users may write to it")


def test_a_cache_folder_reached_through_a_link_is_ignored(school, pastoral, tmp_path):
    file = poison(tmp_path / "elsewhere", school)
    (school / DEFAULT_DIRECTORY).symlink_to(tmp_path / "elsewhere")
    assert_ignored(check(pastoral, school), file, file.read_bytes(), "it is a link")


def test_a_cache_file_that_is_a_link_is_ignored_and_not_replaced(school, pastoral, tmp_path):
    target = poison(tmp_path / "elsewhere", school)
    link = shard_file(school / DEFAULT_DIRECTORY, school)
    link.parent.mkdir(mode=0o700, parents=True)
    link.symlink_to(target)
    assert_ignored(check(pastoral, school), target, target.read_bytes(), "it is a link")
    assert link.is_symlink()


def test_a_cache_file_with_a_second_name_is_ignored(school, pastoral, tmp_path):
    """A hard link: whoever holds the other name can change what this cache says."""
    file = poison(school / DEFAULT_DIRECTORY, school)
    os.link(file, tmp_path / "other-name.json")
    assert_ignored(check(pastoral, school), file, file.read_bytes(), "hard link")


def test_a_cache_nested_too_deep_to_decode_is_broken_not_a_crash(school, pastoral):
    file = poison(school / DEFAULT_DIRECTORY, school)
    deep = b'{"version": "%s", "entries": ' % FORMAT.encode() + b"[" * 200_000 + b"]" * 200_000 + b"}"
    file.write_bytes(deep)
    code, out, err = check(pastoral, school)
    assert code == 1 and ERROR_LINE in out and err == ""
    assert json.loads(file.read_bytes())["version"] == FORMAT  # a broken cache of one's own is simply replaced


@pytest.mark.parametrize("variable", ["GITHUB_ACTIONS", "CI"])
def test_on_a_ci_runner_the_cache_lives_outside_the_checkout(school, pastoral, tmp_path, monkeypatch, variable):
    """Where a pull request cannot plant one: the runner's temporary folder, named after user and repository."""
    monkeypatch.setenv(variable, "true")
    monkeypatch.setenv("RUNNER_TEMP", str(tmp_path / "runner-temp"))
    (tmp_path / "runner-temp").mkdir()
    planted = poison(school / DEFAULT_DIRECTORY, school)  # in the checkout: never even looked at
    code, out, err = check(pastoral, school)
    assert code == 1 and ERROR_LINE in out and err == ""
    used = cache_directory(school)
    assert used.parent == tmp_path / "runner-temp" and list((used / "parsed").glob("*.json"))
    assert used != cache_directory(tmp_path / "another-repository")
    assert len(json.loads(planted.read_bytes())["entries"]) == 1


def test_outside_ci_the_cache_lives_beside_the_records(school):
    assert cache_directory(school, {}) == school / DEFAULT_DIRECTORY
    assert cache_directory(school, {"CI": "false"}) == school / DEFAULT_DIRECTORY
    assert cache_directory(school, {"PASTORAL_CACHE_DIR": "/x", "CI": "true"}) == Path("/x") / DEFAULT_DIRECTORY
