"""``pastoral validate``: the sample is valid, mistakes are named by file and line, formats and exit codes hold."""

from __future__ import annotations

import json

import pytest
from tests.conftest import REPO, write

from pastoral.reporters.github import escape_data, escape_property

PUPIL = """\
id: p0001
name: Ada Example
year: 8
house: oak
tutor_group: 8OA
joined_on: 2025-09-01
"""

SESSION = """\
id: 2026-10-05-p0001
pupil: p0001
tutor: t-smith
date: 2026-10-05
targets:
  - id: t1
    text: Hand in homework on time
    review_by: 2026-11-20
  - id: t2
    text: Read for twenty minutes a day
    review_by: 2026-12-04
"""
SESSION_FILE = "records/sessions/2026-27/2026-10-05-p0001.yml"


def test_every_sample_record_is_valid(pastoral):
    code, out, err = pastoral("validate", "--records", str(REPO / "records"))
    assert (code, err) == (0, "")
    assert out.startswith("pastoral validate: OK: 0 errors, 0 warnings in ")
    assert int(out.split(" in ")[1].split()[0].replace(",", "")) > 1000


def test_one_broken_field_in_the_sample_is_named_by_file_and_line(school, pastoral):
    pupil = sorted((school / "records" / "pupils").glob("*.yml"))[0]
    lines = pupil.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(number for number, line in enumerate(lines) if line.startswith("year:"))
    lines[at] = "year: 14\n"
    pupil.write_text("".join(lines), encoding="utf-8")

    code, out, _ = pastoral("validate", "--records", str(school / "records"))

    assert code == 1
    assert out.splitlines()[0] == f"records/pupils/{pupil.name}:{at + 1}:7: error [schema] year: 14 is not one of 1-13"
    assert out.splitlines()[1].startswith("    hint: National Curriculum year group")
    assert "FAILED: 1 error, 0 warnings" in out


def test_a_nested_error_points_at_the_line_and_column_of_the_field(empty_school, pastoral):
    write(empty_school, SESSION_FILE, SESSION.replace("2026-12-04", "2026-12-32"))
    code, out, _ = pastoral("validate", "--records", str(empty_school / "records"))
    assert code == 1
    assert out.splitlines()[0] == (
        f"{SESSION_FILE}:11:16: error [schema] targets[2].review_by: '2026-12-32' is not a real date")


def test_a_missing_field_in_a_list_item_points_at_that_item(empty_school, pastoral):
    write(empty_school, SESSION_FILE, SESSION.replace("    text: Read for twenty minutes a day\n", ""))
    code, out, _ = pastoral("validate", "--records", str(empty_school / "records"))
    assert out.splitlines()[0] == f"{SESSION_FILE}:9:5: error [schema] the required field 'text' is missing in targets[2]"


def test_every_problem_of_every_file_is_reported_in_one_run(empty_school, pastoral):
    write(empty_school, "records/pupils/p0001.yml", PUPIL.replace("year: 8", "year: 0").replace("8OA", "8 OA"))
    write(empty_school, "records/pupils/p0002.yml", PUPIL.replace("p0001", "p0002") + "year: 9\n")
    write(empty_school, "records/notes.txt", "not a record")
    code, out, _ = pastoral("validate", "--records", str(empty_school / "records"), "--format", "json")
    assert code == 1
    assert [(f["file"], f["line"], f["rule"]) for f in json.loads(out)] == [
        ("records/notes.txt", 1, "layout"),
        ("records/pupils/p0001.yml", 3, "schema"),
        ("records/pupils/p0001.yml", 5, "schema"),
        ("records/pupils/p0002.yml", 7, "yaml"),
    ]


def test_json_findings_carry_the_contract_fields(empty_school, pastoral):
    write(empty_school, "records/pupils/p0001.yml", PUPIL.replace("year: 8", "year: 14"))
    code, out, _ = pastoral("validate", "--records", str(empty_school / "records"), "--format", "json")
    assert code == 1
    assert json.loads(out) == [{
        "rule": "schema", "severity": "error", "file": "records/pupils/p0001.yml", "line": 3, "column": 7,
        "message": "year: 14 is not one of 1-13", "subject": "p0001",
        "hint": "National Curriculum year group this academic year, from 7 to 13 (lower in an all-through school).",
    }]


def test_json_of_a_clean_run_is_an_empty_list(empty_school, pastoral):
    write(empty_school, "records/pupils/p0001.yml", PUPIL)
    assert pastoral("validate", "--records", str(empty_school / "records"), "--format", "json")[:2] == (0, "[]\n")


def test_github_format_prints_one_annotation_per_finding(empty_school, pastoral):
    write(empty_school, "records/pupils/p0001.yml", PUPIL.replace("year: 8", "year: 14"))
    code, out, _ = pastoral("validate", "--records", str(empty_school / "records"), "--format", "github")
    assert code == 1
    assert out.splitlines()[0] == (
        "::error file=records/pupils/p0001.yml,line=3,col=7,title=pastoral [schema]::year: 14 is not one of 1-13"
        "%0ANational Curriculum year group this academic year, from 7 to 13 (lower in an all-through school).")


