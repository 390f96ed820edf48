"""``pastoral import pupils`` on the cases a school meets: needs that change, a move of House, Year 6, bad rows."""

from __future__ import annotations

import pytest
from tests.conftest import write
from tests.lifecycle.small_school import pupil, small_school, snapshot, tutor  # noqa: F401 - small_school is a fixture
from tests.lifecycle.test_import import ARBOR_HEADER, ON_ROLL, SIMS_HEADER, read, run_import


def test_a_changed_sen_status_and_eal_reach_needs_and_name_the_assignment_to_reconsider(small_school, pastoral):
    roll = SIMS_HEADER + ON_ROLL.replace("7OA,01/09/2020,N,No", "7OA,01/09/2020,K,Yes")
    code, out, _ = run_import(pastoral, small_school, "pupils", roll, "--dry-run")
    assert code == 0
    assert "-tutor_group: 7OA\n+tutor_group: 7OA\n" not in out
    assert " tutor_group: 7OA\n+needs:\n+  - sen-support\n+  - eal\n joined_on: 2020-09-01\n" in out
    assert "records/pupils/p0007.yml: needs (none) -> sen-support, eal" in out
    assert ("to do: records/assignments/p0007-1.yml: p0007's needs changed ((none) -> sen-support, eal): reconsider "
            "whether this tutor suits them, and say how in needs_considered (Guidance 2010, para 135)") in out
    code, out, _ = run_import(pastoral, small_school, "pupils", roll)
    assert "needs:\n  - sen-support\n  - eal\njoined_on" in read(small_school, "pupils/p0007.yml")
    assert "to do: records/assignments/p0007-1.yml" in out


def test_a_new_ehc_plan_takes_the_place_of_sen_support_keeping_comments(small_school, pastoral):
    write(small_school, "records/pupils/p0007.yml", """\
        id: p0007
        name: Pupil p0007
        year: 7
        house: oak
        tutor_group: 7OA
        needs:
          - sen-support   # reading plan with the SENCO
          - eal           # Polish at home
        joined_on: 2020-09-01
        """)
    roll = ARBOR_HEADER + "7,Pupil,p0007,Year 7,Oak,7OA,2020-09-01,Education, Health and Care Plan,Yes\n"
    roll = roll.replace("Education, Health and Care Plan", '"Education, Health and Care Plan"')
    code, out, _ = run_import(pastoral, small_school, "pupils", roll)
    assert code == 0, out
    assert "needs:\n  - ehcp          # reading plan with the SENCO\n  - eal           # Polish at home\n" in read(
        small_school, "pupils/p0007.yml")
    assert "records/pupils/p0007.yml: needs sen-support, eal -> ehcp, eal" in out


def test_needs_no_longer_recorded_are_removed_and_an_empty_cell_changes_nothing(small_school, pastoral):
    write(small_school, "records/pupils/p0007.yml", pupil("p0007", 7, "7OA").replace(
        "joined_on", "needs:\n  - sen-support\njoined_on"))
    write(small_school, "records/pupils/p0012.yml", pupil("p0012", 12, "OAK3").replace(
        "joined_on", "needs:\n  - eal\njoined_on"))
    roll = SIMS_HEADER + ON_ROLL.replace("7OA,01/09/2020,N,No", "7OA,01/09/2020,N,").replace(
        "OAK3,01/09/2020,N,No", "OAK3,01/09/2020,,")
    code, out, _ = run_import(pastoral, small_school, "pupils", roll)
    assert code == 0
    assert read(small_school, "pupils/p0007.yml") == pupil("p0007", 7, "7OA")
    assert "records/pupils/p0007.yml: needs sen-support -> (none)" in out
    assert "needs:\n  - eal\n" in read(small_school, "pupils/p0012.yml")


def test_a_pupil_with_changed_needs_and_no_tutor_is_pointed_out(small_school, pastoral):
    roll = SIMS_HEADER + ON_ROLL.replace("OAK3,01/09/2020,N,No", "OAK3,01/09/2020,E,No")
    _, out, _ = run_import(pastoral, small_school, "pupils", roll)
    assert ("to do: records/pupils/p0012.yml: p0012's needs changed ((none) -> ehcp), and no tutor is assigned: have "
            "regard to them when assigning one") in out


def with_ash(root) -> None:
    write(root, "records/houses/ash.yml", "id: ash\nname: Ash House\nhead_of_house: hoh\ntutor_room: A1\n")
    write(root, "records/staff/eight.yml", tutor("eight", 8, "8AS").replace("house: oak", "house: ash"))


