"""``pastoral check --format issue``: the nightly reminder, one GitHub issue text per House.

What is overdue, by pupil id with links to the records, under each tutor mentioned by their
GitHub user name; never a pupil's name or needs; a closing text when nothing is overdue.
"""

from __future__ import annotations

import json
import re

import pytest
from tests.rules.tiny_school import AS_OF, tiny  # noqa: F401 - tiny is a fixture

from pastoral.reporters import issue

LATE = "2027-04-10"
"""After Spring 2: p0042's second meeting (due 26 March) and the review of their target (due 18 December) are overdue."""


@pytest.fixture(autouse=True)
def outside_actions(monkeypatch):
    """Tests run in CI too: links are worked out from these, so start without them."""
    for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"):
        monkeypatch.delenv(name, raising=False)


def reminders(pastoral, tiny, as_of: str) -> tuple[int, list[dict]]:
    code, out, err = pastoral("check", "--records", str(tiny.write()), "--as-of", as_of, "--format", "issue")
    assert err == ""
    return code, json.loads(out)


def test_with_nothing_overdue_each_house_gets_a_closing_text(tiny, pastoral):
    code, found = reminders(pastoral, tiny, AS_OF)
    assert code == 0
    assert found == [{"house": "Oak House", "title": "Overdue in Oak House (pastoral nightly reminder)", "overdue": 0,
                      "body": "Nothing is overdue in this House any more, so the nightly check closes this issue."}]


def test_a_house_with_nobody_in_it_still_gets_its_closing_text(tiny, pastoral):
    """A House emptied of pupils and staff (merged into another, say) has its old issue closed, not left open."""
    tiny.records["houses/elm.yml"] = {"id": "elm", "name": "Elm House", "head_of_house": "hoh", "tutor_room": "Room E1"}
    _, found = reminders(pastoral, tiny, AS_OF)
    assert [(item["house"], item["overdue"]) for item in found] == [("Elm House", 0), ("Oak House", 0)]


def test_overdue_sessions_are_listed_by_pupil_id_under_the_tutor_mentioned_by_github_name(tiny, pastoral, monkeypatch):
    tiny.records["staff/tut.yml"]["github"] = "tut-on-github"
    tiny.records["pupils/p0042.yml"]["needs"] = ["sen-support"]
    tiny.records["assignments/p0042-1.yml"]["needs_considered"] = "Dyslexia: a tutor trained in reading support"
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "tiny-school/records")
    monkeypatch.setenv("GITHUB_SHA", "0123abc")
    code, [oak] = reminders(pastoral, tiny, LATE)

    assert code == 0  # overdue work is a reminder, never an error
    assert oak["title"] == "Overdue in Oak House (pastoral nightly reminder)" and oak["overdue"] == 1
    body = oak["body"]
    assert "- @tut-on-github: 1 pupil" in body and "### @tut-on-github" in body
    line = next(line for line in body.splitlines() if line.startswith("- **p0042**"))
    assert line.startswith("- **p0042**: sessions overdue; targets not reviewed (1)")
    assert "(https://github.com/tiny-school/records/blob/0123abc/records/pupils/p0042.yml)" in line
    assert "(https://github.com/tiny-school/records/blob/0123abc/records/sessions/2026-27/2026-10-05-p0042.yml)" in line
    assert "Amara" not in body and "Okafor" not in body  # no names
    assert not re.search(r"sen-support|dyslexia|reading support", body.lower())  # no needs
    assert "Hand in every homework" not in body  # targets' words stay on the intranet


def test_a_pupil_with_no_tutor_goes_to_the_head_of_house_and_a_tutor_with_no_github_name_is_named(tiny, pastoral):
    tiny.records["pupils/p0043.yml"] = dict(tiny.records["pupils/p0042.yml"], id="p0043", joined_on="2026-09-03")
    _, [oak] = reminders(pastoral, tiny, LATE)
    assert oak["overdue"] == 2
    assert "### tut (no GitHub user name in their staff record)" in oak["body"]
    assert "### No named tutor (for the Head of House)" in oak["body"]
    assert "- **p0043**: no named tutor" in oak["body"]
    assert oak["body"].index("### tut") < oak["body"].index("### No named tutor")  # tutors first


def test_house_names_reach_only_the_title_on_one_line(tiny, pastoral):
    tiny.records["houses/oak.yml"]["name"] = "Oak @everyone [click](https://example.com)\nline two"
    _, [oak] = reminders(pastoral, tiny, LATE)
    assert oak["title"] == "Overdue in Oak @everyone [click](https://example.com)\\nline two (pastoral nightly reminder)"
    assert "@everyone" not in oak["body"] and "example.com" not in oak["body"]


def test_record_text_in_the_body_can_neither_mention_nor_link_nor_format():
    text = issue._text("p1 @team [x](https://example.com) *bold* <b>\nnext")
    assert "@team" not in text and "](" not in text and "*bold*" not in text and "<b>" not in text
    assert "\n" not in text


def test_a_long_list_stops_under_githubs_limit_and_says_how_many_are_left(tiny, pastoral):
    for number in range(1000, 2400):
        tiny.records[f"pupils/p{number}.yml"] = dict(tiny.records["pupils/p0042.yml"], id=f"p{number}")
    _, [oak] = reminders(pastoral, tiny, LATE)
    assert oak["overdue"] == 1401
    assert len(oak["body"]) < 65_536
    shown = sum(line.startswith("- **p") for line in oak["body"].splitlines())
    assert oak["body"].endswith(f"…and {1401 - shown} more: see the House page on the intranet.")
    assert "- No named tutor (for the Head of House): 1400 pupils" in oak["body"]  # every tutor still mentioned
