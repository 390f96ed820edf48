"""The school's thresholds for the rules, from ``school.yml`` with the catalogue's defaults."""

from __future__ import annotations

from dataclasses import dataclass, fields

KEY_STAGES = {1: "KS1", 2: "KS1", 3: "KS2", 4: "KS2", 5: "KS2", 6: "KS2",
              7: "KS3", 8: "KS3", 9: "KS3", 10: "KS4", 11: "KS4", 12: "KS5", 13: "KS5"}
"""Year group -> key stage; an all-through school records its primary years too."""


@dataclass(frozen=True)
class Policy:
    guarantee_from_year: int = 7
    meetings_per_year: int = 3
    meeting_key_stages: tuple[str, ...] = ("KS3", "KS4")
    waiver_max_days: int = 126
    """The longest a waiver may run, 'from' to 'until': one term (the autumn term with its holiday is 18 weeks)."""
    needs_considered_min_words: int = 3
    """The fewest words of its own a 'needs_considered' note has, besides refused placeholders."""
    refused_answers: tuple[str, ...] = ()
    """The school's own words that are no answer in 'needs_considered', added to the built-in ones."""
    refused_contacts: tuple[str, ...] = ()
    """The school's own words that name no person in a referral contact, added to the built-in ones."""
    tutors_may_cross_houses: bool = False
    """Whether a pupil's tutor may work in another House than the pupil's."""
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
        for name in ("meeting_key_stages", "refused_answers", "refused_contacts"):
            if name in values:
                values[name] = tuple(values[name])
        return cls(**values)

    @property
    def final_year(self) -> int:
        """The last year group: its pupils leave at the rollover."""
        return 13 if self.sixth_form else 11

    def meets_yearly(self, year: int) -> bool:
        """Whether pupils of this year group must have the yearly mentoring sessions."""
        return KEY_STAGES.get(year) in self.meeting_key_stages

    def guarantees(self, year: int) -> bool:
        """Whether pupils of this year group have the Pupil Guarantee (Year 7 and above, by default)."""
        return year >= self.guarantee_from_year
