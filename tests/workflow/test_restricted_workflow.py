"""The two repositories' CI: the tutor-facing workflows hold no secret; the restricted repository's workflow
(a file the school copies there) reads the tutor-facing repository read-only and runs every rule."""

from __future__ import annotations

import shutil

from tests.conftest import REPO, SAMPLE_AS_OF
from tests.restricted.support import split_copy
from tests.workflow.support import GITHUB, WORKFLOWS, git, load, run_step, step, triggers
from tests.workflow.test_workflow_files import PINNED, check_jsonschema

RESTRICTED_WORKFLOW = GITHUB / "restricted-repository" / "workflows" / "check.yml"


def test_the_restricted_workflow_matches_githubs_schema_and_pins_its_actions():
    for schema in ("vendor.github-workflows", "custom.github-workflows-require-timeout"):
        done = check_jsonschema(schema, RESTRICTED_WORKFLOW)
        assert done.returncode == 0, done.stdout + done.stderr
    for line in RESTRICTED_WORKFLOW.read_text(encoding="utf-8").splitlines():
        used = line.split("uses: ", 1)[1] if "uses: " in line else None
        assert used is None or used.startswith("./") or PINNED.match(used), used


def test_the_tutor_facing_workflows_that_run_on_pull_requests_hold_no_secret():
    """A pull request's code runs in these: no secret may be within its reach. (The codeowners workflow,
    which runs only after a merge to main, may use a token that opens its pull request.)"""
    for path in WORKFLOWS:
        if "pull_request" in triggers(load(path)):
            assert "secrets." not in path.read_text(encoding="utf-8"), path.name


def test_the_restricted_workflow_runs_on_pull_requests_and_nightly_and_reads_the_other_repository_read_only():
    workflow = load(RESTRICTED_WORKFLOW)
    assert {"pull_request", "schedule"} <= set(triggers(workflow))
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["check"]["steps"]
    app = step(steps, "app")
    assert app["with"]["permission-contents"] == "read" and "repositories" in app["with"]
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)
    assert checkouts[0]["with"]["ref"] == "main" and "token" in checkouts[0]["with"]
    assert "--restricted pastoral-restricted/restricted" in step(steps, "check")["run"]


def test_the_restricted_check_step_runs_every_rule_on_the_layout_the_workflow_checks_out(tmp_path, pastoral):
    records, restricted = split_copy(tmp_path / "split", pastoral)
    workspace = tmp_path / "workspace"
    shutil.copytree(records, workspace / "records")
    shutil.copytree(REPO / "schemas", workspace / "schemas")
    shutil.copytree(restricted, workspace / "pastoral-restricted/restricted")
    side = workspace / "pastoral-restricted"
    git(side, "init", "-q", "-b", "main")
    git(side, "add", "-A")
    git(side, "-c", "user.name=T", "-c", "user.email=t@t.example", "-c", "commit.gpgsign=false", "commit", "-qm", "r")
    script = step(load(RESTRICTED_WORKFLOW)["jobs"]["check"]["steps"], "check")["run"]
    for base in ("", git(side, "rev-parse", "HEAD")):
        done = run_step(script, workspace, {"PASTORAL_AS_OF": SAMPLE_AS_OF, "BASE_SHA": base})
        assert done.returncode == 0, done.stdout + done.stderr
        assert "not-checked" not in done.stdout and "pastoral check: OK" in done.stdout
    (side / "restricted/considerations/p0001-1.yml").write_text("id: p0001-1\nneeds_considered: ''\n")
    done = run_step(script, workspace, {"PASTORAL_AS_OF": SAMPLE_AS_OF, "BASE_SHA": git(side, "rev-parse", "HEAD")})
    assert done.returncode == 1
    assert "::error file=restricted/considerations/p0001-1.yml,line=2" in done.stdout
