"""Schedule rules: what falls due with time. They warn and never block, and say what was due by when."""

from __future__ import annotations

from tests.rules.tiny_school import session, tiny  # noqa: F401 - tiny is a fixture

SESSION = "sessions/2026-27/2026-10-05-p0042.yml"


def test_meetings_per_year_says_which_meeting_was_due_by_when(tiny, pastoral):
    assert tiny.findings(pastoral, "meetings-per-year", as_of="2027-03-26") == []
    code, findings = tiny.check(pastoral, as_of="2027-03-29")
    [finding] = [f for f in findings if f["rule"] == "meetings-per-year"]
    assert code == 0 and (finding["severity"], finding["file"], finding["subject"]) == \
        ("warning", "records/pupils/p0042.yml", "p0042")
    assert finding["message"] == "p0042 has had 1 of 3 sessions this year; the second was due by 2027-03-26"


def test_meetings_per_year_the_first_meeting(tiny, pastoral):
    del tiny.records[SESSION]
    assert tiny.findings(pastoral, "meetings-per-year", as_of="2026-12-18") == []
    [finding] = tiny.findings(pastoral, "meetings-per-year", as_of="2026-12-19")
    assert finding["message"] == "p0042 has had 0 of 3 sessions this year; the first was due by 2026-12-18"


def test_meetings_per_year_without_the_years_calendar(tiny, pastoral):
    [finding] = tiny.findings(pastoral, "meetings-per-year", as_of="2027-09-10")
    assert finding["file"] == "records/school.yml"
    assert finding["message"] == "school.yml publishes no half-terms for 2027-28, so no meeting can be scheduled"


def test_half_termly_targets(tiny, pastoral):
    tiny.records[SESSION]["targets"] = []
    [finding] = tiny.findings(pastoral, "half-termly-targets")
    assert (finding["severity"], finding["subject"]) == ("warning", "p0042")
    assert finding["message"] == "p0042 has no targets or target reviews recorded in Autumn 1 2026-27 " \
                                 "(2026-09-03 to 2026-10-23)"
    tiny.records[SESSION]["reviews"] = [{"target": "2025-06-10-p0042#t1", "outcome": "met"}]
    tiny.records["sessions/2025-26/2025-06-10-p0042.yml"] = session("2025-06-10", targets=[{"id": "t1", "text": "Read"}])
    assert tiny.findings(pastoral, "half-termly-targets") == []


def test_half_termly_targets_not_for_a_pupil_who_joined_during_the_half_term(tiny, pastoral):
    del tiny.records[SESSION]
    tiny.records["pupils/p0042.yml"]["joined_on"] = "2026-09-04"
    assert tiny.findings(pastoral, "half-termly-targets") == []


def test_targets_reviewed_by_the_review_date(tiny, pastoral):
    target = tiny.records[SESSION]["targets"][0]
    target["review_by"] = "2026-11-20"
    assert tiny.findings(pastoral, "targets-reviewed") == []
    target["review_by"] = "2026-11-19"
    [finding] = tiny.findings(pastoral, "targets-reviewed")
    assert (finding["file"], finding["line"], finding["severity"]) == (f"records/{SESSION}", 8, "warning")
    assert finding["message"] == "target 2026-10-05-p0042#t1, set on 2026-10-05, has not been reviewed: " \
                                 "it was due for review by 2026-11-19"
    tiny.records["sessions/2026-27/2026-11-16-p0042.yml"] = session(
        "2026-11-16", reviews=[{"target": "2026-10-05-p0042#t1", "outcome": "partly-met"}])
    assert tiny.findings(pastoral, "targets-reviewed") == []


def test_targets_reviewed_without_a_date_at_the_next_session(tiny, pastoral):
    del tiny.records[SESSION]["targets"][0]["review_by"]
    assert tiny.findings(pastoral, "targets-reviewed") == []
    tiny.records["sessions/2026-27/2026-11-16-p0042.yml"] = session("2026-11-16")
    [finding] = tiny.findings(pastoral, "targets-reviewed")
    assert finding["message"].endswith("the next session, 2026-11-16-p0042, did not review it")


def test_planner_signed_within_the_schools_days(tiny, pastoral):
    tiny.records[SESSION]["planner_signed_on"] = "2026-10-19"
    assert tiny.findings(pastoral, "planner-signed") == []
    tiny.records[SESSION]["planner_signed_on"] = "2026-10-20"
    [finding] = tiny.findings(pastoral, "planner-signed")
    assert finding["message"] == "the planner for the session of 2026-10-05 was signed on 2026-10-20, " \
                                 "1 days after the 14 days allowed"
    del tiny.records[SESSION]["planner_signed_on"]
    [finding] = tiny.findings(pastoral, "planner-signed")
    assert (finding["severity"], finding["subject"], finding["line"]) == ("warning", "p0042", 4)
    assert finding["message"] == "no parent or carer has signed the planner for the session of 2026-10-05 " \
                                 "(due by 2026-10-19)"


def test_planner_signed_not_yet_due(tiny, pastoral):
    tiny.records["sessions/2026-27/2026-11-10-p0042.yml"] = session("2026-11-10")
    del tiny.records["sessions/2026-27/2026-11-10-p0042.yml"]["planner_signed_on"]
    assert tiny.findings(pastoral, "planner-signed") == []


def test_annual_review_for_each_finished_year(tiny, pastoral):
    del tiny.records["reviews/2025-26.yml"]
    [finding] = tiny.findings(pastoral, "annual-review")
    assert (finding["file"], finding["line"], finding["severity"]) == ("records/school.yml", 4, "warning")
    assert finding["message"] == "the programme has no annual review for 2025-26, which ended on 2026-07-21"
    tiny.records["reviews/2025-26.yml"] = {"id": "2025-26", "completed_on": "2026-07-15", "reviewed_by": ["hoh"],
                                           "summary": "Done."}
    assert tiny.findings(pastoral, "annual-review") == []


def test_half_termly_targets_a_session_before_the_first_day_of_term_counts_for_the_first_half_term(tiny, pastoral):
    """The issue's case: a session on 1 September, before Autumn 1 starts on the 3rd."""
    tiny.records["sessions/2026-27/2026-09-01-p0042.yml"] = tiny.records.pop(SESSION)
    tiny.records["sessions/2026-27/2026-09-01-p0042.yml"].update(id="2026-09-01-p0042", date="2026-09-01",
                                                                  planner_signed_on="2026-09-01")
    assert tiny.findings(pastoral, "half-termly-targets") == []
