"""Round-trip editing: a changed field changes one line; nothing else in the file moves."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from tests.conftest import write

from pastoral.core.workspace import UsageError
from pastoral.lifecycle.editing import ChangeSet, Document, new_record_text, yaml_value


def test_an_edit_changes_only_the_edited_line(tmp_path):
    text = "# top\nid: p0001   # aligned comment\nyear: 7\nneeds:\n  - eal\n\n# before the date\njoined_on: 2020-09-01\n"
    path = write(tmp_path, "p0001.yml", text)
    document = Document.load(path)
    document.set("year", 8)
    assert document.render() == text.replace("year: 7", "year: 8")


def test_windows_line_endings_are_kept(tmp_path):
    path = tmp_path / "p0001.yml"
    path.write_bytes(b"id: p0001\r\nyear: 7\r\nneeds:\r\n- eal\r\n")
    document = Document.load(path)
    document.set("year", 8)
    assert document.render() == "id: p0001\r\nyear: 8\r\nneeds:\r\n- eal\r\n"


def test_a_new_field_goes_after_the_field_named(tmp_path):
    path = write(tmp_path, "p0001.yml", "id: p0001\njoined_on: 2020-09-01\nneeds:\n  - eal\n")
    document = Document.load(path)
    document.set("left_on", date(2027, 7, 21), after="joined_on")
    assert document.render() == "id: p0001\njoined_on: 2020-09-01\nleft_on: 2027-07-21\nneeds:\n  - eal\n"


@pytest.mark.parametrize("text", ["yes", "On", "10:30", "1e3", "~", "#7", "7OA", "2026-09-01", "Ms O'Brien"])
def test_written_values_read_back_as_written_by_a_yaml_1_1_reader(text):
    written = new_record_text({"value": text})
    read = yaml.load(written, Loader=yaml.BaseLoader)["value"]  # the text as written, quotes removed
    assert read == text
    assert yaml.safe_load(written)["value"] == (date.fromisoformat(text) if text == "2026-09-01" else text)


def test_a_value_that_was_quoted_stays_quoted(tmp_path):
    path = write(tmp_path, "p.yml", "tutor_group: '7OA'\nhouse: \"oak\"\n")
    document = Document.load(path)
    document.set("tutor_group", "8OA")
    document.set("house", "ash")
    assert document.render() == "tutor_group: '8OA'\nhouse: \"ash\"\n"


def test_an_unchanged_document_is_not_written(tmp_path):
    path = write(tmp_path, "p.yml", "year: 7\n")
    before = path.stat().st_mtime_ns
    document = Document.load(path)
    document.set("year", 7)
    changes = ChangeSet()
    assert changes.edit(document) is False
    changes.write()
    assert len(changes) == 0 and path.stat().st_mtime_ns == before


def test_written_files_leave_no_temporary_file_behind(tmp_path):
    path = write(tmp_path, "p.yml", "year: 7\n")
    document = Document.load(path)
    document.set("year", 8)
    changes = ChangeSet()
    changes.edit(document)
    changes.create(tmp_path / "new" / "q.yml", "year: 9\n")
    changes.write()
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["p.yml", "q.yml"]
    assert path.read_text() == "year: 8\n"


def test_creating_over_an_existing_file_is_refused(tmp_path):
    path = write(tmp_path, "p.yml", "year: 7\n")
    with pytest.raises(UsageError, match="already exists"):
        ChangeSet().create(path, "year: 8\n")


def test_a_file_that_is_not_yaml_is_a_usage_error(tmp_path):
    path = write(tmp_path, "p.yml", "year: [7\n")
    with pytest.raises(UsageError, match="cannot edit .*p.yml"):
        Document.load(path)


def test_a_file_that_is_not_utf8_is_a_usage_error(tmp_path):
    path = tmp_path / "p.yml"
    path.write_bytes("name: Zoë\n".encode("latin-1"))
    with pytest.raises(UsageError, match="cannot read .*p.yml for editing"):
        Document.load(path)


def test_yaml_value_writes_dates_plain():
    assert yaml_value("2026-09-01") == date(2026, 9, 1)
    assert yaml_value("8OA") == "8OA"
