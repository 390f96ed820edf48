"""Waivers in ``pastoral check``: a rule excused for one subject, for a time, for a reason, by someone who may.

The small school's tutor 'seven' also tutors a Year 8 pupil (p0008), so 'one-year-group' finds an error
about 'seven': the case the waiver schema gives, a tutor covering two year groups for a term.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.conftest import write
from tests.lifecycle.small_school import assignment, pupil, small_school  # noqa: F401 - a fixture

from pastoral.rules import REGISTRY

AS_OF = "2026-11-20"
REASON = "Covers 8OA as well until the new Year 8 tutor starts in February."


def waiver(root: Path, *, rule: str = "one-year-group", subject: str = "seven", approved_by: str = "hoh",
           start: str = "2026-11-02", until: str = "2027-02-12", name: str = "seven-two-years",
           reason: str = REASON) -> None:
    write(root, f"records/waivers/{name}.yml",
          f"id: {name}\nrule: {rule}\nsubject: {subject}\nreason: {reason}\napproved_by: {approved_by}\n"
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


def waiver_problems(findings: list[dict]) -> list[dict]:
    return [finding for finding in findings if finding["rule"] in ("waiver-valid", "waiver-approved")]


@pytest.fixture
def two_years(small_school: Path, pastoral) -> Path:
    """The small school, where 'seven' tutors Years 7 and 8: a one-year-group error, with no waiver yet; and a
    second House, Ash, with its own Head of House and a pupil."""
    root = small_school
    write(root, "records/pupils/p0008.yml", pupil("p0008", 8, "7OA"))
    write(root, "records/assignments/p0008-1.yml", assignment("p0008", "seven"))
    write(root, "records/houses/ash.yml", "id: ash\nname: Ash House\nhead_of_house: hash\ntutor_room: Room A1\n")
    write(root, "records/staff/hash.yml",
          "id: hash\nname: Ms Ash\nemail: h.ash@test.example\nroles:\n  - head-of-house\nhouse: ash\n")
    write(root, "records/staff/smt.yml", "id: smt\nname: Mr Deputy\nemail: d.smt@test.example\nroles:\n  - smt\n")
    write(root, "records/pupils/p0020.yml", pupil("p0020", 9, "9AS").replace("house: oak", "house: ash"))
    [finding] = about(check_json(pastoral, root), "one-year-group", "seven")
    assert finding["severity"] == "error" and "waived" not in finding
    return root


def test_a_waived_finding_is_reported_with_its_reason_and_does_not_block(two_years, pastoral):
    code_before, errors_before = errors_counted(pastoral, two_years)
    waiver(two_years)
    [finding] = about(check_json(pastoral, two_years), "one-year-group", "seven")
    assert finding["waived"] == f"{REASON} (waiver seven-two-years, until 2027-02-12)"
    code, errors = errors_counted(pastoral, two_years)
    assert errors == errors_before - 1
    assert code == (1 if errors else 0)
    _, out, _ = pastoral("check", "--records", str(two_years / "records"), "--as-of", AS_OF)
    assert f"    waived: {REASON} (waiver seven-two-years, until 2027-02-12)\n" in out


def test_an_expired_waiver_stops_waiving(two_years, pastoral):
    waiver(two_years, start="2026-09-03", until="2026-11-19")
    findings = check_json(pastoral, two_years)
    [finding] = about(findings, "one-year-group", "seven")
    assert "waived" not in finding
    assert not [f for f in findings if f["rule"].startswith("waiver-")]


def test_a_waiver_not_yet_in_force_waives_nothing_and_is_not_reported(two_years, pastoral):
    waiver(two_years, start="2026-11-21")
    findings = check_json(pastoral, two_years)
    assert "waived" not in about(findings, "one-year-group", "seven")[0]
    assert not [f for f in findings if f["rule"].startswith("waiver-")]


def test_a_waiver_that_excuses_nothing_is_reported(two_years, pastoral):
    waiver(two_years, subject="thirteen", name="thirteen-two-years")
    [finding] = about(check_json(pastoral, two_years), "waiver-unused", "thirteen")
    assert finding["severity"] == "warning"
    assert finding["file"] == "records/waivers/thirteen-two-years.yml"
    assert finding["message"] == ("the waiver excuses 'one-year-group' for thirteen, but that rule finds nothing "
                                  "about them now")


def test_a_waiver_approved_by_a_tutor_is_an_error_and_waives_nothing(two_years, pastoral):
    waiver(two_years, subject="thirteen", approved_by="seven")
    findings = check_json(pastoral, two_years)
    [problem] = about(findings, "waiver-approved", "thirteen")
    assert (problem["severity"], problem["line"]) == ("error", 5)
    assert problem["message"] == "'seven' is not a Head of House or a member of SMT, so cannot approve a waiver"


def test_a_waiver_approved_by_someone_not_on_the_staff_list_is_an_error(two_years, pastoral):
    waiver(two_years, approved_by="nobody")
    findings = check_json(pastoral, two_years)
    [problem] = about(findings, "waiver-approved", "seven")
    assert problem["message"] == "'nobody' is not on the staff list, so cannot approve a waiver"
    assert "waived" not in about(findings, "one-year-group", "seven")[0]


def test_the_head_of_another_house_cannot_approve_a_waiver(two_years, pastoral):
    """The issue's case: the Head of House of Ash approves a waiver about an Oak tutor."""
    waiver(two_years, approved_by="hash")
    findings = check_json(pastoral, two_years)
    [problem] = about(findings, "waiver-approved", "seven")
    assert (problem["file"], problem["line"], problem["severity"]) == \
        ("records/waivers/seven-two-years.yml", 5, "error")
    assert problem["message"] == ("'hash' is not Head of House for seven's House, Oak House, so cannot approve a "
                                  "waiver about them")
    assert problem["hint"] == "ask Oak House's Head of House (hoh) or a member of SMT to approve it"
    assert "waived" not in about(findings, "one-year-group", "seven")[0]
    waiver(two_years, rule="meetings-per-year", subject="p0007", approved_by="hash", name="p0007-meetings")
    [problem] = about(check_json(pastoral, two_years), "waiver-approved", "p0007")
    assert problem["message"] == ("'hash' is not Head of House for p0007's House, Oak House, so cannot approve a "
                                  "waiver about them")


