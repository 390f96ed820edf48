"""``pastoral import`` of a OneRoster 1.1 CSV bundle (a folder or a .zip), on real files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from tests.conftest import write
from tests.lifecycle.small_school import small_school  # noqa: F401 - small_school is a fixture
from tests.lifecycle.test_import import read

USERS = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
    "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
    "u-7,active,,true,org-1,student,p7,,Pupil,p0007,,0007,,,,,08,\n"
    "u-301,active,,true,org-1,student,aokafor,,Amara,Okafor,,301,,,,,07,\n"
    "u-302,tobedeleted,,true,org-1,student,gone,,Gone,Pupil,,302,,,,,07,\n"
    "u-t7,active,,true,org-1,teacher,seven,,Sam,Seven,,T7,seven@test.example,,,,,\n"
    "u-t9,active,,true,org-1,teacher,nine,,Nia,Nine,,T9,n.nine@test.example,,,,,\n"
)
ORGS = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\norg-1,active,,Test School,school,,\n"
CLASSES = (
    "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,"
    "termSourcedIds,subjects,subjectCodes,periods\n"
    "c-8oa,active,,Registration 8OA,08,,8OA,homeroom,,org-1,t1,,,\n"
    "c-7oa,active,,Registration 7OA,07,,7OA,homeroom,,org-1,t1,,,\n"
    "c-9oa,active,,Registration 9OA,09,,9OA,homeroom,,org-1,t1,,,\n"
    "c-maths,active,,Maths 8x1,08,,8x1,scheduled,,org-1,t1,,,\n"
)
ENROLLMENTS = (
    "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n"
    "e1,active,,c-maths,org-1,u-7,student,false,2027-09-06,\n"
    "e2,active,,c-8oa,org-1,u-7,student,false,2027-09-06,\n"
    "e3,active,,c-7oa,org-1,u-301,student,false,2027-09-06,\n"
    "e4,active,,c-8oa,org-1,u-t7,teacher,true,2027-09-06,\n"
    "e5,active,,c-9oa,org-1,u-t9,teacher,true,2027-09-06,\n"
)
DEMOGRAPHICS = "sourcedId,status,dateLastModified,birthDate,sex,metadata.sen,metadata.eal\nu-301,active,,,,K,Yes\n"


def bundle(root: Path, **changed: str) -> Path:
    folder = root / "oneroster"
    files = {"users": USERS, "orgs": ORGS, "classes": CLASSES, "enrollments": ENROLLMENTS,
             "demographics": DEMOGRAPHICS} | changed
    for name, text in files.items():
        if text is not None:
            write(root, f"oneroster/{name}.csv", text)
    return folder


def run(pastoral, root: Path, kind: str, path: Path, *extra: str):
    return pastoral("import", kind, str(path), "--records", str(root / "records"), *extra)


def test_pupils_come_from_users_their_homeroom_class_and_demographics(small_school, pastoral):
    code, out, err = run(pastoral, small_school, "pupils", bundle(small_school))
    assert code == 0, out + err
    assert read(small_school, "pupils/p0301.yml") == (
        "id: p0301\nname: Amara Okafor\nyear: 7\nhouse: oak\ntutor_group: 7OA\nneeds:\n  - sen-support\n  - eal\n"
        "joined_on: 2027-09-06\n")
    assert "records/pupils/p0007.yml: year 7 -> 8, tutor group 7OA -> 8OA" in out
    assert not (small_school / "records/pupils/p0302.yml").exists()
    assert "2 pupils on roll in the records are not in oneroster: p0012, p0013" in out


def test_a_zipped_bundle_is_read_too(small_school, pastoral):
    folder = bundle(small_school)
    archive = small_school / "export.zip"
    with zipfile.ZipFile(archive, "w") as bundle_zip:
        for path in folder.iterdir():
            bundle_zip.write(path, f"export/{path.name}")
    code, out, _ = run(pastoral, small_school, "pupils", archive, "--dry-run")
    assert code == 0, out
    assert "+++ b/records/pupils/p0301.yml" in out


def test_staff_come_from_teachers_and_their_homeroom_class(small_school, pastoral):
    code, out, err = run(pastoral, small_school, "staff", bundle(small_school))
    assert code == 0, out + err
    assert "records/staff/seven.yml: year group 7 -> 8, tutor group 7OA -> 8OA" in out
    assert read(small_school, "staff/nnine.yml") == (
        "id: nnine\nname: Nia Nine\nemail: n.nine@test.example\nroles:\n  - tutor\nyear_group: 9\ntutor_group: 9OA\n")


def test_a_bad_row_is_reported_with_its_line_in_users_csv(small_school, pastoral):
    users = USERS.replace("Amara,Okafor,,301,,,,,07,", "Amara,Okafor,,301,,,,,Year Seven,")
    code, out, _ = run(pastoral, small_school, "pupils", bundle(small_school, users=users))
    assert code == 1
    assert out.splitlines()[0] == ("users.csv:3: 'Year Seven' in the column 'grades' is not a year group: write 7 to "
                                   "13, Y7 or Year 7")


def test_a_pupil_without_a_homeroom_class_is_a_bad_row(small_school, pastoral):
    enrollments = ENROLLMENTS.replace("e3,active,,c-7oa", "e3,active,,c-maths")
    code, out, _ = run(pastoral, small_school, "pupils", bundle(small_school, enrollments=enrollments))
    assert code == 1
    assert out.splitlines()[0] == "users.csv:3: the column 'homeroom class (classes.csv)' is empty"


@pytest.mark.parametrize("changed, message", [
    ({"enrollments": None}, "oneroster is not a whole OneRoster bundle: it has no enrollments.csv"),
    ({"classes": "sourcedId,title\n"}, "oneroster: classes.csv has no column 'classType', which OneRoster 1.1 requires"),
    ({"orgs": ORGS + "org-2,active,,Other School,school,,\n"},
     "oneroster: orgs.csv lists 2 schools (Test School, Other School): export one school's bundle"),
    ({"users": USERS.replace(",identifier,", ",ident,")},
     "oneroster: users.csv has no column 'identifier', which pupils are matched by"),
])
def test_a_bundle_that_cannot_be_used_is_a_usage_error(small_school, pastoral, changed, message):
    code, _, err = run(pastoral, small_school, "pupils", bundle(small_school, **changed))
    assert code == 2
    assert message in err


def test_a_tutor_group_the_records_do_not_know_cannot_give_a_house(small_school, pastoral):
    enrollments = ENROLLMENTS.replace("e3,active,,c-7oa", "e3,active,,c-9oa")
    code, out, _ = run(pastoral, small_school, "pupils", bundle(small_school, enrollments=enrollments))
    assert code == 1
    assert out.splitlines()[0] == (
        "users.csv:3: p0301: the export gives no House, and no tutor or pupil in the records is in tutor group 9OA "
        "to say which House it belongs to: import the staff first (their tutor groups and Houses), or add a House "
        "column")
