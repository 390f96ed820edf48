"""``pastoral sar`` and ``pastoral history`` on a real repository: a pupil whose session was renamed and
edited by two people, in two pull requests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.lifecycle.leaver_history import (  # noqa: F401 - leaver_history is a fixture
    DELETED,
    OLD_SESSION,
    SESSION,
    WAIVER,
    git,
    leaver_history,
    put,
)


@pytest.fixture
def outside(tmp_path_factory) -> Path:
    """A folder outside the repository, where bundles may be written."""
    return tmp_path_factory.mktemp("bundles")


@pytest.fixture
def bundle(leaver_history: Path, pastoral, outside) -> tuple[Path, dict]:
    out = outside / "sar-p0099"
    code, printed, err = pastoral("sar", "p0099", "--records", str(leaver_history / "records"), "--out", str(out),
                                  "--as-of", "2026-11-20")
    assert (code, err) == (0, ""), printed
    return out, json.loads((out / "bundle.json").read_text(encoding="utf-8"))


def test_the_bundle_holds_every_record_naming_the_pupil_deleted_ones_included(bundle):
    _, data = bundle
    files = [record["file"] for record in data["records"]]
    assert files == ["records/pupils/p0099.yml", "records/assignments/p0099-1.yml", SESSION, WAIVER, DELETED]
    assert data["records"][-1]["kind"] == "assignments (deleted)"
    assert data["records"][-1]["text"] is None
    assert [change["action"] for change in data["records"][-1]["history"]] == ["deleted", "created"]


def test_each_record_has_its_history_who_what_when_and_which_pull_request(bundle):
    session = next(record for record in bundle[1]["records"] if record["file"] == SESSION)
    history = session["history"]
    assert [(c["author"], c["action"], c["path"], c["pull_request"]) for c in history] == [
        ("Bob Head", "renamed", SESSION, 8),
        ("Alice Tutor", "created", OLD_SESSION, 7),
    ]
    assert history[0]["renamed_from"] == OLD_SESSION
    assert [(f["field"], f["before"], f["after"]) for f in history[0]["fields"]] == [
        ("id", "2026-01-12-p0099", "2026-01-13-p0099"), ("date", "2026-01-12", "2026-01-13"),
        ("location", "Room O1", "Library"), ("planner_signed_on", "2026-01-12", "2026-01-13")]
    assert "notes: Zed Quinlan talked about revision plans" in history[1]["text"]
    pupil = bundle[1]["records"][0]["history"]
    assert [(c["summary"], c["pull_request"]) for c in pupil] == [("The tiny school", None)]  # committed to main


def test_third_party_data_is_marked_for_review_and_purposes_and_retention_are_given(bundle):
    _, data = bundle
    assert {(m["file"], m["what"], m["value"]) for m in data["third_party_to_review"]} >= {
        (SESSION, "another pupil's id", "p0042")}
    kinds = {row["kind"]: row for row in data["purposes"]}
    assert set(kinds) == {"pupil", "assignment", "session", "waiver"}
    assert kinds["pupil"]["retention"] == "date of birth + 25 years (pupil file: pupil record and tutor assignments)"
    assert "so that every pupil has a named personal tutor" in kinds["pupil"]["purpose"]


def test_a_staff_member_gets_the_same_with_pupils_marked(leaver_history, pastoral, outside):
    code, out, _ = pastoral("sar", "tut", "--records", str(leaver_history / "records"), "--out", str(outside / "t"))
    assert code == 0
    data = json.loads((outside / "t/bundle.json").read_text())
    files = {record["file"] for record in data["records"]}
    assert {"records/staff/tut.yml", "records/assignments/p0042-1.yml", SESSION} <= files
    assert data["who"] == "member of staff"
    assert ("records/assignments/p0042-1.yml", "a pupil's id", "p0042") in {
        (m["file"], m["what"], m["value"]) for m in data["third_party_to_review"]}


def test_the_page_escapes_everything_from_the_records(leaver_history, pastoral, outside):
    put(leaver_history, "records/waivers/p0099-meetings.yml", {
        "id": "p0099-meetings", "rule": "meetings-per-year", "subject": "p0099",
        "reason": "<script>alert('x')</script> & <b>bold</b>", "approved_by": "hoh", "from": "2026-01-05",
        "until": "2026-04-30"})
    git(leaver_history, "commit", "--quiet", "-am", "<img src=x onerror=alert(1)>")
    assert pastoral("sar", "p0099", "--records", str(leaver_history / "records"), "--out", str(outside / "e"))[0] == 0
    page = (outside / "e/index.html").read_text()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_bundle_is_never_written_where_it_could_be_committed(leaver_history, pastoral):
    code, _, err = pastoral("sar", "p0099", "--records", str(leaver_history / "records"),
                            "--out", str(leaver_history / "sar-p0099"))
    assert code == 2
    assert "is inside the repository and Git does not ignore it" in err
    assert not (leaver_history / "sar-p0099").exists()


def test_a_person_the_records_do_not_hold_gets_a_bundle_that_says_so(leaver_history, pastoral, outside):
    code, out, _ = pastoral("sar", "p0555", "--records", str(leaver_history / "records"), "--out", str(outside / "n"))
    assert code == 0
    assert "the records hold nothing about p0555" in out
    assert json.loads((outside / "n/bundle.json").read_text())["records"] == []


# -- pastoral history

def test_history_follows_the_record_through_its_rename(leaver_history, pastoral, monkeypatch):
    code, out, _ = pastoral("history", SESSION, cwd=leaver_history)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{SESSION}: 2 changes, newest first (git log --follow)"
    assert (f"Bob Head <bob@test.example>  pull request #8  renamed from {OLD_SESSION}: "
            "id, date, location, planner_signed_on") in lines[1]
    assert "Alice Tutor <alice@test.example>  pull request #7  created" in lines[3]


def test_history_shows_what_a_record_said_on_a_date(leaver_history, pastoral):
    today = git(leaver_history, "log", "-1", "--format=%as").strip()
    code, out, _ = pastoral("history", SESSION, "--on", today, cwd=leaver_history)
    assert code == 0 and "location: Library" in out
    code, out, _ = pastoral("history", SESSION, "--on", "2000-01-01", cwd=leaver_history)
    assert "did not exist yet on 2000-01-01" in out


def test_history_of_an_unknown_path_is_a_usage_error(leaver_history, pastoral):
    code, _, err = pastoral("history", "records/pupils/p7777.yml", cwd=leaver_history)
    assert code == 2 and "Git has no history for records/pupils/p7777.yml" in err


def test_the_default_bundle_folder_may_sit_in_the_repository_when_git_ignores_it(leaver_history, pastoral):
    (leaver_history / ".gitignore").write_text("/sar-*/\n")
    code, out, err = pastoral("sar", "p0099", "--records", "records", "--as-of", "2026-11-20", cwd=leaver_history)
    assert (code, err) == (0, "")
    assert (leaver_history / "sar-p0099-2026-11-20/index.html").is_file()
    assert "sar-p0099" not in git(leaver_history, "status", "--porcelain")


def test_an_id_that_is_not_an_id_is_refused(leaver_history, pastoral, outside):
    code, _, err = pastoral("sar", "../p0099", "--records", str(leaver_history / "records"), "--out", str(outside / "x"))
    assert code == 2 and "'../p0099' is not a pupil or staff id" in err
    assert not (outside / "x").exists()
