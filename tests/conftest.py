"""Fixtures shared by the whole suite: a private copy of the sample school, and the CLI run in-process."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from pastoral.cli import main
from pastoral.reading import cache as parsecache

REPO = Path(__file__).resolve().parent.parent
SAMPLE_AS_OF = "2026-11-20"
"""The date the bundled sample school is frozen on (see the Makefile)."""


@pytest.fixture(autouse=True)
def _not_on_a_ci_runner(monkeypatch):
    """Tests run as on a teacher's machine, even on a CI runner: there the parse cache would move outside the
    repository (see ``pastoral.reading.cache.cache_directory``); the tests of that set these themselves."""
    for name in ("GITHUB_ACTIONS", "CI", "RUNNER_TEMP", "PASTORAL_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def school(tmp_path: Path) -> Path:
    """A copy of the sample school (records/ and schemas/) in a temporary folder; returns its root."""
    shutil.copytree(REPO / "records", tmp_path / "records")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    return tmp_path


@pytest.fixture
def empty_school(tmp_path: Path) -> Path:
    """A repository root with the schemas and an empty records/ folder, for records written in a test."""
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    (tmp_path / "records").mkdir()
    return tmp_path


def link_editor(root: Path) -> None:
    """Give a copied site the editor's application (``npm ci`` beside mkdocs.yml), as the repository has it."""
    (root / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)


def write(root: Path, relative: str, text: str) -> Path:
    """Write a file (dedented) under ``root``, creating folders; returns its path."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def pastoral(capsys, monkeypatch):
    """Run ``pastoral ARGS`` in-process from a folder; returns (exit code, stdout, stderr)."""

    def run(*args: str, cwd: Path | None = None):
        if cwd is not None:
            monkeypatch.chdir(cwd)
        try:
            code = main(list(args))
        except SystemExit as exit:  # argparse usage errors
            code = exit.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def troubled(school: Path, monkeypatch) -> Path:
    """The sample school with problems of several sorts, its files noted by the cache however recent."""
    monkeypatch.setattr(parsecache, "RECENT_NS", 0)  # the files were copied a moment ago
    monkeypatch.setenv("PASTORAL_WORKERS", "1")
    write(school, "records/pupils/p0001.yml", "id: p0001\nname: [unclosed\n")
    (school / "records/assignments/p0003-1.yml").unlink()
    write(school, "records/notes.txt", "a stray file\n")
    return school
