"""Real intranet builds (MkDocs + Material, in-process): of a copy of this repository, or of a
one-page site beside a copy of the records.

Shared by the site tests and the browser tests. The sample school build has a
problem planted so that the pages have something to show: one Year 8 pupil's
only tutor assignment is deleted, and that pupil's name is full of Markdown
and HTML.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from tests.conftest import REPO, SAMPLE_AS_OF, link_editor, write

TRICKY_NAME = "Zoë <b>O'Neil</b> *Star* | [x](y) `z`"
"""A name that would break a Markdown table or inject HTML if it were not escaped."""


def copy_repository(dest: Path) -> Path:
    """The sample school's records and schemas, mkdocs.yml and the handbook, copied into ``dest``; the
    editor's application (``npm ci``) is linked, not copied."""
    for folder in ("records", "schemas", "handbook"):
        shutil.copytree(REPO / folder, dest / folder)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    link_editor(dest)
    return dest


def set_plugin_option(root: Path, option: str, value: str) -> None:
    """Add an option under the pastoral plugin in ``root/mkdocs.yml``, as a user would."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      audience: intranet\n", f"      audience: intranet\n      {option}: {value}\n"),
                      encoding="utf-8")


def build_site(root: Path, **overrides) -> Path:
    """Build ``root/mkdocs.yml`` strictly, as ``mkdocs build --strict`` does; returns the site folder."""
    config = load_config(str(root / "mkdocs.yml"), strict=True, **overrides)
    build(config)
    return Path(config.site_dir)


SMALL_SITE = """\
site_name: Test intranet
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - pastoral:
      records: {records}
{options}"""


def small_site(root: Path, records: str = "records", options: str = "") -> Path:
    """A one-page site at ``root`` (beside the records the ``school`` fixture copied there)."""
    write(root, "docs/index.md", "# Home\n")
    option_lines = "".join(f"      {line}\n" for line in options.splitlines())
    return write(root, "mkdocs.yml", SMALL_SITE.format(records=records, options=option_lines))


def read_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class SampleSite:
    root: Path
    site: Path
    planted_pupil: dict
    """The Year 8 pupil left with no tutor (their record, as read from YAML)."""

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


def plant_pupil_without_tutor(records: Path) -> dict:
    """Delete the only assignment of the first Year 8 pupil on roll with one, and give them a tricky name."""
    assignments = {}
    for path in sorted((records / "assignments").glob("*.yml")):
        assignments.setdefault(read_yaml(path)["pupil"], []).append(path)
    for path in sorted((records / "pupils").glob("*.yml")):
        pupil = read_yaml(path)
        if pupil["year"] == 8 and len(assignments.get(pupil["id"], [])) == 1 and "left_on" not in pupil:
            assignments[pupil["id"]][0].unlink()
            pupil["name"] = TRICKY_NAME
            path.write_text(yaml.safe_dump(pupil, allow_unicode=True, sort_keys=False), encoding="utf-8")
            return pupil
    raise AssertionError("the sample school has no Year 8 pupil with a single assignment")


def build_sample_site(dest: Path) -> SampleSite:
    """The sample school's intranet with a pupil left without a tutor, built as on the sample's date."""
    root = copy_repository(dest)
    pupil = plant_pupil_without_tutor(root / "records")
    set_plugin_option(root, "as_of", f"'{SAMPLE_AS_OF}'")
    return SampleSite(root, build_site(root), pupil)


def late_school_site(tmp_path_factory) -> Path:
    """The 2,000-pupil school of bench/house_page.py built as on its late date (10 April 2027), once per
    test session however many fixtures ask (the site tests and the browser tests share it)."""
    from bench.house_page import build, late_school

    root = tmp_path_factory.getbasetemp() / "late-school"
    site = root / "site"
    if not (site / "status" / "index.html").exists():
        build(late_school(root))
    return site


def check_json(records: Path, as_of: str) -> list[dict]:
    """What ``pastoral check --format json`` reports, run as a separate process as CI runs it."""
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "pastoral", "check", "--records", str(records), "--as-of", as_of,
                           "--format", "json"], capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)
