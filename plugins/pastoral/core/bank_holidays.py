"""Bank holidays in England and Wales, worked out for any year, so that a deadline can skip them.

The ICO counts a month to answer a subject access request to the same date next month, and "if the
corresponding date falls on a weekend or a public holiday, you have until the next working day".
The holidays follow fixed rules (the Banking and Financial Dealings Act 1971 and the proclamations
made under it each year): New Year's Day, Good Friday, Easter Monday, the first and last Mondays of
May, the last Monday of August, Christmas Day and Boxing Day, a holiday that falls at a weekend
moving to the next weekday that is not one already. A few years moved or added a day by
proclamation; those are listed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import cache

PROCLAIMED: dict[int, tuple[tuple[date, ...], tuple[date, ...]]] = {
    2020: ((date(2020, 5, 4),), (date(2020, 5, 8),)),  # the early May holiday moved to VE Day's 75th anniversary
    2022: ((date(2022, 5, 30),), (date(2022, 6, 2), date(2022, 6, 3),  # the Platinum Jubilee
                                  date(2022, 9, 19))),  # the State Funeral of Queen Elizabeth II
    2023: ((), (date(2023, 5, 8),)),  # the Coronation of King Charles III
}
"""Year -> (the usual holidays moved away, the days proclaimed instead or as well)."""


def is_bank_holiday(day: date) -> bool:
    return day in bank_holidays(day.year)


def working_day_from(day: date) -> date:
    """``day``, or the next day after it that is neither a weekend nor a bank holiday."""
    return _weekday_from(day, is_bank_holiday)


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """Every bank holiday in England and Wales in ``year``."""
    easter = easter_sunday(year)
    days = [_weekday_from(date(year, 1, 1)), easter - timedelta(days=2), easter + timedelta(days=1),
            _first_monday(year, 5), _last_monday(year, 5), _last_monday(year, 8)]
    for christmas in (date(year, 12, 25), date(year, 12, 26)):  # Christmas Day, then Boxing Day
        days.append(_weekday_from(christmas, days.__contains__))
    moved, proclaimed = PROCLAIMED.get(year, ((), ()))
    return frozenset(day for day in days if day not in moved) | frozenset(proclaimed)


def easter_sunday(year: int) -> date:
    """Easter Day in the Gregorian calendar (the anonymous algorithm of Nature, 1876)."""
    golden = year % 19
    century, of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    moon = (century - (century + 8) // 25 + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon + 15) % 30
    leap_years, year_rest = divmod(of_century, 4)
    weekday = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return date(year, month, day + 1)


def _weekday_from(day: date, taken: Callable[[date], bool] = lambda day: False) -> date:
    """``day``, or the next day after it that is neither a weekend nor ``taken``."""
    while day.weekday() >= 5 or taken(day):
        day += timedelta(days=1)
    return day


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=last.weekday())
