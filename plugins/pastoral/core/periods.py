"""Periods in calendar months and years, as data protection law and the IRMS toolkit count them."""

from __future__ import annotations

import calendar
from datetime import date

from pastoral.core.bank_holidays import working_day_from

WARN_DAYS_BEFORE_DEADLINE = 7
"""How early the ``sar-deadline`` rule starts warning that an answer falls due."""


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when it has no such day (31 January + 1 month =
    28 or 29 February, 29 February + 12 months = 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def one_calendar_month(received: date) -> date:
    """The day a subject access request must be answered by (ICO guidance): the same date next month, or
    that month's last day; a weekend or a bank holiday (England and Wales) moves it to the next working day."""
    return working_day_from(add_months(received, 1))
