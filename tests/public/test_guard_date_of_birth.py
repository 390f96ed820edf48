"""The privacy guard finds a pupil's date of birth on the public site, however the page writes the date."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import write

from pastoral.privacy import check_public_site


@pytest.fixture
def records(empty_school: Path) -> Path:
    write(empty_school, "records/school.yml", "name: Hillside School\n")
    write(empty_school, "records/pupils/p0042.yml", "id: p0042\nname: Mei Chen\ndate_of_birth: 2011-02-14\n")
    return empty_school


def found(root: Path, text: str) -> list[str]:
    site = root / "public-site"
    site.mkdir(exist_ok=True)
    (site / "index.html").write_text(f"<!doctype html>\n<html lang=en>\n<body>\n<p>{text}</p>\n</body>\n</html>\n")
    return [finding.message for finding in check_public_site(site, root / "records")]


@pytest.mark.parametrize("written", ["2011-02-14", "14/02/2011", "14 February 2011", "14 feb 2011"])
def test_a_date_of_birth_is_found_however_it_is_written(records, written):
    [message] = found(records, f"Born on {written}.")
    assert message.startswith("pupil date of birth") and "records/pupils/p0042.yml" in message


def test_other_dates_are_not_taken_for_a_date_of_birth(records):
    assert found(records, "Term starts on 2011-02-15; the office opened on 14 February 2012.") == []
