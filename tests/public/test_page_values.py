"""What the parents' pages say about the school's policy, in words, from school.yml alone."""

from __future__ import annotations

import pytest

from pastoral.site.public import page_values, years_in_words


@pytest.mark.parametrize("years, words", [
    ([7, 8, 9, 10, 11], "Years 7 to 11"),
    ([12, 13], "Years 12 and 13"),
    ([9], "Year 9"),
    ([7, 8, 9, 12, 13], "Years 7 to 9 and 12 and 13"),
    ([7, 9, 11], "Years 7, 9 and 11"),
    ([], ""),
])
def test_year_groups_are_said_as_a_person_would(years, words):
    assert years_in_words(years) == words


def test_a_policy_of_meetings_for_every_key_stage_leaves_no_other_years():
    values = page_values({"policy": {"meetings_per_year": 1, "meeting_key_stages": ["KS3", "KS4", "KS5"]},
                          "contacts": [{"role": "Office", "phone": "01632 960100"}]})
    assert values["meetings_sentence"] == ("Pupils in Years 7 to 13 (Key Stages 3, 4 and 5) have a one-to-one "
                                           "mentoring session with their tutor once a year.")
    assert values["other_years"] == "" and values["spread"] == "about one every 39 weeks"
    assert values["lead"]["role"] == "Office"  # no contact has a name: the first one signs


def test_a_school_yml_too_broken_to_load_still_gives_every_value():
    """On the intranet a broken school.yml is a finding on the status pages, not a crash of the build."""
    values = page_values({})
    assert values["school"]["name"] == "the school" and values["lead"] is None
    assert values["lead_role"] == "Student Support Programme lead" and values["term"] == "Academic year"
