"""Two changes each valid alone can break a rule together: the check of the merge result (what a merge queue runs) fails.

Both branches add the same new pupil (identical files merge cleanly) and each
assigns a tutor, so after the merge the pupil has two active tutors.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import SAMPLE_AS_OF, write

PUPIL = """\
id: p9999
name: Amara Okafor
year: 7
house: oak
tutor_group: '7OA'
joined_on: 2026-11-16
"""


def _assignment(number: int, staff: str) -> str:
    return f"""\
id: p9999-{number}
pupil: p9999
staff: {staff}
role: tutor
from: 2026-11-16
informed_on: 2026-11-17
"""


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                           "-c", "commit.gpgsign=false", *args], check=True, capture_output=True, text=True).stdout


def _year7_tutors(root: Path) -> list[str]:
    staff = sorted((root / "records" / "staff").glob("*.yml"))
    return [path.stem for path in staff
            if "year_group: 7\n" in path.read_text(encoding="utf-8") and "  - tutor\n" in path.read_text(encoding="utf-8")]


def _branch(root: Path, name: str, staff: str, number: int) -> None:
    git(root, "switch", "-q", "-c", name, "main")
    write(root, "records/pupils/p9999.yml", PUPIL)
    write(root, f"records/assignments/p9999-{number}.yml", _assignment(number, staff))
    git(root, "add", "records")
    git(root, "commit", "-q", "-m", f"Amara joins Year 7; tutor {staff}")


def _check(pastoral, root: Path) -> tuple[int, list[dict]]:
    code, out, err = pastoral("check", "--as-of", SAMPLE_AS_OF, "--base", "main", "--format", "json", cwd=root)
    assert err == ""
    return code, json.loads(out)


def _new_errors(findings: list[dict]) -> list[tuple[str, str]]:
    return [(f["rule"], f["subject"]) for f in findings if f["new"] and f["severity"] == "error"]


def test_two_valid_branches_that_together_give_a_pupil_two_tutors_fail_once_merged(school, pastoral):
    # The sample has one Year 7 tutor a House; this school lets tutors work across Houses, so either will do.
    school_yml = school / "records" / "school.yml"
    school_yml.write_text(school_yml.read_text(encoding="utf-8").replace(
        "tutors_may_cross_houses: false", "tutors_may_cross_houses: true"), encoding="utf-8")
    git(school, "init", "-q", "-b", "main")
    git(school, "add", "records", "schemas")
    git(school, "commit", "-q", "-m", "the sample school")
    first, second = _year7_tutors(school)[:2]
    _branch(school, "amara-first", first, 1)
    _branch(school, "amara-second", second, 2)

    for branch in ("amara-first", "amara-second"):
        git(school, "switch", "-q", branch)
        code, findings = _check(pastoral, school)
        assert (code, _new_errors(findings)) == (0, []), branch

    git(school, "switch", "-q", "-c", "merge-queue", "main")
    git(school, "merge", "-q", "--no-edit", "amara-first")
    git(school, "merge", "-q", "--no-edit", "amara-second")  # no textual conflict: git is happy
    code, findings = _check(pastoral, school)

    assert code == 1
    assert _new_errors(findings) == [("tutor-assigned", "p9999")]
