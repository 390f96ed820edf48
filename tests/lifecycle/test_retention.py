"""``pastoral retention``: records past the school's policy, and their removal from a real Git history."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import write
from tests.lifecycle.small_school import (  # noqa: F401 - small_school is a fixture
    assignment,
    commit_all,
    git,
    small_school,
    snapshot,
)

from pastoral.lifecycle.retention import years_after

SESSION = "records/sessions/2026-27/2026-09-20-p0099.yml"
ASSIGNMENT = "records/assignments/p0099-1.yml"
PUPIL = "records/pupils/p0099.yml"


@pytest.fixture
def leaver(small_school: Path) -> Path:
    """The small school, whose pupil p0099 left on 2026-10-01, with a tutor assignment and a session of theirs.

    school.yml keeps pupils 6 years, assignments 3 and sessions 1 after leaving.
    """
    write(small_school, ASSIGNMENT, assignment("p0099", "seven", end="2026-10-01"))
    write(small_school, SESSION, "id: 2026-09-20-p0099\npupil: p0099\ntutor: seven\ndate: 2026-09-20\n")
    return small_school


def retention(pastoral, root: Path, as_of: str, *extra: str):
    return pastoral("retention", "--records", str(root / "records"), "--as-of", as_of, *extra)


def test_nothing_is_listed_on_the_last_day_a_record_is_kept(leaver, pastoral):
    assert retention(pastoral, leaver, "2027-10-01") == (
        0, "pastoral retention: 0 records of 0 pupils past the retention policy on 2027-10-01\n", "")


def test_each_kind_is_listed_once_its_own_period_has_passed(leaver, pastoral):
    code, out, _ = retention(pastoral, leaver, "2027-10-02")
    assert (code, out) == (1, f"{SESSION}: pupil p0099 left on 2026-10-01, kept until 2027-10-01\n"
                              "pastoral retention: 1 record of 1 pupil past the retention policy on 2027-10-02 "
                              "(remove them with --purge)\n")
    _, out, _ = retention(pastoral, leaver, "2029-10-02")
    assert f"{ASSIGNMENT}: pupil p0099 left on 2026-10-01, kept until 2029-10-01\n" in out
    assert PUPIL not in out
    _, out, _ = retention(pastoral, leaver, "2032-10-02")
    assert f"{PUPIL}: pupil p0099 left on 2026-10-01, kept until 2032-10-01\n" in out


def test_a_pupil_record_is_kept_while_any_of_their_records_is(leaver, pastoral):
    school = leaver / "records/school.yml"
    school.write_text(school.read_text().replace("pupils: 6", "pupils: 1").replace("sessions: 1", "sessions: 8"))
    _, out, _ = retention(pastoral, leaver, "2030-01-01")
    assert PUPIL not in out
    _, out, _ = retention(pastoral, leaver, "2034-10-02")
    assert f"{PUPIL}: pupil p0099 left on 2026-10-01, kept until 2034-10-01\n" in out


def test_a_kind_without_a_period_is_kept_for_good(leaver, pastoral):
    school = leaver / "records/school.yml"
    school.write_text(school.read_text().replace("  sessions: 1\n", ""))
    code, out, _ = retention(pastoral, leaver, "2099-01-01")
    assert "note: school.yml's retention gives no period for sessions: they are kept for good\n" in out
    assert SESSION not in out and PUPIL not in out and ASSIGNMENT in out


def test_pupils_still_on_roll_are_never_listed(small_school, pastoral):
    _, out, _ = retention(pastoral, small_school, "2099-01-01")
    assert out.splitlines()[:-1] == ["records/pupils/p0099.yml: pupil p0099 left on 2026-10-01, kept until 2032-10-01"]


def test_a_leap_day_anniversary_falls_on_28_february():
    assert years_after(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert years_after(date(2024, 2, 29), 4) == date(2028, 2, 29)


# -- removing the records from Git history, on a real repository

@pytest.fixture
def repository(leaver: Path, monkeypatch) -> Path:
    """The leaver's school as a Git repository with history: the session was committed, then edited."""
    commit_all(leaver, monkeypatch, "records")
    (leaver / SESSION).write_text((leaver / SESSION).read_text() + "location: Room O1\n")
    git(leaver, "commit", "--quiet", "-am", "session location")
    git(leaver, "tag", "end-of-year")
    return leaver


def blobs_of(root: Path, path: str) -> set[str]:
    """Every version of ``path`` in the history, as blob ids."""
    return {git(root, "rev-parse", f"{commit}:{path}").strip()
            for commit in git(root, "rev-list", "--all", "--", path).split()}


def test_purge_removes_the_records_from_the_tree_and_every_commit(repository, pastoral):
    gone = [SESSION, ASSIGNMENT, PUPIL]
    old_blobs = set().union(*(blobs_of(repository, path) for path in gone))
    assert len(old_blobs) == 4  # two versions of the session
    kept_before = (repository / "records/pupils/p0007.yml").read_bytes()
    pastoral("check", "--records", str(repository / "records"))  # leaves a parse cache holding the records
    assert (repository / ".pastoral-cache/parsed.json").is_file()
    code, out, err = retention(pastoral, repository, "2040-01-01", "--purge")
    assert code == 0, out + err
    assert not (repository / ".pastoral-cache").exists()  # no copy of the purged records stays behind
    assert "pastoral retention: removed 3 records of 1 pupil from the working tree and from every commit." in out
    for path in gone:
        assert not (repository / path).exists()
        assert git(repository, "log", "--all", "--oneline", "--", path) == ""
    listed = git(repository, "rev-list", "--all", "--objects")
    assert not any(blob in listed for blob in old_blobs)
    for blob in old_blobs:
        assert subprocess.run(["git", "-C", str(repository), "cat-file", "-e", blob]).returncode != 0
    assert (repository / "records/pupils/p0007.yml").read_bytes() == kept_before
    assert git(repository, "status", "--porcelain") == ""
    assert "records/pupils/p0007.yml" in git(repository, "ls-tree", "-r", "--name-only", "end-of-year")
    assert retention(pastoral, repository, "2040-01-01")[0] == 0


def test_purge_is_refused_with_uncommitted_changes(repository, pastoral):
    (repository / "records/pupils/p0007.yml").write_text((repository / "records/pupils/p0007.yml").read_text() + "\n")
    head = git(repository, "rev-parse", "HEAD")
    code, _, err = retention(pastoral, repository, "2040-01-01", "--purge")
    assert code == 2
    assert "the repository has uncommitted changes: commit them first" in err
    assert git(repository, "rev-parse", "HEAD") == head and (repository / PUPIL).exists()


def test_purge_is_refused_while_a_stash_holds_old_files(repository, pastoral):
    (repository / "records/pupils/p0007.yml").write_text("changed\n")
    git(repository, "stash", "--quiet")
    code, _, err = retention(pastoral, repository, "2040-01-01", "--purge")
    assert code == 2
    assert "the repository has stashes, which keep old copies of files: apply or drop them first" in err


def test_purge_outside_a_git_repository_is_a_usage_error(leaver, pastoral, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(leaver.parent))
    before = snapshot(leaver / "records")
    code, _, err = retention(pastoral, leaver, "2040-01-01", "--purge")
    assert code == 2
    assert "is not in a Git repository, so there is no history to remove records from" in err
    assert snapshot(leaver / "records") == before
