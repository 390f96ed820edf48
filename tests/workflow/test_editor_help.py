"""Help for staff who edit records: the editor's schema map, the pre-commit hook, the pull-request template."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path, PurePosixPath

import yaml
from tests.conftest import REPO
from tests.workflow.support import GITHUB, VENV_BIN

from pastoral.core.kinds import KINDS, kind_of


def glob_regex(glob: str) -> re.Pattern:
    """A VS Code glob as a regex: '*' stays within one folder."""
    return re.compile("".join("[^/]*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", glob)) + "$")


def yaml_schemas() -> dict[str, list[str]]:
    return json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]


def test_every_records_folder_is_mapped_to_its_existing_schema():
    mapping = yaml_schemas()
    for schema in mapping:
        assert (REPO / schema).is_file(), f"{schema} does not exist"
    assert {PurePosixPath(schema).name for schema in mapping} == {kind.schema_file for kind in KINDS}


def test_each_sample_record_gets_exactly_the_schema_of_its_kind():
    rules = [(glob_regex(glob), PurePosixPath(schema).name)
             for schema, globs in yaml_schemas().items() for glob in globs]
    seen = set()
    for path in sorted((REPO / "records").rglob("*.yml")):
        relative = path.relative_to(REPO).as_posix()
        schemas = {schema for regex, schema in rules if regex.match(relative)}
        assert schemas == {kind_of(relative.removeprefix("records/")).schema_file}, relative
        seen |= schemas
    assert len(seen) >= 7  # the sample school has records of every kind but waivers


def test_a_file_outside_the_records_folders_gets_no_schema():
    rules = [glob_regex(glob) for globs in yaml_schemas().values() for glob in globs]
    for path in ["mkdocs.yml", ".github/workflows/check.yml", "records/sessions/notes.yml",
                 "records/pupils/old/p0001.yml"]:
        assert not any(regex.match(path) for regex in rules), path


def pre_commit_hook() -> dict:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["pastoral-validate"]
    return hooks[0]


def run_hook(hook: dict, root: Path, candidates: list[str]) -> subprocess.CompletedProcess:
    """Run the hook as pre-commit does: its entry, then the staged files its 'files' pattern selects."""
    files = [path for path in candidates if re.search(hook["files"], path)]
    return subprocess.run([str(VENV_BIN / hook["entry"].split()[0]), *hook["entry"].split()[1:], *files],
                          cwd=root, capture_output=True, text=True)


def test_the_pre_commit_hook_is_declared_for_python_on_record_files():
    hook = pre_commit_hook()
    assert hook["language"] == "python" and hook["pass_filenames"] is True
    assert hook["entry"] == "pastoral validate"
    pattern = re.compile(hook["files"])
    assert pattern.search("records/pupils/p0001.yml") and pattern.search("records/sessions/2026-27/x.yml")
    assert not pattern.search("schemas/pupil.schema.json") and not pattern.search("records/README.md")


def test_the_pre_commit_hook_passes_good_records_and_stops_a_broken_one(school):
    hook = pre_commit_hook()
    pupil = sorted((school / "records" / "pupils").glob("*.yml"))[0].relative_to(school).as_posix()
    staged = [pupil, "schemas/pupil.schema.json", "records/school.yml"]
    done = run_hook(hook, school, staged)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "in 2 records" in done.stdout  # the schema file was not passed

    (school / pupil).write_text((school / pupil).read_text(encoding="utf-8") + "favourite_colour: blue\n", "utf-8")
    done = run_hook(hook, school, staged)
    assert done.returncode == 1
    assert f"{pupil}:" in done.stdout and "unknown field 'favourite_colour'" in done.stdout


def test_the_pull_request_template_is_a_checklist_pointing_at_the_commands():
    template = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^- \[ \] ", template, re.MULTILINE)) >= 5
    for command in ("pastoral new session", "pastoral new assignment", "pastoral codeowners", "pastoral check"):
        assert command in template
