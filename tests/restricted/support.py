"""A copy of the sample school split into records and restricted records, and the restricted values to look for."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import yaml
from tests.conftest import REPO, SAMPLE_AS_OF
from tests.site.building import copy_repository, set_plugin_option

from pastoral.cli import main

TUTOR, HOUSE, OTHER_HOUSE = "afernandes", "rowan", "birch"
"""The tutor and House whose builds the audience tests make, and a House they must not show."""


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def split_copy(root: Path, pastoral) -> tuple[Path, Path]:
    """Copy the sample school to ``root`` and split it: (records folder, restricted folder)."""
    shutil.copytree(REPO / "records", root / "records")
    shutil.copytree(REPO / "schemas", root / "schemas")
    code, out, err = pastoral("split", "--records", str(root / "records"), "--restricted", str(root / "restricted"))
    assert code == 0, out + err
    return root / "records", root / "restricted"


def restricted_values(records: Path) -> set[str]:
    """Every restricted value the sample's records hold that could be told apart in output: the texts of
    needs_considered and the DBS issue dates and levels other than 'enhanced'."""
    values = set()
    for path in (records / "assignments").glob("*.yml"):
        considered = yaml.safe_load(path.read_text(encoding="utf-8")).get("needs_considered")
        if considered:
            values.add(considered)
    for path in (records / "staff").glob("*.yml"):
        dbs = yaml.safe_load(path.read_text(encoding="utf-8")).get("dbs")
        if dbs:
            values.add(str(dbs["issued_on"]))
            if dbs["level"] != "enhanced":
                values.add(dbs["level"])
    return values


def build_audiences(folder: Path) -> dict:
    """The sample school copied to ``folder``, split, one tutee's needs shared with their tutor, and the staff,
    House and tutor builds made with the restricted records (under ``site/``)."""
    root = copy_repository(folder)
    set_plugin_option(root, "as_of", f"'{SAMPLE_AS_OF}'")
    config = root / "mkdocs.yml"
    config.write_text("site_url: https://intranet.school.example/\n" + config.read_text(encoding="utf-8"))
    pupils = {read(path)["id"]: read(path) for path in (root / "records/pupils").glob("*.yml")}
    assignments = [read(path) for path in (root / "records/assignments").glob("*.yml")]
    tutees = {a["pupil"] for a in assignments if a["staff"] == TUTOR and a["role"] == "tutor" and "to" not in a}
    considered = {a["needs_considered"] for a in assignments if a.get("needs_considered")}
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["split", "--records", str(root / "records"), "--restricted", str(root / "restricted")]) == 0
    shared = sorted(pupil for pupil in tutees if pupils[pupil].get("needs"))[0]
    with (root / "restricted/needs" / f"{shared}.yml").open("a", encoding="utf-8") as file:
        file.write("share_needs_with_tutor: true\n")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["audiences", "--config-file", str(config), "--site-dir", str(root / "site"), "--restricted",
                     str(root / "restricted"), "--only", "staff", "--only", f"house-{HOUSE}",
                     "--only", f"tutor-{TUTOR}"]) == 0
    return {"site": root / "site", "pupils": pupils, "tutees": tutees, "shared": shared, "considered": considered}
