"""A small school written out in full, so that each lifecycle test can state exactly what changes.

Not a conftest.py: several folders of the suite have one, and pytest imports each as the module
'conftest', so they would shadow each other. Tests import the fixture from here.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from tests.conftest import write

SCHOOL = """\
name: Test School
academic_year: '2026-27'
calendar:
  - academic_year: '2026-27'
    half_terms:
      - name: Autumn 1
        term: autumn
        starts: 2026-09-03
        ends: 2026-10-23
      - name: Summer 2
        term: summer
        starts: 2027-06-07
        ends: 2027-07-21
  - academic_year: '2027-28'
    half_terms:
      - name: Autumn 1
        term: autumn
        starts: 2027-09-06
        ends: 2027-10-22
contacts:
  - role: School office
    email: office@test.example
retention:
  pupils: 6
  assignments: 3
  sessions: 1
"""


def pupil(pupil_id: str, year: int, group: str, *, extra: str = "") -> str:
    return (f"id: {pupil_id}\nname: Pupil {pupil_id}\nyear: {year}\nhouse: oak\ntutor_group: {group}\n"
            f"joined_on: 2020-09-01\n{extra}")


def tutor(staff_id: str, year: int, group: str) -> str:
    return (f"id: {staff_id}\nname: Ms {staff_id.title()}\nemail: {staff_id}@test.example\nroles:\n  - tutor\n"
            f"house: oak\nyear_group: {year}\ntutor_group: {group}\nline_manager: hoh\n")


def assignment(pupil_id: str, staff_id: str, start: str = "2026-09-03", end: str | None = None) -> str:
    return (f"id: {pupil_id}-1\npupil: {pupil_id}\nstaff: {staff_id}\nrole: tutor\nfrom: {start}\n"
            + (f"to: {end}\n" if end else "") + f"informed_on: {start}\n")


@pytest.fixture
def small_school(empty_school: Path) -> Path:
    """One House, a Head of House, tutors of Years 7 and 13, and pupils in Years 7, 12 and 13, one already left."""
    root = empty_school
    write(root, "records/school.yml", SCHOOL)
    write(root, "records/houses/oak.yml", "id: oak\nname: Oak House\nhead_of_house: hoh\ntutor_room: Room O1\n")
    write(root, "records/staff/hoh.yml",
          "id: hoh\nname: Mr Head\nemail: h.oh@test.example\nroles:\n  - head-of-house\nhouse: oak\n")
    write(root, "records/staff/seven.yml", tutor("seven", 7, "7OA"))
    write(root, "records/staff/thirteen.yml", tutor("thirteen", 13, "13OA"))
    write(root, "records/pupils/p0007.yml", pupil("p0007", 7, "7OA"))
    write(root, "records/pupils/p0012.yml", pupil("p0012", 12, "OAK3"))
    write(root, "records/pupils/p0013.yml", pupil("p0013", 13, "13OA"))
    write(root, "records/pupils/p0099.yml", pupil("p0099", 9, "9OA", extra="left_on: 2026-10-01\n"))
    write(root, "records/assignments/p0007-1.yml", assignment("p0007", "seven"))
    write(root, "records/assignments/p0013-1.yml", assignment("p0013", "thirteen"))
    write(root, "records/sessions/2026-27/2026-10-05-p0007.yml",
          "id: 2026-10-05-p0007\npupil: p0007\ntutor: seven\ndate: 2026-10-05\nlocation: Room O1\n")
    return root


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` with its bytes and modification time: equal snapshots mean nothing was written."""
    return {path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if path.is_file()}


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def commit_all(root: Path, monkeypatch: pytest.MonkeyPatch, message: str) -> None:
    """Make ``root`` a Git repository (branch main) with everything in it committed, by a test author."""
    for variable, value in (("GIT_AUTHOR_NAME", "Test"), ("GIT_AUTHOR_EMAIL", "t@test.example"),
                            ("GIT_COMMITTER_NAME", "Test"), ("GIT_COMMITTER_EMAIL", "t@test.example")):
        monkeypatch.setenv(variable, value)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", message)
