"""``pastoral codeowners`` on the sample school, read back with gitignore-style matching and GitHub's
last-match rule; and ``pastoral check`` reporting a CODEOWNERS the records have moved away from."""

from __future__ import annotations

from pathlib import Path

import pathspec
import pytest
import yaml
from tests.conftest import REPO, SAMPLE_AS_OF

SMT_ROLES = {"smt", "head-teacher"}


class Codeowners:
    """GitHub's reading of a CODEOWNERS file: of the patterns that match a path, the last one wins.

    Each pattern is read by pathspec's gitignore rules, which CODEOWNERS follows for the
    patterns pastoral writes (anchored paths, '*' within one folder, trailing '/' for a folder).
    """

    def __init__(self, text: str):
        self.rules = []
        for line in text.splitlines():
            if line.strip() and not line.startswith("#"):
                pattern, *owners = line.split()
                regex = pathspec.PathSpec.from_lines("gitignore", [pattern]).patterns[0].regex
                self.rules.append((regex, pattern, owners))

    def matching(self, path: str) -> list[str]:
        return [pattern for regex, pattern, _ in self.rules if regex.match(path)]

    def owners(self, path: str) -> list[str]:
        return next((owners for regex, _, owners in reversed(self.rules) if regex.match(path)), [])


def records_of(root: Path, folder: str) -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in (root / "records" / folder).glob("*.yml")}


def smt(root: Path) -> list[str]:
    return sorted(f"@{s['github']}" for s in records_of(root, "staff").values()
                  if SMT_ROLES & set(s["roles"]) and "github" in s and "left_on" not in s)


def heads_of_house(root: Path) -> dict[str, str]:
    """Pupil id -> '@github' of the Head of House of the pupil's House, read straight from the YAML files."""
    houses, staff = records_of(root, "houses"), records_of(root, "staff")
    return {pupil_id: "@" + staff[houses[pupil["house"]]["head_of_house"]]["github"]
            for pupil_id, pupil in records_of(root, "pupils").items()}


def generate(pastoral, root: Path) -> Codeowners:
    code, out, err = pastoral("codeowners", "--records", str(root / "records"))
    assert code == 0, err
    assert "wrote" in out and out.strip().endswith("everything else by SMT)")
    return Codeowners((root / ".github" / "CODEOWNERS").read_text(encoding="utf-8"))


def some_session(root: Path) -> Path:
    return sorted((root / "records" / "sessions").glob("*/*.yml"))[0]


def test_a_pupils_session_file_is_owned_by_the_head_of_house_of_their_house(school, pastoral):
    codeowners = generate(pastoral, school)
    session = some_session(school)
    pupil_id = yaml.safe_load(session.read_text(encoding="utf-8"))["pupil"]
    path = session.relative_to(school).as_posix()
    assert codeowners.owners(path) == [heads_of_house(school)[pupil_id]]
    # the catch-all matched too, and lost to the later pupil pattern
    assert codeowners.matching(path)[0] == "*" and len(codeowners.matching(path)) == 2


def test_every_record_about_a_pupil_goes_to_their_head_of_house_and_the_rest_to_smt(school, pastoral):
    codeowners = generate(pastoral, school)
    houses_seen = set()
    for pupil_id, head in sorted(heads_of_house(school).items()):
        owner = [head]
        files = [*(school / "records").glob(f"pupils/{pupil_id}.yml"),
                 *(school / "records").glob(f"assignments/{pupil_id}-*.yml"),
                 *(school / "records").glob(f"sessions/*/*-{pupil_id}.yml")]
        assert len(files) >= 2, pupil_id
        for path in files:
            assert codeowners.owners(path.relative_to(school).as_posix()) == owner, path
        houses_seen.add(owner[0])
    assert len(houses_seen) == len(records_of(school, "houses"))  # each House's Head owns some records
    for path in ["records/school.yml", "records/houses/oak.yml", "records/staff/anyone.yml", "README.md",
                 "handbook/index.md", "records/sessions/2026-27/2026-10-05-p9999.yml"]:
        assert codeowners.owners(path) == smt(school), path


def test_what_decides_whether_a_change_passes_belongs_to_smt_whatever_matched_before(school, pastoral):
    codeowners = generate(pastoral, school)
    for path in ["schemas/pupil.schema.json", ".github/workflows/check.yml", ".github/CODEOWNERS",
                 "plugins/pastoral/cli.py", "mkdocs.yml", "mkdocs.public.yml", "pyproject.toml", "constraints.txt",
                 "Makefile"]:
        assert codeowners.owners(path) == smt(school), path


def test_pupil_patterns_never_reach_another_pupil(school, pastoral):
    codeowners = generate(pastoral, school)
    # p0001's patterns must not take p00011's sessions or assignments (ids of 4 to 6 digits)
    for path in ["records/assignments/p00011-1.yml", "records/sessions/2026-27/2026-10-05-p00011.yml"]:
        assert all("p0001-" not in p and not p.endswith("-p0001.yml") for p in codeowners.matching(path))
    assert codeowners.owners("records/sessions/2026-27/2026-10-05-p0001-b.yml") == [heads_of_house(school)["p0001"]]


def without_github(text: str) -> str:
    return "".join(line for line in text.splitlines(True) if not line.startswith("github:"))


