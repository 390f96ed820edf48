"""``pastoral retention``: what is due by the school's policy, by category, counted from the date of
birth or of leaving as the IRMS toolkit does, with the day each record fell due."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.conftest import write
from tests.lifecycle.small_school import (  # noqa: F401 - small_school is a fixture
    assignment,
    commit_all,
    git,
    pupil,
    small_school,
    snapshot,
)

from pastoral.core.periods import add_months, one_calendar_month
from pastoral.lifecycle.retention_policy import CATEGORIES, Period, parse_period

SESSION = "records/sessions/2026-27/2026-09-20-p0099.yml"
ASSIGNMENT = "records/assignments/p0099-1.yml"
PUPIL = "records/pupils/p0099.yml"


@pytest.fixture
def leaver(small_school: Path) -> Path:
    """The small school, whose pupil p0099 left on 2026-10-01, with a tutor assignment and a session of theirs.

    school.yml keeps pupils 6 years, assignments 3 and sessions 1 after leaving (plain numbers: years after
    the date of leaving).
    """
    write(small_school, ASSIGNMENT, assignment("p0099", "seven", end="2026-10-01"))
    write(small_school, SESSION, "id: 2026-09-20-p0099\npupil: p0099\ntutor: seven\ndate: 2026-09-20\n")
    return small_school


def retention(pastoral, root: Path, as_of: str, *extra: str):
    return pastoral("retention", "--records", str(root / "records"), "--as-of", as_of, *extra)


def set_policy(root: Path, policy: str) -> None:
    school = root / "records/school.yml"
    school.write_text(school.read_text().split("retention:\n")[0] + policy)


def test_nothing_is_listed_on_the_last_day_a_record_is_kept(leaver, pastoral):
    assert retention(pastoral, leaver, "2027-10-01") == (
        0, "pastoral retention: 0 records of 0 people past the retention policy on 2027-10-01\n", "")


def test_each_kind_is_listed_under_its_rule_once_its_own_period_has_passed(leaver, pastoral):
    code, out, _ = retention(pastoral, leaver, "2027-10-02")
    assert (code, out) == (1, "sessions (date of leaving + 1 year, school.yml):\n"
                              f"  {SESSION}: p0099, due since 2027-10-02 (date of leaving + 1 year, left on 2026-10-01)\n"
                              "pastoral retention: 1 record of 1 person past the retention policy on 2027-10-02 "
                              "(remove them with --purge)\n")
    _, out, _ = retention(pastoral, leaver, "2029-10-02")
    assert f"{ASSIGNMENT}: p0099, due since 2029-10-02 (date of leaving + 3 years, left on 2026-10-01)\n" in out
    assert PUPIL not in out
    _, out, _ = retention(pastoral, leaver, "2032-10-02")
    assert f"{PUPIL}: p0099, due since 2032-10-02 (date of leaving + 6 years, left on 2026-10-01)\n" in out


def test_a_pupil_record_is_kept_while_any_record_naming_them_is(leaver, pastoral):
    set_policy(leaver, "retention:\n  pupils: 1\n  assignments: 1\n  sessions: 8\n")
    _, out, _ = retention(pastoral, leaver, "2030-01-01")
    assert PUPIL not in out
    _, out, _ = retention(pastoral, leaver, "2034-10-02")
    assert (f"{PUPIL}: p0099, due since 2034-10-02 (kept while {SESSION} is (date of leaving + 8 years, "
            "left on 2026-10-01))\n") in out


def test_by_default_a_pupil_file_is_kept_until_the_25th_birthday(leaver, pastoral):
    set_policy(leaver, "")
    (leaver / PUPIL).write_text((leaver / PUPIL).read_text() + "date_of_birth: 2011-02-14\n")
    assert retention(pastoral, leaver, "2036-02-14")[0] == 0
    code, out, _ = retention(pastoral, leaver, "2036-02-15")
    assert code == 1
    assert out.startswith("pupils (date of birth + 25 years, IRMS default):\n"
                          f"  {PUPIL}: p0099, due since 2036-02-15 (date of birth + 25 years, born 2011-02-14)\n")
    assert f"  {SESSION}: p0099, due since 2036-02-15" in out and f"  {ASSIGNMENT}: p0099, due since 2036-02-15" in out


def test_an_sen_file_is_kept_longer_whatever_the_kind(leaver, pastoral):
    set_policy(leaver, "")
    (leaver / PUPIL).write_text((leaver / PUPIL).read_text() + "date_of_birth: 2011-02-14\nneeds:\n  - ehcp\n")
    assert retention(pastoral, leaver, "2040-01-01")[0] == 0
    code, out, _ = retention(pastoral, leaver, "2042-02-15")
    assert code == 1
    assert out.startswith("sen (date of birth + 31 years, IRMS default):\n"
                          f"  {ASSIGNMENT}: p0099, due since 2042-02-15 (date of birth + 31 years, born 2011-02-14)\n")


def test_a_pupil_on_roll_is_never_due_however_old(small_school, pastoral):
    set_policy(small_school, "")
    path = small_school / "records/pupils/p0007.yml"
    path.write_text(path.read_text() + "date_of_birth: 1990-01-01\n")
    assert "p0007" not in retention(pastoral, small_school, "2099-01-01")[1]


def test_a_leaver_without_a_date_of_birth_is_named_not_guessed(leaver, pastoral):
    set_policy(leaver, "")
    code, out, _ = retention(pastoral, leaver, "2099-01-01")
    assert code == 0
    assert ("note: p0099 has left but has no date_of_birth, so their records cannot be judged by "
            "'date of birth + ...': add it to their record\n") in out


def test_staff_records_go_six_years_after_leaving_once_nothing_kept_names_them(leaver, pastoral):
    set_policy(leaver, "retention:\n  pupils: 1\n  assignments: 1\n  sessions: 1\n")
    staff = leaver / "records/staff/thirteen.yml"
    staff.write_text(staff.read_text() + "left_on: 2027-07-21\n")
    (leaver / "records/assignments/p0013-1.yml").unlink()
    _, out, _ = retention(pastoral, leaver, "2033-07-22")
    assert ("staff (date of leaving + 6 years, IRMS default):\n"
            "  records/staff/thirteen.yml: thirteen, due since 2033-07-22 (date of leaving + 6 years, "
            "left on 2027-07-21)\n") in out
    seven = leaver / "records/staff/seven.yml"  # seven tutored p0099, whose records are gone by then
    seven.write_text(seven.read_text() + "left_on: 2027-07-21\n")
    (leaver / "records/assignments/p0007-1.yml").unlink()
    (leaver / "records/sessions/2026-27/2026-10-05-p0007.yml").unlink()
    _, out, _ = retention(pastoral, leaver, "2033-07-22")
    assert "records/staff/seven.yml: seven, due since 2033-07-22" in out
    write(leaver, "records/assignments/p0007-1.yml", assignment("p0007", "seven", end="2027-07-21"))
    assert "records/staff/seven.yml" not in retention(pastoral, leaver, "2033-07-22")[1]  # p0007 is on roll


def test_a_waiver_naming_a_pupil_already_purged_is_due_now(leaver, pastoral):
    write(leaver, "records/waivers/p0061-meetings.yml",
          "id: p0061-meetings\nrule: meetings-per-year\nsubject: p0061\nreason: In hospital for an operation.\n"
          "approved_by: hoh\nfrom: 2026-01-05\nuntil: 2026-02-27\n")
    code, out, _ = retention(pastoral, leaver, "2026-11-20")
    assert code == 1
    assert ("waivers (date of birth + 25 years, IRMS default):\n"
            "  records/waivers/p0061-meetings.yml: p0061, due now (names p0061, who has no record any more)\n") in out


def test_kept_records_that_mention_a_due_pupil_are_named_for_a_person_to_edit(leaver, pastoral):
    kept = leaver / "records/sessions/2026-27/2026-10-05-p0007.yml"
    kept.write_text(kept.read_text() + "notes: Worked on a project with p0099 before they left.\n")
    _, out, _ = retention(pastoral, leaver, "2033-01-01")
    assert ("note: records/sessions/2026-27/2026-10-05-p0007.yml is kept but mentions p0099, whose records are "
            "due: edit the mention out before purging\n") in out


def test_subject_access_requests_are_kept_a_year_after_the_answer(small_school, pastoral):
    write(small_school, "records/subject-access-requests/2026-11-02-p0007.yml",
          "id: 2026-11-02-p0007\nsubject: p0007\nreceived_on: 2026-11-02\nanswered_on: 2026-11-20\n")
    assert "subject-access-requests" not in retention(pastoral, small_school, "2027-11-20")[1]
    assert ("subject_access_requests (date answered + 1 year, IRMS default):\n"
            "  records/subject-access-requests/2026-11-02-p0007.yml: p0007, due since 2027-11-21 "
            "(date answered + 1 year, answered on 2026-11-20)\n") in retention(pastoral, small_school, "2027-11-21")[1]


def test_a_period_school_yml_cannot_mean_is_a_schema_finding(leaver, pastoral):
    set_policy(leaver, "retention:\n  pupils: until they are old\n")
    code, out, _ = retention(pastoral, leaver, "2030-01-01")
    assert code == 1
    assert "fix these records first (nothing was changed)" in out and "records/school.yml" in out


@pytest.mark.parametrize(("text", "period"), [
    ("date of birth + 25 years", Period("date of birth", 300)), ("date of leaving+6 months", Period("date of leaving", 6)),
    (" date answered + 1 year ", Period("date answered", 12)), (7, Period("date of leaving", 84))])
def test_periods_are_read_as_the_toolkit_writes_them(text, period):
    assert parse_period(text, "pupils") == period
    assert str(period) in ("date of birth + 25 years", "date of leaving + 6 months", "date answered + 1 year",
                           "date of leaving + 7 years")


def test_every_category_has_a_default_and_its_source():
    assert list(CATEGORIES) == ["pupils", "assignments", "sen", "sessions", "waivers", "staff",
                                "subject_access_requests"]
    assert all(category.source for category in CATEGORIES.values())


def test_months_and_calendar_months_end_on_the_last_day_of_a_short_month():
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert one_calendar_month(date(2026, 11, 3)) == date(2026, 12, 3)
    assert one_calendar_month(date(2026, 12, 3)) == date(2027, 1, 4)  # 3 January 2027 is a Sunday
    assert one_calendar_month(date(2026, 7, 22)) == date(2026, 8, 24)  # the summer holiday counts; 22 Aug is a Saturday


# -- refusals, on a real repository

@pytest.fixture
def repository(leaver: Path, monkeypatch) -> Path:
    commit_all(leaver, monkeypatch, "records")
    return leaver


def test_purge_removes_the_parse_cache_too(repository, pastoral):
    pastoral("check", "--records", str(repository / "records"))
    assert list((repository / ".pastoral-cache/parsed").glob("*.json"))
    code, out, err = retention(pastoral, repository, "2040-01-01", "--purge")
    assert code == 0, out + err
    assert not (repository / ".pastoral-cache").exists()  # no copy of the purged records stays behind
    assert not (repository / PUPIL).exists()
    assert retention(pastoral, repository, "2040-01-01")[0] == 0


def test_purge_is_refused_while_a_stash_holds_old_files(repository, pastoral):
    (repository / "records/pupils/p0007.yml").write_text("changed\n")
    git(repository, "stash", "--quiet")
    code, _, err = retention(pastoral, repository, "2040-01-01", "--purge")
    assert code == 2
    assert "the repository has stashes, which keep old copies of files: apply or drop them first" in err


def test_purge_outside_a_git_repository_is_a_usage_error(leaver, pastoral, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(leaver.parent))
    before = snapshot(leaver / "records")
    code, _, err = retention(pastoral, leaver, "2040-01-01", "--purge")
    assert code == 2
    assert "is not in a Git repository, so there is no history to remove records from" in err
    assert snapshot(leaver / "records") == before


@pytest.mark.parametrize(("mapping", "column"), [("sims", "DOB"), ("arbor", "Date of Birth")])
def test_both_mis_mappings_name_the_date_of_birth_column(mapping, column):
    from pastoral.lifecycle.mis_mappings import MAPPINGS, choose_mapping
    headers = [*MAPPINGS[mapping]["pupils"].values()]
    assert choose_mapping(mapping, "pupils", headers, "roll.csv")["date_of_birth"] == column
