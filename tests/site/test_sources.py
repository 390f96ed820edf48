"""What the plugin reads (the date; for the public site, school.yml and no other record) and how it links records."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from pastoral.core.workspace import Workspace
from pastoral.site.render import Links
from pastoral.site.sources import as_of_date, school_profile

_opened: list[Path] | None = None


def _watch_opens(event: str, args: tuple) -> None:
    if event == "open" and _opened is not None and isinstance(args[0], (str, Path)):
        _opened.append(Path(args[0]).resolve())


sys.addaudithook(_watch_opens)  # audit hooks cannot be removed: it records only inside files_opened()


@contextmanager
def files_opened():
    """Every file Python opens inside the block (through Python's audit events: nothing is replaced)."""
    global _opened
    _opened = opened = []
    try:
        yield opened
    finally:
        _opened = None


def test_the_school_profile_is_read_without_opening_any_other_record(school):
    with files_opened() as opened:
        profile = school_profile(Workspace.at(school / "records"))
    records = [path for path in opened if (school / "records") in path.parents]

    assert profile["name"] == "Fernhill Academy"
    assert records == [(school / "records/school.yml").resolve()]


def test_a_broken_school_profile_stops_the_public_build_at_its_line(school):
    path = school / "records/school.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: Fernhill Academy", "name: ''"), encoding="utf-8")
    with pytest.raises(PluginError, match=r"pastoral: cannot read the school profile: records/school\.yml:1: name"):
        school_profile(Workspace.at(school / "records"))


@pytest.mark.parametrize(("option", "environ", "expected"), [
    (date(2026, 11, 20), {"PASTORAL_AS_OF": "2027-01-01"}, date(2026, 11, 20)),
    ("2026-11-20", {}, date(2026, 11, 20)),
    (None, {"PASTORAL_AS_OF": " 2026-11-21 "}, date(2026, 11, 21)),
    (None, {"PASTORAL_AS_OF": ""}, "today"),
    (None, {}, "today"),
])
def test_the_date_comes_from_the_option_then_the_environment_then_today(option, environ, expected):
    before = date.today()  # today is worked out when the test runs, which may be after midnight
    found = as_of_date(option, environ, "mkdocs.yml")
    assert before <= found <= date.today() if expected == "today" else found == expected


def test_record_links_open_the_file_in_the_repository_editor():
    repo = "https://github.com/our-school/pastoral-records"
    in_handbook = Links.of(repo, "edit/main/handbook/", "/repo/handbook", Path("/repo"))
    at_root = Links.of(repo + "/", "edit/main/", "/repo", Path("/repo"))

    assert in_handbook.record("records/pupils/p0042.yml") == f"{repo}/edit/main/records/pupils/p0042.yml"
    assert at_root.record("records/pupils/p0042.yml") == f"{repo}/edit/main/records/pupils/p0042.yml"
    assert Links.of(None, None, "/repo/handbook", Path("/repo")).record("records/pupils/p0042.yml") is None
