"""CODEOWNERS follows the records without anyone running a command: a new pupil added by hand in a pull request
passes CI, and a pupil moving House waits for both Heads of House (``pastoral reviewers``, run by house-moves.yml).

Real Git repositories with a base and a head commit; the gate's script comes from check.yml itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import write
from tests.workflow.support import GITHUB, git, load, run_step
from tests.workflow.test_codeowners_file import Codeowners, generate, heads_of_house, records_of, smt
from tests.workflow.test_pr_gate import commit, run_gate

NEW_PUPIL = """\
    id: p0301
    name: Amara Nwosu
    year: 7
    house: birch
    tutor_group: 7BI
    joined_on: 2026-11-16
    """
HER_TUTOR = """\
    id: p0301-1
    pupil: p0301
    staff: chall
    role: tutor
    from: 2026-11-16
    informed_on: 2026-11-16
    """


@pytest.fixture
def owned_repo(school_repo: Path, pastoral) -> Path:
    """The sample school with its CODEOWNERS generated and committed on main."""
    generate(pastoral, school_repo)
    commit(school_repo, "CODEOWNERS")
    return school_repo


def test_a_new_pupil_added_by_hand_passes_ci_without_running_pastoral_codeowners(owned_repo, tmp_path):
    base = git(owned_repo, "rev-parse", "HEAD")
    write(owned_repo, "records/pupils/p0301.yml", NEW_PUPIL)
    write(owned_repo, "records/assignments/p0301-1.yml", HER_TUTOR)
    commit(owned_repo, "head: a new pupil and her tutor, typed in GitHub's web editor")

    done = run_gate(owned_repo, tmp_path, base)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "::error" not in done.stdout
    assert "::warning file=.github/CODEOWNERS" in done.stdout and "codeowners-current" in done.stdout
    head_of_birch = heads_of_house(owned_repo)["p0301"]
    assert f"will read '/records/pupils/p0301.yml {head_of_birch}'" in done.stdout  # what it will become
    # Until the regenerated file merges, the base's CODEOWNERS gives her records to SMT, the catch-all:
    on_main = Codeowners(git(owned_repo, "show", f"{base}:.github/CODEOWNERS") + "\n")
    for path in ("records/pupils/p0301.yml", "records/assignments/p0301-1.yml"):
        assert on_main.owners(path) == smt(owned_repo)


def move(repo: Path, pupil_id: str, house: str) -> None:
    pupil = repo / "records" / "pupils" / f"{pupil_id}.yml"
    old = records_of(repo, "pupils")[pupil_id]["house"]
    pupil.write_text(pupil.read_text(encoding="utf-8").replace(f"house: {old}", f"house: {house}"), encoding="utf-8")


def head_handle(repo: Path, house: str) -> str:
    head = records_of(repo, "houses")[house]["head_of_house"]
    return records_of(repo, "staff")[head]["github"]


def test_a_pupil_moving_house_waits_for_both_heads_of_house(owned_repo, pastoral, tmp_path):
    records = str(owned_repo / "records")
    leaving, joining = "birch", "oak"
    pupil_id = next(p for p, pupil in records_of(owned_repo, "pupils").items() if pupil["house"] == leaving)
    old_head, new_head = head_handle(owned_repo, leaving), head_handle(owned_repo, joining)
    move(owned_repo, pupil_id, joining)
    commit(owned_repo, "head: a pupil moves House")
    ask = tmp_path / "ask"

    code, out, err = pastoral("reviewers", "--records", records, "--base", "HEAD~1", "--request-file", str(ask))
    assert code == 1
    assert f"{pupil_id} moves from Birch House to Oak House: needs @{old_head} for Birch House and @{new_head} " \
           f"for Oak House; waiting for @{old_head} for Birch House and @{new_head} for Oak House" in out
    assert "1 of 1 House moves still need a Head of House's approval" in err
    assert ask.read_text() == ",".join(sorted([old_head, new_head]))

    code, out, _ = pastoral("reviewers", "--records", records, "--base", "HEAD~1", "--approved", old_head.upper(),
                            "--request-file", str(ask))
    assert code == 1 and f"waiting for @{new_head} for Oak House" in out and ask.read_text() == new_head

    code, out, _ = pastoral("reviewers", "--records", records, "--base", "HEAD~1", "--approved", old_head, new_head)
    assert code == 0 and "approved by both" in out


def test_a_house_whose_head_cannot_review_is_approved_by_smt_and_a_change_moving_nobody_passes(
        owned_repo, pastoral):
    records = str(owned_repo / "records")
    assert pastoral("reviewers", "--records", records, "--base", "HEAD") == (
        0, "pastoral reviewers: no pupil changes House in this change\n", "")
    head = records_of(owned_repo, "houses")["oak"]["head_of_house"]
    staff = owned_repo / "records" / "staff" / f"{head}.yml"
    staff.write_text("".join(line for line in staff.read_text(encoding="utf-8").splitlines(True)
                             if not line.startswith("github:")), encoding="utf-8")
    pupil_id = next(p for p, pupil in records_of(owned_repo, "pupils").items() if pupil["house"] == "birch")
    move(owned_repo, pupil_id, "oak")

    code, out, _ = pastoral("reviewers", "--records", records, "--base", "HEAD",
                            "--approved", head_handle(owned_repo, "birch"), smt(owned_repo)[0].removeprefix("@"))

    assert code == 0
    assert f"one of {', '.join(smt(owned_repo))} (SMT) for Oak House" in out


def workflow_step(workflow: str, contains: str) -> dict:
    steps = [s for job in load(GITHUB / "workflows" / workflow)["jobs"].values() for s in job["steps"]]
    return next(s for s in steps if contains in s.get("run", ""))


def test_the_house_moves_step_passes_a_move_both_heads_approved_and_fails_one_still_waiting(owned_repo, tmp_path):
    """The step's own script, as the runner runs it. No GitHub here (no token, and maybe no gh), so asking for
    the review fails as it does with a fork's read-only token, and falls back to a notice naming who to ask."""
    base = git(owned_repo, "rev-parse", "HEAD")
    pupil_id = next(p for p, pupil in records_of(owned_repo, "pupils").items() if pupil["house"] == "birch")
    move(owned_repo, pupil_id, "oak")
    commit(owned_repo, "head: a pupil moves House")
    gate = workflow_step("house-moves.yml", "pastoral reviewers")
    assert set(gate["env"]) == {"BASE_SHA", "APPROVED", "GH_TOKEN", "PULL", "REPOSITORY"}
    runner = {"BASE_SHA": base, "GH_TOKEN": "", "PULL": "7", "REPOSITORY": "school/records", "RUNNER_TEMP": str(tmp_path)}
    old_head, new_head = head_handle(owned_repo, "birch"), head_handle(owned_repo, "oak")

    waiting = run_step(gate["run"], owned_repo, {**runner, "APPROVED": f"someone {old_head}"})
    assert waiting.returncode == 1
    assert f"waiting for @{new_head} for Oak House" in waiting.stdout
    assert f"::notice::could not ask for reviews (a pull request from a fork has a read-only token): ask {new_head}" \
           in waiting.stdout

    both = run_step(gate["run"], owned_repo, {**runner, "APPROVED": f"someone {old_head} {new_head}"})
    assert both.returncode == 0 and "approved by both" in both.stdout


def test_the_codeowners_workflow_opens_nothing_when_the_file_already_matches(owned_repo):
    publish = workflow_step("codeowners.yml", "gh pr create")
    done = run_step(publish["run"], owned_repo, {"GH_TOKEN": "", "REPOSITORY": "school/records"})
    assert done.returncode == 0 and done.stdout == "CODEOWNERS already matches the records.\n"