def test_a_move_to_another_houses_tutor_group_with_that_house_is_applied_whole(small_school, pastoral):
    with_ash(small_school)
    roll = SIMS_HEADER + ON_ROLL.replace("Year 7,Oak,7OA", "Year 8,Ash,8AS")
    code, out, _ = run_import(pastoral, small_school, "pupils", roll)
    assert code == 0, out
    assert "house: ash\ntutor_group: 8AS\n" in read(small_school, "pupils/p0007.yml")
    assert "records/pupils/p0007.yml: year 7 -> 8, house oak -> ash, tutor group 7OA -> 8AS" in out


def test_a_tutor_group_of_another_house_with_the_old_house_is_refused(small_school, pastoral):
    with_ash(small_school)
    roll = SIMS_HEADER + ON_ROLL.replace("Year 7,Oak,7OA", "Year 8,Oak,8AS")
    before = snapshot(small_school / "records")
    code, out, _ = run_import(pastoral, small_school, "pupils", roll)
    assert code == 1
    assert out.splitlines()[0] == (
        "export.csv:2: p0007: tutor group 8AS belongs to ash (its tutor eight is in ash), but the column 'House' says "
        "Oak: a pupil's House and tutor group change together, so correct whichever is wrong in the MIS and export "
        "again (nothing of this row was applied)")
    assert snapshot(small_school / "records") == before


def test_without_a_house_column_the_house_comes_from_the_tutor_group(small_school, pastoral):
    with_ash(small_school)
    write(small_school, "mapping.yml", "pupils:\n  id: Adno\n  name: Name\n  year: Year\n  tutor_group: Reg\n"
                                       "  joined_on: Admission Date\n")
    roll = "Adno,Name,Year,Reg,Admission Date\n7,Pupil p0007,8,8AS,2020-09-01\n401,Sam Lee,8,8AS,2026-09-03\n"
    code, out, err = run_import(pastoral, small_school, "pupils", roll, "--mapping", str(small_school / "mapping.yml"))
    assert code == 0, out + err
    assert "records/pupils/p0007.yml: year 7 -> 8, house oak -> ash, tutor group 7OA -> 8AS" in out
    assert "house: ash\n" in read(small_school, "pupils/p0401.yml")


def test_a_year_6_row_is_skipped_by_default_and_the_rest_imported(small_school, pastoral):
    roll = SIMS_HEADER + ON_ROLL + "601,,Year,Six,Year 6,Oak,6OA,2027-09-06,N,No\n" \
        "602,,Rec,Eption,R,Oak,ROA,2027-09-06,N,No\n301,,Amara,Okafor,7,oak,7OA,2027-09-06,N,No\n"
    code, out, _ = run_import(pastoral, small_school, "pupils", roll)
    assert code == 0, out
    assert not (small_school / "records/pupils/p0601.yml").exists()
    assert (small_school / "records/pupils/p0301.yml").is_file()
    assert ("2 rows of export.csv below Year 7 were skipped (lines 5, 6): the school tutors from Year 7 (policy "
            "guarantee_from_year in school.yml); to keep records of younger pupils too, set policy "
            "import_below_guarantee: true") in out


def test_a_year_6_row_is_imported_when_the_policy_says_so(small_school, pastoral):
    school = small_school / "records/school.yml"
    school.write_text(school.read_text().replace("contacts:", "policy:\n  import_below_guarantee: true\ncontacts:", 1))
    roll = SIMS_HEADER + ON_ROLL + "601,,Year,Six,Year 6,Oak,6OA,2027-09-06,N,No\n"
    code, out, _ = run_import(pastoral, small_school, "pupils", roll)
    assert code == 0, out
    assert read(small_school, "pupils/p0601.yml").startswith("id: p0601\nname: Year Six\nyear: 6\n")
    code, out, _ = pastoral("check", "--records", str(small_school / "records"), "--as-of", "2027-09-10")
    assert "p0601" not in out


def test_with_skip_bad_rows_a_bad_row_is_reported_and_the_rest_imported(small_school, pastoral):
    roll = SIMS_HEADER + ON_ROLL.replace("Y13,Oak House,13OA", "Y13,Elm,13OA").replace(
        "Year 7,Oak,7OA", "Year 8,Oak,8OA") + "301,,Amara,Okafor,7,oak,7OA,2027-09-06,K,Yes,extra\n"
    code, out, _ = run_import(pastoral, small_school, "pupils", roll, "--skip-bad-rows",
                              "--mark-missing-left", "2027-08-31")
    assert code == 0, out
    assert out.splitlines()[:2] == [
        "skipped: export.csv:4: 'Elm' in the column 'House' is not a House; the Houses are: oak",
        "skipped: export.csv:5: this row has 11 cells but the header has 10 columns: check for an unquoted comma"]
    assert "year: 8\n" in read(small_school, "pupils/p0007.yml")
    assert "left_on" not in read(small_school, "pupils/p0013.yml")  # in the export, though its row was bad
    assert not (small_school / "records/pupils/p0301.yml").exists()
    assert out.endswith("pastoral import: changed 1 pupils files; skipped 2 bad rows (listed above)\n")


