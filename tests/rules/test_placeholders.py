"""Placeholders are not answers (issue 16): 'needs_considered' says something, and a referral's contact is a
person with a number or address that reaches them. Real names pass, matched whole word."""

from __future__ import annotations

import pytest
from tests.conftest import REPO
from tests.rules.tiny_school import tiny  # noqa: F401 - a fixture

from pastoral.rules.placeholders import NON_ANSWERS, NOT_A_PERSON

ASSIGNMENT = "assignments/p0042-1.yml"
SESSION = "sessions/2026-27/2026-10-05-p0042.yml"
GOOD_NOTE = "The tutor speaks Igbo; a buddy in 8OA for the first half-term."


def with_needs(tiny, note: str | None = GOOD_NOTE, needs: tuple[str, ...] = ("eal",)) -> None:
    tiny.records["pupils/p0042.yml"]["needs"] = list(needs)
    if note is not None:
        tiny.records[ASSIGNMENT]["needs_considered"] = note


@pytest.mark.parametrize("note", ["n/a", "N/A", "-", "none", "None.", "yes", "Yes", "tbc", "see file", "See the file",
                                  "Considered", "n/a - see notes", "x"])
def test_needs_considered_a_placeholder_is_no_answer(tiny, pastoral, note):
    with_needs(tiny, note)
    code, findings = tiny.check(pastoral)
    [finding] = [f for f in findings if f["rule"] == "needs-considered"]
    assert code == 1
    assert (finding["file"], finding["line"], finding["severity"], finding["subject"]) == \
        (f"records/{ASSIGNMENT}", 7, "error", "p0042")
    assert finding["message"].startswith(f"needs_considered says only '{note}' (")
    assert finding["message"].endswith("it does not say how p0042's needs were considered in choosing the tutor")
    assert finding["hint"].startswith("write, in at least 3 words of your own, how the tutor suits the pupil's needs")


def test_needs_considered_the_message_names_the_refused_words(tiny, pastoral):
    with_needs(tiny, "N/A")
    [finding] = tiny.findings(pastoral, "needs-considered")
    assert finding["message"] == ("needs_considered says only 'N/A' ('n/a' is not an answer): it does not say how "
                                  "p0042's needs were considered in choosing the tutor")
    with_needs(tiny, "Tutor aware")
    [finding] = tiny.findings(pastoral, "needs-considered")
    assert finding["message"].startswith("needs_considered says only 'Tutor aware' (2 words cannot say how)")


@pytest.mark.parametrize("note", [GOOD_NOTE, "Tutor speaks Polish.", "Yes: the tutor is SENCO-trained and reads with "
                                  "him weekly", "No change needed: tutor already uses visual timetables"])
def test_needs_considered_a_real_answer_passes(tiny, pastoral, note):
    with_needs(tiny, note)
    assert tiny.findings(pastoral, "needs-considered") == []


def test_needs_considered_the_school_sets_the_words_and_adds_refused_ones(tiny, pastoral):
    with_needs(tiny, "Discussed with the SENCO")
    assert tiny.findings(pastoral, "needs-considered") == []
    tiny.records["school.yml"]["policy"] = {"refused_answers": ["discussed", "with the senco"]}
    [finding] = tiny.findings(pastoral, "needs-considered")
    assert "('discussed' and 'with the senco' are not an answer)" in finding["message"]
    tiny.records["school.yml"]["policy"] = {"needs_considered_min_words": 8}
    [finding] = tiny.findings(pastoral, "needs-considered")
    assert finding["hint"].startswith("write, in at least 8 words of your own")


def test_needs_considered_a_pupil_without_needs_needs_no_note(tiny, pastoral):
    tiny.records[ASSIGNMENT]["needs_considered"] = "n/a"
    assert tiny.findings(pastoral, "needs-considered") == []


def test_needs_considered_needs_that_change_after_the_tutor_was_chosen(tiny, pastoral):
    """Para 135: 'if there is a change in the pupil's needs'. The choice recorded EAL; an EHC plan came later."""
    with_needs(tiny, needs=("ehcp", "eal"))
    tiny.records[ASSIGNMENT]["needs_considered_for"] = ["eal"]
    code, findings = tiny.check(pastoral)
    [finding] = [f for f in findings if f["rule"] == "needs-considered"]
    assert code == 1
    assert (finding["file"], finding["line"], finding["severity"]) == (f"records/{ASSIGNMENT}", 9, "error")  # the list under the key
    assert finding["message"] == ("p0042's needs have changed since this tutor was chosen: ehcp is recorded now, but "
                                  "the choice considered eal")
    assert "add ehcp to 'needs_considered_for'" in finding["hint"]
    assert "reason: needs changed" in finding["hint"]
    tiny.records[ASSIGNMENT]["needs_considered_for"] = ["eal", "ehcp"]
    assert tiny.findings(pastoral, "needs-considered") == []


