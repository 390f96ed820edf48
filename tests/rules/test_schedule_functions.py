"""pastoral.core.schedule: when meetings fall due, where a pupil stands, and what a half-term recorded.

The status pages and the schedule rules both read these, so they are tested on their own.
"""

from __future__ import annotations

from datetime import date

from tests.rules.tiny_school import session, tiny  # noqa: F401 - tiny is a fixture

from pastoral.checking.checker import check_workspace
from pastoral.core.schedule import current_half_term, half_term_status, meeting_half_terms, pupil_schedule
from pastoral.core.workspace import Workspace


def context(tiny, as_of: str = "2026-11-20"):
    return check_workspace(Workspace.at(tiny.write()), date.fromisoformat(as_of)).context


def due_dates(index, academic_year: str) -> list[date]:
    """When each of the year's meetings is due, for a pupil on roll all year."""
    return [half.ends for half in meeting_half_terms(index, academic_year)]


def test_three_meetings_a_year_fall_due_at_the_end_of_each_term(tiny):
    assert due_dates(context(tiny), "2026-27") == [date(2026, 12, 18), date(2027, 3, 26), date(2027, 7, 21)]


def test_other_numbers_of_meetings_spread_over_the_half_terms(tiny):
    expected = {1: ["2027-07-21"], 2: ["2027-02-12", "2027-07-21"],
                6: ["2026-10-23", "2026-12-18", "2027-02-12", "2027-03-26", "2027-05-28", "2027-07-21"]}
    for meetings, dates in expected.items():
        tiny.records["school.yml"]["policy"] = {"meetings_per_year": meetings}
        assert due_dates(context(tiny), "2026-27") == [date.fromisoformat(d) for d in dates]


def test_a_year_without_published_dates_has_no_due_dates(tiny):
    assert due_dates(context(tiny), "2030-31") == []


def test_a_pupil_on_track(tiny):
    plan = pupil_schedule(context(tiny), "p0042")
    assert (plan.applies, plan.held, plan.required, plan.due_by_now, plan.overdue, plan.next_due) == \
        (True, 1, 3, 0, 0, date(2027, 3, 26))


def test_a_pupil_behind(tiny):
    plan = pupil_schedule(context(tiny, "2027-03-29"), "p0042")
    assert (plan.held, plan.due_by_now, plan.overdue, plan.next_due) == (1, 2, 1, date(2027, 3, 26))


def test_a_pupil_who_joined_during_a_half_term_is_due_only_the_meetings_of_later_half_terms(tiny):
    tiny.records["pupils/p0042.yml"]["joined_on"] = "2026-11-16"
    del tiny.records["sessions/2026-27/2026-10-05-p0042.yml"]
    plan = pupil_schedule(context(tiny), "p0042")
    assert (plan.required, plan.due, plan.next_due) == (2, (date(2027, 3, 26), date(2027, 7, 21)), date(2027, 3, 26))


def test_a_sixth_former_is_not_due_meetings_unless_the_school_says_so(tiny):
    tiny.records["pupils/p0042.yml"]["year"] = 12
    assert (pupil_schedule(context(tiny), "p0042").applies, pupil_schedule(context(tiny), "p0042").required) == (False, 0)
    tiny.records["school.yml"]["policy"] = {"meeting_key_stages": ["KS5"]}
    assert pupil_schedule(context(tiny), "p0042").required == 3


def test_a_session_in_the_holiday_counts_for_the_half_term_before_it(tiny):
    tiny.records["sessions/2026-27/2026-10-28-p0042.yml"] = session("2026-10-28", targets=[{"id": "t1", "text": "Read"}])
    ctx = context(tiny)
    autumn_1, autumn_2 = ctx.calendar.year("2026-27")[:2]
    status = half_term_status(ctx, "p0042", autumn_1)
    assert ([s.id for s in status.sessions], status.targets, status.recorded) == \
        (["2026-10-05-p0042", "2026-10-28-p0042"], 2, True)
    assert half_term_status(ctx, "p0042", autumn_2).recorded is False


def test_the_current_half_term_in_term_and_in_a_holiday(tiny):
    assert current_half_term(context(tiny)).name == "Autumn 2"
    assert current_half_term(context(tiny, "2026-10-28")).name == "Autumn 1"
    assert current_half_term(context(tiny, "2026-08-20")).name == "Summer 2"  # the summer holiday
    assert current_half_term(context(tiny, "2026-09-01")) is None  # a new year, before its first day