def test_smt_approve_waivers_about_anyone_a_head_of_house_about_their_own_house(two_years, pastoral):
    waiver(two_years, approved_by="smt")
    assert about(check_json(pastoral, two_years), "one-year-group", "seven")[0]["waived"]
    waiver(two_years, approved_by="hash", rule="meetings-per-year", subject="p0020", name="p0020-meetings")
    assert not waiver_problems(check_json(pastoral, two_years))


def test_no_one_approves_a_waiver_about_themselves_or_after_leaving(two_years, pastoral):
    waiver(two_years, rule="line-managed-by-hoh", subject="hoh", approved_by="hoh", name="hoh-self")
    [problem] = waiver_problems(check_json(pastoral, two_years))
    assert problem["message"] == "'hoh' is the waiver's own subject, so cannot approve it"
    (two_years / "records/waivers/hoh-self.yml").unlink()
    write(two_years, "records/staff/smt.yml",
          "id: smt\nname: Mr Deputy\nemail: d.smt@test.example\nroles:\n  - smt\nleft_on: 2026-10-31\n")
    waiver(two_years, approved_by="smt")
    [problem] = waiver_problems(check_json(pastoral, two_years))
    assert problem["message"] == "'smt' left the school on 2026-10-31, before the waiver began, so cannot approve it"


def test_a_waiver_lasts_at_most_one_term_unless_the_school_says_otherwise(two_years, pastoral):
    """The issue's case: 'tutor-assigned' until 2099. A waiver of 126 days (one term) is fine; one day more is not."""
    waiver(two_years, start="2026-11-02", until="2027-03-07")
    assert not waiver_problems(check_json(pastoral, two_years))
    waiver(two_years, start="2026-11-02", until="2027-03-08")
    assert [p["rule"] for p in waiver_problems(check_json(pastoral, two_years))] == ["waiver-valid"]
    waiver(two_years, start="2026-11-02", until="2099-07-31")
    findings = check_json(pastoral, two_years)
    [problem] = waiver_problems(findings)
    assert (problem["rule"], problem["line"], problem["severity"]) == ("waiver-valid", 7, "error")
    assert problem["message"] == ("the waiver runs for 26570 days (2026-11-02 to 2099-07-31), longer than the 126 "
                                  "days the school allows")
    assert problem["hint"].startswith("set 'until' to 2027-03-07 at the latest and review it then")
    assert "waived" not in about(findings, "one-year-group", "seven")[0]
    school = (two_years / "records/school.yml").read_text(encoding="utf-8")
    write(two_years, "records/school.yml", school + "policy:\n  waiver_max_days: 366\n")
    waiver(two_years, start="2026-11-02", until="2027-07-21")
    assert not waiver_problems(check_json(pastoral, two_years))


