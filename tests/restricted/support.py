"""A copy of the sample school split into records and restricted records, and the restricted values to look for."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from tests.conftest import REPO


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
