"""``pastoral rollover`` as a school lives it: leavers whatever their year, the new intake, sixth form or not."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write
from tests.lifecycle.small_school import assignment, pupil, small_school, tutor  # noqa: F401 - small_school is a fixture
from tests.lifecycle.test_rollover import read, roll


def test_a_year_11_pupil_leaving_on_31_august_is_not_moved_and_their_assignment_ends_that_day(small_school, pastoral):
    write(small_school, "records/pupils/p0011.yml", pupil("p0011", 11, "11OA", extra="left_on: 2027-08-31\n"))
    write(small_school, "records/assignments/p0011-1.yml", assignment("p0011", "seven"))
    code, out, _ = roll(pastoral, small_school)
    assert code == 0, out
    assert read(small_school, "pupils/p0011.yml") == pupil("p0011", 11, "11OA", extra="left_on: 2027-08-31\n")
    assert read(small_school, "assignments/p0011-1.yml") == (
        "id: p0011-1\npupil: p0011\nstaff: seven\nrole: tutor\nfrom: 2026-09-03\nto: 2027-08-31\n"
        "informed_on: 2026-09-03\nreason: left the school\n")
    assert "records/assignments/p0011-1.yml: ended on 2027-08-31 (p0011 left the school)" in out
    assert "p0011.yml: Year" not in out


def test_a_leaver_of_any_year_leaves_and_a_leaving_date_after_the_year_does_not_count(small_school, pastoral):
    write(small_school, "records/pupils/p0008.yml", pupil("p0008", 8, "8OA", extra="left_on: 2027-07-10\n"))
    write(small_school, "records/pupils/p0009.yml", pupil("p0009", 9, "9OA", extra="left_on: 2027-09-30\n"))
    roll(pastoral, small_school)
    assert read(small_school, "pupils/p0008.yml") == pupil("p0008", 8, "8OA", extra="left_on: 2027-07-10\n")
    assert read(small_school, "pupils/p0009.yml") == pupil("p0009", 10, "10OA", extra="left_on: 2027-09-30\n")


def test_a_pupil_who_joined_for_the_new_year_keeps_the_year_they_were_imported_with(small_school, pastoral):
    new = "id: p0301\nname: New Pupil\nyear: 7\nhouse: oak\ntutor_group: 7OA\njoined_on: 2027-09-06\n"
    write(small_school, "records/pupils/p0301.yml", new)
    code, out, _ = roll(pastoral, small_school)
    assert code == 0
    assert read(small_school, "pupils/p0301.yml") == new
    assert "records/pupils/p0301.yml: joined on 2027-09-06 for the new year: stays in Year 7, 7OA" in out
    assert read(small_school, "pupils/p0007.yml") == pupil("p0007", 8, "8OA")


def test_a_year_13_leavers_open_assignment_ends_on_the_last_day_keeping_comments_and_order(small_school, pastoral):
    write(small_school, "records/assignments/p0013-1.yml", """\
        # Chosen with the Head of House in July.
        id: p0013-1
        pupil: p0013
        staff: thirteen   # Year 13 tutor
        role: tutor
        from: 2026-09-03
        informed_on: '2026-09-03'
        """)
    roll(pastoral, small_school)
    assert read(small_school, "assignments/p0013-1.yml") == (
        "# Chosen with the Head of House in July.\nid: p0013-1\npupil: p0013\nstaff: thirteen   # Year 13 tutor\n"
        "role: tutor\nfrom: 2026-09-03\nto: 2027-07-21\ninformed_on: '2026-09-03'\nreason: left the school\n")


def test_an_earlier_leavers_open_assignment_ends_on_their_leaving_day_and_a_reason_already_there_is_kept(
        small_school, pastoral):
    write(small_school, "records/assignments/p0099-1.yml",
          assignment("p0099", "seven") + "reason: 'needs changed: moved to a tutor experienced with EAL'\n")
    roll(pastoral, small_school)
    text = read(small_school, "assignments/p0099-1.yml")
    assert "from: 2026-09-03\nto: 2026-10-01\n" in text
    assert text.endswith("reason: 'needs changed: moved to a tutor experienced with EAL; then left the school'\n")


def test_an_ended_assignment_of_a_leaver_is_left_alone(small_school, pastoral):
    before = assignment("p0013", "thirteen", end="2027-03-01") + "reason: tutor left the school\n"
    write(small_school, "records/assignments/p0013-1.yml", before)
    roll(pastoral, small_school)
    assert read(small_school, "assignments/p0013-1.yml") == before


def test_a_tutor_group_two_tutors_would_share_is_listed_with_the_group_that_needs_a_tutor(small_school, pastoral):
    write(small_school, "records/staff/twelve.yml", tutor("twelve", 12, "12OA"))
    write(small_school, "records/pupils/p0301.yml",
          "id: p0301\nname: New Pupil\nyear: 7\nhouse: oak\ntutor_group: 7OA\njoined_on: 2027-09-06\n")
    code, out, _ = roll(pastoral, small_school)
    assert code == 0
    assert "tutor_group: 13OA\n" in read(small_school, "staff/twelve.yml")
    assert ("to do: Ms Thirteen (thirteen) tutored Year 13, who have now left: give them a new year group and tutor "
            "group in records/staff/thirteen.yml (for example 7OA or OAK3, with pupils but no tutor in the new year); "
            "Ms Twelve (twelve) now moves up into 13OA, so two tutors would share it") in out


def test_two_tutors_moving_up_into_one_group_are_listed(small_school, pastoral):
    write(small_school, "records/staff/seven2.yml", tutor("seven2", 7, "7OA"))
    _, out, _ = roll(pastoral, small_school)
    assert ("to do: tutor group 8OA would be shared by Ms Seven (seven) and Ms Seven2 (seven2): a group has one tutor, "
            "so give all but one of them another tutor group (and year group) in their staff records") in out


def test_a_tutor_given_the_new_intake_before_the_rollover_is_offered_both_ways(small_school, pastoral):
    write(small_school, "records/pupils/p0301.yml",
          "id: p0301\nname: New Pupil\nyear: 7\nhouse: oak\ntutor_group: 7OA\njoined_on: 2027-09-06\n")
    write(small_school, "records/assignments/p0301-1.yml", assignment("p0301", "seven", start="2027-09-06"))
    _, out, _ = roll(pastoral, small_school)
    assert ("to do: one-year-group: tutor Ms Seven (seven) now has pupils in years 7 and 8: end the assignments of "
            "the Year 7 pupils (p0301) and assign them a Year 7 tutor, or let the tutor take Year 7 instead "
            "(year_group: 7 in records/staff/seven.yml) and give the Year 8 pupils (p0007) another tutor") in out


def without_sixth_form(root: Path) -> None:
    school = root / "records/school.yml"
    school.write_text(school.read_text().replace("contacts:", "policy:\n  sixth_form: false\ncontacts:", 1))


def test_without_a_sixth_form_year_11_leave_and_their_tutor_is_listed(small_school, pastoral):
    without_sixth_form(small_school)
    write(small_school, "records/pupils/p0011.yml", pupil("p0011", 11, "11OA"))
    write(small_school, "records/pupils/p0010.yml", pupil("p0010", 10, "10OA"))
    write(small_school, "records/staff/eleven.yml", tutor("eleven", 11, "11OA"))
    write(small_school, "records/assignments/p0011-1.yml", assignment("p0011", "eleven"))
    code, out, _ = roll(pastoral, small_school)
    assert code == 0, out
    assert read(small_school, "pupils/p0011.yml") == pupil("p0011", 11, "11OA", extra="left_on: 2027-07-21\n")
    assert read(small_school, "pupils/p0010.yml") == pupil("p0010", 11, "11OA")
    assert "to: 2027-07-21\n" in read(small_school, "assignments/p0011-1.yml")
    assert "records/pupils/p0011.yml: left on 2027-07-21 (Year 11, the last year group)" in out
    assert "to do: Ms Eleven (eleven) tutored Year 11, who have now left" in out
    assert "year_group: 11\ntutor_group: 11OA\n" in read(small_school, "staff/eleven.yml")


def test_with_a_sixth_form_year_11_move_up_into_year_12(small_school, pastoral):
    write(small_school, "records/pupils/p0011.yml", pupil("p0011", 11, "11OA"))
    write(small_school, "records/staff/eleven.yml", tutor("eleven", 11, "11OA"))
    roll(pastoral, small_school)
    assert read(small_school, "pupils/p0011.yml") == pupil("p0011", 12, "12OA")
    assert "year_group: 12\ntutor_group: 12OA\n" in read(small_school, "staff/eleven.yml")


def test_summaries_name_the_records_folder_the_school_uses(small_school, pastoral):
    (small_school / "records").rename(small_school / "pastoral-records")
    code, out, _ = pastoral("rollover", "--to", "2027-28", "--records", str(small_school / "pastoral-records"))
    assert code == 0, out
    assert "pastoral-records/pupils/p0007.yml: Year 7 -> 8, tutor group 7OA -> 8OA" in out
    assert "pastoral-records/school.yml: academic year 2026-27 -> 2027-28" in out
    assert "pastoral-records/sessions/2027-28/: new folder for this year's sessions" in out
    assert "records/" not in out.replace("pastoral-records/", "")


def test_a_last_year_pupil_leaving_after_the_years_end_keeps_their_leaving_date(small_school, pastoral):
    staying = pupil("p0013", 13, "13OA", extra="left_on: 2027-10-15\n")
    write(small_school, "records/pupils/p0013.yml", staying)
    _, out, _ = roll(pastoral, small_school)
    assert read(small_school, "pupils/p0013.yml") == staying
    assert ("to do: records/pupils/p0013.yml: Year 13, the last year group, but leaving on 2027-10-15, after the "
            "year's end: kept in Year 13 until then (if they left in the summer, correct left_on)") in out
