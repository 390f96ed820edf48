"""``pastoral split``: restricted fields move out with their comments, nothing else changes, and a second run changes nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from tests.conftest import REPO, write
from tests.restricted.support import split_copy


def snapshot(*folders: Path) -> dict[str, str]:
    return {str(path): hashlib.sha1(path.read_bytes()).hexdigest()
            for folder in folders if folder.exists() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_the_sample_splits_into_needs_considerations_and_dbs_and_loses_nothing(tmp_path, pastoral):
    records, restricted = split_copy(tmp_path, pastoral)
    for path in (REPO / "records").rglob("*.yml"):
        before = yaml.safe_load(path.read_text(encoding="utf-8"))
        relative = path.relative_to(REPO / "records")
        after = yaml.safe_load((records / relative).read_text(encoding="utf-8"))
        folder = {"pupils": "needs", "assignments": "considerations", "staff": "dbs"}.get(relative.parts[0])
        moved_file = restricted / folder / relative.name if folder else None
        moved = yaml.safe_load(moved_file.read_text(encoding="utf-8")) if moved_file and moved_file.exists() else {}
        assert {**after, **moved} == {**before, **({"cleared_to_tutor": after["cleared_to_tutor"]}
                                                   if "cleared_to_tutor" in after else {}),
                                      **({"restricted_records": "separate"} if relative.name == "school.yml" else {})}
        assert not {"needs", "needs_considered", "dbs"} & set(after)
        assert moved.get("id") == (before["id"] if moved else None)


def test_a_second_run_changes_nothing(tmp_path, pastoral):
    records, restricted = split_copy(tmp_path, pastoral)
    before = snapshot(records, restricted)
    code, out, _ = pastoral("split", "--records", str(records), "--restricted", str(restricted))
    assert code == 0 and "nothing to change" in out
    assert snapshot(records, restricted) == before


def test_comments_go_with_the_fields_they_describe_and_the_rest_stays(empty_school, pastoral):
    write(empty_school, "records/pupils/p0042.yml", """\
        # Pupil record
        id: p0042
        name: Mei Chen  # known as Mei
        year: 8
        house: oak
        tutor_group: 8OK1
        # agreed with the SENCO in July
        needs:
          - eal  # new to English
        joined_on: 2025-09-03
        """)
    code, out, err = pastoral("split", "--records", str(empty_school / "records"), "--restricted",
                              str(empty_school / "restricted"))
    assert code == 0, out + err
    assert (empty_school / "records/pupils/p0042.yml").read_text() == (
        "# Pupil record\nid: p0042\nname: Mei Chen  # known as Mei\nyear: 8\nhouse: oak\ntutor_group: 8OK1\n"
        "joined_on: 2025-09-03\n")
    assert (empty_school / "restricted/needs/p0042.yml").read_text() == (
        "id: p0042\n# agreed with the SENCO in July\nneeds:\n  - eal  # new to English\n")


def test_a_dry_run_shows_the_diff_and_writes_nothing(tmp_path, school, pastoral):
    before = snapshot(school / "records")
    code, out, _ = pastoral("split", "--records", str(school / "records"), "--restricted", str(school / "restricted"),
                            "--dry-run")
    assert code == 0 and "-needs:" in out and "+restricted_records: separate" in out
    assert snapshot(school / "records") == before and not (school / "restricted").exists()


def test_a_field_already_kept_with_another_value_stops_the_split_and_changes_nothing(school, pastoral):
    write(school, "restricted/needs/p0001.yml", "id: p0001\nneeds:\n  - eal\n")
    before = snapshot(school / "records", school / "restricted")
    code, out, err = pastoral("split", "--records", str(school / "records"), "--restricted", str(school / "restricted"))
    assert code == 2
    assert "records/pupils/p0001.yml" in err and "different values" in err and "nothing was changed" in err
    assert "sen-support" not in err + out
    assert snapshot(school / "records", school / "restricted") == before


def test_a_tutor_keeps_a_clearance_date_from_their_assignments_and_no_dbs_detail(tmp_path, pastoral):
    records, restricted = split_copy(tmp_path, pastoral)
    staff = yaml.safe_load((records / "staff/afernandes.yml").read_text())
    dbs = yaml.safe_load((restricted / "dbs/afernandes.yml").read_text())["dbs"]
    starts = [yaml.safe_load(path.read_text())["from"] for path in (records / "assignments").glob("*.yml")
              if yaml.safe_load(path.read_text())["staff"] == "afernandes"]
    assert str(staff["cleared_to_tutor"]) == min(str(s) for s in starts if str(s) >= str(dbs["issued_on"]))