def test_annotation_escaping():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


HOSTILE_KEY = 'x\\n::set-output name=leak::1\\n::error::injected'


@pytest.mark.parametrize("output", ["github", "text"])
def test_record_text_cannot_inject_a_workflow_command(empty_school, pastoral, output):
    """A key, a value or a file name carrying '::error::' or a line break stays inside its own finding,
    also past the ten annotations GitHub shows, where findings become plain log lines."""
    write(empty_school, "records/pupils/p0001.yml", f'{PUPIL}"{HOSTILE_KEY}": 1\n"{HOSTILE_KEY}": 2\n')
    write(empty_school, "records/pupils/p0003,x:y\n::set-output name=leak::1.yml", PUPIL.replace("year: 8", "year: 0"))
    for number in range(10, 22):
        write(empty_school, f"records/pupils/p00{number}.yml", PUPIL.replace("p0001", f"p00{number}").replace(
            "year: 8", 'year: "8\\n::error::injected\\r\\n##[set-env name=leak;]1"'))

    code, out, _ = pastoral("validate", "--records", str(empty_school / "records"), "--format", output)

    assert code == 1
    lines = out.splitlines()
    assert len([line for line in lines if "p00" in line]) == 14  # one line per finding: none was split
    commands = [line.lstrip() for line in lines if line.lstrip().startswith(("::", "##["))]
    assert all(line.startswith(("::error file=", "::warning file=", "::notice title=pastoral::")) for line in commands)
    if output == "github":
        assert len(commands) == 11  # ten annotations, then a notice
        assert "file=records/pupils/p0003%2Cx%3Ay%0A%3A%3Aset-output name=leak%3A%3A1.yml," in out


def test_control_characters_in_record_text_are_written_out(empty_school, pastoral):
    write(empty_school, "records/pupils/p0001.yml", PUPIL + '"\\e[31mred\\tkey": 1\n"\\e[31mred\\tkey": 2\n')
    code, out, _ = pastoral("validate", "--records", str(empty_school / "records"))
    assert code == 1
    assert "the field '\\x1b[31mred\\tkey' appears twice" in out
    assert "\x1b" not in out and "\t" not in out


def test_validate_given_files_checks_only_those(empty_school, pastoral):
    write(empty_school, "records/pupils/p0001.yml", PUPIL.replace("year: 8", "year: 14"))
    write(empty_school, "records/pupils/p0002.yml", PUPIL.replace("p0001", "p0002").replace("year: 8", "year: 15"))
    write(empty_school, "records/pupils/p0003.yml", PUPIL.replace("p0001", "p0003"))
    code, out, _ = pastoral("validate", "--records", "records", "records/pupils/p0002.yml", "records/pupils/p0003.yml",
                            "records/pupils/p0002.yml", "--format", "json", cwd=empty_school)
    assert code == 1
    assert [(f["file"], f["message"]) for f in json.loads(out)] == [("records/pupils/p0002.yml", "year: 15 is not one of 1-13")]
    assert pastoral("validate", "--records", "records", "records/pupils/p0003.yml", cwd=empty_school)[0] == 0


def test_a_given_link_to_outside_is_refused_as_a_link(empty_school, tmp_path_factory, pastoral):
    outside = tmp_path_factory.mktemp("outside") / "p0001.yml"
    outside.write_text(PUPIL, encoding="utf-8")
    (empty_school / "records" / "pupils").mkdir()
    (empty_school / "records" / "pupils" / "p0001.yml").symlink_to(outside)
    code, out, _ = pastoral("validate", "--records", "records", "records/pupils/p0001.yml", cwd=empty_school)
    assert code == 1
    assert "records/pupils/p0001.yml:1:1: error [layout] this is a link to somewhere outside the repository" in out


@pytest.mark.parametrize("path, says", [
    ("records/pupils/p0009.yml", "is not a file"),
    ("schemas/pupil.schema.json", "is not inside the records folder"),
])
def test_a_given_path_that_is_no_record_file_is_a_usage_error(empty_school, pastoral, path, says):
    code, out, err = pastoral("validate", "--records", "records", path, cwd=empty_school)
    assert (code, out) == (2, "")
    assert err.startswith("pastoral validate: '") and says in err
    assert err.count("\n") == 1


def test_a_nonexistent_records_folder_is_one_clear_line(tmp_path, pastoral):
    code, out, err = pastoral("validate", "--records", str(tmp_path / "nowhere"))
    assert (code, out) == (2, "")
    assert err == f"pastoral validate: the records folder '{tmp_path / 'nowhere'}' does not exist (use --records DIR to name it)\n"


@pytest.mark.parametrize("arguments", [["--format", "xml"], ["--no-such-option"]])
def test_bad_arguments_exit_2(empty_school, pastoral, arguments):
    code, out, err = pastoral("validate", "--records", str(empty_school / "records"), *arguments)
    assert (code, out) == (2, "")
    assert err.startswith("usage: pastoral")
