"""The README's September steps, run in order on a Git repository holding a copy of the sample school.

The commands are read from the README's "Each September" block, so the steps people follow are the
steps tested. Between them the test does what the README asks a person to do: settle each "to do"
the commands list, and fill in the assignments it starts.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from tests.conftest import REPO, link_editor
from tests.lifecycle.small_school import commit_all, git

FIRST_DAY = "2027-09-06"
AS_OF = "2027-09-10"
NEW_INTAKE = {"p0901": ("7BI", "Birch", "K", "No"), "p0902": ("7RO", "Rowan", "N", "No"),
              "p0903": ("7AS", "Ash", "N", "No"), "p0904": ("7OA", "Oak", "N", "Yes")}
NEW_GROUP_OF_TUTOR = {"bwalker": "7BI", "isantos": "7RO", "nsingh": "7AS", "rkowalski": "7OA"}
"""The Year 13 tutors, whose pupils leave, each given a new Year 7 group (their House's)."""
LEAVER, NEEDS_CHANGE = "p0069", "p0161"
HEADER = "Adno,UPN,Preferred Forename,Preferred Surname,Year,House,Reg,Admission Date,Leaving Date,SEN Status,EAL\n"
SEN_CODE = {"sen-support": "K", "ehcp": "E"}


def readme_steps() -> list[str]:
    """The commands of the README's September block, in order."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Each September"):]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


@pytest.fixture
def repository(tmp_path: Path, monkeypatch) -> Path:
    """A clean Git repository with the sample school's records, schemas, sites and CODEOWNERS, committed."""
    for name in ("records", "schemas", "handbook"):
        shutil.copytree(REPO / name, tmp_path / name)
    for name in ("mkdocs.yml", "mkdocs.public.yml", ".github/CODEOWNERS"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, tmp_path / name)
    commit_all(tmp_path, monkeypatch, "the sample school")
    link_editor(tmp_path)  # after the commit: the editor's application is installed, never committed
    git(tmp_path, "switch", "--quiet", "-c", "september-2027")
    return tmp_path


def july_roll(records: Path) -> str:
    """The MIS export in July: everyone on roll in this year's year groups, the intake, a leaver, a Year 6 row."""
    rows = []
    for path in sorted((records / "pupils").glob("*.yml")):
        pupil = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "left_on" in pupil:
            continue
        forename, surname = pupil["name"].split(" ", 1)
        needs = pupil.get("needs", [])
        sen = next((SEN_CODE[need] for need in needs if need in SEN_CODE), "N")
        if pupil["id"] == NEEDS_CHANGE:
            sen = "K"
        joined = "/".join(reversed(str(pupil["joined_on"]).split("-")))
        leaving = "31/08/2027" if pupil["id"] == LEAVER else ""
        rows.append(f"{int(pupil['id'][1:])},UPN{pupil['id']},{forename},{surname},Year {pupil['year']},"
                    f"{pupil['house']},{pupil['tutor_group']},{joined},{leaving},{sen},{'Yes' if 'eal' in needs else 'No'}")
    for pupil_id, (group, house, sen, eal) in NEW_INTAKE.items():
        rows.append(f"{int(pupil_id[1:])},UPN{pupil_id},New,Pupil {pupil_id},Y7,{house},{group},06/09/2027,,{sen},{eal}")
    rows.append("950,UPN950,Sam,Primary,Year 6,Oak,6OA,06/09/2027,,N,No")
    return HEADER + "\n".join(rows) + "\n"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def settle_rollover(root: Path, out: str) -> None:
    """What a person does with the rollover's "to do" lines: each Year 13 tutor takes a new Year 7 group."""
    for staff_id, group in NEW_GROUP_OF_TUTOR.items():
        line = next(line for line in out.splitlines() if f"({staff_id}) tutored Year 13" in line)
        assert f"(for example {group}, with pupils but no tutor in the new year)" in line  # their House's
        assert "so two tutors would share it" in line
        staff = root / "records/staff" / f"{staff_id}.yml"
        edit(staff, "year_group: 13\n", "year_group: 7\n")
        text = staff.read_text(encoding="utf-8")
        staff.write_text(re.sub(r"tutor_group: '?13[A-Z]+'?\n", f"tutor_group: {group}\n", text), encoding="utf-8")


def fill_in(path: Path, needs: bool) -> None:
    """Complete a drafted assignment as its comments ask."""
    edit(path, "# informed_on: YYYY-MM-DD", "informed_on: 2027-09-07")
    if needs:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"# needs_considered: .*", "needs_considered: Chosen with the SENCO for the tutor's "
                               "experience of this need; short written steps in each session.", text), encoding="utf-8")