def test_summaries_of_an_import_name_the_records_folder_the_school_uses(small_school, pastoral):
    (small_school / "records").rename(small_school / "roll")
    csv_path = small_school / "export.csv"
    csv_path.write_text(SIMS_HEADER + ON_ROLL + "301,,Amara,Okafor,7,oak,7OA,2027-09-06,N,No\n", encoding="utf-8")
    code, out, _ = pastoral("import", "pupils", str(csv_path), "--records", str(small_school / "roll"))
    assert code == 0, out
    assert "roll/pupils/p0301.yml: new pupil in Year 7, oak, 7OA" in out


def test_a_leaving_date_from_the_mis_is_recorded_and_an_empty_one_changes_nothing(small_school, pastoral):
    header = SIMS_HEADER.replace(",SEN Status", ",Leaving Date,SEN Status")
    roll = header + ("0007,,Pupil,p0007,7,oak,7OA,01/09/2020,,N,No\n0012,,Pupil,p0012,12,oak,OAK3,01/09/2020,,N,No\n"
                     "0013,,Pupil,p0013,13,oak,13OA,01/09/2020,31/08/2027,N,No\n")
    code, out, _ = run_import(pastoral, small_school, "pupils", roll)
    assert code == 0, out
    assert read(small_school, "pupils/p0013.yml") == pupil("p0013", 13, "13OA", extra="left_on: 2027-08-31\n")
    assert "records/pupils/p0013.yml: left on (none) -> 2027-08-31" in out
    assert read(small_school, "pupils/p0007.yml") == pupil("p0007", 7, "7OA")


@pytest.mark.parametrize("sen, eal, needs", [
    ("K", "No", "needs:\n  - sen-support\n"), ("E", "Yes", "needs:\n  - ehcp\n  - eal\n"),
    ("SEN Support", "Y", "needs:\n  - sen-support\n  - eal\n"), ("EHC Plan", "N", "needs:\n  - ehcp\n"),
    ("S", "No", "needs:\n  - ehcp\n"), ("P", "No", "needs:\n  - sen-support\n"), ("N", "Yes", "needs:\n  - eal\n"),
])
def test_sims_and_arbor_sen_and_eal_values_map_to_needs(small_school, pastoral, sen, eal, needs):
    roll = ARBOR_HEADER + f"301,Amara,Okafor,Year 7,Oak,7OA,2027-09-06,{sen},{eal}\n"
    code, out, _ = run_import(pastoral, small_school, "pupils", roll)
    assert code == 0, out
    assert f"tutor_group: 7OA\n{needs}joined_on" in read(small_school, "pupils/p0301.yml")


def test_an_export_from_after_the_mis_rolled_over_is_refused_before_the_records_roll_over(small_school, pastoral):
    roll = SIMS_HEADER + ON_ROLL.replace("Year 7,Oak,7OA", "Year 8,Oak,8OA").replace("12,oak,OAK3", "13,oak,OAK3") \
        + "0099,,Pupil,p0099,10,oak,10OA,01/09/2020,N,No\n"
    before = snapshot(small_school / "records")
    code, _, err = run_import(pastoral, small_school, "pupils", roll)
    assert (code, snapshot(small_school / "records")) == (2, before)
    assert ("export.csv puts 3 of the 4 pupils it shares with the records a year higher: when it was exported the MIS "
            "has rolled over, but the records are still in 2026-27. Run `pastoral rollover` first and import after "
            "it, or the rollover would move these pupils up a second time (nothing was changed)") in err


def test_an_export_from_before_the_mis_rolled_over_is_refused_after_the_records_rolled_over(small_school, pastoral):
    pastoral("rollover", "--to", "2027-28", "--records", str(small_school / "records"))
    roll = SIMS_HEADER + "0007,,Pupil,p0007,7,oak,7OA,01/09/2020,N,No\n0012,,Pupil,p0012,12,oak,OAK3,01/09/2020,N,No\n" \
        "0099,,Pupil,p0099,8,oak,8OA,01/09/2020,N,No\n"
    code, _, err = run_import(pastoral, small_school, "pupils", roll)
    assert code == 2
    assert ("export.csv puts 3 of the 3 pupils it shares with the records a year lower: when it was exported the MIS "
            "had not rolled over yet, but the records are already in 2027-28. Export the roll again for this year "
            "(nothing was changed)") in err
