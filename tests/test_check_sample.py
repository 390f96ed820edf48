"""``pastoral check`` on the sample school (Fernhill Academy, frozen on 2026-11-20) and on copies of it
with one thing broken, as the issue's done-when list asks."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import yaml
from tests.conftest import REPO, SAMPLE_AS_OF

from pastoral.checking.checker import check_workspace
from pastoral.core.workspace import Workspace

EXPECTED_WARNINGS = {("planner-signed", "p0154"), ("planner-signed", "p0150"), ("planner-signed", "p0123")}
"""The sample's warnings, listed in the README: three sessions whose planner no parent has signed yet."""


def check_json(pastoral, root: Path) -> tuple[int, list[dict]]:
    code, out, err = pastoral("check", "--records", str(root / "records"), "--as-of", SAMPLE_AS_OF, "--format", "json")
    assert code in (0, 1), err
    return code, json.loads(out)


def sample_context(root: Path):
    return check_workspace(Workspace.at(root / "records"), date.fromisoformat(SAMPLE_AS_OF)).context


def edit(path: Path, change) -> None:
    """Load a record, let ``change`` alter its data, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_the_sample_school_passes_with_only_the_warnings_the_readme_lists(pastoral):
    code, findings = check_json(pastoral, REPO)
    assert code == 0
    assert {(f["rule"], f["subject"]) for f in findings} == EXPECTED_WARNINGS
    assert {f["severity"] for f in findings} == {"warning"}


def test_deleting_a_year_8_pupils_assignment_fails_with_tutor_assigned_for_that_pupil(school, pastoral):
    context = sample_context(school)
    pupil_id, [assignment] = next((pupil_id, assignments) for pupil_id, assignments
                                  in sorted(context.tutor_assignments_of_pupil.items())
                                  if context.on_roll[pupil_id].get("year") == 8)
    (school / assignment.file).unlink()
    code, findings = check_json(pastoral, school)
    assert code == 1
    assert [(f["rule"], f["subject"], f["file"]) for f in findings if f["severity"] == "error"] == \
        [("tutor-assigned", pupil_id, f"records/pupils/{pupil_id}.yml")]


def test_eal_needs_without_needs_considered_fail(school, pastoral):
    context = sample_context(school)
    pupil_id, [assignment] = next((pupil_id, assignments) for pupil_id, assignments
                                  in sorted(context.tutor_assignments_of_pupil.items())
                                  if not context.on_roll[pupil_id].get("needs"))
    edit(school / "records" / "pupils" / f"{pupil_id}.yml", lambda pupil: pupil.update(needs=["eal"]))
    edit(school / assignment.file, lambda data: data.pop("needs_considered", None))
    code, findings = check_json(pastoral, school)
    assert code == 1
    assert [(f["rule"], f["subject"]) for f in findings if f["severity"] == "error"] == [("needs-considered", pupil_id)]


def test_a_referral_that_says_search_online_fails_at_the_referral(school, pastoral):
    session = next(path for path in sorted((school / "records" / "sessions").rglob("*.yml"))
                   if "referrals" not in path.read_text(encoding="utf-8"))
    edit(session, lambda data: data.update(referrals=[
        {"service": "Counselling", "contact": {"name": "Search online for a local counsellor"}}]))
    code, findings = check_json(pastoral, school)
    [finding] = [f for f in findings if f["severity"] == "error"]
    assert code == 1 and finding["rule"] == "referral-contact"
    assert finding["file"] == session.relative_to(school).as_posix()
    lines = session.read_text(encoding="utf-8").splitlines()
    assert lines[finding["line"] - 1].strip() == "name: Search online for a local counsellor"


def test_removing_a_tutors_dbs_check_fails(school, pastoral):
    context = sample_context(school)
    tutor = context.store.staff[sorted(context.tutees)[0]]
    edit(school / tutor.file, lambda data: data.pop("dbs"))
    code, findings = check_json(pastoral, school)
    assert code == 1
    assert [(f["rule"], f["subject"]) for f in findings if f["severity"] == "error"] == [("dbs-enhanced", tutor.id)]
