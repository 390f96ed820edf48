"""The school's thresholds for the rules, from ``school.yml`` with the catalogue's defaults."""

from __future__ import annotations

from dataclasses import dataclass, fields

KEY_STAGES = {7: "KS3", 8: "KS3", 9: "KS3", 10: "KS4", 11: "KS4", 12: "KS5", 13: "KS5"}


@dataclass(frozen=True)
class Policy:
    guarantee_from_year: int = 7
    meetings_per_year: int = 3
    meeting_key_stages: tuple[str, ...] = ("KS3", "KS4")
    inform_within_days: int = 10
    planner_signed_within_days: int = 14
    dbs_recheck_years: int | None = 3
    sixth_form: bool = True
    """Whether Year 11 stay on into Years 12 and 13; without a sixth form, Year 11 is the last year."""
    import_below_guarantee: bool = False
    """Whether ``pastoral import`` keeps records of pupils below ``guarantee_from_year`` (an all-through
    school's primary years); by default their rows are skipped and counted."""

    @classmethod
    def from_school(cls, school: dict) -> Policy:
        given = school.get("policy") or {}
        values = {f.name: given[f.name] for f in fields(cls) if f.name in given}
        if "meeting_key_stages" in values:
            values["meeting_key_stages"] = tuple(values["meeting_key_stages"])
        return cls(**values)

    @property
    def final_year(self) -> int:
        """The last year group: its pupils leave at the rollover."""
        return 13 if self.sixth_form else 11

    def meets_yearly(self, year: int) -> bool:
        """Whether pupils of this year group must have the yearly mentoring sessions."""
        return KEY_STAGES.get(year) in self.meeting_key_stages
