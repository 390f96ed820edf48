"""The workflow files: valid against GitHub's schema (offline), and the properties a school relies on."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from tests.workflow.support import SETUP_ACTION, VENV_BIN, WORKFLOWS, load, step, triggers

WRITERS = {("publish.yml", "deploy"): {"pages", "id-token"},
           ("codeowners.yml", "regenerate"): {"contents", "pull-requests"},  # pushes bot/codeowners, opens its PR
           ("house-moves.yml", "house-moves"): {"pull-requests"},  # asks the Heads of House for reviews
           ("nightly.yml", "remind"): {"issues"}}  # keeps one reminder issue a House
"""The only jobs that may write, and what."""
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, files)],
                          capture_output=True, text=True)


def by_name(name: str) -> dict:
    return load(next(path for path in WORKFLOWS if path.name == name))


def all_steps(workflow: dict) -> list[dict]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def test_the_five_workflows_exist():
    assert {path.name for path in WORKFLOWS} == {"check.yml", "publish.yml", "nightly.yml", "codeowners.yml",
                                                 "house-moves.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_githubs_schema_and_every_job_has_a_timeout(path):
    for schema in ("vendor.github-workflows", "custom.github-workflows-require-timeout"):
        done = check_jsonschema(schema, path)
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_shared_setup_action_matches_githubs_action_schema():
    done = check_jsonschema("vendor.github-actions", SETUP_ACTION)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOWS[0].read_text(encoding="utf-8").replace("runs-on:", "run-on:"), encoding="utf-8")
    assert check_jsonschema("vendor.github-workflows", broken).returncode == 1


def test_the_pull_request_gate_runs_on_every_pull_request_and_merge_group():
    on = triggers(by_name("check.yml"))
    assert set(on) == {"pull_request", "merge_group"}
    for event in on.values():  # a skipped required check stays pending for ever
        assert not set(event or {}) & {"paths", "paths-ignore", "branches", "branches-ignore"}


def test_the_gate_job_is_named_check_as_the_required_status_check_is():
    assert [job.get("name") for job in by_name("check.yml")["jobs"].values()] == ["check"]


def test_the_gate_fetches_the_base_and_checks_only_what_the_change_adds():
    workflow = by_name("check.yml")
    checkout = next(s for s in all_steps(workflow) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    gate = step(all_steps(workflow), "check")
    assert gate["run"].startswith("pastoral check --base \"$BASE_SHA\"")
    assert "--format github" in gate["run"]
    base = gate["env"]["BASE_SHA"]
    assert "github.event.pull_request.base.sha" in base and "github.event.merge_group.base_sha" in base


def test_the_gate_builds_both_sites_strictly():
    runs = [s.get("run") for s in all_steps(by_name("check.yml"))]
    assert "mkdocs build --strict" in runs
    assert "mkdocs build --strict -f mkdocs.public.yml" in runs


def test_every_workflow_declares_the_least_permissions():
    for path in WORKFLOWS:
        workflow = load(path)
        assert "permissions" in workflow, f"{path.name} declares no top-level permissions"
        for job_id, job in workflow["jobs"].items():
            granted = {**(workflow["permissions"] or {}), **job.get("permissions", {})}
            writes = {scope for scope, level in granted.items() if level == "write"}
            if writes:
                assert WRITERS.get((path.name, job_id)) == writes, f"{path.name}:{job_id} may write {writes}"
                assert set(granted) - writes <= {"contents"}
            else:
                assert set(granted) <= {"contents"}, f"{path.name}:{job_id} reads more than the code"


def test_every_action_is_pinned_by_commit_with_its_version():
    for path in [*WORKFLOWS, SETUP_ACTION]:
        for line in path.read_text(encoding="utf-8").splitlines():
            used = re.search(r"uses: (.*)$", line)
            if used and not used[1].startswith("./"):
                assert PINNED.match(used[1]), f"{path.name}: '{used[1]}' is not pinned to a commit with '# vX.Y.Z'"


def test_python_is_pinned_and_pip_cached_on_the_constraints():
    python = next(s for s in load(SETUP_ACTION)["runs"]["steps"] if "actions/setup-python@" in s.get("uses", ""))
    assert python["with"] == {"python-version": "3.11", "cache": "pip", "cache-dependency-path": "constraints.txt"}
    install = step(load(SETUP_ACTION)["runs"]["steps"], "install")
    assert install["run"] == "pip install -c constraints.txt -e ."
    for path in WORKFLOWS:
        for job in load(path)["jobs"].values():
            uses = [s.get("uses") for s in job["steps"]]
            if "./.github/actions/setup-pastoral" in uses:
                assert uses.index("./.github/actions/setup-pastoral") > 0, "the local action needs the checkout first"


def test_publish_deploys_the_public_site_and_keeps_the_intranet_site():
    workflow = by_name("publish.yml")
    assert set(triggers(workflow)) == {"push", "workflow_dispatch"}
    assert triggers(workflow)["push"]["branches"] == ["main"]
    build = workflow["jobs"]["build"]["steps"]
    site_dirs = {("public" if "mkdocs.public.yml" in s["run"] else "intranet"): s["run"].split("--site-dir ")[1]
                 for s in build if s.get("run", "").startswith("mkdocs build --strict")}
    uploads = {s["uses"].split("@")[0]: s["with"] for s in build if "upload" in s.get("uses", "")}
    assert uploads["actions/upload-pages-artifact"]["path"] == site_dirs["public"]
    assert uploads["actions/upload-artifact"]["path"] == site_dirs["intranet"]
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert "--base" not in step(workflow["jobs"]["check"]["steps"], "check")["run"]


def test_nightly_runs_the_full_check_on_a_schedule():
    workflow = by_name("nightly.yml")
    on = triggers(workflow)
    assert set(on) == {"schedule", "workflow_dispatch"} and on["schedule"][0]["cron"]
    gate = step(all_steps(workflow), "check")["run"]
    assert gate.startswith("pastoral check ") and "--base" not in gate and "--format github" in gate
    reminders = step(all_steps(workflow), "write")["run"]
    assert reminders.startswith("pastoral check ") and "--format issue" in reminders


def test_codeowners_are_regenerated_after_each_merge_as_a_pull_request():
    workflow = by_name("codeowners.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    runs = [s.get("run", "") for s in all_steps(workflow)]
    assert "pastoral codeowners" in runs
    publish = next(run for run in runs if "gh pr create" in run)
    assert "git diff --quiet -- .github/CODEOWNERS" in publish and "bot/codeowners" in publish


def test_house_moves_run_on_every_pull_request_and_again_on_each_review():
    workflow = by_name("house-moves.yml")
    on = triggers(workflow)
    assert set(on) == {"pull_request", "pull_request_review"} and not set(on["pull_request"] or {}) & {"paths"}
    assert [job.get("name") for job in workflow["jobs"].values()] == ["house-moves"]
    gate = next(s["run"] for s in all_steps(workflow) if "pastoral reviewers" in s.get("run", ""))
    assert '--base "$BASE_SHA"' in gate and "--approved $APPROVED" in gate