@pytest.mark.parametrize("rule, subject, reason, why", [
    ("dbs-enhanced", "seven", "Basic check held; enhanced applied for in September.", "safeguarding is never waived"),
    ("tutor-assigned", "p0012", "Joined mid-term from hospital school; tutor to be chosen.",
     "the Pupil Guarantee is never waived (para 130)"),
    ("referral-contact", "p0007", "The family will find the number themselves.",
     "the Pupil Guarantee is never waived (para 134)"),
    ("needs-considered", "p0007", "Needs to be discussed at the next SEN panel.",
     "the Pupil Guarantee is never waived (para 135)"),
    ("schema", "p0007", "The file will be fixed later this term.",
     "integrity and privacy rules are never excused: correct the record instead"),
])
def test_the_guarantee_safeguarding_and_integrity_cannot_be_waived(two_years, pastoral, rule, subject, reason, why):
    waiver(two_years, rule=rule, subject=subject, reason=reason, name="w")
    findings = check_json(pastoral, two_years)
    [problem] = waiver_problems(findings)
    assert (problem["rule"], problem["file"], problem["line"], problem["severity"]) == \
        ("waiver-valid", "records/waivers/w.yml", 2, "error")
    assert problem["message"] == f"'{rule}' cannot be waived"
    assert problem["hint"].startswith(why)
    assert all("waived" not in finding for finding in findings)


def test_every_rule_says_whether_it_can_be_waived():
    never = {rule.id for rule in REGISTRY.values() if not rule.waivable}
    assert {"dbs-enhanced", "dbs-recheck", "tutor-assigned", "tutor-current", "reassigned-on-leaving",
            "needs-considered", "referral-contact", "session-tutor", "yaml", "layout", "schema", "id-matches-file",
            "unique-id", "ref-exists", "dates-ordered", "session-matches-file", "ended-with-reason"} <= never
    assert {"pupil-informed", "meetings-per-year", "one-year-group", "own-tutor-group", "planner-signed",
            "associate-cover"}.isdisjoint(never)


@pytest.mark.parametrize("change, message, hint", [
    ({"rule": "one-year-groop"}, "'one-year-groop' is not a rule of the catalogue", "did you mean 'one-year-group'?"),
    ({"rule": "homework"}, "'homework' is not a rule of the catalogue",
     "write the rule id as findings show it, for example 'meetings-per-year'"),
    ({"rule": "public-no-personal-data"}, "'public-no-personal-data' cannot be waived",
     "integrity and privacy rules are never excused: correct the record instead"),
    ({"subject": "p0404"}, "'p0404' is not a pupil or member of staff",
     "write the pupil id (p0042) or staff id the findings are about"),
    ({"until": "2026-08-31"}, "the waiver ends (2026-08-31) before it starts (2026-11-02)", "check the dates"),
])
def test_a_waiver_that_is_wrong_is_reported_and_waives_nothing(two_years, pastoral, change, message, hint):
    waiver(two_years, **change)
    findings = check_json(pastoral, two_years)
    [problem] = [f for f in findings if f["rule"] == "waiver-valid"]
    assert (problem["severity"], problem["message"], problem["hint"]) == ("error", message, hint)
    assert "waived" not in about(findings, "one-year-group", "seven")[0]


def test_a_waiver_without_a_reason_breaks_its_schema(two_years, pastoral):
    write(two_years, "records/waivers/w.yml",
          "id: w\nrule: one-year-group\nsubject: seven\napproved_by: hoh\nfrom: 2026-11-02\nuntil: 2027-02-12\n")
    code, out, _ = pastoral("validate", "--records", str(two_years / "records"))
    assert code == 1
    assert "records/waivers/w.yml:1:1: error [schema] the required field 'reason' is missing" in out


def test_a_waiver_of_a_rule_never_waived_is_one_finding_however_long_it_runs(two_years, pastoral):
    """The issue's case: 'tutor-assigned' waived until 2099. The waiver has to go, so that is all it is told."""
    waiver(two_years, rule="tutor-assigned", subject="p0012", until="2099-12-31", approved_by="seven", name="w")
    findings = check_json(pastoral, two_years)
    assert [(f["rule"], f["message"]) for f in waiver_problems(findings)] == [
        ("waiver-valid", "'tutor-assigned' cannot be waived")]
    [finding] = about(findings, "tutor-assigned", "p0012")
    assert finding["severity"] == "error" and "waived" not in finding
