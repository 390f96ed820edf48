"""``pastoral rollover``: the September move up a year, on real record files."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import SAMPLE_AS_OF, write
from tests.lifecycle.small_school import assignment, pupil, small_school, snapshot  # noqa: F401 - small_school is a fixture


def roll(pastoral, root: Path, *extra: str):
    return pastoral("rollover", "--to", "2027-28", "--records", str(root / "records"), *extra)


def read(root: Path, relative: str) -> str:
    return (root / "records" / relative).read_text(encoding="utf-8")


def test_pupils_move_up_and_year_13_leave_on_the_last_day_of_the_year(small_school, pastoral):
    code, out, err = roll(pastoral, small_school)
    assert code == 0, out + err
    assert read(small_school, "pupils/p0007.yml") == pupil("p0007", 8, "8OA")
    assert read(small_school, "pupils/p0013.yml") == pupil("p0013", 13, "13OA", extra="left_on: 2027-07-21\n")
    assert "records/pupils/p0007.yml: Year 7 -> 8, tutor group 7OA -> 8OA" in out
    assert "records/pupils/p0013.yml: left on 2027-07-21 (Year 13)" in out


def test_a_tutor_group_not_named_after_its_year_keeps_its_name(small_school, pastoral):
    roll(pastoral, small_school)
    assert read(small_school, "pupils/p0012.yml") == pupil("p0012", 13, "OAK3")


def test_a_pupil_who_has_left_is_not_moved(small_school, pastoral):
    before = read(small_school, "pupils/p0099.yml")
    roll(pastoral, small_school)
    assert read(small_school, "pupils/p0099.yml") == before


def test_tutors_move_up_with_their_group_and_year_13_tutors_are_listed(small_school, pastoral):
    code, out, _ = roll(pastoral, small_school)
    assert "year_group: 8\ntutor_group: 8OA\n" in read(small_school, "staff/seven.yml")
    assert "year_group: 13\ntutor_group: 13OA\n" in read(small_school, "staff/thirteen.yml")
    assert ("to do: Ms Thirteen (thirteen) tutored Year 13, who have now left: give them a new year group and "
            "tutor group in records/staff/thirteen.yml") in out


def test_the_new_year_starts_in_school_yml_and_its_session_folder(small_school, pastoral):
    roll(pastoral, small_school)
    assert "academic_year: '2027-28'\n" in read(small_school, "school.yml")
    assert (small_school / "records/sessions/2027-28/.gitkeep").is_file()


def test_comments_key_order_and_quoting_are_kept(small_school, pastoral):
    write(small_school, "records/pupils/p0008.yml", """\
        # Moved from Birch in Year 7 (see the note in the House file).
        name: Zoë Example   # name as used in school
        id: p0008
        tutor_group: '8OA'
        year: 8
        house: oak
        needs:
        - eal        # reviewed with the SENCO
        joined_on: 2025-09-03
        """)
    roll(pastoral, small_school)
    assert read(small_school, "pupils/p0008.yml") == """\