def leaving(text: str) -> str:
    return text + "left_on: 2027-07-22\n"


@pytest.mark.parametrize("change", [without_github, leaving])
def test_a_house_whose_head_cannot_review_falls_back_to_smt_with_a_warning(school, pastoral, change):
    session = some_session(school)
    pupil_id = yaml.safe_load(session.read_text(encoding="utf-8"))["pupil"]
    house = records_of(school, "pupils")[pupil_id]["house"]
    head = records_of(school, "houses")[house]["head_of_house"]
    staff_file = school / "records" / "staff" / f"{head}.yml"
    staff_file.write_text(change(staff_file.read_text(encoding="utf-8")), encoding="utf-8")

    code, _, err = pastoral("codeowners", "--records", str(school / "records"))

    assert code == 0
    assert f"the Head of House of {records_of(school, 'houses')[house]['name']} ('{head}')" in err
    assert f"records/houses/{house}.yml" in err
    codeowners = Codeowners((school / ".github" / "CODEOWNERS").read_text(encoding="utf-8"))
    assert codeowners.owners(session.relative_to(school).as_posix()) == smt(school)


def test_without_an_smt_github_name_nothing_is_written(school, pastoral):
    for path in (school / "records" / "staff").glob("*.yml"):
        path.write_text(without_github(path.read_text(encoding="utf-8")), encoding="utf-8")

    code, _, err = pastoral("codeowners", "--records", str(school / "records"))

    assert code == 1
    assert "no current member of staff with the role smt or head-teacher has a 'github' field" in err
    assert not (school / ".github" / "CODEOWNERS").exists()


def test_check_ignores_line_endings_and_says_when_codeowners_cannot_be_read_or_generated(school, pastoral):
    generate(pastoral, school)
    records = str(school / "records")
    codeowners = school / ".github" / "CODEOWNERS"
    codeowners.write_bytes(codeowners.read_bytes().replace(b"\n", b"\r\n").rstrip())  # as a Windows editor saves it
    code, out, _ = pastoral("check", "--records", records, "--as-of", SAMPLE_AS_OF)
    assert code == 0 and "codeowners-current" not in out

    codeowners.write_bytes(b"* @someone\xff\n")
    code, out, _ = pastoral("check", "--records", records, "--as-of", SAMPLE_AS_OF)
    assert code == 0 and ".github/CODEOWNERS cannot be read: it is not UTF-8 text" in out

    codeowners.write_text("* @someone\n", encoding="utf-8")
    for path in (school / "records" / "staff").glob("*.yml"):
        path.write_text(without_github(path.read_text(encoding="utf-8")), encoding="utf-8")
    code, out, _ = pastoral("check", "--records", records, "--as-of", SAMPLE_AS_OF)
    assert ".github/CODEOWNERS:1:1: warning [codeowners-current] .github/CODEOWNERS cannot be generated: " in out


def test_check_warns_of_a_stale_codeowners_and_says_nothing_once_it_is_regenerated(school, pastoral):
    generate(pastoral, school)
    records = str(school / "records")
    assert "codeowners-current" not in pastoral("check", "--records", records, "--as-of", SAMPLE_AS_OF)[1]
    houses = sorted((school / "records" / "houses").glob("*.yml"))
    first, second = (yaml.safe_load(path.read_text(encoding="utf-8"))["head_of_house"] for path in houses[:2])
    houses[0].write_text(houses[0].read_text(encoding="utf-8").replace(f"head_of_house: {first}",
                                                                       f"head_of_house: {second}"), encoding="utf-8")

    code, out, _ = pastoral("check", "--records", records, "--as-of", SAMPLE_AS_OF)

    assert "error [codeowners-current]" not in out  # a warning: nobody editing in a browser can run the command
    assert ".github/CODEOWNERS:" in out and "warning [codeowners-current]" in out
    assert "is behind the records" in out and "will read '" in out
    assert "hint: nothing to do in this change: after it merges, the codeowners workflow opens a pull request" in out
    assert pastoral("codeowners", "--records", records, "--check")[0] == 1
    generate(pastoral, school)
    assert "codeowners-current" not in pastoral("check", "--records", records, "--as-of", SAMPLE_AS_OF)[1]
    assert pastoral("codeowners", "--records", records, "--check")[0] == 0


def test_a_records_folder_without_codeowners_is_not_nagged(school, pastoral):
    code, out, _ = pastoral("check", "--records", str(school / "records"), "--as-of", SAMPLE_AS_OF)
    assert "codeowners-current" not in out
    code, _, err = pastoral("codeowners", "--records", str(school / "records"), "--check")
    assert code == 1 and "does not exist: run `pastoral codeowners` to write it" in err


def test_output_writes_elsewhere(school, pastoral):
    target = school / "elsewhere" / "CODEOWNERS"
    code, _, _ = pastoral("codeowners", "--records", str(school / "records"), "--output", str(target))
    assert code == 0 and target.read_text(encoding="utf-8").startswith("# Generated by `pastoral codeowners`")


def test_the_committed_codeowners_is_current(pastoral):
    """The sample school's own .github/CODEOWNERS: regenerate it with `pastoral codeowners` after `make sample`."""
    code, out, err = pastoral("codeowners", "--records", str(REPO / "records"), "--check")
    assert code == 0, out + err
