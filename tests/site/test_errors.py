"""What goes wrong says so in one line: a PluginError naming the action, the file or option, and the cause."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from tests.conftest import SAMPLE_AS_OF
from tests.site.building import build_site, small_site


def start(config_file: Path):
    """Load the configuration and run the plugins' first event, as a build starts."""
    config = load_config(str(config_file))
    config.plugins.on_config(config)
    return config


def test_a_missing_records_folder_names_the_folder_and_the_option_to_set(tmp_path):
    config_file = small_site(tmp_path, records="no-such-folder")
    with pytest.raises(PluginError) as raised:
        start(config_file)
    message = str(raised.value)
    assert message.startswith("pastoral: cannot read the records: the folder ")
    assert f"'{tmp_path / 'no-such-folder'}' does not exist" in message
    assert f"set the option 'records' of the pastoral plugin in {config_file}" in message


def test_an_as_of_that_is_not_a_date_names_the_option_and_the_file(tmp_path):
    config_file = small_site(tmp_path, options="as_of: 'next Tuesday'")
    with pytest.raises(PluginError, match="cannot work out the date the status pages are for: the option 'as_of' "
                       f"of the pastoral plugin in {config_file} is 'next Tuesday', which is not a date in the form "
                       "YYYY-MM-DD"):
        start(config_file)


def test_a_bad_date_in_the_environment_names_the_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("PASTORAL_AS_OF", "2026-13-45")
    with pytest.raises(PluginError, match="the environment variable PASTORAL_AS_OF is '2026-13-45', which is not a date"):
        start(small_site(tmp_path))


def test_the_as_of_option_wins_over_the_environment(school, monkeypatch):
    monkeypatch.setenv("PASTORAL_AS_OF", "2026-13-45")
    site = build_site(small_site(school, options=f"as_of: {SAMPLE_AS_OF}").parent)
    assert "as on <strong>20 November 2026</strong>" in (site / "status/index.html").read_text(encoding="utf-8")


def test_broken_schemas_stop_the_build_naming_the_schema(school):
    (school / "schemas/pupil.schema.json").write_text("{ not json", encoding="utf-8")
    config = start(small_site(school))
    with pytest.raises(PluginError, match=r"pastoral: cannot check the records in '.*records': cannot use the "
                                          r"schema .*pupil\.schema\.json"):
        config.plugins.on_files(Files([]), config=config)


def test_a_disabled_plugin_adds_nothing_and_needs_no_records(tmp_path):
    config_file = small_site(tmp_path, records="no-such-folder", options="enabled: false")
    site = build_site(config_file.parent)
    assert (site / "index.html").is_file() and not (site / "status").exists()


def mkdocs_build(root: Path, as_of: str) -> subprocess.CompletedProcess:
    """``PASTORAL_AS_OF=... mkdocs build --strict`` in ``root``, as ``make demo`` runs it."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    return subprocess.run([str(mkdocs), "build", "--strict", "--quiet"], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "PASTORAL_AS_OF": as_of})


def test_the_command_line_build_takes_its_date_from_the_environment(school):
    small_site(school)
    done = mkdocs_build(school, SAMPLE_AS_OF)
    assert done.returncode == 0, done.stderr
    assert "as on <strong>20 November 2026</strong>" in (school / "site/status/index.html").read_text(encoding="utf-8")


def test_the_command_line_build_stops_with_one_line_and_no_traceback(school):
    small_site(school)
    done = mkdocs_build(school, "2026-13-45")
    assert done.returncode == 1
    assert "pastoral: cannot work out the date the status pages are for: the environment variable PASTORAL_AS_OF " \
           "is '2026-13-45'" in done.stderr
    assert "Traceback" not in done.stderr
