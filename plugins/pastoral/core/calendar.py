"""The school calendar: academic years and their half-terms, from ``school.yml``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from typing import overload


@overload
def day(text: str) -> date: ...
@overload
def day(text: None) -> None: ...


@cache  # records repeat a few hundred dates tens of thousands of times
def day(text: str | None) -> date | None:
    """A record's ISO date (already checked by the schema), or None when the field is absent."""
    return date.fromisoformat(text) if text else None


@cache  # asked for the year of every session's date, by several rules; a school has a handful of years
def academic_year_label(start: int) -> str:
    """The academic year that starts in September of ``start``, as the records write it: 2026 -> '2026-27'."""
    return f"{start}-{(start + 1) % 100:02d}"


@dataclass(frozen=True)
class HalfTerm:
    academic_year: str
    name: str
    term: str
    starts: date
    ends: date

    def __contains__(self, day: date) -> bool:
        return self.starts <= day <= self.ends


@dataclass(frozen=True)
class Calendar:
    half_terms: tuple[HalfTerm, ...]
    """Every half-term of every academic year the school published, in date order."""

    @classmethod
    def from_school(cls, school: dict) -> Calendar:
        half_terms = [
            HalfTerm(year["academic_year"], half["name"], half["term"],
                     date.fromisoformat(half["starts"]), date.fromisoformat(half["ends"]))
            for year in school.get("calendar") or []
            for half in year["half_terms"]
        ]
        return cls(tuple(sorted(half_terms, key=lambda h: h.starts)))

    def academic_year_of(self, day: date) -> str:
        """The academic year a day falls in (September to August), e.g. '2026-27'."""
        return academic_year_label(day.year if day.month >= 9 else day.year - 1)

    def year(self, academic_year: str) -> tuple[HalfTerm, ...]:
        return self._by_year.get(academic_year, ())

    @cached_property
    def _by_year(self) -> dict[str, tuple[HalfTerm, ...]]:
        """Half-terms by academic year: schedule rules ask for a year a few times per pupil."""
        by_year: dict[str, list[HalfTerm]] = {}
        for half_term in self.half_terms:
            by_year.setdefault(half_term.academic_year, []).append(half_term)
        return {year: tuple(half_terms) for year, half_terms in by_year.items()}

    def half_term_covering(self, day: date) -> HalfTerm | None:
        """The half-term a day belongs to for record keeping: the one it falls in or, in a holiday,
        the one just before it in the same academic year (work done in the break still counts)."""
        if day not in self._covering:
            earlier = [h for h in self.year(self.academic_year_of(day)) if h.starts <= day]
            self._covering[day] = earlier[-1] if earlier else None
        return self._covering[day]

    @cached_property
    def _covering(self) -> dict[date, HalfTerm | None]:
        """Day -> ``half_term_covering(day)``, as worked out so far: the schedule rules ask for every session's
        date once per half-term, and a school's sessions share a few hundred dates."""
        return {}
