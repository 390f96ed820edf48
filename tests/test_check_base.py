"""``pastoral check --base REV``: only error findings the change adds can fail it.

Each test makes a real Git repository in a temporary folder, with the tiny school committed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from tests.rules.tiny_school import AS_OF, tiny  # noqa: F401 - tiny is a fixture


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), "-c", "user.name=Test Tutor", "-c", "user.email=tutor@test.example",
                           "-c", "commit.gpgsign=false", *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit(tiny, message: str) -> str:
    """Write the tiny school's records as they are now and commit everything; returns the commit id."""
    tiny.write()
    git(tiny.root, "add", "-A")
    git(tiny.root, "commit", "-q", "-m", message)
    return git(tiny.root, "rev-parse", "HEAD")


@pytest.fixture
def repo(tiny):
    git(tiny.root, "init", "-q", "-b", "main")
    return tiny


def check(pastoral, tiny, *args: str):
    return pastoral("check", "--records", str(tiny.root / "records"), "--as-of", AS_OF, *args)


def test_a_commit_adding_a_violation_fails_against_its_parent(repo, pastoral):
    base = commit(repo, "a compliant school")
    del repo.records["assignments/p0042-1.yml"]
    commit(repo, "remove p0042's tutor")
    code, out, _ = check(pastoral, repo, "--base", base)
    assert code == 1
    assert "records/pupils/p0042.yml:1:5: error [tutor-assigned]" in out
    assert out.splitlines()[-1].endswith("1 blocking error added by this change, 0 findings already there before it")


def test_a_change_to_an_unrelated_record_passes_and_reports_the_existing_violation(repo, pastoral):
    del repo.records["assignments/p0042-1.yml"]
    base = commit(repo, "a school with a pupil without a tutor")
    repo.records["houses/oak.yml"]["tutor_room"] = "Room O2"
    commit(repo, "move Oak's tutor room")
    code, out, _ = check(pastoral, repo, "--base", base)
    assert code == 0
    assert "error [tutor-assigned] p0042 (Year 8) has no tutor assigned" in out
    assert "(already there before this change)" in out
    assert out.splitlines()[-1] == ("pastoral check: OK: 1 error, 0 warnings in 8 records; 0 blocking errors added "
                                    "by this change, 1 finding already there before it")
    code, out, _ = check(pastoral, repo, "--base", base, "--format", "json")
    [finding] = json.loads(out)
    assert (finding["rule"], finding["new"]) == ("tutor-assigned", False)


def test_moving_the_lines_of_a_record_with_a_finding_does_not_make_it_new(repo, pastoral):
    session = repo.records["sessions/2026-27/2026-10-05-p0042.yml"]
    session["referrals"] = [{"service": "Counselling", "contact": {"name": "Search online"}}]
    base = commit(repo, "a referral without a contact")
    repo.records["sessions/2026-27/2026-10-05-p0042.yml"] = {"notes": "Met in the library.\nWent well.",
                                                             **session}
    commit(repo, "add a note at the top")
    code, out, _ = check(pastoral, repo, "--base", base, "--format", "json")
    [finding] = json.loads(out)
    assert code == 0 and finding["rule"] == "referral-contact" and not finding["new"]


def test_without_base_every_error_blocks(repo, pastoral):
    del repo.records["assignments/p0042-1.yml"]
    commit(repo, "a school with a pupil without a tutor")
    code, out, _ = check(pastoral, repo)
    assert code == 1 and "already there" not in out


def test_the_working_tree_and_the_index_are_not_touched(repo, pastoral):
    base = commit(repo, "a compliant school")
    repo.records["houses/oak.yml"]["tutor_room"] = "Room O3"
    commit(repo, "move Oak's tutor room")
    pupil = repo.root / "records" / "pupils" / "p0042.yml"
    pupil.write_text(pupil.read_text() + "needs:\n  - eal\n")  # uncommitted work in progress
    (repo.root / "records" / "pupils" / "p0043.yml").write_text("id: p0043\n")  # untracked

    def files():  # all but the parse cache, which Git ignores
        return {path: path.read_bytes() for path in repo.root.rglob("*")
                if path.is_file() and ".pastoral-cache" not in path.parts}

    before, status = files(), git(repo.root, "status", "--porcelain")
    code, out, _ = check(pastoral, repo, "--base", base)
    assert code == 1 and "[needs-considered]" in out and "[schema]" in out
    assert files() == before
    assert git(repo.root, "status", "--porcelain") == status


def test_a_base_from_before_the_records_folder_has_no_findings(repo, pastoral):
    (repo.root / "README.md").write_text("A school before its records.\n")
    git(repo.root, "add", "README.md")
    git(repo.root, "commit", "-q", "-m", "an empty repository")
    before = git(repo.root, "rev-parse", "HEAD")
    del repo.records["assignments/p0042-1.yml"]
    commit(repo, "the records, with a pupil without a tutor")
    for _ in range(2):  # worked out, then answered from the cache
        code, out, _ = check(pastoral, repo, "--base", before)
        assert code == 1 and "1 blocking error added by this change, 0 findings already there" in out


def test_a_base_that_is_not_a_commit_is_a_usage_error(repo, pastoral):
    commit(repo, "a compliant school")
    code, out, err = check(pastoral, repo, "--base", "no-such-branch")
    assert (code, out) == (2, "")
    assert err == "pastoral check: the base 'no-such-branch' is not a commit in this repository\n"


def test_base_outside_a_git_repository_is_a_usage_error(tiny, pastoral):
    tiny.write()
    code, _, err = check(pastoral, tiny, "--base", "HEAD~1")
    assert code == 2 and err.startswith("pastoral check: ") and "git" in err.lower()
