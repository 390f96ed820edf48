"""Retention periods as the IRMS Information Management Toolkit for Schools writes them.

A period is a date to count from and a length: "date of birth + 25 years",
"date of leaving + 6 years". ``school.yml``'s ``retention`` sets one per kind
and category of record; a key it leaves out takes the default below, which
follows the toolkit (see the README, Data protection, for the lines used).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pastoral.core.periods import add_months
from pastoral.core.workspace import UsageError

BIRTH, LEAVING, ANSWERED = "date of birth", "date of leaving", "date answered"
_PERIOD = re.compile(r"^\s*(date (?:of birth|of leaving|answered))\s*\+\s*([0-9]{1,2})\s+(years?|months?)\s*$")


@dataclass(frozen=True)
class Period:
    basis: str
    """What it counts from: ``date of birth``, ``date of leaving`` or ``date answered``."""
    months: int

    def __str__(self) -> str:
        years, months = divmod(self.months, 12)
        length = f"{years} year{'s' * (years != 1)}" if not months else f"{self.months} month{'s' * (self.months != 1)}"
        return f"{self.basis} + {length}"

    def ends(self, start: date) -> date:
        """The last day a record is kept, counting from ``start`` (the date of birth, leaving or answer)."""
        return add_months(start, self.months)


@dataclass(frozen=True)
class Category:
    key: str
    """Its key under ``retention`` in school.yml."""
    what: str
    default: Period
    source: str
    """Where the default comes from."""


TOOLKIT = "IRMS Information Management Toolkit for Schools (2019)"
CATEGORIES = {category.key: category for category in (
    Category("pupils", "pupil file: pupil record and tutor assignments", Period(BIRTH, 25 * 12),
             f"{TOOLKIT}, pupil's educational record (secondary school)"),
    Category("assignments", "tutor assignments", Period(BIRTH, 25 * 12),
             f"{TOOLKIT}, part of the pupil's educational record"),
    Category("sen", "SEN file: every record of a pupil with SEN support or an EHC plan", Period(BIRTH, 31 * 12),
             f"{TOOLKIT}, SEN files and EHC plans (a plan can run to age 25, plus 6 years' limitation period)"),
    Category("sessions", "mentoring sessions: targets, reviews, referrals", Period(BIRTH, 25 * 12),
             f"{TOOLKIT}, part of the pupil's educational record"),
    Category("waivers", "waivers about a pupil", Period(BIRTH, 25 * 12),
             f"{TOOLKIT}, part of the pupil's educational record"),
    Category("staff", "staff records, with their DBS check details", Period(LEAVING, 6 * 12),
             f"{TOOLKIT}, staff personal file: termination of employment + 6 years"),
    Category("subject_access_requests", "records of subject access requests", Period(ANSWERED, 12),
             "pastoral's default (the toolkit sets none): long enough to answer a complaint about the reply"),
)}
"""Every category, in the order ``pastoral retention`` and the README list them."""


def parse_period(value: int | str, key: str) -> Period:
    """A period from school.yml (already checked by the schema); a plain number is years after leaving."""
    if isinstance(value, int):
        return Period(LEAVING, value * 12)
    match = _PERIOD.match(value)
    if match is None:  # the schema's pattern is the same; this is only reached when schemas are not used
        raise UsageError(f"school.yml: retention {key}: '{value}' is not a period like 'date of birth + 25 years'")
    basis, number, unit = match.groups()
    return Period(basis, int(number) * (12 if unit.startswith("year") else 1))


def retention_policy(school: dict) -> dict[str, Period]:
    """Category key -> period: school.yml's ``retention`` over the defaults. ``assignments`` follows
    ``pupils`` unless set."""
    given = school.get("retention") or {}
    policy = {key: parse_period(given[key], key) if key in given else category.default
              for key, category in CATEGORIES.items()}
    if "assignments" not in given and "pupils" in given:
        policy["assignments"] = policy["pupils"]
    return policy


def from_school(school: dict, key: str) -> bool:
    """Whether school.yml sets ``key`` (otherwise the toolkit's default applies)."""
    return key in (school.get("retention") or {})
