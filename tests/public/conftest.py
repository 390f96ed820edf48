"""Public builds of a private copy of the repository (records, schemas, handbook, both MkDocs configs).

Builds run MkDocs in-process, as ``mkdocs build --strict -f mkdocs.public.yml``
does; a failed build's message is what MkDocs logs, returned by ``build_fails``.
"""

from __future__ import annotations

import io
import logging
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from PIL import Image, PngImagePlugin
from tests.conftest import REPO

PUBLIC_CONFIG = "mkdocs.public.yml"
SITE_SOURCES = ("handbook", "mkdocs.yml", PUBLIC_CONFIG)


def png(**text: str) -> bytes:
    """A small PNG image, with ``text`` in its text chunks."""
    info = PngImagePlugin.PngInfo()
    for key, value in text.items():
        info.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def copy_sources(root: Path) -> Path:
    """Add the handbook and both MkDocs configs to a repository copy at ``root``."""
    for name in SITE_SOURCES:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    return root


def build_public(root: Path, config: str = PUBLIC_CONFIG) -> Path:
    """Build the public site of the repository at ``root``; returns the site folder."""
    settings = load_config(str(root / config), strict=True)
    build(settings)
    return Path(settings.site_dir)


def build_fails(root: Path, caplog, config: str = PUBLIC_CONFIG) -> str:
    """Build the public site, expecting MkDocs to stop; returns the errors it logged."""
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        build_public(root, config)
    return "\n".join(record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR)


@pytest.fixture
def project(school: Path) -> Path:
    """A copy of the repository (sample school, schemas, handbook, configs) to change and build."""
    return copy_sources(school)


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    """The public site of the sample school, built once per test module from an untouched copy."""
    root = tmp_path_factory.mktemp("sample")
    for name in ("records", "schemas"):
        shutil.copytree(REPO / name, root / name)
    return build_public(copy_sources(root))