# Moved from Birch in Year 7 (see the note in the House file).
name: Zoë Example   # name as used in school
id: p0008
tutor_group: '9OA'
year: 9
house: oak
needs:
- eal        # reviewed with the SENCO
joined_on: 2025-09-03
"""


def test_run_twice_the_second_run_changes_nothing(small_school, pastoral):
    roll(pastoral, small_school)
    before = snapshot(small_school / "records")
    code, out, _ = roll(pastoral, small_school)
    assert (code, out) == (0, "pastoral rollover: the records are already in 2027-28: nothing to change\n")
    assert snapshot(small_school / "records") == before


def test_dry_run_shows_the_diff_and_writes_nothing(small_school, pastoral):
    before = snapshot(small_school / "records")
    code, out, _ = roll(pastoral, small_school, "--dry-run")
    assert code == 0
    assert "--- a/records/pupils/p0007.yml\n+++ b/records/pupils/p0007.yml\n" in out
    assert "-year: 7\n+year: 8\n house: oak\n-tutor_group: 7OA\n+tutor_group: 8OA\n" in out
    assert out.endswith("pastoral rollover: would change 6 files for 2027-28; 1 thing to do by hand\n")
    assert snapshot(small_school / "records") == before


def test_skipping_a_year_is_refused(small_school, pastoral):
    code, out, err = pastoral("rollover", "--to", "2028-29", "--records", str(small_school / "records"))
    assert code == 2
    assert err == ("pastoral rollover: school.yml says the records are in 2026-27, but a rollover to 2028-29 "
                   "starts from 2027-28: roll over one year at a time (next: --to 2027-28)\n")


def test_a_new_year_without_term_dates_is_refused(small_school, pastoral):
    school = small_school / "records/school.yml"
    school.write_text(school.read_text().split("  - academic_year: '2027-28'")[0] + "contacts:\n"
                      "  - role: School office\n    email: office@test.example\n")
    code, _, err = roll(pastoral, small_school)
    assert code == 2
    assert "school.yml's calendar has no half-terms for 2027-28: add its term dates" in err


def test_an_old_year_without_term_dates_is_refused(small_school, pastoral):
    school = small_school / "records/school.yml"
    text = school.read_text()
    start, end = text.index("  - academic_year: '2026-27'"), text.index("  - academic_year: '2027-28'")
    school.write_text(text[:start] + text[end:])
    code, _, err = roll(pastoral, small_school)
    assert code == 2
    assert ("school.yml's calendar has no half-terms for 2026-27: add its term dates to the calendar before rolling "
            "over, so that Year 13 leave on its last day") in err


def test_a_year_that_is_not_an_academic_year_is_a_usage_error(small_school, pastoral):
    code, _, err = pastoral("rollover", "--to", "2027-29", "--records", str(small_school / "records"))
    assert code == 2
    assert "'2027-29' is not an academic year: write it like 2027-28" in err


def test_broken_records_are_reported_and_nothing_is_changed(small_school, pastoral):
    write(small_school, "records/pupils/p0010.yml", pupil("p0010", 14, "7OA"))
    before = snapshot(small_school / "records")
    code, out, _ = roll(pastoral, small_school)
    assert code == 1
    assert "pastoral rollover: fix these records first (nothing was changed):" in out
    assert "records/pupils/p0010.yml:3:7: error [schema] year: 14 is not one of 1-13" in out
    assert snapshot(small_school / "records") == before


def test_a_tutor_left_with_pupils_in_two_year_groups_is_listed_with_a_suggestion(small_school, pastoral):
    write(small_school, "records/pupils/p0009.yml", pupil("p0009", 8, "8OA"))
    write(small_school, "records/assignments/p0009-1.yml", assignment("p0009", "seven"))
    code, out, _ = roll(pastoral, small_school)
    assert code == 0
    assert ("to do: one-year-group: tutor Ms Seven (seven) now has pupils in years 8 and 9: end the assignments "
            "of the Year 9 pupils (p0009) and assign them a Year 9 tutor") in out


def test_an_ended_assignment_is_not_listed(small_school, pastoral):
    write(small_school, "records/pupils/p0009.yml", pupil("p0009", 8, "8OA"))
    write(small_school, "records/assignments/p0009-1.yml", assignment("p0009", "seven", end="2027-07-21"))
    _, out, _ = roll(pastoral, small_school)
    assert "one-year-group" not in out


@pytest.mark.parametrize("group, year, moved", [("7AS", 7, "8AS"), ("10RO1", 10, "11RO1"), ("1OA", 11, "1OA"),
                                                ("OAK3", 7, "OAK3"), ("12-B", 12, "13-B")])
def test_group_names_move_only_when_they_start_with_the_year(group, year, moved):
    from pastoral.lifecycle.rollover import moved_group
    assert moved_group(group, year) == moved


def test_the_sample_school_rolls_over_into_valid_records(school, pastoral):
    code, out, _ = roll(pastoral, school)
    assert code == 0, out
    code, out, _ = pastoral("validate", "--records", str(school / "records"))
    assert code == 0, out
    code, out, _ = pastoral("check", "--records", str(school / "records"), "--as-of", SAMPLE_AS_OF, "--format", "json")
    assert '"rule": "one-year-group"' not in out
