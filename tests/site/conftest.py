"""The sample school's intranet, built once per test session (most tests only read what it wrote)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.site.building import SampleSite, build_sample_site, late_school_site


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> SampleSite:
    return build_sample_site(tmp_path_factory.mktemp("intranet"))


@pytest.fixture(scope="session")
def late_site(tmp_path_factory) -> Path:
    """The built intranet of a 2,000-pupil school (about 500 a House) as on 10 April 2027."""
    return late_school_site(tmp_path_factory)
