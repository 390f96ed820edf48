"""``sar-deadline``: a subject access request is answered within one calendar month, holidays included."""

from __future__ import annotations

from tests.rules.tiny_school import tiny  # noqa: F401 - a fixture

REQUEST = "subject-access-requests/2026-11-03-p0042.yml"


def request(**fields) -> dict:
    return {"id": "2026-11-03-p0042", "subject": "p0042", "requested_by": "the pupil's mother",
            "received_on": "2026-11-03", **fields}


def test_a_request_with_more_than_a_week_left_is_not_reported(tiny, pastoral):
    tiny.records[REQUEST] = request()
    assert tiny.findings(pastoral, "sar-deadline", as_of="2026-11-25") == []


def test_a_week_before_the_deadline_the_school_is_warned(tiny, pastoral):
    tiny.records[REQUEST] = request()
    [finding] = tiny.findings(pastoral, "sar-deadline", as_of="2026-11-26")
    assert finding["severity"] == "warning" and finding["subject"] == "p0042"
    assert finding["message"] == ("the subject access request of p0042, received on 2026-11-03, must be answered "
                                  "by 2026-12-03 (7 days left)")


def test_an_overdue_request_is_reported_until_answered(tiny, pastoral):
    tiny.records[REQUEST] = request()
    [finding] = tiny.findings(pastoral, "sar-deadline", as_of="2026-12-10")
    assert finding["message"] == ("the subject access request of p0042, received on 2026-11-03, was due by "
                                  "2026-12-03: 7 days overdue")
    assert tiny.check(pastoral, as_of="2026-12-10")[0] == 0  # time passing never blocks a change
    tiny.records[REQUEST] = request(answered_on="2026-12-01")
    assert tiny.findings(pastoral, "sar-deadline", as_of="2026-12-10") == []


def test_an_extension_moves_the_deadline(tiny, pastoral):
    tiny.records[REQUEST] = request(extended_to="2027-02-03")
    assert tiny.findings(pastoral, "sar-deadline", as_of="2026-12-10") == []


def test_a_late_answer_stays_on_record(tiny, pastoral):
    tiny.records[REQUEST] = request(answered_on="2026-12-08")
    [finding] = tiny.findings(pastoral, "sar-deadline", as_of="2026-12-10")
    assert finding["message"] == ("the subject access request of p0042, received on 2026-11-03, was answered on "
                                  "2026-12-08, 5 days after the deadline of 2026-12-03")
