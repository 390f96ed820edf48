"""What the workflow tests share: the workflow files as data, the venv's commands, Git."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from tests.conftest import REPO

GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
SETUP_ACTION = GITHUB / "actions" / "setup-pastoral" / "action.yml"
VENV_BIN = Path(sys.executable).parent
"""Where the venv's console scripts (pastoral, check-jsonschema) live."""


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The 'on:' section (YAML 1.1, which PyYAML reads, turns the bare key 'on' into True)."""
    on = workflow.get("on", workflow.get(True))
    return {name: None for name in on} if isinstance(on, list) else on


def step(steps: list[dict], step_id: str) -> dict:
    return next(s for s in steps if s.get("id") == step_id)


def run_step(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run a step's ``run:`` script with bash, as a GitHub-hosted runner does, using this venv's commands."""
    full_env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}", **env}
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=full_env, capture_output=True, text=True)


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()
