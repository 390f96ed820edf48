"""The nightly workflow's reminder job, its own scripts run with bash as a runner would.

``pastoral`` is the real one; ``gh`` (GitHub's CLI, which talks to GitHub) is a
stand-in on PATH that answers 'issue list' with the open reminder issues the
test gives it and records every other call, so the test sees what would be
posted: one open issue per House, rewritten in place, closed when nothing is overdue.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from tests.rules.tiny_school import tiny  # noqa: F401 - tiny is a fixture
from tests.workflow.support import WORKFLOWS, load, run_step, step

FAKE_GH = """#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
with open(os.environ["GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(args) + "\\n")
if args[:2] == ["issue", "list"]:
    print(os.environ["GH_OPEN"])
"""


def nightly() -> dict:
    return load(next(path for path in WORKFLOWS if path.name == "nightly.yml"))


@pytest.fixture
def gh(tmp_path) -> tuple[Path, Path]:
    """(a folder holding the stand-in gh, the log of its calls)."""
    folder = tmp_path / "fake-bin"
    folder.mkdir()
    script = folder / "gh"
    script.write_text(FAKE_GH, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return folder, tmp_path / "gh.log"


def post(tmp_path: Path, gh, reminders: list[dict], open_issues: list[dict]):
    folder, log = gh
    (tmp_path / "reminders.json").write_text(json.dumps(reminders), encoding="utf-8")
    job = nightly()["jobs"]["remind"]
    posting = step(job["steps"], "post")
    env = {key: value.replace("${{ runner.temp }}", str(tmp_path)) for key, value in posting["env"].items()
           if "${{" not in value or "runner.temp" in value}
    done = run_step(posting["run"], tmp_path, {**env, "GH_LOG": str(log), "GH_OPEN": json.dumps(open_issues),
                                               "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"})
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    return done, calls


def reminder(house: str, overdue: int, body: str) -> dict:
    return {"house": house, "title": f"Overdue in {house} (pastoral nightly reminder)", "overdue": overdue,
            "body": body}


def test_each_house_keeps_one_open_issue_rewritten_in_place_opened_when_missing_closed_when_clear(tmp_path, gh):
    reminders = [reminder("Ash House", 3, "ash list"), reminder("Elm House", 0, "nothing overdue"),
                 reminder("Oak House", 1, "oak list"), reminder("Yew House", 0, "nothing overdue")]
    open_issues = [{"number": 7, "title": "Overdue in Oak House (pastoral nightly reminder)"},
                   {"number": 9, "title": "Overdue in Elm House (pastoral nightly reminder)"}]
    done, calls = post(tmp_path, gh, reminders, open_issues)
    assert done.returncode == 0, done.stderr
    body = str(tmp_path / "body.md")
    assert calls == [
        ["label", "create", "pastoral-reminder", "--color", "FBCA04", "--description",
         "What is overdue in a House (nightly check)", "--force"],
        ["issue", "list", "--label", "pastoral-reminder", "--state", "open", "--limit", "1000", "--json", "number,title"],
        ["issue", "create", "--title", "Overdue in Ash House (pastoral nightly reminder)", "--label",
         "pastoral-reminder", "--body-file", body],
        ["issue", "close", "9", "--comment", "nothing overdue"],
        ["issue", "edit", "7", "--body-file", body],
    ]  # Yew House: nothing overdue and no open issue, so nothing to do


def test_a_title_with_quotes_and_dollars_is_passed_as_it_is(tmp_path, gh):
    house = 'Oak "$(touch pwned)" `x` House'
    done, calls = post(tmp_path, gh, [reminder(house, 2, "list")], [])
    assert done.returncode == 0, done.stderr
    assert calls[-1][:3] == ["issue", "create", "--title"] and calls[-1][3] == f"Overdue in {house} (pastoral nightly reminder)"
    assert not (tmp_path / "pwned").exists()


def test_a_failing_gh_fails_the_run(tmp_path, gh):
    folder, _ = gh
    (folder / "gh").write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    done, _ = post(tmp_path, gh, [reminder("Oak House", 1, "list")], [])
    assert done.returncode != 0


def write_reminders(root: Path, tmp_path: Path, as_of: str):
    writing = step(nightly()["jobs"]["remind"]["steps"], "write")
    return run_step(writing["run"], root, {"PASTORAL_AS_OF": as_of, "RUNNER_TEMP": str(tmp_path)})


def test_the_reminders_are_written_by_pastoral_even_when_the_records_have_errors(tiny, tmp_path):
    tiny.records["pupils/p0043.yml"] = dict(tiny.records["pupils/p0042.yml"], id="p0043")  # no tutor: an error
    root = tiny.write().parent
    done = write_reminders(root, tmp_path, "2027-04-10")
    assert done.returncode == 0, done.stderr  # the check job reports and fails on the error
    [oak] = json.loads((tmp_path / "reminders.json").read_text(encoding="utf-8"))
    assert oak["overdue"] == 2 and "p0043" in oak["body"]


def test_a_usage_problem_fails_the_reminders(tmp_path):
    done = write_reminders(tmp_path, tmp_path, "2027-04-10")  # no records folder here
    assert done.returncode != 0 and "the records folder 'records' does not exist" in done.stderr


def test_the_reminder_job_alone_may_write_issues_and_the_check_still_fails_on_errors():
    workflow = nightly()
    assert workflow["jobs"]["remind"]["permissions"] == {"contents": "read", "issues": "write"}
    assert "permissions" not in workflow["jobs"]["check"] and workflow["permissions"] == {"contents": "read"}
    gate = step(workflow["jobs"]["check"]["steps"], "check")["run"]
    assert gate == 'pastoral check --as-of "$PASTORAL_AS_OF" --format github'
    assert "continue-on-error" not in workflow["jobs"]["check"]
