"""A tiny school that breaks no rule on 2026-11-20, as plain data, so each rule test changes one thing.

One House (oak) with its Head of House (hoh), a Year 8 tutor (tut) with an associate
(assoc), and one Year 8 pupil (p0042) with a tutor, told at once, and one session in
Autumn 1 that set a target and was signed for. Tests change ``tiny.records`` (file ->
data) and call ``tiny.check()``, which writes the files and runs ``pastoral check``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

AS_OF = "2026-11-20"


def half_terms(year: int) -> list[dict]:
    """Six half-terms of the academic year starting in September of ``year``."""
    dates = [("Autumn 1", "autumn", "09-03", "10-23"), ("Autumn 2", "autumn", "11-02", "12-18"),
             ("Spring 1", "spring", "01-05", "02-12"), ("Spring 2", "spring", "02-22", "03-26"),
             ("Summer 1", "summer", "04-12", "05-28"), ("Summer 2", "summer", "06-07", "07-21")]
    return [{"name": name, "term": term, "starts": f"{year + (term != 'autumn')}-{starts}",
             "ends": f"{year + (term != 'autumn')}-{ends}"} for name, term, starts, ends in dates]


def staff(staff_id: str, roles: list[str], **fields) -> dict:
    return {"id": staff_id, "name": f"Ms {staff_id.title()}", "email": f"{staff_id}@test.example", "roles": roles,
            "house": "oak", **fields}


DBS = {"level": "enhanced", "barred_list": True, "issued_on": "2025-06-01"}


def compliant_records() -> dict[str, dict]:
    return {
        "school.yml": {
            "name": "Tiny School", "academic_year": "2026-27",
            "calendar": [{"academic_year": "2025-26", "half_terms": half_terms(2025)},
                         {"academic_year": "2026-27", "half_terms": half_terms(2026)}],
            "contacts": [{"role": "School office", "email": "office@test.example"}],
        },
        "reviews/2025-26.yml": {"id": "2025-26", "completed_on": "2026-07-15", "reviewed_by": ["hoh"],
                                "summary": "Sessions were held and targets reviewed."},
        "houses/oak.yml": {"id": "oak", "name": "Oak House", "head_of_house": "hoh", "tutor_room": "Room O1"},
        "staff/hoh.yml": staff("hoh", ["head-of-house"]),
        "staff/tut.yml": staff("tut", ["tutor"], year_group=8, tutor_group="8OA", line_manager="hoh",
                               associate="assoc", dbs=dict(DBS), joined_on="2020-09-01"),
        "staff/assoc.yml": staff("assoc", ["associate-tutor"], line_manager="hoh", dbs=dict(DBS)),
        "pupils/p0042.yml": {"id": "p0042", "name": "Amara Okafor", "year": 8, "house": "oak", "tutor_group": "8OA",
                             "joined_on": "2025-09-03"},
        "assignments/p0042-1.yml": {"id": "p0042-1", "pupil": "p0042", "staff": "tut", "role": "tutor",
                                    "from": "2025-09-03", "informed_on": "2025-09-04"},
        "sessions/2026-27/2026-10-05-p0042.yml": session("2026-10-05", targets=[
            {"id": "t1", "text": "Hand in every homework on time", "review_by": "2026-12-18"}]),
    }


def session(date: str, pupil: str = "p0042", **fields) -> dict:
    return {"id": f"{date}-{pupil}", "pupil": pupil, "tutor": "tut", "date": date, "location": "Room O1",
            "planner_signed_on": date, **fields}


class TinySchool:
    def __init__(self, root: Path):
        self.root = root
        self.records = compliant_records()
        self.raw: dict[str, str] = {}
        """Files written as given (for records no YAML dumper would write), relative to records/."""

    def write(self) -> Path:
        folder = self.root / "records"
        shutil.rmtree(folder, ignore_errors=True)
        for relative, data in self.records.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        for relative, text in self.raw.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(text, encoding="utf-8")
        return folder

    def check(self, pastoral, as_of: str = AS_OF) -> tuple[int, list[dict]]:
        """Write the records, run ``pastoral check --format json``: (exit code, findings)."""
        code, out, err = pastoral("check", "--records", str(self.write()), "--as-of", as_of, "--format", "json")
        assert code in (0, 1), err
        return code, json.loads(out)

    def findings(self, pastoral, rule: str, as_of: str = AS_OF) -> list[dict]:
        """The findings of one rule."""
        return [finding for finding in self.check(pastoral, as_of)[1] if finding["rule"] == rule]


@pytest.fixture
def tiny(empty_school: Path) -> TinySchool:
    return TinySchool(empty_school)
