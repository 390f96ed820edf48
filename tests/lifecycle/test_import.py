"""``pastoral import pupils|staff``: the roll from a CSV export of the school's MIS, on real files."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import write
from tests.lifecycle.small_school import pupil, small_school, snapshot  # noqa: F401 - small_school is a fixture

SIMS_HEADER = "Adno,UPN,Preferred Forename,Preferred Surname,Year,House,Reg,Admission Date,SEN Status,EAL\n"
ARBOR_HEADER = ("Admission Number,Preferred First Name,Last Name,Year Group,House,Registration Form,Start Date,"
                "SEN Status,EAL\n")
ON_ROLL = "0007,A1,Pupil,p0007,Year 7,Oak,7OA,01/09/2020,N,No\n0012,A2,Pupil,p0012,12,oak,OAK3,01/09/2020,N,No\n" \
          "0013,A3,Pupil,p0013,Y13,Oak House,13OA,01/09/2020,N,No\n"


def run_import(pastoral, root: Path, kind: str, csv_text: str, *extra: str, encoding: str = "utf-8"):
    csv_path = root / "export.csv"
    csv_path.write_bytes(csv_text.encode(encoding))
    return pastoral("import", kind, str(csv_path), "--records", str(root / "records"), *extra)


def read(root: Path, relative: str) -> str:
    return (root / "records" / relative).read_text(encoding="utf-8")


def test_a_new_pupil_gets_a_record_without_the_upn(small_school, pastoral):
    roll = SIMS_HEADER + ON_ROLL + "301,UPN-SECRET,Amara,Okafor,Y7,Oak,7OA,16/11/2026,K,Yes\n"
    code, out, err = run_import(pastoral, small_school, "pupils", roll)
    assert code == 0, out + err
    assert read(small_school, "pupils/p0301.yml") == (
        "id: p0301\nname: Amara Okafor\nyear: 7\nhouse: oak\ntutor_group: 7OA\nneeds:\n  - sen-support\n  - eal\n"
        "joined_on: 2026-11-16\n")
    assert "records/pupils/p0301.yml: new pupil in Year 7, oak, 7OA" in out
    code, out, _ = pastoral("validate", "--records", str(small_school / "records"))
    assert code == 0, out


def test_a_date_of_birth_in_the_export_is_written_for_new_pupils_and_added_to_existing_ones(small_school, pastoral):
    header = SIMS_HEADER.replace(",EAL\n", ",EAL,DOB\n")
    rows = "".join(line + ("\n" if line else "") for line in
                   (line.rstrip("\n") + (",14/02/2014" if line.startswith("0007") else ",") for line in
                    ON_ROLL.splitlines()))
    roll = header + rows + "301,UPN-SECRET,Amara,Okafor,Y7,Oak,7OA,16/11/2026,N,No,2015-03-01\n"
    code, out, err = run_import(pastoral, small_school, "pupils", roll)
    assert code == 0, out + err
    assert "date_of_birth: 2015-03-01\n" in read(small_school, "pupils/p0301.yml")
    assert "date_of_birth: 2014-02-14\n" in read(small_school, "pupils/p0007.yml")
    assert "date_of_birth" not in read(small_school, "pupils/p0012.yml")  # an empty cell changes nothing
    code, out, _ = run_import(pastoral, small_school, "pupils", header + "0012,A2,Pupil,p0012,12,oak,OAK3,01/09/2020,N,No,"
                              "31/02/2010\n")
    assert code == 1 and "'31/02/2010' in the column 'DOB' is not a date" in out


def test_year_house_and_tutor_group_of_a_pupil_are_updated_keeping_comments_and_order(small_school, pastoral):
    write(small_school, "records/pupils/p0007.yml", """\
        # Joined from Hill Primary.
        name: Pupil p0007  # preferred name
        id: p0007
        year: 7
        house: oak
        tutor_group: '7OA'
        joined_on: 2020-09-01
        """)
    write(small_school, "records/houses/ash.yml", "id: ash\nname: Ash House\nhead_of_house: hoh\ntutor_room: A1\n")
    roll = SIMS_HEADER + ON_ROLL.replace("Year 7,Oak,7OA", "Year 8,Ash,8AS")
    code, out, _ = run_import(pastoral, small_school, "pupils", roll)
    assert code == 0
    assert read(small_school, "pupils/p0007.yml") == (
        "# Joined from Hill Primary.\nname: Pupil p0007  # preferred name\nid: p0007\nyear: 8\nhouse: ash\n"
        "tutor_group: '8AS'\njoined_on: 2020-09-01\n")
    assert "records/pupils/p0007.yml: year 7 -> 8, house oak -> ash, tutor group 7OA -> 8AS" in out


def test_an_arbor_export_is_recognised_by_its_header(small_school, pastoral):
    roll = ARBOR_HEADER + "7,Pupil,p0007,Year 8,Oak,8OA,2020-09-01,No SEN,No\n"
    code, out, _ = run_import(pastoral, small_school, "pupils", roll)
    assert code == 0
    assert "year: 8\nhouse: oak\ntutor_group: 8OA\n" in read(small_school, "pupils/p0007.yml")


def test_a_school_mapping_file_names_its_own_columns(small_school, pastoral):
    write(small_school, "mapping.yml", """\
        pupils:
          id: Pupil ID
          name: Name
          year: NC Year
          house: House
          tutor_group: Form
          joined_on: Joined
        """)
    roll = "Pupil ID,Name,NC Year,House,Form,Joined\np0400,Sam Lee,7,oak,7OA,2026-09-03\n"
    code, out, err = run_import(pastoral, small_school, "pupils", roll, "--mapping", str(small_school / "mapping.yml"))
    assert code == 0, out + err
    assert read(small_school, "pupils/p0400.yml").startswith("id: p0400\nname: Sam Lee\nyear: 7\n")


def test_a_mapping_file_with_an_unknown_field_is_a_usage_error(small_school, pastoral):
    write(small_school, "mapping.yml", "pupils:\n  id: Pupil ID\n  yaer: NC Year\n")
    code, _, err = run_import(pastoral, small_school, "pupils", "Pupil ID\n", "--mapping", str(small_school / "mapping.yml"))
    assert code == 2
    assert "'yaer' is not a pupils field; the fields are: id, name, forename" in err


def test_an_export_missing_a_column_of_the_named_mapping_is_a_usage_error(small_school, pastoral):
    code, _, err = run_import(pastoral, small_school, "pupils", SIMS_HEADER.replace(",Reg,", ",Form,"), "--mapping", "sims")
    assert code == 2
    assert "export.csv has no column 'Reg' (mapping 'sims'); its columns are: Adno, UPN," in err


def test_an_export_fitting_no_mapping_says_so(small_school, pastoral):
    code, _, err = run_import(pastoral, small_school, "pupils", "Name,Form\nSam,7OA\n")
    assert code == 2
    assert "export.csv: the columns match neither the SIMS nor the Arbor mapping" in err


def test_a_repeated_column_is_a_usage_error(small_school, pastoral):
    code, _, err = run_import(pastoral, small_school, "pupils", "Adno,Year,Year\n")
    assert code == 2
    assert "export.csv: the column 'Year' appears twice in the header" in err


def test_bad_rows_are_reported_with_their_line_and_nothing_is_written(small_school, pastoral):
    roll = SIMS_HEADER + (
        "0007,,Pupil,p0007,Year Seven,Oak,7OA,01/09/2020,N,No\n"
        "0012,,Pupil,p0012,12,Elm,OAK3,01/09/2020,N,No\n"
        "0013,,Pupil,p0013,13,oak,13 OA,01/09/2020,N,No\n"
        ",,No,Id,7,oak,7OA,01/09/2020,N,No\n"
        "0302,,New,Pupil,7,oak,7OA,,N,No\n"
        "0303,,New,Pupil,7,oak,7OA,1st Sept,N,No\n"
        "0304,,New,Pupil,7,oak,7OA,2026-09-03,Q,No\n"
        "0305,,New,Pupil,7,oak,7OA,2026-09-03,N,maybe\n"
        "0304,,New,Pupil,7,oak,7OA,2026-09-03,N,No\n")
    before = snapshot(small_school / "records")
    code, out, _ = run_import(pastoral, small_school, "pupils", roll)
    assert code == 1
    assert out.splitlines() == [
        "export.csv:2: 'Year Seven' in the column 'Year' is not a year group: write 7 to 13, Y7 or Year 7",
        "export.csv:3: 'Elm' in the column 'House' is not a House; the Houses are: oak",
        "export.csv:4: p0013: tutor_group: '13 OA' is not in the expected form (column 'Reg')",
        "export.csv:5: the column 'Adno' is empty: every pupil needs their id",
        "export.csv:6: the column 'Admission Date' is empty: a new record needs this date",
        "export.csv:7: '1st Sept' in the column 'Admission Date' is not a date: write YYYY-MM-DD or DD/MM/YYYY",
        "export.csv:8: 'Q' in the column 'SEN Status' is not an SEN status: write N, K (SEN support) or E (EHC plan)",
        "export.csv:9: 'maybe' in the column 'EAL' is not Yes or No",
        "export.csv:10: p0304 appears twice in the export (also on line 8)",
        "pastoral import: FAILED: 9 rows to correct in export.csv; nothing was changed (to import the other rows, "
        "run again with --skip-bad-rows)",
    ]
    assert snapshot(small_school / "records") == before


def test_a_row_with_more_cells_than_the_header_is_a_bad_row(small_school, pastoral):
    code, out, _ = run_import(pastoral, small_school, "pupils", SIMS_HEADER + ON_ROLL + "1,2,3,4,5,6,7,8,9,10,11\n")
    assert code == 1
    assert out.splitlines()[0] == ("export.csv:5: this row has 11 cells but the header has 10 columns: check for an "
                                   "unquoted comma")


def test_pupils_missing_from_the_roll_are_only_listed_unless_asked(small_school, pastoral):
    roll = SIMS_HEADER + ON_ROLL.splitlines(keepends=True)[0]
    before = snapshot(small_school / "records")
    code, out, _ = run_import(pastoral, small_school, "pupils", roll)
    assert code == 0
    assert ("2 pupils on roll in the records are not in export.csv: p0012, p0013 (to mark them as left, run again "
            "with --mark-missing-left DATE)") in out
    assert snapshot(small_school / "records") == before


def test_pupils_missing_from_the_roll_are_marked_as_left_when_asked(small_school, pastoral):
    roll = SIMS_HEADER + ON_ROLL.splitlines(keepends=True)[0]
    code, out, _ = run_import(pastoral, small_school, "pupils", roll, "--mark-missing-left", "2026-12-18")
    assert code == 0
    assert read(small_school, "pupils/p0012.yml") == pupil("p0012", 12, "OAK3", extra="left_on: 2026-12-18\n")
    assert "records/pupils/p0013.yml: left on 2026-12-18 (not in export.csv)" in out
    assert "left_on: 2026-10-01\n" in read(small_school, "pupils/p0099.yml")  # already left: untouched


def test_assignments_and_sessions_are_never_touched(small_school, pastoral):
    assignments, sessions = snapshot(small_school / "records/assignments"), snapshot(small_school / "records/sessions")
    roll = SIMS_HEADER + "0007,,Pupil,p0007,8,oak,8OA,01/09/2020,N,No\n"
    code, _, _ = run_import(pastoral, small_school, "pupils", roll, "--mark-missing-left", "2026-12-18")
    assert code == 0
    assert snapshot(small_school / "records/assignments") == assignments
    assert snapshot(small_school / "records/sessions") == sessions


def test_dry_run_shows_a_unified_diff_and_writes_nothing(small_school, pastoral):
    roll = SIMS_HEADER + ON_ROLL.replace("Year 7,Oak,7OA", "Year 8,Oak,8OA") + "301,,Amara,Okafor,7,oak,7OA,2026-11-16,,\n"
    before = snapshot(small_school / "records")
    code, out, _ = run_import(pastoral, small_school, "pupils", roll, "--dry-run")
    assert code == 0
    assert ("--- a/records/pupils/p0007.yml\n+++ b/records/pupils/p0007.yml\n@@ -1,6 +1,6 @@\n id: p0007\n"
            " name: Pupil p0007\n-year: 7\n+year: 8\n house: oak\n-tutor_group: 7OA\n+tutor_group: 8OA\n") in out
    assert "--- /dev/null\n+++ b/records/pupils/p0301.yml\n@@ -0,0 +1,6 @@\n+id: p0301\n" in out
    assert out.endswith("pastoral import: would change 2 pupils files\n")
    assert snapshot(small_school / "records") == before


def test_importing_the_same_roll_twice_changes_nothing_the_second_time(small_school, pastoral):
    roll = SIMS_HEADER + ON_ROLL.replace("Year 7,Oak,7OA", "Year 8,Oak,8OA")
    run_import(pastoral, small_school, "pupils", roll)
    before = snapshot(small_school / "records")
    code, out, _ = run_import(pastoral, small_school, "pupils", roll)
    assert (code, out) == (0, "pastoral import: changed 0 pupils files\n")
    assert snapshot(small_school / "records") == before


def test_an_excel_export_in_windows_1252_is_read(small_school, pastoral):
    roll = SIMS_HEADER + "302,,Zoë,Brontë,7,oak,7OA,03/09/2026,N,No\n"
    code, _, _ = run_import(pastoral, small_school, "pupils", roll, encoding="cp1252")
    assert code == 0
    assert "name: Zoë Brontë\n" in read(small_school, "pupils/p0302.yml")


def test_a_pupil_on_the_roll_but_recorded_as_left_is_pointed_out(small_school, pastoral):
    roll = SIMS_HEADER + ON_ROLL + "0099,,Pupil,p0099,9,oak,9OA,01/09/2020,N,No\n"
    _, out, _ = run_import(pastoral, small_school, "pupils", roll)
    assert ("export.csv:5: p0099 is on the roll but records/pupils/p0099.yml says they left on 2026-10-01: if they "
            "came back, remove left_on") in out


STAFF_HEADER = "Work Email,Title,Preferred Forename,Preferred Surname,House,Reg Group\n"


def test_staff_are_matched_by_email_and_updated(small_school, pastoral):
    export = STAFF_HEADER + ("SEVEN@test.example,Ms,Seven,Tutor,oak,8OA\nh.oh@test.example,Mr,H,Head,oak,\n"
                             "thirteen@test.example,Ms,T,T,oak,13OA\n")
    code, out, _ = run_import(pastoral, small_school, "staff", export)
    assert code == 0
    assert "year_group: 8\ntutor_group: 8OA\n" in read(small_school, "staff/seven.yml")
    assert out.splitlines()[0] == "records/staff/seven.yml: year group 7 -> 8, tutor group 7OA -> 8OA"


def test_a_new_tutor_gets_a_record_named_after_their_email(small_school, pastoral):
    export = STAFF_HEADER + "z.khan@test.example,Mr,Zaid,Khan,Oak,9OA\nc.cook@test.example,Mrs,C,Cook,,\n"
    code, out, _ = run_import(pastoral, small_school, "staff", export)
    assert code == 0
    assert read(small_school, "staff/zkhan.yml") == (
        "id: zkhan\nname: Mr Zaid Khan\nemail: z.khan@test.example\nroles:\n  - tutor\nhouse: oak\n"
        "year_group: 9\ntutor_group: 9OA\n")
    assert ("1 rows of export.csv were skipped: new staff with no tutor group (the records hold staff who tutor "
            "or lead: add those by hand)") in out
    assert not (small_school / "records/staff/ccook.yml").exists()


def test_records_that_do_not_validate_stop_the_import(small_school, pastoral):
    write(small_school, "records/pupils/p0010.yml", "id: p0010\nyear: 7\n")
    code, out, _ = run_import(pastoral, small_school, "pupils", SIMS_HEADER + ON_ROLL)
    assert code == 1
    assert "records/pupils/p0010.yml:1:1: error [schema] the required field 'name' is missing" in out


@pytest.mark.parametrize("mapping_text, message", [
    (None, "--mapping: '{path}' is neither sims nor arbor nor a mapping file"),
    ("pupils: [id\n", "cannot read the mapping file {path}:"),
    ("staff:\n  email: Email\n", "the mapping file {path} has no 'pupils:' section of 'field: Column header' lines"),
    ("pupils:\n  id: 7\n", "the mapping file {path}: 'id' needs a column header as text"),
    ("pupils:\n  id: Pupil ID\n  year: NC Year\n  house: House\n  tutor_group: Form\n",
     "the mapping file {path} names no column for name (or forename and surname) under 'pupils:'"),
])
def test_a_mapping_file_that_cannot_be_used_is_a_usage_error(small_school, pastoral, mapping_text, message):
    path = small_school / "mapping.yml"
    if mapping_text is not None:
        path.write_text(mapping_text, encoding="utf-8")
    code, _, err = run_import(pastoral, small_school, "pupils", "Pupil ID\n", "--mapping", str(path))
    assert code == 2
    assert message.format(path=path) in err


def test_an_export_that_cannot_be_read_is_a_usage_error(small_school, pastoral):
    code, _, err = pastoral("import", "pupils", str(small_school / "missing.csv"), "--records", str(small_school / "records"))
    assert code == 2
    assert "cannot read " in err and "missing.csv: No such file or directory" in err


def test_an_empty_export_is_a_usage_error(small_school, pastoral):
    code, _, err = run_import(pastoral, small_school, "pupils", "")
    assert code == 2
    assert "export.csv is empty: an export starts with a line of column headers" in err


def test_a_field_too_large_for_csv_is_a_usage_error(small_school, pastoral):
    code, _, err = run_import(pastoral, small_school, "pupils", SIMS_HEADER + '0007,"' + "x" * 200_000 + '"\n')
    assert code == 2
    assert "export.csv:2: this line is not CSV (field larger than field limit" in err


def test_empty_required_cells_are_bad_rows(small_school, pastoral):
    code, out, _ = run_import(pastoral, small_school, "pupils", SIMS_HEADER + "0007,,Pupil,p0007,7,oak,,2020-09-01,N,No\n")
    assert code == 1
    assert out.splitlines()[0] == "export.csv:2: the column 'Reg' is empty"
    code, out, _ = run_import(pastoral, small_school, "staff", STAFF_HEADER + ",Ms,No,Email,oak,7OA\n")
    assert code == 1
    assert out.splitlines()[0] == "export.csv:2: the column 'Work Email' is empty: staff are matched to their records by email"
