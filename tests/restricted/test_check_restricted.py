"""``check --restricted`` finds exactly what ``check`` finds on the unsplit records; without it, check runs what
it can, lists what it could not, and never prints a restricted value."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml
from tests.conftest import REPO, SAMPLE_AS_OF
from tests.restricted.support import restricted_values
from tests.rules.tiny_school import DBS, TinySchool

from pastoral.checking.checker import check_workspace
from pastoral.checking.restricted import join
from pastoral.checking.schemas import Schemas
from pastoral.cli import main
from pastoral.core.store import RecordStore
from pastoral.core.workspace import Workspace
from pastoral.reading.walk import load_folder
from pastoral.rules import REGISTRY, Context

RESTRICTED_RULES = {"needs-considered", "dbs-enhanced", "dbs-recheck"}


def quietly(*args: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        return main(list(args))


def split_pair(source: Path, root: Path) -> tuple[Path, Path, Path]:
    """(unsplit records, split records, restricted folder), copies of ``source`` and the schemas under ``root``."""
    for name in ("unsplit", "split"):
        shutil.copytree(source, root / name / "records")
        shutil.copytree(REPO / "schemas", root / name / "schemas")
    assert quietly("split", "--records", str(root / "split/records"), "--restricted", str(root / "split/restricted")) == 0
    return root / "unsplit/records", root / "split/records", root / "split/restricted"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, Path, Path]:
    return split_pair(REPO / "records", tmp_path_factory.mktemp("sample"))


def violating_records(root: Path) -> Path:
    """The tiny school with one needs-considered violation (p0042) and one dbs-enhanced violation (tut), and a
    second pupil whose needs were considered."""
    tiny = TinySchool(root)
    tiny.records["pupils/p0042.yml"]["needs"] = ["eal"]
    tiny.records["staff/tut.yml"]["dbs"] = {**DBS, "level": "standard"}
    tiny.records["pupils/p0043.yml"] = {**tiny.records["pupils/p0042.yml"], "id": "p0043", "name": "Ben Hale",
                                        "needs": ["sen-support"]}
    tiny.records["assignments/p0043-1.yml"] = {**tiny.records["assignments/p0042-1.yml"], "id": "p0043-1",
                                               "pupil": "p0043", "needs_considered": "Short written steps agreed."}
    return tiny.write()


@pytest.fixture(scope="module")
def violations(tmp_path_factory) -> tuple[Path, Path, Path]:
    made = tmp_path_factory.mktemp("made")
    shutil.copytree(REPO / "schemas", made / "schemas")
    return split_pair(violating_records(made), tmp_path_factory.mktemp("violations"))


def check(pastoral, records: Path, *extra: str, format: str = "json"):
    code, out, err = pastoral("check", "--records", str(records), "--as-of", SAMPLE_AS_OF, "--no-cache",
                              "--format", format, *extra)
    assert code in (0, 1), err
    return code, (json.loads(out) if format == "json" else out)


def triples(findings: list[dict]) -> list[tuple]:
    return sorted((f["rule"], f["subject"], f["severity"]) for f in findings)


@pytest.mark.parametrize("copies", ["sample", "violations"])
def test_check_with_the_restricted_folder_finds_what_check_finds_on_the_unsplit_records(copies, request, pastoral):
    unsplit, split, restricted = request.getfixturevalue(copies)
    before = check(pastoral, unsplit)
    after = check(pastoral, split, "--restricted", str(restricted))
    assert after[0] == before[0]
    assert triples(after[1]) == triples(before[1])


def test_the_violations_are_found_and_those_about_a_restricted_field_name_its_file_and_line(violations, pastoral):
    _, split, restricted = violations
    code, findings = check(pastoral, split, "--restricted", str(restricted))
    assert code == 1
    by_rule = {f["rule"]: f for f in findings}
    assert by_rule["needs-considered"]["subject"] == "p0042"
    dbs = by_rule["dbs-enhanced"]
    assert (dbs["subject"], dbs["file"], dbs["line"]) == ("tut", "restricted/dbs/tut.yml", 3)


def test_without_the_restricted_folder_the_rules_that_need_it_are_listed_in_every_format(sample, pastoral,
                                                                                         tmp_path, monkeypatch):
    _, split, _ = sample
    code, findings = check(pastoral, split)
    assert code == 0
    assert {f["message"].split("'")[1] for f in findings if f["rule"] == "not-checked"} == RESTRICTED_RULES
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    for format in ("text", "github"):
        _, out = check(pastoral, split, format=format)
        assert all(f"'{rule}' was not checked" in out for rule in RESTRICTED_RULES), format
    assert "not-checked" in summary.read_text()


def test_without_the_restricted_folder_no_output_format_holds_a_restricted_value(sample, pastoral, tmp_path,
                                                                                monkeypatch):
    _, split, _ = sample
    secret = "diagnosed with something private"
    pupil = split / "pupils/p0001.yml"
    original = pupil.read_text()
    pupil.write_text(original + f"needs:\n  - {secret}\n")  # typed in by mistake, and not even a valid need
    try:
        summary = tmp_path / "summary.md"
        monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
        outputs = {format: check(pastoral, split, format=format) for format in ("text", "json", "github")}
    finally:
        pupil.write_text(original)
    texts = {format: out if isinstance(out, str) else json.dumps(out) for format, (_, out) in outputs.items()}
    texts["summary"] = summary.read_text()
    values = restricted_values(REPO / "records") | {secret}
    assert len(values) > 20
    for name, text in texts.items():
        assert not [value for value in values if value in text], name
    assert all(code == 1 for code, _ in outputs.values())
    typed = [f for f in outputs["json"][1] if f["rule"] == "restricted-field"]
    assert [(f["subject"], f["file"], f["line"], f["severity"]) for f in typed] == [
        ("p0001", "records/pupils/p0001.yml", original.count("\n") + 1, "error")]


def test_the_tutor_facing_gate_blocks_an_assignment_to_staff_smt_has_not_cleared(violations, pastoral):
    _, split, _ = violations
    code, findings = check(pastoral, split)
    assert code == 1
    assert [(f["rule"], f["subject"]) for f in findings if f["severity"] == "error"] == [("cleared-to-tutor", "tut")]
    staff = split / "staff/tut.yml"
    data = yaml.safe_load(staff.read_text())
    staff.write_text(yaml.safe_dump({**data, "cleared_to_tutor": "2025-09-03"}, sort_keys=False))
    try:
        assert check(pastoral, split)[0] == 0
    finally:
        staff.write_text(yaml.safe_dump(data, sort_keys=False))


def test_a_clearance_date_before_the_dbs_check_is_an_error_where_the_check_can_be_read(tiny_copy, pastoral):
    tiny_copy.records["staff/tut.yml"]["cleared_to_tutor"] = "2025-05-01"
    findings = tiny_copy.findings(pastoral, "dbs-enhanced")
    assert [(f["subject"], f["message"]) for f in findings] == [
        ("tut", "tut tutors pupils but was cleared to tutor from 2025-05-01, before their DBS check was issued on "
                "2025-06-01")]


@pytest.fixture
def tiny_copy(empty_school) -> TinySchool:
    return TinySchool(empty_school)


def test_restricted_files_that_match_nothing_or_hold_other_fields_are_reported(violations, pastoral, tmp_path):
    _, split, restricted = violations
    side = tmp_path / "restricted"
    shutil.copytree(restricted, side)
    (side / "considerations/p0099-1.yml").write_text("id: p0099-1\nneeds_considered: Written early.\n")
    (side / "needs/p0042.yml").write_text("id: p0042\nname: Someone\n")
    (side / "stray.yml").write_text("id: x\n")
    _, findings = check(pastoral, split, "--restricted", str(side))
    found = {(f["rule"], f["file"], f["severity"]) for f in findings}
    assert ("restricted-unmatched", "restricted/considerations/p0099-1.yml", "warning") in found
    assert ("layout", "restricted/needs/p0042.yml", "error") in found
    assert ("layout", "restricted/stray.yml", "error") in found


def test_restricted_values_are_cached_only_beside_the_restricted_folder(sample, pastoral, tmp_path, monkeypatch):
    _, split, restricted = sample
    main_cache = tmp_path / "main-cache"
    monkeypatch.setenv("PASTORAL_CACHE_DIR", str(main_cache))
    code, out, err = pastoral("check", "--records", str(split), "--restricted", str(restricted),
                              "--as-of", SAMPLE_AS_OF)
    assert code == 0, out + err
    kept = "".join(path.read_text(errors="replace") for path in main_cache.rglob("*") if path.is_file())
    assert kept and not [value for value in restricted_values(REPO / "records") if value in kept]
    beside = "".join(path.read_text(errors="replace") for path in (restricted / ".pastoral-cache").rglob("*")
                     if path.is_file())
    assert any(value in beside for value in restricted_values(REPO / "records"))


@pytest.mark.parametrize("copies", ["sample", "violations"])
def test_every_rule_that_does_not_declare_restricted_fields_finds_the_same_without_them(copies, request):
    unsplit, split, _ = request.getfixturevalue(copies)
    as_of = date.fromisoformat(SAMPLE_AS_OF)
    full = check_workspace(Workspace.at(unsplit), as_of).context
    workspace = Workspace.at(split)
    loaded, _ = join(load_folder(workspace.records, workspace.root), None, Schemas(workspace.schemas))
    stripped = Context.of(RecordStore(loaded.records), as_of)
    for rule in REGISTRY.values():
        if not rule.reads_restricted and not rule.stands_in:
            assert {(f.rule, f.subject, f.detail) for f in rule(stripped)} == \
                   {(f.rule, f.subject, f.detail) for f in rule(full)}, rule.id


def test_with_base_the_restricted_repository_compares_its_own_two_revisions(violations, pastoral, tmp_path):
    _, split, restricted = violations
    repository = tmp_path / "pastoral-restricted"
    shutil.copytree(restricted, repository / "restricted")
    git(repository, "init", "-q", "-b", "main")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "restricted records")
    side = repository / "restricted"
    assert check(pastoral, split, "--restricted", str(side), "--base", "HEAD")[0] == 0  # old errors do not block
    (side / "considerations/p0043-1.yml").write_text("id: p0043-1\nneeds_considered: ' '\n")
    code, findings = check(pastoral, split, "--restricted", str(side), "--base", "HEAD")
    assert code == 1
    assert [(f["rule"], f["subject"], f["file"]) for f in findings if f.get("new") and f["severity"] == "error"] == [
        ("needs-considered", "p0043", "restricted/considerations/p0043-1.yml")]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@test.example",
                    "-c", "commit.gpgsign=false", *args], capture_output=True, check=True)


def test_the_staff_records_where_smt_clears_tutors_are_owned_by_smt_in_codeowners(sample):
    from pastoral.lifecycle.codeowners import render, smt_owners

    store = check_workspace(Workspace.at(sample[1]), date.fromisoformat(SAMPLE_AS_OF)).store
    last = render(store, "records").splitlines()[-1]
    assert last == f"/records/staff/ {' '.join(smt_owners(store))}"


def test_with_the_restricted_folder_a_field_typed_into_the_records_is_still_an_error_and_its_value_unused(
        violations, pastoral, tmp_path):
    _, split, restricted = violations
    records = tmp_path / "records"
    shutil.copytree(split, records)
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    assignment = records / "assignments/p0042-1.yml"
    assignment.write_text(assignment.read_text() + "needs_considered: Typed where tutors read it.\n")
    code, findings = check(pastoral, records, "--restricted", str(restricted))
    assert code == 1
    assert ("restricted-field", "p0042", "error") in triples(findings)
    assert ("needs-considered", "p0042", "error") in triples(findings)  # the restricted folder's word counts
    assert "Typed where tutors read it" not in json.dumps(findings)
