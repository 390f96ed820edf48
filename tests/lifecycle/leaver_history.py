"""A tiny school with a leaver, p0099, whose records have a real Git history: two authors, pull requests
merged and squashed, a renamed session, an assignment deleted earlier, a waiver with a health reason,
git notes, a tag, a branch, CODEOWNERS, and a bare remote it was pushed to.

Not a conftest.py (see small_school.py): tests import the fixture from here.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from tests.rules.tiny_school import compliant_records, session, staff

AS_OF = "2026-11-20"
"""The tiny school breaks no rule on this day."""
PURGE_ON = "2040-01-01"
"""p0099 (born 2008-05-01) is past 'date of birth + 25 years' on this day."""
PUPIL = "records/pupils/p0099.yml"
ASSIGNMENT = "records/assignments/p0099-1.yml"
DELETED = "records/assignments/p0099-0.yml"
OLD_SESSION = "records/sessions/2025-26/2026-01-12-p0099.yml"
SESSION = "records/sessions/2025-26/2026-01-13-p0099.yml"
WAIVER = "records/waivers/p0099-meetings.yml"
ALICE = {"GIT_AUTHOR_NAME": "Alice Tutor", "GIT_AUTHOR_EMAIL": "alice@test.example"}
BOB = {"GIT_AUTHOR_NAME": "Bob Head", "GIT_AUTHOR_EMAIL": "bob@test.example"}


def git(root: Path, *args: str, env: dict[str, str] | None = None, input: str | None = None) -> str:
    import os
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, input=input,
                          env={**os.environ, **(env or {})})
    assert done.returncode == 0, done.stderr
    return done.stdout


def put(root: Path, relative: str, data: dict) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def commit(root: Path, message: str, who: dict[str, str]) -> str:
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", message, env=who)
    return git(root, "rev-parse", "HEAD").strip()


def merge(root: Path, branch: str, number: int, who: dict[str, str]) -> None:
    """Merge ``branch`` as GitHub's merge button does."""
    git(root, "merge", "--quiet", "--no-ff", "-m", f"Merge pull request #{number} from school/{branch}", branch,
        env=who)
    git(root, "branch", "-D", branch)


@pytest.fixture
def leaver_history(empty_school: Path, monkeypatch, pastoral) -> Path:
    root = empty_school
    for variable, value in (("GIT_AUTHOR_NAME", "Test"), ("GIT_AUTHOR_EMAIL", "t@test.example"),
                            ("GIT_COMMITTER_NAME", "Test"), ("GIT_COMMITTER_EMAIL", "t@test.example"),
                            ("GIT_CONFIG_GLOBAL", str(root / "no-gitconfig")), ("GIT_CONFIG_NOSYSTEM", "1")):
        monkeypatch.setenv(variable, value)
    records = compliant_records()
    records["staff/head.yml"] = staff("head", ["smt"], github="head-gh")
    records["staff/hoh.yml"]["github"] = "hoh-gh"
    records["pupils/p0099.yml"] = {"id": "p0099", "name": "Zed Quinlan", "year": 13, "house": "oak",
                                   "tutor_group": "13OA", "date_of_birth": "2008-05-01", "joined_on": "2021-09-01",
                                   "left_on": "2026-07-22"}
    records["assignments/p0099-0.yml"] = {"id": "p0099-0", "pupil": "p0099", "staff": "assoc", "role": "tutor",
                                          "from": "2021-09-01", "to": "2025-09-03", "informed_on": "2021-09-02",
                                          "reason": "Zed Quinlan moved to the sixth form"}
    records["assignments/p0099-1.yml"] = {"id": "p0099-1", "pupil": "p0099", "staff": "tut", "role": "tutor",
                                          "from": "2025-09-03", "to": "2026-07-22", "informed_on": "2025-09-04",
                                          "reason": "left the school"}
    for relative, data in records.items():
        put(root, f"records/{relative}", data)
    git(root, "init", "--quiet", "--initial-branch=main")
    assert pastoral("codeowners", "--records", str(root / "records"))[0] == 0
    first = commit(root, "The tiny school", ALICE)
    # A pull request by Alice, merged by Bob: the session, at its first path.
    git(root, "checkout", "--quiet", "-b", "session-p0099")
    put(root, OLD_SESSION, session("2026-01-12", pupil="p0099", notes="Zed Quinlan talked about revision plans "
                                   "with p0042 and the school nurse"))
    commit(root, "Session for p0099", ALICE)
    git(root, "checkout", "--quiet", "main")
    merge(root, "session-p0099", 7, BOB)
    # Bob squashes a pull request that renames it (the date was wrong) and edits it; the old assignment goes.
    (root / OLD_SESSION).unlink()
    put(root, SESSION, session("2026-01-13", pupil="p0099", notes="Zed Quinlan talked about revision plans "
                               "with p0042 and the school nurse", location="Library"))
    (root / DELETED).unlink()
    commit(root, "Correct the date of p0099's session (#8)", BOB)
    put(root, WAIVER, {"id": "p0099-meetings", "rule": "meetings-per-year", "subject": "p0099",
                       "reason": "Zed Quinlan was in hospital for surgery from January to April.",
                       "approved_by": "hoh", "from": "2026-01-05", "until": "2026-04-30"})
    commit(root, "Waiver for p0099 (#9)", BOB)
    git(root, "tag", "end-of-2025-26")
    git(root, "notes", "add", "-m", "Reviewed with Zed Quinlan's mother; see p0099", "HEAD")
    git(root, "notes", "add", "-m", "First import, checked by SMT", first)
    git(root, "checkout", "--quiet", "-b", "draft")
    edited = yaml.safe_load((root / SESSION).read_text())
    put(root, SESSION, {**edited, "location": "Room O1 (draft)"})
    commit(root, "Draft change to p0099's session", ALICE)
    git(root, "checkout", "--quiet", "main")
    bare = root.parent / f"{root.name}-remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    git(root, "remote", "add", "origin", str(bare))
    git(root, "push", "--quiet", "--set-upstream", "origin", "main")
    git(root, "push", "--quiet", "origin", "--all")
    git(root, "push", "--quiet", "origin", "--tags")
    git(root, "push", "--quiet", "origin", "refs/notes/*")
    git(root, "fetch", "--quiet", "origin")
    return root


def blobs_ever(root: Path, path: str) -> set[str]:
    """Every version of ``path`` in the history of every ref (remote-tracking ones included), as blob ids."""
    return {git(root, "rev-parse", f"{commit}:{path}").strip()
            for commit in git(root, "rev-list", "--all", "--", path).split()
            if subprocess.run(["git", "-C", str(root), "cat-file", "-e", f"{commit}:{path}"],
                              capture_output=True).returncode == 0}
