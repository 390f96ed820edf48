"""Fixtures of the workflow tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.workflow.support import git


@pytest.fixture
def school_repo(school: Path) -> Path:
    """The sample school (records and schemas) as a Git repository with one commit on 'main'."""
    git(school, "init", "-q", "-b", "main")
    git(school, "config", "user.email", "tests@school.example")
    git(school, "config", "user.name", "Tests")
    git(school, "config", "commit.gpgsign", "false")
    git(school, "add", ".")
    git(school, "commit", "-q", "-m", "base")
    return school
