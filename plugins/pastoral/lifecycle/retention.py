"""Retention as code: which records are past the period ``school.yml`` keeps them for.

``retention`` in school.yml gives, per kind (pupils, assignments, sessions), the
years a record is kept after its pupil leaves. A kind it leaves out is kept for
good. A pupil's own record is kept as long as any of their other records is, so
that what is kept never refers to a pupil who is gone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from pastoral.core.record import Record
from pastoral.core.store import RecordStore

KINDS = {"assignments": "assignment", "sessions": "session"}
"""The kinds kept per pupil besides the pupil record itself, by their key in ``retention``."""


@dataclass(frozen=True)
class Expired:
    """A record past its retention period."""

    file: str
    """Path relative to the repository root."""
    pupil: str
    left_on: date
    kept_until: date


def years_after(day: date, years: int) -> date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def past_retention(store: RecordStore, as_of: date) -> list[Expired]:
    """Every record of a pupil who has left that is past its kind's period on ``as_of``."""
    policy = store.school.get("retention") or {}
    by_pupil: dict[str, dict[str, list[Record]]] = defaultdict(lambda: defaultdict(list))
    for key, kind in KINDS.items():
        for record in store.all[kind]:
            by_pupil[record.data["pupil"]][key].append(record)
    expired = []
    for pupil in store.all["pupil"]:
        if "left_on" not in pupil.data:
            continue
        left_on = date.fromisoformat(pupil.data["left_on"])
        kept = {key: years_after(left_on, policy[key]) if key in policy else date.max
                for key in ("pupils", *KINDS)}
        for key in KINDS:
            expired.extend(Expired(record.file, pupil.id, left_on, kept[key])
                           for record in by_pupil[pupil.id][key] if as_of > kept[key])
        # The pupil record goes last: only once none of the pupil's other records is kept.
        kept_until = max([kept["pupils"]] + [kept[key] for key in KINDS if by_pupil[pupil.id][key]])
        if as_of > kept_until:
            expired.append(Expired(pupil.file, pupil.id, left_on, kept_until))
    return sorted(expired, key=lambda item: item.file)


def unset_periods(store: RecordStore) -> list[str]:
    """The kinds school.yml's ``retention`` gives no period for: those records are kept for good."""
    policy = store.school.get("retention") or {}
    return [key for key in ("pupils", *KINDS) if key not in policy]