def test_needs_considered_needs_recorded_after_a_choice_that_considered_none(tiny, pastoral):
    with_needs(tiny, needs=("sen-support",))
    tiny.records[ASSIGNMENT]["needs_considered_for"] = []
    [finding] = tiny.findings(pastoral, "needs-considered")
    assert finding["message"].endswith("sen-support is recorded now, but the choice considered none")


def test_needs_considered_without_the_list_the_note_is_read_as_covering_the_needs_now(tiny, pastoral):
    with_needs(tiny, needs=("ehcp", "eal"))
    assert tiny.findings(pastoral, "needs-considered") == []


def referrals(contact: dict) -> list[dict]:
    return [{"service": "School nurse", "contact": {"name": "Mrs Ada Obi", "phone": "01632 960100"}},
            {"service": "Careers adviser", "contact": contact}]


@pytest.mark.parametrize("contact, problem", [
    ({"name": "Mr Tom Hale", "phone": "---"}, "gives the phone '---', which is not a phone number"),
    ({"name": "Mr Tom Hale", "phone": "000"}, "gives the phone '000', which is not a valid phone number"),
    ({"name": "Mr Tom Hale", "phone": "999"}, "gives the phone '999', which is an emergency number"),
    ({"name": "Reception desk", "phone": "0161 496 0000"}, "names no person ('Reception desk')"),
    ({"name": "See the leaflet", "email": "t.hale@careers.example"}, "names no person ('See the leaflet')"),
    ({"name": "Careers website", "email": "t.hale@careers.example"}, "names no person ('Careers website')"),
    ({"name": "Careers adviser", "email": "t.hale@careers.example"}, "names a role, not a person ('Careers adviser')"),
    ({"name": "The school nurse", "email": "t.hale@careers.example"},
     "names a role, not a person ('The school nurse')"),
    ({"name": "Mr Tom Hale", "email": "noreply@example.com"},
     "gives the email 'noreply@example.com', which is an address that no one reads"),
    ({"name": "Mr Tom Hale", "email": "tom.hale@example.org"},
     "gives the email 'tom.hale@example.org', which is a made-up address"),
])
def test_referral_contact_a_placeholder_is_not_a_contact(tiny, pastoral, contact, problem):
    tiny.records[SESSION]["referrals"] = referrals(contact)
    code, findings = tiny.check(pastoral)
    [finding] = [f for f in findings if f["rule"] == "referral-contact"]
    assert code == 1
    assert (finding["file"], finding["line"], finding["severity"], finding["subject"]) == \
        (f"records/{SESSION}", 18, "error", "p0042")
    assert finding["message"] == f"the referral to Careers adviser {problem}"
    assert finding["hint"].startswith("give the contact's name and their email or phone number")


@pytest.mark.parametrize("contact", [
    {"name": "Dr Na-Young Kim", "phone": "0161 496 0000"},
    {"name": "Ms Na Li", "email": "na.li@careers.example"},
    {"name": "Mr Tom Hale", "phone": "+33 1 42 68 53 00"},
    {"name": "Mr Tom Hale", "phone": "07911 123456"},
    {"name": "Mr Tom Hale", "phone": "(01632) 960 123"},
    {"name": "Mr Tom Hale", "phone": "07700 900123"},
    {"name": "Mr Tom Hale", "email": "t.hale@careers.example"},
    {"name": "Mr Tom Hale", "email": "t.hale@careerslink.org.uk", "phone": "0300 123 3393"},
    {"name": "Mrs Siân O'Neill", "phone": "116 123"},
])
def test_referral_contact_real_names_and_numbers_pass(tiny, pastoral, contact):
    tiny.records[SESSION]["referrals"] = referrals(contact)
    assert tiny.findings(pastoral, "referral-contact") == []


def test_referral_contact_the_school_adds_words_that_name_no_person(tiny, pastoral):
    tiny.records[SESSION]["referrals"] = referrals({"name": "Pastoral Hub", "phone": "0161 496 0000"})
    assert tiny.findings(pastoral, "referral-contact") == []
    tiny.records["school.yml"]["policy"] = {"refused_contacts": ["pastoral hub"]}
    [finding] = tiny.findings(pastoral, "referral-contact")
    assert finding["message"] == "the referral to Careers adviser names no person ('Pastoral Hub')"


def test_the_readme_lists_every_built_in_refused_word():
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert "the refused ones: " + ", ".join(NON_ANSWERS) + "." in readme
    assert "it contains none of " + ", ".join(NOT_A_PERSON) + ";" in readme
