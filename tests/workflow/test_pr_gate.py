"""Replay what the pull-request workflow runs, on a real Git repository with a base and a head commit.

The commands come from the workflow files themselves, so this test follows the
workflow when it changes: the shared action's date step, then the gate step with
the base commit GitHub would give it.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import SAMPLE_AS_OF
from tests.workflow.support import SETUP_ACTION, WORKFLOWS, git, load, run_step, step


def gate_step() -> dict:
    workflow = load(next(path for path in WORKFLOWS if path.name == "check.yml"))
    return step(workflow["jobs"]["check"]["steps"], "check")


def judged_on(repo: Path, tmp_path: Path) -> dict[str, str]:
    """Run the setup action's date step as the runner would, with the sample school's date as the repository
    variable; returns the environment it exports to later steps."""
    as_of = step(load(SETUP_ACTION)["runs"]["steps"], "as-of")
    assert as_of["env"] == {"AS_OF": "${{ vars.PASTORAL_AS_OF }}"}
    github_env = tmp_path / "github_env"
    done = run_step(as_of["run"], repo, {"AS_OF": SAMPLE_AS_OF, "GITHUB_ENV": str(github_env)})
    assert done.returncode == 0, done.stderr
    return dict(line.split("=", 1) for line in github_env.read_text().splitlines())


def run_gate(repo: Path, tmp_path: Path, base: str):
    gate = gate_step()
    assert set(gate["env"]) == {"BASE_SHA"}  # the only value GitHub fills in: the base commit
    return run_step(gate["run"], repo, {**judged_on(repo, tmp_path), "BASE_SHA": base})


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def first_pupil(repo: Path) -> Path:
    return sorted((repo / "records" / "pupils").glob("*.yml"))[0]


def test_the_dates_step_uses_today_when_no_repository_variable_is_set(school_repo, tmp_path):
    as_of = step(load(SETUP_ACTION)["runs"]["steps"], "as-of")
    github_env = tmp_path / "github_env"
    run_step(as_of["run"], school_repo, {"AS_OF": "", "GITHUB_ENV": str(github_env)})
    assert re.fullmatch(r"PASTORAL_AS_OF=\d{4}-\d{2}-\d{2}\n", github_env.read_text())


def test_a_violation_added_by_the_head_fails_with_an_annotation_on_its_file_and_line(school_repo, tmp_path):
    base = git(school_repo, "rev-parse", "HEAD")
    pupil = first_pupil(school_repo)
    lines = pupil.read_text(encoding="utf-8").splitlines()
    year_line = next(number for number, line in enumerate(lines, start=1) if line.startswith("year:"))
    lines[year_line - 1] = "year: 14"
    pupil.write_text("\n".join(lines) + "\n", encoding="utf-8")
    commit(school_repo, "head: a pupil in a year group that does not exist")

    done = run_gate(school_repo, tmp_path, base)

    assert done.returncode == 1, done.stdout + done.stderr
    file = pupil.relative_to(school_repo).as_posix()
    assert re.search(rf"^::error file={re.escape(file)},line={year_line},col=\d+,title=pastoral \[schema\]::.*14",
                     done.stdout, re.MULTILINE), done.stdout


def test_a_clean_change_passes_the_gate(school_repo, tmp_path, pastoral):
    base = git(school_repo, "rev-parse", "HEAD")
    pupil_id = first_pupil(school_repo).stem
    code, out, err = pastoral("new", "session", "--pupil", pupil_id, "--date", SAMPLE_AS_OF,
                              "--records", str(school_repo / "records"))
    assert code == 0, err
    session = school_repo / out.split("wrote ", 1)[1].splitlines()[0]
    # the tutor writes each review's outcome: the draft is not valid until they do
    session.write_text(session.read_text(encoding="utf-8").replace("outcome:  #", "outcome: met  #"), encoding="utf-8")
    commit(school_repo, "head: a session started with pastoral new, then filled in")

    done = run_gate(school_repo, tmp_path, base)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "::error" not in done.stdout


def test_an_error_already_on_the_base_does_not_block_an_unrelated_change(school_repo, tmp_path):
    pupil = first_pupil(school_repo)
    pupil.write_text(pupil.read_text(encoding="utf-8").replace("\nyear: ", "\nyear: 14\nold_year: "), "utf-8")
    commit(school_repo, "base: already broken")
    base = git(school_repo, "rev-parse", "HEAD")
    (school_repo / "notes.txt").write_text("an unrelated change\n", encoding="utf-8")
    commit(school_repo, "head: touches no record")

    done = run_gate(school_repo, tmp_path, base)

    assert done.returncode == 0, done.stdout + done.stderr
    assert f"::warning file={pupil.relative_to(school_repo).as_posix()}," in done.stdout
