"""Waivers in ``pastoral check``: a rule excused for one subject, for a time, for a reason."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.conftest import write
from tests.lifecycle.small_school import small_school  # noqa: F401 - a fixture

AS_OF = "2026-11-20"
REASON = "Joined mid-term from hospital school; tutor to be chosen with the SENCO."


def waiver(root: Path, *, rule: str = "tutor-assigned", subject: str = "p0012", approved_by: str = "hoh",
           start: str = "2026-09-01", until: str = "2027-07-21", name: str = "p0012-tutor") -> None:
    write(root, f"records/waivers/{name}.yml",
          f"id: {name}\nrule: {rule}\nsubject: {subject}\nreason: {REASON}\napproved_by: {approved_by}\n"
          f"from: {start}\nuntil: {until}\n")


def check_json(pastoral, root: Path) -> list[dict]:
    code, out, err = pastoral("check", "--records", str(root / "records"), "--as-of", AS_OF, "--format", "json")
    assert code in (0, 1), err
    return json.loads(out)


def errors_counted(pastoral, root: Path) -> tuple[int, int]:
    """(exit code, errors in the summary line): the errors that block."""
    code, out, _ = pastoral("check", "--records", str(root / "records"), "--as-of", AS_OF)
    return code, int(re.search(r"([0-9,]+) errors?,", out.splitlines()[-1]).group(1))


def about(findings: list[dict], rule: str, subject: str) -> list[dict]:
    return [finding for finding in findings if finding["rule"] == rule and finding.get("subject") == subject]


@pytest.fixture
def unassigned(small_school: Path, pastoral) -> Path:
    """The small school, where pupil p0012 has no tutor: a tutor-assigned error, with no waiver yet."""
    [finding] = about(check_json(pastoral, small_school), "tutor-assigned", "p0012")
    assert finding["severity"] == "error" and "waived" not in finding
    return small_school


def test_a_waived_finding_is_reported_with_its_reason_and_does_not_block(unassigned, pastoral):
    code_before, errors_before = errors_counted(pastoral, unassigned)
    waiver(unassigned)
    [finding] = about(check_json(pastoral, unassigned), "tutor-assigned", "p0012")
    assert finding["waived"] == f"{REASON} (waiver p0012-tutor, until 2027-07-21)"
    code, errors = errors_counted(pastoral, unassigned)
    assert errors == errors_before - 1
    assert code == (1 if errors else 0)
    _, out, _ = pastoral("check", "--records", str(unassigned / "records"), "--as-of", AS_OF)
    assert f"    waived: {REASON} (waiver p0012-tutor, until 2027-07-21)\n" in out


def test_an_expired_waiver_stops_waiving(unassigned, pastoral):
    waiver(unassigned, until="2026-11-19")
    findings = check_json(pastoral, unassigned)
    [finding] = about(findings, "tutor-assigned", "p0012")
    assert "waived" not in finding
    assert not [f for f in findings if f["rule"].startswith("waiver-")]


def test_a_waiver_not_yet_in_force_waives_nothing_and_is_not_reported(unassigned, pastoral):
    waiver(unassigned, start="2026-11-21")
    findings = check_json(pastoral, unassigned)
    assert "waived" not in about(findings, "tutor-assigned", "p0012")[0]
    assert not [f for f in findings if f["rule"].startswith("waiver-")]


def test_a_waiver_that_excuses_nothing_is_reported(unassigned, pastoral):
    waiver(unassigned, subject="p0007", name="p0007-tutor")
    [finding] = about(check_json(pastoral, unassigned), "waiver-unused", "p0007")
    assert finding["severity"] == "warning"
    assert finding["file"] == "records/waivers/p0007-tutor.yml"
    assert finding["message"] == ("the waiver excuses 'tutor-assigned' for p0007, but that rule finds nothing "
                                  "about them now")


def test_a_waiver_approved_by_a_tutor_is_an_error_and_waives_nothing(unassigned, pastoral):
    waiver(unassigned, approved_by="seven")
    findings = check_json(pastoral, unassigned)
    [problem] = about(findings, "waiver-approved", "p0012")
    assert (problem["severity"], problem["line"]) == ("error", 5)
    assert problem["message"] == "'seven' is not a Head of House or a member of SMT, so cannot approve a waiver"
    assert "waived" not in about(findings, "tutor-assigned", "p0012")[0]


def test_a_waiver_approved_by_someone_not_on_the_staff_list_is_an_error(unassigned, pastoral):
    waiver(unassigned, approved_by="nobody")
    [problem] = about(check_json(pastoral, unassigned), "waiver-approved", "p0012")
    assert problem["message"] == "'nobody' is not on the staff list, so cannot approve a waiver"


@pytest.mark.parametrize("change, message, hint", [
    ({"rule": "tutor-asigned"}, "'tutor-asigned' is not a rule of the catalogue", "did you mean 'tutor-assigned'?"),
    ({"rule": "homework"}, "'homework' is not a rule of the catalogue",
     "write the rule id as findings show it, for example 'meetings-per-year'"),
    ({"rule": "schema"}, "'schema' cannot be waived",
     "integrity and privacy rules are never excused: correct the record instead"),
    ({"subject": "p0404"}, "'p0404' is not a pupil or member of staff",
     "write the pupil id (p0042) or staff id the findings are about"),
    ({"until": "2026-08-31"}, "the waiver ends (2026-08-31) before it starts (2026-09-01)", "check the dates"),
])
def test_a_waiver_that_is_wrong_is_reported_and_waives_nothing(unassigned, pastoral, change, message, hint):
    waiver(unassigned, **change)
    findings = check_json(pastoral, unassigned)
    [problem] = [f for f in findings if f["rule"] == "waiver-valid"]
    assert (problem["severity"], problem["message"], problem["hint"]) == ("error", message, hint)
    assert "waived" not in about(findings, "tutor-assigned", "p0012")[0]


def test_a_waiver_without_a_reason_breaks_its_schema(unassigned, pastoral):
    write(unassigned, "records/waivers/w.yml",
          "id: w\nrule: tutor-assigned\nsubject: p0012\napproved_by: hoh\nfrom: 2026-09-01\nuntil: 2027-07-21\n")
    code, out, _ = pastoral("validate", "--records", str(unassigned / "records"))
    assert code == 1
    assert "records/waivers/w.yml:1:1: error [schema] the required field 'reason' is missing" in out