def mkdocs(root: Path, command: str) -> subprocess.CompletedProcess:
    args = shlex.split(command)[1:]
    return subprocess.run([str(Path(sys.executable).with_name("mkdocs")), *args, "--quiet"], cwd=root,
                          capture_output=True, text=True, env={**os.environ, "PASTORAL_AS_OF": AS_OF})


def test_the_readme_steps_run_in_order_and_check_ends_with_no_error(repository, pastoral):
    steps = readme_steps()
    verbs = [step.split()[0] if step.startswith("mkdocs") else step.split()[1] for step in steps]
    assert verbs == ["import", "import", "rollover", "rollover", "new", "check", "codeowners", "check",
                     "mkdocs", "mkdocs"]
    (repository / "roll.csv").write_text(july_roll(repository / "records"), encoding="utf-8")
    checks = []
    for step in steps:
        words = shlex.split(step)
        if words[0] == "mkdocs":
            done = mkdocs(repository, step)
            assert done.returncode == 0, done.stderr
            continue
        if words[1] == "new":  # the README's example line, for each new pupil
            for pupil_id, (group, _, sen, eal) in NEW_INTAKE.items():
                tutor = next(staff for staff, tutors_group in NEW_GROUP_OF_TUTOR.items() if tutors_group == group)
                code, out, err = pastoral("new", "assignment", "--pupil", pupil_id, "--staff", tutor, "--from",
                                          FIRST_DAY, cwd=repository)
                assert code == 0, out + err
                fill_in(repository / f"records/assignments/{pupil_id}-1.yml", needs=(sen, eal) != ("N", "No"))
            continue
        if words[1] == "check":
            words += ["--as-of", AS_OF, "--no-cache"]
        code, out, err = pastoral(*words[1:], cwd=repository)
        assert code in (0, 1) if words[1] == "check" else code == 0, out + err
        if words[1] == "import" and "--dry-run" in words:
            assert "records/pupils/p0901.yml: new pupil in Year 7, birch, 7BI" in out
            assert f"records/pupils/{LEAVER}.yml: left on (none) -> 2027-08-31" in out
            assert f"records/pupils/{NEEDS_CHANGE}.yml: needs (none) -> sen-support" in out
            assert f"to do: records/assignments/{NEEDS_CHANGE}-1.yml: {NEEDS_CHANGE}'s needs changed" in out
            assert "1 row of roll.csv below Year 7 was skipped (line " in out
        if words[1] == "rollover" and "--dry-run" not in words:
            assert "records/pupils/p0901.yml: joined on 2027-09-06 for the new year: stays in Year 7, 7BI" in out
            assert f"records/assignments/{LEAVER}-1.yml: ended on 2027-08-31 ({LEAVER} left the school)" in out
            settle_rollover(repository, out)
            edit(repository / f"records/assignments/{NEEDS_CHANGE}-1.yml", "informed_on",
                 "needs_considered: Reconsidered with the SENCO in July, and the tutor keeps short written steps.\n"
                 "informed_on")
        if words[1] == "check":
            checks.append((code, out))
    first, last = checks
    # Before `pastoral codeowners`, the only error left is CODEOWNERS out of date (when new pupils change it).
    assert [line for line in first[1].splitlines() if ": error [" in line and "codeowners-current" not in line] == []
    assert last[0] == 0, last[1]
    assert "pastoral check: OK: 0 errors" in last[1]
    git(repository, "add", ".")
    git(repository, "commit", "--quiet", "-m", "September 2027")
    assert git(repository, "status", "--porcelain") == ""
    pupil = yaml.safe_load((repository / f"records/pupils/{LEAVER}.yml").read_text(encoding="utf-8"))
    assert (pupil["year"], str(pupil["left_on"])) == (11, "2027-08-31")
    assert not (repository / "records/pupils/p0950.yml").exists()
    assert (repository / "site/status/index.html").is_file() and (repository / "public-site/index.html").is_file()
