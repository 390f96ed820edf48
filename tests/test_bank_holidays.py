"""Bank holidays in England and Wales, as GOV.UK lists them, and the subject access deadline that skips them."""

from __future__ import annotations

from datetime import date

import pytest

from pastoral.core.bank_holidays import bank_holidays, easter_sunday
from pastoral.core.periods import one_calendar_month

GOV_UK = {  # https://www.gov.uk/bank-holidays, England and Wales
    2020: ["01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"],
    2021: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
    2022: ["01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26", "12-27"],
    2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
    2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
    2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
    2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
}


@pytest.mark.parametrize("year", sorted(GOV_UK))
def test_the_bank_holidays_are_those_gov_uk_lists(year):
    assert sorted(bank_holidays(year)) == [date.fromisoformat(f"{year}-{day}") for day in GOV_UK[year]]


@pytest.mark.parametrize(("year", "easter"), [(2019, "04-21"), (2024, "03-31"), (2038, "04-25"), (2285, "03-22"),
                                              (1943, "04-25"), (2000, "04-23"), (2100, "03-28")])
def test_easter_falls_where_the_tables_put_it(year, easter):
    assert easter_sunday(year) == date.fromisoformat(f"{year}-{easter}")


@pytest.mark.parametrize(("received", "due"), [
    ("2026-03-06", "2026-04-07"),  # 6 April is Easter Monday
    ("2026-11-26", "2026-12-29"),  # 26 December a Saturday, 28 December Boxing Day's holiday
    ("2026-07-31", "2026-09-01"),  # 31 August, the summer bank holiday
    ("2026-12-01", "2027-01-04"),  # 1 January 2027, then a weekend
    ("2026-04-04", "2026-05-05"),  # 4 May, the early May bank holiday
    ("2026-11-03", "2026-12-03"),  # a Thursday: nothing to skip
])
def test_a_subject_access_request_falling_due_on_a_bank_holiday_is_due_the_next_working_day(received, due):
    assert one_calendar_month(date.fromisoformat(received)) == date.fromisoformat(due)
