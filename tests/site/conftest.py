"""The sample school's intranet, built once per test session (most tests only read what it wrote)."""

from __future__ import annotations

import pytest
from tests.site.building import SampleSite, build_sample_site


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> SampleSite:
    return build_sample_site(tmp_path_factory.mktemp("intranet"))
