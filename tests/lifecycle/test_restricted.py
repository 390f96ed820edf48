"""``--restricted DIR``: a second folder of restricted records (needs, DBS details), in the records'
repository or in its own, is covered by retention, the purge and subject access requests."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from tests.lifecycle.leaver_history import PURGE_ON, git, leaver_history, put  # noqa: F401 - leaver_history is a fixture


@pytest.fixture
def restricted(leaver_history: Path, tmp_path_factory) -> Path:
    """A restricted repository of its own: p0099's needs (edited once) and a tutor's DBS details."""
    folder = tmp_path_factory.mktemp("restricted")
    put(folder, "needs/p0099.yml", {"pupil": "p0099", "needs": ["sen-support"]})
    put(folder, "dbs/tut.yml", {"staff": "tut", "level": "enhanced", "barred_list": True, "issued_on": "2025-06-01"})
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main", str(folder)], check=True)
    git(folder, "add", "-A")
    git(folder, "commit", "--quiet", "-m", "Restricted records")
    put(folder, "needs/p0099.yml", {"pupil": "p0099", "needs": ["sen-support", "eal"]})
    git(folder, "commit", "--quiet", "-am", "p0099 has EAL too")
    return folder


def test_retention_lists_the_restricted_files_of_a_person_whose_records_are_due(leaver_history, restricted, pastoral):
    code, out, _ = pastoral("retention", "--records", str(leaver_history / "records"), "--as-of", PURGE_ON,
                            "--restricted", str(restricted))
    assert code == 1
    assert f"restricted (goes with the person's records):\n  {restricted / 'needs/p0099.yml'}: p0099\n" in out
    assert "dbs/tut.yml" not in out
    assert "pastoral retention: 5 records of 1 person past the retention policy" in out


def test_the_purge_forgets_them_in_their_own_repository_too(leaver_history, restricted, pastoral):
    old = {git(restricted, "rev-parse", f"{commit}:needs/p0099.yml").strip()
           for commit in git(restricted, "rev-list", "--all").split()}
    assert len(old) == 2
    code, out, err = pastoral("retention", "--records", str(leaver_history / "records"), "--as-of", PURGE_ON,
                              "--restricted", str(restricted), "--purge")
    assert (code, err) == (0, ""), out
    assert f"removed the restricted records from {restricted} and from every commit of 1 branch or tag" in out
    assert not (restricted / "needs/p0099.yml").exists() and (restricted / "dbs/tut.yml").exists()
    listed = git(restricted, "rev-list", "--all", "--objects")
    assert not any(blob in listed for blob in old)
    assert git(restricted, "log", "--all", "--oneline", "--", "needs/p0099.yml") == ""


def test_a_purge_refused_in_one_repository_rewrites_neither(leaver_history, restricted, pastoral):
    (restricted / "dbs/tut.yml").write_text("staff: tut\nlevel: enhanced\n")
    head = git(leaver_history, "rev-parse", "HEAD")
    code, _, err = pastoral("retention", "--records", str(leaver_history / "records"), "--as-of", PURGE_ON,
                            "--restricted", str(restricted), "--purge")
    assert code == 2 and "uncommitted changes" in err
    assert git(leaver_history, "rev-parse", "HEAD") == head


def test_a_subject_access_request_includes_the_restricted_files_with_their_history(
        leaver_history, restricted, pastoral, tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle") / "sar"
    code, printed, err = pastoral("sar", "p0099", "--records", str(leaver_history / "records"), "--out", str(out),
                                  "--restricted", str(restricted))
    assert code == 0, printed + err
    data = json.loads((out / "bundle.json").read_text())
    [needs] = [record for record in data["records"] if record["kind"] == "restricted needs"]
    assert needs["file"] == "needs/p0099.yml" and "eal" in needs["text"]
    assert [change["summary"] for change in needs["history"]] == ["p0099 has EAL too", "Restricted records"]
    assert "restricted" in {row["kind"] for row in data["purposes"]}
